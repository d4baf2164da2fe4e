/** cli-socket-permissions: the documented trees, with the exact findings (line, column, message). */
import cliSocketPermissions from "../../src/rules/cli-socket-permissions.js";
import { docCases, testRule } from "../rule-tester.js";

const SERVICE = "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n";
const cli = (extra: string) => ({
  "etc/systemd/system/asterisk.service": SERVICE,
  "etc/systemd/system/asterisk-cli.socket": `[Socket]\nListenStream=/run/asterisk/asterisk.ctl\nService=asterisk.service\n${extra}`,
  "etc/asterisk/asterisk.conf": "[directories]\nastrundir => /run/asterisk\n",
});

const { valid, incorrect } = docCases("cli-socket-permissions");

testRule(cliSocketPermissions, {
  valid: [
    ...valid,
    { name: "SocketMode=0600", tree: cli("SocketMode=0600\n") },
    { name: "SocketMode=0660 (group members only)", tree: cli("SocketMode=0660\n") },
  ],
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk-cli.socket", line: 6, column: 1, severity: "error", message: "asterisk-cli.socket has no SocketMode=, so systemd creates the CLI socket /run/asterisk/asterisk.ctl with" },
      ],
    },
    {
      name: "SocketMode=0666 written out: at its value",
      tree: cli("SocketMode=0666\n"),
      errors: [{ file: "etc/systemd/system/asterisk-cli.socket", line: 4, column: 12, message: "SocketMode=0666 lets every local user connect to Asterisk's CLI socket /run/asterisk/asterisk.ctl" }],
    },
  ],
});
