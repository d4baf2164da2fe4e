/**
 * Loads one Asterisk config file the way main/config.c does: includes (relative to
 * astetcdir, globs, depth 10), sections with templates, inheritance and `(+)`, last
 * assignment wins, first non-template section of a name is the one modules read.
 * (Asterisk 22.x main/config.c `ast_config_internal_load()`, `process_text_line()`.)
 *
 * Model of config_text_file_load() / process_text_line() / ast_config_internal_load():
 * - Each file is processed line by line; the first line that makes a file invalid (unclosed
 *   `[`/`(`, bad `(+)`/inheritance, variable before any section, invalid `\` escape, failed
 *   `#include`) STOPS that file, exactly like Asterisk. For the main file this sets `invalid`
 *   (the module then sees no configuration at all; `sections` keeps what was read before the
 *   error). An included file's invalidity does not invalidate its includer.
 * - An included file starts in `cfg->current`: the section most recently created (or selected
 *   by `(+)`) anywhere in the config — usually the includer's current section. After the
 *   include, the includer continues in its own previous section.
 * - The files matched by one glob `#include` share the current section and the block-comment
 *   depth (both are locals of one config_text_file_load() call).
 * - `key += value` appends (blanks after `+=` included) to the last variable named exactly
 *   `key`; the updated variable keeps its original position and locations (ast_variable_update()
 *   keeps the line number), so `loc`/`valueLoc` point at the line that created it.
 * - `#exec` is recorded in `execs` and never executed.
 * - Section names are stored in `char name[80]`: longer names are cut to 79 bytes.
 * - An include target that exists but cannot be read (permissions, not a regular file, a
 *   symlink loop, over astlint's size limit) is an include failure with reason "unreadable".
 *
 * Everything is read through RootFs: under `--root` an absolute include (or a symlink) resolves
 * inside the root, never on the host. Globs are matched component by component inside the
 * RootFs with a glibc-compatible fnmatch (O(pattern x name), no regular expressions; see
 * matchComponent()).
 */
import { asciiLower } from "../parser/asterisk-builder.js";
import type { Location } from "../core/types.js";
import type { AstAssignment, AstConfigAST, AstDirective, AstSectionHeader } from "../parser/asterisk-ast.js";
import { assignmentLeadingBlanks, finalCommentDepth, parseAsteriskConfig } from "../parser/asterisk-parser.js";
import type { RootFs } from "../io/fs.js";
import { describeReadError } from "../io/fs.js";
import { MAX_GLOB_MATCHES, expandInclude } from "../io/glob.js";

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
  /** The absolute path (or pattern) Asterisk tries, i.e. the argument with astetcdir prefixed when relative. */
  target: string;
  reason: "missing" | "empty-glob" | "depth" | "unreadable";
  /** Why an unreadable include could not be read (describeReadError). */
  detail?: string;
  /** `target` as shown in messages, when it differs: in repository mode the display path (never a host path the user did not write). */
  shown?: string;
}

/** Problems found while assembling the config (the per-file syntax problems are in `files[].ast.problems`). */
export interface LoadProblem {
  kind:
    | "append-target-missing" // `[x](+)` without an earlier non-template `[x]`: that file is invalid
    | "inherit-base-missing" // `[x](base)` without an earlier `[base]`: that file is invalid
    | "append-filter-ignored" // `(+filter)`: the filter is not evaluated, the first non-template section is used
    | "glob-limit" // a glob matched more than MAX_GLOB_MATCHES files: the rest is ignored
    | "load-limit" // include expansion exceeded MAX_PROCESSED_LINES (an include cycle fanning out)
    | "unreadable"; // the main file exists but cannot be read
  message: string;
  loc: Location;
  /** True when this made the file that holds `loc` invalid. */
  invalidatesFile: boolean;
}

