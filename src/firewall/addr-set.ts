/**
 * Sets of IP addresses as sorted, disjoint, non-adjacent inclusive intervals of bigint
 * (IPv4 as a 32-bit number, IPv6 as a 128-bit number), and the parsing of the address
 * notations firewalls use: `1.2.3.4`, `10.0.0.0/8`, `10.0.0.1-10.0.0.9`,
 * `192.168.0.0/255.255.0.0` (iptables), `fe80::/10`.
 */
import { parseIPv4, parseIPv6 } from "../net/socket-address.js";

export type Family = 4 | 6;

/** An inclusive interval [lo, hi]. */
export type Iv = readonly [bigint, bigint];
/** Normalized: sorted, disjoint, non-adjacent. */
export type IvSet = readonly Iv[];

export const EMPTY: IvSet = [];

export function familyMax(family: Family): bigint {
  return family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n;
}

export function fullSet(family: Family): IvSet {
  return [[0n, familyMax(family)]];
}

function normalize(ivs: Iv[]): IvSet {
  const sorted = ivs.filter((iv) => iv[0] <= iv[1]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}

export function ivFrom(ivs: Iv[]): IvSet {
  return normalize([...ivs]);
}

export function ivUnion(a: IvSet, b: IvSet): IvSet {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return normalize([...a, ...b]);
}

export function ivIntersect(a: IvSet, b: IvSet): IvSet {
  const out: Iv[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = a[i][0] > b[j][0] ? a[i][0] : b[j][0];
    const hi = a[i][1] < b[j][1] ? a[i][1] : b[j][1];
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

export function ivComplement(a: IvSet, max: bigint): IvSet {
  const out: Iv[] = [];
  let next = 0n;
  for (const [lo, hi] of a) {
    if (lo > next) out.push([next, lo - 1n]);
    next = hi + 1n;
  }
  if (next <= max) out.push([next, max]);
  return out;
}

export function ivSubtract(a: IvSet, b: IvSet, max: bigint): IvSet {
  if (a.length === 0 || b.length === 0) return a;
  return ivIntersect(a, ivComplement(b, max));
}

export function ivSize(a: IvSet): bigint {
  let n = 0n;
  for (const [lo, hi] of a) n += hi - lo + 1n;
  return n;
}

export function ivIsEmpty(a: IvSet): boolean {
  return a.length === 0;
}

/** The numeric value of an address; null when the text is not an address of that family. */
export function addrValue(text: string, family: Family): bigint | null {
  if (family === 4) {
    const p = parseIPv4(text);
    if (!p) return null;
    return BigInt(((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3]);
  }
  const g = parseIPv6(cut(text, "%"));
  if (!g) return null;
  let v = 0n;
  for (const x of g) v = (v << 16n) | BigInt(x);
  return v;
}

/** Family of an address text (without prefix), or null. */
export function addrFamily(text: string): Family | null {
  const bare = cut(cut(text, "/"), "-");
  if (parseIPv4(bare)) return 4;
  if (parseIPv6(cut(bare, "%"))) return 6;
  return null;
}

/** The text before the first `sep` (all of it when absent). */
function cut(text: string, sep: string): string {
  const i = text.indexOf(sep);
  return i < 0 ? text : text.slice(0, i);
}

function prefixInterval(base: bigint, len: number, family: Family): Iv | null {
  const bits = family === 4 ? 32 : 128;
  if (!Number.isInteger(len) || len < 0 || len > bits) return null;
  const hostBits = BigInt(bits - len);
  const mask = (1n << hostBits) - 1n;
  const lo = base & ~mask & familyMax(family);
  return [lo, lo | mask];
}

/**
 * Parses `ADDR`, `ADDR/LEN`, `ADDR/MASK` (IPv4 dotted mask), `ADDR-ADDR`, for one family.
 * Returns null when the text is not such an address of that family.
 */
export function parseAddrSpec(text: string, family: Family): Iv | null {
  const t = text.trim();
  if (t === "") return null;
  const dash = t.indexOf("-");
  if (dash > 0 && !t.includes("/")) {
    const lo = addrValue(t.slice(0, dash), family);
    const hi = addrValue(t.slice(dash + 1), family);
    if (lo === null || hi === null || lo > hi) return null;
    return [lo, hi];
  }
  const slash = t.indexOf("/");
  if (slash < 0) {
    const v = addrValue(t, family);
    return v === null ? null : [v, v];
  }
  const base = addrValue(t.slice(0, slash), family);
  if (base === null) return null;
  const rest = t.slice(slash + 1);
  if (/^\d{1,3}$/.test(rest)) return prefixInterval(base, Number(rest), family);
  if (family === 4) {
    const m = addrValue(rest, 4);
    if (m === null) return null;
    // A contiguous netmask only.
    let len = 0;
    while (len < 32 && (m >> BigInt(31 - len)) & 1n) len++;
    const expect = len === 0 ? 0n : (((1n << BigInt(len)) - 1n) << BigInt(32 - len));
    if (m !== expect) return null;
    return prefixInterval(base, len, 4);
  }
  return null;
}

/** Addresses that are on this host only (loopback): 127.0.0.0/8, ::1. */
function loopbackSet(family: Family): IvSet {
  return family === 4 ? [parseAddrSpec("127.0.0.0/8", 4)!] : [parseAddrSpec("::1", 6)!];
}

/** Every address a packet from another host can carry as its source (all but loopback). */
export function nonLocalSources(family: Family): IvSet {
  return ivSubtract(fullSet(family), loopbackSet(family), familyMax(family));
}

/**
 * Is the set "most of the address space"? Used to tell a port open to anyone except a few
 * (a blacklist: still unrestricted) from a port open to a few (a whitelist: restricted).
 */
export function isLarge(set: IvSet, family: Family): boolean {
  return ivSize(set) * 2n >= ivSize(nonLocalSources(family));
}
