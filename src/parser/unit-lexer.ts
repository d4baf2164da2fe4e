/**
 * Lexer for systemd unit files: chevrotain token types and the chevrotain Lexer over them.
 *
 * systemd's reader (config_parse() in src/shared/conf-parser.c) is line based: it reads one
 * physical line, drops it if it is a comment, and keeps appending lines while the text ends in
 * an odd number of backslashes. Only then does it look at `[`, `]` and the first `=` of the
 * joined *logical* line. A continuation can move the `=` or the closing `]` to a later physical
 * line and can swallow a `[Section]` line into a value, so `=`/`[`/`]` are not lexical units
 * here: the tokens are runs of physical lines of one kind, classified the way systemd
 * classifies a line before joining:
 *
 *   CommentLines   lines whose first non-blank character is `#` or `;` (blank = space/tab)
 *   BlankLines     EMPTY lines (nothing but terminators)
 *   ContinuedLines non-comment lines whose content ends with an odd run of backslashes
 *                  (consecutive ones always belong to the same logical line)
 *   Lines          any other lines (assignments, headers, lines of blanks, garbage): each is a
 *                  logical line of its own, unless it ends a continuation
 *
 * Each token is a maximal run of consecutive lines of one kind, and `payload` holds how many
 * lines it has. The grammar (unit-grammar.ts) walks the lines of a run. Runs keep the token
 * count, and so the lexer's and parser's per-token work and the token objects kept for a file,
 * small: a vendor unit is ~10 tokens, not ~40, and a file of 10 million newlines or a
 * continuation over a million lines is one token.
 *
 * Each token's image is its lines' content PLUS their terminators, so every character of the
 * input is in exactly one token and `tokens.map(t => t.image).join("")` gives back the decoded
 * text.
 *
 * Line terminators are those of read_line_full() (src/basic/fileio.c): any combination of `\n`
 * and `\r` with each at most once (`\n`, `\r`, `\r\n`, `\n\r`), optionally followed by one NUL,
 * or a lone NUL. `\r\r` and `\n\n` are two terminators, and so are `\0\n`.
 *
 * Position tracking is "onlyOffset": chevrotain's own line counting knows neither NUL nor
 * `\n\r` as one terminator; the grammar counts lines itself (`payload`).
 */
import { Lexer, createToken } from "chevrotain";
import type { CustomPatternMatcherReturn, IToken, TokenType } from "chevrotain";
import { SKIP_VALIDATIONS } from "./chevrotain-options.js";
import { contentEndFrom, terminatorEnd } from "../core/text-lines.js";

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const BACKSLASH = 0x5c;

function match(image: string, lines: number): CustomPatternMatcherReturn {
  const m = [image] as CustomPatternMatcherReturn;
  m.payload = lines;
  return m;
}

const COMMENT = 0;
const EMPTY = 1;
const CONTINUED = 2;
const OTHER = 3;

// The four patterns are tried at the same offset one after the other, and a run stops at the
// first line of the next run: remember the classification of the line at (text, offset) so
// that it is computed once.
let cacheText: string | null = null;
let cacheOffset = -1;
let cacheKind = OTHER;
let cacheEnd = 0;

/** Kind of the physical line starting at `pos` (< text.length); sets `cacheEnd` to its content end. */
function classify(text: string, pos: number): number {
  if (cacheText === text && cacheOffset === pos) return cacheKind;
  const n = text.length;
  let kind = OTHER;
  const c0 = text.charCodeAt(pos);
  let end: number;
  if (c0 === LF || c0 === CR || c0 === NUL) {
    kind = EMPTY;
    end = pos;
  } else {
    let i = pos;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09) break;
      i++;
    }
    const m = i < n ? text.charCodeAt(i) : 0;
    if (m === 0x23 || m === 0x3b) {
      kind = COMMENT;
      end = contentEndFrom(text, i + 1);
    } else {
      end = contentEndFrom(text, i);
      let k = 0;
      while (end - k - 1 >= pos && text.charCodeAt(end - k - 1) === BACKSLASH) k++;
      kind = (k & 1) === 1 ? CONTINUED : OTHER;
    }
  }
  cacheText = text;
  cacheOffset = pos;
  cacheKind = kind;
  cacheEnd = end;
  return kind;
}

