/**
 * The unit-file lexer and grammar (chevrotain Lexer and EmbeddedActionsParser): every token
 * sequence the lexer produces is a sentence of the grammar (no parser error), the tokens
 * re-join to the input, and the grammar's events account for every physical line exactly once,
 * with its number, classified as an independent line splitter (read_line_full() terminators)
 * classifies it. The result of the whole parser is compared with a naive port of systemd's
 * config_parse() in unit-parser.test.ts.
 */
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { IToken } from "chevrotain";
import { createToken } from "chevrotain";
import { parseUnitLines, type UnitLineSink } from "../../src/parser/unit-grammar.js";
import { tokenizeUnit } from "../../src/parser/unit-lexer.js";

function events(tokens: IToken[]): { errors: number; out: string[] } {
  const out: string[] = [];
  const sink: UnitLineSink = {
    comment: (s, e, l) => void out.push(`comment ${s} ${e} ${l}`),
    beginLogical: () => void out.push("begin"),
    physical: (s, e, l, k) => void out.push(`physical ${s} ${e} ${l} ${k}`),
    endLogical: () => void out.push("end"),
  };
  const errors = parseUnitLines(tokens, sink);
  return { errors, out };
}

/** Physical lines as read_line_full() splits them: [start, contentEnd, end]. Written independently of the lexer. */
function splitLines(text: string): [number, number, number][] {
  const out: [number, number, number][] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    while (i < text.length && !"\n\r\0".includes(text[i]!)) i++;
    const contentEnd = i;
    const seen = new Set<string>();
    while (i < text.length && "\n\r\0".includes(text[i]!) && !seen.has(text[i]!) && !seen.has("\0")) seen.add(text[i++]!);
    out.push([start, contentEnd, i]);
  }
  return out;
}

/** The expected events, from the independent splitter and systemd's rules (comment first, then odd backslashes). */
function expected(text: string): string[] {
  const out: string[] = [];
  let open = false;
  const lines = splitLines(text);
  lines.forEach(([s, e], k) => {
    const line = k + 1;
    const content = text.slice(s, e);
    const isComment = /^[ \t]*[#;]/.test(content);
    const continued = /(^|[^\\])(\\\\)*\\$/.test(content);
    if (isComment) {
      out.push(open ? `physical ${s} ${e} ${line} comment` : `comment ${s} ${e} ${line}`);
      return;
    }
    if (!open) {
      if (content === "") return; // an empty line outside a continuation is no logical line
      out.push("begin");
    }
    if (continued) {
      out.push(`physical ${s} ${e} ${line} continued`);
      open = true;
    } else {
      out.push(`physical ${s} ${e} ${line} last`, "end");
      open = false;
    }
  });
  if (open) out.push("end");
  return out;
}

function same(text: string): void {
  const tokens = tokenizeUnit(text);
  expect(tokens.map((t) => t.image).join("")).toBe(text);
  const r = events(tokens);
  expect(r.errors).toBe(0);
  expect(r.out).toEqual(expected(text));
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

describe("unit lexer and grammar", () => {
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

  test("a foreign token stops the parser with an error, after the events before it", () => {
    const Foreign = createToken({ name: "Foreign", pattern: /x/ });
    const tokens = tokenizeUnit("a=1\n# c\nb=2\\\n");
    const foreign = { image: "x", startOffset: 4, tokenType: Foreign, tokenTypeIdx: Foreign.tokenTypeIdx } as unknown as IToken;
    const r = events([tokens[0]!, foreign, ...tokens.slice(1)]);
    expect(r.errors).toBeGreaterThan(0);
    expect(r.out).toEqual(["begin", "physical 0 3 1 last", "end"]);
    // The parser is usable again afterwards.
    expect(events(tokens).errors).toBe(0);
  });
});
