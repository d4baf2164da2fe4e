/**
 * Builds the SystemModel completely, before any rule runs, in named phases:
 *
 * 1. discover: which directories and files are read (a root's search path, or only the paths given);
 * 2. parse: unit files and drop-ins parsed, precedence, aliases, masks and drop-ins applied;
 * 3. resolve units: sockets to services, template instances, the target systemd version;
 * 4. asterisk: Asterisk daemons, their configs (includes, templates) and listeners, and the
 *    activation sockets classified against them;
 * 5. firewalls: the host's firewall rulesets, read only when an activation port is open at the
 *    unit level (a port to judge), or, when a consumer needs "host-reachability" (service-exposure,
 *    --exposure), any network socket is; otherwise skipped;
 * 6. binaries: ELF headers of Asterisk binaries (root mode, `asterisk` itself): read for
 *    every Asterisk instance, since asterisk-without-libsystemd or service-type-notify judges
 *    each by its linkage.
 *
 * Rules then read the model; they never read files or parse.
 */
import * as path from "node:path";
import type { Finding } from "../core/types.js";
import type { AstConfigAST } from "../parser/asterisk-ast.js";
import { loadAsteriskConfig, type AsteriskConfig } from "../asterisk/config-loader.js";
import { outsideReads, repositoryDisplay } from "./outside-reads.js";
import { buildInstance, DEFAULT_RUNDIR, execCommands, isCliClient, matchAsteriskDaemon, mayRunAsterisk, type AsteriskDaemonMatch, type InstanceInputs } from "./asterisk.js";
import { describeReadError, RootFs } from "../io/fs.js";
import type { AsteriskInstance, ListenEntry, PhaseName, PhaseRecord, Setting, SocketInfo, SystemModel, Unit } from "./model.js";
import { parseListenAddress } from "../net/socket-address.js";
import { Firewalls, loadFirewalls } from "../firewall/reachability.js";
import { classifyActivation } from "./activation.js";
import { anySocketOpenAtUnitLevel, exposureCandidates, finishExposures, needsFirewalls } from "./exposure.js";
import type { ModelNeed } from "../core/rule-meta.js";
import { binaryWanted, readLibsystemdState, type LibsystemdState } from "./asterisk-binary.js";
import { accessNeedsFirewalls, buildAccessSets, finishAccessReach, type AsteriskAccessSet } from "./asterisk-access.js";
import { parseUnitName } from "./unit-names.js";
import { REPORTED_UNIT_DIRS, SYSTEM_UNIT_PATH, UnitTable, reduceUnitPath, type UnitDir } from "./units.js";
import { DATA_NEWEST_VERSION } from "../values/directive-table.js";
import { classifyConfig, NEWEST_RELEASED_MAJOR, schemaFileNames, type AsteriskObject } from "../asterisk/schema.js";
import { detectAsteriskVersion } from "./asterisk-version.js";
import { parseBoolean } from "../values/check-core.js";

/** Default target when none is given or found under the root: the newest the directive data describes. */
const NEWEST_SYSTEMD_VERSION = DATA_NEWEST_VERSION;

export interface ModelInputs {
  /** Optional phases a consumer (an enabled rule's meta.needs, --exposure) asks for. */
  needs?: ModelNeed[];
  fs: RootFs;
  mode: "root" | "repository";
  /** How the root prints (as given on the command line; "" for the host root). */
  rootDisplay: string;
  /** Repository mode: the paths given, absolute host paths with how each was written. */
  repoPaths: { abs: string; given: string }[];
  /** --firewall specs. */
  firewallSpecs?: string[];
  /** Working directory (relative --firewall files). */
  cwd?: string;
  /** --asterisk-config, as an in-root path. */
  asteriskConfig?: string;
  asteriskRundirDefault?: string;
  systemdVersion?: number;
  /** --asterisk-version (a major). */
  asteriskVersion?: number;
  allUnits: boolean;
  /** Root mode: files named on the command line (in-root paths); their units are reported even as vendor units. */
  explicitPaths?: string[];
  debug: string[];
}

