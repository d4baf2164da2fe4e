/** service-type-notify: the documented trees, with the exact findings (line, column, message). */
import serviceTypeNotify from "../../src/rules/service-type-notify.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("service-type-notify");

testRule(serviceTypeNotify, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk.service", line: 6, column: 6, severity: "error", message: "asterisk.service has Type=forking; Asterisk under systemd should be Type=notify (it is socket-activated)" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/systemd/system/asterisk.service", line: 6, column: 6, severity: "warning", message: "asterisk.service has Type=simple; Asterisk under systemd should be Type=notify" },
      ],
    },
  ],
});
