/**
 * Asterisk config-file parser: bytes or text in, `AstConfigAST` (asterisk-ast.ts) out, for ONE
 * file. Includes are resolved by the loader (src/asterisk/config-loader.ts).
 *
 * Pipeline:
 *   1. decodeUtf8()        UTF-8 → text, one U+FFFD per invalid byte (so columns match editors);
 *   2. asterisk-lexer.ts   chevrotain lexer; every character is in exactly one token; a run of
 *                          plain lines (blank, `key = value`, `[name](options)`, without `;`,
 *                          `\` or NUL) is one PlainLines token, which the builder splits;
 *   3. commentPass()       config_text_file_load()'s comment scan, replayed on the tokens: `;`
 *                          comments, `\;`, nestable `;--`/`--;` blocks (depth carried across
 *                          lines, negative after a stray `--;`), the 8190-byte line limit, the
 *                          BOM; yields the content tokens of each logical line;
 *   4. asterisk-grammar.ts chevrotain grammar over those content tokens (header / directive /
 *                          assignment), error recovery for a missing `]` or `)`;
 *   5. asterisk-builder.ts strings, exact locations and problems.
 *
 * Behaviour follows Asterisk main/config.c `config_text_file_load()` and `process_text_line()` at 22.x.
 * Positions: 1-based lines; columns in UTF-16 code units of the decoded line (a BOM on line 1
 * counts as one column); end columns exclusive. Every logical line lies on one physical line
 * (Asterisk has no continuation; text before `;--` and after `--;` is only joined when both
 * are on the same line).
 *
 * Never throws; linear in the input size.
 */
import { decodeUtf8 } from "./text-decode.js";
import { createTokenInstance } from "chevrotain";
import type { IToken, TokenType } from "chevrotain";
import type { Location } from "../core/types.js";
import type { AstAssignment, AstComment, AstConfigAST, AstProblem, AstProblemKind } from "./asterisk-ast.js";
import {
  Arrow,
  Backslash,
  BlockClose,
  BlockOpen,
  Bom,
  Equals,
  EscapedChar,
  EscapedSemi,
  LineEnd,
  Newline,
  Nul,
  PlainLines,
  Plus,
  PlusEquals,
  Semicolon,
  Text,
  Ws,
  asteriskLexer,
  generalLexer,
} from "./asterisk-lexer.js";
import { parseLogicalLines } from "./asterisk-grammar.js";
import { Builder, endOffset, type LogicalLine } from "./asterisk-builder.js";

/** fgets() into an 8192-byte buffer: a line holding more than 8190 bytes (newline excluded) is skipped. */
export const MAX_LINE_BYTES = 8190;
/** MAX_NESTED_COMMENTS in main/config.c. */
const MAX_NESTED_COMMENTS = 128;

// ---------------------------------------------------------------------------------------------
// UTF-8 decoding: shared with the unit parser (each invalid byte becomes exactly one U+FFFD).

/** 1-based numbers of the lines holding more than MAX_LINE_BYTES bytes before their newline (or NUL). */
function longLinesFromBytes(bytes: Uint8Array): Set<number> {
  const out = new Set<number>();
  const n = bytes.length;
  // Newline to newline with the native indexOf; only a line over the limit is searched for a NUL.
  for (let start = 0, line = 1; start <= n; line++) {
    let nl = bytes.indexOf(0x0a, start);
    if (nl < 0) nl = n;
    if (nl - start > MAX_LINE_BYTES) {
      const nul = bytes.subarray(start, nl).indexOf(0);
      if ((nul < 0 ? nl - start : nul) > MAX_LINE_BYTES) out.add(line);
    }
    start = nl + 1;
  }
  return out;
}

function longLinesFromText(text: string): Set<number> {
  const out = new Set<number>();
  if (text.length <= MAX_LINE_BYTES / 3) return out;
  let line = 1;
  let len = 0;
  let nul = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      len = 0;
      nul = false;
      continue;
    }
    if (nul) continue;
    if (c === 0) {
      nul = true;
      continue;
    }
    let b: number;
    if (c < 0x80) b = 1;
    else if (c < 0x800) b = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        b = 4;
        i++;
      } else b = 3;
    } else b = 3;
    const before = len;
    len += b;
    if (before <= MAX_LINE_BYTES && len > MAX_LINE_BYTES) out.add(line);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Information for the loader.

