/**
 * Loads one Asterisk config file the way main/config.c does: includes (relative to
 * astetcdir, globs, depth 10), sections with templates, inheritance and `(+)`, last
 * assignment wins, first non-template section of a name is the one modules read.
 * (Interface fixed; implementation in progress.)
 */
import type { Location } from "../core/types.js";
import type { AstConfigAST } from "../parser/asterisk-ast.js";
import type { RootFs } from "./fs.js";

export interface AstVar {
  key: string;
  value: string;
  loc: Location;
  keyLoc: Location;
  valueLoc: Location;
  /** Name of the section it was inherited from (template inheritance), if any. */
  inheritedFrom?: string;
}

export interface AstSection {
  name: string;
  template: boolean;
  /** The header line. */
  loc: Location;
  vars: AstVar[];
  /** Last assignment of `key` (case-insensitive), as Asterisk modules read it. */
  get(key: string): AstVar | undefined;
}

export interface IncludeFailure {
  /** The `#include` line. */
  loc: Location;
  target: string;
  reason: "missing" | "empty-glob" | "depth" | "unreadable";
}

export interface AsteriskConfig {
  /** Base name, e.g. `manager.conf`. */
  name: string;
  /** Absolute path inside the root (or on disk in repository mode). */
  path: string;
  display: string;
  /** The main file exists and was read. */
  exists: boolean;
  /** Asterisk treats the file as invalid and the module sees no config at all (F-CFG-12). */
  invalid: { reason: string; loc: Location } | null;
  /** All sections in order (templates included), includes expanded. */
  sections: AstSection[];
  /** First non-template section with this name (case-insensitive), as ast_variable_browse finds it. */
  section(name: string): AstSection | undefined;
  /** `section(name)?.get(key)`. */
  get(section: string, key: string): AstVar | undefined;
  /** Every file read for this config (main file first), with its parsed tree. */
  files: { path: string; display: string; ast: AstConfigAST }[];
  /** `#include`s that failed (the whole including file becomes invalid). */
  includeFailures: IncludeFailure[];
  /** Includes whose target could not be read because a repository (not a root) is linted. */
  unknownIncludes: { loc: Location; target: string }[];
  /** `#exec` lines (never executed). */
  execs: { loc: Location; command: string }[];
  /** Variable lines that come before any section (after include context), which invalidate the file. */
  noSectionLines: Location[];
}

export interface LoadOptions {
  /** Directory relative includes resolve against (astetcdir). */
  etcDir: string;
  /** In repository mode, an include that cannot be read is unknown rather than missing. */
  mode: "root" | "repository";
  /** Display path for an in-root path. */
  display(path: string): string;
  /** Parse cache shared by all loads (a file included by several configs is parsed once). */
  cache?: Map<string, AstConfigAST>;
}

export declare function loadAsteriskConfig(fs: RootFs, file: string, options: LoadOptions): AsteriskConfig;
