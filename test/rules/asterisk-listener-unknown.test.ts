/** asterisk-listener-unknown: the documented trees, with the exact findings (line, column, message). */
import asteriskListenerUnknown from "../../src/rules/asterisk-listener-unknown.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("asterisk-listener-unknown");

testRule(asteriskListenerUnknown, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk-http.socket", line: 6, column: 14, severity: "info", message: "cannot tell whether ListenStream=127.0.0.1:8088 matches the http server" },
      ],
    },
  ],
});