/**
 * The blanks between `+=` and the value, as Asterisk appends them (`a += b` appends " b" to the
 * previous value, main/config.c process_text_line()). "" for other operators.
 */
export function assignmentLeadingBlanks(a: AstAssignment): string {
  return a.appendBlanks ?? "";
}

/**
 * Block-comment nesting depth at the end of the file (0 normally, > 0 when a block is left
 * open, < 0 after an unrecovered stray `--;`). config_text_file_load() keeps this counter across
 * the files one glob `#include` matches, so the loader hands it to the next file.
 */
export function finalCommentDepth(ast: AstConfigAST): number {
  return ast.finalCommentDepth ?? 0;
}

// ---------------------------------------------------------------------------------------------

/**
 * Text after a `--;` is appended to the text before the `;--` (memmove in main/config.c), so two
 * tokens that meet there form one string: `+` and `=` become `+=`, `=` and `>` become `=>`
 * (the only joins that change what process_text_line() sees; the `;` scan itself restarts after
 * the `--;`, like the lexer). Returns the replacement for [prev, tok], or null.
 */
function mergeAtJoin(prev: IToken, tok: IToken): IToken[] | null {
  const pt = prev.tokenType;
  const tt = tok.tokenType;
  const span = (type: TokenType, image: string, start: number, endExclusive: number): IToken =>
    createTokenInstance(type, image, start, endExclusive - 1, NaN, NaN, NaN, NaN);
  if (pt === Plus && tt === Equals) return [span(PlusEquals, "+=", prev.startOffset, endOffset(tok))];
  if (pt === Plus && tt === Arrow) {
    return [span(PlusEquals, "+=", prev.startOffset, tok.startOffset + 1), synthetic(Text, ">", tok.startOffset + 1)];
  }
  if (pt === Equals && tt === Text && tok.image.charCodeAt(0) === 0x3e) {
    const out = [span(Arrow, "=>", prev.startOffset, tok.startOffset + 1)];
    if (tok.image.length > 1) out.push(synthetic(Text, tok.image.slice(1), tok.startOffset + 1));
    return out;
  }
  return null;
}

function synthetic(type: TokenType, image: string, offset: number): IToken {
  return createTokenInstance(type, image, offset, offset + image.length - 1, NaN, NaN, NaN, NaN);
}


interface PendingBlock {
  comment: AstComment;
  /** Offset where the comment text starts (after `;--`). */
  textStart: number;
  /** Opened by the previous file of a glob include (no `;--` in this file). */
  carried: boolean;
}

interface PendingLineComment {
  comment: AstComment;
  start: number;
  /** Offset of a NUL that ends the C string before the newline. */
  end: number | null;
}

interface PendingStray {
  problem: AstProblem;
  line: number;
}

/**
 * Replays the `;` scan of config_text_file_load() over the tokens and collects, per physical
 * line, the tokens that survive (the `process_buf`), plus comments and comment problems.
 *
 * C model (per line): `process_buf` is the line if the depth is 0 when it starts, else NULL.
 * `live` = the scan position is still inside `process_buf` (before any cut). At each `;`:
 *   `\;`   the backslash is removed (content `;` if live);
 *   `;--`  (depth < 128) cuts the buffer here, depth++;
 *   `--;`  depth--; back to 0: text after it is appended to the buffer (or starts it); below 0
 *          (stray): nothing happens, so the `--;` and the rest of the line stay in the buffer;
 *   `;`    at depth 0 ends the line (comment); otherwise skipped (kept if live, i.e. on a stray line).
 */
class CommentPass {
  readonly logical: LogicalLine[] = [];
  readonly comments: AstComment[] = [];
  readonly problems: AstProblem[] = [];
  depth: number;

