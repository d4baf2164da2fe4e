/** syntax-error: the documented trees, with the exact findings (line, column, message). */
import syntaxError from "../../src/rules/syntax-error.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("syntax-error");

testRule(syntaxError, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/backup.service", line: 6, column: 1, severity: "error", message: "\"ExecStart /usr/local/bin/backup --all\" is not a Key=value assignment (no \"=\")" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/systemd/system/backup.service", line: 4, column: 1, severity: "error", message: "invalid section header \"[Service] # runs as root\": the line must end with \"]\"" },
      ],
    },
  ],
});
