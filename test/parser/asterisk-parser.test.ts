/**
 * Tests of the Asterisk config parser (src/parser/asterisk-parser.ts) against what Asterisk's
 * main/config.c (`config_text_file_load()`, `process_text_line()`) does at 22.x.
 */
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import * as fs from "node:fs";
import { asteriskTokens } from "./lexed-tokens.js";
import {
  MAX_LINE_BYTES,
  assignmentLeadingBlanks,
  finalCommentDepth,
  parseAsteriskConfig,
} from "../../src/parser/asterisk-parser.js";
import type { AstAssignment, AstConfigAST, AstDirective, AstLine, AstSectionHeader } from "../../src/parser/asterisk-ast.js";
import { settledGrowth } from "../cost.js";
import { corpusFiles, corpusPath, describeCorpus } from "../corpus.js";

const FILE = "t.conf";
const parse = (input: string | Uint8Array): AstConfigAST => parseAsteriskConfig(input, FILE);

type Span = { line: number; column: number; endLine: number; endColumn: number };
const span = (l: Span): [number, number, number, number] => [l.line, l.column, l.endLine, l.endColumn];

function assignments(ast: AstConfigAST): AstAssignment[] {
  return ast.lines.filter((l): l is AstAssignment => l.kind === "assignment");
}
function headers(ast: AstConfigAST): AstSectionHeader[] {
  return ast.lines.filter((l): l is AstSectionHeader => l.kind === "section");
}
function directives(ast: AstConfigAST): AstDirective[] {
  return ast.lines.filter((l): l is AstDirective => l.kind === "directive");
}
/** key=value pairs in order. */
function kv(input: string): string[] {
  return assignments(parse(input)).map((a) => `${a.key}=${a.value}`);
}
function kinds(ast: AstConfigAST): string[] {
  return ast.problems.map((p) => p.kind);
}
/** Text of a single-line location, taken from the decoded text (independent of the parser). */
function textOf(text: string, l: Span): string {
  expect(l.endLine).toBe(l.line);
  return text.split("\n")[l.line - 1]!.slice(l.column - 1, l.endColumn - 1);
}
function bytes(...parts: (string | number[])[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p)))));
}

