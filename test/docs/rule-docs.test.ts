/**
 * Every rule has docs/rules/<id>.md, every page belongs to a rule, and the examples in the
 * pages are linted: each "## Incorrect" example must produce the rule, each "## Correct"
 * example must not. Examples are code blocks whose info string names the file inside a
 * filesystem root: ```ini file=etc/systemd/system/asterisk.socket
 * Several blocks under one heading form one tree; "### " sub-headings start a new example.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ALL_RULES } from "../../src/rules/index.js";
import { DIRECTIVE_RULES } from "../../src/astlintrc/suppressions.js";
import { lint } from "../../src/lint.js";
import { makeTree, REPO } from "../helpers.js";
import { examples } from "../rule-tester.js";

const DOCS = path.join(REPO, "docs", "rules");
// Triggers that a root tree cannot show: a binary, files that only repository mode reads
// (their examples are linted by test/rules/ID.test.ts instead), and a crash inside astlint
// (internal-error: its page exists for the url on its findings).
const NOT_TEXT = new Set(["asterisk-without-libsystemd", "not-a-unit", "unsubstituted-placeholder", "internal-error"]);
const ids = [...ALL_RULES.map((r) => r.meta.id), ...DIRECTIVE_RULES.map((r) => r.id), "internal-error"];

describe("rule documentation", () => {
  test("every rule has a page and every page is a rule", () => {
    const pages = fs.readdirSync(DOCS).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3)).sort();
    expect(pages).toEqual([...ids].sort());
  });

  for (const id of ids) {
    const file = path.join(DOCS, `${id}.md`);
    if (!fs.existsSync(file)) continue;
    const md = fs.readFileSync(file, "utf8");
    test(`${id}: the page names the rule and its severity`, () => {
      expect(md.startsWith(`# ${id}\n`)).toBe(true);
      expect(md).toMatch(/\*\*Severity:\*\*/);
    });
    const isDirectiveRule = DIRECTIVE_RULES.some((r) => r.id === id);
    const exs = examples(md);
    if (NOT_TEXT.has(id)) {
      test(`${id}: its trigger is not text, so it has an ## Example section instead`, () => {
        expect(md).toMatch(/^## Example/m);
      });
      continue;
    }
    test(`${id}: has incorrect and correct examples`, () => {
      expect(exs.some((e) => e.kind === "incorrect")).toBe(true);
      expect(exs.some((e) => e.kind === "correct")).toBe(true);
    });
    for (const ex of exs) {
      test(`${id}: ${ex.title} ${ex.kind === "incorrect" ? "produces" : "does not produce"} the rule`, async () => {
        const root = makeTree(ex.files);
        const r = await lint({ paths: [], root, reportUnusedDisableDirectives: isDirectiveRule, ...ex.options });
        const hits = r.findings.filter((f) => f.ruleId === id);
        if (ex.kind === "incorrect") expect(hits.length).toBeGreaterThan(0);
        else expect(hits.map((f) => f.message)).toEqual([]);
      });
    }
  }
});

describe("fix sections", () => {
  test("every fixable rule's page shows its fix, as the built CLI computes it (scripts/update-docs-fixes.mjs --check)", () => {
    const out = spawnSync(process.execPath, [path.join(REPO, "scripts/update-docs-fixes.mjs"), "--check"], { cwd: REPO, encoding: "utf8" });
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
    for (const r of ALL_RULES.filter((x) => x.meta.fixable)) {
      expect(fs.readFileSync(path.join(DOCS, `${r.meta.id}.md`), "utf8")).toMatch(/^## Fix\n/m);
    }
  });
});
