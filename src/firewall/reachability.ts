/**
 * Firewall-aware reachability: can a new TCP connection from another host reach a port?
 *
 * Reads the firewalls configured under the root (nftables, iptables-save files, ufw, firewalld)
 * and those given with `--firewall [nft:|iptables:|ufw:|firewalld:]FILE`, decides which are
 * active (their service is enabled; ufw also needs ENABLED=yes; without unit information they
 * are assumed active and the verdict says so), evaluates each one (evaluate.ts) and combines:
 * blocked when any active firewall blocks, unrestricted only when every active one lets any
 * source through, unknown when one cannot be evaluated (and none blocks).
 *
 * All file access goes through RootFs; nothing here runs a program.
 */
import * as path from "node:path";
import { RootFs, describeReadError } from "../io/fs.js";
import type { Family } from "./addr-set.js";
import { type ReachabilityQuery, evaluateRuleset } from "./evaluate.js";
import { type Because, type FirewallKind, type ReachVerdict, type Ruleset, type UnknownMarker, emptyRuleset } from "./model.js";
import { type IncludeResolver, parseNftables, rootIncludeResolver } from "./nftables.js";
import { detectIptablesFamily, iptablesRuleset, parseIptablesSave, type IptablesParsed } from "./iptables.js";
import { type TextFile, type UfwFiles, ufwRuleset, ufwState } from "./ufw.js";
import { type ConfigReader, firewalldRuleset, firewalldZoneRuleset } from "./firewalld.js";


export interface FirewallVerdict {
  verdict: ReachVerdict;
  because: Because;
  firewall: FirewallKind;
  /** The root holds no unit information for this firewall's service: assumed to be running. */
  assumedActive: boolean;
  /** For "unknown": what astlint did not understand. */
  reason?: string;
}

export interface CombinedVerdict {
  verdict: ReachVerdict;
  /** The deciding firewall's place; null when no active firewall filters the port's family. */
  because: Because | null;
  firewall: FirewallKind | null;
  assumedActive: boolean;
  reason?: string;
  /** One verdict per active firewall, in the order they were found. */
  perFirewall: FirewallVerdict[];
}

export interface LoadedFirewall {
  kind: FirewallKind;
  /** "root" (found under the root) or the --firewall spec. */
  origin: string;
  active: boolean;
  assumedActive: boolean;
  /** Why it counts as active or not (for messages and --debug). */
  activity: string;
  ruleset: Ruleset;
}

export interface FirewallOptions {
  /** The root's file system; null in repository mode (only --firewall files are read). */
  fs: RootFs | null;
  /** --firewall specs: `[nft:|iptables:|ufw:|firewalld:]FILE`. */
  specs?: string[];
  /** Is the unit enabled under the root? null: the root holds no unit information. */
  isEnabled: (unit: string) => boolean | null;
  /** File system for --firewall files (default: the host, `new RootFs("/")`). */
  specFs?: RootFs;
  /** Base for relative --firewall paths (default process.cwd()). */
  cwd?: string;
}

type ReadOutcome = { ok: true; file: TextFile } | { ok: false; missing: boolean; reason: string };

function readIn(fs: RootFs, p: string, display: string = p): ReadOutcome {
  const r = fs.read(p);
  if (!r.ok) return { ok: false, missing: r.error === "missing", reason: `${display}: ${describeReadError(r.error, r.detail)}` };
  return { ok: true, file: { file: display, text: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength).toString("utf8") } };
}

function failed(kind: FirewallKind, file: string, reason: string): Ruleset {
  const rs = emptyRuleset(kind);
  rs.files.push(file);
  rs.fatal = { file, line: 1, text: "", reason };
  return rs;
}

function rootReader(fs: RootFs, map: (p: string) => string = (p) => p, display: (p: string) => string = (p) => p): ConfigReader {
  return {
    read(p) {
      const r = readIn(fs, map(p), display(p));
      return r.ok ? r.file : null;
    },
    list(dir) {
      return fs.list(map(dir));
    },
  };
}

interface Activity {
  active: boolean;
  assumed: boolean;
  text: string;
}