describe("comments", () => {
  test("`;` starts a comment anywhere; it is collected with its position and text", () => {
    const ast = parse("[general]\nport = 5038 ; the port\n; whole line\n");
    expect(kv(ast.text)).toEqual(["port=5038"]);
    const a = assignments(ast)[0]!;
    expect(span(a)).toEqual([2, 1, 2, 12]);
    expect(span(a.valueLoc)).toEqual([2, 8, 2, 12]);
    expect(ast.comments).toEqual([
      { file: FILE, line: 2, column: 13, endLine: 2, endColumn: 23, text: " the port", trailing: true, block: false },
      { file: FILE, line: 3, column: 1, endLine: 3, endColumn: 13, text: " whole line", trailing: false, block: false },
    ]);
  });

  test("an astlint suppression comment is a trailing comment with its text", () => {
    const ast = parse("[g]\nbindaddr = 0.0.0.0 ; astlint-disable-line asterisk-foo\r\n");
    expect(ast.comments).toHaveLength(1);
    expect(ast.comments[0]).toMatchObject({ line: 2, column: 20, endColumn: 55, text: " astlint-disable-line asterisk-foo", trailing: true });
  });

  test("`\\;` is a literal semicolon (the backslash is removed); `\\\\;` escapes too", () => {
    const ast = parse("[g]\nsecret = ab\\;cd ; real comment\nx = a\\\\;b\n");
    const [a, b] = assignments(ast);
    expect(a!.value).toBe("ab;cd");
    expect(span(a!.valueLoc)).toEqual([2, 10, 2, 16]);
    expect(textOf(ast.text, a!.valueLoc)).toBe("ab\\;cd");
    expect(b!.value).toBe("a\\;b");
    expect(ast.comments.map((c) => c.text)).toEqual([" real comment"]);
  });

  test("`;--` ... `--;` block comments span lines; text before and after is kept", () => {
    const ast = parse("[g]\na = 1 ;-- x\ny = 2\nz --; b = 3\n");
    expect(kv(ast.text)).toEqual(["a=1", "b=3"]);
    expect(ast.comments).toEqual([{ file: FILE, line: 2, column: 7, endLine: 4, endColumn: 6, text: " x\ny = 2\nz ", trailing: true, block: true }]);
    expect(span(assignments(ast)[1]!)).toEqual([4, 7, 4, 12]);
  });

  test("text before `;--` and after the final `--;` on one line are joined (a = 1 ;-- x --; 2 → a = 1  2)", () => {
    const ast = parse("[g]\na = 1 ;-- x --; 2\n");
    const a = assignments(ast)[0]!;
    expect(a.value).toBe("1  2");
    expect(span(a.valueLoc)).toEqual([2, 5, 2, 18]);
    expect(ast.comments[0]).toMatchObject({ line: 2, column: 7, endLine: 2, endColumn: 16, text: " x ", block: true });
  });

  test("joined text forms operators across the comment: `+` `=` is `+=`, `=` `>` is `=>`", () => {
    const ast = parse("[g]\na +;-- c --;= b\nx =;-- c --;> y\nz+;-- c --;=>w\n");
    expect(assignments(ast).map((a) => [a.key, a.operator, a.value])).toEqual([
      ["a", "+=", "b"],
      ["x", "=>", "y"],
      ["z", "+=", ">w"],
    ]);
    const [a, x] = assignments(ast);
    expect(span(a!.keyLoc)).toEqual([2, 1, 2, 2]);
    expect(span(a!.valueLoc)).toEqual([2, 15, 2, 16]);
    expect(span(x!.valueLoc)).toEqual([3, 15, 3, 16]);
  });

  test("a block comment can join the pieces of a section header", () => {
    const ast = parse("[gen;-- x --;eral]\n[t];-- c --;(!)\n");
    expect(headers(ast).map((h) => [h.name, h.template])).toEqual([
      ["general", false],
      ["t", true],
    ]);
  });

  test("block comments nest; `;` inside a block is ignored", () => {
    const ast = parse(";-- outer ;-- inner --; still ; comment --; after=1\n[g]\n");
    expect(ast.problems).toEqual([]);
    expect(ast.comments).toHaveLength(1);
    expect(ast.comments[0]).toMatchObject({ line: 1, column: 1, endColumn: 44, block: true, trailing: false });
    expect(ast.lines[0]).toMatchObject({ kind: "assignment", key: "after", value: "1", column: 45 });
  });

  test("`;---` is an ordinary line comment, not a block", () => {
    const ast = parse(";--- not a block\n[g]\na=1\n;-------------------------------;\nb=2\n");
    expect(kv(ast.text)).toEqual(["a=1", "b=2"]);
    expect(ast.comments.map((c) => c.block)).toEqual([false, false]);
  });

  test("`;--` inside a value opens a block that swallows the following lines", () => {
    const ast = parse("[g]\nsecret=ab;--cd\nport=1\n");
    expect(kv(ast.text)).toEqual(["secret=ab"]);
    expect(kinds(ast)).toEqual(["unterminated-block"]);
    expect(span(ast.problems[0]!)).toEqual([2, 10, 2, 13]);
    expect(ast.comments[0]).toMatchObject({ line: 2, column: 10, endLine: 3, endColumn: 7, text: "cd\nport=1\n" });
  });

  test("an unterminated block comment is reported and the rest of the file is a comment", () => {
    const ast = parse("[g]\na=1\n;-- open\nb=2\n");
    expect(kv(ast.text)).toEqual(["a=1"]);
    expect(ast.problems).toHaveLength(1);
    expect(ast.problems[0]).toMatchObject({ kind: "unterminated-block", line: 3, column: 1, endColumn: 4, invalidatesFile: false });
    expect(finalCommentDepth(ast)).toBe(1);
  });

  test("`--;` closes only when its `;` does not itself open a block (`--;--x` opens)", () => {
    const ast = parse("[g]\na = x--;--y\nb = 1\n");
    expect(kv(ast.text)).toEqual(["a=x--"]);
    expect(kinds(ast)).toEqual(["unterminated-block"]);
  });

  test("more than 128 nested blocks: block-nest-limit", () => {
    // `--;--;` would be `--` + two opens (`;--`): separate the closes.
    const ast = parse(";--".repeat(129) + "\n" + "--; ".repeat(128) + "\n[g]\na=1\n");
    expect(kinds(ast)).toEqual(["block-nest-limit"]);
    expect(span(ast.problems[0]!)).toEqual([1, 385, 1, 388]);
    expect(kv(ast.text)).toEqual(["a=1"]);
  });
});

