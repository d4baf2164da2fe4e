/**
 * Asterisk's host ACLs, evaluated as Asterisk evaluates them (main/acl.c at 22.x):
 *
 * - `permit`/`deny` lines are appended, in file order, to an unnamed rule list; each `acl = name`
 *   (a comma list of names) adds a named list from acl.conf (`ast_append_acl()`).
 * - One list is evaluated by `ast_apply_ha()`: start from ALLOW, every rule whose network
 *   contains the address sets the result, so the last matching rule wins.
 * - IPv4 rules apply to IPv4 clients (and IPv4-mapped ones, `::ffff:a.b.c.d`); native IPv6
 *   clients skip them. IPv6 rules apply to native IPv6 clients only.
 * - `ast_apply_acl()`: the client is rejected when ANY list denies it; no lists = everyone allowed.
 * - `ast_append_ha()`: a value is a comma list of `[!]addr[/mask]`; `!` inverts the sense of that
 *   element; the mask is a prefix length or a dotted/colon mask of the same family; no mask = one
 *   host. A value that does not parse makes the owner invalid (AMI deletes the user).
 *
 * Sets are computed per client family over the whole address space (src/firewall/addr-set.ts), so
 * "does this user admit anyone from another host" is set arithmetic, not a pattern match.
 */
import type { Location } from "../core/types.js";
import type { AstSection, AstVar, AsteriskConfig } from "./config-loader.js";
import { type Family, type IvSet, addrValue, familyMax, fullSet, ivFrom, ivIntersect, ivIsEmpty, isLarge, nonLocalSources } from "../firewall/addr-set.js";

export interface HaRule {
  sense: "permit" | "deny";
  family: Family;
  set: IvSet;
  /** The element as written (e.g. `0.0.0.0/0.0.0.0`). */
  text: string;
  loc: Location;
}

export interface AclList {
  /** null for the unnamed permit/deny list. */
  name: string | null;
  rules: HaRule[];
  /** For a named list: the acl.conf section, or why it could not be read. */
  source?: Location;
  unresolved?: string;
  /** The `acl =` line that named it (named lists) or the first permit/deny line. */
  loc: Location;
}

export interface Acl {
  lists: AclList[];
  /** A permit/deny value Asterisk cannot parse (the owner is rejected/deleted). */
  invalid: { loc: Location; text: string } | null;
}

/** Where named ACLs come from: acl.conf as loaded, or why it is unknown. */
export interface NamedAclSource {
  conf: AsteriskConfig | null;
  /** Why acl.conf cannot be read (repository without it, invalid file...), or null when it is usable. */
  unknown: string | null;
}

function maskFromText(text: string, family: Family): bigint | null {
  const bits = family === 4 ? 32 : 128;
  if (/^\d{1,3}$/.test(text)) {
    const n = Number(text);
    if (n > bits) return null;
    return n === 0 ? 0n : ((1n << BigInt(n)) - 1n) << BigInt(bits - n);
  }
  return addrValue(text, family);
}

/** The addresses a rule element covers: `(x & mask) == (net & mask)`. */
function maskedSet(net: bigint, mask: bigint, family: Family): IvSet {
  const bits = family === 4 ? 32 : 128;
  // A contiguous mask is one interval; a non-contiguous one (legal in Asterisk) is enumerated
  // by its zero bits when there are few, else approximated by its leading contiguous part.
  let len = 0;
  while (len < bits && (mask >> BigInt(bits - 1 - len)) & 1n) len++;
  const contiguous = len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(bits - len);
  const base = net & mask;
  if (mask === contiguous) {
    const host = (1n << BigInt(bits - len)) - 1n;
    return [[base, base | host]];
  }
  const zeroBits: number[] = [];
  for (let b = 0; b < bits; b++) if (!((mask >> BigInt(b)) & 1n)) zeroBits.push(b);
  if (zeroBits.length > 12) {
    const host = (1n << BigInt(bits - len)) - 1n;
    const lo = base & ~host & familyMax(family);
    return [[lo, lo | host]];
  }
  const out: [bigint, bigint][] = [];
  for (let k = 0; k < 1 << zeroBits.length; k++) {
    let v = base;
    zeroBits.forEach((b, i) => {
      if ((k >> i) & 1) v |= 1n << BigInt(b);
    });
    out.push([v, v]);
  }
  return ivFrom(out);
}

/**
 * ast_append_ha(): parses one permit/deny value, a comma list split without trimming. Each
 * element is `[!]addr[/mask]`; the address goes to a numeric parser that accepts no blanks (so
 * `a, b` makes ` b` invalid), an IPv4-mapped IPv6 address becomes IPv4, a mask with `.` or `:` is
 * an address of the same family, any other mask is read with sscanf("%d"). null when Asterisk
 * reports an error (the owner is then rejected: AMI deletes the user).
 */
