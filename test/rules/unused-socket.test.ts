/** unused-socket: the documented trees, with the exact findings (line, column, message). */
import unusedSocket from "../../src/rules/unused-socket.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("unused-socket");

testRule(unusedSocket, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk-http.socket", line: 6, column: 14, severity: "warning", message: "ListenStream=127.0.0.1:8088 (127.0.0.1:8088) matches no listener of asterisk.service: the http server is" },
      ],
    },
  ],
});