describe("stray `--;`", () => {
  test("the line keeps `--; note`; following lines are discarded up to and including the next `;--` line", () => {
    const ast = parse("[g]\nsecret = abc--; note ; more\nlost=1\nlost2=2 ;-- x\nback=1\n");
    const a = assignments(ast);
    expect(a.map((x) => `${x.key}=${x.value}`)).toEqual(["secret=abc--; note ; more", "back=1"]);
    expect(span(a[0]!.valueLoc)).toEqual([2, 10, 2, 28]);
    expect(ast.problems).toHaveLength(1);
    const p = ast.problems[0]!;
    expect(p).toMatchObject({ kind: "stray-block-close", line: 2, column: 13, endColumn: 16, invalidatesFile: false });
    expect(p.message).toContain("lines 3-4 are ignored");
    expect(ast.comments).toEqual([]);
  });

  test("without a later `;--` every following line is lost", () => {
    const ast = parse("[g]\na=1--;\nb=2\n[h]\n");
    expect(kv(ast.text)).toEqual(["a=1--;"]);
    expect(headers(ast).map((h) => h.name)).toEqual(["g"]);
    expect(ast.problems[0]!.message).toContain("every following line of the file is ignored");
    expect(finalCommentDepth(ast)).toBe(-1);
  });

  test("two stray closes need two `;--`", () => {
    const ast = parse("[g]\na=1 --; --;\nb=2 ;--\nc=3 ;--\nd=4\n");
    expect(kv(ast.text)).toEqual(["a=1 --; --;", "d=4"]);
    expect(kinds(ast)).toEqual(["stray-block-close", "stray-block-close"]);
  });
});

describe("section headers", () => {
  test("name is the untrimmed text up to the first `]`; positions", () => {
    const ast = parse("[ general ]\n[a]b]\n");
    const [h1, h2] = headers(ast);
    expect(h1!.name).toBe(" general ");
    expect(span(h1!)).toEqual([1, 1, 1, 12]);
    expect(span(h1!.nameLoc)).toEqual([1, 2, 1, 11]);
    expect(h2!.name).toBe("a");
  });

  test("options must follow `]` directly; they are split on `,` without trimming", () => {
    const ast = parse("[x] (!)\n[t](!)\n[u](!, base)\n[v](tpl1,tpl2)\n[w](+)\n[y](+filter,!)\n[e]()\n");
    expect(headers(ast).map((h) => [h.name, h.options, h.template, h.append, h.inherits])).toEqual([
      ["x", [], false, false, []],
      ["t", ["!"], true, false, []],
      ["u", ["!", " base"], true, false, [" base"]],
      ["v", ["tpl1", "tpl2"], false, false, ["tpl1", "tpl2"]],
      ["w", ["+"], false, true, []],
      ["y", ["+filter", "!"], true, true, []],
      ["e", [""], false, false, [""]],
    ]);
  });

  test("missing `]` invalidates the file (unclosed-bracket)", () => {
    const ast = parse("[general\nport=1\n");
    expect(headers(ast)).toEqual([]);
    expect(ast.problems).toHaveLength(1);
    expect(ast.problems[0]).toMatchObject({ kind: "unclosed-bracket", line: 1, column: 1, endLine: 1, endColumn: 9, invalidatesFile: true });
  });

  test("missing `)` invalidates the file (unclosed-paren)", () => {
    const ast = parse("  [x](!,tpl ; comment\n");
    expect(ast.problems).toHaveLength(1);
    expect(ast.problems[0]).toMatchObject({ kind: "unclosed-paren", line: 1, column: 6, endColumn: 12, invalidatesFile: true });
    expect(headers(ast)).toEqual([]);
  });

  test("text after `)` is ignored", () => {
    const h = headers(parse("[x](!)junk here\n"))[0]!;
    expect([h.name, h.template]).toEqual(["x", true]);
    expect(span(h)).toEqual([1, 1, 1, 16]);
  });
});

