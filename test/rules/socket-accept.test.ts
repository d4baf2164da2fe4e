/** socket-accept: the documented trees, with the exact findings (line, column, message). */
import socketAccept from "../../src/rules/socket-accept.js";
import { docCases, testRule } from "../rule-tester.js";

const accept = (service: string, exec: string) => ({
  [`etc/systemd/system/${service}`]: `[Service]\nExecStart=${exec}\nStandardInput=socket\n`,
  "etc/systemd/system/echo.socket": "[Socket]\nListenStream=127.0.0.1:7\nAccept=yes\n",
});

const { valid, incorrect } = docCases("socket-accept");

testRule(socketAccept, {
  valid: [
    ...valid,
    { name: "Accept=yes for an inetd-style service that is not Asterisk", tree: accept("echo@.service", "/usr/bin/cat") },
  ],
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk.socket", line: 6, column: 8, severity: "error", message: "Accept=yes on asterisk.socket, which activates Asterisk (asterisk@.service)" },
      ],
    },
    {
      name: "Accept=yes activating an Asterisk template: at the Accept= value",
      tree: { ...accept("echo@.service", "/usr/sbin/asterisk -f"), "etc/asterisk/manager.conf": "[general]\nenabled = yes\nport = 7\nbindaddr = 127.0.0.1\n" },
      errors: [{ file: "etc/systemd/system/echo.socket", line: 3, column: 8, severity: "error", message: "Accept=yes on echo.socket, which activates Asterisk (echo@.service)" }],
    },
  ],
});