/** The run of lines of `kind` starting at `offset`, or null when the line there is of another kind. */
function run(text: string, offset: number, kind: number): CustomPatternMatcherReturn | null {
  const n = text.length;
  if (offset >= n || classify(text, offset) !== kind) return null;
  let pos = terminatorEnd(text, cacheEnd);
  let lines = 1;
  while (pos < n && classify(text, pos) === kind) {
    pos = terminatorEnd(text, cacheEnd);
    lines++;
  }
  return match(text.substring(offset, pos), lines);
}

/** Forget the cached classification (so no reference to the last input text is kept). */
function resetLexerCache(): void {
  cacheText = null;
  cacheOffset = -1;
}

/** Comment lines: the first non-blank character is `#` or `;` (indentation included). */
export const CommentLines = createToken({
  name: "CommentLines",
  pattern: { exec: (text: string, offset: number) => run(text, offset, COMMENT) },
  start_chars_hint: [" ", "\t", "#", ";"],
  line_breaks: true,
});

/** Empty physical lines. */
export const BlankLines = createToken({
  name: "BlankLines",
  pattern: { exec: (text: string, offset: number) => run(text, offset, EMPTY) },
  start_chars_hint: ["\n", "\r", "\0"],
  line_breaks: true,
});

/** Non-comment lines whose content ends with an odd number of backslashes. */
export const ContinuedLines = createToken({
  name: "ContinuedLines",
  pattern: { exec: (text: string, offset: number) => run(text, offset, CONTINUED) },
  line_breaks: true,
});

/** Any other lines (assignments, section headers, lines of blanks, garbage). */
export const Lines = createToken({
  name: "Lines",
  pattern: { exec: (text: string, offset: number) => run(text, offset, OTHER) },
  line_breaks: true,
});

/**
 * Calls `fn(start, contentEnd)` for each physical line of a token image starting at file offset
 * `base`, from the line that starts at image offset `from`.
 */
export function forEachLine(image: string, base: number, fn: (start: number, contentEnd: number) => void, from = 0): void {
  const n = image.length;
  let pos = from;
  while (pos < n) {
    const end = contentEndFrom(image, pos);
    fn(base + pos, base + end);
    pos = terminatorEnd(image, end);
  }
}

/** Image offset just after the first line of a token image. */
export function afterFirstLine(image: string): number {
  return terminatorEnd(image, contentEndFrom(image, 0));
}

/** Order matters: chevrotain takes the first pattern that matches. */
export const allTokens: TokenType[] = [CommentLines, BlankLines, ContinuedLines, Lines];

let lexer: Lexer | null = null;

/**
 * Tokenizes a decoded unit file with chevrotain's Lexer over the token types above, built on
 * first use. `safeMode`: ContinuedLines and Line can start with any character, so a
 * first-character table would only list all four patterns for every character (and tabulating
 * 65,536 characters cost ~25 ms of every start-up); the four patterns are tried in order.
 * `positionTracking: "onlyOffset"`: lines are counted by the grammar (see the file header).
 * Every input character is matched by `Line`, so there are no lexing errors. The scan cache is
 * cleared before (a stale entry can never be compared against a different text) and after (no
 * reference to the text is kept).
 */
export function tokenizeUnit(text: string): IToken[] {
  lexer ??= new Lexer(allTokens, {
    positionTracking: "onlyOffset",
    safeMode: true,
    skipValidations: SKIP_VALIDATIONS,
  });
  resetLexerCache();
  try {
    return lexer.tokenize(text).tokens;
  } finally {
    resetLexerCache();
  }
}
