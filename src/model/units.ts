/**
 * Unit discovery as systemd does it: search-path precedence, masks, aliases, linked units,
 * drop-ins (exact, template, prefix and type-wide, in systemd's order), enablement links,
 * templates and instances; and the effective settings of each unit.
 * (systemd.unit(5): unit load paths, drop-ins, masking, aliases; src/core/load-dropin.c at v252)
 */
import * as path from "node:path";
import type { Finding, Location } from "../core/types.js";
import { parseUnitFile } from "../parser/unit-parser.js";
import type { UnitAssignment, UnitFileAST } from "../core/unit-tree.js";
import { describeReadError, type RootFs } from "../io/fs.js";
import type { UnitType } from "../core/types.js";
import type { Setting, Unit, UnitFile } from "./model.js";
import { expandSpecifiers, parseUnitName, templateOf, type UnitName } from "./unit-names.js";
import { recogniseNonUnit } from "./non-units.js";

/** The system manager's unit search path, highest priority first (v252/v256, with Debian's /lib). */
export const SYSTEM_UNIT_PATH = [
  "/etc/systemd/system.control",
  "/run/systemd/system.control",
  "/run/systemd/transient",
  "/run/systemd/generator.early",
  "/etc/systemd/system",
  "/etc/systemd/system.attached",
  "/run/systemd/system",
  "/run/systemd/system.attached",
  "/run/systemd/generator",
  "/usr/local/lib/systemd/system",
  "/lib/systemd/system",
  "/usr/lib/systemd/system",
  "/run/systemd/generator.late",
];

/**
 * The unit search path as systemd uses it: a directory that is the same as an earlier one
 * (Debian 12's merged /usr: `/lib -> usr/lib` makes /lib/systemd/system and
 * /usr/lib/systemd/system one directory) is dropped, the first name kept, as
 * lookup_paths_reduce() in systemd's path-lookup.c does by device and inode (astlint compares
 * the paths resolved inside the root). `duplicates` maps each dropped directory to the one kept.
 */
export function reduceUnitPath(fs: RootFs): { dirs: string[]; duplicates: Map<string, string> } {
  const dirs: string[] = [];
  const duplicates = new Map<string, string>();
  const byReal = new Map<string, string>();
  for (const dir of SYSTEM_UNIT_PATH) {
    const r = fs.resolve(dir);
    if (!r.ok || r.kind !== "dir") {
      dirs.push(dir);
      continue;
    }
    const kept = byReal.get(r.path);
    if (kept !== undefined) {
      duplicates.set(dir, kept);
      continue;
    }
    byReal.set(r.path, dir);
    dirs.push(dir);
  }
  return { dirs, duplicates };
}

/** Directories whose units astlint reports on by default (admin and runtime units, not vendor ones). */
export const REPORTED_UNIT_DIRS = ["/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system"];

/** Keys whose empty assignment does not reset anything (dependencies can only be added), as `Section\0Key`. */
const NON_RESETTABLE = new Set([
  "Unit\0After",
  "Unit\0Before",
  "Unit\0Wants",
  "Unit\0Requires",
  "Unit\0Requisite",
  "Unit\0BindsTo",
  "Unit\0PartOf",
  "Unit\0Upholds",
  "Unit\0Conflicts",
  "Unit\0OnFailure",
  "Unit\0OnSuccess",
  "Unit\0PropagatesReloadTo",
  "Unit\0ReloadPropagatedFrom",
  "Unit\0PropagatesStopTo",
  "Unit\0StopPropagatedFrom",
  "Unit\0JoinsNamespaceOf",
  "Service\0Sockets",
]);

/** NON_RESETTABLE by section, then key (no key string to build per look-up). */
const NON_RESETTABLE_BY_SECTION = new Map<string, Set<string>>();
for (const sk of NON_RESETTABLE) {
  const [section, key] = sk.split("\0") as [string, string];
  const keys = NON_RESETTABLE_BY_SECTION.get(section) ?? new Set<string>();
  keys.add(key);
  NON_RESETTABLE_BY_SECTION.set(section, keys);
}

