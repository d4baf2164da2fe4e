/**
 * The one way through: decide what is read -> build the model (parse) -> run rules ->
 * filter to what the user asked about -> findings.
 */
import * as nodeFs from "node:fs";
import * as path from "node:path";
import type { Finding, Severity } from "./core/types.js";
import { FindingCap, INTERNAL_ERROR, runRules } from "./engine.js";
import { ReportPolicy } from "./reporting.js";
import { ALL_RULES } from "./rules/index.js";
import type { Rule } from "./rules/rule.js";
import { buildModel, type ModelInputs } from "./model/build.js";
import { nodeBackend, RootFs, type FsBackend } from "./io/fs.js";
import { procAvailable } from "./io/confined.js";
import type { SystemModel } from "./model/model.js";
import { SYSTEM_UNIT_PATH } from "./model/units.js";
import { DIRECTIVE_RULES } from "./astlintrc/suppressions.js";

export interface LintOptions {
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
  /** Injected file-system backend (tests). */
  fsBackend?: FsBackend;
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
  model: SystemModel;
}

/** A problem with how astlint was called or with its environment: exit code 2. */
export class FatalError extends Error {}

function isUnder(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith("/") ? dir : dir + "/");
}

interface Plan {
  fs: RootFs;
  mode: "root" | "repository";
  rootDisplay: string;
  /** Root mode: in-root paths findings are restricted to (empty = everything reportable). */
  filters: string[];
  repoPaths: { abs: string; given: string }[];
  asteriskConfig?: string;
}

function plan(options: LintOptions): Plan {
  const cwd = options.cwd ?? process.cwd();
  const backend = options.fsBackend ?? nodeBackend;
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
    if (!options.fsBackend && !procAvailable()) {
      // Without /proc/self/fd, files cannot be opened relative to a checked directory: a symbolic
      // link swapped in while astlint runs could lead outside the root.
      throw new FatalError(`--root ${options.root}: needs /proc mounted (to open files without following symbolic links planted outside the root); mount proc or lint without --root`);
    }
    const fs = new RootFs(rootHost, options.fsBackend);
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
    const filters = options.paths.map((p) => toInRoot(p, "path"));
    const asteriskConfig = options.asteriskConfig ? toInRoot(options.asteriskConfig, "--asterisk-config") : undefined;
    return { fs, mode: "root", rootDisplay, filters, repoPaths: [], asteriskConfig };
  }
  for (const p of options.paths) {
    if (!hostExists(path.resolve(cwd, p))) throw new FatalError(`${p}: no such file or directory`);
  }
  let asteriskConfig: string | undefined;
  if (options.asteriskConfig) {
    asteriskConfig = path.resolve(cwd, options.asteriskConfig);
    if (!hostExists(asteriskConfig)) throw new FatalError(`--asterisk-config ${options.asteriskConfig}: no such file or directory`);
  }
  const abs = options.paths.map((p) => path.resolve(cwd, p));
  if (abs.length === 0 || abs.every((a) => SYSTEM_UNIT_PATH.some((d) => isUnder(a, d)))) {
    return { fs: new RootFs("/", options.fsBackend), mode: "root", rootDisplay: "", filters: abs, repoPaths: [], asteriskConfig };
  }
  // Each PATH through its directory's real path: a PATH given under a symlinked directory
  // (/srv/link/units) is read there, not refused as "outside the paths given" when the walk
  // meets the link. The last component stays as given (a PATH that is itself a link to elsewhere
  // is still not followed out).
  const physical = (a: string): string => {
    if (options.fsBackend) return a;
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
    fs: new RootFs("/", options.fsBackend, allowed),
    mode: "repository",
    rootDisplay: "",
    filters: [],
    repoPaths: options.paths.map((given, i) => ({ abs: repoAbs[i]!, given })),
    asteriskConfig,
  };
}

export async function lint(options: LintOptions): Promise<LintResult> {
  const p = plan(options);
  const debug: string[] = [];
  const inputs: ModelInputs = {
    fs: p.fs,
    mode: p.mode,
    rootDisplay: p.rootDisplay,
    repoPaths: p.repoPaths,
    asteriskConfig: p.asteriskConfig,
    asteriskRundirDefault: options.asteriskRundirDefault,
    systemdVersion: options.systemdVersion,
    asteriskVersion: options.asteriskVersion,
    allUnits: options.allUnits ?? false,
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
  const rules = options.rules ?? ALL_RULES;
  const policy = new ReportPolicy(
    model,
    { mode: p.mode, rootDisplay: p.rootDisplay, filters: p.filters },
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
      debug,
    },
    cap,
  );
  cap.finish();
  return {
    findings: policy.select(raw),
    files: policy.lintedFiles(),
    systemdVersion: model.systemdVersion,
    systemdVersionSource: model.systemdVersionSource,
    asteriskVersion: model.asteriskVersion,
    asteriskVersionSource: model.asteriskVersionSource,
    debug,
    readFiles: [...p.fs.readHostPaths],
    model,
  };
}
