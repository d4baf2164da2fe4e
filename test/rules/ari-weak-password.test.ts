/** ari-weak-password: the documented trees and the password formats, with exact findings. */
import rule from "../../src/rules/ari-weak-password.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("ari-weak-password");
const A = "etc/asterisk/ari.conf";

testRule(rule, {
  valid: [
    ...valid,
    { name: "a crypt hash is not judged", tree: { [A]: "[general]\nenabled = yes\n\n[u]\ntype = user\npassword = $1$ab$x\npassword_format = crypt\n" } },
    { name: "an empty password makes ARI reject the user", tree: { [A]: "[general]\nenabled = yes\n\n[u]\ntype = user\npassword =\n" } },
    { name: "ARI off from 20 without [general]", tree: { [A]: "[u]\ntype = user\npassword = u\n" } },
  ],
  invalid: [
    { ...incorrect[0]!, errors: [{ file: A, line: 6, column: 1, severity: "error", message: "equals the user name" }] },
    {
      name: "at 18 ARI is on without [general]",
      tree: { [A]: "[u]\ntype = user\npassword = u\n" },
      options: { asteriskVersion: 18 },
      errors: [{ file: A, line: 3, message: "equals the user name" }],
    },
  ],
});
