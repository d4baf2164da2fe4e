/** local-ami-activation: the documented trees, with the exact findings (line, column, message). */
import localAmiActivation from "../../src/rules/local-ami-activation.js";
import { docCases, testRule } from "../rule-tester.js";

const ami = (listen: string) => ({
  "etc/systemd/system/asterisk.service": "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n",
  "etc/systemd/system/asterisk-ami.socket": `[Socket]\nListenStream=${listen}\nService=asterisk.service\n`,
  "etc/asterisk/manager.conf": "[general]\nenabled = yes\nbindaddr = 127.0.0.1\n",
});

const { valid, incorrect } = docCases("local-ami-activation");

testRule(localAmiActivation, {
  valid: [
    ...valid,
    { name: "the CLI socket (AF_UNIX) is not AMI", tree: { ...ami("/run/asterisk/asterisk.ctl"), "etc/asterisk/manager.conf": "[general]\nenabled = no\n" } },
  ],
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/asterisk-ami.socket", line: 6, column: 14, severity: "info", message: "any local user can start Asterisk by connecting to 127.0.0.1:5038 (ListenStream=127.0.0.1:5038 in" },
      ],
    },
    {
      name: "a hand-written loopback AMI socket",
      tree: ami("127.0.0.1:5038"),
      errors: [{ file: "etc/systemd/system/asterisk-ami.socket", line: 2, column: 14, severity: "info", message: "any local user can start Asterisk by connecting to 127.0.0.1:5038" }],
    },
  ],
});
