/** asterisk-watchdog: the documented trees, with the exact findings (line, column, message). */
import asteriskWatchdog from "../../src/rules/asterisk-watchdog.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("asterisk-watchdog");

testRule(asteriskWatchdog, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk.service", line: 9, column: 13, severity: "error", message: "WatchdogSec=30s on asterisk.service, but Asterisk never sends WATCHDOG=1" },
      ],
    },
  ],
});
