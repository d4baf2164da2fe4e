/**
 * chevrotain grammar for the logical lines of an Asterisk config file (what process_text_line()
 * in Asterisk main/config.c `process_text_line()` at 22.x sees).
 *
 * Input: the content tokens of every logical line (comments already removed, `\;` already a
 * `;`, stripped of leading/trailing blanks, never empty), each line followed by a synthetic
 * LineEnd token whose `payload` is the line's index.
 *
 *   lines       := ( PlainLines LineEnd | line )*
 *   line        := header | directive | assignment          (first match: `[`, `#`, anything)
 *   header      := "[" NotRBracket* "]" ( "(" NotRParen* ")" )? AnyContent* LineEnd
 *   directive   := "#" NotWs* ( Ws AnyContent* )? LineEnd
 *   assignment  := ( "\" EscapedChar? )? NotOperator* ( ("=" | "=>" | "+=") AnyContent* )? LineEnd
 *
 * `(` is only an option list when it is the token right after `]` (`[x] (!)` is the section
 * `x`); the first `]`, the first `)` and the first `=`/`=>`/`+=` delimit, exactly like the
 * strchr() calls of process_text_line().
 *
 * PlainLines is a run of whole physical lines the lexer recognised as blank lines, headers and
 * assignments that the small tokens would give exactly (see asterisk-lexer.ts): the builder reads
 * each line's parts from the text. Each run is one "logical line" of this input.
 *
 * A missing `]` or `)` is recovered by chevrotain's single-token insertion (recovery is on): the
 * returned token then has `isInsertedInRecovery`, which the builder reports as
 * unclosed-bracket / unclosed-paren. Every other token sequence is a sentence of the grammar.
 */
import { EmbeddedActionsParser } from "chevrotain";
import type { IToken } from "chevrotain";
import { SKIP_VALIDATIONS } from "./chevrotain-options.js";
import {
  AnyContent,
  Arrow,
  Backslash,
  Equals,
  EscapedChar,
  Hash,
  LBracket,
  LParen,
  LineEnd,
  NotOperator,
  NotRBracket,
  NotRParen,
  NotWs,
  PlainLines,
  PlusEquals,
  RBracket,
  RParen,
  Ws,
  allTokens,
} from "./asterisk-lexer.js";

export interface HeaderDesc {
  kind: "header";
  index: number;
  lb: IToken;
  name: IToken[];
  /** `isInsertedInRecovery` when the `]` is missing. */
  rb: IToken;
  lp: IToken | null;
  options: IToken[];
  /** `isInsertedInRecovery` when the `)` is missing. */
  rp: IToken | null;
}

export interface DirectiveDesc {
  kind: "directive";
  index: number;
  hash: IToken;
  word: IToken[];
  /** Tokens after the first blank (leading blanks included). */
  argument: IToken[];
}

export interface AssignmentDesc {
  kind: "assignment";
  index: number;
  backslash: IToken | null;
  escaped: IToken | null;
  key: IToken[];
  operator: IToken | null;
  value: IToken[];
}

/** A PlainLines run. */
export interface PlainDesc {
  kind: "plain";
  index: number;
  token: IToken;
}

export type LineDesc = HeaderDesc | DirectiveDesc | AssignmentDesc | PlainDesc;

function lineIndex(tok: IToken): number {
  return typeof tok.payload === "number" ? tok.payload : -1;
}

class AsteriskLineParser extends EmbeddedActionsParser {
  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 1, skipValidations: SKIP_VALIDATIONS });
    this.performSelfAnalysis();
  }

  lines = this.RULE("lines", (): LineDesc[] => {
    const out: LineDesc[] = [];
    this.MANY(() => {
      const d = this.OR([
        {
          ALT: (): LineDesc => {
            const token = this.CONSUME(PlainLines);
            return { kind: "plain", index: lineIndex(this.CONSUME(LineEnd)), token };
          },
        },
        { ALT: () => this.SUBRULE(this.line) },
      ]);
      this.ACTION(() => {
        if (d) out.push(d);
      });
    });
    return out;
  });

  line = this.RULE("line", (): LineDesc => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.header) },
        { ALT: () => this.SUBRULE(this.directive) },
        { ALT: () => this.SUBRULE(this.assignment) },
      ],
    });
  });

  header = this.RULE("header", (): HeaderDesc => {
    const name: IToken[] = [];
    const options: IToken[] = [];
    let lp: IToken | null = null;
    let rp: IToken | null = null;
    const lb = this.CONSUME(LBracket);
    this.MANY(() => {
      name.push(this.CONSUME(NotRBracket));
    });
    const rb = this.CONSUME(RBracket);
    this.OPTION(() => {
      lp = this.CONSUME(LParen);
      this.MANY2(() => {
        options.push(this.CONSUME(NotRParen));
      });
      rp = this.CONSUME(RParen);
    });
    this.MANY3(() => {
      this.CONSUME(AnyContent);
    });
    const end = this.CONSUME(LineEnd);
    return { kind: "header", index: lineIndex(end), lb, name, rb, lp, options, rp };
  });

  directive = this.RULE("directive", (): DirectiveDesc => {
    const word: IToken[] = [];
    const argument: IToken[] = [];
    const hash = this.CONSUME(Hash);
    this.MANY(() => {
      word.push(this.CONSUME(NotWs));
    });
    this.OPTION(() => {
      this.CONSUME(Ws);
      this.MANY2(() => {
        argument.push(this.CONSUME(AnyContent));
      });
    });
    const end = this.CONSUME(LineEnd);
    return { kind: "directive", index: lineIndex(end), hash, word, argument };
  });

  assignment = this.RULE("assignment", (): AssignmentDesc => {
    let backslash: IToken | null = null;
    let escaped: IToken | null = null;
    let operator: IToken | null = null;
    const key: IToken[] = [];
    const value: IToken[] = [];
    this.OPTION(() => {
      backslash = this.CONSUME(Backslash);
      this.OPTION2(() => {
        escaped = this.CONSUME(EscapedChar);
      });
    });
    this.MANY(() => {
      key.push(this.CONSUME(NotOperator));
    });
    this.OPTION3(() => {
      operator = this.OR([
        { ALT: () => this.CONSUME(Equals) },
        { ALT: () => this.CONSUME(Arrow) },
        { ALT: () => this.CONSUME(PlusEquals) },
      ]);
      this.MANY2(() => {
        value.push(this.CONSUME(AnyContent));
      });
    });
    const end = this.CONSUME(LineEnd);
    return { kind: "assignment", index: lineIndex(end), backslash, escaped, key, operator, value };
  });
}

/** Built once per process, on first use (most runs read no Asterisk config). */
let parser: AsteriskLineParser | null = null;

/** Parses the logical lines; descriptors come back in input order (`index` = payload of LineEnd). */
export function parseLogicalLines(tokens: IToken[]): LineDesc[] {
  parser ??= new AsteriskLineParser();
  parser.input = tokens;
  try {
    return parser.lines();
  } finally {
    parser.input = [];
  }
}
