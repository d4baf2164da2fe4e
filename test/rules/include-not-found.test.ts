/** include-not-found: the documented trees, with the exact findings (line, column, message). */
import includeNotFound from "../../src/rules/include-not-found.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("include-not-found");

testRule(includeNotFound, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/asterisk/manager.conf", line: 5, column: 1, severity: "error", message: "#include /etc/asterisk/manager_custom.conf: the file does not exist; Asterisk discards the whole file" },
      ],
    },
  ],
});