/** Settings of a list directive in file order, as getList() keeps them: after the last empty reset (for lists an empty value resets). */
export function listAfterResets(l: readonly Setting[], section: string, key: string): Setting[] {
  if (NON_RESETTABLE_BY_SECTION.get(section)?.has(key)) return l.filter((s) => s.value !== "");
  let start = 0;
  l.forEach((s, i) => {
    if (s.value === "") start = i + 1;
  });
  return l.slice(start);
}

/**
 * One assignment as it applies to a unit. A unit has one per assignment of its files, so at
 * thousands of units they add up: `loc` is the assignment itself (a Location with the same five
 * fields) and `valueLoc` the assignment's, read through the prototype rather than copied.
 */
class UnitSetting implements Setting {
  section: string;
  key: string;
  value: string;
  assignment: UnitAssignment;
  file: UnitFile;

  constructor(section: string, assignment: UnitAssignment, file: UnitFile) {
    this.section = section;
    this.key = assignment.key;
    this.value = assignment.value;
    this.assignment = assignment;
    this.file = file;
  }

  get loc(): Location {
    return this.assignment;
  }

  get valueLoc(): Location {
    return this.assignment.valueLoc;
  }
}

/** One directory that may hold units, with its precedence (lower = wins). */
export interface UnitDir {
  dir: string;
  priority: number;
  /** Entry names in the directory (root mode: the directory listing; repository mode: files given). */
  entries: string[];
  /** Lists a sub-directory (`foo.service.d`, `bar.target.wants`). */
  listSub(name: string): string[];
  reportable: boolean;
  /** Files read under another name: unit name → file name (a build template `foo.service.in` named on the command line). */
  fileNames?: ReadonlyMap<string, string>;
}

interface Candidate {
  name: string;
  path: string;
  dir: UnitDir;
}

export interface UnitTableOptions {
  fs: RootFs;
  dirs: UnitDir[];
  display(p: string): string;
  /** Is a file (by in-root path) reported? */
  isReportable(p: string, dir: UnitDir): boolean;
  findings: Finding[];
  /** Shared parse cache by path. */
  parsed: Map<string, UnitFile | null>;
  /**
   * Repository mode: files with a unit name whose content is something else (an Avahi service
   * definition, a D-Bus activation file) become one not-a-unit finding instead of a unit.
   */
  recogniseNonUnits?: boolean;
}

