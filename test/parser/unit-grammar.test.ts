/**
 * The unit-file lexer and grammar run as direct loops (`tokenizeUnit`, `parseUnitLines`); the
 * chevrotain forms (`tokenizeUnitChevrotain`, `parseUnitLinesChevrotain`) are their
 * specification. The tokens must be the same (every field), and both grammars must stream
 * exactly the same events for every token sequence the lexer can produce (and stop alike on a
 * foreign token).
 */
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { IToken } from "chevrotain";
import { createToken } from "chevrotain";
import { parseUnitLines, parseUnitLinesChevrotain, type UnitLineSink } from "../../src/parser/unit-grammar.js";
import { tokenizeUnit, tokenizeUnitChevrotain } from "../../src/parser/unit-lexer.js";

function events(run: (tokens: IToken[], sink: UnitLineSink) => number, tokens: IToken[]): string[] {
  const out: string[] = [];
  const sink: UnitLineSink = {
    comment: (s, e, l) => void out.push(`comment ${s} ${e} ${l}`),
    beginLogical: () => void out.push("begin"),
    physical: (s, e, l, k) => void out.push(`physical ${s} ${e} ${l} ${k}`),
    endLogical: () => void out.push("end"),
  };
  out.push(`errors ${run(tokens, sink) === 0 ? 0 : "some"}`);
  return out;
}

/** The token fields chevrotain sets (onlyOffset), as a plain object. */
function fields(t: IToken): Record<string, unknown> {
  return Object.fromEntries(Object.entries(t));
}

function same(text: string): void {
  const tokens = tokenizeUnit(text);
  expect(tokens.map(fields)).toEqual(tokenizeUnitChevrotain(text).map(fields));
  expect(events(parseUnitLines, tokens)).toEqual(events(parseUnitLinesChevrotain, tokens));
}

// Lines of every kind the lexer tells apart, with every terminator read_line_full() knows.
const piece = fc.constantFrom(
  "[Unit]",
  "Description=x",
  "Key = value ",
  "  # comment",
  "; comment",
  "#",
  "",
  " ",
  "\t",
  "ExecStart=/bin/true \\",
  "continued \\\\",
  "odd \\\\\\",
  "\\",
  "  \\",
  "[Service",
  "=",
  "\ufeffBOM=1",
);
const terminator = fc.constantFrom("\n", "\r\n", "\n\r", "\r", "\0", "\n\0", "\r\r", "\n\n", "");
const unitText = fc.array(fc.tuple(piece, terminator), { maxLength: 40 }).map((parts) => parts.map(([p, t]) => p + t).join(""));

describe("tokenizeUnit/parseUnitLines (loops) = chevrotain (specification)", () => {
  test("hand-picked shapes", () => {
    for (const t of [
      "",
      "\n",
      "\n\n\n",
      "a=1",
      "a=1\\",
      "a=1\\\n",
      "a=1\\\n# c\nb\n",
      "a=1\\\n; c\n\\\n\n\nx=2\n",
      "a=\\\n\n\nb=1",
      "# only\n; comments\n",
      "[Unit]\r\nDescription=x\r\n\r\n[Service]\r\nExecStart=/bin/a \\\r\n  --b\r\n",
      "x\\\r\r\ny",
      "x\\\0y\\\n",
    ])
      same(t);
  });

  test("random unit-like texts", () => {
    fc.assert(
      fc.property(unitText, (t) => same(t)),
      { numRuns: 400 },
    );
  });

  test("random strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "=", "#", ";", " ", "\t", "\\", "\n", "\r", "\0", "[", "]") }), (t) => same(t)),
      { numRuns: 400 },
    );
  });

  test("the unit files in the repository and the vendor units", () => {
    const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name === "node_modules" || e.name.startsWith(".")) continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile() && /\.(service|socket|timer|conf)$/.test(e.name)) files.push(p);
      }
    };
    for (const d of ["test", "examples", "docs"]) if (fs.existsSync(path.join(repo, d))) walk(path.join(repo, d));
    // And this machine's vendor units, where there are any.
    for (const d of ["/lib/systemd/system", "/usr/lib/systemd/system"]) if (fs.existsSync(d)) walk(d);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) same(fs.readFileSync(f, "utf8"));
  });

  test("a foreign token stops both after the same events", () => {
    const Foreign = createToken({ name: "Foreign", pattern: /x/ });
    const tokens = tokenizeUnit("a=1\n# c\nb=2\\\n");
    const foreign = { image: "x", startOffset: 4, tokenType: Foreign, tokenTypeIdx: Foreign.tokenTypeIdx } as unknown as IToken;
    for (const at of [0, 1, 2, tokens.length]) {
      const seq = [...tokens.slice(0, at), foreign, ...tokens.slice(at)];
      expect(events(parseUnitLines, seq)).toEqual(events(parseUnitLinesChevrotain, seq));
    }
  });
});
