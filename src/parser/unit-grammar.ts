/**
 * chevrotain grammar over the physical-line tokens of unit-lexer.ts: it groups physical lines
 * into logical lines the way config_parse() does (systemd src/shared/conf-parser.c at v252).
 *
 *   unitFile    := ( CommentLine | BlankLines | logicalLine )*
 *   logicalLine := Line
 *                | ContinuedLines ( CommentLine | ContinuedLines )* ( Line | BlankLines )?
 *
 * Inside a continuation, comment lines are skipped and the continuation carries on; the first
 * non-comment line that does not end in an odd number of backslashes ends it (an empty line
 * too: it appends nothing, and only the FIRST line of a BlankLines token belongs to the logical
 * line); a continuation still open at end of input is a logical line as well.
 *
 * Every token sequence is a sentence of this grammar, so the parser never reports an error and
 * error recovery is never needed (it is switched off: recovering means re-syncing by skipping
 * tokens, i.e. losing physical lines).
 *
 * The parser does not build a tree: it streams events to a `UnitLineSink` (the builder in
 * unit-parser.ts), so that a large file does not allocate an intermediate structure per line.
 *
 * The grammar is written down once, for chevrotain (UnitLineParser below, checked by
 * performSelfAnalysis in the tests), and run by `parseUnitLines`, a direct loop over the tokens
 * that makes the same decisions and the same sink calls: with one token of lookahead and no
 * ambiguity there is nothing for a parser engine to do, and chevrotain's generic machinery cost
 * ~7 times the loop (140 ms against 20 ms for 4,680 vendor units; 20 ms against 1.5 ms for
 * ~100 units in a fresh process). test/parser/unit-grammar.test.ts runs both on the same inputs
 * and compares every event.
 */
import { EmbeddedActionsParser } from "chevrotain";
import type { IToken } from "chevrotain";
import { BlankLines, CommentLine, ContinuedLines, Line, allTokens, forEachLine, terminatorLength } from "./unit-lexer.js";
import { SKIP_VALIDATIONS } from "./chevrotain-options.js";

export type PhysicalKind = "continued" | "last" | "comment";

/**
 * Receives the physical lines in file order. `start`/`contentEnd` are offsets in the decoded
 * text (`contentEnd` excludes the line terminator); `line` is 1-based.
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

class UnitLineParser extends EmbeddedActionsParser {
  sink: UnitLineSink = NULL_SINK;
  /** 1-based number of the next physical line. */
  private lineNo = 1;

  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 1, skipValidations: SKIP_VALIDATIONS });
    this.performSelfAnalysis();
  }

  start(tokens: IToken[], sink: UnitLineSink): void {
    this.input = tokens;
    this.sink = sink;
    this.lineNo = 1;
  }

  private comment(tok: IToken, insideLogical: boolean): void {
    const line = this.lineNo++;
    if (insideLogical) this.sink.physical(tok.startOffset, contentEndOf(tok), line, "comment");
    else this.sink.comment(tok.startOffset, contentEndOf(tok), line);
  }

  private piece(tok: IToken, kind: PhysicalKind): void {
    this.sink.physical(tok.startOffset, contentEndOf(tok), this.lineNo++, kind);
  }

  /** Every physical line of a ContinuedLines token is a piece that continues. */
  private continuedPieces(tok: IToken): void {
    forEachLine(tok.image, tok.startOffset, this.continuedPiece);
  }

  private readonly continuedPiece = (start: number, contentEnd: number): void => {
    this.sink.physical(start, contentEnd, this.lineNo++, "continued");
  };

  private blanks(tok: IToken): number {
    const n = tok.payload as number;
    return typeof n === "number" && n > 0 ? n : 1;
  }

  unitFile = this.RULE("unitFile", () => {
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const tok = this.CONSUME(CommentLine);
            if (!this.RECORDING_PHASE) this.comment(tok, false);
          },
        },
        {
          ALT: () => {
            const tok = this.CONSUME(BlankLines);
            if (!this.RECORDING_PHASE) this.lineNo += this.blanks(tok);
          },
        },
        { ALT: () => this.SUBRULE(this.logicalLine) },
      ]);
    });
  });

  logicalLine = this.RULE("logicalLine", () => {
    this.OR([
      {
        ALT: () => {
          const tok = this.CONSUME1(Line);
          if (!this.RECORDING_PHASE) {
            this.sink.beginLogical();
            this.piece(tok, "last");
            this.sink.endLogical();
          }
        },
      },
      {
        ALT: () => {
          const first = this.CONSUME1(ContinuedLines);
          if (!this.RECORDING_PHASE) {
            this.sink.beginLogical();
            this.continuedPieces(first);
          }
          this.MANY(() => {
            this.OR1([
              {
                ALT: () => {
                  const tok = this.CONSUME1(CommentLine);
                  if (!this.RECORDING_PHASE) this.comment(tok, true);
                },
              },
              {
                ALT: () => {
                  const tok = this.CONSUME2(ContinuedLines);
                  if (!this.RECORDING_PHASE) this.continuedPieces(tok);
                },
              },
            ]);
          });
          this.OPTION(() => {
            this.OR2([
              {
                ALT: () => {
                  const tok = this.CONSUME2(Line);
                  if (!this.RECORDING_PHASE) this.piece(tok, "last");
                },
              },
              {
                ALT: () => {
                  // The first empty line ends the continuation (appending nothing); the others
                  // are ordinary empty lines.
                  const tok = this.CONSUME1(BlankLines);
                  if (!this.RECORDING_PHASE) {
                    this.sink.physical(tok.startOffset, tok.startOffset, this.lineNo, "last");
                    this.lineNo += this.blanks(tok);
                  }
                },
              },
            ]);
          });
          if (!this.RECORDING_PHASE) this.sink.endLogical();
        },
      },
    ]);
  });
}