function fileLoc(display: string): Location {
  return { file: display, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

export class UnitTable {
  readonly units = new Map<string, Unit>();
  readonly unitFiles: UnitFile[] = [];
  private readonly candidates = new Map<string, Candidate[]>();
  /** Drop-in directories by the name before `.d` (unit name, template, prefix or type). */
  private readonly dropinDirs = new Map<string, { dir: UnitDir; sub: string }[]>();
  private readonly enabledBy = new Map<string, { unit: string; kind: "wants" | "requires" | "upholds"; linkPath: string }[]>();
  private readonly opts: UnitTableOptions;
  private readonly reported = new Set<string>();
  /** Units whose fragment exists but could not be read. */
  private readonly unreadableNames = new Set<string>();

  constructor(opts: UnitTableOptions) {
    this.opts = opts;
    const dirs = [...opts.dirs].sort((a, b) => a.priority - b.priority);
    for (const d of dirs) {
      for (const entry of d.entries) {
        const m = /^(.*)\.(wants|requires|upholds)$/.exec(entry);
        if (entry.endsWith(".d")) {
          const base = entry.slice(0, -2);
          const list = this.dropinDirs.get(base) ?? [];
          list.push({ dir: d, sub: entry });
          this.dropinDirs.set(base, list);
          continue;
        }
        if (m && parseUnitName(m[1])) {
          for (const dep of d.listSub(entry)) {
            if (!parseUnitName(dep)) continue;
            const linkPath = path.posix.join(d.dir, entry, dep);
            if (opts.fs.readlink(linkPath) === "/dev/null") continue;
            const list = this.enabledBy.get(dep) ?? [];
            list.push({ unit: m[1], kind: m[2] as "wants" | "requires" | "upholds", linkPath });
            this.enabledBy.set(dep, list);
          }
          continue;
        }
        if (!parseUnitName(entry)) continue;
        const list = this.candidates.get(entry) ?? [];
        list.push({ name: entry, path: path.posix.join(d.dir, d.fileNames?.get(entry) ?? entry), dir: d });
        this.candidates.set(entry, list);
      }
    }
    for (const name of [...this.candidates.keys()].sort()) this.load(name);
  }

  private reportOnce(key: string, f: Finding) {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.opts.findings.push(f);
  }

  private readFailure(p: string, error: string, detail: string) {
    const display = this.opts.display(p);
    this.reportOnce(p, {
      ruleId: "unreadable-file",
      severity: error === "not-regular" ? "info" : "warning",
      ...fileLoc(display),
      message: `astlint could not read ${display}: ${describeReadError(error, detail)}`,
      notes: ["its settings are not part of the checks, so findings that depend on it may be missing"],
      help: error === "denied" ? "run astlint as a user that can read the file" : undefined,
      related: [],
    });
  }

  /** Parses a unit file or drop-in once. */
  parseFile(p: string, kind: "unit" | "dropin", unitName: string, type: UnitType, dir: UnitDir): UnitFile | null {
    const key = `${kind}:${p}`;
    if (this.opts.parsed.has(key)) return this.opts.parsed.get(key)!;
    const r = this.opts.fs.read(p);
    let uf: UnitFile | null = null;
    if (!r.ok) {
      if (r.error !== "missing" && kind === "unit") this.unreadableNames.add(unitName);
      this.readFailure(p, r.error, r.detail);
    } else {
      const display = this.opts.display(p);
      const other = kind === "unit" && this.opts.recogniseNonUnits ? recogniseNonUnit(r.bytes) : null;
      if (other !== null) {
        this.opts.findings.push({
          ruleId: "not-a-unit",
          severity: "info",
          file: display,
          line: other.line,
          column: 1,
          endLine: other.line,
          endColumn: 1,
          message: `${path.posix.basename(p)} is not a systemd unit: ${other.what}`,
          notes: [`its name ends in .${type}, but ${other.why}; astlint does not lint it as a unit (systemd would reject every line of it)`],
          help: other.help,
          related: [],
        });
      } else {
        const ast: UnitFileAST = parseUnitFile(r.bytes, display);
        uf = { path: p, display, kind, unitName, unitType: type, ast, reportable: this.opts.isReportable(p, dir) };
        if (p.endsWith(".in")) uf.buildTemplate = true;
        this.unitFiles.push(uf);
      }
    }
    this.opts.parsed.set(key, uf);
    return uf;
  }

  /** Classifies a unit entry: mask, alias, linked file, regular file or a problem. */
  private inspect(c: Candidate):
    | { kind: "mask"; by: string }
    | { kind: "alias"; target: string; targetPath: string }
    | { kind: "file"; path: string }
    | { kind: "bad" } {
    const fs = this.opts.fs;
    const st = fs.lstat(c.path);
    if (!st) {
      // Listed, but it cannot be examined (EIO, EACCES, or gone since): say so, do not drop it.
      const r = fs.resolve(c.path);
      this.readFailure(c.path, r.ok ? "io" : r.error, r.ok ? "lstat failed" : r.detail);
      return { kind: "bad" };
    }
    if (st.kind === "symlink") {
      const target = fs.readlink(c.path) ?? "";
      if (path.posix.normalize(target) === "/dev/null") return { kind: "mask", by: this.opts.display(c.path) };
      const r = fs.resolve(c.path);
      if (!r.ok) {
        const display = this.opts.display(c.path);
        this.reportOnce(c.path, {
          ruleId: "unreadable-file",
          severity: "warning",
          ...fileLoc(display),
          message:
            r.error === "loop"
              ? `${display} is part of a symbolic-link loop; systemd cannot load ${c.name}`
              : r.error === "missing"
                ? `${display} is a dangling symbolic link (-> ${target}); systemd cannot load ${c.name}`
                : `astlint could not follow the symbolic link ${display} (-> ${target}): ${describeReadError(r.error, r.detail)}`,
          notes: [],
          help: `fix or remove the link`,
          related: [],
        });
        return { kind: "bad" };
      }
      if (r.kind === "chardev") return { kind: "mask", by: this.opts.display(c.path) };
      const base = path.posix.basename(r.path);
      if (base !== c.name && parseUnitName(base)) return { kind: "alias", target: base, targetPath: r.path };
      if (r.kind === "file" && r.size === 0) return { kind: "mask", by: this.opts.display(c.path) };
      if (r.kind !== "file") return this.notRegular(c.path, r.kind);
      return { kind: "file", path: r.path };
    }
    if (st.kind === "chardev") return { kind: "mask", by: this.opts.display(c.path) };
    if (st.kind === "file") return st.size === 0 ? { kind: "mask", by: this.opts.display(c.path) } : { kind: "file", path: c.path };
    if (st.kind === "dir") return { kind: "bad" };
    return this.notRegular(c.path, st.kind);
  }

  private notRegular(p: string, kind: string): { kind: "bad" } {
    this.readFailure(p, "not-regular", kind);
    return { kind: "bad" };
  }

  private load(name: string, seen = new Set<string>()): Unit | undefined {
    const existing = this.units.get(name);
    if (existing) return existing;
    if (seen.has(name)) return undefined;
    seen.add(name);
    const un = parseUnitName(name);
    if (!un) return undefined;
    const cands = this.candidates.get(name) ?? [];
    let fragment: UnitFile | null = null;
    let masked = false;
    let maskedBy: string | undefined;
    for (const c of cands) {
      const r = this.inspect(c);
      if (r.kind === "bad") continue;
      if (r.kind === "mask") {
        masked = true;
        maskedBy = r.by;
        break;
      }
      if (r.kind === "alias") {
        const targetName = parseUnitName(r.target);
        if (targetName && targetName.type === un.type) {
          let target = this.load(r.target, seen);
          if (!target) {
            // The alias points outside the search path: a linked unit under the target's name.
            const f = this.parseFile(r.targetPath, "unit", r.target, targetName.type, c.dir);
            target = this.makeUnit(targetName, f, false, undefined);
            this.units.set(r.target, target);
          }
          if (!target.aliases.includes(name)) target.aliases.push(name);
          this.units.set(name, target);
          return target;
        }
        // A link to a differently-typed unit: systemd refuses it; treat the file as the fragment.
        fragment = this.parseFile(r.targetPath, "unit", name, un.type, c.dir);
        break;
      }
      fragment = this.parseFile(r.path, "unit", name, un.type, c.dir);
      break;
    }
    const unit = this.makeUnit(un, fragment, masked, maskedBy);
    if (!fragment && !masked && this.unreadableNames.has(name)) unit.unreadable = true;
    this.units.set(name, unit);
    return unit;
  }

  /** Finds a unit; an instance without its own file is loaded from its template. */
  find(name: string): Unit | undefined {
    const u = this.units.get(name);
    if (u) return u;
    const un = parseUnitName(name);
    if (!un) return undefined;
    const tpl = templateOf(un);
    if (!tpl) return undefined;
    const t = this.units.get(tpl);
    if (!t || !t.fragment) {
      if (!t?.masked && !t?.unreadable) return undefined;
    }
    const inst = this.makeUnit(un, t!.fragment, t!.masked, t!.maskedBy);
    if (t!.unreadable) inst.unreadable = true;
    this.units.set(name, inst);
    return inst;
  }

  /** Drop-in files that apply to a unit, in the order systemd applies them. */
  private dropinsFor(un: UnitName, aliases: string[]): UnitFile[] {
    const names: string[] = [un.name, ...aliases];
    const tpl = templateOf(un);
    if (tpl) names.push(tpl);
    // Prefix drop-ins: foo-bar-baz.service -> foo-bar-.service.d, foo-.service.d
    const prefixBase = un.prefix;
    const parts = prefixBase.split("-");
    for (let i = parts.length - 1; i >= 1; i--) {
      const p = parts.slice(0, i).join("-") + "-";
      names.push(`${p}.${un.type}`);
      if (un.instance !== null) names.push(`${p}@.${un.type}`);
    }
    names.push(un.type);
    const found: { file: string; dir: UnitDir; nameIndex: number; sub: string }[] = [];
    names.forEach((n, nameIndex) => {
      for (const { dir, sub } of this.dropinDirs.get(n) ?? []) {
        for (const file of dir.listSub(sub)) {
          if (!file.endsWith(".conf")) continue;
          found.push({ file, dir, nameIndex, sub });
        }
      }
    });
    found.sort((a, b) => a.dir.priority - b.dir.priority || a.nameIndex - b.nameIndex);
    const winners = new Map<string, (typeof found)[number]>();
    for (const f of found) if (!winners.has(f.file)) winners.set(f.file, f);
    const out: UnitFile[] = [];
    for (const file of [...winners.keys()].sort()) {
      const w = winners.get(file)!;
      const p = path.posix.join(w.dir.dir, w.sub, file);
      const fs = this.opts.fs;
      if (fs.readlink(p) === "/dev/null") continue;
      const r = fs.resolve(p);
      if (r.ok && (r.kind === "chardev" || (r.kind === "file" && r.size === 0))) continue;
      const uf = this.parseFile(p, "dropin", w.sub.slice(0, -2), un.type, w.dir);
      if (uf) out.push(uf);
    }
    return out;
  }

  private makeUnit(un: UnitName, fragment: UnitFile | null, masked: boolean, maskedBy: string | undefined): Unit {
    const table = this;
    const aliases: string[] = [];
    let dropinsCache: UnitFile[] | null = null;
    let settingsCache: { list: Setting[]; index: Map<string, Map<string, Setting[]>> } | null = null;
    const settings = () => {
      if (settingsCache) return settingsCache;
      const list: Setting[] = [];
      // By section, then key.
      const index = new Map<string, Map<string, Setting[]>>();
      const files = [...(fragment ? [fragment] : []), ...unit.dropins];
      for (const f of files) {
        for (const a of f.ast.assignments) {
          if (a.section === null) continue;
          const s = new UnitSetting(a.section, a, f);
          list.push(s);
          let byKey = index.get(a.section);
          if (!byKey) index.set(a.section, (byKey = new Map()));
          const l = byKey.get(a.key);
          if (l) l.push(s);
          else byKey.set(a.key, [s]);
        }
      }
      settingsCache = { list, index };
      return settingsCache;
    };
    const unit: Unit = {
      name: un.name,
      type: un.type,
      prefix: un.prefix,
      instance: un.instance,
      fragment,
      get dropins() {
        if (!dropinsCache) dropinsCache = masked ? [] : table.dropinsFor(un, aliases);
        return dropinsCache;
      },
      masked,
      maskedBy,
      aliases,
      enabledBy: this.enabledBy.get(un.name) ?? (templateOf(un) ? [] : []),
      get assignments() {
        return settings().list;
      },
      get(section, key) {
        const l = settings().index.get(section)?.get(key);
        if (!l || l.length === 0) return undefined;
        const last = l[l.length - 1];
        return last.value === "" ? undefined : last;
      },
      getList(section, key) {
        return listAfterResets(settings().index.get(section)?.get(key) ?? [], section, key);
      },
      expand(value) {
        return expandSpecifiers(value, { name: un, fragmentPath: fragment?.path });
      },
      get reportable() {
        return (fragment?.reportable ?? false) || unit.dropins.some((d) => d.reportable);
      },
    };
    return unit;
  }

  /** Names that .wants/.requires/.upholds links point at (enabled units, instances included). */
  linkedNames(): string[] {
    return [...this.enabledBy.keys()].sort();
  }

  /** Every unit name known (fragments found), sorted. */
  names(): string[] {
    return [...this.units.keys()].sort();
  }
}