function unitActivity(isEnabled: (u: string) => boolean | null, units: string[]): Activity {
  const states = units.map((u) => [u, isEnabled(u)] as const);
  const on = states.find(([, s]) => s === true);
  if (on) return { active: true, assumed: false, text: `${on[0]} is enabled` };
  const unknown = states.find(([, s]) => s === null);
  if (unknown) return { active: true, assumed: true, text: `no unit information for ${units.join(" or ")}: assumed active` };
  return { active: false, assumed: false, text: `${units.join(" or ")} ${units.length > 1 ? "are" : "is"} not enabled` };
}

// ---------------------------------------------------------------------------------------------
// Under the root

function nftablesUnderRoot(fs: RootFs, isEnabled: FirewallOptions["isEnabled"]): LoadedFirewall | null {
  for (const p of ["/etc/nftables.conf", "/etc/sysconfig/nftables.conf"]) {
    const r = readIn(fs, p);
    if (!r.ok && r.missing) continue;
    const act = unitActivity(isEnabled, ["nftables.service"]);
    const ruleset = r.ok ? parseNftables({ file: p, real: p, text: r.file.text }, rootIncludeResolver(fs)) : failed("nftables", p, r.reason);
    return { kind: "nftables", origin: "root", active: act.active, assumedActive: act.assumed, activity: act.text, ruleset };
  }
  return null;
}

function iptablesUnderRoot(fs: RootFs, isEnabled: FirewallOptions["isEnabled"]): LoadedFirewall | null {
  const candidates: { family: Family; file: string; units: string[] }[] = [
    { family: 4, file: "/etc/iptables/rules.v4", units: ["netfilter-persistent.service", "iptables-persistent.service"] },
    { family: 6, file: "/etc/iptables/rules.v6", units: ["netfilter-persistent.service", "iptables-persistent.service"] },
    { family: 4, file: "/etc/sysconfig/iptables", units: ["iptables.service"] },
    { family: 6, file: "/etc/sysconfig/ip6tables", units: ["ip6tables.service"] },
  ];
  const chosen = new Map<Family, { file: string; act: Activity; parsed: IptablesParsed | null; error?: string }>();
  const inactive: string[] = [];
  for (const c of candidates) {
    if (chosen.has(c.family)) continue;
    const r = readIn(fs, c.file);
    if (!r.ok && r.missing) continue;
    const act = unitActivity(isEnabled, c.units);
    if (!act.active) {
      inactive.push(`${c.file}: ${act.text}`);
      continue;
    }
    chosen.set(c.family, { file: c.file, act, parsed: r.ok ? parseIptablesSave(r.file.text, c.file, c.family) : null, error: r.ok ? undefined : r.reason });
  }
  if (chosen.size === 0) {
    if (inactive.length === 0) return null;
    return { kind: "iptables", origin: "root", active: false, assumedActive: false, activity: inactive.join("; "), ruleset: emptyRuleset("iptables") };
  }
  const parsed = [...chosen.values()];
  const failedOne = parsed.find((p) => !p.parsed);
  const rs = failedOne ? failed("iptables", failedOne.file, failedOne.error!) : iptablesRuleset(parsed.map((p) => p.parsed!));
  for (const f of [4, 6] as Family[]) {
    if (!chosen.has(f)) {
      const other = parsed[0];
      rs.missingFamily[f] = {
        policy: `no IPv${f} rules are loaded (only ${other.file}): iptables does not filter IPv${f}`,
        file: other.file,
        line: 1,
      };
    }
  }
  const assumed = parsed.every((p) => p.act.assumed);
  return {
    kind: "iptables",
    origin: "root",
    active: true,
    assumedActive: assumed,
    activity: parsed.map((p) => `${p.file}: ${p.act.text}`).join("; "),
    ruleset: rs,
  };
}

