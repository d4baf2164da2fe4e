/** not-a-unit: files named like units that are Avahi XML, D-Bus activation files or other XML, in repository mode only. */
import notAUnit from "../../src/rules/not-a-unit.js";
import { testRule } from "../rule-tester.js";

const AVAHI = `<?xml version="1.0" standalone='no'?>\n<!DOCTYPE service-group SYSTEM "avahi-service.dtd">\n<service-group>\n  <name>%h</name>\n  <service><type>_ssh._tcp</type><port>22</port></service>\n</service-group>\n`;
const DBUS = "[D-BUS Service]\nName=org.example.Daemon\nExec=/bin/false\nSystemdService=example.service\n";

testRule(notAUnit, {
  valid: [
    { name: "a real unit", mode: "repository", tree: { "units/a.service": "[Service]\nExecStart=/bin/true\n" } },
    { name: "a unit whose description mentions [D-BUS Service]", mode: "repository", tree: { "units/a.service": "[Unit]\nDescription=[D-BUS Service]\n[Service]\nExecStart=/bin/true\n" } },
    { name: "on a root, an XML file is read as systemd reads it (syntax errors)", tree: { "etc/systemd/system/x.service": AVAHI } },
  ],
  invalid: [
    { name: "Avahi service definition", mode: "repository", tree: { "avahi/ssh.service": AVAHI }, errors: [{ file: "avahi/ssh.service", line: 3, column: 1, severity: "info", message: "ssh.service is not a systemd unit: Avahi service definition" }] },
    {
      name: "D-Bus activation file after a comment",
      mode: "repository",
      tree: { "dbus/org.example.Daemon.service": `# activation\n\n${DBUS}` },
      errors: [{ file: "dbus/org.example.Daemon.service", line: 3, column: 1, severity: "info", message: "not a systemd unit: D-Bus service activation file" }],
    },
    { name: "another XML document", mode: "repository", tree: { "x/a.socket": "<config>\n</config>\n" }, errors: [{ file: "x/a.socket", line: 1, column: 1, message: "a.socket is not a systemd unit: XML document" }] },
  ],
});
