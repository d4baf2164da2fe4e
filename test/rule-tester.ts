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
import * as path from "node:path";
import { makeTree, relativeFindings, REPO } from "./helpers.js";

export interface TesterCase {
  name: string;
  /** Files by path relative to the root (text or bytes; a text starting with "->" makes a symlink). */
  tree: Record<string, string | Uint8Array>;
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

/**
 * Examples of a rule page (docs/rules/ID.md): code blocks whose info string names the file
 * inside a filesystem root (```ini file=etc/systemd/system/asterisk.socket); several blocks under
 * one "## Incorrect" or "## Correct" heading form one tree; "### " sub-headings start a new one.
 */
export interface Example {
  kind: "incorrect" | "correct";
  title: string;
  files: Record<string, string>;
  options: Record<string, unknown>;
}

export function examples(markdown: string): Example[] {
  const out: Example[] = [];
  let kind: Example["kind"] | null = null;
  let current: Example | null = null;
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const h2 = /^## (Incorrect|Correct)\b/i.exec(line);
    if (/^## /.test(line)) {
      kind = h2 ? (h2[1].toLowerCase() as Example["kind"]) : null;
      current = null;
      continue;
    }
    if (kind && /^### /.test(line)) {
      current = null;
      continue;
    }
    const fence = /^```\w*\s+file=(\S+)(.*)$/.exec(line);
    if (kind && fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].startsWith("```"); i++) body.push(lines[i]);
      if (!current) {
        current = { kind, title: `${kind} example ${out.filter((e) => e.kind === kind).length + 1}`, files: {}, options: {} };
        out.push(current);
      }
      current.files[fence[1]] = body.join("\n") + "\n";
      const opt = /options=(\{.*\})/.exec(fence[2]);
      if (opt) Object.assign(current.options, JSON.parse(opt[1]));
    }
  }
  return out;
}

/** The trees of a rule's documentation page: "## Correct" ones are valid cases, "## Incorrect" ones need expected findings. */
export function docCases(id: string): { valid: TesterCase[]; incorrect: TesterCase[] } {
  const exs = examples(fs.readFileSync(path.join(REPO, "docs", "rules", `${id}.md`), "utf8"));
  const toCase = (e: Example): TesterCase => ({ name: `docs/rules/${id}.md ${e.title}`, tree: e.files, options: e.options as Partial<LintOptions> });
  return { valid: exs.filter((e) => e.kind === "correct").map(toCase), incorrect: exs.filter((e) => e.kind === "incorrect").map(toCase) };
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