function ufwUnderRoot(fs: RootFs, isEnabled: FirewallOptions["isEnabled"]): LoadedFirewall | null {
  const files: UfwFiles = {};
  const conf = readIn(fs, "/etc/ufw/ufw.conf");
  if (!conf.ok) return null;
  files.conf = conf.file;
  const errors: string[] = [];
  for (const [key, p] of [
    ["defaults", "/etc/default/ufw"],
    ["user4", "/etc/ufw/user.rules"],
    ["user6", "/etc/ufw/user6.rules"],
  ] as const) {
    const r = readIn(fs, p);
    if (r.ok) files[key] = r.file;
    else if (!r.missing) errors.push(r.reason);
  }
  const state = ufwState(files);
  let act: Activity;
  if (!state.enabled) {
    act = { active: false, assumed: false, text: state.enabledAt ? `${state.enabledAt.text} in /etc/ufw/ufw.conf` : "ENABLED is not set in /etc/ufw/ufw.conf" };
  } else {
    const u = unitActivity(isEnabled, ["ufw.service"]);
    act = u.active ? { ...u, text: `ENABLED=yes and ${u.text}` } : u;
  }
  const ruleset = errors.length ? failed("ufw", "/etc/ufw/user.rules", errors[0]) : ufwRuleset(files);
  return { kind: "ufw", origin: "root", active: act.active, assumedActive: act.assumed, activity: act.text, ruleset };
}

function firewalldUnderRoot(fs: RootFs, isEnabled: FirewallOptions["isEnabled"]): LoadedFirewall | null {
  const present = fs.exists("/etc/firewalld/firewalld.conf") || fs.list("/etc/firewalld/zones").length > 0;
  const unit = isEnabled("firewalld.service");
  if (!present && unit !== true) return null;
  const act = unitActivity(isEnabled, ["firewalld.service"]);
  return { kind: "firewalld", origin: "root", active: act.active, assumedActive: act.assumed, activity: act.text, ruleset: firewalldRuleset(rootReader(fs)) };
}

// ---------------------------------------------------------------------------------------------
// --firewall specs

const PREFIXES: Record<string, FirewallKind> = { nft: "nftables", nftables: "nftables", iptables: "iptables", ufw: "ufw", firewalld: "firewalld" };

/** Splits `[nft:|iptables:|ufw:|firewalld:]FILE`. */
export function parseFirewallSpec(spec: string): { kind: FirewallKind | null; file: string } {
  const m = /^([a-z]+):(.+)$/.exec(spec);
  if (m && PREFIXES[m[1]]) return { kind: PREFIXES[m[1]], file: m[2] };
  return { kind: null, file: spec };
}

/** Guesses a saved ruleset's format from its content. */
export function detectFormat(text: string): FirewallKind | null {
  // Patterns stay linear: no `\s*` that could run across a long blank run from every line start.
  if (/<\?xml|<zone\b/.test(text)) return "firewalld";
  if (/\bufw6?-user-input\b/.test(text)) return "ufw";
  if (/^\*(filter|raw|mangle|nat|security)[ \t\r]*$/m.test(text) || /^:[A-Z]+ (ACCEPT|DROP|-)/m.test(text)) return "iptables";
  if (/^[ \t]*(table|flush[ \t]+ruleset|add[ \t]+(rule|table|chain)|include|define)\b/m.test(text)) return "nftables";
  return null;
}

