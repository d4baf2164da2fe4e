/** exec-include: the documented trees, with the exact findings (line, column, message). */
import execInclude from "../../src/rules/exec-include.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("exec-include");

testRule(execInclude, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/asterisk/manager.conf", line: 5, column: 1, severity: "warning", message: "#exec /usr/local/bin/ami-users-from-ldap runs a program every time manager.conf is loaded (execincludes = yes)" },
      ],
    },
  ],
});
