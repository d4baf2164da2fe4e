/**
 * Every fixture with fixable findings, fixed (safe and unsafe fixes) in a copy and linted
 * again: the fixed findings are gone, no new error appears (except what a fix reveals), and a
 * second --fix changes nothing.
 */
import { afterAll, describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { lint, type LintOptions } from "../../src/lint.js";
import { runFixes } from "../../src/cli/fix-run.js";
import { writeFixedFile } from "../../src/fix/write.js";
import type { Finding } from "../../src/core/types.js";
import { REPO, relativeFindings } from "../helpers.js";
import { ALL_RULES } from "../../src/rules/index.js";

const dir = path.join(REPO, "fixtures");
const names = fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, "fixture.json"))).sort();

function optionsFor(name: string, copy: string): LintOptions {
  const fx = JSON.parse(fs.readFileSync(path.join(dir, name, "fixture.json"), "utf8"));
  const opts = { ...(fx.options ?? {}) } as Record<string, unknown>;
  if (typeof opts.asteriskConfig === "string") opts.asteriskConfig = path.join(copy, opts.asteriskConfig);
  if (Array.isArray(opts.firewall)) opts.firewall = (opts.firewall as string[]).map((f) => f.replace(/^((?:\w+:)?)(.*)$/, (_m, k: string, p: string) => k + (path.isAbsolute(p) ? p : path.join(copy, p))));
  return (fx.mode ?? "root") === "root" ? ({ paths: [], root: copy, ...opts } as LintOptions) : ({ paths: [copy], ...opts } as LintOptions);
}

/** A finding's identity across edits (line numbers move; messages naming a line are compared without it). */
const key = (f: Finding) => `${f.ruleId}\0${f.file}\0${f.message.replace(/line \d+/g, "line N")}`;

const fixedFixtures: string[] = [];

describe("fixtures, fixed", () => {
  afterAll(() => {
    // Not vacuous: most fixtures are about findings that fix.
    expect(fixedFixtures.length).toBeGreaterThanOrEqual(15);
  });
  for (const name of names) {
    test(name, async () => {
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), `astlint-fix-${name}-`));
      fs.cpSync(path.join(dir, name), copy, { recursive: true, verbatimSymlinks: true });
      const options = optionsFor(name, copy);
      const before = relativeFindings((await lint(options)).findings, copy);
      const fixable = before.filter((f) => f.fix);
      // The rule's metadata says it fixes, and in the class of the fixes it offers.
      for (const f of fixable) {
        const meta = ALL_RULES.find((r) => r.meta.id === f.ruleId)!.meta;
        expect(`${f.ruleId}: ${meta.fixable ?? "not fixable"}`).toBe(`${f.ruleId}: ${f.fix!.safe ? "safe" : meta.fixable === "safe" ? "safe" : "unsafe"}`);
      }
      const run = await runFixes(options, true);
      for (const c of run.changes) writeFixedFile(c.host, c.after, c.before);
      const after = relativeFindings((await lint(options)).findings, copy);
      if (fixable.length === 0) {
        expect(run.changes).toEqual([]);
        return;
      }
      expect(run.changes.length).toBeGreaterThan(0);
      fixedFixtures.push(name);
      const left = new Set(after.map(key));
      const stillThere = fixable.filter((f) => left.has(key(f))).map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`);
      expect(stillThere).toEqual([]);
      const had = new Set(before.map(key));
      const newErrors = after.filter((f) => f.severity === "error" && !had.has(key(f))).map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`);
      expect(newErrors).toEqual([]);
      // Idempotent: nothing left to fix.
      const again = await runFixes(options, true);
      expect(again.changes.map((c) => c.display)).toEqual([]);
    });
  }
});
