/**
 * The one way through: decide what is read -> build the model (parse) -> run rules ->
 * filter to what the user asked about -> findings.
 */
import * as nodeFs from "node:fs";
import * as path from "node:path";
import type { Finding, Severity } from "./core/types.js";
import { FindingCap, INTERNAL_ERROR, runRules } from "./engine.js";
import type { ModelNeed } from "./core/rule-meta.js";
import { ruleEnabledBy, ReportPolicy } from "./reporting.js";
import { ALL_RULES } from "./rules/index.js";
import type { Rule } from "./rules/rule.js";
import { buildModel, type ModelInputs } from "./model/build.js";
import { nodeBackend, RootFs, type FsBackend, type FsLayer, type HostBackend } from "./io/fs.js";
import { procAvailable } from "./io/confined.js";
import { withoutRefusedFixes } from "./fix/applicable.js";
import type { SystemModel } from "./model/model.js";
import { REPORTED_UNIT_DIRS, SYSTEM_UNIT_PATH, reduceUnitPath } from "./model/units.js";
import { DIRECTIVE_RULES } from "./astlintrc/suppressions.js";

export interface LintOptions {
  /** Optional model phases a caller needs besides the rules' (--exposure: "host-reachability"). */
  needs?: ModelNeed[];
  /** PATHs given on the command line (files or directories). Empty: lint the root. */
  paths: string[];
  /** Directory treated as `/` (--root). Undefined: the host `/` (or a repository, see README). */
  root?: string;
  /** --asterisk-config FILE|DIR. */
  asteriskConfig?: string;
  /** --asterisk-rundir-default (compiled-in astrundir; default /var/run/asterisk). */
  asteriskRundirDefault?: string;
  /** --systemd-version N. */
  systemdVersion?: number;
  /** --asterisk-version N (a major: 18, 20, 21, 22, 23). */
  asteriskVersion?: number;
  /** --all-units: report vendor units too. */
  allUnits?: boolean;
  /** --firewall specs ([nft:|iptables:|ufw:|firewalld:]FILE). */
  firewall?: string[];
  /** Per-rule severity overrides ("off" disables). */
  ruleSeverities?: Record<string, Severity | "off">;
  verbose?: boolean;
  /**
   * What files are read through: a backend of its own (standard input; tests inject failures), or
   * a HostBackend that opens the host (default: a ConfinedBackend, see src/io/fs.ts).
   */
  fsBackend?: FsBackend | HostBackend;
  /** Wraps whatever backend the run reads through (--fix: the fixed text over the confined host). */
  fsLayer?: FsLayer;
  /** Working directory for relative paths (default process.cwd()). */
  cwd?: string;
  /** Rules to run (default: all). */
  rules?: Rule[];
  /** Ignore globs (picomatch) from the config file, relative to `base`. */
  ignore?: { patterns: string[]; base: string };
  /** Apply ignore globs to paths given explicitly too. */
  forceExclude?: boolean;
  /** Report astlint-disable comments that suppress nothing. */
  reportUnusedDisableDirectives?: boolean;
  /** Where fixes to vendor units go (default: "drop-in" on the host, "in-place" with --root and repositories). */
  fixVendor?: "drop-in" | "in-place";
  /** Tests: treat a --root run as this host (fix defaults and reload hints). */
  assumeHost?: boolean;
  /**
   * --context DIR: DIR is read as the repository (every unit and config in it counts for the
   * cross-file checks) and only findings in `paths` (inside DIR) are reported.
   */
  context?: string;
  /**
   * A PATH that holds no file astlint reads (an empty directory, notes.txt), or an explicit
   * file that cannot be read, is a FatalError (exit 2) instead of a silent clean run.
   */
  errorOnUnmatchedPattern?: boolean;
  /** The one PATH is standard input (its read problems are findings, never fatal). */
  stdinInput?: boolean;
  /** service-exposure threshold (0-10). */
  exposureThreshold?: number;
}

export interface LintResult {
  findings: Finding[];
  /** Files that were linted (display paths), for formatters that list clean files. */
  files: string[];
  systemdVersion: number;
  systemdVersionSource: string;
  /** Target Asterisk major and where it came from. */
  asteriskVersion: number;
  asteriskVersionSource: string;
  /** Debug lines (skipped files...), printed with --debug. */
  debug: string[];
  /** Host paths of every file read (the files `-o` must not overwrite). */
  readFiles: string[];
  /** Lines for the user about what was (not) checked, e.g. a host run that reported no file. */
  notices: string[];
  model: SystemModel;
  /** The read gate the model was built through (--fix reads and writes the same paths). */
  fs: RootFs;
  /** Linting this host's "/" (no --root, no repository): fixes print what to reload. */
  host: boolean;
}

