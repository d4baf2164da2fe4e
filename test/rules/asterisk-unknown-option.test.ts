/** asterisk-unknown-option: the documented trees and the version cases, with the exact findings. */
import rule from "../../src/rules/asterisk-unknown-option.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("asterisk-unknown-option");
const FEATURES = { "etc/asterisk/features.conf": "[featuremap]\nblindxfer = #1\nautomon = *1\n" };

testRule(rule, {
  valid: [
    ...valid,
    { name: "automon at a stated 20", tree: FEATURES, options: { asteriskVersion: 20 } },
    { name: "cdr.conf backend sections take their module's keys", tree: { "etc/asterisk/cdr.conf": "[general]\nenable = yes\n\n[csv]\nusegmtime = yes\n" } },
  ],
  invalid: [
    { ...incorrect[0]!, errors: [{ file: "etc/asterisk/pjsip.conf", line: 4, column: 1, severity: "error", message: `unknown option "secret" in [6001] (type=endpoint) of pjsip.conf: Asterisk does not create the endpoint "6001"` }] },
    { ...incorrect[1]!, errors: [{ file: "etc/asterisk/pjsip.conf", line: 4, column: 1, severity: "error", message: `unknown option "dtmfmode"` }] },
    { ...incorrect[2]!, errors: [{ file: "etc/asterisk/http.conf", line: 4, column: 1, severity: "warning", message: "Asterisk logs a WARNING and ignores the line" }] },
    { ...incorrect[3]!, errors: [{ file: "etc/asterisk/asterisk.conf", line: 2, column: 1, severity: "warning", message: "Asterisk ignores the line without a word" }] },
    { name: "automon without a version: an info note naming the majors", tree: FEATURES, errors: [{ file: "etc/asterisk/features.conf", line: 3, severity: "info", message: "Asterisk 18 and 20 have it" }] },
    { name: "automon at a stated 21: removed, the whole file refused", tree: FEATURES, options: { asteriskVersion: 21 }, errors: [{ file: "etc/asterisk/features.conf", line: 3, severity: "error", message: "was removed in Asterisk 21" }] },
    { name: "modules.conf: Asterisk does not start", tree: { "etc/asterisk/modules.conf": "[modules]\nautoload = yes\nunload => chan_sip.so\n" }, errors: [{ file: "etc/asterisk/modules.conf", line: 3, severity: "error", message: "does not start" }] },
  ],
});
