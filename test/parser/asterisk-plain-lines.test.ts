/**
 * Runs of plain lines (asterisk-lexer.ts PlainLines): blank lines, `key = value` and
 * `[name](options)` lines without `;`, `\` or NUL lex into one token per run, which the grammar
 * consumes in one step and the builder splits. The tree must be exactly the one the small tokens
 * give (the general path, with PlainLines turned off): lines, strings, every location, comments,
 * problems, the depth carried to the next file, at any chunk size and initial depth.
 */
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { finalCommentDepth, parseAsteriskConfig } from "../../src/parser/asterisk-parser.js";
import { MAX_PLAIN_LINE } from "../../src/parser/asterisk-lexer.js";
import { asteriskTokens } from "./asterisk-tokens.js";

const ONE_CHUNK = 1 << 30;

function parsed(text: string, plain: boolean, depth = 0, chunk = ONE_CHUNK): unknown {
  const ast = parseAsteriskConfig(text, "x.conf", { initialDepth: depth, chunkChars: chunk, plainLines: plain });
  return { lines: ast.lines, comments: ast.comments, problems: ast.problems, depth: finalCommentDepth(ast) };
}

function tokenTypes(text: string): string[] {
  return asteriskTokens(text).map((t) => t.type);
}

// Lines that are plain, nearly plain (one character away from the general path) and general.
const LINES = [
  "a = 1",
  "key=value",
  "  indented\t=\t v ",
  "x => y",
  "x ==> y",
  "x = => y",
  "k-dash = v",
  "-- = v",
  "é = ü",
  "callerid = \"User 1\" <100>",
  "allow = ulaw,alaw",
  "v = a=b [c] (d) #e +f",
  "k+=v",
  "k + = v",
  "k+ = v",
  "a b = c",
  "noequals",
  " = v",
  "\\x=1",
  "k = a\\;b",
  "k = a ; comment",
  "k = a ;-- block --; b",
  "k = a\u0000b",
  "cr = 1\r",
  "[s]",
  "  [s]  ",
  "[s](!)",
  "[s](a,b)",
  "[s](a, b ,)",
  "[s] (!)",
  "[s](!) trailing text",
  "[s](a)(b)",
  "[a(b]",
  "[]",
  "[s](",
  "[s](a",
  "[s",
  "[s];c",
  "#include x.conf",
  ";-- open",
  "--; close",
  "--;",
  "; comment",
  "",
  "   ",
  "\t\r",
  "\ufeff[bom]",
  "\ufeffk = v",
];

describe("PlainLines runs", () => {
  test("every line shape gives the general path's tree, alone and between others", () => {
    for (const l of LINES) {
      for (const text of [l, `${l}\n`, `[s]\n${l}\nz = 9\n`, `;--\n${l}\n--;\n${l}\n`, `a = 1\n\n${l}\n\n[t]\nb = 2`]) {
        expect(parsed(text, true)).toEqual(parsed(text, false));
        expect(parsed(text, true, 1)).toEqual(parsed(text, false, 1));
        expect(parsed(text, true, -1)).toEqual(parsed(text, false, -1));
      }
    }
  });

  test("random sequences of lines: same tree at any chunk size and initial depth", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...LINES), { maxLength: 25 }),
        fc.boolean(),
        fc.constantFrom(0, 0, 1, -1, 2),
        fc.constantFrom(ONE_CHUNK, 1, 7, 40),
        (lines, finalNewline, depth, chunk) => {
          const text = lines.join("\n") + (finalNewline ? "\n" : "");
          expect(parsed(text, true, depth, chunk)).toEqual(parsed(text, false, depth, ONE_CHUNK));
        },
      ),
      { numRuns: 400 },
    );
  });

  test("lines around the length limit: a plain line is never one Asterisk skips as too long", () => {
    for (const len of [MAX_PLAIN_LINE - 4, MAX_PLAIN_LINE - 3, MAX_PLAIN_LINE, MAX_PLAIN_LINE + 1, 8190, 8191, 9000]) {
      for (const ch of ["a", "é", "€", "\u{1F600}"]) {
        for (const pre of ["k = ", "[", ""]) {
          const body = ch.repeat(Math.ceil(len / ch.length)).slice(0, len);
          const text = `[s]\n${pre}${body}\nx = 1\n${pre}${body}]\n${pre}${body}`;
          expect(parsed(text, true)).toEqual(parsed(text, false));
        }
      }
    }
    const long = `k = ${"€".repeat(3000)}`; // 9,004 bytes: skipped by Asterisk
    const ast = parseAsteriskConfig(`[s]\n${long}\n`, "x.conf");
    expect(ast.problems.map((p) => p.kind)).toEqual(["line-too-long"]);
  });

  test("plain lines are lexed as runs; other lines keep their small tokens", () => {
    const text = "[phone](!)\ntype = endpoint\n\n[100](phone)\naors = 100\n; a comment\nauth = 100\n";
    expect(tokenTypes(text)).toEqual(["PlainLines", "Semicolon", "Ws", "Text", "Ws", "Text", "Newline", "PlainLines"]);
    // A big file of plain lines is a handful of tokens, however many lines it has.
    let big = "";
    for (let i = 0; i < 2000; i++) big += `[${i}](phone)\naors = ${i}\ncallerid = "User ${i}" <${i}>\n\n`;
    expect(tokenTypes(big)).toEqual(["PlainLines"]);
    const ast = parseAsteriskConfig(big, "x.conf");
    expect(ast.lines).toHaveLength(6000);
    expect(ast.lines[5999]).toMatchObject({ kind: "assignment", key: "callerid", value: '"User 1999" <1999>', line: 7999, column: 1 });
  });
});
