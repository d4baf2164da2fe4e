/** socket-address-mismatch: the documented trees, with the exact findings (line, column, message). */
import socketAddressMismatch from "../../src/rules/socket-address-mismatch.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("socket-address-mismatch");

testRule(socketAddressMismatch, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk-ami.socket", line: 6, column: 14, severity: "error", message: "ListenStream=5038 binds [::]:5038, but the AMI server binds 0.0.0.0:5038" },
      ],
    },
  ],
});
