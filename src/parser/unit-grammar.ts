/**
 * The unit-file grammar: a chevrotain EmbeddedActionsParser over the physical-line tokens of
 * unit-lexer.ts. It groups physical lines into logical lines the way config_parse()
 * (systemd src/shared/conf-parser.c, v252) does, and its embedded actions hand every line to
 * the tree builder (unit-parser.ts), which makes the sections, assignments, comments and
 * problems of the unit tree directly: no CST, no intermediate structure per line.
 *
 *   unitFile     := ( CommentLine | BlankLines | Line | continuation )*
 *   continuation := ContinuedLines ( CommentLine | ContinuedLines )* ( Line | BlankLines )?
 *
 * Inside a continuation, comment lines are skipped and the continuation carries on; the first
 * non-comment line that does not end in an odd number of backslashes ends it (an empty line
 * too: it appends nothing, and only the FIRST line of a BlankLines token belongs to the logical
 * line); a continuation still open at end of input is a logical line as well.
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
import { BlankLines, CommentLine, ContinuedLines, Line, allTokens, forEachLine, terminatorLength } from "./unit-lexer.js";
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

function contentEndOf(tok: IToken): number {
  return tok.startOffset + tok.image.length - terminatorLength(tok.image);
}

function blankCount(tok: IToken): number {
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
  }

  /** Every physical line of a ContinuedLines token is a piece that continues. */
  private readonly continuedPiece = (start: number, contentEnd: number): void => {
    this.sink.physical(start, contentEnd, this.lineNo++, "continued");
  };

  // The alternatives of each OR are built once per parser, not on every call (chevrotain takes
  // them as an array of objects with closures; building it per token was most of the cost).
  private readonly lineAlts: IOrAlt<void>[] = [
    {
      ALT: () => {
        const tok = this.CONSUME(CommentLine);
        if (!this.RECORDING_PHASE) this.sink.comment(tok.startOffset, contentEndOf(tok), this.lineNo++);
      },
    },
    {
      ALT: () => {
        const tok = this.CONSUME(BlankLines);
        if (!this.RECORDING_PHASE) this.lineNo += blankCount(tok);
      },
    },
    {
      ALT: () => {
        const tok = this.CONSUME(Line);
        if (!this.RECORDING_PHASE) {
          const sink = this.sink;
          sink.beginLogical();
          sink.physical(tok.startOffset, contentEndOf(tok), this.lineNo++, "last");
          sink.endLogical();
        }
      },
    },
    { ALT: () => this.SUBRULE(this.continuation) },
  ];

  private readonly insideAlts: IOrAlt<void>[] = [
    {
      ALT: () => {
        const tok = this.CONSUME1(CommentLine);
        if (!this.RECORDING_PHASE) this.sink.physical(tok.startOffset, contentEndOf(tok), this.lineNo++, "comment");
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
        const tok = this.CONSUME1(Line);
        if (!this.RECORDING_PHASE) this.sink.physical(tok.startOffset, contentEndOf(tok), this.lineNo++, "last");
      },
    },
    {
      ALT: () => {
        // The first empty line ends the continuation (appending nothing); the others are
        // ordinary empty lines.
        const tok = this.CONSUME1(BlankLines);
        if (!this.RECORDING_PHASE) {
          this.sink.physical(tok.startOffset, tok.startOffset, this.lineNo, "last");
          this.lineNo += blankCount(tok);
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
    if (!this.RECORDING_PHASE) this.sink.endLogical();
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
