/** run-path-mismatch: the documented trees, with the exact findings (line, column, message). */
import runPathMismatch from "../../src/rules/run-path-mismatch.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("run-path-mismatch");

testRule(runPathMismatch, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk-cli.socket", line: 6, column: 14, severity: "error", message: "systemd binds /run/asterisk/asterisk.ctl but Asterisk expects /var/run/asterisk/asterisk.ctl" },
      ],
    },
  ],
});
