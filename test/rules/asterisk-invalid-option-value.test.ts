/** asterisk-invalid-option-value: the documented trees and number/ACL edge cases, with the exact findings. */
import rule from "../../src/rules/asterisk-invalid-option-value.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("asterisk-invalid-option-value");

testRule(rule, {
  valid: [
    ...valid,
    { name: "strtol base 0: hex and octal numbers", tree: { "etc/asterisk/pjsip.conf": "[6001]\ntype = aor\nmax_contacts = 0x2\nqualify_frequency = 010\n" } },
    { name: "named ACLs are names, not addresses", tree: { "etc/asterisk/pjsip.conf": "[6001]\ntype = endpoint\nacl = office\n" } },
  ],
  invalid: [
    { ...incorrect[0]!, errors: [{ file: "etc/asterisk/pjsip.conf", line: 4, column: 21, severity: "error", message: `qualify_frequency = 60s in [6001] (type=aor) of pjsip.conf: "60s" is not a number` }] },
    { ...incorrect[1]!, errors: [{ file: "etc/asterisk/manager.conf", line: 2, column: 11, severity: "warning", message: `reads this as "no"` }] },
    { ...incorrect[2]!, errors: [{ file: "etc/asterisk/pjsip.conf", line: 5, column: 10, severity: "error", message: "255.255.255.300" }] },
    {
      name: "a blank after a comma in permit",
      tree: { "etc/asterisk/manager.conf": "[general]\nenabled = yes\n\n[ops]\nsecret = Xk3v9Qw2\ndeny = 0.0.0.0/0.0.0.0\npermit = 10.0.0.0/8, 192.168.0.0/16\n" },
      errors: [{ file: "etc/asterisk/manager.conf", line: 7, severity: "error", message: "deletes the AMI user [ops]" }],
    },
    {
      name: "an undocumented enumeration value is a warning with did-you-mean",
      tree: { "etc/asterisk/pjsip.conf": "[6001]\ntype = endpoint\ndtmf_mode = rfc2833\n" },
      errors: [{ file: "etc/asterisk/pjsip.conf", line: 3, severity: "warning", message: "Asterisk may reject the object" }],
    },
  ],
});