export interface AsteriskConfig {
  /** Base name, e.g. `manager.conf`. */
  name: string;
  /** Absolute path inside the root (or on disk in repository mode). */
  path: string;
  display: string;
  /** The main file exists and was read. */
  exists: boolean;
  /** Asterisk treats the file as invalid and the module sees no config at all (Asterisk main/config.c `process_text_line()` (CONFIG_STATUS_FILEINVALID) at 22.x). */
  invalid: { reason: string; loc: Location } | null;
  /** All sections in order (templates included), includes expanded. */
  sections: AstSection[];
  /** First non-template section with this name (case-insensitive), as ast_variable_browse finds it. */
  section(name: string): AstSection | undefined;
  /** `section(name)?.get(key)`. */
  get(section: string, key: string): AstVar | undefined;
  /** Every file read for this config (main file first), with its parsed tree. */
  files: { path: string; display: string; ast: AstConfigAST }[];
  /** `#include`s that failed (the whole including file becomes invalid). Each include line once. */
  includeFailures: IncludeFailure[];
  /** Includes whose target could not be read because a repository (not a root) is linted. */
  unknownIncludes: { loc: Location; target: string }[];
  /** `#exec` lines (never executed). */
  execs: { loc: Location; command: string }[];
  /** Variable lines that come before any section (after include context), which invalidate the file. */
  noSectionLines: Location[];
  /** Semantic problems found while assembling sections and includes (added to the original interface). */
  problems: LoadProblem[];
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

/** MAX_INCLUDE_LEVEL: the main file is depth 0; an include that would be depth 11 fails. */
export const MAX_INCLUDE_DEPTH = 10;
/** Lines processed per load (an include cycle that fans out would otherwise grow exponentially). */
const MAX_PROCESSED_LINES = 1_000_000;
/** `char name[80]` of struct ast_category. */
const CATEGORY_NAME_BYTES = 79;

// ---------------------------------------------------------------------------------------------
// Small helpers.


function asciiEq(a: string, b: string): boolean {
  return a.length === b.length && asciiLower(a) === asciiLower(b);
}

const encoder = new TextEncoder();
const lossyDecoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** ast_copy_string(cat->name, name, 80). */
function categoryName(name: string): string {
  if (name.length <= CATEGORY_NAME_BYTES / 3) return name;
  const bytes = encoder.encode(name);
  return bytes.length <= CATEGORY_NAME_BYTES ? name : lossyDecoder.decode(bytes.subarray(0, CATEGORY_NAME_BYTES));
}

/** ast_skip_blanks(ast_trim_blanks(s)): bytes below 33 at both ends. */
function stripBlanks(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) < 33 && s.charCodeAt(a) !== 0) a++;
  while (b > a && s.charCodeAt(b - 1) < 33) b--;
  return s.slice(a, b);
}

function baseName(p: string): string {
  const i = p.lastIndexOf("/");
  return i >= 0 ? p.slice(i + 1) : p;
}

function lineLoc(l: Location): Location {
  return { file: l.file, line: l.line, column: l.column, endLine: l.endLine, endColumn: l.endColumn };
}

// ---------------------------------------------------------------------------------------------
// Sections.

class Section implements AstSection {
  vars: AstVar[] = [];
  constructor(
    public name: string,
    public template: boolean,
    public loc: Location,
  ) {}

  get(key: string): AstVar | undefined {
    const k = asciiLower(key);
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i]!;
      if (v.key.length === k.length && (v.key === k || asciiLower(v.key) === k)) return v;
    }
    return undefined;
  }
}

/**
 * The sections in order, indexed by lower-cased name, for ast_category_get(): the first section
 * whose name matches case-insensitively (an empty name matches any section), templates only
 * when asked. A lookup per header (inheritance, `(+)`) no longer walks every earlier section.
 */
class Sections {
  readonly all: Section[] = [];
  private readonly byName = new Map<string, Section[]>();

  add(s: Section): void {
    this.all.push(s);
    const k = asciiLower(s.name);
    const l = this.byName.get(k);
    if (l) l.push(s);
    else this.byName.set(k, [s]);
  }

