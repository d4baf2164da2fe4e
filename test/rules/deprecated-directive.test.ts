/** deprecated-directive: the documented trees, with the exact findings (line, column, message). */
import deprecatedDirective from "../../src/rules/deprecated-directive.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("deprecated-directive");

testRule(deprecatedDirective, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/mailer.service", line: 3, column: 1, severity: "warning", message: "BindTo= is an old spelling of BindsTo=" },
        { file: "etc/systemd/system/mailer.service", line: 7, column: 1, severity: "warning", message: "StartLimitInterval= in [Service] is a legacy place and name: use StartLimitIntervalSec= in [Unit]" },
        { file: "etc/systemd/system/mailer.service", line: 8, column: 1, severity: "warning", message: "StartLimitBurst= in [Service] is a legacy place: use StartLimitBurst= in [Unit]" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/systemd/system/mailer.service", line: 1, column: 1, severity: "error", message: "\".include /lib/systemd/system/mailer.service\": .include was removed in systemd v246, so" },
      ],
    },
  ],
});
