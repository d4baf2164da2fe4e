/** empty-assignment: the documented trees, with the exact findings (line, column, message). */
import emptyAssignment from "../../src/rules/empty-assignment.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("empty-assignment");

testRule(emptyAssignment, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/app.service", line: 6, column: 1, severity: "warning", message: "RemainAfterExit= with an empty value is rejected: it does not reset RemainAfterExit= to its default" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/systemd/system/app.service.d/no-db.conf", line: 2, column: 1, severity: "warning", message: "After= with an empty value does nothing: dependencies cannot be reset" },
      ],
    },
  ],
});
