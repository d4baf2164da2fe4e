/**
 * The tokens of the two lexers for a text (type name, image, offset), for tests of the lexers:
 * the trees do not keep them.
 */
import { asteriskLexer } from "../../src/parser/asterisk-lexer.js";
import { tokenizeUnit } from "../../src/parser/unit-lexer.js";
import type { IToken } from "chevrotain";

export interface LexedToken {
  type: string;
  image: string;
  offset: number;
}

const plain = (t: IToken): LexedToken => ({ type: t.tokenType.name, image: t.image, offset: t.startOffset });

export function asteriskTokens(text: string): LexedToken[] {
  return asteriskLexer.tokenize(text).tokens.map(plain);
}

export function unitTokens(text: string): LexedToken[] {
  return tokenizeUnit(text).map(plain);
}
