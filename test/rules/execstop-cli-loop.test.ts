/** execstop-cli-loop: the documented trees, with the exact findings (line, column, message). */
import execstopCliLoop from "../../src/rules/execstop-cli-loop.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("execstop-cli-loop");

testRule(execstopCliLoop, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk.service", line: 8, column: 10, severity: "error", message: "ExecStop runs the Asterisk CLI (/usr/sbin/asterisk -rx 'core stop now') while asterisk-cli.socket activates" },
      ],
    },
  ],
});
