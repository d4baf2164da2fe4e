/**
 * chevrotain lexer for Asterisk config files (Asterisk main/config.c `config_text_file_load()` at 22.x).
 *
 * Asterisk has no real lexer: config_text_file_load() reads a physical line with fgets(),
 * scans it for `;` left to right (escape, block open, block close, line comment, in that order)
 * and hands the surviving text to process_text_line(), which looks at the first character and
 * at the first `]`, `(`, `)`, `=` of the line. The token types below are chosen so that a
 * context-free left-to-right tokenization makes exactly the decisions that scan makes at every
 * `;`:
 *
 *   EscapedSemi  `\;`                     the escape check comes first
 *   BlockOpen    `;--` not followed by `-`  (`;---` is an ordinary line comment)
 *   BlockClose   `--;` unless that `;` itself opens a block (`--;--x` is `-`,`-`,`;--`,`x`):
 *                the open check runs before the close check for the same `;`
 *   Semicolon    any other `;`
 *   DashRun      dashes, but never the two dashes of a following BlockClose (`---;` is
 *                `-` + `--;`), so the `--` of a close are never swallowed by a previous token
 *
 * Whether a `;` is a comment, a block boundary or plain text (inside a block, or on the line of a
 * stray `--;`) depends on the nesting depth, which the comment pass in asterisk-parser.ts tracks.
 *
 * The remaining token types are the punctuation process_text_line() reacts to, whitespace
 * (every character below 33, which ast_strip() removes), and Text for everything else.
 * Every character of the input belongs to exactly one token, so the images re-join to the text.
 *
 * Line terminator: only `\n` (fgets); a `\r` is an ordinary character below 33 (stripped).
 * A NUL ends the C string, so `Nul` swallows the rest of its physical line.
 */
import { Lexer, createToken } from "chevrotain";
import type { CustomPatternMatcherReturn, TokenType } from "chevrotain";
import { SKIP_VALIDATIONS } from "./chevrotain-options.js";

// Token categories used by the grammar (never produced by the lexer).
export const AnyContent = createToken({ name: "AnyContent", pattern: Lexer.NA });
export const NotRBracket = createToken({ name: "NotRBracket", pattern: Lexer.NA });
export const NotRParen = createToken({ name: "NotRParen", pattern: Lexer.NA });
export const NotOperator = createToken({ name: "NotOperator", pattern: Lexer.NA });
export const NotWs = createToken({ name: "NotWs", pattern: Lexer.NA });

const ALL_BUT = {
  rbracket: [AnyContent, NotRParen, NotOperator, NotWs],
  rparen: [AnyContent, NotRBracket, NotOperator, NotWs],
  operator: [AnyContent, NotRBracket, NotRParen, NotWs],
  ws: [AnyContent, NotRBracket, NotRParen, NotOperator],
  none: [AnyContent, NotRBracket, NotRParen, NotOperator, NotWs],
};

export const Newline = createToken({ name: "Newline", pattern: /\n/, line_breaks: true });

/** U+FEFF at offset 0 (a UTF-8 BOM at the start of line 1 is removed by Asterisk). */
export const Bom = createToken({
  name: "Bom",
  pattern: {
    exec(text: string, offset: number): CustomPatternMatcherReturn | null {
      return offset === 0 && text.charCodeAt(0) === 0xfeff ? (["\ufeff"] as CustomPatternMatcherReturn) : null;
    },
  },
  start_chars_hint: [0xfeff],
  line_breaks: false,
});

/** A NUL byte ends the C string: the rest of the physical line is never looked at. */
export const Nul = createToken({ name: "Nul", pattern: /\x00[^\n]*/ });

/** Characters below 33 except `\n` and NUL (what ast_strip() removes). */
export const Ws = createToken({ name: "Ws", pattern: /[\x01-\x09\x0b-\x20]+/, categories: ALL_BUT.ws });