const LISTEN_KEYS = new Set([
  "ListenStream",
  "ListenDatagram",
  "ListenSequentialPacket",
  "ListenFIFO",
  "ListenSpecial",
  "ListenNetlink",
  "ListenMessageQueue",
  "ListenUSBFunction",
]);
const SOCKET_KEYS = new Set(["ListenStream", "ListenDatagram", "ListenSequentialPacket"]);

/** Configs that make a directory worth an access check. */
const ACCESS_CONFIGS = new Set(["manager.conf", "http.conf", "pjsip.conf", "ari.conf"]);

/** Config names that are Asterisk's wherever they are (other `.conf` files count next to an asterisk.conf or in a directory named `asterisk`). */
const ASTERISK_ONLY_NAMES = new Set(["asterisk.conf", "manager.conf", "http.conf", "pjsip.conf", "pjsip_wizard.conf", "pjsip_notify.conf", "ari.conf", "stir_shaken.conf", "confbridge.conf", "res_parking.conf"]);

/**
 * Files that Asterisk installs into its config directory but never parses itself, so its config
 * syntax does not apply: `ast_debug_tools.conf` is a shell fragment sourced by the
 * contrib/scripts/ast_coredumper and ast_loggrabber scripts, and `dbsep.conf` is read by the
 * contrib/scripts/dbsep.cgi CGI script (realtime over HTTP). Neither name is passed to
 * `ast_config_load()` anywhere in Asterisk's modules.
 */
const NOT_ASTERISK_PARSED = new Set(["ast_debug_tools.conf", "dbsep.conf"]);

function isAsteriskConfigName(name: string): boolean {
  return ASTERISK_ONLY_NAMES.has(name);
}

/**
 * Asterisk's own module configs whose names end like FreePBX's include fragments
 * (`extensions_custom.conf`): cdr/cdr_custom.c, cel/cel_custom.c, cdr/cdr_sqlite3_custom.c and
 * cel/cel_sqlite3_custom.c load these by name at 22.x.
 */
const CUSTOM_MODULE_CONFIGS = new Set(["cdr_custom.conf", "cel_custom.conf", "cdr_sqlite3_custom.conf", "cel_sqlite3_custom.conf"]);

/** A config name that Asterisk (one of its modules) loads by name, not only as an #include fragment. */
export function isLoadedByName(name: string): boolean {
  const base = name.replace(/\.sample$/, "");
  return ASTERISK_ONLY_NAMES.has(base) || CUSTOM_MODULE_CONFIGS.has(base) || schemaFileNames().includes(base);
}

function boolValue(v: string | undefined): boolean {
  return v !== undefined && parseBoolean(v) === true;
}

/** systemd version from libsystemd-shared-NNN.so under the root. */
function detectSystemdVersion(fs: RootFs): number | null {
  const dirs = ["/usr/lib/systemd", "/lib/systemd", "/usr/lib64/systemd"];
  for (const base of ["/usr/lib", "/lib"]) {
    for (const e of fs.list(base)) if (e.includes("-linux-")) dirs.push(`${base}/${e}/systemd`);
  }
  for (const d of dirs) {
    for (const e of fs.list(d)) {
      const m = /^libsystemd-(?:shared|core)-(\d+)(?:[.-].*)?\.so$/.exec(e);
      if (m) return Number(m[1]);
    }
  }
  return null;
}

interface RepoFile {
  abs: string;
  display: string;
  /** Named on the command line (not found by walking a directory). */
  explicit?: boolean;
}

/** How deep the repository walk goes (a deeper tree is reported, not walked). */
const MAX_WALK_DEPTH = 32;

/** Entries never walked, nor anything below them (fast-glob's former ignore patterns for node_modules and .git). */
const NOT_WALKED = new Set(["node_modules", ".git"]);

/**
 * Walks the repository paths through the RootFs: every entry (dot files included) down to
 * MAX_WALK_DEPTH path components, the same listing fast-glob gave before (a walker of its own
 * saves loading fast-glob and micromatch at every start). Symlinks are listed but not
 * followed into directories, so a cycle like `a/b -> ..` is not walked; a directory that cannot
 * be listed goes to `unreadable`. `tooDeep` is called once per path given, for the first
 * non-empty directory at MAX_WALK_DEPTH, whose contents are not walked.
 */