describe("variable lines", () => {
  test("`=`, `=>`, `+=`; split at the first `=`; name and value stripped", () => {
    const ast = parse("[g]\n  key  =  a = b  \nexten => 1,1,Noop()\nallow += ulaw\nx+=>y\nk==v\n");
    expect(assignments(ast).map((a) => [a.key, a.operator, a.value])).toEqual([
      ["key", "=", "a = b"],
      ["exten", "=>", "1,1,Noop()"],
      ["allow", "+=", "ulaw"],
      ["x", "+=", ">y"],
      ["k", "=", "=v"],
    ]);
    const a = assignments(ast)[0]!;
    expect(span(a)).toEqual([2, 3, 2, 16]);
    expect(span(a.keyLoc)).toEqual([2, 3, 2, 6]);
    expect(span(a.valueLoc)).toEqual([2, 11, 2, 16]);
    expect(assignmentLeadingBlanks(assignments(ast)[2]!)).toBe(" ");
  });

  test("values are never unquoted", () => {
    expect(kv("[g]\nbindaddr = \"127.0.0.1\"\nb='x'\n")).toEqual(['bindaddr="127.0.0.1"', "b='x'"]);
  });

  test("empty value is allowed; its location is empty, right after the operator", () => {
    const a = assignments(parse("[g]\nsecret =   ; nothing\n"))[0]!;
    expect(a.value).toBe("");
    expect(span(a.valueLoc)).toEqual([2, 9, 2, 9]);
  });

  test("a leading `\\` escapes the first character of the name", () => {
    const ast = parse("[g]\n\\=a=b\n\\[x]=1\n\\#y=2\n\\+=>z\n\\==>w\n\\++=v\n");
    expect(assignments(ast).map((a) => [a.key, a.operator, a.value])).toEqual([
      ["=a", "=", "b"],
      ["[x]", "=", "1"],
      ["#y", "=", "2"],
      ["+", "=>", "z"],
      ["=", "=>", "w"],
      ["+", "+=", "v"],
    ]);
    const first = assignments(ast)[0]!;
    expect(span(first)).toEqual([2, 1, 2, 6]);
    expect(span(first.keyLoc)).toEqual([2, 2, 2, 4]);
  });

  test("`\\` followed by a blank (or nothing) is an invalid escape: file invalid", () => {
    const ast = parse("[g]\n\\ x=1\n\\\n");
    expect(ast.problems.map((p) => [p.kind, ...span(p), p.invalidatesFile])).toEqual([
      ["invalid-escape", 2, 1, 2, 3, true],
      ["invalid-escape", 3, 1, 3, 2, true],
    ]);
  });

  test("no `=` and no name are warnings; the line is ignored", () => {
    const ast = parse("[g]\njust words\n= 3\n+=x\n  =>y\n");
    expect(assignments(ast)).toEqual([]);
    expect(ast.problems.map((p) => [p.kind, ...span(p), p.invalidatesFile])).toEqual([
      ["missing-equals", 2, 1, 2, 11, false],
      ["missing-name", 3, 1, 3, 4, false],
      ["missing-name", 4, 1, 4, 4, false],
      ["missing-name", 5, 3, 5, 6, false],
    ]);
  });

  test("no line continuation: a trailing backslash is literal", () => {
    expect(kv("[g]\na = b\\\nc = d\n")).toEqual(["a=b\\", "c=d"]);
  });
});

describe("directives", () => {
  test("#include / #tryinclude / #exec; word case-insensitive; one pair of quotes or <> removed", () => {
    const ast = parse('#include "manager.d/*.conf" \n#TryInclude <a b.conf>\n#exec /usr/bin/x --y\n#include plain.conf ; c\n#include ""x""\n');
    expect(directives(ast).map((d) => [d.name, d.argument])).toEqual([
      ["include", "manager.d/*.conf"],
      ["tryinclude", "a b.conf"],
      ["exec", "/usr/bin/x --y"],
      ["include", "plain.conf"],
      ["include", '"x"'],
    ]);
    const [d1, d2] = directives(ast);
    expect(span(d1!)).toEqual([1, 1, 1, 28]);
    expect(span(d1!.argumentLoc)).toEqual([1, 11, 1, 27]);
    expect(textOf(ast.text, d2!.argumentLoc)).toBe("a b.conf");
    expect(ast.problems).toEqual([]);
  });

  test("a lone quote dequotes to an empty argument", () => {
    const d = directives(parse('#include "\n'))[0]!;
    expect(d.argument).toBe("");
    expect(span(d.argumentLoc)).toEqual([1, 11, 1, 11]);
  });

  test("unknown #word warns and is ignored (not file-invalidating); `# comment` too", () => {
    const ast = parse("# a shell-style comment\n#includ foo\n[g]\n");
    expect(ast.problems.map((p) => [p.kind, ...span(p), p.invalidatesFile])).toEqual([
      ["unknown-directive", 1, 1, 1, 24, false],
      ["unknown-directive", 2, 1, 2, 12, false],
    ]);
    expect(directives(ast).map((d) => d.name)).toEqual(["", "includ"]);
  });

  test("missing argument: warning, no directive node", () => {
    const ast = parse("#include\n#exec   ; nothing\n");
    expect(directives(ast)).toEqual([]);
    expect(ast.problems.map((p) => [p.kind, ...span(p)])).toEqual([
      ["missing-directive-argument", 1, 1, 1, 9],
      ["missing-directive-argument", 2, 1, 2, 6],
    ]);
  });
});

