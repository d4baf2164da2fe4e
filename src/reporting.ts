/**
 * The one place that decides which findings are reported, in this order:
 *
 * 1. suppressions: `astlint-disable…` comments of the files remove findings and add findings
 *    about the comments themselves (unknown rule IDs, unused directives);
 * 2. severities: per-rule overrides from .astlintrc.json and --rule, "off" drops the rule
 *    (the engine asks ruleEnabled() first so an "off" rule does not even run);
 * 3. scope: only files astlint reports (administrator units, Asterisk's units and configs;
 *    everything in repository mode), restricted to the PATHs given with a root, and read
 *    problems only for reported directories;
 * 4. ignore globs of .astlintrc.json (paths given explicitly stay unless --force-exclude);
 * 5. de-duplication and order (file, line, column, rule).
 *
 * `--quiet` (errors only) is presentation and stays in the CLI.
 */
import * as path from "node:path";
import picomatch from "picomatch";
import type { Finding, Severity } from "./core/types.js";
import type { SystemModel } from "./model/model.js";
import { REPORTED_UNIT_DIRS, SYSTEM_UNIT_PATH } from "./model/units.js";
import { applySuppressions, collectDirectives, type Directive } from "./astlintrc/suppressions.js";

export interface ReportScope {
  mode: "root" | "repository";
  /** Display prefix of the root ("" for the host `/`). */
  rootDisplay: string;
  /** Root mode: in-root paths findings are restricted to (empty = everything reportable). */
  filters: string[];
  /** --context DIR: host paths (inside DIR) findings and linted files are restricted to. */
  reportOnly?: string[];
}

export interface ReportPolicyOptions {
  /** Per-rule overrides ("off" disables the rule). */
  severities: Record<string, Severity | "off">;
  /** --all-units: read problems of vendor directories are shown too. */
  allUnits: boolean;
  /** Ignore globs (picomatch) from the config file, relative to `base`. */
  ignore?: { patterns: string[]; base: string };
  /** PATHs given on the command line (kept despite ignore globs unless forceExclude). */
  explicitPaths: string[];
  forceExclude: boolean;
  reportUnusedDisableDirectives: boolean;
  cwd: string;
  /** Every rule ID a directive may name (known rules, directive rules, internal-error). */
  knownRuleIds: Iterable<string>;
}

function isUnder(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith("/") ? dir : dir + "/");
}

/** Display paths of files whose findings are shown, and their in-root paths. */
function reportableFiles(model: SystemModel): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of model.unitFiles) if (f.reportable) m.set(f.display, f.path);
  for (const f of model.asteriskFiles.values()) if (f.reportable) m.set(f.display, f.path);
  return m;
}

/** Suppression directives of every parsed file, by display path. */
function directivesByFile(model: SystemModel): Map<string, Directive[]> {
  const m = new Map<string, Directive[]>();
  // Only comments that can hold a directive are handed on (most are prose).
  const mayDirect = (c: { text: string }) => c.text.includes("astlint-");
  for (const f of model.unitFiles) {
    const comments = f.ast.comments.filter(mayDirect);
    if (comments.length === 0) continue;
    const d = collectDirectives(
      comments.map((c) => ({ text: c.text, line: c.line, column: c.column })),
      "unit",
    );
    if (d.length) m.set(f.display, d);
  }
  for (const f of model.asteriskFiles.values()) {
    const comments = f.ast.comments.filter(mayDirect);
    if (comments.length === 0) continue;
    const d = collectDirectives(
      comments.map((c) => ({ text: c.text, line: c.line, column: c.column, trailing: c.trailing, textColumn: c.block ? c.column + 3 : undefined })),
      "asterisk",
    );
    if (d.length) m.set(f.display, d);
  }
  return m;
}

