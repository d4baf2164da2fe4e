/** asterisk-runs-as-root: the documented trees and each way to name another user. */
import rule from "../../src/rules/asterisk-runs-as-root.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("asterisk-runs-as-root");
const S = "etc/systemd/system/asterisk.service";
const svc = (extra: string, args = "") => `[Service]\nType=notify\n${extra}ExecStart=/usr/sbin/asterisk -mqf${args}\n`;

testRule(rule, {
  valid: [
    ...valid,
    { name: "-U asterisk", tree: { [S]: svc("", " -U asterisk") } },
    { name: "DynamicUser=yes", tree: { [S]: svc("DynamicUser=yes\n") } },
    { name: "a CLI client is not the daemon", tree: { [S]: "[Service]\nExecStart=/usr/sbin/asterisk -rx 'core reload'\n" } },
    { name: "runuser in the -C file", tree: { [S]: svc("", " -C /etc/pbx/asterisk.conf"), "etc/pbx/asterisk.conf": "[options]\nrunuser = pbx\n" } },
  ],
  invalid: [
    { ...incorrect[0]!, errors: [{ file: S, line: 6, column: 1, severity: "warning", message: "runs Asterisk as root" }] },
    { name: "User=root is reported at User=", tree: { [S]: svc("User=root\n") }, errors: [{ file: S, line: 3, message: "runs Asterisk as root" }] },
    { name: "-U root", tree: { [S]: svc("", " -U root") }, errors: [{ file: S, line: 3, message: "runs Asterisk as root" }] },
    {
      name: "runuser in /etc/asterisk/asterisk.conf does not count when -C names another file",
      tree: { [S]: svc("", " -C /etc/pbx/asterisk.conf"), "etc/pbx/asterisk.conf": "[options]\n", "etc/asterisk/asterisk.conf": "[options]\nrunuser = asterisk\n" },
      errors: [{ file: S, line: 3, message: "runs Asterisk as root" }],
    },
  ],
});