  private line = 1;
  private lineStart = 0;
  private prevLineStart = 0;
  private processBuf = false;
  private live = false;
  private stopped = false;
  private tooLongLine = false;
  private codeBefore = false;
  private content: IToken[] = [];
  /** Index in `content` where text after a `--;` was appended to text before a `;--` (-1: none). */
  private joinAt = -1;
  private lineComment: PendingLineComment | null = null;
  private block: PendingBlock | null = null;
  private strays: PendingStray[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly longLines: Set<number>,
    initialDepth: number,
  ) {
    this.depth = initialDepth;
    if (initialDepth > 0) {
      // A block left open by the previous file of the same glob #include.
      this.block = this.openBlock(1, 1, false, 0, true);
    }
    this.beginLine(0);
  }

  private loc(line: number, column: number, endLine: number, endColumn: number): Location {
    return { file: this.file, line, column, endLine, endColumn };
  }

  private col(offset: number): number {
    return offset - this.lineStart + 1;
  }

  private tokLoc(tok: IToken): Location {
    return this.loc(this.line, this.col(tok.startOffset), this.line, this.col(endOffset(tok)));
  }

  private problem(kind: AstProblemKind, message: string, loc: Location): AstProblem {
    const p: AstProblem = { file: loc.file, line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn, kind, message, invalidatesFile: false };
    this.problems.push(p);
    return p;
  }

  private beginLine(start: number): void {
    this.prevLineStart = this.lineStart;
    this.lineStart = start;
    this.processBuf = this.depth === 0;
    this.live = this.processBuf;
    this.stopped = false;
    this.codeBefore = false;
    // A line's content array is handed over to its logical line: only a used one is replaced.
    if (this.content.length !== 0) this.content = [];
    this.joinAt = -1;
    this.lineComment = null;
    this.tooLongLine = this.longLines.has(this.line);
  }

  /** `end` = offset of the line terminator (or of the end of the text). */
  private endLine(end: number): void {
    if (this.tooLongLine) {
      this.problem(
        "line-too-long",
        `Line ${this.line} is longer than ${MAX_LINE_BYTES} bytes: Asterisk skips it entirely ("Line ${this.line} too long, skipping")`,
        this.loc(this.line, 1, this.line, end - this.lineStart + 1),
      );
      return;
    }
    const lc = this.lineComment;
    if (lc) {
      let e = lc.end ?? end;
      if (e > lc.start + 1 && this.text.charCodeAt(e - 1) === 0x0d) e--;
      lc.comment.endColumn = this.col(e);
      lc.comment.text = this.text.slice(lc.start + 1, e);
    }
    if (this.processBuf) {
      let a = 0;
      let b = this.content.length;
      while (a < b && this.content[a]!.tokenType === Ws) a++;
      while (b > a && this.content[b - 1]!.tokenType === Ws) b--;
      if (b > a) {
        // beginLine() starts a new array: the content is handed over as is when nothing is trimmed.
        const tokens = a === 0 && b === this.content.length ? this.content : this.content.slice(a, b);
        this.logical.push({ line: this.line, lineStart: this.lineStart, tokens });
      }
    }
  }

  private openBlock(line: number, column: number, trailing: boolean, textStart: number, carried: boolean): PendingBlock {
    const comment: AstComment = { file: this.file, line, column, endLine: line, endColumn: column, text: "", trailing, block: true };
    this.comments.push(comment);
    return { comment, textStart, carried };
  }

  private closeBlock(tok: IToken): void {
    const b = this.block;
    this.block = null;
    if (!b) return;
    b.comment.endLine = this.line;
    b.comment.endColumn = this.col(endOffset(tok));
    b.comment.text = this.text.slice(b.textStart, tok.startOffset);
  }

  private strayRecovered(): void {
    for (const s of this.strays) {
      let range: string;
      if (this.line === s.line) range = `the ";--" later on this line ends the effect, but the text from there on is dropped`;
      else if (this.line === s.line + 1) range = `line ${this.line} (which holds the next ";--") is ignored`;
      else range = `lines ${s.line + 1}-${this.line} are ignored (up to and including the next line holding ";--")`;
      s.problem.message += `; ${range}`;
    }
    this.strays = [];
  }

