/** pjsip-missing-type: the documented trees and the aco case, with the exact findings. */
import rule from "../../src/rules/pjsip-missing-type.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("pjsip-missing-type");

testRule(rule, {
  valid: [...valid, { name: "a type inherited from a template", tree: { "etc/asterisk/pjsip.conf": "[tpl](!)\ntype = aor\n\n[6001](tpl)\nmax_contacts = 1\n" } }],
  invalid: [
    { ...incorrect[0]!, errors: [{ file: "etc/asterisk/pjsip.conf", line: 1, column: 1, severity: "warning", message: "[6001] in pjsip.conf has no type=" }] },
    { ...incorrect[1]!, errors: [{ file: "etc/asterisk/pjsip.conf", line: 2, column: 8, severity: "warning", message: "type=friend" }] },
    {
      name: "confbridge.conf: a profile without type refuses the file",
      tree: { "etc/asterisk/confbridge.conf": "[general]\n\n[sales]\nmax_members = 5\n" },
      errors: [{ file: "etc/asterisk/confbridge.conf", line: 3, severity: "error", message: "refuses the whole confbridge.conf" }],
    },
    {
      name: "[global] without type holding a key global does not have",
      tree: { "etc/asterisk/pjsip.conf": "[global]\nuser_agent = PBX\ncontext = default\n" },
      errors: [{ file: "etc/asterisk/pjsip.conf", line: 1, severity: "warning", message: `"context" is not` }],
    },
  ],
});
