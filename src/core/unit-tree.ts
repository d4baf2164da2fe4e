/**
 * The tree the unit-file parser produces (systemd "ini-like" syntax of config_parse() in
 * systemd src/shared/conf-parser.c). Every node carries its file and exact range. It lives in
 * core because the parser builds it and the model and rules read it: rules never import the
 * parser.
 */
import type { Location } from "./types.js";

/** `[Name]` header. `name` is the untrimmed text between `[` and the final `]`. */
export interface UnitSection extends Location {
  name: string;
  /** Range of the name itself (between the brackets). */
  nameLoc: Location;
}

/** A logical line `Key=value` (possibly continued over several physical lines). */
export interface UnitAssignment extends Location {
  /** Section the assignment belongs to; null when it comes before any header. */
  section: string | null;
  /** The header node of that section (null before any header). */
  sectionNode: UnitSection | null;
  /** Trimmed key (case-sensitive, spaces inside kept). */
  key: string;
  /** Trimmed value; continuations joined (each final backslash becomes one space). */
  value: string;
  keyLoc: Location;
  /** Range of the value; for an empty value a zero-width range after the `=`. */
  valueLoc: Location;
  /** Physical lines (1-based) this logical line was joined from, skipped comment lines excluded. */
  physicalLines: number[];
  /**
   * Maps an offset inside `value` to its line and column in the file, so rules can point at
   * one word of a continued value.
   */
  positionAt(valueOffset: number): { line: number; column: number };
}

/** A whole-line comment (`#` or `;` as first non-blank character). */
export interface UnitComment extends Location {
  /** Text after the comment character, untrimmed. */
  text: string;
  /** The comment character. */
  marker: "#" | ";";
}

export type UnitSyntaxKind =
  | "missing-equals" // "Missing '=', ignoring line."
  | "missing-key" // "Missing key name before '=', ignoring line."
  | "invalid-section-header" // no final `]`: the whole file fails to parse
  | "bad-section-characters" // control chars, quotes or backslash in a header: fatal
  | "outside-section" // "Assignment outside of section. Ignoring."
  | "line-too-long" // over 1 MiB: the whole file fails to parse (ENOBUFS)
  | "invalid-utf8"; // a logical line that is not valid UTF-8: the file fails to parse

export interface UnitSyntaxProblem extends Location {
  kind: UnitSyntaxKind;
  /** What systemd says and does, in astlint's words. */
  message: string;
  /** True when systemd stops reading the file (the unit does not load). */
  fatal: boolean;
}

export interface UnitFileAST {
  file: string;
  /** Decoded text (invalid UTF-8 bytes became U+FFFD, one per byte). */
  text: string;
  sections: UnitSection[];
  /** Every assignment, in file order (including those before any section). */
  assignments: UnitAssignment[];
  comments: UnitComment[];
  problems: UnitSyntaxProblem[];
  /** True when systemd refuses the whole file (first fatal problem). */
  fatal: boolean;
}
