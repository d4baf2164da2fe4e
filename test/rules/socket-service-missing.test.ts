/** socket-service-missing: the documented trees, with the exact findings (line, column, message). */
import socketServiceMissing from "../../src/rules/socket-service-missing.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("socket-service-missing");

testRule(socketServiceMissing, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk-http.socket", line: 1, column: 1, severity: "error", message: "asterisk-http.socket activates asterisk-http.service, which does not exist" },
      ],
    },
  ],
});
