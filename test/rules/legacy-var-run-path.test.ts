/** legacy-var-run-path: the documented trees, with the exact findings (line, column, message). */
import legacyVarRunPath from "../../src/rules/legacy-var-run-path.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("legacy-var-run-path");

testRule(legacyVarRunPath, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/app.service", line: 6, column: 9, severity: "info", message: "PIDFile=/var/run/app.pid is below the legacy /var/run/: systemd uses /run/app.pid" },
      ],
    },
  ],
});
