/**
 * Step 5 of the Asterisk config parser (asterisk-parser.ts): the builder turns the grammar's line
 * descriptors (asterisk-grammar.ts) and the runs of plain lines (asterisk-lexer.ts PlainLines)
 * into the tree's nodes (asterisk-ast.ts): strings, exact locations and problems. Positions:
 * 1-based lines; columns in UTF-16 code units of the decoded line; end columns exclusive.
 */
import type { IToken } from "chevrotain";
import type { Location } from "../core/types.js";
import type { AstAssignment, AstDirective, AstLine, AstProblem, AstProblemKind, AstSectionHeader } from "./asterisk-ast.js";
import { Comma, Ws, isBlankCode } from "./asterisk-lexer.js";
import type { AssignmentDesc, DirectiveDesc, HeaderDesc, LineDesc } from "./asterisk-grammar.js";

/** strcasecmp() in the C locale folds ASCII letters only. */
export function asciiLower(s: string): string {
  // Most keys and names are lower case already: return them without building a new string.
  let i0 = 0;
  while (i0 < s.length) {
    const c = s.charCodeAt(i0);
    if (c >= 0x41 && c <= 0x5a) break;
    i0++;
  }
  if (i0 === s.length) return s;
  let out = s.slice(0, i0);
  for (let i = i0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : s[i]!;
  }
  return out;
}

/** Offset after the token (a token merged across a block comment has an explicit, inclusive endOffset). */
export function endOffset(t: IToken): number {
  const e = t.endOffset;
  return e !== undefined && !Number.isNaN(e) ? e + 1 : t.startOffset + t.image.length;
}

/** The tokens' images joined (one token, the usual case, without a new array or string). */
function images(tokens: IToken[], from = 0, to = tokens.length): string {
  if (to - from === 1) return tokens[from]!.image;
  let out = "";
  for (let i = from; i < to; i++) out += tokens[i]!.image;
  return out;
}

/** The content tokens of one logical line (or one PlainLines run) and where its first physical line starts. */
export interface LogicalLine {
  line: number;
  lineStart: number;
  tokens: IToken[];
}

const NO_OPTIONS: string[] = [];

export class Builder {
  readonly lines: AstLine[] = [];
  readonly problems: AstProblem[];

  constructor(
    private readonly text: string,
    private readonly file: string,
    problems: AstProblem[],
  ) {
    this.problems = problems;
  }

  private l!: LogicalLine;

  private span(start: number, end: number): Location {
    const line = this.l.line;
    return { file: this.file, line, column: start - this.l.lineStart + 1, endLine: line, endColumn: end - this.l.lineStart + 1 };
  }

  private problem(kind: AstProblemKind, message: string, loc: Location, invalidatesFile: boolean): void {
    this.problems.push({ file: loc.file, line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn, kind, message, invalidatesFile });
  }

  private lineSpan(): Location {
    const t = this.l.tokens;
    return this.span(t[0]!.startOffset, endOffset(t[t.length - 1]!));
  }

  add(l: LogicalLine, d: LineDesc): void {
    this.l = l;
    if (d.kind === "plain") this.plainRun(l, d.token);
    else if (d.kind === "header") this.header(d);
    else if (d.kind === "directive") this.directive(d);
    else this.assignment(d);
  }

  /**
   * A run of plain lines (asterisk-lexer.ts): each line is blank, a header (its first non-blank
   * character is `[`) or an assignment; the same strings and locations header() and assignment()
   * make from the small tokens.
   */
  private plainRun(l: LogicalLine, tok: IToken): void {
    const text = this.text;
    const end = tok.startOffset + tok.image.length;
    let line = l.line;
    for (let start = tok.startOffset; start < end; line++) {
      let lineEnd = text.indexOf("\n", start);
      if (lineEnd < 0 || lineEnd > end) lineEnd = end;
      let a = start;
      while (a < lineEnd && isBlankCode(text.charCodeAt(a))) a++;
      if (a < lineEnd) {
        if (text.charCodeAt(a) === 0x5b) this.plainHeader(line, start, a, lineEnd);
        else this.plainAssignment(line, start, a, lineEnd);
      }
      start = lineEnd + 1;
    }
  }

