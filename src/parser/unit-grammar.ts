/**
 * The unit-file grammar: a chevrotain EmbeddedActionsParser over the physical-line tokens of
 * unit-lexer.ts. It groups physical lines into logical lines the way config_parse()
 * (systemd src/shared/conf-parser.c, v252) does, and its embedded actions hand every line to
 * the tree builder (unit-parser.ts), which makes the sections, assignments, comments and
 * problems of the unit tree directly: no CST, no intermediate structure per line.
 *
 *   unitFile     := ( CommentLines | BlankLines | Lines | continuation )*
 *   continuation := ContinuedLines ( CommentLines | ContinuedLines )* ( Lines | BlankLines )?
 *
 * Tokens are runs of lines of one kind (unit-lexer.ts). Inside a continuation, comment lines are
 * skipped and the continuation carries on; the first non-comment line that does not end in an
 * odd number of backslashes ends it (an empty line too: it appends nothing). Only the FIRST
 * line of the Lines or BlankLines run that ends a continuation belongs to it; the other lines
 * of that run are logical lines of their own (or empty lines). A continuation still open at end
 * of input is a logical line as well.
 *
 * Every token sequence the lexer produces is a sentence of this grammar, so the parser never
 * reports an error, and error recovery is off (systemd has none: recovering would mean
 * re-syncing by skipping tokens, i.e. losing physical lines).
 *
 * Cost: the frequent one-line alternatives are inline in `unitFile` (a SUBRULE call per line
 * costs a rule invocation); only continuations, which are rare, are a subrule. The parser is
 * built once, on first use, with `skipValidations` in the shipped bundle
 * (chevrotain-options.ts). See docs/performance.md for the measured cost.
 */
import { EmbeddedActionsParser } from "chevrotain";
import type { IOrAlt, IToken } from "chevrotain";
import { contentEndFrom } from "../core/text-lines.js";
import { BlankLines, CommentLines, ContinuedLines, Lines, afterFirstLine, allTokens, forEachLine } from "./unit-lexer.js";
import { SKIP_VALIDATIONS } from "./chevrotain-options.js";

export type PhysicalKind = "continued" | "last" | "comment";

/**
 * What the grammar's actions call, in file order (the tree builder). `start`/`contentEnd` are
 * offsets in the decoded text (`contentEnd` excludes the line terminator); `line` is 1-based.
 */
export interface UnitLineSink {
  /** A comment line outside any continuation. */
  comment(start: number, contentEnd: number, line: number): void;
  /** A logical line starts. */
  beginLogical(): void;
  /** A physical line of the current logical line: a piece of text, or a comment line skipped inside it. */
  physical(start: number, contentEnd: number, line: number, kind: PhysicalKind): void;
  /** The current logical line is complete. */
  endLogical(): void;
}

const NULL_SINK: UnitLineSink = {
  comment() {},
  beginLogical() {},
  physical() {},
  endLogical() {},
};

function lineCount(tok: IToken): number {
  const n = tok.payload as number;
  return typeof n === "number" && n > 0 ? n : 1;
}

