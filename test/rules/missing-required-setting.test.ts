/**
 * missing-required-setting: the documented trees, and each refusal of systemd 252's *_verify()
 * functions (messages checked against systemd-analyze verify 252 on the same units), with the
 * near misses that systemd accepts.
 */
import missingRequiredSetting from "../../src/rules/missing-required-setting.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("missing-required-setting");
const S = "etc/systemd/system";
const unit = (section: string, body: string) => `[Unit]\nDescription=x\n\n[${section}]\n${body}`;
const svc = unit("Service", "ExecStart=/usr/bin/true\n");

testRule(missingRequiredSetting, {
  valid: [
    ...valid,
    { name: "a reset followed by a new address", tree: { [`${S}/a.socket`]: unit("Socket", "ListenStream=80\n"), [`${S}/a.socket.d/x.conf`]: "[Socket]\nListenStream=\nListenStream=127.0.0.1:81\n", [`${S}/a.service`]: svc } },
    { name: "a timer with only OnClockChange=yes (an empty OnCalendar= does not clear it)", tree: { [`${S}/t.timer`]: unit("Timer", "OnClockChange=yes\nOnCalendar=\n"), [`${S}/t.service`]: svc } },
    { name: "a mount named after its escaped path", tree: { [`${S}/srv-my\\x20data.mount`]: unit("Mount", "What=/dev/sda1\nWhere=/srv//my data/\n") } },
    { name: "a mount without Where= (derived from the name)", tree: { [`${S}/srv-data.mount`]: unit("Mount", "What=/dev/sda1\n") } },
    { name: "a oneshot with Restart=on-failure after Restart=on-success", tree: { [`${S}/o.service`]: unit("Service", "Type=oneshot\nExecStart=/bin/true\nRestart=on-success\nRestart=on-failure\n") } },
    { name: "Type=dbus with BusName= from a specifier", tree: { [`${S}/d.service`]: unit("Service", "Type=dbus\nBusName=org.example.%p\nExecStart=/bin/true\n") } },
    { name: "Accept=yes with an empty Service= (ignored)", tree: { [`${S}/e.socket`]: unit("Socket", "Accept=yes\nListenStream=7\nService=\n"), [`${S}/e@.service`]: svc } },
    { name: "ExitType=cgroup outside oneshot", tree: { [`${S}/w.service`]: unit("Service", "Type=simple\nExecStart=/bin/true\nExitType=cgroup\n") } },
    { name: "a service without ExecStart= is missing-exec-start's", tree: { [`${S}/n.service`]: unit("Service", "Type=oneshot\nRestart=always\n") } },
  ],
  invalid: [
    { ...incorrect[0]!, errors: [{ file: `${S}/app.socket`, line: 5, column: 1, severity: "error", message: "app.socket has no valid Listen*= address left: systemd refuses to load the socket" }] },
    { ...incorrect[1]!, errors: [{ file: `${S}/backup.timer.d/override.conf`, line: 2, column: 1, message: "backup.timer has no trigger" }] },
    { ...incorrect[2]!, errors: [{ file: `${S}/data.mount`, line: 6, column: 1, message: "data.mount has Where=/srv/data, which belongs to srv-data.mount" }] },
    { ...incorrect[3]!, errors: [{ file: `${S}/sync.service`, line: 7, column: 1, message: "sync.service is a Type=oneshot service with Restart=always" }] },
    {
      name: "an empty ListenDatagram= clears the ListenStream= before it",
      tree: { [`${S}/a.socket`]: unit("Socket", "ListenStream=80\nListenDatagram=\n"), [`${S}/a.service`]: svc },
      errors: [{ file: `${S}/a.socket`, line: 6, column: 1, message: "a.socket has no valid Listen*= address left" }],
    },
    {
      name: "a path unit whose only path is relative",
      tree: { [`${S}/p.path`]: unit("Path", "PathExists=relative/file\n"), [`${S}/p.service`]: svc },
      errors: [{ file: `${S}/p.path`, line: 5, column: 1, message: "p.path has no valid PathExists=" }],
    },
    { name: "a mount without What=", tree: { [`${S}/mnt.mount`]: unit("Mount", "Where=/mnt\n") }, errors: [{ file: `${S}/mnt.mount`, line: 4, column: 1, message: "mnt.mount has no What=" }] },
    { name: "Type=dbus without BusName=", tree: { [`${S}/d.service`]: unit("Service", "Type=dbus\nExecStart=/bin/true\n") }, errors: [{ file: `${S}/d.service`, line: 5, column: 1, message: "Type=dbus service without BusName=" }] },
    {
      name: "Accept=yes with Service=",
      tree: { [`${S}/e.socket`]: unit("Socket", "Accept=yes\nListenStream=7\nService=e.service\n"), [`${S}/e.service`]: svc },
      errors: [{ file: `${S}/e.socket`, line: 7, column: 1, message: "e.socket has Accept=yes and Service=e.service" }],
    },
    {
      name: "Accept=yes on a datagram socket",
      tree: { [`${S}/u.socket`]: unit("Socket", "Accept=yes\nListenDatagram=514\n"), [`${S}/u@.service`]: svc },
      errors: [{ file: `${S}/u.socket`, line: 5, column: 1, message: "ListenDatagram=514 cannot accept connections" }],
    },
    {
      name: "Restart=always for a oneshot from a drop-in",
      tree: { [`${S}/o.service`]: unit("Service", "Type=oneshot\nExecStart=/bin/true\n"), [`${S}/o.service.d/r.conf`]: "[Service]\nRestart=always\n" },
      errors: [{ file: `${S}/o.service.d/r.conf`, line: 2, column: 1, message: "o.service is a Type=oneshot service with Restart=always" }],
    },
    {
      name: "Type=oneshot with ExitType=cgroup (systemd-analyze security 252: refused)",
      tree: { [`${S}/w.service`]: unit("Service", "Type=oneshot\nExecStart=/bin/true\nExitType=cgroup\n") },
      errors: [{ file: `${S}/w.service`, line: 7, column: 1, message: "w.service is a Type=oneshot service with ExitType=cgroup: systemd refuses to load it" }],
    },
    {
      name: "PAMName= with KillMode=process",
      tree: { [`${S}/l.service`]: unit("Service", "ExecStart=/bin/true\nPAMName=login\nKillMode=process\n") },
      errors: [{ file: `${S}/l.service`, line: 7, column: 1, message: "l.service has PAMName= and KillMode=process" }],
    },
  ],
});
