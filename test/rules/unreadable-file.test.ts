/** unreadable-file: the documented trees, with the exact findings (line, column, message). */
import unreadableFile from "../../src/rules/unreadable-file.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("unreadable-file");

testRule(unreadableFile, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk.service", line: 1, column: 1, severity: "warning", message: "" },
      ],
    },
  ],
});
