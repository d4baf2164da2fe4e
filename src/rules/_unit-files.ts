/**
 * Shared helpers of the generic unit-file rules (issue 4): which files to check, locations
 * inside values, the physical text of a line, the units a file belongs to and quoting
 * (effective service types and refusals are the model's: src/model/service-verify.ts). Not a rule (the `_` prefix keeps it out of the registry).
 */
import type { Location } from "../core/types.js";
import { INCLUDE_DIRECTIVE } from "../data/directives.js";
import { contentEndFrom, lineStartOffsets } from "../core/text-lines.js";
import type { UnitAssignment, UnitFileAST, UnitSection } from "../core/unit-tree.js";
import { isExtensionName, isKnownSection, lookupDirective, type DirectiveLookup } from "../values/directive-table.js";
import type { SystemModel, Unit, UnitFile } from "../model/model.js";
import type { ValueProblem } from "../values/value-check.js";
import { valueProblem } from "../values/accepted-value.js";
import type { RuleContext } from "./rule.js";
import { parseUnitName } from "../model/unit-names.js";
import { unitFileFailure } from "../model/service-verify.js";

/**
 * What a fatal line does to the unit, by the kind of file: in the unit file the load fails (the
 * unit gets load state bad-setting); in a drop-in, unit_load_dropin() ignores the error (systemd
 * src/core/load-dropin.c at v252), so only the rest of that drop-in is lost and the unit loads
 * without it (checked with systemd-analyze verify and security 252).
 */
export function fatalOutcome(uf: UnitFile): { refused: string; consequence: string } {
  return uf.kind === "dropin"
    ? { refused: "systemd stops reading this drop-in", consequence: "the drop-in's later lines are ignored; the unit still loads, without them" }
    : { refused: "systemd refuses to load the unit", consequence: "the unit gets load state bad-setting and cannot be started" };
}

/**
 * For a refusal that systemd's *_verify() would log: when the unit file already fails earlier (a
 * fatal line), systemd stops there and never gets to this check. The finding stays (it is the
 * next error once that line is fixed); this note says so.
 */
export function failsEarlierNote(unit: Unit, version: number): string[] {
  const f = unitFileFailure(unit, version);
  if (!f || !unit.fragment) return [];
  const line = f.kind === "syntax" ? f.problem.line : f.assignment.line;
  return [`systemd stops reading ${unit.fragment.display} at line ${line} before it gets to this check (${f.kind === "syntax" ? "a fatal syntax error" : `${f.assignment.key}= cannot be parsed`}): the unit fails there first, and for this once that line is fixed`];
}

/** Unit files and drop-ins whose findings are shown. */
export function reportableUnitFiles(ctx: RuleContext): UnitFile[] {
  return ctx.model.unitFiles.filter((f) => f.reportable);
}

const MAX_QUOTED = 120;

/** A value quoted for a message: JSON-style double quotes, long values shortened in the middle. */
export function quote(value: string): string {
  const v = value.length > MAX_QUOTED ? `${value.slice(0, 80)}…${value.slice(-30)}` : value;
  return JSON.stringify(v);
}

/** `Key=value` as written, shortened for messages. */
export function written(key: string, value: string): string {
  const v = value.length > MAX_QUOTED ? `${value.slice(0, 80)}…${value.slice(-30)}` : value;
  return `${key}=${v}`;
}

/** The location of `length` characters at `offset` inside an assignment's value. */
export function valueRange(a: UnitAssignment, offset: number, length: number): Location {
  const len = a.value.length;
  const start = Math.max(0, Math.min(offset, len));
  const end = Math.max(start, Math.min(offset + length, len));
  if (start === 0 && end === len) return a.valueLoc;
  const s = a.positionAt(start);
  const e = end > start ? a.positionAt(end - 1) : s;
  return { file: a.file, line: s.line, column: s.column, endLine: e.line, endColumn: end > start ? e.column + 1 : e.column };
}

/** The whole assignment (key to end of value). */
export function assignmentLoc(a: UnitAssignment): Location {
  return { file: a.file, line: a.line, column: a.column, endLine: a.endLine, endColumn: a.endColumn };
}

/** Offsets where the physical lines of the file start (terminators as the unit lexer reads them). */
function lineStarts(ctx: RuleContext, ast: UnitFileAST): number[] {
  return ctx.derived("unit-files:line-starts", () => lineStartOffsets(ast.text), ast);
}

/** The text of physical line `line` (1-based), without its terminator. */
export function physicalLine(ctx: RuleContext, ast: UnitFileAST, line: number): string {
  const starts = lineStarts(ctx, ast);
  const s = starts[line - 1];
  if (s === undefined) return "";
  return ast.text.slice(s, contentEndFrom(ast.text, s));
}

