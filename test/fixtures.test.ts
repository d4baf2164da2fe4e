/**
 * Runs astlint on every tree under fixtures/ and compares with its fixture.json:
 *   { "description": "...",
 *     "options": { ...LintOptions, paths relative to the fixture dir },
 *     "mode": "root" (default: the fixture dir is --root) | "repository" (the fixture dir is a PATH),
 *     "expect": [{ "rule": "...", "file": "etc/...", "line": 6, "severity"?: "...", "message"?: "substring" }],
 *     "absent": ["rule-id", ...]   // rules that must produce nothing here (near misses) }
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { lint } from "../src/lint.js";
import { REPO, relativeFindings } from "./helpers.js";

interface Fixture {
  description: string;
  options?: Record<string, unknown>;
  mode?: "root" | "repository";
  expect: { rule: string; file: string; line: number; severity?: string; message?: string }[];
  absent?: string[];
}

const dir = path.join(REPO, "fixtures");
const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, "fixture.json"))).sort() : [];

describe("fixtures", () => {
  test("there are fixtures", () => {
    expect(names.length).toBeGreaterThan(0);
  });
  for (const name of names) {
    const fdir = path.join(dir, name);
    const fx: Fixture = JSON.parse(fs.readFileSync(path.join(fdir, "fixture.json"), "utf8"));
    test(`${name}: ${fx.description}`, async () => {
      const opts = { ...(fx.options ?? {}) } as Record<string, unknown>;
      if (typeof opts.asteriskConfig === "string") opts.asteriskConfig = path.join(fdir, opts.asteriskConfig);
      const mode = fx.mode ?? "root";
      const r =
        mode === "root"
          ? await lint({ paths: [], root: fdir, ...opts })
          : await lint({ paths: [fdir], ...opts });
      const findings = relativeFindings(r.findings, fdir).filter((f) => f.file !== "fixture.json");
      const got = findings.map((f) => `${f.ruleId} ${f.file}:${f.line} [${f.severity}] ${f.message}`);
      for (const e of fx.expect) {
        const hit = findings.find(
          (f) =>
            f.ruleId === e.rule &&
            f.file === e.file &&
            f.line === e.line &&
            (!e.severity || f.severity === e.severity) &&
            (!e.message || f.message.includes(e.message)),
        );
        if (!hit) throw new Error(`expected ${e.rule} at ${e.file}:${e.line}${e.message ? ` ("${e.message}")` : ""}; got:\n${got.join("\n")}`);
      }
      for (const rule of fx.absent ?? []) {
        const bad = findings.filter((f) => f.ruleId === rule);
        if (bad.length) throw new Error(`expected no ${rule}; got:\n${got.join("\n")}`);
      }
      // Every finding of a rule the fixture is about must be one it expects.
      const about = new Set(fx.expect.map((e) => e.rule));
      const unexpected = findings.filter(
        (f) => about.has(f.ruleId) && !fx.expect.some((e) => e.rule === f.ruleId && e.file === f.file && e.line === f.line),
      );
      expect(unexpected.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
    });
  }
});
