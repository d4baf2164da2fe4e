/** asterisk-config-syntax: the documented trees, with the exact findings (line, column, message). */
import asteriskConfigSyntax from "../../src/rules/asterisk-config-syntax.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("asterisk-config-syntax");

testRule(asteriskConfigSyntax, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/asterisk/manager.conf", line: 1, column: 1, severity: "error", message: "Section header without a closing \"]\": Asterisk reports \"parse error: no closing ']'\" and treats the whole" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/asterisk/manager.conf", line: 6, column: 19, severity: "error", message: "\"--;\" outside a block comment: Asterisk does not treat it as a comment, keeps it and the rest of the line as" },
      ],
    },
  ],
});
