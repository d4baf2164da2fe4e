/**
 * Findings that depend on the target systemd version say which version was assumed, and how to
 * set it, when none was given or found (a repository); the summary's version source says so too.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import { lint } from "../../src/lint.js";
import { makeTree, relativeFindings } from "../helpers.js";

const UNIT = "[Service]\nExecStart=/bin/true\nCPUShares=512\nMemoryLimit=1G\n";

async function run(version?: number) {
  const root = makeTree({ "units/a.service": UNIT });
  try {
    const r = await lint({ paths: [root], ...(version ? { systemdVersion: version } : {}) });
    return { ...r, findings: relativeFindings(r.findings, root) };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe("the assumed systemd version", () => {
  test("a repository without --systemd-version: messages and the summary name the assumed version and how to set it", async () => {
    const r = await run();
    expect(r.systemdVersionSource).toContain("assumed");
    expect(r.systemdVersionSource).toContain("--systemd-version");
    const dep = r.findings.filter((f) => f.ruleId === "deprecated-directive");
    expect(dep).toHaveLength(2);
    for (const f of dep) expect(f.message).toContain(`(systemd ${r.systemdVersion} assumed: set the target with --systemd-version N or "systemdVersion" in .astlintrc.json)`);
  });

  test("with --systemd-version 252: no assumption, and the removal after v256 is worded as such", async () => {
    const r = await run(252);
    const dep = r.findings.filter((f) => f.ruleId === "deprecated-directive").map((f) => f.message);
    expect(dep).toEqual([
      "CPUShares= is deprecated: still works on v252, removed after v256; use CPUWeight=",
      "MemoryLimit= is deprecated: still works on v252, removed after v256; use MemoryMax=",
    ]);
  });
});
