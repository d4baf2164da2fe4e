/**
 * Types shared by every layer: positions, locations and findings.
 *
 * Positions are 1-based. Columns count UTF-16 code units of the line as decoded from UTF-8
 * (each invalid byte decodes to one U+FFFD). End columns are exclusive.
 */

export type Severity = "error" | "warning" | "info";

/** A range inside one file. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A range inside a named file. `file` is the display path (as printed to the user). */
export interface Location extends Span {
  file: string;
}

/** Another place that explains a finding (usually in another file). */
export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

/** One problem, as reported to the user by every formatter. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** One sentence quoting the values on both sides. */
  message: string;
  /** Why: the runtime consequence, and where the other value came from. */
  notes: string[];
  /** The fix, ready to paste. */
  help?: string;
  related: RelatedLocation[];
  /** A machine-applicable fix (--fix applies it when safe, or with --unsafe-fixes). */
  fix?: Fix;
  /** Alternative fixes, shown but never applied by --fix. */
  suggestions?: Fix[];
}

/**
 * One text replacement in a file, in the finding's coordinates: 1-based, end exclusive,
 * columns in UTF-16 code units of the decoded line. Deleting a whole line is
 * (line,1)-(line+1,1). `create` marks a file that does not exist yet (the edit is its text).
 */
export interface TextEdit extends Span {
  /** Display path (as in findings). */
  file: string;
  text: string;
  create?: boolean;
  /** Path inside the root (internal: where --fix writes; not part of the JSON output). */
  path?: string;
}

export interface Fix {
  /** Safe: cannot stop a working service from starting and cannot widen who can connect. */
  safe: boolean;
  /** What the fix does, one line. */
  description: string;
  /**
   * The edits, in the order they are written: when they span files, applying any prefix of
   * them leaves a valid configuration.
   */
  edits: TextEdit[];
}

/** The unit types systemd knows (the suffix of a unit name). */
export const UNIT_TYPES = [
  "service",
  "socket",
  "target",
  "device",
  "mount",
  "automount",
  "swap",
  "timer",
  "path",
  "slice",
  "scope",
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];
