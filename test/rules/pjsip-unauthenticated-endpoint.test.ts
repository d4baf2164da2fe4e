/** pjsip-unauthenticated-endpoint: the documented trees and each way a stranger reaches an endpoint. */
import rule from "../../src/rules/pjsip-unauthenticated-endpoint.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("pjsip-unauthenticated-endpoint");
const P = "etc/asterisk/pjsip.conf";
const T = "[t]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0\n\n";

testRule(rule, {
  valid: [
    ...valid,
    { name: "no transport: nothing listens", tree: { [P]: "[anonymous]\ntype = endpoint\n" } },
    { name: "a loopback transport", tree: { [P]: "[t]\ntype = transport\nbind = 127.0.0.1:5060\n\n[anonymous]\ntype = endpoint\n" } },
    { name: "anonymous taken out of the identifier order", tree: { [P]: "[g]\ntype = global\nendpoint_identifier_order = ip\n\n" + T + "[anonymous]\ntype = endpoint\nidentify_by = ip\n" } },
    { name: "an auth inherited from a template", tree: { [P]: T + "[tpl](!)\ntype = endpoint\nauth = a\n\n[6001](tpl)\n" } },
  ],
  invalid: [
    { ...incorrect[0]!, errors: [{ file: P, line: 6, column: 1, severity: "error", message: "context 'from-external'" }] },
    {
      name: "a match of every IPv6 address",
      tree: { [P]: T + "[gw]\ntype = endpoint\nidentify_by = ip\ncontext = gw\n\n[gw]\ntype = identify\nendpoint = gw\nmatch = ::/0\n" },
      errors: [{ file: P, line: 6, severity: "error", message: "covers every IPv6 address" }],
    },
    {
      name: "identified by auth_username still falls back to the From user",
      tree: { [P]: T + "[6001]\ntype = endpoint\nidentify_by = auth_username\ncontext = internal\n" },
      errors: [{ file: P, line: 6, severity: "warning", message: "by name" }],
    },
  ],
});