/** The section header in force at `line` (the last header above it), or null. Binary search: sections are in line order. */
export function sectionAtLine(ast: UnitFileAST, line: number): UnitSection | null {
  const secs = ast.sections;
  let lo = 0;
  let hi = secs.length; // first section at or below `line`
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (secs[mid].line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? secs[lo - 1] : null;
}

/** Is the section one systemd silently ignores (X-) or an unknown one (already reported)? */
export function isIgnoredSection(uf: UnitFile, name: string): boolean {
  return isExtensionName(name) || !isKnownSection(uf.unitType, name);
}

/**
 * Physical lines that look like section headers without the closing `]` (systemd refuses the
 * file at the first one). The parser keeps the previous section for the lines after such a
 * header, so the section of those assignments is not known.
 */
function badHeaderLines(ctx: RuleContext, ast: UnitFileAST): number[] {
  return ctx.derived("unit-files:bad-header-lines", () => computeBadHeaderLines(ctx, ast), ast);
}

function computeBadHeaderLines(ctx: RuleContext, ast: UnitFileAST): number[] {
  const lines: number[] = [];
  if (ast.problems.some((p) => p.kind === "invalid-section-header")) {
    const starts = lineStarts(ctx, ast);
    for (let i = 0; i < starts.length; i++) {
      const t = ast.text.slice(starts[i], contentEndFrom(ast.text, starts[i])).trim();
      if (t.startsWith("[") && !t.endsWith("]")) lines.push(i + 1);
    }
  }
  return lines;
}

/**
 * The assignments of a file that rules judge: inside a section, and not after a broken header
 * (whose section the author meant is unknown; syntax-error reports the header).
 */
export function judgedAssignments(ctx: RuleContext, uf: UnitFile): (UnitAssignment & { section: string })[] {
  // Several rules ask for every file: one list per file, not one per rule.
  return ctx.derived("unit-files:judged-assignments", () => computeJudgedAssignments(ctx, uf), uf.ast);
}

/**
 * lookupDirective() of each of judgedAssignments(ctx, uf), at the same index, for the target
 * version: six rules ask for every assignment, one lookup each is enough.
 */
export function judgedLookups(ctx: RuleContext, uf: UnitFile): DirectiveLookup[] {
  return ctx.derived(
    "unit-files:judged-lookups",
    () => {
      const version = ctx.options.systemdVersion;
      return judgedAssignments(ctx, uf).map((a) => lookupDirective(uf.unitType, a.section, a.key, version));
    },
    uf.ast,
  );
}

function computeJudgedAssignments(ctx: RuleContext, uf: UnitFile): (UnitAssignment & { section: string })[] {
  const bad = badHeaderLines(ctx, uf.ast);
  const out: (UnitAssignment & { section: string })[] = [];
  let b = 0;
  for (const a of uf.ast.assignments) {
    if (a.section === null) continue;
    if (bad.length > 0) {
      while (b < bad.length && bad[b] < a.line) b++;
      // the last broken header above the assignment, if it comes after the assignment's own header
      const prev = b > 0 ? bad[b - 1] : 0;
      if (prev > (a.sectionNode?.line ?? 0)) continue;
    }
    out.push(a as UnitAssignment & { section: string });
  }
  return out;
}

/** Does systemd refuse one of the unit's files as a whole (fatal syntax problem)? */
export function hasUnreadableFile(unit: Unit): boolean {
  return (unit.fragment?.ast.fatal ?? false) || unit.dropins.some((d) => d.ast.fatal);
}

/** `.include PATH` lines (textual include, removed in v246): the parser's condition. */
export function isIncludeLine(text: string): boolean {
  let s = 0;
  while (s < text.length && (text[s] === " " || text[s] === "\t")) s++;
  const rest = text.slice(s);
  return rest.length > 9 && rest.startsWith(".include ");
}

/** Does the file have a `.include` line (the parser reports those as lines without `=`)? */
function hasIncludeLine(ctx: RuleContext, uf: UnitFile): boolean {
  return uf.ast.problems.some((p) => (p.kind === "missing-equals" || p.kind === "outside-section") && isIncludeLine(physicalLine(ctx, uf.ast, p.line)));
}

/**
 * Before v246 systemd read `.include`d files into the unit; astlint does not follow them, so
 * what such a unit contains is not fully known.
 */
export function includesOtherFiles(ctx: RuleContext, unit: Unit): boolean {
  if (ctx.options.systemdVersion >= INCLUDE_DIRECTIVE.removedIn) return false;
  return [...(unit.fragment ? [unit.fragment] : []), ...unit.dropins].some((f) => hasIncludeLine(ctx, f));
}

/**
 * Build-system placeholders (`@bindir@`, `@PKGLIBEXECDIR@`) in a `*.in` template. Global: use it
 * with String methods (matchAll, search), which do not keep state in the RegExp.
 */
export const PLACEHOLDERS = /@[A-Za-z_][A-Za-z0-9_]*@/g;

/** Units (distinct objects) of the model. */
function distinctUnits(model: SystemModel): Unit[] {
  return [...new Set(model.units.values())];
}

/**
 * Services (etc.) to judge as units: one per distinct set of files, so that a template and its
 * instances loaded from the same file (`foo@.service`, `foo@a.service` linked from a .wants
 * directory) are reported once, under the first name in sort order (the template's).
 */
export function distinctConfigurations(ctx: RuleContext): Unit[] {
  // Three rules ask; the model does not change once built. A copy: callers may reorder it.
  return ctx.derived("unit-files:distinct-configurations", () => computeDistinctConfigurations(ctx.model)).slice();
}

function computeDistinctConfigurations(model: SystemModel): Unit[] {
  const seen = new Map<string, Unit>();
  for (const u of distinctUnits(model).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (u.masked || !u.fragment) continue;
    const key = [u.fragment.path, ...u.dropins.map((d) => d.path)].join("\0");
    if (!seen.has(key)) seen.set(key, u);
  }
  return [...seen.values()];
}

/** The units a file applies to: as their fragment or as one of their drop-ins. */
export function unitsOfFile(ctx: RuleContext, file: UnitFile): Unit[] {
  return ctx.derived("unit-files:units-by-file", () => unitsByFile(ctx.model)).get(file) ?? [];
}

function unitsByFile(model: SystemModel): Map<UnitFile, Unit[]> {
  const m = new Map<UnitFile, Unit[]>();
    for (const u of distinctUnits(model)) {
      if (u.masked) continue;
      const files = [...(u.fragment ? [u.fragment] : []), ...u.dropins];
      for (const f of files) {
        const l = m.get(f);
        if (l) l.push(u);
        else m.set(f, [u]);
      }
    }
  return m;
}

/**
 * Every non-empty assignment of a directive the target version knows, in the files whose
 * findings are shown (the loop the value rules share), with the directive's data.
 */
export function* knownValueAssignments(
  ctx: RuleContext,
): Generator<{ uf: UnitFile; a: UnitAssignment & { section: string }; info: Extract<ReturnType<typeof lookupDirective>, { status: "known" }>["info"] }> {
  for (const uf of reportableUnitFiles(ctx)) {
    const judged = judgedAssignments(ctx, uf);
    const lookups = judgedLookups(ctx, uf);
    for (let i = 0; i < judged.length; i++) {
      const a = judged[i];
      if (a.value === "") continue;
      // A build template's placeholders are replaced at build time (unsubstituted-placeholder).
      if (uf.buildTemplate && a.value.search(PLACEHOLDERS) >= 0) continue;
      const l = lookups[i];
      if (l.status === "known") yield { uf, a, info: l.info };
    }
  }
}

/**
 * checkValue() for one assignment of a known directive, computed once per assignment and target
 * version (invalid-value, inline-comment and duplicate-directive all ask).
 */
export function assignmentProblem(ctx: RuleContext, unitType: UnitFile["unitType"], a: UnitAssignment & { section: string }, parser: string, file?: UnitFile): ValueProblem | null {
  const version = ctx.options.systemdVersion;
  // A file of one instance (foo@bar.service, foo@bar.service.d/*.conf): %i and %I are known.
  const instance = file && a.value.includes("%") ? parseUnitName(file.unitName)?.instance || undefined : undefined;
  // Memoised by what checkValue depends on (not per assignment object: a WeakMap entry per line
  // is what made a 590,000-line unit slow), so repeated lines (and files copied many times) are
  // checked once, and once for the model's verdicts and the rules together.
  return valueProblem(parser, unitType, a.section, a.key, a.value, version, instance);
}

/**
 * For findings that depend on the target version: " (systemd 257 assumed: set --systemd-version
 * N or systemdVersion)" when no version was given or found, else "".
 */
export function assumedVersion(ctx: RuleContext): string {
  return ctx.model.systemdVersionAssumed
    ? ` (systemd ${ctx.options.systemdVersion} assumed: set the target with --systemd-version N or "systemdVersion" in .astlintrc.json)`
    : "";
}

/** "systemd 252 (libsystemd-shared-252.so under the root)". */
export function targetLabel(ctx: RuleContext): string {
  return `systemd ${ctx.options.systemdVersion} (${ctx.model.systemdVersionSource})`;
}

/** The message systemd logs for an unknown key, in the wording of `version` (src/shared/conf-parser.c `next_assignment()`). */
export function unknownKeyLog(version: number, key: string, section: string): string {
  if (version <= 240) return `Unknown lvalue '${key}' in section '${section}'`;
  if (version <= 242) return `Unknown lvalue '${key}' in section '${section}', ignoring`;
  if (version < 256 && version !== 252) return `Unknown key name '${key}' in section '${section}', ignoring.`;
  return `Unknown key '${key}' in section [${section}], ignoring.`;
}

/** `.service` for a unit type. */
export function suffix(unitType: string): string {
  return `.${unitType}`;
}