describe("physical lines", () => {
  test(`a line of ${MAX_LINE_BYTES} bytes is read, one more byte and it is skipped`, () => {
    const ok = "k=" + "v".repeat(MAX_LINE_BYTES - 2);
    const long = "k=" + "v".repeat(MAX_LINE_BYTES - 1);
    const ast = parse(`[g]\n${ok}\n${long}\nb=1\n`);
    expect(assignments(ast).map((a) => a.line)).toEqual([2, 4]);
    expect(ast.problems).toHaveLength(1);
    expect(ast.problems[0]).toMatchObject({ kind: "line-too-long", line: 3, column: 1, endColumn: MAX_LINE_BYTES + 2, invalidatesFile: false });
  });

  test("the limit counts UTF-8 bytes; a skipped line does not open a block comment", () => {
    const euro = "\u20ac".repeat(2731); // 8193 bytes, 2731 UTF-16 units
    const ast = parse(`[g]\na=${euro};--\nb=1\n`);
    expect(kinds(ast)).toEqual(["line-too-long"]);
    expect(kv(ast.text)).toEqual(["b=1"]);
    expect(parse(bytes("[g]\na=", euro, ";--\nb=1\n")).problems.map((p) => p.kind)).toEqual(["line-too-long"]);
  });

  test("UTF-8 BOM on line 1 is tolerated (and counts as a column); CRLF works", () => {
    const ast = parse(bytes([0xef, 0xbb, 0xbf], "[general]\r\nenabled = yes\r\n"));
    expect(ast.problems).toEqual([]);
    const h = headers(ast)[0]!;
    expect([h.name, ...span(h)]).toEqual(["general", 1, 2, 1, 11]);
    const a = assignments(ast)[0]!;
    expect([a.value, ...span(a.valueLoc)]).toEqual(["yes", 2, 11, 2, 14]);
  });

  test("columns are UTF-16 units of the decoded line; each invalid byte is one U+FFFD", () => {
    const ast = parse(bytes("[g]\n\u{1F600}=", [0xff, 0xe2, 0x82], "x ; c\n"));
    const a = assignments(ast)[0]!;
    expect(a.key).toBe("\u{1F600}");
    expect(span(a.keyLoc)).toEqual([2, 1, 2, 3]);
    expect(a.value).toBe("\ufffd\ufffd\ufffdx");
    expect(span(a.valueLoc)).toEqual([2, 4, 2, 8]);
    expect(ast.comments[0]).toMatchObject({ column: 9 });
  });

  test("a NUL byte ends the line's text", () => {
    const ast = parse("[g]\na=b\u0000c;--\nd=1\n");
    expect(kv(ast.text)).toEqual(["a=b", "d=1"]);
  });

  test("empty input and blank lines", () => {
    expect(parse("")).toMatchObject({ lines: [], comments: [], problems: [] });
    expect(asteriskTokens("")).toEqual([]);
    expect(parse("\n \t\r\n").lines).toEqual([]);
  });
});

describe("block comment depth across files", () => {
  test("an initial depth > 0 continues a block; < 0 continues a stray", () => {
    const open = parseAsteriskConfig("still comment --;\n[g]\na=1\n", FILE, { initialDepth: 1 });
    expect(assignments(open).map((a) => `${a.key}=${a.value}`)).toEqual(["a=1"]);
    expect(open.comments[0]).toMatchObject({ line: 1, column: 1, endLine: 1, endColumn: 18, text: "still comment ", block: true });
    expect(finalCommentDepth(open)).toBe(0);
    const stray = parseAsteriskConfig("[lost]\n;--\n[g]\n", FILE, { initialDepth: -1 });
    expect(headers(stray).map((h) => h.name)).toEqual(["g"]);
    const never = parseAsteriskConfig("[g]\n", FILE, { initialDepth: 2 });
    expect(never.lines).toEqual([]);
    expect(never.problems[0]).toMatchObject({ kind: "unterminated-block", line: 1, column: 1, endColumn: 1 });
  });
});