  private keep(tok: IToken): void {
    const c = this.content;
    if (c.length > 0 && c.length === this.joinAt) {
      const merged = mergeAtJoin(c[c.length - 1]!, tok);
      if (merged) {
        c.pop();
        for (const m of merged) c.push(m);
        this.codeBefore = true;
        return;
      }
    }
    c.push(tok);
    if (tok.tokenType !== Ws) this.codeBefore = true;
  }

  /**
   * A run of plain lines (asterisk-lexer.ts), starting at a line start: no `;`, `\` or NUL, so the
   * depth stays as it is and no line is too long. At depth 0 the run is one logical line for the
   * grammar (the builder splits it); otherwise its lines are inside a block comment (or after a
   * stray `--;`) and dropped. Its newlines end lines as Newline tokens do.
   */
  private plainRun(tok: IToken): void {
    if (this.processBuf) this.logical.push({ line: this.line, lineStart: this.lineStart, tokens: [tok] });
    const img = tok.image;
    const base = tok.startOffset;
    const last = img.length - 1;
    for (let p = img.indexOf("\n"); p >= 0; p = img.indexOf("\n", p + 1)) {
      this.line++;
      if (p === last) this.beginLine(base + p + 1);
      else {
        this.prevLineStart = this.lineStart;
        this.lineStart = base + p + 1;
      }
    }
  }

  /** Feeds the tokens of one lexing chunk (whole physical lines, in order); call finish() after the last. */
  run(tokens: IToken[]): void {
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i]!;
      const type = tok.tokenType;
      if (type === Newline) {
        this.endLine(tok.startOffset);
        this.line++;
        this.beginLine(tok.startOffset + 1);
        continue;
      }
      if (this.tooLongLine) continue;
      if (this.stopped) {
        if (type === Nul && this.lineComment && this.lineComment.end === null) this.lineComment.end = tok.startOffset;
        continue;
      }
      switch (type) {
        case PlainLines:
          this.plainRun(tok);
          break;
        case Bom:
          break;
        case Nul:
          this.stopped = true;
          break;
        case EscapedSemi:
          // The backslash is removed wherever the `\;` is; it only matters inside the buffer.
          if (this.live) this.keep(synthetic(EscapedSemi, ";", tok.startOffset + 1));
          break;
        case BlockOpen:
          if (this.depth < MAX_NESTED_COMMENTS) {
            this.live = false;
            if (this.depth === 0) {
              this.block = this.openBlock(this.line, this.col(tok.startOffset), this.codeBefore, endOffset(tok), false);
            }
            this.depth++;
            if (this.depth === 0) this.strayRecovered();
          } else {
            this.problem(
              "block-nest-limit",
              `More than ${MAX_NESTED_COMMENTS} nested ";--" block comments: Asterisk logs "Maximum nest limit of ${MAX_NESTED_COMMENTS} reached." and does not count this ";--" (main/config.c does not advance past it, so loading may never finish)`,
              this.tokLoc(tok),
            );
          }
          break;
        case BlockClose:
          this.depth--;
          if (this.depth < 0) {
            const p = this.problem(
              "stray-block-close",
              this.live
                ? `"--;" outside a block comment: Asterisk does not treat it as a comment, keeps it and the rest of the line as text, and ignores every following line until a line holding ";--"`
                : `"--;" outside a block comment (on a line Asterisk already ignores): one more ";--" is needed before Asterisk reads lines again`,
              this.tokLoc(tok),
            );
            this.strays.push({ problem: p, line: this.line });
            if (this.live) this.keep(tok);
          } else if (this.depth === 0) {
            this.closeBlock(tok);
            // The text after the `--;` continues the buffer (or starts it, on a line that began in the block).
            if (this.processBuf) this.joinAt = this.content.length;
            this.processBuf = true;
            this.live = true;
          }
          break;
        case Semicolon:
          if (this.depth === 0) {
            const comment: AstComment = {
              file: this.file,
              line: this.line,
              column: this.col(tok.startOffset),
              endLine: this.line,
              endColumn: this.col(endOffset(tok)),
              text: "",
              trailing: this.codeBefore,
              block: false,
            };
            this.comments.push(comment);
            this.lineComment = { comment, start: tok.startOffset, end: null };
            this.live = false;
            this.stopped = true;
          } else if (this.live) {
            this.keep(tok); // on the line of a stray `--;`: the scan skips it, the text stays
          }
          break;
        default:
          if (this.live) this.keep(tok);
      }
    }
  }

  finish(): void {
    this.endLine(this.text.length);
    if (this.block) {
      const b = this.block;
      // End of input; after a final newline that is the end of the last line (there is no line after it).
      const n = this.text.length;
      if (n > 0 && this.text.charCodeAt(n - 1) === 0x0a && this.line > 1) {
        b.comment.endLine = this.line - 1;
        b.comment.endColumn = n - 1 - this.prevLineStart + 1;
      } else {
        b.comment.endLine = this.line;
        b.comment.endColumn = this.col(n);
      }
      b.comment.text = this.text.slice(b.textStart);
      const c = b.comment;
      this.problem(
        "unterminated-block",
        b.carried
          ? `A block comment left open by the previous file of the same #include glob is never closed: Asterisk warns "Unterminated comment detected" and this whole file is a comment`
          : `Block comment ";--" is never closed with "--;": Asterisk warns "Unterminated comment detected" and the rest of the file is a comment`,
        this.loc(c.line, c.column, c.line, b.carried ? c.column : c.column + 3),
      );
      this.block = null;
    }
    for (const s of this.strays) s.problem.message += "; every following line of the file is ignored";
    this.strays = [];
  }
}


