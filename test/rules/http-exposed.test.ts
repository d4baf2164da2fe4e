/** http-exposed: the documented trees, ARI on/off, restrictions and per-user ACLs, with exact findings. */
import rule from "../../src/rules/http-exposed.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("http-exposed");
const H = "etc/asterisk/http.conf";
const A = "etc/asterisk/ari.conf";
const http = "[general]\nenabled = yes\nbindaddr = 0.0.0.0\n";
const ari = "[general]\nenabled = yes\n\n[app]\ntype = user\npassword = 0123456789abcdef\n";

testRule(rule, {
  valid: [
    ...valid,
    { name: "HTTP without bindaddr does not start", tree: { [H]: "[general]\nenabled = yes\n", [A]: ari } },
    { name: "ARI without users takes no credentials", tree: { [H]: http, [A]: "[general]\nenabled = yes\n" } },
    { name: "ARI disabled", tree: { [H]: http, [A]: ari.replace("enabled = yes", "enabled = no") } },
    { name: "ARI per-user ACLs (20+) keep strangers out", tree: { [H]: http, [A]: ari + "deny = 0.0.0.0/0\npermit = 192.0.2.0/24\n" } },
  ],
  invalid: [
    { ...incorrect[0]!, errors: [{ file: H, line: 3, column: 1, severity: "warning", message: "serves ARI (user dialer)" }] },
    {
      name: "tlsenable does not close the plain listener",
      tree: { [H]: http + "tlsenable = yes\ntlsbindaddr = 0.0.0.0:8089\n", [A]: ari },
      errors: [{ file: H, line: 3, message: "plain HTTP" }],
    },
    {
      name: "at 18 restriction sections and per-user ACLs do not exist",
      tree: { [H]: http + "\n[/ari]\ntype = restriction\ndeny = 0.0.0.0/0\n", [A]: ari + "deny = 0.0.0.0/0\n" },
      options: { asteriskVersion: 18 },
      errors: [{ file: H, line: 3, message: "ARI" }],
    },
  ],
});
