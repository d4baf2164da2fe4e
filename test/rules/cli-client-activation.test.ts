/** cli-client-activation: the documented trees, with the exact findings (line, column, message). */
import cliClientActivation from "../../src/rules/cli-client-activation.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("cli-client-activation");

testRule(cliClientActivation, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk-malloc-trim.service", line: 6, column: 11, severity: "warning", message: "asterisk-malloc-trim.service runs the Asterisk CLI (/usr/sbin/asterisk -rx \"malloc trim\") while" },
      ],
    },
  ],
});