class UnitParser extends EmbeddedActionsParser {
  sink: UnitLineSink = NULL_SINK;
  /** 1-based number of the next physical line. */
  private lineNo = 1;

  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 1, skipValidations: SKIP_VALIDATIONS });
    this.performSelfAnalysis();
  }

  begin(tokens: IToken[], sink: UnitLineSink): void {
    this.input = tokens;
    this.sink = sink;
    this.lineNo = 1;
    this.rest = null;
  }

  // Line callbacks, made once per parser (forEachLine calls them for each line of a run).
  private readonly commentLine = (start: number, contentEnd: number): void => {
    this.sink.comment(start, contentEnd, this.lineNo++);
  };

  private readonly skippedCommentLine = (start: number, contentEnd: number): void => {
    this.sink.physical(start, contentEnd, this.lineNo++, "comment");
  };

  private readonly continuedPiece = (start: number, contentEnd: number): void => {
    this.sink.physical(start, contentEnd, this.lineNo++, "continued");
  };

  /** A line that is a logical line by itself. */
  private readonly wholeLine = (start: number, contentEnd: number): void => {
    const sink = this.sink;
    sink.beginLogical();
    sink.physical(start, contentEnd, this.lineNo++, "last");
    sink.endLogical();
  };

  /** Lines after the first of the run that ended a continuation (handled after the continuation's end). */
  private rest: IToken | null = null;

  // The alternatives of each OR are built once per parser, not on every call (chevrotain takes
  // them as an array of objects with closures; building it per token was most of the cost).
  private readonly lineAlts: IOrAlt<void>[] = [
    {
      ALT: () => {
        const tok = this.CONSUME(CommentLines);
        if (!this.RECORDING_PHASE) forEachLine(tok.image, tok.startOffset, this.commentLine);
      },
    },
    {
      ALT: () => {
        const tok = this.CONSUME(BlankLines);
        if (!this.RECORDING_PHASE) this.lineNo += lineCount(tok);
      },
    },
    {
      ALT: () => {
        const tok = this.CONSUME(Lines);
        if (!this.RECORDING_PHASE) forEachLine(tok.image, tok.startOffset, this.wholeLine);
      },
    },
    { ALT: () => this.SUBRULE(this.continuation) },
  ];

  private readonly insideAlts: IOrAlt<void>[] = [
    {
      ALT: () => {
        const tok = this.CONSUME1(CommentLines);
        if (!this.RECORDING_PHASE) forEachLine(tok.image, tok.startOffset, this.skippedCommentLine);
      },
    },
    {
      ALT: () => {
        const tok = this.CONSUME2(ContinuedLines);
        if (!this.RECORDING_PHASE) forEachLine(tok.image, tok.startOffset, this.continuedPiece);
      },
    },
  ];

  private readonly endAlts: IOrAlt<void>[] = [
    {
      ALT: () => {
        const tok = this.CONSUME1(Lines);
        if (!this.RECORDING_PHASE) {
          this.sink.physical(tok.startOffset, tok.startOffset + contentEndFrom(tok.image, 0), this.lineNo++, "last");
          if (afterFirstLine(tok.image) < tok.image.length) this.rest = tok;
        }
      },
    },
    {
      ALT: () => {
        // The first empty line ends the continuation (appending nothing); the others are
        // ordinary empty lines.
        const tok = this.CONSUME1(BlankLines);
        if (!this.RECORDING_PHASE) {
          this.sink.physical(tok.startOffset, tok.startOffset, this.lineNo, "last");
          this.lineNo += lineCount(tok);
        }
      },
    },
  ];

  private readonly oneLine = (): void => {
    this.OR(this.lineAlts);
  };

  unitFile = this.RULE("unitFile", () => {
    this.MANY(this.oneLine);
  });

  continuation = this.RULE("continuation", () => {
    const first = this.CONSUME1(ContinuedLines);
    if (!this.RECORDING_PHASE) {
      this.sink.beginLogical();
      forEachLine(first.image, first.startOffset, this.continuedPiece);
    }
    this.MANY(() => this.OR1(this.insideAlts));
    this.OPTION(() => this.OR2(this.endAlts));
    if (!this.RECORDING_PHASE) {
      this.sink.endLogical();
      const rest = this.rest;
      if (rest !== null) {
        this.rest = null;
        forEachLine(rest.image, rest.startOffset, this.wholeLine, afterFirstLine(rest.image));
      }
    }
  });
}

/** Built on first use (a run that reads no unit file never builds it). */
let parser: UnitParser | null = null;

/**
 * Runs the grammar over `tokens` (from `tokenizeUnit`), calling `sink` for every line. Returns
 * the number of parser errors: always 0 for tokens produced by tokenizeUnit; a token of another
 * type stops parsing with an error (no recovery).
 */
export function parseUnitLines(tokens: IToken[], sink: UnitLineSink): number {
  parser ??= new UnitParser();
  parser.begin(tokens, sink);
  try {
    parser.unitFile();
    return parser.errors.length;
  } finally {
    // Keep no reference to the file's tokens or tree between files.
    parser.sink = NULL_SINK;
    parser.input = [];
  }
}
