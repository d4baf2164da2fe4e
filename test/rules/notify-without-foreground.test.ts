/** notify-without-foreground: the documented trees, with the exact findings (line, column, message). */
import notifyWithoutForeground from "../../src/rules/notify-without-foreground.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("notify-without-foreground");

testRule(notifyWithoutForeground, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk.service", line: 7, column: 11, severity: "error", message: "asterisk.service is Type=notify but Asterisk forks: ExecStart has none of -f, -c and asterisk.conf has no" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/systemd/system/asterisk.service", line: 7, column: 11, severity: "error", message: "asterisk.service is Type=notify but Asterisk forks: alwaysfork = yes in asterisk.conf overrides -f" },
      ],
    },
  ],
});
