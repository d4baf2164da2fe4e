/** inline-comment: the documented trees, with the exact findings (line, column, message). */
import inlineComment from "../../src/rules/inline-comment.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("inline-comment");

testRule(inlineComment, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/app.service", line: 5, column: 42, severity: "warning", message: "ExecStart= passes \"# one per core\" to the program as extra arguments: systemd has no comments after a value" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/systemd/system/app.service", line: 5, column: 42, severity: "error", message: "the lone \";\" in ExecStart= starts a second command \"one per core\", but a Type=simple service may have only one" },
      ],
    },
  ],
});
