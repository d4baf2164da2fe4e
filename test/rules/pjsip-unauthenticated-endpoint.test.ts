/** pjsip-unauthenticated-endpoint: the documented trees and each way a stranger reaches an endpoint. */
import rule from "../../src/rules/pjsip-unauthenticated-endpoint.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("pjsip-unauthenticated-endpoint");
const P = "etc/asterisk/pjsip.conf";
const T = "[t]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0\n\n";
const W = "etc/asterisk/pjsip_wizard.conf";

testRule(rule, {
  valid: [
    ...valid,
    { name: "no transport: nothing listens", tree: { [P]: "[anonymous]\ntype = endpoint\n" } },
    { name: "a loopback transport", tree: { [P]: "[t]\ntype = transport\nbind = 127.0.0.1:5060\n\n[anonymous]\ntype = endpoint\n" } },
    { name: "anonymous taken out of the identifier order", tree: { [P]: "[g]\ntype = global\nendpoint_identifier_order = ip\n\n" + T + "[anonymous]\ntype = endpoint\nidentify_by = ip\n" } },
    { name: "an auth inherited from a template", tree: { [P]: T + "[tpl](!)\ntype = endpoint\nauth = a\n\n[6001](tpl)\n" } },
    // res_pjsip_config_wizard (pjsip_wizard.conf): accepts_auth = yes gives the endpoint auth NAME-iauth.
    { name: "a wizard phone that accepts auth", tree: { [P]: T, [W]: "[phone](!)\ntype = wizard\naccepts_registrations = yes\naccepts_auth = yes\n\n[6001](phone)\ninbound_auth/username = 6001\ninbound_auth/password = Xk29-aa-long-secret\n" } },
    { name: "a wizard trunk identified by its provider's address only", tree: { [P]: T, [W]: "[itsp]\ntype = wizard\nremote_hosts = 203.0.113.10:5060\nendpoint/identify_by = ip\n" } },
    { name: "a section whose type is not exactly 'wizard' makes nothing", tree: { [P]: T, [W]: "[6002]\ntype = Wizard\n" } },
    { name: "a wizard template makes nothing", tree: { [P]: T, [W]: "[phone](!)\ntype = wizard\n" } },
    { name: "a wizard without any pjsip.conf (no transport)", tree: { [W]: "[6003]\ntype = wizard\naccepts_registrations = yes\n" } },
    // Review findings, each against res/res_pjsip_config_wizard.c (22.x):
    { name: "a wizard endpoint with endpoint/auth (passed through to the endpoint)", tree: { [P]: T + "[shared]\ntype = auth\nusername = u\npassword = Xk29-aa-long-secret\n", [W]: "[6004]\ntype = wizard\naccepts_registrations = yes\nendpoint/auth = shared\n" } },
    { name: "the last wizard section of a name wins (it updates the objects; accepts_registrations deletes the identify)", tree: { [P]: T, [W]: "[bob]\ntype = wizard\nremote_hosts = 0.0.0.0/0\nendpoint/identify_by = ip\n\n[bob]\ntype = wizard\naccepts_registrations = yes\naccepts_auth = yes\ninbound_auth/username = bob\ninbound_auth/password = Xk29-aa-long-secret\n" } },
    { name: "identify/match without remote_hosts makes no identify ('must have remote_hosts')", tree: { [P]: T, [W]: "[alice]\ntype = wizard\nidentify/match = 0.0.0.0/0\nendpoint/identify_by = ip\n" } },
    { name: "remote_hosts hosts are cut at their first ':' (an IPv6 ::/0 matches nothing)", tree: { [P]: "[t]\ntype = transport\nprotocol = udp\nbind = ::\n\n", [W]: "[gw6]\ntype = wizard\nremote_hosts = ::/0\nendpoint/identify_by = ip\n" } },
    { name: "Endpoint/ with another case is not the endpoint/ prefix (ast_begins_with)", tree: { [P]: T, [W]: "[6005]\ntype = wizard\naccepts_registrations = yes\nendpoint/identify_by = ip\nEndpoint/identify_by = username\n" } },
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
    {
      name: "a wizard phone without accepts_auth: reachable by name",
      tree: { [P]: T, [W]: "[phone](!)\ntype = wizard\naccepts_registrations = yes\nendpoint/context = internal\n\n[6001](phone)\n" },
      errors: [{ file: W, line: 6, column: 1, severity: "warning", message: "PJSIP endpoint [6001] (made by its pjsip_wizard.conf section) has no auth and strangers reach it by name" }],
    },
    {
      name: "a wizard trunk whose remote_hosts covers every address: the identify it makes matches anyone",
      tree: { [P]: T, [W]: "[itsp]\ntype = wizard\nremote_hosts = 0.0.0.0/0\nendpoint/identify_by = ip\n" },
      errors: [{ file: W, line: 1, column: 1, severity: "error", message: "through identify [itsp-identify], whose match covers every IPv4 address" }],
    },
    {
      name: "a wizard's identify also points at pjsip.conf's endpoint of the same name",
      tree: { [P]: T + "[bob]\ntype = endpoint\nidentify_by = ip\ncontext = internal\n", [W]: "[bob]\ntype = wizard\nremote_hosts = 0.0.0.0/0\n" },
      errors: [{ file: P, line: 6, column: 1, severity: "error", message: "through identify [bob-identify], whose match covers every IPv4 address" }],
    },
    {
      name: "a later section of the name without remote_hosts leaves the earlier identify in place",
      tree: { [P]: T, [W]: "[bob]\ntype = wizard\nremote_hosts = 0.0.0.0/0\nendpoint/identify_by = ip\n\n[bob]\ntype = wizard\nendpoint/identify_by = ip\nendpoint/context = internal\n" },
      errors: [{ file: W, line: 6, column: 1, severity: "error", message: "through identify [bob-identify], whose match covers every IPv4 address" }],
    },
    {
      name: "a pjsip.conf identify that names a wizard endpoint",
      tree: { [P]: T + "[carol-id]\ntype = identify\nendpoint = carol\nmatch = 0.0.0.0/0\n", [W]: "[carol]\ntype = wizard\naccepts_registrations = yes\nendpoint/identify_by = ip\n" },
      errors: [{ file: W, line: 1, column: 1, severity: "error", message: "through identify [carol-id], whose match covers every IPv4 address" }],
    },
  ],
});