export function parseHaValue(sense: "permit" | "deny", value: string, loc: Location): HaRule[] | null {
  const out: HaRule[] = [];
  for (const element of value.split(",")) {
    const slash = element.indexOf("/");
    let addrText = slash < 0 ? element : element.slice(0, slash);
    const maskText = slash < 0 ? null : element.slice(slash + 1);
    let s = sense;
    if (addrText.startsWith("!")) {
      s = sense === "permit" ? "deny" : "permit";
      addrText = addrText.slice(1);
    }
    if (addrText.startsWith("[") && addrText.endsWith("]")) addrText = addrText.slice(1, -1);
    let family: Family | null = addrValue(addrText, 4) !== null ? 4 : addrValue(addrText, 6) !== null ? 6 : null;
    if (family === null) return null;
    let net = addrValue(addrText, family)!;
    const mapped = family === 6 && net >> 32n === 0xffffn;
    if (mapped) {
      family = 4;
      net &= 0xffffffffn;
    }
    let mask: bigint | null;
    if (maskText === null) mask = familyMax(family);
    else if (/[.:]/.test(maskText)) {
      const m4 = addrValue(maskText, 4);
      const m6 = m4 === null ? addrValue(maskText, 6) : null;
      mask = family === 4 ? (m4 ?? (m6 !== null && m6 >> 32n === 0xffffn ? m6 & 0xffffffffn : null)) : m6 !== null && m6 >> 32n !== 0xffffn ? m6 : null;
    } else {
      const m = /^\s*([+-]?\d+)/.exec(maskText);
      mask = m ? maskFromText(String(Number(m[1])), family) : null;
      if (m && Number(m[1]) < 0) mask = null;
    }
    if (mask === null) return null;
    out.push({ sense: s, family, set: maskedSet(net, mask, family), text: element, loc });
  }
  return out;
}

/**
 * ast_append_acl(): every permit/deny line goes to the one unnamed (baseline) list at the head,
 * in file order; each name of an `acl =` line (a comma list, blanks skipped, duplicates ignored)
 * adds a named list at the tail.
 */
export function sectionAcl(vars: readonly AstVar[], named: NamedAclSource): Acl {
  const baseline: AclList = { name: null, rules: [], loc: vars[0]?.loc ?? ({} as Location) };
  const namedLists: AclList[] = [];
  let invalid: Acl["invalid"] = null;
  for (const v of vars) {
    const k = v.key.toLowerCase();
    if (k === "permit" || k === "deny") {
      const rules = parseHaValue(k, v.value, v.loc);
      if (rules === null) {
        invalid ??= { loc: v.loc, text: v.value };
        continue;
      }
      if (baseline.rules.length === 0) baseline.loc = v.loc;
      baseline.rules.push(...rules);
    } else if (k === "acl") {
      for (const raw of v.value.split(",")) {
        const name = raw.trim();
        if (name === "" || namedLists.some((l) => l.name!.toLowerCase() === name.toLowerCase())) continue;
        namedLists.push(resolveNamed(name, v.loc, named));
      }
    }
  }
  return { lists: baseline.rules.length ? [baseline, ...namedLists] : namedLists, invalid };
}

function resolveNamed(name: string, loc: Location, named: NamedAclSource): AclList {
  if (named.unknown !== null || !named.conf) {
    return { name, rules: [], loc, unresolved: named.unknown ?? "acl.conf could not be read" };
  }
  const sec: AstSection | undefined = named.conf.section(name);
  if (!sec) {
    return {
      name,
      rules: [],
      loc,
      unresolved: `${named.conf.display} has no [${name}] (it may be a realtime ACL, which astlint cannot see; a name Asterisk finds nowhere rejects every client)`,
    };
  }
  const rules: HaRule[] = [];
  for (const v of sec.vars) {
    const k = v.key.toLowerCase();
    if (k !== "permit" && k !== "deny") continue;
    const r = parseHaValue(k, v.value, v.loc);
    if (r) rules.push(...r);
  }
  return { name, rules, loc, source: sec.loc };
}

/**
 * The addresses whose LAST covering rule says yes (or, covered by none, `byDefault`): one sweep
 * over the rules' interval ends with a max-heap of the rules covering the current point, so a
 * list of n rules costs O(n log n), not n set operations.
 */