/** A problem with how astlint was called or with its environment: exit code 2. */
export class FatalError extends Error {
  /** Debug lines gathered before the error (skipped files...), printed with --debug. */
  debug: string[] = [];
}

function isUnder(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith("/") ? dir : dir + "/");
}

/**
 * Paths under a unit directory that systemd drops as the same as an earlier one (merged /usr:
 * /usr/lib/systemd/system is /lib/systemd/system) renamed into the directory kept, where astlint
 * reads the units (as systemd does): `astlint /usr/lib/systemd/system/x.service` lints the unit
 * systemd loads as /lib/systemd/system/x.service.
 */
function onSearchPath(fs: RootFs, filters: string[]): string[] {
  const { duplicates } = reduceUnitPath(fs);
  if (duplicates.size === 0) return filters;
  return filters.map((f) => {
    for (const [dropped, kept] of duplicates) if (isUnder(f, dropped)) return kept + f.slice(dropped.length);
    return f;
  });
}

interface Plan {
  fs: RootFs;
  mode: "root" | "repository";
  rootDisplay: string;
  /** Root mode: in-root paths findings are restricted to (empty = everything reportable). */
  filters: string[];
  repoPaths: { abs: string; given: string }[];
  asteriskConfig?: string;
  /** --context: host paths findings are restricted to. */
  reportOnly?: { abs: string; given: string }[];
}

function plan(options: LintOptions): Plan {
  const cwd = options.cwd ?? process.cwd();
  // A backend of its own is not the host; a HostBackend (or none) is.
  const own = typeof options.fsBackend === "object" ? options.fsBackend : undefined;
  const backend = own ?? nodeBackend;
  const hostExists = (p: string) => {
    try {
      backend.lstat(p);
      return true;
    } catch {
      return false;
    }
  };
  if (options.root !== undefined) {
    const rootHost = path.resolve(cwd, options.root);
    let st;
    try {
      st = backend.lstat(rootHost);
      if (st.kind === "symlink") st = { kind: nodeFs.statSync(rootHost).isDirectory() ? "dir" : "file" };
    } catch {
      throw new FatalError(`--root ${options.root}: no such directory`);
    }
    if (st.kind !== "dir") throw new FatalError(`--root ${options.root}: not a directory`);
    try {
      backend.readdir(rootHost);
    } catch (e) {
      // An unreadable root is fatal: linting it would silently find nothing.
      const code = (e as NodeJS.ErrnoException)?.code ?? "EIO";
      throw new FatalError(`--root ${options.root}: cannot read the directory: ${code === "EACCES" || code === "EPERM" ? "permission denied" : "I/O error"} (${code})`);
    }
    if (!own && !procAvailable()) {
      // Without /proc/self/fd, files cannot be opened relative to a checked directory: a symbolic
      // link swapped in while astlint runs could lead outside the root.
      throw new FatalError(`--root ${options.root}: needs /proc mounted (to open files without following symbolic links planted outside the root); mount proc or lint without --root`);
    }
    const fs = new RootFs(rootHost, options.fsBackend, null, options.fsLayer);
    const rootDisplay = rootHost === "/" ? "" : options.root.replace(/(?<!\/)\/+$/, "") || "/";
    const toInRoot = (p: string, what: string): string => {
      const abs = path.resolve(cwd, p);
      let inRoot: string;
      if (isUnder(abs, rootHost)) inRoot = "/" + path.relative(rootHost, abs);
      else if (p.startsWith("/")) inRoot = p;
      else throw new FatalError(`${what} ${p}: not inside the root ${options.root}`);
      inRoot = path.posix.normalize(inRoot);
      if (!fs.lstat(inRoot)) throw new FatalError(`${what} ${p}: no such file or directory under the root ${options.root}`);
      return inRoot;
    };
    const filters = onSearchPath(fs, options.paths.map((p) => toInRoot(p, "path")));
    const asteriskConfig = options.asteriskConfig ? toInRoot(options.asteriskConfig, "--asterisk-config") : undefined;
    return { fs, mode: "root", rootDisplay, filters, repoPaths: [], asteriskConfig };
  }
  for (const p of options.paths) {
    if (!hostExists(path.resolve(cwd, p))) throw new FatalError(`${p}: no such file or directory`);
  }
  if (options.context !== undefined) {
    const dir = path.resolve(cwd, options.context);
    if (!hostExists(dir)) throw new FatalError(`--context ${options.context}: no such directory`);
    const reportOnly = options.paths.map((given) => {
      const abs = path.resolve(cwd, given);
      if (!isUnder(abs, dir)) throw new FatalError(`${given}: not inside the --context directory ${options.context}`);
      return { abs, given };
    });
    const asteriskConfig = options.asteriskConfig ? path.resolve(cwd, options.asteriskConfig) : undefined;
    if (asteriskConfig && !hostExists(asteriskConfig)) throw new FatalError(`--asterisk-config ${options.asteriskConfig}: no such file or directory`);
    return {
      fs: new RootFs("/", options.fsBackend, [dir, ...(asteriskConfig ? [asteriskConfig] : [])], options.fsLayer),
      mode: "repository",
      rootDisplay: "",
      filters: [],
      repoPaths: [{ abs: dir, given: options.context }],
      asteriskConfig,
      reportOnly: reportOnly.length > 0 ? reportOnly : undefined,
    };
  }
  let asteriskConfig: string | undefined;
  if (options.asteriskConfig) {
    asteriskConfig = path.resolve(cwd, options.asteriskConfig);
    if (!hostExists(asteriskConfig)) throw new FatalError(`--asterisk-config ${options.asteriskConfig}: no such file or directory`);
  }
  const abs = options.paths.map((p) => path.resolve(cwd, p));
  if (abs.length === 0 || abs.every((a) => SYSTEM_UNIT_PATH.some((d) => isUnder(a, d)))) {
    const fs = new RootFs("/", options.fsBackend, null, options.fsLayer);
    return { fs, mode: "root", rootDisplay: "", filters: onSearchPath(fs, abs), repoPaths: [], asteriskConfig };
  }
  // Each PATH through its directory's real path: a PATH given under a symlinked directory
  // (/srv/link/units) is read there, not refused as "outside the paths given" when the walk
  // meets the link. The last component stays as given (a PATH that is itself a link to elsewhere
  // is still not followed out).
  const physical = (a: string): string => {
    if (own) return a;
    try {
      const dir = nodeFs.realpathSync(path.dirname(a));
      return dir === path.dirname(a) ? a : path.join(dir, path.basename(a));
    } catch {
      return a;
    }
  };
  const repoAbs = abs.map(physical);
  if (asteriskConfig) asteriskConfig = physical(asteriskConfig);
  const allowed = [...repoAbs, ...(asteriskConfig ? [asteriskConfig] : [])];
  return {
    fs: new RootFs("/", options.fsBackend, allowed, options.fsLayer),
    mode: "repository",
    rootDisplay: "",
    filters: [],
    repoPaths: options.paths.map((given, i) => ({ abs: repoAbs[i]!, given })),
    asteriskConfig,
  };
}

