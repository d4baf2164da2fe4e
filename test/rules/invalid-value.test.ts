/** invalid-value: the documented trees, with the exact findings (line, column, message). */
import invalidValue from "../../src/rules/invalid-value.js";
import { describe, expect, test } from "@jest/globals";
import { docCases, testRule } from "../rule-tester.js";
import { lintRoot, makeTree } from "../helpers.js";

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
    {
      // unit_load_dropin() ignores the drop-in's error (systemd src/core/load-dropin.c at v252):
      // the unit loads without the drop-in's later lines (systemd-analyze security still rates it).
      name: "a fatal value in a drop-in: systemd stops reading the drop-in, not the unit",
      tree: {
        "etc/systemd/system/exporter.service": "[Service]\nExecStart=/usr/bin/node_exporter\n",
        "etc/systemd/system/exporter.service.d/override.conf": "[Service]\nExecStart=\nExecStart=bin/node_exporter --web\nNice=5\n",
      },
      errors: [
        { file: "etc/systemd/system/exporter.service.d/override.conf", line: 3, column: 11, severity: "error", message: /neither an absolute path nor a plain executable name: systemd stops reading this drop-in$/ },
      ],
    },
  ],
});

describe("fatal lines in drop-ins", () => {
  test("the notes say the unit still loads, without the drop-in's later lines", async () => {
    const root = makeTree({
      "etc/systemd/system/exporter.service": "[Service]\nExecStart=/usr/bin/node_exporter\n",
      "etc/systemd/system/exporter.service.d/a.conf": "[Service\nNice=5\n",
      "etc/systemd/system/exporter.service.d/b.conf": "[Service]\nExecStart=\nExecStart=bin/x\n",
    });
    const findings = await lintRoot(root);
    const notes = (rule: string) => findings.filter((f) => f.ruleId === rule).flatMap((f) => f.notes);
    expect(notes("syntax-error").join("\n")).toContain("stops reading the drop-in there (\"Bad message\"): the drop-in's later lines are ignored; the unit still loads, without them");
    expect(notes("invalid-value").join("\n")).toContain("the drop-in's later lines are ignored; the unit still loads, without them");
    expect(findings.map((f) => [...f.notes, f.message].join(" ")).join("\n")).not.toContain("bad-setting");
  });
});