function walkRepository(
  inp: ModelInputs,
  tooDeep: (dir: RepoFile) => void = () => {},
  unreadable: (dir: RepoFile, error: "denied" | "io" | "loop" | "outside" | "changed", detail: string) => void = () => {},
): RepoFile[] {
  const out: RepoFile[] = [];
  const seen = new Set<string>();
  for (const p of inp.repoPaths) {
    const st = inp.fs.lstat(p.abs);
    if (st && st.kind !== "dir") {
      const r = inp.fs.resolve(p.abs);
      if (r.ok && r.kind === "dir") {
        // A symlink to a directory given explicitly: walk it.
      } else {
        if (!seen.has(p.abs)) out.push({ abs: p.abs, display: p.given, explicit: true });
        seen.add(p.abs);
        continue;
      }
    }
    const entries: string[] = [];
    const walk = (dir: string, rel: string, depth: number): void => {
      const listing = inp.fs.listChecked(dir);
      if (!listing.ok) {
        // Reported (not silently skipped): the units below it are missing from the checks.
        if (listing.error !== "missing" && listing.error !== "not-dir") unreadable({ abs: dir, display: rel === "" ? p.given : path.join(p.given, rel) }, listing.error, listing.detail);
        return;
      }
      for (const name of listing.entries) {
        if (NOT_WALKED.has(name)) continue;
        const relName = rel === "" ? name : `${rel}/${name}`;
        entries.push(relName);
        const child = path.posix.join(dir, name);
        if (depth < MAX_WALK_DEPTH && inp.fs.lstat(child)?.kind === "dir") walk(child, relName, depth + 1);
      }
    };
    walk(p.abs, "", 1);
    entries.sort();
    let reportedDepth = false;
    for (const rel of entries) {
      const abs = path.posix.join(p.abs, rel);
      if (!reportedDepth && rel.split("/").length >= MAX_WALK_DEPTH && inp.fs.lstat(abs)?.kind === "dir" && inp.fs.list(abs).length > 0) {
        reportedDepth = true;
        tooDeep({ abs, display: path.join(p.given, rel) });
      }
      if (seen.has(abs)) continue;
      seen.add(abs);
      out.push({ abs, display: path.join(p.given, rel) });
    }
  }
  return out;
}