/**
 * A variable line starting with `\`: the next character is part of the name even if it is `=`
 * (process_text_line() searches the first `=` after it). Split the token after the backslash
 * into that character (EscapedChar) and the rest.
 */
function splitEscape(tokens: IToken[]): IToken[] {
  if (tokens.length < 2 || tokens[0]!.tokenType !== Backslash) return tokens;
  const next = tokens[1]!;
  if (next.tokenType === Ws) return tokens;
  const img = next.image;
  const c = img.charCodeAt(0);
  const n = c >= 0xd800 && c <= 0xdbff && img.length > 1 && (img.charCodeAt(1) & 0xfc00) === 0xdc00 ? 2 : 1;
  const out: IToken[] = [tokens[0]!, synthetic(EscapedChar, img.slice(0, n), next.startOffset)];
  const rest = img.slice(n);
  let i = 2;
  if (rest === "=") {
    // `\+=>x`: the `=` left over from `+=` is the first `=`; a `>` right after it makes `=>`.
    const after = tokens[2];
    if (after && after.tokenType === Text && after.image.charCodeAt(0) === 0x3e) {
      out.push(synthetic(Arrow, "=>", next.startOffset + n));
      if (after.image.length > 1) out.push(synthetic(Text, after.image.slice(1), after.startOffset + 1));
      i = 3;
    } else {
      out.push(synthetic(Equals, rest, next.startOffset + n));
    }
  } else if (rest.length > 0) {
    out.push(synthetic(Text, rest, next.startOffset + n));
  }
  for (; i < tokens.length; i++) out.push(tokens[i]!);
  return out;
}

/**
 * Text lexed at once by default: the file is cut after a newline once a chunk holds this many
 * characters. Every token but a PlainLines run lies within one physical line, so the tokens are
 * the same as for the whole text (offsets shifted), except that a run is cut where the chunk
 * ends, which changes no line of the tree; a 4 MB file never holds millions of token objects at
 * once.
 */
const LEX_CHUNK_CHARS = 1 << 16;

/** Work counters for tests: lexing chunks and the most tokens alive from one chunk. */
export const asteriskParseWork = { chunks: 0, maxChunkTokens: 0 };

