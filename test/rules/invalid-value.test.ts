/** invalid-value: the documented trees, with the exact findings (line, column, message). */
import invalidValue from "../../src/rules/invalid-value.js";
import { docCases, testRule } from "../rule-tester.js";

const { valid, incorrect } = docCases("invalid-value");

testRule(invalidValue, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/exporter.service", line: 5, column: 6, severity: "error", message: "\"daemon\" is not a valid service type for Type= (expected simple, exec, forking, oneshot, dbus, notify," },
        { file: "etc/systemd/system/exporter.service", line: 7, column: 9, severity: "error", message: "\"on-failur\" is not a valid restart setting for Restart= (expected no, on-success, on-failure, on-abnormal," },
        { file: "etc/systemd/system/exporter.service", line: 8, column: 17, severity: "error", message: "\"30 secs\" is not a valid time span for TimeoutStartSec= (e.g. \"90\", \"5min 20s\", \"1h\", \"500ms\", \"infinity\";" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/systemd/system/exporter.service", line: 5, column: 11, severity: "error", message: "ExecStart=: \"bin/node_exporter\" is neither an absolute path nor a plain executable name: systemd refuses to" },
      ],
    },
  ],
});
