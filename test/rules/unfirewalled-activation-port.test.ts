/** unfirewalled-activation-port: the documented trees, with the exact findings (line, column, message). */
import unfirewalledActivationPort from "../../src/rules/unfirewalled-activation-port.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("unfirewalled-activation-port");

testRule(unfirewalledActivationPort, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk-ami.socket", line: 6, column: 14, severity: "warning", message: "ListenStream=0.0.0.0:5038 in asterisk-ami.socket is reachable from other hosts over IPv4, and nothing" },
      ],
    },
  ],
});
