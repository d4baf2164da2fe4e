/** missing-exec-start: the documented trees, with the exact findings (line, column, message). */
import missingExecStart from "../../src/rules/missing-exec-start.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("missing-exec-start");

testRule(missingExecStart, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/cleanup.service", line: 4, column: 1, severity: "error", message: "cleanup.service has no ExecStart=, ExecStop= or SuccessAction=: systemd refuses to load it" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/systemd/system/web.service.d/override.conf", line: 2, column: 1, severity: "error", message: "web.service has no ExecStart=, ExecStop= or SuccessAction=: systemd refuses to load it" },
      ],
    },
  ],
});