describe("tokens and robustness", () => {
  const fragments = [
    "[", "]", "(", ")", ",", "!", "+", "=", "=>", "+=", "\\", ";", ";--", "--;", "-", "#", "#include", " ", "\t", "\r", "\n",
    "\r\n", "\0", "\ufeff", "a", "general", "\"", "<", ">", "\ud800", "\u{1F600}", "é",
  ];
  const textArb = fc.array(fc.constantFrom(...fragments), { maxLength: 60 }).map((a) => a.join(""));

  test("tokens re-join to the text; positions lie inside the input; never throws", () => {
    fc.assert(
      fc.property(fc.oneof(textArb, fc.string({ maxLength: 80 })), (s) => {
        const ast = parse(s);
        expect(ast.text).toBe(s);
        expect(asteriskTokens(ast.text).map((t) => t.image).join("")).toBe(ast.text);
        let off = 0;
        for (const t of asteriskTokens(ast.text)) {
          expect(t.offset).toBe(off);
          off += t.image.length;
        }
        const lines = s.split("\n");
        const inside = (l: Span) => {
          expect(l.line).toBeGreaterThanOrEqual(1);
          expect(l.endLine).toBeGreaterThanOrEqual(l.line);
          expect(l.column).toBeGreaterThanOrEqual(1);
          expect(l.column).toBeLessThanOrEqual((lines[l.line - 1] ?? "").length + 1);
          expect(l.endColumn).toBeLessThanOrEqual((lines[l.endLine - 1] ?? "").length + 1);
          if (l.endLine === l.line) expect(l.endColumn).toBeGreaterThanOrEqual(l.column);
        };
        for (const l of ast.lines as AstLine[]) {
          inside(l);
          if (l.kind === "assignment") {
            inside(l.keyLoc);
            inside(l.valueLoc);
          } else if (l.kind === "section") inside(l.nameLoc);
          else inside(l.argumentLoc);
        }
        ast.comments.forEach(inside);
        ast.problems.forEach(inside);
      }),
      { numRuns: 300 },
    );
  });

  test("random bytes never throw; valid UTF-8 parses like its text", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
        const ast = parse(b);
        expect(asteriskTokens(ast.text).map((t) => t.image).join("")).toBe(ast.text);
        let text: string | null = null;
        try {
          text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(b);
        } catch {
          text = null;
        }
        if (text !== null) expect(parse(text)).toEqual(ast);
      }),
      { numRuns: 300 },
    );
  });

  test("large inputs are parsed in linear time", () => {
    const unit = "[s]\nkey = value ; comment\n;-- block\n--;\nx\\;y=1\n";
    const big = unit.repeat(20000); // ~1 MB
    const ast = parse(big);
    expect(assignments(ast)).toHaveLength(40000);
    // Linear is ~10x, quadratic ~100x; a busy machine can spoil one round, not three.
    expect(settledGrowth((k) => unit.repeat(k), parse, 2000, 40)).toBeLessThan(40);
    // Pathological shapes: one huge line of dashes, deep nesting, many stray closes.
    const shapes: ((k: number) => string)[] = [(k) => "-".repeat(5 * k) + ";", (k) => ";--".repeat(k), (k) => "--;".repeat(k), (k) => "[" + "a".repeat(5 * k)];
    for (const make of shapes) {
      const s = make(200_000);
      const a = parse(s);
      expect(asteriskTokens(a.text).map((x) => x.image).join("")).toBe(s);
      // Linear is ~10x (GC adds some: ~20-30x seen for nested ";--"), quadratic ~100x every time.
      // A busy machine can spoil one measurement, never three: the best of up to three is judged.
      expect(settledGrowth(make, parse, 20_000, 45)).toBeLessThan(45);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Golden data from the spec and the real-world corpus.

const sample = (name: string) => parseAsteriskConfig(fs.readFileSync(corpusPath("asterisk-samples", name)), name);

/** Variables of the first non-template section `name`, as a module reads them (no includes here). */
function sectionVars(ast: AstConfigAST, name: string): Map<string, string> {
  const out = new Map<string, string>();
  let inside = false;
  let done = false;
  for (const l of ast.lines) {
    if (l.kind === "section") {
      if (inside) done = true;
      inside = !done && l.name.toLowerCase() === name && !l.template;
    } else if (l.kind === "assignment" && inside) out.set(l.key.toLowerCase(), l.value);
  }
  return out;
}

describeCorpus("golden data (Asterisk's shipped samples and the real-world corpus)", () => {
  test("manager.conf.sample: [general] enabled=no, port=5038, bindaddr=0.0.0.0; blocks 108-208 and 282-284 skipped", () => {
    const ast = sample("manager.conf.sample");
    expect(ast.problems).toEqual([]);
    const first = headers(ast).find((h) => !h.template)!;
    expect([first.name, first.line]).toEqual(["general", 21]);
    const g = sectionVars(ast, "general");
    expect(g.get("enabled")).toBe("no");
    expect(g.get("port")).toBe("5038");
    expect(g.get("bindaddr")).toBe("0.0.0.0");
    const blocks = ast.comments.filter((c) => c.block).map((c) => [c.line, c.endLine]);
    expect(blocks).toEqual([
      [108, 208],
      [282, 284],
    ]);
    expect(ast.lines.some((l) => (l.line > 108 && l.line < 208) || (l.line > 282 && l.line < 284))).toBe(false);
  });

  test("http.conf.sample: [general] servername=Asterisk, bindaddr=127.0.0.1, no enabled", () => {
    const ast = sample("http.conf.sample");
    expect(ast.problems).toEqual([]);
    const g = sectionVars(ast, "general");
    expect(g.get("servername")).toBe("Asterisk");
    expect(g.get("bindaddr")).toBe("127.0.0.1");
    expect(g.has("enabled")).toBe(false);
  });

  test("asterisk.conf.sample: [directories](!) template with 12 astXXXdir entries, [options] documentation_language=en_US", () => {
    const ast = sample("asterisk.conf.sample");
    expect(ast.problems).toEqual([]);
    const dirs = headers(ast).find((h) => h.name === "directories")!;
    expect([dirs.template, dirs.options]).toEqual([true, ["!"]]);
    const idx = ast.lines.indexOf(dirs);
    const entries: AstAssignment[] = [];
    for (const l of ast.lines.slice(idx + 1)) {
      if (l.kind !== "assignment") break;
      entries.push(l);
    }
    expect(entries).toHaveLength(12);
    expect(entries.every((e) => /^ast[a-z]+dir$/.test(e.key) && e.operator === "=>")).toBe(true);
    expect(entries[0]).toMatchObject({ key: "astcachedir", value: "/var/cache/asterisk" });
    expect(sectionVars(ast, "options").get("documentation_language")).toBe("en_US");
  });

  // Samples of the 20 and 22 trees that Asterisk's config.c never reads: ast_debug_tools.conf
  // is sourced by shell scripts, dbsep.conf by the dbsep.cgi script, extensions.ael and
  // extensions.lua by pbx_ael and pbx_lua's own parsers. They parse without throwing, with problems.
  const NOT_CONFIG_C = /(^|\/)(ast_debug_tools\.conf|dbsep\.conf|extensions\.ael|extensions\.lua)$/;
  const files = [...corpusFiles("asterisk-configs"), ...corpusFiles("asterisk-samples")];
  test.each(files)("corpus %s parses without throwing and without problems", (rel) => {
    const buf = fs.readFileSync(corpusPath(rel));
    const ast = parseAsteriskConfig(buf, rel);
    expect(asteriskTokens(ast.text).map((t) => t.image).join("")).toBe(ast.text);
    if (NOT_CONFIG_C.test(rel)) {
      expect(ast.problems.length).toBeGreaterThan(0);
      return;
    }
    // Every corpus file is syntactically clean (checked one by one when this test was written).
    expect(ast.problems).toEqual([]);
    // Some samples (acl.conf, calendar.conf, ...) are nothing but commented-out examples.
    expect(ast.lines.length + ast.comments.length).toBeGreaterThan(0);
  });

  test("corpus includes are directives with dequoted arguments", () => {
    const pripyat = parseAsteriskConfig(
      fs.readFileSync(corpusPath("asterisk-configs/PripyatAutomations__tk__etc__asterisk__manager.conf")),
      "m",
    );
    expect(directives(pripyat).map((d) => [d.name, d.argument, d.line])).toEqual([
      ["include", "manager.d/*.conf", 15],
      ["include", "telekinesis/manager.*.conf", 16],
    ]);
  });
});