  find(name: string, templatesToo: boolean): Section | undefined {
    // A section's template flag can change after it is added (`[x](+)` with `!`): check it here.
    for (const s of name === "" ? this.all : (this.byName.get(asciiLower(name)) ?? [])) {
      if (templatesToo || !s.template) return s;
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The loader.

interface Invalid {
  reason: string;
  loc: Location;
}

/** Problem kinds that are outcomes of process_text_line() for a line (the line yields no node). */
const LINE_PROBLEMS = new Set(["unclosed-bracket", "unclosed-paren", "invalid-escape", "missing-equals", "missing-name"]);
const VARIABLE_LINE_PROBLEMS = new Set(["invalid-escape", "missing-equals", "missing-name"]);

type ReadOutcome = { ok: true; ast: AstConfigAST } | { ok: false; error: string; detail: string };

class Loader {
  readonly sections = new Sections();
  readonly includeFailures: IncludeFailure[] = [];
  readonly unknownIncludes: { loc: Location; target: string }[] = [];
  readonly execs: { loc: Location; command: string }[] = [];
  readonly noSectionLines: Location[] = [];
  readonly problems: LoadProblem[] = [];
  readonly files = new Map<string, { path: string; display: string; ast: AstConfigAST }>();
  /** cfg->current: the section most recently appended or selected with `(+)`. */
  private current: Section | null = null;
  private readonly reported = new Set<string>();
  private processed = 0;
  private limitHit = false;
  private readonly cache: Map<string, AstConfigAST>;

  constructor(
    private readonly fs: RootFs,
    private readonly options: LoadOptions,
  ) {
    this.cache = options.cache ?? new Map();
  }

  read(path: string): ReadOutcome {
    const hit = this.cache.get(path);
    if (hit) return { ok: true, ast: hit };
    const r = this.fs.read(path);
    if (!r.ok) return { ok: false, error: r.error, detail: r.detail };
    const ast = parseAsteriskConfig(r.bytes, this.options.display(path));
    this.cache.set(path, ast);
    return { ok: true, ast };
  }

  private once(key: string): boolean {
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
  }

  private problem(kind: LoadProblem["kind"], message: string, loc: Location, invalidatesFile: boolean): void {
    if (this.once(`${kind}\0${loc.file}\0${loc.line}\0${loc.column}`)) this.problems.push({ kind, message, loc: lineLoc(loc), invalidatesFile });
  }

  private failure(loc: Location, target: string, reason: IncludeFailure["reason"], detail?: string): void {
    if (this.once(`fail\0${loc.file}\0${loc.line}\0${loc.column}\0${target}\0${reason}`)) {
      const shown = this.options.mode === "repository" ? this.options.display(target) : target;
      this.includeFailures.push({ loc: lineLoc(loc), target, reason, ...(detail ? { detail } : {}), ...(shown !== target ? { shown } : {}) });
    }
  }

  private unknown(loc: Location, target: string): void {
    if (this.once(`unknown\0${loc.file}\0${loc.line}\0${target}`)) this.unknownIncludes.push({ loc: lineLoc(loc), target });
  }

  addFile(path: string, ast: AstConfigAST): void {
    if (!this.files.has(path)) this.files.set(path, { path, display: this.options.display(path), ast });
  }

  /**
   * Processes one file's lines starting in section `cat`. Returns the section current at the end
   * and the reason the file became invalid (processing stopped there), if it did.
   */
  processFile(ast: AstConfigAST, depth: number, startCat: Section | null): { cat: Section | null; invalid: Invalid | null } {
    let cat = startCat;
    // The lines and the line-level problems in line order (each physical line yields at most one).
    const lines = ast.lines;
    const probs = ast.problems.filter((p) => LINE_PROBLEMS.has(p.kind));
    let j = 0;
    for (let i = 0; i <= lines.length; i++) {
      const line = i < lines.length ? lines[i]! : null;
      while (j < probs.length && (line === null || probs[j]!.line < line.line)) {
        const p = probs[j++]!;
        if (this.overLimit(p)) return { cat, invalid: null };
        if (VARIABLE_LINE_PROBLEMS.has(p.kind) && !cat) {
          this.noSectionLines.push(lineLoc(p));
          return { cat, invalid: { reason: "a variable line before any [section] header", loc: lineLoc(p) } };
        }
        if (p.invalidatesFile) return { cat, invalid: { reason: p.message, loc: lineLoc(p) } };
      }
      if (line === null) break;
      if (this.overLimit(line)) return { cat, invalid: null };
      if (line.kind === "section") {
        const r = this.header(line);
        if (r.invalid) return { cat, invalid: r.invalid };
        cat = r.cat;
      } else if (line.kind === "directive") {
        const inv = this.directive(line, depth);
        if (inv) return { cat, invalid: inv };
      } else {
        if (!cat) {
          this.noSectionLines.push(lineLoc(line));
          return { cat, invalid: { reason: "a variable line before any [section] header", loc: lineLoc(line) } };
        }
        this.assign(cat, line);
      }
    }
    return { cat, invalid: null };
  }

  /** Counts one processed line or problem; true (reported once) past MAX_PROCESSED_LINES. */
  private overLimit(loc: Location): boolean {
    if (++this.processed <= MAX_PROCESSED_LINES) return false;
    if (!this.limitHit) {
      this.limitHit = true;
      this.problem("load-limit", `Include expansion processed more than ${MAX_PROCESSED_LINES} lines (an include cycle?); the rest is ignored`, loc, false);
    }
    return true;
  }

  private header(h: AstSectionHeader): { cat: Section | null; invalid: Invalid | null } {
    const loc = lineLoc(h);
    let newcat: Section | null = new Section(categoryName(h.name), false, loc);
    let target: Section = newcat;
    for (const opt of h.options) {
      if (opt === "!") {
        target.template = true;
      } else if (opt.startsWith("+")) {
        if (opt.length > 1) {
          this.problem(
            "append-filter-ignored",
            `"(${opt})": astlint does not evaluate the filter "${opt.slice(1)}" and appends to the first non-template [${h.name}]`,
            loc,
            false,
          );
        }
        const existing = this.sections.find(h.name, false);
        if (!existing) {
          const reason = `"[${h.name}](+)" appends to a section that does not exist earlier (Asterisk: "Category addition requested, but category '${h.name}' does not exist")`;
          this.problem("append-target-missing", reason, loc, true);
          return { cat: null, invalid: { reason, loc } };
        }
        if (newcat) {
          existing.template = existing.template || newcat.template;
          existing.vars.push(...newcat.vars);
          newcat = null;
          this.current = existing;
        }
        target = existing;
      } else {
        const base = this.sections.find(opt, true);
        if (!base) {
          const reason = `"[${h.name}](${h.options.join(",")})" inherits from "${opt}", which is not defined earlier (Asterisk: "Inheritance requested, but category '${opt}' does not exist")`;
          this.problem("inherit-base-missing", reason, loc, true);
          return { cat: null, invalid: { reason, loc } };
        }
        const copy = base.vars.slice();
        // An AstVar has exactly these fields (assign()); a literal is much cheaper than a spread.
        for (const v of copy) target.vars.push({ key: v.key, value: v.value, loc: v.loc, keyLoc: v.keyLoc, valueLoc: v.valueLoc, inheritedFrom: base.name });
      }
    }
    if (newcat) {
      this.sections.add(newcat);
      this.current = newcat;
    }
    return { cat: target, invalid: null };
  }

  private assign(cat: Section, a: AstAssignment): void {
    if (a.operator === "+=") {
      let replace: AstVar | undefined;
      for (const v of cat.vars) if (v.key === a.key) replace = v;
      if (replace) {
        const value = stripBlanks(replace.value + assignmentLeadingBlanks(a) + a.value);
        // ast_variable_update(): the FIRST variable with that name (case-insensitive) and the
        // replaced value (case-insensitive) gets the new value, and keeps its position.
        const match = replace.value;
        const idx = cat.vars.findIndex((v) => asciiEq(v.key, replace!.key) && (match === "" || asciiEq(v.value, match)));
        const old = cat.vars[idx]!;
        const updated: AstVar = { key: old.key, value, loc: old.loc, keyLoc: old.keyLoc, valueLoc: old.valueLoc };
        cat.vars[idx] = updated;
        return;
      }
    }
    cat.vars.push({ key: a.key, value: a.value, loc: lineLoc(a), keyLoc: a.keyLoc, valueLoc: a.valueLoc });
  }

  private directive(d: AstDirective, depth: number): Invalid | null {
    const loc = lineLoc(d);
    if (d.name === "exec") {
      this.execs.push({ loc, command: d.argument });
      return null;
    }
    if (d.name !== "include" && d.name !== "tryinclude") return null;
    const tryInclude = d.name === "tryinclude";
    const etc = this.options.etcDir;
    const target = d.argument.startsWith("/") ? d.argument : `${etc.endsWith("/") ? etc.slice(0, -1) : etc}/${d.argument}`;
    const fail = (reason: IncludeFailure["reason"], why: string, detail?: string): Invalid | null => {
      if (tryInclude) return null;
      this.failure(loc, target, reason, detail);
      return { reason: `#include ${target}: ${why}`, loc };
    };
    if (depth + 1 > MAX_INCLUDE_DEPTH) {
      return fail("depth", `nesting passes Asterisk's limit of ${MAX_INCLUDE_DEPTH} includes ("Maximum Include level (${MAX_INCLUDE_DEPTH}) exceeded")`);
    }
    if (this.limitHit) return null;
    const g = expandInclude(this.fs, target);
    if (g.truncated) {
      this.problem("glob-limit", `#include ${target} matches more than ${MAX_GLOB_MATCHES} files; astlint reads the first ${MAX_GLOB_MATCHES}`, loc, false);
    }
    // One config_text_file_load() call: shared current section and comment depth.
    let cat = this.current;
    let carry = 0;
    let count = 0;
    let outside = g.outside;
    let firstError: { error: string; detail: string } | null = null;
    for (const p of g.paths) {
      let r = this.read(p);
      if (!r.ok) {
        if (r.error === "outside") outside = true;
        else if (!firstError) firstError = r;
        if (r.error === "outside" && this.options.mode === "repository") this.unknown(loc, p);
        continue;
      }
      count++;
      this.addFile(p, r.ast);
      let ast = r.ast;
      if (carry !== 0) ast = parseAsteriskConfig(ast.text, ast.file, { initialDepth: carry });
      const res = this.processFile(ast, depth + 1, cat);
      cat = res.cat;
      carry = finalCommentDepth(ast);
      if (res.invalid) break; // the glob loop stops at an invalid file; the includer goes on
    }
    if (count > 0) return null;
    if (outside && this.options.mode === "repository") {
      if (g.paths.length === 0) this.unknown(loc, target);
      return null;
    }
    if (g.paths.length === 0) return fail("empty-glob", "the pattern matches no file");
    if (firstError && firstError.error !== "missing") {
      const detail = describeReadError(firstError.error, firstError.detail);
      return fail("unreadable", `the file cannot be read: ${detail}`, detail);
    }
    return fail(g.magic ? "empty-glob" : "missing", g.magic ? "the pattern matches no regular file" : "the file does not exist");
  }
}

function makeConfig(file: string, options: LoadOptions, loader: Loader, exists: boolean, invalid: Invalid | null): AsteriskConfig {
  const sections = loader.sections.all;
  const section = (name: string): AstSection | undefined => loader.sections.find(name, false);
  return {
    name: baseName(file),
    path: file,
    display: options.display(file),
    exists,
    invalid,
    sections,
    section,
    get: (s: string, key: string) => section(s)?.get(key),
    files: [...loader.files.values()],
    includeFailures: loader.includeFailures,
    unknownIncludes: loader.unknownIncludes,
    execs: loader.execs,
    noSectionLines: loader.noSectionLines,
    problems: loader.problems,
  };
}

/**
 * Loads `file` (an absolute path inside the RootFs) with its includes. A missing main file gives
 * `exists: false` and no sections (not `invalid`).
 */
export function loadAsteriskConfig(fs: RootFs, file: string, options: LoadOptions): AsteriskConfig {
  const loader = new Loader(fs, options);
  const r = loader.read(file);
  if (!r.ok) {
    if (r.error !== "missing" && r.error !== "outside") {
      loader.problems.push({
        kind: "unreadable",
        message: `${options.display(file)} cannot be read: ${describeReadError(r.error, r.detail)}`,
        loc: { file: options.display(file), line: 1, column: 1, endLine: 1, endColumn: 1 },
        invalidatesFile: false,
      });
    }
    return makeConfig(file, options, loader, false, null);
  }
  loader.addFile(file, r.ast);
  const res = loader.processFile(r.ast, 0, null);
  return makeConfig(file, options, loader, true, res.invalid);
}
