/**
 * Lexer for systemd unit files: chevrotain token types and the chevrotain Lexer over them.
 *
 * systemd's reader (config_parse() in src/shared/conf-parser.c) is line based: it reads one
 * physical line, drops it if it is a comment, and keeps appending lines while the text ends in
 * an odd number of backslashes. Only then does it look at `[`, `]` and the first `=` of the
 * joined *logical* line. A continuation can move the `=` or the closing `]` to a later physical
 * line and can swallow a `[Section]` line into a value, so `=`/`[`/`]` are not lexical units
 * here: the tokens are the physical lines themselves, classified the way systemd classifies
 * them before joining:
 *
 *   CommentLine    `#` or `;` is the first non-blank character (blank = space/tab)
 *   BlankLines     one or more consecutive EMPTY lines (nothing but terminators); the number
 *                  of lines is in the token's `payload` (a file of 10 million newlines is then
 *                  one token instead of ten million)
 *   ContinuedLines one or more consecutive non-comment lines whose content ends with an odd
 *                  run of backslashes (consecutive ones always belong to the same logical
 *                  line, so a continuation over a million lines is one token)
 *   Line           anything else (including lines of blanks)
 *
 * Each token's image is the line's content PLUS its terminator, so every character of the input
 * is in exactly one token and `tokens.map(t => t.image).join("")` gives back the decoded text.
 * One token per line also keeps the lexer cheap (a 10 MB file is ~300k tokens, not millions).
 *
 * Line terminators are those of read_line_full() (src/basic/fileio.c): any combination of `\n`
 * and `\r` with each at most once (`\n`, `\r`, `\r\n`, `\n\r`), optionally followed by one NUL,
 * or a lone NUL. `\r\r` and `\n\n` are two terminators, and so are `\0\n`.
 *
 * Position tracking is "onlyOffset": chevrotain's own line counting knows neither NUL nor
 * `\n\r` as one terminator; the grammar counts lines itself (one per token, `payload` for
 * BlankLines).
 */
import { Lexer, createToken } from "chevrotain";
import type { CustomPatternMatcherReturn, IToken, TokenType } from "chevrotain";
import { SKIP_VALIDATIONS } from "./chevrotain-options.js";

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const BACKSLASH = 0x5c;

/** Offset of the first terminator character at or after `i` (or text.length). */
export function contentEndFrom(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR || c === NUL) return i;
    i++;
  }
  return n;
}

/** Given `i` at the first terminator character of a line, the offset just after that terminator. */
export function terminatorEnd(text: string, i: number): number {
  const n = text.length;
  let seen = 0; // bit 1 = NUL, 2 = LF, 4 = CR
  while (i < n) {
    if (seen & 1) break; // nothing follows a NUL in the same terminator
    const c = text.charCodeAt(i);
    const bit = c === LF ? 2 : c === CR ? 4 : c === NUL ? 1 : 0;
    if (bit === 0 || seen & bit) break;
    seen |= bit;
    i++;
  }
  return i;
}

/** Length of the terminator at the end of a token image (0 at end of input without one). */
export function terminatorLength(image: string): number {
  let k = 0;
  let i = image.length - 1;
  while (i >= 0 && k < 3) {
    const c = image.charCodeAt(i);
    if (c !== LF && c !== CR && c !== NUL) break;
    k++;
    i--;
  }
  return k;
}

function match(image: string): CustomPatternMatcherReturn {
  return [image] as CustomPatternMatcherReturn;
}

// ContinuedLines and Line are tried at the same offset one after the other; remember the scan
// of the first so the second does not repeat it.
let scanText: string | null = null;
let scanOffset = -1;
let scanContentEnd = 0;
let scanContinued = false;

function scan(text: string, offset: number): void {
  if (scanText === text && scanOffset === offset) return;
  const end = contentEndFrom(text, offset);
  let k = 0;
  while (end - k - 1 >= offset && text.charCodeAt(end - k - 1) === BACKSLASH) k++;
  scanText = text;
  scanOffset = offset;
  scanContentEnd = end;
  scanContinued = (k & 1) === 1;
}

/** Forget the cached scan (so no reference to the last input text is kept). */
function resetLexerCache(): void {
  scanText = null;
  scanOffset = -1;
}

/** A physical line whose first non-blank character is `#` or `;` (indentation included). */
export const CommentLine = createToken({
  name: "CommentLine",
  pattern: {
    exec(text: string, offset: number): CustomPatternMatcherReturn | null {
      const n = text.length;
      let i = offset;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c !== 0x20 && c !== 0x09) break;
        i++;
      }
      if (i >= n) return null;
      const m = text.charCodeAt(i);
      if (m !== 0x23 && m !== 0x3b) return null;
      const end = contentEndFrom(text, i + 1);
      return match(text.substring(offset, terminatorEnd(text, end)));
    },
  },
  start_chars_hint: [" ", "\t", "#", ";"],
  line_breaks: true,
});

/** Consecutive empty physical lines; `payload` = how many. */
export const BlankLines = createToken({
  name: "BlankLines",
  pattern: {
    exec(text: string, offset: number): CustomPatternMatcherReturn | null {
      const n = text.length;
      let i = offset;
      let lines = 0;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c !== LF && c !== CR && c !== NUL) break;
        i = terminatorEnd(text, i);
        lines++;
      }
      if (lines === 0) return null;
      const m = match(text.substring(offset, i));
      m.payload = lines;
      return m;
    },
  },
  start_chars_hint: ["\n", "\r", "\0"],
  line_breaks: true,
});

function isCommentAt(text: string, i: number): boolean {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return c === 0x23 || c === 0x3b;
    i++;
  }
  return false;
}

/**
 * Consecutive (non-comment) physical lines whose content ends with an odd number of backslashes.
 * `payload` = how many lines.
 */
export const ContinuedLines = createToken({
  name: "ContinuedLines",
  pattern: {
    exec(text: string, offset: number): CustomPatternMatcherReturn | null {
      scan(text, offset);
      if (!scanContinued) return null;
      const n = text.length;
      let pos = terminatorEnd(text, scanContentEnd);
      let lines = 1;
      while (pos < n && !isCommentAt(text, pos)) {
        const end = contentEndFrom(text, pos);
        let k = 0;
        while (end - k - 1 >= pos && text.charCodeAt(end - k - 1) === BACKSLASH) k++;
        if ((k & 1) === 0) break;
        pos = terminatorEnd(text, end);
        lines++;
      }
      const m = match(text.substring(offset, pos));
      m.payload = lines;
      return m;
    },
  },
  line_breaks: true,
});

/** Calls `fn(start, contentEnd)` for each physical line of a multi-line token image starting at `base`. */
export function forEachLine(image: string, base: number, fn: (start: number, contentEnd: number) => void): void {
  const n = image.length;
  let pos = 0;
  while (pos < n) {
    const end = contentEndFrom(image, pos);
    fn(base + pos, base + end);
    pos = terminatorEnd(image, end);
  }
}

/** Any other physical line (assignment, section header, blank line, garbage). */
export const Line = createToken({
  name: "Line",
  pattern: {
    exec(text: string, offset: number): CustomPatternMatcherReturn | null {
      if (offset >= text.length) return null;
      scan(text, offset);
      return match(text.substring(offset, terminatorEnd(text, scanContentEnd)));
    },
  },
  line_breaks: true,
});

/** Order matters: chevrotain takes the first pattern that matches. */
export const allTokens: TokenType[] = [CommentLine, BlankLines, ContinuedLines, Line];

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
