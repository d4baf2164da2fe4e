/**
 * unsubstituted-placeholder: a build template named on the command line is read as the unit it
 * becomes; its placeholders are one info finding, and the value rules leave those values alone.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { lint } from "../../src/lint.js";
import unsubstitutedPlaceholder from "../../src/rules/unsubstituted-placeholder.js";
import { makeTree, relativeFindings } from "../helpers.js";

const TEMPLATE = "[Unit]\nDescription=Example\n\n[Service]\nExecStart=@bindir@/example --conf @sysconfdir@/example.conf\nReadWritePaths=@localstatedir@/lib/example\nUser=example\nRestart=sometimes\n";

async function run(name: string, explicit: boolean) {
  const root = makeTree({ [`units/${name}`]: TEMPLATE });
  try {
    const r = await lint({ paths: [explicit ? path.join(root, "units", name) : path.join(root, "units")], systemdVersion: 252 });
    return relativeFindings(r.findings, root);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe(unsubstitutedPlaceholder.meta.id, () => {
  test("a template named on the command line: one finding for its three placeholders, no invalid values for them", async () => {
    const f = await run("example.service.in", true);
    const ph = f.filter((x) => x.ruleId === "unsubstituted-placeholder");
    expect(ph.map((x) => [x.file, x.line, x.column, x.severity])).toEqual([["units/example.service.in", 5, 11, "info"]]);
    expect(ph[0]!.message).toContain("3 placeholders (@bindir@, @sysconfdir@, @localstatedir@)");
    // The value without a placeholder is still judged; the ones with one are not.
    const invalid = f.filter((x) => x.ruleId === "invalid-value");
    expect(invalid.map((x) => x.line)).toEqual([8]);
    expect(f.filter((x) => x.ruleId === "syntax-error" || x.ruleId === "missing-exec-start")).toEqual([]);
  });

  test("a template found by walking a directory is not read", async () => {
    const f = await run("example.service.in", false);
    expect(f).toEqual([]);
  });

  test("a unit that is not a template keeps its findings", async () => {
    const f = await run("example.service", true);
    expect(f.some((x) => x.ruleId === "unsubstituted-placeholder")).toBe(false);
    expect(f.filter((x) => x.ruleId === "invalid-value").length).toBeGreaterThan(1);
  });
});
