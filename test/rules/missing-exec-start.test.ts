/** missing-exec-start: the documented trees, with the exact findings (line, column, message). */
import missingExecStart from "../../src/rules/missing-exec-start.js";
import { describe, expect, test } from "@jest/globals";
import { docCases, testRule } from "../rule-tester.js";
import { lintRoot, makeTree } from "../helpers.js";

const { valid, incorrect } = docCases("missing-exec-start");

testRule(missingExecStart, {
  valid,
  invalid: [
    {
      ...incorrect[0]!,
      errors: [
        { file: "etc/systemd/system/cleanup.service", line: 4, column: 1, severity: "error", message: "cleanup.service has no ExecStart=, ExecStop= or SuccessAction=: systemd refuses to load it" },
      ],
    },
    {
      ...incorrect[1]!,
      errors: [
        { file: "etc/systemd/system/web.service.d/override.conf", line: 2, column: 1, severity: "error", message: "web.service has no ExecStart=, ExecStop= or SuccessAction=: systemd refuses to load it" },
      ],
    },
  ],
});

describe("a unit file that fails earlier", () => {
  // systemd stops at the fatal DynamicUser= line and never runs service_verify(): the refusal is
  // still reported (it is the next error once that line is fixed), with a note that says so.
  test("the refusal notes that systemd stops reading the file first", async () => {
    const root = makeTree({
      "etc/systemd/system/c.service": "[Service]\nDynamicUser=maybe\nNice=5\n",
      "etc/systemd/system/d.service": "[Service]\nNice=5\n",
    });
    const findings = await lintRoot(root);
    const notes = (file: string) => findings.filter((f) => f.ruleId === "missing-exec-start" && f.file.endsWith(file)).flatMap((f) => f.notes);
    expect(notes("c.service")).toContainEqual(expect.stringMatching(/stops reading .*c\.service at line 2 before it gets to this check \(DynamicUser= cannot be parsed\)/));
    expect(notes("d.service").join("\n")).not.toContain("before it gets to this check");
    expect(notes("d.service").length).toBeGreaterThan(0);
  });
});
