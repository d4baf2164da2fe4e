/** pjsip-duplicate-object: the documented trees, with the exact findings. */
import rule from "../../src/rules/pjsip-duplicate-object.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("pjsip-duplicate-object");

testRule(rule, {
  valid: [...valid, { name: "[global] by name and no other global", tree: { "etc/asterisk/pjsip.conf": "[global]\nuser_agent = PBX\n\n[6001]\ntype = aor\n" } }],
  invalid: [
    { ...incorrect[0]!, errors: [{ file: "etc/asterisk/pjsip.conf", line: 6, column: 1, severity: "error", message: "duplicate object" }] },
    { ...incorrect[1]!, errors: [{ file: "etc/asterisk/pjsip.conf", line: 5, column: 1, severity: "error", message: "a second global section ([global-settings])" }] },
    {
      name: "an explicit-name [global] and a type=global section",
      tree: { "etc/asterisk/pjsip.conf": "[global]\nuser_agent = PBX\n\n[settings]\ntype = global\nmax_forwards = 20\n" },
      errors: [{ file: "etc/asterisk/pjsip.conf", line: 4, severity: "error", message: "a second global section ([settings])" }],
    },
  ],
});