  /** Blanks, key, blanks, `=` or `=>`, value (`a`: the key's start; `lineEnd`: the newline or the end). */
  private plainAssignment(line: number, lineStart: number, a: number, lineEnd: number): void {
    const text = this.text;
    const file = this.file;
    const eq = text.indexOf("=", a);
    let ke = eq;
    while (isBlankCode(text.charCodeAt(ke - 1))) ke--;
    const arrow = eq + 1 < lineEnd && text.charCodeAt(eq + 1) === 0x3e;
    const opEnd = eq + (arrow ? 2 : 1);
    let e = lineEnd;
    while (e > opEnd && isBlankCode(text.charCodeAt(e - 1))) e--;
    let vs = opEnd;
    while (vs < e && isBlankCode(text.charCodeAt(vs))) vs++;
    const col = 1 - lineStart;
    const node: AstAssignment = {
      file,
      line,
      column: a + col,
      endLine: line,
      endColumn: e + col,
      kind: "assignment",
      key: text.slice(a, ke),
      value: text.slice(vs, e),
      operator: arrow ? "=>" : "=",
      keyLoc: { file, line, column: a + col, endLine: line, endColumn: ke + col },
      // An empty value ends up with vs = e = opEnd: the empty span right after the operator.
      valueLoc: { file, line, column: vs + col, endLine: line, endColumn: e + col },
    };
    this.lines.push(node);
  }

  /** Blanks, `[name]`, `(options)` right after it or nothing, any text (`a`: the `[`). */
  private plainHeader(line: number, lineStart: number, a: number, lineEnd: number): void {
    const text = this.text;
    const file = this.file;
    let e = lineEnd;
    while (e > a && isBlankCode(text.charCodeAt(e - 1))) e--;
    const rb = text.indexOf("]", a + 1);
    let options: string[] = NO_OPTIONS;
    if (rb + 1 < lineEnd && text.charCodeAt(rb + 1) === 0x28) options = text.slice(rb + 2, text.indexOf(")", rb + 2)).split(",");
    const col = 1 - lineStart;
    this.headerNode(
      { file, line, column: a + col, endLine: line, endColumn: e + col },
      text.slice(a + 1, rb),
      { file, line, column: a + 1 + col, endLine: line, endColumn: rb + col },
      options,
    );
  }

  private header(d: HeaderDesc): void {
    const loc = this.lineSpan();
    if (d.rb.isInsertedInRecovery) {
      this.problem(
        "unclosed-bracket",
        `Section header without a closing "]": Asterisk reports "parse error: no closing ']'" and treats the whole file as invalid`,
        loc,
        true,
      );
      return;
    }
    if (d.rp && d.rp.isInsertedInRecovery) {
      this.problem(
        "unclosed-paren",
        `Section option list "(" without a closing ")": Asterisk reports "parse error: no closing ')'" and treats the whole file as invalid`,
        this.span(d.lp!.startOffset, endOffset(this.l.tokens[this.l.tokens.length - 1]!)),
        true,
      );
      return;
    }
    const name = images(d.name);
    let options: string[] = NO_OPTIONS;
    if (d.lp) {
      options = [];
      let cur = "";
      for (const t of d.options) {
        if (t.tokenType === Comma) {
          options.push(cur);
          cur = "";
        } else cur += t.image;
      }
      options.push(cur);
    }
    this.headerNode(loc, name, this.span(endOffset(d.lb), d.rb.startOffset), options);
  }

  private headerNode(loc: Location, name: string, nameLoc: Location, options: string[]): void {
    const node: AstSectionHeader = {
      file: loc.file,
      line: loc.line,
      column: loc.column,
      endLine: loc.endLine,
      endColumn: loc.endColumn,
      kind: "section",
      name,
      nameLoc,
      options,
      template: options.includes("!"),
      append: options.some((o) => o.startsWith("+")),
      // A plain `[name]` (most headers of a big file) shares one empty array, never written to.
      inherits: options.length === 0 ? NO_OPTIONS : options.filter((o) => o !== "!" && !o.startsWith("+")),
    };
    this.lines.push(node);
  }

