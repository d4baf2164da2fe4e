/** ignored-astctl-option: the documented trees, with the exact findings (line, column, message). */
import ignoredAstctlOption from "../../src/rules/ignored-astctl-option.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("ignored-astctl-option");

testRule(ignoredAstctlOption, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/asterisk/asterisk.conf", line: 6, column: 1, severity: "warning", message: "astctlowner = asterisk has no effect: Asterisk adopts asterisk-cli.socket's CLI socket, where SocketUser= is" },
        { file: "etc/asterisk/asterisk.conf", line: 7, column: 1, severity: "warning", message: "astctlgroup = asterisk has no effect: Asterisk adopts asterisk-cli.socket's CLI socket, where SocketGroup= is" },
        { file: "etc/asterisk/asterisk.conf", line: 8, column: 1, severity: "warning", message: "astctlpermissions = 0660 has no effect: Asterisk adopts asterisk-cli.socket's CLI socket, where" },
      ],
    },
  ],
});