export async function lint(options: LintOptions): Promise<LintResult> {
  const p = plan(options);
  if (options.fixVendor === "drop-in" && p.mode === "repository") {
    // A drop-in goes to /etc/systemd/system of a root; a repository has none (and the host's is not its).
    throw new FatalError("--fix-vendor drop-in needs a root (this host, or --root DIR); a repository is fixed in place");
  }
  const debug: string[] = [];
  const rules = options.rules ?? ALL_RULES;
  // Optional model phases: asked for by the enabled rules (meta.needs) and by the caller (--exposure).
  const enabled = (r: Rule) => ruleEnabledBy(options.ruleSeverities ?? {}, r.meta.id, r.meta.defaultOff);
  const needs = [...new Set([...(options.needs ?? []), ...rules.filter(enabled).flatMap((r) => r.meta.needs ?? [])])];
  const inputs: ModelInputs = {
    needs,
    fs: p.fs,
    mode: p.mode,
    rootDisplay: p.rootDisplay,
    repoPaths: p.repoPaths,
    asteriskConfig: p.asteriskConfig,
    asteriskRundirDefault: options.asteriskRundirDefault,
    systemdVersion: options.systemdVersion,
    asteriskVersion: options.asteriskVersion,
    allUnits: options.allUnits ?? false,
    explicitPaths: p.mode === "root" ? p.filters : undefined,
    firewallSpecs: options.firewall ?? [],
    cwd: options.cwd ?? process.cwd(),
    debug,
  };
  let model: SystemModel;
  try {
    model = buildModel(inputs);
  } finally {
    p.fs.close();
  }
  const host = (options.root === undefined || options.assumeHost === true) && p.mode === "root";
  if (options.errorOnUnmatchedPattern) {
    try {
      checkSomethingRead(p, options, model);
    } catch (e) {
      if (e instanceof FatalError) e.debug = debug;
      throw e;
    }
  }
  const policy = new ReportPolicy(
    model,
    { mode: p.mode, rootDisplay: p.rootDisplay, filters: p.filters, reportOnly: p.reportOnly?.map((r) => r.abs) },
    {
      severities: options.ruleSeverities ?? {},
      allUnits: options.allUnits ?? false,
      ignore: options.ignore,
      explicitPaths: options.paths,
      forceExclude: options.forceExclude ?? false,
      reportUnusedDisableDirectives: options.reportUnusedDisableDirectives ?? false,
      cwd: options.cwd ?? process.cwd(),
      knownRuleIds: [...ALL_RULES.map((r) => r.meta.id), ...rules.map((r) => r.meta.id), ...DIRECTIVE_RULES.map((r) => r.id), INTERNAL_ERROR],
    },
  );
  // Every finding goes through one cap (src/engine.ts): at most 1,000 per rule per file.
  const cap = new FindingCap();
  for (const f of model.readFindings) if (f.ruleId !== "unreadable-file") cap.push(f);
  const raw = runRules(
    model,
    rules,
    {
      systemdVersion: model.systemdVersion,
      verbose: options.verbose ?? false,
      exposureThreshold: options.exposureThreshold,
      ruleEnabled: (id, defaultOff) => policy.ruleEnabled(id, defaultOff),
      fixVendor: options.fixVendor ?? (host ? "drop-in" : "in-place"),
      debug,
    },
    cap,
  );
  cap.finish();
  const files = policy.lintedFiles();
  return {
    findings: withoutRefusedFixes(policy.select(raw), p.fs),
    files,
    systemdVersion: model.systemdVersion,
    systemdVersionSource: model.systemdVersionSource,
    asteriskVersion: model.asteriskVersion,
    asteriskVersionSource: model.asteriskVersionSource,
    debug,
    readFiles: [...p.fs.readHostPaths],
    notices: hostNotices(p, options, model, files.length),
    model,
    fs: p.fs,
    host,
  };
}

