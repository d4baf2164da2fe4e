/** asterisk-config-unresolved: the documented trees, with the exact findings (line, column, message). */
import asteriskConfigUnresolved from "../../src/rules/asterisk-config-unresolved.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("asterisk-config-unresolved");

testRule(asteriskConfigUnresolved, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk.service", line: 8, column: 11, severity: "info", message: "cannot tell which asterisk.conf asterisk.service reads: -C depends on a variable astlint cannot resolve" },
      ],
    },
  ],
});