/** Sorts by file, position and rule, and removes exact duplicates. */
function sortFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const key = `${f.ruleId}\0${f.file}\0${f.line}\0${f.column}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
  );
}

/** Does a rule run under these severity settings (not "off"; a default-off rule only when set)? */
export function ruleEnabledBy(severities: Record<string, Severity | "off">, id: string, defaultOff = false): boolean {
  const setting = severities[id];
  return setting !== "off" && (!defaultOff || setting !== undefined);
}

export class ReportPolicy {
  private readonly reportable: Map<string, string>;
  private readonly allFiles: Set<string>;
  private readonly ignored: (display: string) => boolean;

  constructor(
    private readonly model: SystemModel,
    private readonly scope: ReportScope,
    private readonly options: ReportPolicyOptions,
  ) {
    this.reportable = reportableFiles(model);
    this.allFiles = new Set([...model.unitFiles.map((f) => f.display), ...[...model.asteriskFiles.values()].map((f) => f.display)]);
    this.ignored = () => false;
    const ignore = options.ignore;
    if (ignore && ignore.patterns.length > 0) {
      const match = picomatch(ignore.patterns, { dot: true });
      const explicit = new Set(options.explicitPaths.map((x) => path.resolve(options.cwd, x)));
      this.ignored = (display: string) => {
        const abs = path.resolve(options.cwd, display);
        if (!options.forceExclude && explicit.has(abs)) return false;
        return match(path.relative(ignore.base, abs)) || match(display);
      };
    }
  }

  /** False for a rule switched off, or off by default and not turned on: the engine does not run it. */
  ruleEnabled(id: string, defaultOff = false): boolean {
    return ruleEnabledBy(this.options.severities, id, defaultOff);
  }

  /** The findings to report, from everything the rules and the model builder produced. */
  select(raw: Finding[]): Finding[] {
    const suppressed = applySuppressions(raw, directivesByFile(this.model), new Set(this.options.knownRuleIds), this.options.reportUnusedDisableDirectives);
    const out: Finding[] = [];
    for (const f of suppressed) {
      const override = this.options.severities[f.ruleId];
      if (override === "off") continue;
      if (!this.inScope(f.file) || this.ignored(f.file)) continue;
      out.push(override && override !== f.severity ? { ...f, severity: override } : f);
    }
    return sortFindings(out);
  }

  /** Files that were linted (display paths), for formatters that list clean files; sorted. */
  lintedFiles(): string[] {
    return [...this.reportable.keys()]
      .filter((d) => {
        if (this.ignored(d)) return false;
        if (this.scope.reportOnly) return this.inReportOnly(d);
        if (this.scope.filters.length === 0) return true;
        const inRoot = this.reportable.get(d)!;
        return this.scope.filters.some((f) => isUnder(inRoot, f));
      })
      .sort();
  }

  /** --context: the file lies in one of the PATHs given. */
  private inReportOnly(display: string): boolean {
    const abs = path.resolve(this.options.cwd, display);
    return this.scope.reportOnly!.some((r) => isUnder(abs, r));
  }

  private toInRoot(display: string): string | undefined {
    const known = this.reportable.get(display);
    if (known) return known;
    const { mode, rootDisplay } = this.scope;
    if (mode !== "root" || rootDisplay === "") return display;
    const prefix = rootDisplay.endsWith("/") ? rootDisplay : rootDisplay + "/";
    return display.startsWith(prefix) ? "/" + display.slice(prefix.length) : undefined;
  }

  /** Reported files (admin units, Asterisk's units and configs, or everything in repository mode), within the PATHs given. */
  private inScope(file: string): boolean {
    if (this.scope.reportOnly) return this.inReportOnly(file);
    if (this.scope.mode !== "root") return true;
    const inRoot = this.toInRoot(file);
    if (this.allFiles.has(file) && !this.reportable.has(file)) return false;
    if (!this.allFiles.has(file) && inRoot && !this.options.allUnits) {
      // Read problems: only for reported directories and Asterisk config directories.
      const reported = REPORTED_UNIT_DIRS.some((d) => isUnder(inRoot, d)) || !SYSTEM_UNIT_PATH.some((d) => isUnder(inRoot, d));
      if (!reported) return false;
    }
    if (this.scope.filters.length > 0) return inRoot !== undefined && this.scope.filters.some((d) => isUnder(inRoot, d));
    return true;
  }
}