export function buildModel(inp: ModelInputs): SystemModel {
  const { fs } = inp;
  const phases: PhaseRecord[] = [];
  /** Runs one named phase (or records why it was skipped). */
  const phase = (name: PhaseName, run: () => void, skip?: string): void => {
    if (skip !== undefined) {
      phases.push({ name, ran: false, why: skip });
      return;
    }
    run();
    phases.push({ name, ran: true });
  };
  const readFindings: Finding[] = [];
  const displayMap = new Map<string, string>();
  const display = (p: string) => {
    const d = displayMap.get(p);
    if (d !== undefined) return d;
    if (inp.mode === "root") return inp.rootDisplay === "" ? p : path.join(inp.rootDisplay, p);
    return repositoryDisplay(p, inp.repoPaths, inp.cwd ?? process.cwd());
  };

  let dirs: UnitDir[] = [];
  const repoConfigFiles: string[] = [];
  /** A directory astlint could not list (or walk): its units are missing from the checks. */
  const unreadableDir = (p: string, message: string, severity: Finding["severity"], help?: string): Finding => {
    const d = display(p);
    return {
      ruleId: "unreadable-file",
      severity,
      file: d,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      message: message.replace("%s", () => d),
      notes: ["the units and drop-ins in it are not part of the checks, so findings that depend on them may be missing"],
      help,
      related: [],
    };
  };
  phase("discover", () => {
  if (inp.mode === "root") {
    // Listed once each, up front (drop-in directories included), so that a directory that
    // cannot be read is reported before the rules run instead of silently looking empty.
    const listings = new Map<string, string[]>();
    const listOrReport = (p: string): string[] => {
      const hit = listings.get(p);
      if (hit) return hit;
      const r = fs.listChecked(p);
      if (!r.ok && r.error !== "missing" && r.error !== "not-dir") {
        readFindings.push(
          unreadableDir(p, `astlint could not list %s: ${describeReadError(r.error, r.detail)}`, "warning", r.error === "denied" ? "run astlint as a user that can read the directory" : undefined),
        );
      }
      const entries = r.ok ? r.entries : [];
      listings.set(p, entries);
      return entries;
    };
    const searchPath = reduceUnitPath(fs);
    SYSTEM_UNIT_PATH.forEach((dir, priority) => {
      if (searchPath.duplicates.has(dir) || !fs.isDir(dir)) return;
      const entries = listOrReport(dir);
      for (const e of entries) if (/\.(d|wants|requires|upholds)$/.test(e)) listOrReport(`${dir}/${e}`);
      dirs.push({
        dir,
        priority,
        entries,
        listSub: (name) => listOrReport(`${dir}/${name}`),
        reportable: inp.allUnits || REPORTED_UNIT_DIRS.includes(dir),
      });
    });
  } else {
    const files = walkRepository(
      inp,
      (deep) => {
        displayMap.set(deep.abs, deep.display);
        readFindings.push(unreadableDir(deep.abs, `astlint did not walk below %s: the tree is deeper than ${MAX_WALK_DEPTH} levels`, "info"));
      },
      (dir, error, detail) => {
        displayMap.set(dir.abs, dir.display);
        readFindings.push(
          unreadableDir(dir.abs, `astlint could not list %s: ${describeReadError(error, detail)}`, "warning", error === "denied" ? "run astlint as a user that can read the directory" : undefined),
        );
      },
    );
    const byDir = new Map<string, Set<string>>();
    // Build templates named on the command line (`foo.service.in`): read as `foo.service`.
    const fileNames = new Map<string, Map<string, string>>();
    const add = (dir: string, name: string) => {
      const s = byDir.get(dir) ?? new Set<string>();
      s.add(name);
      byDir.set(dir, s);
    };
    const configDirs = new Set<string>();
    for (const f of files) if (path.posix.basename(f.abs) === "asterisk.conf") configDirs.add(path.posix.dirname(f.abs));
    // --asterisk-config DIR (or FILE) names where the Asterisk configs are: its *.conf count too.
    let namedConfigFile: string | null = null;
    if (inp.asteriskConfig) {
      const r = fs.resolve(inp.asteriskConfig);
      const given = inp.asteriskConfig.replace(/(?<!\/)\/+$/, "");
      if (r.ok && r.kind === "dir") configDirs.add(given);
      else {
        configDirs.add(path.posix.dirname(given));
        namedConfigFile = given;
      }
    }
    for (const f of files) {
      const name = path.posix.basename(f.abs);
      const parent = path.posix.dirname(f.abs);
      const parentName = path.posix.basename(parent);
      const st = fs.lstat(f.abs);
      if (st?.kind === "dir") continue;
      displayMap.set(f.abs, f.display);
      if (parseUnitName(name)) {
        if (/\.(wants|requires|upholds)$/.test(parentName)) {
          add(parent, name);
          add(path.posix.dirname(parent), parentName);
        } else add(parent, name);
        continue;
      }
      if (f.explicit && name.endsWith(".in") && parseUnitName(name.slice(0, -3))) {
        add(parent, name.slice(0, -3));
        const m = fileNames.get(parent) ?? new Map<string, string>();
        m.set(name.slice(0, -3), name);
        fileNames.set(parent, m);
        continue;
      }
      if (name.endsWith(".conf") && parentName.endsWith(".d")) {
        add(parent, name);
        add(path.posix.dirname(parent), parentName);
        continue;
      }
      if (NOT_ASTERISK_PARSED.has(name) && f.abs !== namedConfigFile) {
        inp.debug.push(`skipped ${f.display}: Asterisk never parses ${name} (a file for Asterisk's helper scripts)`);
        continue;
      }
      if (isAsteriskConfigName(name) || f.abs === namedConfigFile || (name.endsWith(".conf") && (configDirs.has(parent) || parentName === "asterisk"))) {
        repoConfigFiles.push(f.abs);
        continue;
      }
      inp.debug.push(`skipped ${f.display}: neither a unit, a drop-in nor an Asterisk config`);
    }
    let extra = 100;
    dirs = [...byDir.keys()].sort().map((dir) => {
      const idx = SYSTEM_UNIT_PATH.findIndex((s) => dir === s || dir.endsWith(s));
      const names = byDir.get(dir)!;
      return {
        dir,
        priority: idx >= 0 ? idx : extra++,
        entries: [...names].filter((n) => !byDir.has(`${dir}/${n}`) || n.endsWith(".d") || /\.(wants|requires|upholds)$/.test(n)).sort(),
        listSub: (name: string) => [...(byDir.get(`${dir}/${name}`) ?? [])].sort(),
        reportable: true,
        ...(fileNames.has(dir) ? { fileNames: fileNames.get(dir)! } : {}),
      };
    });
  }
  });

  let table!: UnitTable;
  phase("parse", () => {
  table = new UnitTable({
    fs,
    dirs,
    display,
    isReportable: (_p, dir) => dir.reportable,
    findings: readFindings,
    parsed: new Map(),
    recogniseNonUnits: inp.mode === "repository",
  });
  // Every unit's drop-ins are read now, as systemd does: rules judge timers, paths and mounts
  // with their drop-ins too, and a rule must never be the first to read a file.
  for (const u of table.units.values()) void u.dropins;
  });

  // Sockets, including instances of socket templates that are enabled through links.
  const sockets: SocketInfo[] = [];
  let systemdVersion = inp.systemdVersion ?? null;
  let systemdVersionSource = "--systemd-version";
  let systemdVersionAssumed = false;
  phase("resolve units", () => {
  const socketNames = new Set(table.names());
  for (const n of table.linkedNames()) {
    const un = parseUnitName(n);
    if (un?.type === "socket" && un.instance) socketNames.add(n);
  }
  for (const name of [...socketNames].sort()) {
    const unit = table.find(name);
    if (!unit) continue;
    if (unit.name !== name || unit.type !== "socket" || unit.masked || unit.instance === "") continue;
    let listens: ListenEntry[] = [];
    for (const s of unit.assignments) {
      if (s.section !== "Socket" || !LISTEN_KEYS.has(s.key)) continue;
      if (s.value === "") {
        listens = [];
        continue;
      }
      const address = SOCKET_KEYS.has(s.key)
        ? parseListenAddress(unit.expand(s.value))
        : ({ kind: "invalid", reason: `${s.key} is not a stream socket` } as const);
      listens.push({ directive: s.key, setting: s, address });
    }
    const accept = boolValue(unit.get("Socket", "Accept")?.value);
    const serviceSetting = unit.get("Socket", "Service");
    const base = unit.name.slice(0, -".socket".length);
    const serviceName = serviceSetting
      ? unit.expand(serviceSetting.value)
      : accept
        ? `${unit.prefix}@.service`
        : `${base}.service`;
    let service = table.find(serviceName) ?? null;
    if (service && (service.masked || (!service.fragment && service.type === "service"))) service = service.fragment ? service : null;
    if (service?.masked) service = null;
    sockets.push({ unit, listens, accept, serviceName, serviceSetting, service });
  }
  if (systemdVersion === null && inp.mode === "root") {
    const v = detectSystemdVersion(fs);
    if (v !== null) {
      systemdVersion = v;
      systemdVersionSource = `libsystemd-shared-${v}.so under the root`;
    }
  }
  if (systemdVersion === null) {
    systemdVersion = NEWEST_SYSTEMD_VERSION;
    systemdVersionSource = `assumed: the newest version astlint knows${inp.mode === "repository" ? " (a repository has no host to ask)" : " (no libsystemd-shared-*.so under the root)"}; set it with --systemd-version N or "systemdVersion" in .astlintrc.json`;
    systemdVersionAssumed = true;
  }
  });

  // Asterisk instances, their configs and listeners.
  const asterisk: AsteriskInstance[] = [];
  const configs = new Map<string, AsteriskConfig>();
  const asteriskFiles: SystemModel["asteriskFiles"] = new Map();
  let asteriskVersion: number = NEWEST_RELEASED_MAJOR;
  let asteriskVersionKnown = false;
  let asteriskVersionSource = "the newest released major; no version stated or found";
  let asteriskAccess: AsteriskAccessSet[] = [];
  phase("asterisk", () => {
  const rundirDefault = inp.asteriskRundirDefault ?? DEFAULT_RUNDIR;
  let configOverride: InstanceInputs["configOverride"] = null;
  if (inp.asteriskConfig) {
    const r = fs.resolve(inp.asteriskConfig);
    if (r.ok && r.kind === "dir") configOverride = { asteriskConf: `${inp.asteriskConfig.replace(/(?<!\/)\/+$/, "")}/asterisk.conf`, etcDir: inp.asteriskConfig.replace(/(?<!\/)\/+$/, "") };
    else configOverride = { asteriskConf: inp.asteriskConfig, etcDir: path.posix.dirname(inp.asteriskConfig) };
  }
  const cache = new Map<string, AstConfigAST>();
  const repoConfigDirs = [...new Set(repoConfigFiles.filter((f) => path.posix.basename(f) === "asterisk.conf").map((f) => path.posix.dirname(f)))].sort(
    (a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b),
  );
  const instInputs: InstanceInputs = { fs, mode: inp.mode, display, rundirDefault, configOverride, repoConfigDirs, cache, configs };

  const services = new Set<Unit>();
  const instanceNames = new Map<string, Set<string>>();
  const noteInstance = (n: string) => {
    const un = parseUnitName(n);
    if (!un || !un.instance) return;
    const tpl = `${un.prefix}@.${un.type}`;
    const s = instanceNames.get(tpl) ?? new Set<string>();
    s.add(n);
    instanceNames.set(tpl, s);
  };
  for (const n of table.names()) noteInstance(n);
  for (const s of sockets) noteInstance(s.serviceName);
  for (const n of table.linkedNames()) noteInstance(n);
  for (const n of table.names()) {
    const u = table.units.get(n)!;
    if (u.name !== n || u.type !== "service" || u.masked || !u.fragment) continue;
    if (u.instance === "") {
      const insts = [...(instanceNames.get(u.name) ?? [])].sort();
      if (insts.length === 0) services.add(u);
      for (const i of insts) {
        const iu = table.find(i);
        if (iu && !iu.masked) services.add(iu);
      }
    } else services.add(u);
  }
  // Only services that run Asterisk are sorted (a comparison with localeCompare costs ~6 ms of
  // ICU start-up, usually for nothing).
  const daemons: { u: Unit; es: Setting; match: AsteriskDaemonMatch }[] = [];
  for (const u of services) {
    for (const es of u.getList("Service", "ExecStart")) {
      const match = matchAsteriskDaemon(u, es);
      if (!match) continue;
      daemons.push({ u, es, match });
      break;
    }
  }
  for (const { u, es, match } of daemons.sort((a, b) => a.u.name.localeCompare(b.u.name))) {
    const inst = buildInstance(u, es, match, instInputs);
    if (u.instance === "" && match.command.argv.some((a) => /%[iIjJf]/.test(a))) {
      inst.configResolved = false;
    }
    inst.sockets = sockets.filter((s) => s.service === u);
    asterisk.push(inst);
  }

  // Asterisk's units are reported wherever they live: the service, its sockets, CLI-client units.
  const markReportable = (u: Unit) => {
    if (u.fragment) u.fragment.reportable = true;
    for (const d of u.dropins) d.reportable = true;
  };
  for (const inst of asterisk) {
    markReportable(inst.service);
    for (const s of inst.sockets) markReportable(s.unit);
  }
  for (const u of table.units.values()) {
    if (u.type !== "service" || u.masked) continue;
    const runsCli = u.assignments.some((s) => s.section === "Service" && s.key.startsWith("Exec") && s.value !== "" && mayRunAsterisk(s.value) && execCommands(s).some(isCliClient));
    if (runsCli) markReportable(u);
  }
  // A unit file or drop-in named on the command line is reported wherever it lives (a vendor
  // unit given explicitly is linted, as ESLint lints a file it is given).
  if (inp.explicitPaths?.length) {
    const canonical = (p: string) => {
      const r = fs.resolve(p);
      return r.ok ? r.path : p;
    };
    const wanted = new Set(inp.explicitPaths.map(canonical));
    for (const p of inp.explicitPaths) {
      const base = path.posix.basename(p);
      const u = table.find(base) ?? table.find(path.posix.basename(path.posix.dirname(p)).replace(/\.d$/, ""));
      if (!u) continue;
      if (u.fragment && wanted.has(canonical(u.fragment.path))) u.fragment.reportable = true;
      for (const d of u.dropins) if (wanted.has(canonical(d.path))) d.reportable = true;
    }
  }

  // Asterisk config files (for config-level rules).
  const addConfig = (c: AsteriskConfig) => {
    for (const f of c.files) if (!asteriskFiles.has(f.path)) asteriskFiles.set(f.path, { ...f, reportable: true });
  };
  const repoLoaded: { f: string; key: string; config: AsteriskConfig }[] = [];
  for (const f of repoConfigFiles) {
    const etcDir = configOverride?.etcDir ?? path.posix.dirname(f);
    const key = `${f}\0${etcDir}`;
    if (configs.has(key)) continue;
    const config = loadAsteriskConfig(fs, f, { etcDir, mode: inp.mode, display, cache });
    configs.set(key, config);
    repoLoaded.push({ f, key, config });
  }
  // A config that another given config #includes is judged only as part of the including file:
  // Asterisk reads its lines into the includer's current section (main/config.c
  // `process_text_line()`), so `webenabled = no` alone in manager_general.conf is fine. Two files
  // that include each other are both kept, and so is a file Asterisk also loads by name.
  const includes = (c: AsteriskConfig, file: string) => c.files.some((x) => x.path === file);
  for (const { f, key, config } of repoLoaded) {
    // A file Asterisk also loads by name (http.conf) is judged on its own as well.
    if (isLoadedByName(path.posix.basename(f))) continue;
    const includers = repoLoaded.filter((o) => o.f !== f && includes(o.config, f) && !includes(config, o.f));
    if (includers.length > 0) {
      configs.delete(key);
      inp.debug.push(`${display(f)} is judged as part of ${includers.map((o) => display(o.f)).join(", ")}, which #include${includers.length === 1 ? "s" : ""} it`);
    }
  }
  if (inp.mode === "root") {
    // Every config astlint has a schema for, in each configuration directory an Asterisk reads.
    const etcDirs = new Set<string>();
    for (const inst of asterisk) if (inst.etcDir && inst.configResolved) etcDirs.add(inst.etcDir);
    if (asterisk.length === 0) etcDirs.add(configOverride?.etcDir ?? "/etc/asterisk");
    const names = [...new Set(["asterisk.conf", "manager.conf", "http.conf", "pjsip.conf", ...schemaFileNames()])];
    for (const etc of etcDirs) {
      for (const n of names) {
        const p = `${etc}/${n}`;
        const key = `${p}\0${etc}`;
        if (!configs.has(key) && fs.exists(p)) configs.set(key, loadAsteriskConfig(fs, p, { etcDir: etc, mode: inp.mode, display, cache }));
      }
    }
  }
  // Asterisk version: stated, else read under the root, else the newest released major.
  if (inp.asteriskVersion !== undefined) {
    asteriskVersion = inp.asteriskVersion;
    asteriskVersionKnown = true;
    asteriskVersionSource = "--asterisk-version";
  } else if (inp.mode === "root" && (asterisk.length > 0 || configs.size > 0)) {
    const binaries = asterisk.map((i) => i.binaryPath).filter((p): p is string => p !== null && p.endsWith("/asterisk"));
    const d = detectAsteriskVersion(fs, binaries);
    if (d && [18, 20, 21, 22, 23].includes(d.major)) {
      asteriskVersion = d.major;
      asteriskVersionKnown = true;
      asteriskVersionSource = d.source;
    } else if (d) {
      asteriskVersionSource = `the newest released major; ${d.source} names Asterisk ${d.major}, which astlint has no tables for (18, 20-23)`;
    }
  }
  // Access sets: each service's config directory; without a service, /etc/asterisk (root) or
  // every directory of the given paths that holds an AMI, HTTP, ARI or PJSIP config.
  const accessDirs =
    inp.mode === "root"
      ? asterisk.length === 0
        ? [configOverride?.etcDir ?? "/etc/asterisk"].filter((d) => fs.isDir(d))
        : []
      : [...new Set(repoConfigFiles.filter((f) => ACCESS_CONFIGS.has(path.posix.basename(f))).map((f) => configOverride?.etcDir ?? path.posix.dirname(f)))].sort();
  asteriskAccess = buildAccessSets(asterisk, instInputs, accessDirs, asteriskVersion, asteriskVersionKnown);
  for (const c of configs.values()) addConfig(c);
  if (inp.mode === "repository") readFindings.push(...outsideReads(fs, configs.values(), display));
  });
  // Units resolve their drop-ins on first use (instances made from templates above included):
  // resolve every one now, so that no drop-in is read once the rules run.
  for (const u of new Set(table.units.values())) void u.dropins;
  const activation = classifyActivation(asterisk);

  const asteriskObjects: AsteriskObject[] = [];
  for (const c of configs.values()) {
    const objs = classifyConfig(c, asteriskVersion);
    if (objs) for (const o of objs) asteriskObjects.push(o);
  }

  // A unit is enabled when some .wants/.requires/.upholds link names it; when no search-path
  // directory holds the unit at all, the root has no unit information for it (null).
  const isEnabled = (name: string): boolean | null => {
    if (inp.mode !== "root") return null;
    const u = table.units.get(name);
    if (!u || (!u.fragment && !u.masked)) return null;
    if (u.masked) return false;
    return u.enabledBy.length > 0 || u.aliases.some((a) => (table.units.get(a)?.enabledBy.length ?? 0) > 0);
  };
  const candidates = exposureCandidates(activation);
  let firewalls = new Firewalls([]);
  phase(
    "firewalls",
    () => {
      firewalls = loadFirewalls({ fs: inp.mode === "root" ? fs : null, specs: inp.firewallSpecs ?? [], isEnabled, cwd: inp.cwd, specFs: fs.hostView() });
      const displayFile = (f: string) => (inp.mode === "root" && fs.exists(f) ? display(f) : f);
      finishExposures(candidates, firewalls, displayFile);
      finishAccessReach(asteriskAccess, candidates, firewalls, displayFile);
    },
    needsFirewalls(candidates) || accessNeedsFirewalls(asteriskAccess, candidates) || (inp.needs?.includes("host-reachability") && anySocketOpenAtUnitLevel(sockets))
      ? undefined
      : "no activation port, AMI or HTTP listener (nor, when asked, any network socket) is reachable beyond loopback and unrestricted by its unit",
  );

  const binaries = new Map<string, LibsystemdState>();
  const wanted = asterisk.filter((inst) => binaryWanted(inp.mode, inst));
  phase(
    "binaries",
    () => {
      for (const inst of wanted) if (!binaries.has(inst.binaryPath!)) binaries.set(inst.binaryPath!, readLibsystemdState(fs, inst.binaryPath!));
    },
    wanted.length > 0 ? undefined : "no Asterisk binary is judged (no Type=notify or socket-activated asterisk under a root)",
  );

  return {
    mode: inp.mode,
    systemdVersion: systemdVersion!,
    systemdVersionSource,
    systemdVersionAssumed,
    asteriskVersion,
    asteriskVersionKnown,
    asteriskVersionSource,
    asteriskObjects,
    units: table.units,
    sockets,
    asterisk,
    asteriskFiles,
    asteriskAccess,
    asteriskConfigs: [...configs.values()],
    readFindings,
    display,
    unitFiles: table.unitFiles,
    activation,
    exposures: candidates,
    binaries,
    phases,
    firewalls: () => firewalls,
  };
}
