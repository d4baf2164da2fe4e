/**
 * asterisk-without-libsystemd: its trigger is a binary, so the trees carry minimal ELF files
 * (test/elf-builder.ts) under the root.
 */
import asteriskWithoutLibsystemd from "../../src/rules/asterisk-without-libsystemd.js";
import { tinyElf } from "../elf-builder.js";
import { testRule } from "../rule-tester.js";

const NOTIFY = { "etc/systemd/system/asterisk.service": "[Unit]\nDescription=Asterisk\n\n[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -mqf\n" };
const SIMPLE_ACTIVATED = {
  "etc/systemd/system/asterisk.service": "[Service]\nType=simple\nExecStart=/usr/sbin/asterisk -f\n",
  "etc/systemd/system/asterisk-ami.socket": "[Socket]\nListenStream=127.0.0.1:5038\nService=asterisk.service\n",
  "etc/asterisk/manager.conf": "[general]\nenabled = yes\nbindaddr = 127.0.0.1\n",
};

testRule(asteriskWithoutLibsystemd, {
  valid: [
    { name: "Type=notify, binary linked with libsystemd", tree: { ...NOTIFY, "usr/sbin/asterisk": tinyElf(["libc.so.6", "libsystemd.so.0"]) } },
    { name: "Type=notify, the binary is a shell script (not ELF: unknown, no finding)", tree: { ...NOTIFY, "usr/sbin/asterisk": "#!/bin/sh\nexec /opt/asterisk \"$@\"\n" } },
    { name: "Type=notify, the binary is absent", tree: NOTIFY },
    { name: "Type=simple without sockets: the binary is not judged", tree: { "etc/systemd/system/asterisk.service": "[Service]\nType=simple\nExecStart=/usr/sbin/asterisk -f\n", "usr/sbin/asterisk": tinyElf(["libc.so.6"]) } },
    { name: "repository mode: no root, no binary read", tree: { ...NOTIFY, "usr/sbin/asterisk": tinyElf(["libc.so.6"]) }, mode: "repository" },
  ],
  invalid: [
    {
      name: "Type=notify with a binary lacking libsystemd: at the ExecStart value",
      tree: { ...NOTIFY, "usr/sbin/asterisk": tinyElf(["libc.so.6", "libssl.so.3"]) },
      errors: [{ file: "etc/systemd/system/asterisk.service", line: 6, column: 11, severity: "error", message: "/usr/sbin/asterisk is not linked with libsystemd, but asterisk.service uses Type=notify" }],
    },
    {
      name: "socket activation with a binary lacking libsystemd",
      tree: { ...SIMPLE_ACTIVATED, "usr/sbin/asterisk": tinyElf(["libc.so.6"]) },
      errors: [{ file: "etc/systemd/system/asterisk.service", line: 3, column: 11, message: "uses socket activation (asterisk-ami.socket)" }],
    },
  ],
});
