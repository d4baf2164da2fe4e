/** service-exposure: the documented trees, with the exact findings (line, column, message). More in test/hardening/. */
import serviceExposure from "../../src/rules/service-exposure.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("service-exposure");
const ON = { ruleSeverities: { "service-exposure": "warning" as const }, systemdVersion: 252 };

testRule(serviceExposure, {
  valid: [
    ...valid,
    { name: "off by default", tree: { "etc/systemd/system/app.service": "[Service]\nExecStart=/usr/bin/app\n" }, options: { systemdVersion: 252 } },
    { name: "a socket is never rated", tree: { "etc/systemd/system/app.socket": "[Socket]\nListenStream=0.0.0.0:80\n" }, options: ON },
    { name: "below a configured threshold", tree: { "etc/systemd/system/app.service": "[Service]\nExecStart=/usr/bin/app\n" }, options: { ...ON, exposureThreshold: 9.6 } },
  ],
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        {
          file: "etc/systemd/system/asterisk.service",
          line: 5,
          column: 1,
          severity: "warning",
          message: "asterisk.service has a hardening exposure of 9.4 UNSAFE (as systemd-analyze security rates it), above the threshold 7.0: an attacker who takes over the service (other hosts reach it through asterisk-ami.socket on 0.0.0.0:5038) runs as root",
        },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [{ file: "etc/systemd/system/exporter.service", line: 1, column: 1, severity: "warning", message: "exporter.service has a hardening exposure of 9.6 UNSAFE" }],
    },
  ],
});