  private directive(d: DirectiveDesc): void {
    const loc = this.lineSpan();
    const word = images(d.word);
    const name = asciiLower(word);
    let a = 0;
    while (a < d.argument.length && d.argument[a]!.tokenType === Ws) a++;
    const argTokens = d.argument.slice(a);
    const known = name === "include" || name === "tryinclude" || name === "exec";
    const wordEnd = d.word.length > 0 ? endOffset(d.word[d.word.length - 1]!) : endOffset(d.hash);
    if (!known) {
      this.problem(
        "unknown-directive",
        `Unknown directive "#${word}": Asterisk warns "Unknown directive '${word}'" and ignores the line ("#" does not start a comment; use ";")`,
        loc,
        false,
      );
    } else if (argTokens.length === 0) {
      this.problem(
        "missing-directive-argument",
        `"#${word}" without an argument: Asterisk warns that the directive needs ${name === "exec" ? "a program" : "a file name"} and ignores the line`,
        loc,
        false,
      );
      return;
    }
    let argument = images(argTokens);
    let start = argTokens.length > 0 ? argTokens[0]!.startOffset : wordEnd;
    let end = argTokens.length > 0 ? endOffset(argTokens[argTokens.length - 1]!) : wordEnd;
    const q = argument.charCodeAt(0);
    if (q === 0x22 || q === 0x3c) {
      const close = q === 0x3c ? 0x3e : 0x22;
      if (argument.charCodeAt(argument.length - 1) === close) {
        argument = argument.length >= 2 ? argument.slice(1, -1) : "";
        start += 1;
        end = Math.max(start, end - 1);
      }
    }
    const node: AstDirective = { file: loc.file, line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn, kind: "directive", name, argument, argumentLoc: this.span(start, end) };
    this.lines.push(node);
  }

  private assignment(d: AssignmentDesc): void {
    const loc = this.lineSpan();
    if (d.backslash && !d.escaped) {
      this.problem(
        "invalid-escape",
        `"\\" at the start of a variable line must be followed by a printable character: Asterisk reports "Invalid escape" and treats the whole file as invalid`,
        this.span(d.backslash.startOffset, endOffset(d.backslash) + (this.l.tokens.length > 1 ? 1 : 0)),
        true,
      );
      return;
    }
    if (!d.operator) {
      this.problem(
        "missing-equals",
        `Line without "=": Asterisk warns "No '=' (equal sign) in line ${this.l.line}" and ignores it`,
        loc,
        false,
      );
      return;
    }
    const keyTokens: IToken[] = d.escaped ? [d.escaped, ...d.key] : d.key;
    let kb = keyTokens.length;
    while (kb > 0 && keyTokens[kb - 1]!.tokenType === Ws) kb--;
    if (kb === 0) {
      this.problem(
        "missing-name",
        `Variable line without a name before "${d.operator.image}": Asterisk warns "No variable name in line ${this.l.line}" and ignores it`,
        loc,
        false,
      );
      return;
    }
    const key = images(keyTokens, 0, kb);
    const keyLoc = this.span(keyTokens[0]!.startOffset, endOffset(keyTokens[kb - 1]!));
    let va = 0;
    let vb = d.value.length;
    while (va < vb && d.value[va]!.tokenType === Ws) va++;
    while (vb > va && d.value[vb - 1]!.tokenType === Ws) vb--;
    const value = images(d.value, va, vb);
    const opEnd = endOffset(d.operator);
    const valueLoc = vb > va ? this.span(d.value[va]!.startOffset, endOffset(d.value[vb - 1]!)) : this.span(opEnd, opEnd);
    const operator = d.operator.image === "=>" ? "=>" : d.operator.image === "+=" ? "+=" : "=";
    const node: AstAssignment = { file: loc.file, line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn, kind: "assignment", key, value, operator, keyLoc, valueLoc };
    if (operator === "+=" && va > 0) {
      node.appendBlanks = images(d.value, 0, va);
    }
    this.lines.push(node);
  }
}
