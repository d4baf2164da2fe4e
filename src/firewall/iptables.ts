/**
 * iptables-save format (`/etc/iptables/rules.v4`, `rules.v6`, `/etc/sysconfig/iptables`,
 * `/etc/sysconfig/ip6tables`, ufw's `user.rules`): `*table`, `:CHAIN POLICY [p:b]`,
 * `-A`/`-I`/`-N`/`-P` lines and `COMMIT`. Rules become model.ts rules; matches astlint does not
 * know become `unknown` conditions (the evaluator tries both ways) instead of guesses.
 */
import { type Family, ivFrom, parseAddrSpec, type Iv } from "./addr-set.js";
import {
  type BaseChain,
  type Chain,
  type Cond,
  type Rule,
  type Ruleset,
  type UnknownMarker,
  type Verdict,
  emptyRuleset,
  normalizeProto,
  portRange,
  srcRef,
} from "./model.js";
import { lookupTable } from "../core/lookup-table.js";

export interface IptChain {
  name: string;
  /** Built-in chain policy (ACCEPT/DROP), null for user chains ("-"). */
  policy: string | null;
  /** Line of the `:CHAIN` (or `-P`) declaration, 0 when implicit. */
  line: number;
  rules: Rule[];
}

export interface IptTable {
  name: string;
  line: number;
  chains: Map<string, IptChain>;
}

export interface IptablesParsed {
  file: string;
  family: Family;
  tables: Map<string, IptTable>;
  markers: UnknownMarker[];
  /** Something that prevents evaluation (a line that is not iptables-save syntax). */
  fatal: UnknownMarker | null;
  /** `### tuple ###` comments (ufw) by the line of the rule that follows them. */
  tuples: Map<number, string>;
}

const BUILTIN_CHAINS = new Set(["INPUT", "OUTPUT", "FORWARD", "PREROUTING", "POSTROUTING"]);

/** Which chains of which tables an incoming packet for a local socket crosses. */
const INPUT_PATH: Record<string, string[]> = lookupTable({
  raw: ["PREROUTING"],
  mangle: ["PREROUTING", "INPUT"],
  nat: ["PREROUTING"],
  filter: ["INPUT"],
  security: ["INPUT"],
});

/** Splits a line the way iptables-restore does (double and single quotes, backslash escapes in quotes). */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    let tok = "";
    while (i < line.length && !/\s/.test(line[i])) {
      const c = line[i];
      if (c === '"' || c === "'") {
        i++;
        while (i < line.length && line[i] !== c) {
          if (line[i] === "\\" && i + 1 < line.length) i++;
          tok += line[i++];
        }
        i++;
      } else {
        tok += c;
        i++;
      }
    }
    out.push(tok);
  }
  return out;
}

