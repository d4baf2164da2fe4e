/** socket-not-enableable: the documented trees, with the exact findings (line, column, message). */
import socketNotEnableable from "../../src/rules/socket-not-enableable.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("socket-not-enableable");

testRule(socketNotEnableable, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk-http.socket", line: 1, column: 1, severity: "warning", message: "asterisk-http.socket has no [Install] WantedBy=sockets.target, so enabling it does not make it listen at boot" },
      ],
    },
  ],
});
