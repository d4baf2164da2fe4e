/**
 * A small rule tester: runs one rule alone over small trees laid out like `/` (a temporary
 * --root) and compares its findings with the expected rule, file, line, column and message.
 *
 *   testRule(rule, {
 *     valid: [{ name: "…", tree: { "etc/systemd/system/a.service": "…" } }],
 *     invalid: [{ name: "…", tree: {…}, errors: [{ file: "etc/…", line: 3, column: 1, message: /…/ }] }],
 *   });
 *
 * An invalid case must produce exactly the listed findings of the rule (in file/line/column
 * order); a valid case none. `options` are lint() options (e.g. systemdVersion); `mode:
 * "repository"` lints the tree as a PATH instead of a root.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import { lint, type LintOptions } from "../src/lint.js";
import type { Finding, Severity } from "../src/core/types.js";
import type { Rule, RuleContext } from "../src/rules/rule.js";
import type { SystemModel } from "../src/model/model.js";
import { DerivedStore } from "../src/core/derived.js";
import { makeTree, relativeFindings } from "./helpers.js";

export interface TesterCase {
  name: string;
  /** Files by path relative to the root (a value starting with "->" makes a symlink). */
  tree: Record<string, string>;
  options?: Partial<LintOptions>;
  mode?: "root" | "repository";
}

export interface ExpectedFinding {
  file: string;
  line: number;
  column?: number;
  /** A substring or a pattern of the message. */
  message: string | RegExp;
  severity?: Severity;
}

export interface InvalidCase extends TesterCase {
  errors: ExpectedFinding[];
}

/** Runs `rule` alone on the case's tree; its findings with root-relative paths. */
export async function runRule(rule: Rule, c: TesterCase): Promise<Finding[]> {
  const root = makeTree(c.tree);
  try {
    const r =
      (c.mode ?? "root") === "root"
        ? await lint({ paths: [], root, rules: [rule], ...c.options })
        : await lint({ paths: [root], rules: [rule], ...c.options });
    return relativeFindings(r.findings, root).filter((f) => f.ruleId === rule.meta.id);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function matches(f: Finding, e: ExpectedFinding): boolean {
  return (
    f.file === e.file &&
    f.line === e.line &&
    (e.column === undefined || f.column === e.column) &&
    (e.severity === undefined || f.severity === e.severity) &&
    (typeof e.message === "string" ? f.message.includes(e.message) : e.message.test(f.message))
  );
}

const show = (f: Finding) => `${f.file}:${f.line}:${f.column} [${f.severity}] ${f.message}`;

/** Registers one jest test per case. */
export function testRule(rule: Rule, cases: { valid: TesterCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    test("has at least one valid and one invalid case", () => {
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
    });
    for (const c of cases.valid) {
      test(`valid: ${c.name}`, async () => {
        expect((await runRule(rule, c)).map(show)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      test(`invalid: ${c.name}`, async () => {
        const got = await runRule(rule, c);
        const problems: string[] = [];
        if (got.length !== c.errors.length) problems.push(`expected ${c.errors.length} finding(s), got ${got.length}`);
        c.errors.forEach((e, i) => {
          const f = got[i];
          if (!f || !matches(f, e)) problems.push(`#${i + 1}: expected ${e.file}:${e.line}${e.column ? `:${e.column}` : ""} ${String(e.message)}`);
        });
        if (problems.length) throw new Error(`${problems.join("\n")}\ngot:\n${got.map(show).join("\n")}`);
      });
    }
  });
}

/** A rule context over a model (for helpers that take one), with a fresh per-run store. */
export function ruleContext(model?: SystemModel, systemdVersion = 252): RuleContext & { reports: unknown[] } {
  const store = new DerivedStore();
  const reports: unknown[] = [];
  return {
    model: model as SystemModel,
    options: { systemdVersion, verbose: false },
    report: (r) => void reports.push(r),
    derived: (key, compute, subject) => store.get(key, compute, subject),
    reports,
  };
}
