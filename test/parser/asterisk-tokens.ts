/** The Asterisk lexer's tokens for a text (type name, image, offset), for tests of the lexer. */
import { asteriskLexer } from "../../src/parser/asterisk-lexer.js";

export interface LexedToken {
  type: string;
  image: string;
  offset: number;
}

export function asteriskTokens(text: string): LexedToken[] {
  return asteriskLexer.tokenize(text).tokens.map((t) => ({ type: t.tokenType.name, image: t.image, offset: t.startOffset }));
}
