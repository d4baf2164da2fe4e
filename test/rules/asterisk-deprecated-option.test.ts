/** asterisk-deprecated-option: the documented trees, with the exact findings. */
import rule from "../../src/rules/asterisk-deprecated-option.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("asterisk-deprecated-option");
const LOGGER = { "etc/asterisk/logger.conf": "[general]\nrotatetimestamp = yes\n" };

testRule(rule, {
  valid: [...valid, { name: "rotatetimestamp at 23 is removed, not deprecated", tree: LOGGER, options: { asteriskVersion: 23 } }],
  invalid: [
    { ...incorrect[0]!, errors: [{ file: "etc/asterisk/pjsip.conf", line: 4, column: 1, severity: "warning", message: "use incoming_call_offer_pref" }] },
    { name: "rotatetimestamp at 22", tree: LOGGER, options: { asteriskVersion: 22 }, errors: [{ file: "etc/asterisk/logger.conf", line: 2, message: "use rotatestrategy = timestamp" }] },
  ],
});