export interface AsteriskParseOptions {
  /**
   * The block-comment depth inherited from the previous file of a glob include (see
   * finalCommentDepth()); 0 (the default) for a file read on its own.
   */
  initialDepth?: number;
  /** Characters lexed at once (default 64 Ki; the tree does not depend on it, only memory does). */
  chunkChars?: number;
  /**
   * false: lex every line token by token (the general path), without PlainLines runs. Slower;
   * the tree is the same.
   */
  plainLines?: boolean;
}

/**
 * Where the chunk starting at `from` ends: after the first newline at or beyond `from + size`
 * whose next character is not U+FEFF (the lexer's Bom token only exists at offset 0), else the
 * end of the text.
 */
function chunkEnd(text: string, from: number, size: number): number {
  let i = from + size;
  while (i < text.length) {
    const nl = text.indexOf("\n", i - 1);
    if (nl < 0) return text.length;
    if (text.charCodeAt(nl + 1) !== 0xfeff) return nl + 1;
    i = nl + 2;
  }
  return text.length;
}

/**
 * Parses one Asterisk config file (main/config.c syntax). `file` is the display path used in
 * every Location.
 *
 * Streaming: the text is lexed a chunk of whole lines at a time; the comment pass consumes the
 * chunk's tokens and the logical lines completed so far go through the grammar and the builder
 * right away, so only one chunk's tokens are alive at any time.
 */
export function parseAsteriskConfig(input: Uint8Array | string, file: string, options: AsteriskParseOptions = {}): AstConfigAST {
  const initialDepth = options.initialDepth ?? 0;
  const chunkChars = Math.max(1, options.chunkChars ?? LEX_CHUNK_CHARS);
  const lexer = options.plainLines === false ? generalLexer : asteriskLexer;
  const text = typeof input === "string" ? input : decodeUtf8(input).text;
  const longLines = typeof input === "string" ? longLinesFromText(text) : longLinesFromBytes(input);
  const pass = new CommentPass(text, file, longLines, initialDepth);
  const builder = new Builder(text, file, pass.problems);
  // The grammar input: content tokens of the logical lines, each followed by LineEnd(index).
  const drain = (): void => {
    const logical = pass.logical;
    if (logical.length === 0) return;
    const input2: IToken[] = [];
    for (let i = 0; i < logical.length; i++) {
      const l = logical[i]!;
      if (l.tokens[0]!.tokenType === Backslash) l.tokens = splitEscape(l.tokens);
      for (const t of l.tokens) input2.push(t);
      const last = l.tokens[l.tokens.length - 1]!;
      const end = synthetic(LineEnd, "", endOffset(last));
      end.payload = i;
      input2.push(end);
    }
    for (const d of parseLogicalLines(input2)) {
      const l = logical[d.index];
      if (l) builder.add(l, d);
    }
    logical.length = 0;
  };
  for (let from = 0; ; ) {
    const to = text.length <= chunkChars ? text.length : chunkEnd(text, from, chunkChars);
    const tokens = lexer.tokenize(from === 0 && to === text.length ? text : text.slice(from, to)).tokens;
    asteriskParseWork.chunks++;
    if (tokens.length > asteriskParseWork.maxChunkTokens) asteriskParseWork.maxChunkTokens = tokens.length;
    if (from > 0) {
      // "onlyOffset" tokens have no endOffset (endOffset() uses the image): only the start moves.
      // Adding a property here would give the tokens of later chunks another hidden class, and
      // the optimised lexer, comment pass and grammar would be thrown away when they meet it.
      for (const t of tokens) t.startOffset += from;
    }
    pass.run(tokens);
    drain();
    if (to >= text.length) break;
    from = to;
  }
  pass.finish();
  drain();
  const problems = builder.problems.sort((a, b) => a.line - b.line || a.column - b.column);
  const ast: AstConfigAST = { file, text, lines: builder.lines, comments: pass.comments, problems };
  if (pass.depth !== 0) ast.finalCommentDepth = pass.depth;
  return ast;
}
