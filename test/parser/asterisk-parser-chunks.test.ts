/**
 * The Asterisk parser lexes and parses a chunk of whole lines at a time (asterisk-parser.ts).
 * Cutting the text anywhere after a newline must give exactly the tree of one chunk: lines,
 * comments (block comments spanning chunks), problems (strays, unterminated blocks, long
 * lines), positions, the depth carried to the next file. A BOM-like U+FEFF after a newline is
 * never the start of a chunk.
 */
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { asteriskParseWork, finalCommentDepth, parseAsteriskConfig } from "../../src/parser/asterisk-parser.js";

const ONE_CHUNK = 1 << 30;
function parsed(text: string, chunk: number, depth = 0): unknown {
  const ast = parseAsteriskConfig(text, "x.conf", { initialDepth: depth, chunkChars: chunk });
  return { lines: ast.lines, comments: ast.comments, problems: ast.problems, depth: finalCommentDepth(ast) };
}

const SAMPLE = [
  "\ufeff[general](!)\n",
  "key = value ; trailing\n",
  "a += b\n",
  "\\=x = 1\n",
  ";-- block\nstill block\n--; after = 1\n",
  "x = 1 ;-- in ;-- nested --; --; y\n",
  "\ufeff[bom-later]\n",
  "--; stray\nignored = 1\n;-- reopen\n",
  "#include \"other.conf\"\n",
  "[unclosed\n",
  "[p](a,b\n",
  "noequals\n",
  "v = " + "x".repeat(9000) + "\n",
  "nul = a\u0000b ; c\n",
  "cr = 1\r\n",
  ";-- left open\n",
].join("");

describe("chunked lexing", () => {
  test("every chunk size gives the tree of one chunk", () => {
    const whole = parsed(SAMPLE, ONE_CHUNK);
    for (const n of [1, 2, 3, 7, 16, 64, 500]) expect(parsed(SAMPLE, n)).toEqual(whole);
    expect(parsed(SAMPLE, 5, 2)).toEqual(parsed(SAMPLE, ONE_CHUNK, 2));
  });

  test("random texts of config characters: tiny chunks equal one chunk", () => {
    const piece = fc.constantFrom("[", "]", "(", ")", "!", "+", "=", ">", ";", ";--", "--;", "-", "\\", "#", "include", " ", "\t", "\n", "\n", "\ufeff", "a", "key", ",", "\r", "\u0000");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), fc.integer({ min: 1, max: 40 }), (parts, n) => {
        const text = parts.join("");
        expect(parsed(text, n)).toEqual(parsed(text, ONE_CHUNK));
      }),
      { numRuns: 300 },
    );
  });
});

describe("bounded token lists", () => {
  test("the tokens alive at once do not grow with the file (10x the lines, same chunk)", () => {
    const peak = (sections: number): { chunks: number; max: number; lines: number } => {
      let text = "";
      for (let i = 0; i < sections; i++) text += `[s${i}]\ntype = endpoint ; c\n`;
      asteriskParseWork.chunks = 0;
      asteriskParseWork.maxChunkTokens = 0;
      const ast = parseAsteriskConfig(text, "big.conf", { chunkChars: 4096 });
      return { chunks: asteriskParseWork.chunks, max: asteriskParseWork.maxChunkTokens, lines: ast.lines.length };
    };
    const small = peak(2_000);
    const big = peak(20_000);
    expect(small.lines).toBe(4_000);
    expect(big.lines).toBe(40_000);
    // ~11 tokens a section: a whole-file token list would be 220,000 tokens for the big one.
    expect(big.chunks).toBeGreaterThan(small.chunks * 5);
    expect(big.max).toBeLessThan(small.max * 1.5);
    expect(big.max).toBeLessThan(10_000);
  });
});