/** Built on first use (only the tests run the chevrotain form of the grammar). */
let parser: UnitLineParser | null = null;

function blankCount(tok: IToken): number {
  const n = tok.payload as number;
  return typeof n === "number" && n > 0 ? n : 1;
}

/**
 * Streams the logical-line structure of `tokens` (from `tokenizeUnit`) to `sink`: the grammar
 * above, run directly (same events, in the same order, as `parseUnitLinesChevrotain`).
 * Returns the number of parser errors (always 0 for tokens produced by tokenizeUnit; 1 for a
 * token of another type, where parsing stops as chevrotain's does).
 */
export function parseUnitLines(tokens: IToken[], sink: UnitLineSink): number {
  const n = tokens.length;
  let lineNo = 1;
  const continuedPiece = (start: number, contentEnd: number): void => {
    sink.physical(start, contentEnd, lineNo++, "continued");
  };
  let i = 0;
  while (i < n) {
    const tok = tokens[i]!;
    const type = tok.tokenType;
    if (type === CommentLine) {
      sink.comment(tok.startOffset, contentEndOf(tok), lineNo++);
      i++;
    } else if (type === BlankLines) {
      lineNo += blankCount(tok);
      i++;
    } else if (type === Line) {
      sink.beginLogical();
      sink.physical(tok.startOffset, contentEndOf(tok), lineNo++, "last");
      sink.endLogical();
      i++;
    } else if (type === ContinuedLines) {
      sink.beginLogical();
      forEachLine(tok.image, tok.startOffset, continuedPiece);
      i++;
      // ( CommentLine | ContinuedLines )*
      while (i < n) {
        const t = tokens[i]!;
        if (t.tokenType === CommentLine) sink.physical(t.startOffset, contentEndOf(t), lineNo++, "comment");
        else if (t.tokenType === ContinuedLines) forEachLine(t.image, t.startOffset, continuedPiece);
        else break;
        i++;
      }
      // ( Line | BlankLines )?
      if (i < n) {
        const t = tokens[i]!;
        if (t.tokenType === Line) {
          sink.physical(t.startOffset, contentEndOf(t), lineNo++, "last");
          i++;
        } else if (t.tokenType === BlankLines) {
          // The first empty line ends the continuation (appending nothing); the others are
          // ordinary empty lines.
          sink.physical(t.startOffset, t.startOffset, lineNo, "last");
          lineNo += blankCount(t);
          i++;
        }
      }
      sink.endLogical();
    } else {
      return 1;
    }
  }
  return 0;
}

/** The same, through the chevrotain parser (tests compare the two). */
export function parseUnitLinesChevrotain(tokens: IToken[], sink: UnitLineSink): number {
  parser ??= new UnitLineParser();
  parser.start(tokens, sink);
  let errors = 0;
  try {
    parser.unitFile();
    errors = parser.errors.length;
  } finally {
    parser.sink = NULL_SINK;
    parser.input = [];
  }
  return errors;
}