function hostNotices(p: Plan, options: LintOptions, model: SystemModel, reported: number): string[] {
  if (p.mode !== "root" || reported > 0) return [];
  const units = model.unitFiles.length;
  const where = p.rootDisplay === "" ? "this host" : `the root ${p.rootDisplay}`;
  const read = `read ${units} unit file${units === 1 ? "" : "s"} on ${where}`;
  if (options.paths.length > 0) {
    return [`${read}; none is under ${options.paths.join(", ")} itself (links there to units elsewhere are followed, not reported; name a unit file to lint it)`];
  }
  const why = options.allUnits
    ? "none of them is a unit or Asterisk config astlint reports"
    : `astlint reports units in ${REPORTED_UNIT_DIRS.join(", ")} (none there) and Asterisk's units and configs (none found); vendor units are reported with --all-units`;
  return [`${read} and reported none: ${why}`];
}

/** Every PATH must hold a file astlint read; an explicit file it could not read is named. */
function checkSomethingRead(p: Plan, options: LintOptions, model: SystemModel): void {
  const targets =
    p.reportOnly ??
    (p.mode === "repository" ? p.repoPaths : p.filters.map((abs, i) => ({ abs, given: options.paths[i] ?? abs })));
  const read = [...model.unitFiles.map((f) => f.path), ...[...model.asteriskFiles.values()].map((f) => f.path)];
  for (const t of targets) {
    if (read.some((r) => isUnder(r, t.abs))) continue;
    // A unit directory of the root (astlint /etc/systemd/system on a stock host, which holds
    // only enablement links) is linted as such; the run says what it read (hostNotices).
    if (p.mode === "root" && p.fs.isDir(t.abs) && SYSTEM_UNIT_PATH.some((d) => isUnder(t.abs, d) || isUnder(d, t.abs))) continue;
    // Files under the PATH that astlint could not read are reported as unreadable-file findings:
    // not a silent run. Only a file named explicitly (not standard input, whose finding names
    // it) that cannot be read is fatal, as ESLint does.
    const cwd = options.cwd ?? process.cwd();
    // In root mode the file is shown under its in-root path (renamed into the unit directory systemd keeps).
    const shown = p.mode === "root" ? (p.rootDisplay === "" ? t.abs : path.join(p.rootDisplay, t.abs)) : t.given;
    const failures = model.readFindings.filter(
      (f) => f.ruleId === "unreadable-file" && (isUnder(path.resolve(cwd, f.file), path.resolve(cwd, t.given)) || isUnder(path.resolve(cwd, f.file), path.resolve(cwd, shown))),
    );
    const explicit = failures.find((f) => path.resolve(cwd, f.file) === path.resolve(cwd, t.given) || path.resolve(cwd, f.file) === path.resolve(cwd, shown));
    if (explicit && !options.stdinInput) throw new FatalError(`${t.given}: ${explicit.message.replace(/^astlint could not read [^:]*: /, "cannot be read: ")}`);
    if (failures.length > 0) continue;
    throw new FatalError(
      `${t.given}: no systemd unit file, drop-in or Asterisk config to lint here (--no-error-on-unmatched-pattern allows this). ` +
        "Asterisk configs are recognised by name (asterisk.conf, manager.conf, http.conf, pjsip.conf, ari.conf, …, or any *.conf next to an asterisk.conf or in a directory named asterisk); " +
        "lint another file as one with --stdin-filename manager.conf < FILE, or name its directory with --asterisk-config DIR (--debug lists the files skipped)",
    );
  }
}