export const EscapedSemi = createToken({ name: "EscapedSemi", pattern: /\\;/, categories: ALL_BUT.none });
export const BlockOpen = createToken({ name: "BlockOpen", pattern: /;--(?!-)/, start_chars_hint: [";"] });
export const BlockClose = createToken({
  name: "BlockClose",
  pattern: /--;(?!--(?!-))/,
  start_chars_hint: ["-"],
  categories: ALL_BUT.none,
});
export const Semicolon = createToken({ name: "Semicolon", pattern: /;/, categories: ALL_BUT.none });
const DashRun = createToken({
  name: "DashRun",
  // Lazy first alternative: stop right before the `--;` of a real BlockClose. Linear: every
  // lookahead is fixed-length.
  pattern: /-+?(?=--;(?!--(?!-)))|-+/,
  start_chars_hint: ["-"],
  categories: ALL_BUT.none,
});
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, categories: ALL_BUT.none });
export const RBracket = createToken({ name: "RBracket", pattern: /\]/, categories: ALL_BUT.rbracket });
export const LParen = createToken({ name: "LParen", pattern: /\(/, categories: ALL_BUT.none });
export const RParen = createToken({ name: "RParen", pattern: /\)/, categories: ALL_BUT.rparen });
export const Comma = createToken({ name: "Comma", pattern: /,/, categories: ALL_BUT.none });
export const Hash = createToken({ name: "Hash", pattern: /#/, categories: ALL_BUT.none });
export const Backslash = createToken({ name: "Backslash", pattern: /\\/, categories: ALL_BUT.none });
export const PlusEquals = createToken({ name: "PlusEquals", pattern: /\+=/, categories: ALL_BUT.operator });
export const Plus = createToken({ name: "Plus", pattern: /\+/, categories: ALL_BUT.none });
export const Arrow = createToken({ name: "Arrow", pattern: /=>/, categories: ALL_BUT.operator });
export const Equals = createToken({ name: "Equals", pattern: /=/, categories: ALL_BUT.operator });
export const Text = createToken({ name: "Text", pattern: /[^\x00-\x20;\\[\]()#,=+-]+/, categories: ALL_BUT.none });

// ---------------------------------------------------------------------------------------------
// Runs of plain lines. Most lines of a big config are a plain `key = value` or `[name](options)`
// or a blank line, with no `;`, `\` or NUL anywhere. A maximal run of such physical lines lexes
// into ONE PlainLines token (its image is the lines with their newlines), as the unit lexer's
// runs of lines do, instead of five to eight small tokens per line; the grammar consumes it in
// one step and the builder reads each line's parts. A line belongs to a run only when its small
// tokens would say exactly the same:
//   - no `;` (no comment, no block boundary, no `\;`), no `\` (no escape) and no NUL: the
//     comment pass keeps or drops such a line as a whole (by the depth at its start), like its
//     small tokens, and the depth is the same after it;
//   - at most MAX_PLAIN_LINE characters, i.e. at most 8190 bytes in UTF-8: never skipped as too long;
//   - blank: nothing but blanks (no logical line);
//   - assignment: blanks, a key of Text characters and dashes, blanks, `=` or `=>` (never `+=`:
//     `+` is not a key character), then anything: the first `=` is the operator, as in the
//     grammar's `assignment` rule;
//   - header: blanks, `[`, a name without `]`, `]`, optionally `(` options without `)` `)` right
//     after it, then anything: what the grammar's `header` rule reads from the small tokens (a
//     `(` that is not right after the `]` is trailing text there too).
// A run starts at a line start (offset 0 of a chunk is one; a BOM at offset 0 is its own token
// first, so that line takes the general path). Blanks are the characters Ws matches (below 33
// except the newline and NUL).

/** 8190 bytes / 3 (a UTF-16 code unit is at most 3 bytes of UTF-8). */
export const MAX_PLAIN_LINE = 2730;

/** A character the Ws token matches (below 33 except the newline and NUL); false past the end (NaN). */
export function isBlankCode(c: number): boolean {
  return c <= 0x20 && c !== 0x0a && c !== 0;
}

/** A character Text or DashRun matches (Text's class plus `-`). */
function isKeyChar(c: number): boolean {
  if (c <= 0x20) return false;
  switch (c) {
    case 0x3b: // ;
    case 0x5c: // \
    case 0x5b: // [
    case 0x5d: // ]
    case 0x28: // (
    case 0x29: // )
    case 0x23: // #
    case 0x2c: // ,
    case 0x3d: // =
    case 0x2b: // +
      return false;
    default:
      return true;
  }
}

/** End of the plain line's text from `i` on (its `\n` or the end of the text), or -1 at a `;`, `\` or NUL. */
function plainRest(text: string, i: number, n: number): number {
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) return i;
    if (c === 0x3b || c === 0x5c || c === 0) return -1;
  }
  return n;
}

/** Offset of `ch` from `i` on, or -1 at a newline, `;`, `\` or NUL first. */
function plainUntil(text: string, i: number, n: number, ch: number): number {
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === ch) return i;
    if (c === 0x0a || c === 0x3b || c === 0x5c || c === 0) return -1;
  }
  return -1;
}

/**
 * End of the plain physical line starting at `start` (the offset of its `\n` or the end of the
 * text), or -1 when the line is not plain.
 */
function plainLineEnd(text: string, start: number): number {
  const n = text.length;
  let i = start;
  while (i < n && isBlankCode(text.charCodeAt(i))) i++;
  const c = i < n ? text.charCodeAt(i) : 0x0a;
  let end: number;
  if (c === 0x0a) {
    end = i; // blank
  } else if (c === 0x5b) {
    i = plainUntil(text, i + 1, n, 0x5d);
    if (i < 0) return -1;
    if (i + 1 < n && text.charCodeAt(i + 1) === 0x28) {
      i = plainUntil(text, i + 2, n, 0x29);
      if (i < 0) return -1;
    }
    end = plainRest(text, i + 1, n);
  } else {
    const keyStart = i;
    while (i < n && isKeyChar(text.charCodeAt(i))) i++;
    if (i === keyStart) return -1;
    while (i < n && isBlankCode(text.charCodeAt(i))) i++;
    if (i >= n || text.charCodeAt(i) !== 0x3d) return -1;
    end = plainRest(text, i + 1, n);
  }
  return end < 0 || end - start > MAX_PLAIN_LINE ? -1 : end;
}

function plainLines(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (offset !== 0 && text.charCodeAt(offset - 1) !== 0x0a) return null;
  const n = text.length;
  let pos = offset;
  while (pos < n) {
    const end = plainLineEnd(text, pos);
    if (end < 0) break;
    pos = end < n ? end + 1 : n;
  }
  return pos === offset ? null : ([text.substring(offset, pos)] as CustomPatternMatcherReturn);
}

/** A run of plain lines, newlines included (see above). */
export const PlainLines = createToken({
  name: "PlainLines",
  pattern: { exec: plainLines },
  line_breaks: true,
});

/** Synthetic: the character after a leading `\` of a variable line (split off by the builder). */
export const EscapedChar = createToken({ name: "EscapedChar", pattern: Lexer.NA, categories: ALL_BUT.none });
/** Synthetic: ends every logical line handed to the grammar. */
export const LineEnd = createToken({ name: "LineEnd", pattern: Lexer.NA });

/**
 * Lexer order matters: chevrotain takes the first pattern that matches, trying them in this
 * order at every position (safeMode). Only patterns that can start with the same character
 * compete (`\;`/`\`, `;--`/`;`, `--;`/dashes, `+=`/`+`, `=>`/`=`, and the BOM, a U+FEFF that
 * Text also matches, at offset 0): their relative order is what decides. The runs of plain lines
 * come first (they reject a position that is not a line start with one comparison), then Text, Ws
 * and Newline, the most frequent tokens, so most positions try a few patterns, not twenty.
 */
const lexerTokens: TokenType[] = [
  Bom,
  PlainLines,
  Text,
  Ws,
  Newline,
  Nul,
  EscapedSemi,
  BlockOpen,
  BlockClose,
  Semicolon,
  DashRun,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Comma,
  Hash,
  Backslash,
  PlusEquals,
  Plus,
  Arrow,
  Equals,
];

/** Every token type the grammar knows (lexer tokens, synthetic tokens, categories). */
export const allTokens: TokenType[] = [
  ...lexerTokens,
  EscapedChar,
  LineEnd,
  AnyContent,
  NotRBracket,
  NotRParen,
  NotOperator,
  NotWs,
];

/**
 * Built once per process, on first use (most runs read no Asterisk config). Positions:
 * "onlyOffset" (the fastest mode, fewer fields per token); the comment pass counts lines itself
 * from the Newline tokens.
 *
 * safeMode: the first-character table chevrotain would derive from the regular expressions
 * (regexp-to-ast) cost ~10 ms per process; lexing the corpus's Asterisk configs without it was
 * as fast. The patterns are tried in order either way, so the tokens are the same.
 */
function lazyLexer(tokens: TokenType[]): Pick<Lexer, "tokenize"> {
  let lexer: Lexer | null = null;
  return {
    tokenize(text: string, initialMode?: string) {
      lexer ??= new Lexer(tokens, {
        positionTracking: "onlyOffset",
        lineTerminatorsPattern: /\n/g,
        lineTerminatorCharacters: ["\n"],
        safeMode: true,
        skipValidations: SKIP_VALIDATIONS,
      });
      return lexer.tokenize(text, initialMode);
    },
  };
}

/** The lexer: runs of plain lines as PlainLines tokens, every other line token by token. */
export const asteriskLexer = lazyLexer(lexerTokens);

/**
 * The same lexer without PlainLines: every line token by token (the general path). The parser's
 * `plainLines: false` option; the tree is the same, only slower to make.
 */
export const generalLexer = lazyLexer(lexerTokens.filter((t) => t !== PlainLines));
