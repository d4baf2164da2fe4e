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
    {
      name: "a commented-out only header above active settings (the cel_sqlite3_custom sample): a warning",
      mode: "repository",
      tree: { "etc/asterisk/cel_sqlite3_custom.conf": "; CEL to SQLite\n;[cel_master]\n;table = cel\nvalues = '${eventtype}'\n" },
      errors: [{ file: "etc/asterisk/cel_sqlite3_custom.conf", line: 4, column: 1, severity: "warning", message: "a variable under the commented-out header ;[cel_master]: Asterisk rejects" }],
    },
    {
      name: "a commented-out header but an active section later: the section is lost, an error",
      mode: "repository",
      tree: { "etc/asterisk/cel_sqlite3_custom.conf": ";[cel_master]\nvalues = '${eventtype}'\n[other]\ntable = cel\n" },
      errors: [{ file: "etc/asterisk/cel_sqlite3_custom.conf", line: 2, column: 1, severity: "error", message: "a variable before any [section] header: Asterisk rejects" }],
    },
    {
      name: "a fragment no module loads by name keeps the #include caveat, commented header or not",
      mode: "repository",
      tree: { "etc/asterisk/extensions_custom.conf": ";[example]\nfoo = bar\n" },
      errors: [{ file: "etc/asterisk/extensions_custom.conf", line: 2, column: 1, severity: "error", message: "fine if the file is only #included inside a section" }],
    },
    {
      name: "no commented-out header at all: an error",
      tree: { "etc/asterisk/manager.conf": "; AMI\nenabled = yes\n" },
      errors: [{ file: "etc/asterisk/manager.conf", line: 2, column: 1, severity: "error", message: "a variable before any [section] header: Asterisk rejects" }],
    },
  ],
});