export function lastMatchSet(rules: readonly { set: IvSet; yes: boolean }[], family: Family, byDefault: boolean): IvSet {
  const max = familyMax(family);
  if (rules.length === 0) return byDefault ? fullSet(family) : [];
  // Events: at `at`, rule `i` starts (open) or stops covering (the point after its end).
  const events: { at: bigint; i: number; open: boolean }[] = [];
  rules.forEach((r, i) => {
    for (const [lo, hi] of r.set) {
      events.push({ at: lo, i, open: true });
      if (hi < max) events.push({ at: hi + 1n, i, open: false });
    }
  });
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const heap: number[] = [];
  const active = new Map<number, number>(); // rule index -> open interval count
  const push = (x: number) => {
    heap.push(x);
    for (let k = heap.length - 1; k > 0; ) {
      const p = (k - 1) >> 1;
      if (heap[p]! >= heap[k]!) break;
      [heap[p], heap[k]] = [heap[k]!, heap[p]!];
      k = p;
    }
  };
  const pop = () => {
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    for (let k = 0; ; ) {
      const l = 2 * k + 1;
      const r = l + 1;
      let m = k;
      if (l < heap.length && heap[l]! > heap[m]!) m = l;
      if (r < heap.length && heap[r]! > heap[m]!) m = r;
      if (m === k) break;
      [heap[m], heap[k]] = [heap[k]!, heap[m]!];
      k = m;
    }
  };
  const top = (): number | null => {
    while (heap.length && !active.get(heap[0]!)) pop();
    return heap.length ? heap[0]! : null;
  };
  const out: [bigint, bigint][] = [];
  let pos = 0n;
  let e = 0;
  while (pos <= max) {
    while (e < events.length && events[e]!.at === pos) {
      const ev = events[e++]!;
      const n = (active.get(ev.i) ?? 0) + (ev.open ? 1 : -1);
      active.set(ev.i, n);
      if (ev.open && n === 1) push(ev.i);
    }
    const next = e < events.length ? events[e]!.at : max + 1n;
    const t = top();
    const yes = t === null ? byDefault : rules[t]!.yes;
    if (yes) {
      const last = out[out.length - 1];
      if (last && last[1] + 1n === pos) last[1] = next - 1n;
      else out.push([pos, next - 1n]);
    }
    pos = next;
  }
  return out;
}

/** The client addresses of one family a rule list admits (ast_apply_ha: last match wins, from allow). */
function listAdmits(list: AclList, family: Family): IvSet {
  // IPv4 rules skip native IPv6 clients and vice versa.
  return lastMatchSet(list.rules.filter((r) => r.family === family).map((r) => ({ set: r.set, yes: r.sense === "permit" })), family, true);
}

/** The client addresses of one family the whole ACL admits (any list denying rejects). Unresolved names do not restrict. */
export function aclAdmits(acl: Acl, family: Family): IvSet {
  let allowed: IvSet = fullSet(family);
  for (const l of acl.lists) {
    if (l.unresolved) continue;
    allowed = ivIntersect(allowed, listAdmits(l, family));
  }
  return allowed;
}

export type AclVerdict = "everyone" | "restricted" | "loopback-only";

export interface AclReach {
  family: Family;
  verdict: AclVerdict;
  /** Non-loopback sources admitted. */
  admitted: IvSet;
}

/**
 * Whom from other hosts does the ACL admit over one client family? "everyone" when the admitted
 * non-loopback sources are most of the address space (a blacklist), "restricted" when they are a
 * few networks (a whitelist), "loopback-only" when none.
 */
const reachMemo = new WeakMap<Acl, Map<Family, AclReach>>();

export function aclReach(acl: Acl, family: Family): AclReach {
  let m = reachMemo.get(acl);
  if (!m) reachMemo.set(acl, (m = new Map()));
  const hit = m.get(family);
  if (hit) return hit;
  const admitted = ivIntersect(aclAdmits(acl, family), nonLocalSources(family));
  const verdict: AclVerdict = ivIsEmpty(admitted) ? "loopback-only" : isLarge(admitted, family) ? "everyone" : "restricted";
  const r = { family, verdict, admitted };
  m.set(family, r);
  return r;
}

/** Lines of the ACL that decide nothing for a family (for messages): IPv4-only rules seen by IPv6 clients. */
export function onlyOtherFamily(acl: Acl, family: Family): boolean {
  const rules = acl.lists.flatMap((l) => l.rules);
  return rules.length > 0 && rules.every((r) => r.family !== family);
}

/** How the ACL reads, for messages: `deny=0.0.0.0/0.0.0.0, permit=127.0.0.1/255.255.255.0`. */
export function describeAcl(acl: Acl): string {
  if (acl.lists.length === 0) return "no permit/deny/acl lines";
  const shown = (rules: HaRule[]) =>
    rules.slice(0, 6).map((r) => `${r.sense}=${r.text}`).join(", ") + (rules.length > 6 ? `, and ${rules.length - 6} more` : "");
  return acl.lists.map((l) => (l.name === null ? shown(l.rules) : `acl=${l.name}${l.unresolved ? " (unresolved)" : ""}`)).join("; ");
}