function specFirewall(spec: string, opts: FirewallOptions, specFs: RootFs): LoadedFirewall {
  const { kind: given, file } = parseFirewallSpec(spec);
  const host = path.resolve(opts.cwd ?? process.cwd(), file);
  const base = { origin: spec, active: true, assumedActive: false, activity: `given with --firewall ${spec}` };
  if (specFs.isDir(host)) {
    const reader = rootReader(specFs, (p) => p, (p) => (p.startsWith(host) ? path.join(file, path.relative(host, p)) : p));
    const names = specFs.list(host);
    const kind = given ?? (names.includes("firewalld.conf") || names.includes("zones") ? "firewalld" : names.includes("user.rules") || names.includes("ufw.conf") ? "ufw" : null);
    if (kind === "firewalld") return { ...base, kind, ruleset: firewalldRuleset(reader, { etc: host, lib: null }) };
    if (kind === "ufw") {
      const files: UfwFiles = {};
      for (const [key, name] of [["conf", "ufw.conf"], ["user4", "user.rules"], ["user6", "user6.rules"]] as const) {
        const f = reader.read(path.join(host, name));
        if (f) files[key] = f;
      }
      return { ...base, kind, ruleset: ufwRuleset(files) };
    }
    return { ...base, kind: given ?? "nftables", ruleset: failed(given ?? "nftables", file, `--firewall ${spec}: a directory astlint cannot read as ${given ?? "a firewall configuration"}`) };
  }
  const r = readIn(specFs, host, file);
  if (!r.ok) return { ...base, kind: given ?? "nftables", ruleset: failed(given ?? "nftables", file, `--firewall ${spec}: ${r.reason}`) };
  const kind = given ?? detectFormat(r.file.text);
  if (!kind) {
    return { ...base, kind: "nftables", ruleset: failed("nftables", file, "cannot tell the firewall format; prefix the path with nft:, iptables:, ufw: or firewalld:") };
  }
  switch (kind) {
    case "nftables": {
      const resolver: IncludeResolver = opts.fs ? rootIncludeResolver(opts.fs) : rootIncludeResolver(specFs);
      return { ...base, kind, ruleset: parseNftables({ file, real: opts.fs ? undefined : host, text: r.file.text }, resolver) };
    }
    case "iptables":
      return { ...base, kind, ruleset: iptablesRuleset([parseIptablesSave(r.file.text, file, detectIptablesFamily(r.file.text, file))]) };
    case "ufw": {
      const six = /user6\.rules$/.test(file) || detectIptablesFamily(r.file.text, file) === 6;
      return { ...base, kind, ruleset: ufwRuleset(six ? { user6: r.file } : { user4: r.file }) };
    }
    case "firewalld":
      return { ...base, kind, ruleset: firewalldZoneRuleset(r.file) };
  }
}

// ---------------------------------------------------------------------------------------------

export class Firewalls {
  constructor(readonly loaded: LoadedFirewall[]) {}

  get active(): LoadedFirewall[] {
    return this.loaded.filter((l) => l.active);
  }

  /** Rule sets (of active firewalls) astlint could not read at all. */
  get fatal(): UnknownMarker[] {
    return this.active.flatMap((l) => (l.ruleset.fatal ? [l.ruleset.fatal] : []));
  }

  evaluate(q: ReachabilityQuery): CombinedVerdict {
    const per: FirewallVerdict[] = this.active.map((l) => {
      const v = evaluateRuleset(l.ruleset, q);
      const out: FirewallVerdict = { verdict: v.verdict, because: v.because, firewall: l.kind, assumedActive: l.assumedActive };
      if (v.reason !== undefined) out.reason = v.reason;
      return out;
    });
    if (per.length === 0) return { verdict: "unrestricted", because: null, firewall: null, assumedActive: false, perFirewall: [] };
    const pickOf = (v: FirewallVerdict): CombinedVerdict => {
      const out: CombinedVerdict = { verdict: v.verdict, because: v.because, firewall: v.firewall, assumedActive: v.assumedActive, perFirewall: per };
      if (v.reason !== undefined) out.reason = v.reason;
      return out;
    };
    const blocked = per.find((v) => v.verdict === "blocked");
    if (blocked) return pickOf(blocked);
    const unknown = per.find((v) => v.verdict === "unknown");
    if (unknown) return pickOf(unknown);
    const restricted = per.find((v) => v.verdict === "restricted");
    if (restricted) return pickOf(restricted);
    return pickOf(per.find((v) => !v.assumedActive) ?? per[0]);
  }
}

/** Finds, reads and compiles the firewalls (once); evaluate queries with `.evaluate()`. */
export function loadFirewalls(opts: FirewallOptions): Firewalls {
  const loaded: LoadedFirewall[] = [];
  if (opts.fs) {
    for (const find of [nftablesUnderRoot, iptablesUnderRoot, ufwUnderRoot, firewalldUnderRoot]) {
      const l = find(opts.fs, opts.isEnabled);
      if (l) loaded.push(l);
    }
  }
  if (opts.specs?.length) {
    const specFs = opts.specFs ?? opts.fs?.hostView() ?? new RootFs("/");
    for (const s of opts.specs) loaded.push(specFirewall(s, opts, specFs));
  }
  return new Firewalls(loaded);
}