/** Guesses the family of an iptables-save file from its header, name and addresses. */
export function detectIptablesFamily(text: string, file: string): Family {
  if (/^#.*ip6tables-save/m.test(text)) return 6;
  if (/^#.*iptables-save/m.test(text)) return 4;
  if (/(rules\.v6|ip6tables|user6\.rules)$/.test(file)) return 6;
  if (/(rules\.v4|iptables|user\.rules)$/.test(file)) return 4;
  if (/\s-[sd]\s+(?:!\s*)?[0-9a-fA-F]*:/.test(text)) return 6; // no `\s+!?\s*`: quadratic on long blank runs
  return 4;
}

const TARGET_NONE = new Set([
  "LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "TCPMSS", "SET", "AUDIT", "TRACE", "CLASSIFY", "DSCP", "TOS",
  "TTL", "HL", "SECMARK", "CONNSECMARK", "CHECKSUM", "SNAT", "MASQUERADE", "NETMAP", "IDLETIMER", "LED", "RATEEST",
  "SYNPROXY", "TEE", "ECN", "HMARK", "CLUSTERIP",
]);

const SYN_FLAGS = new Set(["SYN"]);

function flagSet(text: string): Set<string> {
  const t = text.toUpperCase();
  if (t === "ALL") return new Set(["SYN", "ACK", "FIN", "RST", "URG", "PSH"]);
  if (t === "NONE") return new Set();
  return new Set(t.split(","));
}

interface ParsedRule {
  conds: Cond[];
  verdict: Verdict;
}

/** Parses the arguments of an `-A CHAIN ...` line after the chain name. */
export function parseRuleArgs(args: string[], family: Family, userChain: (name: string) => string | null): ParsedRule {
  const conds: Cond[] = [];
  let verdict: Verdict = { kind: "none" };
  let module = "";
  let recentCheck = false;
  let recentHitcount = false;
  let i = 0;
  const unknown = (reason: string) => conds.push({ kind: "unknown", reason });
  while (i < args.length) {
    let neg = false;
    let a = args[i++];
    if (a === "!") {
      neg = true;
      a = args[i++] ?? "";
    }
    // Old syntax: `-s ! 1.2.3.4`.
    const value = (): string => {
      if (args[i] === "!") {
        neg = !neg;
        i++;
      }
      return args[i++] ?? "";
    };
    switch (a) {
      case "-4":
        if (family !== 4) conds.push({ kind: "const", value: false, why: "-4 rule in an IPv6 rule set" });
        break;
      case "-6":
        if (family !== 6) conds.push({ kind: "const", value: false, why: "-6 rule in an IPv4 rule set" });
        break;
      case "-c":
      case "--set-counters":
        i += 2;
        break;
      case "-p":
      case "--protocol": {
        const p = normalizeProto(value());
        if (p === "all" || p === "0") {
          if (neg) conds.push({ kind: "const", value: false, why: "! -p all" });
        } else {
          conds.push({ kind: "l4proto", protos: [p], negate: neg });
        }
        break;
      }
      case "-s":
      case "--source":
      case "--src":
      case "-d":
      case "--destination":
      case "--dst": {
        const v = value();
        const ivs: Iv[] = [];
        let ok = true;
        for (const part of v.split(",")) {
          const iv = parseAddrSpec(part, family);
          if (iv) ivs.push(iv);
          else ok = false;
        }
        if (!ok) unknown(`address '${v}' is not an IPv${family} address or prefix`);
        else conds.push({ kind: "addr", dir: a.startsWith("-s") || a.startsWith("--s") ? "src" : "dst", family, set: ivFrom(ivs), negate: neg });
        break;
      }
      case "-i":
      case "--in-interface": {
        const v = value();
        if (v === "+") {
          if (neg) conds.push({ kind: "const", value: false, why: "! -i +" });
        } else if (v.endsWith("+")) {
          unknown(`interface pattern '${v}'`);
        } else {
          conds.push({ kind: "iface", names: [v], negate: neg });
        }
        break;
      }
      case "-o":
      case "--out-interface":
        value();
        unknown("-o (output interface) in an input path");
        break;
      case "-f":
      case "--fragment":
        conds.push({ kind: "const", value: neg, why: "fragments" });
        break;
      case "-m":
      case "--match":
        module = value();
        break;
      case "-j":
      case "--jump":
      case "-g":
      case "--goto": {
        const t = value();
        const up = t.toUpperCase();
        if (a === "-g" || a === "--goto") {
          verdict = { kind: "goto", chain: userChain(t) ?? t };
        } else if (t === "ACCEPT") verdict = { kind: "accept" };
        else if (t === "DROP") verdict = { kind: "drop" };
        else if (t === "REJECT") verdict = { kind: "reject" };
        else if (t === "RETURN") verdict = { kind: "return" };
        else if (TARGET_NONE.has(t)) verdict = { kind: "none" };
        else if (userChain(t)) verdict = { kind: "jump", chain: userChain(t)! };
        else if (t === up) verdict = { kind: "unknown", reason: `target ${t} is not modelled` };
        else verdict = { kind: "jump", chain: t };
        // Target options follow: skip them up to the next match option.
        while (i < args.length && args[i].startsWith("--") && !MATCH_OPTS.has(args[i])) {
          i++;
          while (i < args.length && !args[i].startsWith("-") && args[i] !== "!") i++;
        }
        break;
      }
      case "--dport":
      case "--destination-port":
      case "--dports":
      case "--destination-ports": {
        const v = value();
        const ranges: [number, number][] = [];
        let ok = true;
        for (const part of v.split(",")) {
          const r = portRange(part);
          if (r) ranges.push(r);
          else ok = false;
        }
        if (!ok) unknown(`port '${v}' not understood`);
        else conds.push({ kind: "dport", ranges, negate: neg });
        break;
      }
      case "--ports": {
        // Matches when the source OR the destination port is listed.
        const v = value();
        const ranges = v.split(",").map(portRange);
        if (ranges.some((r) => r === null) || neg) unknown(`${neg ? "! " : ""}--ports ${v}`);
        else conds.push({ kind: "dport", ranges: ranges as [number, number][], negate: false, otherwise: "--ports: the source port might be listed" });
        break;
      }
      case "--sport":
      case "--source-port":
      case "--sports":
      case "--source-ports":
        value();
        unknown("source port (chosen by the client)");
        break;
      case "--syn":
        conds.push({ kind: "const", value: !neg, why: "--syn: a new connection starts with SYN" });
        break;
      case "--tcp-flags": {
        const mask = flagSet(value());
        const comp = flagSet(args[i++] ?? "");
        const have = new Set([...mask].filter((f) => SYN_FLAGS.has(f)));
        const eq = have.size === comp.size && [...have].every((f) => comp.has(f));
        conds.push({ kind: "const", value: eq !== neg, why: "--tcp-flags against a SYN" });
        break;
      }
      case "--state":
      case "--ctstate": {
        const v = value();
        conds.push({ kind: "ctstate", states: v.toLowerCase().split(","), negate: neg });
        break;
      }
      case "--comment":
        value();
        break;
      case "--limit":
      case "--limit-burst":
      case "--hashlimit-upto":
      case "--hashlimit-burst":
      case "--hashlimit-mode":
      case "--hashlimit-name":
      case "--hashlimit-htable-expire":
      case "--hashlimit-htable-size":
      case "--hashlimit-htable-max":
      case "--hashlimit-htable-gcinterval":
      case "--hashlimit-srcmask":
      case "--hashlimit-dstmask":
      case "--connlimit-upto":
      case "--connlimit-mask":
      case "--seconds":
      case "--name":
      case "--mask":
      case "--reject-with":
        value();
        break;
      case "--hashlimit-above":
      case "--connlimit-above":
        value();
        conds.push({ kind: "const", value: false, why: `${a}: a first connection is under the limit` });
        break;
      case "--hashlimit":
        value();
        break;
      case "--set":
      case "--remove":
      case "--rsource":
      case "--rdest":
      case "--reap":
      case "--rttl":
        break;
      case "--rcheck":
      case "--update":
        recentCheck = true;
        break;
      case "--hitcount":
        value();
        recentHitcount = true;
        break;
      case "--dst-type":
      case "--src-type": {
        const types = value().toUpperCase().split(",");
        const isSrc = a === "--src-type";
        const matches = types.some((t) => t === "UNICAST" || (!isSrc && t === "LOCAL"));
        conds.push({ kind: "const", value: matches !== neg, why: `${a} ${types.join(",")}` });
        break;
      }
      case "--limit-iface-in":
      case "--limit-iface-out":
        break;
      case "--src-range":
      case "--dst-range": {
        const v = value();
        const iv = parseAddrSpec(v, family);
        if (!iv) unknown(`address range '${v}'`);
        else conds.push({ kind: "addr", dir: a === "--src-range" ? "src" : "dst", family, set: [iv], negate: neg });
        break;
      }
      case "--pkt-type": {
        const t = value().toLowerCase();
        conds.push({ kind: "const", value: (t === "unicast" || t === "host") !== neg, why: `--pkt-type ${t}` });
        break;
      }
      case "--invert":
        if (module === "rpfilter") conds.push({ kind: "const", value: false, why: "rpfilter --invert: a valid source is assumed" });
        break;
      case "--loose":
      case "--validmark":
      case "--accept-local":
        break;
      case "--icmp-type":
      case "--icmpv6-type":
        value();
        conds.push({ kind: "l4proto", protos: [a === "--icmp-type" ? "icmp" : "ipv6-icmp"], negate: false });
        break;
      default: {
        if (a.startsWith("-")) {
          const parts: string[] = [a];
          while (i < args.length && !args[i].startsWith("-") && args[i] !== "!") parts.push(args[i++]);
          unknown(`${module ? `-m ${module} ` : ""}${parts.join(" ")} is not understood`);
        } else {
          unknown(`'${a}' is not understood`);
        }
      }
    }
  }
  if (recentCheck) {
    if (recentHitcount) conds.push({ kind: "const", value: false, why: "-m recent --hitcount: a first connection is under the count" });
    else conds.push({ kind: "unknown", reason: "-m recent --rcheck/--update (depends on earlier packets)" });
  }
  return { conds, verdict };
}

const MATCH_OPTS = new Set(["-m", "--match", "-p", "-s", "-d", "-i", "-o", "--comment"]);

/** Parses one iptables-save file. */
export function parseIptablesSave(text: string, file: string, family: Family = detectIptablesFamily(text, file)): IptablesParsed {
  const res: IptablesParsed = { file, family, tables: new Map(), markers: [], fatal: null, tuples: new Map() };
  const lines = text.split(/\r?\n/);
  let table: IptTable | null = null;
  let pendingTuple: string | null = null;
  const ensureChain = (t: IptTable, name: string): IptChain => {
    let c = t.chains.get(name);
    if (!c) {
      c = { name, policy: BUILTIN_CHAINS.has(name) ? "ACCEPT" : null, line: 0, rules: [] };
      t.chains.set(name, c);
    }
    return c;
  };
  // First pass: chain names per table (rules may jump to chains declared later).
  const declared = new Map<string, Set<string>>();
  {
    let t = "";
    for (const l of lines) {
      const s = l.trim();
      if (s.startsWith("*")) t = s.slice(1);
      else if (s.startsWith(":")) {
        if (!declared.has(t)) declared.set(t, new Set());
        declared.get(t)!.add(s.slice(1).split(/\s+/)[0]);
      } else if (/^-N\s/.test(s)) {
        if (!declared.has(t)) declared.set(t, new Set());
        declared.get(t)!.add(s.split(/\s+/)[1]);
      }
    }
  }
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    let s = lines[n].trim();
    if (s === "") continue;
    if (s.startsWith("#")) {
      const m = /^###\s*tuple\s*###\s*(|\S.*)$/.exec(s);
      if (m) pendingTuple = m[1].trim();
      continue;
    }
    const marker = (reason: string): UnknownMarker => ({ file, line: lineNo, text: s, reason });
    if (s.startsWith("*")) {
      const name = s.slice(1).trim();
      table = res.tables.get(name) ?? { name, line: lineNo, chains: new Map() };
      res.tables.set(name, table);
      continue;
    }
    if (s === "COMMIT") {
      table = null;
      continue;
    }
    if (!table) {
      res.fatal ??= marker("a rule outside a *table ... COMMIT block");
      continue;
    }
    if (s.startsWith(":")) {
      const parts = s.slice(1).split(/\s+/);
      const c = ensureChain(table, parts[0]);
      c.policy = parts[1] && parts[1] !== "-" ? parts[1].toUpperCase() : null;
      c.line = lineNo;
      continue;
    }
    const counters = /^\[\d+:\d+\]\s+/.exec(s);
    if (counters) s = s.slice(counters[0].length);
    const args = splitArgs(s);
    const cmd = args[0];
    const tname = table.name;
    const userChain = (name: string): string | null =>
      declared.get(tname)?.has(name) || table!.chains.has(name) ? `${family}:${tname}:${name}` : null;
    if (cmd === "-N" || cmd === "--new-chain") {
      ensureChain(table, args[1] ?? "").line = lineNo;
      continue;
    }
    if (cmd === "-P" || cmd === "--policy") {
      const c = ensureChain(table, args[1] ?? "");
      c.policy = (args[2] ?? "ACCEPT").toUpperCase();
      c.line = lineNo;
      continue;
    }
    if (cmd === "-F" || cmd === "--flush") {
      if (args[1]) ensureChain(table, args[1]).rules = [];
      else for (const c of table.chains.values()) c.rules = [];
      continue;
    }
    if (cmd === "-X" || cmd === "-Z") continue;
    if (cmd === "-A" || cmd === "--append" || cmd === "-I" || cmd === "--insert") {
      const chain = ensureChain(table, args[1] ?? "");
      let rest = args.slice(2);
      let pos = cmd === "-A" || cmd === "--append" ? -1 : 0;
      if (pos === 0 && rest[0] && /^\d+$/.test(rest[0])) {
        pos = Number(rest[0]) - 1;
        rest = rest.slice(1);
      }
      const parsed = parseRuleArgs(rest, family, userChain);
      const rule: Rule = { src: srcRef(file, lineNo, s), conds: parsed.conds, verdict: parsed.verdict };
      if (pendingTuple !== null) res.tuples.set(lineNo, pendingTuple);
      if (pos < 0) chain.rules.push(rule);
      else chain.rules.splice(Math.min(pos, chain.rules.length), 0, rule);
      continue;
    }
    if (cmd === "-D" || cmd === "--delete" || cmd === "-R" || cmd === "--replace") {
      res.fatal ??= marker(`${cmd} (deleting or replacing rules) is not modelled`);
      continue;
    }
    res.fatal ??= marker("not iptables-save syntax");
  }
  return res;
}

/** Chain id used in rulesets built from iptables-save files. */
export function iptChainId(family: Family, table: string, chain: string): string {
  return `${family}:${table}:${chain}`;
}

/** Adds the chains of a parsed file to a ruleset; returns the base chains of the input path. */
export function addIptablesChains(rs: Ruleset, p: IptablesParsed): BaseChain[] {
  const bases: BaseChain[] = [];
  for (const t of p.tables.values()) {
    for (const c of t.chains.values()) {
      const chain: Chain = { id: iptChainId(p.family, t.name, c.name), rules: c.rules };
      rs.chains.set(chain.id, chain);
    }
    const path = INPUT_PATH[t.name];
    if (!path) {
      rs.markers.push({ file: p.file, line: t.line, text: `*${t.name}`, reason: `table ${t.name} is not on the input path; skipped` });
      continue;
    }
    for (const name of path) {
      const c = t.chains.get(name);
      if (!c) continue;
      const pol = (c.policy ?? "ACCEPT").toUpperCase();
      bases.push({
        chain: iptChainId(p.family, t.name, name),
        families: [p.family],
        policy: pol === "DROP" ? "drop" : pol === "REJECT" ? "reject" : "accept",
        because: { policy: `${name} policy ${pol} (table ${t.name})`, file: p.file, line: c.line || t.line },
      });
    }
  }
  return bases;
}

/** A ruleset from iptables-save files (one per family). */
export function iptablesRuleset(files: IptablesParsed[]): Ruleset {
  const rs = emptyRuleset("iptables");
  for (const p of files) {
    rs.files.push(p.file);
    if (p.fatal) rs.fatal ??= p.fatal;
    rs.markers.push(...p.markers);
    rs.bases.push(...addIptablesChains(rs, p));
  }
  return rs;
}
