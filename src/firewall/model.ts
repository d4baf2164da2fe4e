/**
 * The one representation every firewall reader produces (nftables, iptables-save, ufw and
 * firewalld all compile to it): chains of rules, each rule a conjunction of conditions and a
 * verdict, and base chains that every incoming packet of a family crosses. The evaluator
 * (evaluate.ts) walks it; the readers never decide reachability themselves.
 */
import type { Family, IvSet } from "./addr-set.js";
import { lookupTable } from "../core/lookup-table.js";

export type FirewallKind = "nftables" | "iptables" | "ufw" | "firewalld";

export type ReachVerdict = "unrestricted" | "restricted" | "blocked" | "unknown";

/** The place that decides: a rule (file, line, its text) or a policy/default. */
export type Because = { file: string; line: number; text: string } | { policy: string; file: string; line: number };

/** Where a rule was written. `text` is the source line (trimmed). */
export interface SrcRef {
  file: string;
  line: number;
  text: string;
}

/** Something a reader did not understand, with its place. */
export interface UnknownMarker {
  file: string;
  line: number;
  text: string;
  reason: string;
}

export type Cond =
  /** Layer-4 protocol (lower-case names: tcp, udp, icmp, ipv6-icmp, ...). */
  | { kind: "l4proto"; protos: string[]; negate: boolean }
  /** Destination port (the rule's own protocol is a separate l4proto condition). */
  | {
      kind: "dport";
      ranges: [number, number][];
      negate: boolean;
      /** When the port is not in the ranges, the rule may still match (iptables --ports): why. */
      otherwise?: string;
    }
  /** The packet's address family. */
  | { kind: "family"; family: Family }
  /** Source or destination address of one family (a packet of the other family never matches). */
  | { kind: "addr"; dir: "src" | "dst"; family: Family; set: IvSet; negate: boolean }
  /** Input interface, exact names. */
  | { kind: "iface"; names: string[]; negate: boolean }
  /** Conntrack state (lower-case: new, established, related, invalid, untracked). */
  | { kind: "ctstate"; states: string[]; negate: boolean }
  /** Decided by the reader for a new TCP connection from another host (e.g. `tcp flags syn`, `limit rate over`). */
  | { kind: "const"; value: boolean; why: string }
  /** Not understood: the evaluator tries both "matches" and "does not match". */
  | { kind: "unknown"; reason: string };

export type Verdict =
  | { kind: "accept" | "drop" | "reject" | "return" | "none" }
  | { kind: "jump" | "goto"; chain: string }
  /** An action astlint does not model (dnat, queue, ...): tried as accept, drop and no-op. */
  | { kind: "unknown"; reason: string };

export interface Rule {
  src: SrcRef;
  conds: Cond[];
  verdict: Verdict;
  /** Set on synthetic rules that stand for a default (a zone target): reported as a policy. */
  policy?: string;
}

export interface Chain {
  /** Unique key (readers qualify names with their table). */
  id: string;
  rules: Rule[];
}

export interface BaseChain {
  chain: string;
  families: Family[];
  /** Only packets arriving on these interfaces cross the chain (netdev ingress); others pass. */
  devices?: string[];
  policy: "accept" | "drop" | "reject";
  because: { policy: string; file: string; line: number };
}

export interface Ruleset {
  firewall: FirewallKind;
  bases: BaseChain[];
  chains: Map<string, Chain>;
  /** A problem that makes the whole rule set impossible to evaluate (the first one). */
  fatal: UnknownMarker | null;
  /** Things not understood that do not matter (skipped blocks...), for debug output. */
  markers: UnknownMarker[];
  /** Files read, display paths. */
  files: string[];
  /** Why a family has no base chain (e.g. "no rules.v6"); used when none applies. */
  missingFamily: Partial<Record<Family, Because>>;
}

export function emptyRuleset(firewall: FirewallKind): Ruleset {
  return { firewall, bases: [], chains: new Map(), fatal: null, markers: [], files: [], missingFamily: {} };
}

/** Well-known protocol numbers, for readers that see numbers. */
const PROTO_NUMBERS: Record<string, string> = lookupTable({
  "1": "icmp",
  "2": "igmp",
  "6": "tcp",
  "17": "udp",
  "33": "dccp",
  "47": "gre",
  "50": "esp",
  "51": "ah",
  "58": "ipv6-icmp",
  "132": "sctp",
  "136": "udplite",
});

export function normalizeProto(p: string): string {
  const l = p.toLowerCase();
  if (PROTO_NUMBERS[l]) return PROTO_NUMBERS[l];
  if (l === "icmpv6" || l === "ipv6-icmp" || l === "icmp6") return "ipv6-icmp";
  return l;
}

/** Common service names from /etc/services that firewalls accept in place of a port number. */
const SERVICE_PORTS: Record<string, number> = lookupTable({
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  http: 80,
  www: 80,
  pop3: 110,
  sunrpc: 111,
  imap: 143,
  imap2: 143,
  ldap: 389,
  https: 443,
  submission: 587,
  ldaps: 636,
  imaps: 993,
  pop3s: 995,
  mysql: 3306,
  postgresql: 5432,
  sip: 5060,
  "sip-tls": 5061,
  "http-alt": 8080,
  webcache: 8080,
});

/** Parses a port number or service name; null when neither. */
function portNumber(text: string): number | null {
  if (/^\d{1,5}$/.test(text)) {
    const n = Number(text);
    return n <= 65535 ? n : null;
  }
  return SERVICE_PORTS[text.toLowerCase()] ?? null;
}

/** Parses `P`, `A-B` or `A:B` (iptables) into a range; null when not a port or range. */
export function portRange(text: string): [number, number] | null {
  const m = /^([^:-]*)(?:[-:]([^:-]*))?$/.exec(text);
  if (!m || (m[1] === "" && m[2] === undefined)) return null;
  const lo = m[1] === "" ? 0 : portNumber(m[1]);
  if (lo === null) return null;
  if (m[2] === undefined) return [lo, lo];
  const hi = m[2] === "" ? 65535 : portNumber(m[2]);
  if (hi === null || hi < lo) return null;
  return [lo, hi];
}

export function srcRef(file: string, line: number, text: string): SrcRef {
  return { file, line, text: text.trim() };
}
