/** unknown-directive: the documented trees, with the exact findings (line, column, message). */
import unknownDirective from "../../src/rules/unknown-directive.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("unknown-directive");

testRule(unknownDirective, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/worker.service", line: 7, column: 1, severity: "error", message: "unknown key \"RestartSecs\" in [Service]; did you mean RestartSec=?" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/systemd/system/worker.service", line: 3, column: 1, severity: "error", message: "Restart= is not a [Unit] setting: it belongs in [Service]" },
      ],
    },
    {
      ...incorrect[2]!,
      errors: [
        { file: "etc/systemd/system/worker.service", line: 6, column: 1, severity: "error", message: "ImportCredential= was added in systemd v254, but the target is systemd 252" },
      ],
    },
  ],
});
