/**
 * The tree the Asterisk config parser produces for ONE file (main/config.c syntax, see
 * Asterisk main/config.c `process_text_line()` at 22.x). Includes are resolved later by the loader
 * (src/asterisk/config-loader.ts), because relative includes depend on astetcdir and an
 * included file continues the including file's section.
 */
import type { Location } from "../core/types.js";

/** `[name](options)` header. */
export interface AstSectionHeader extends Location {
  kind: "section";
  /** Untrimmed text between `[` and the first `]`. */
  name: string;
  nameLoc: Location;
  /** Raw option list entries (untrimmed), empty when there is no `(...)`. */
  options: string[];
  /** `(!)`: a template, invisible to ast_variable_browse. */
  template: boolean;
  /** `(+)`: append to an existing non-template section with that name. */
  append: boolean;
  /** Names of sections to inherit from (every option other than `!` and `+...`). */
  inherits: string[];
}

/** `key = value`, `key => value` or `key += value`. */
export interface AstAssignment extends Location {
  kind: "assignment";
  key: string;
  /** Stripped, never unquoted; `\;` became `;`; block comments removed. */
  value: string;
  operator: "=" | "=>" | "+=";
  keyLoc: Location;
  valueLoc: Location;
  /** `+=` only: the blanks between `+=` and the value, which Asterisk appends too (see assignmentLeadingBlanks()). */
  appendBlanks?: string;
}

/** `#include`, `#tryinclude`, `#exec` or an unknown `#word`. */
export interface AstDirective extends Location {
  kind: "directive";
  /** Lower-cased directive word without `#` (`include`, `tryinclude`, `exec`, or other). */
  name: string;
  /** Stripped argument with one surrounding pair of `"..."` or `<...>` removed. */
  argument: string;
  argumentLoc: Location;
}

export type AstLine = AstSectionHeader | AstAssignment | AstDirective;

/** A `;` comment or a `;-- --;` block (used for astlint suppression directives). */
export interface AstComment extends Location {
  /** Comment text without the leading `;` (or `;--`/`--;`). */
  text: string;
  /** True when code precedes the comment on the same line (an end-of-line comment). */
  trailing: boolean;
  block: boolean;
}

export type AstProblemKind =
  | "unclosed-bracket" // header without `]`: file invalid
  | "unclosed-paren" // `(` after `]` without `)`: file invalid
  | "stray-block-close" // `--;` outside a block comment: following lines discarded
  | "unterminated-block" // `;--` never closed: rest of file is a comment
  | "block-nest-limit" // more than 128 nested block comments
  | "missing-equals" // no `=`: line ignored
  | "missing-name" // empty variable name: line ignored
  | "invalid-escape" // `\` followed by a non-printable character: file invalid
  | "unknown-directive" // `#word` Asterisk does not know: ignored with a warning
  | "missing-directive-argument" // `#include` without a file: ignored
  | "line-too-long"; // over 8190 characters: skipped

export interface AstProblem extends Location {
  kind: AstProblemKind;
  message: string;
  /** True when Asterisk treats the whole file as invalid (the module sees no config). */
  invalidatesFile: boolean;
}

export interface AstConfigAST {
  file: string;
  text: string;
  lines: AstLine[];
  comments: AstComment[];
  problems: AstProblem[];
  /** Block-comment depth at the end of the file when not 0 (see finalCommentDepth()). */
  finalCommentDepth?: number;
}
