/**
 * systemd's own per-unit IP firewall (`IPAddressAllow=` / `IPAddressDeny=`, cgroup eBPF):
 * a packet whose peer address is on the allow list passes; otherwise one on the deny list is
 * dropped; otherwise it passes. So an allow list without a deny list has no effect.
 * Entries: `ADDR[/PREFIXLEN]` of either family, or `any`, `localhost`, `link-local`, `multicast`.
 *
 * Pure: the caller gives the effective lists (after empty-assignment resets, specifiers
 * expanded). Lists on the unit's slice are not evaluated (the docs say so).
 */
import { type Family, type IvSet, addrFamily, ivIntersect, ivSize, ivSubtract, ivUnion, familyMax, isLarge, nonLocalSources, parseAddrSpec, EMPTY } from "./addr-set.js";
import { lookupTable } from "../core/lookup-table.js";

export type IpAccessVerdict = "unrestricted" | "restricted" | "blocked";

export interface IpAccessResult {
  verdict: IpAccessVerdict;
  /**
   * The entry that decides: for "blocked" the deny entry covering the most sources, for
   * "restricted" the allow entry letting the most through (or the deny entry when nothing is
   * allowed back), for "unrestricted" the allow entry that re-opens a denied range; null when
   * no entry decides (no lists, or only a few sources denied).
   */
  decisive: { list: "allow" | "deny"; entry: string } | null;
  /** Entries systemd ignores ("Address prefix is invalid, ignoring assignment"). */
  invalid: string[];
  /** An allow list (valid for some family) without any deny entry: it has no effect. */
  allowWithoutDeny: boolean;
}

const SYMBOLIC: Record<string, Record<Family, string[]>> = lookupTable({
  any: { 4: ["0.0.0.0/0"], 6: ["::/0"] },
  localhost: { 4: ["127.0.0.0/8"], 6: ["::1/128"] },
  "link-local": { 4: ["169.254.0.0/16"], 6: ["fe80::/64"] },
  multicast: { 4: ["224.0.0.0/4"], 6: ["ff00::/8"] },
});

/** Addresses of `family` an entry covers; null when the entry is invalid. */
export function ipAccessEntrySet(entry: string, family: Family): IvSet | null {
  const sym = SYMBOLIC[entry];
  if (sym) return sym[family].map((p) => parseAddrSpec(p, family)!);
  const fam = addrFamily(entry);
  if (!fam || entry.includes("-")) return null;
  if (entry.includes("/") && !/\/\d{1,3}$/.test(entry)) return null;
  const iv = parseAddrSpec(entry, fam);
  if (!iv) return null;
  return fam === family ? [iv] : EMPTY;
}

function entries(list: string[]): string[] {
  return list.flatMap((s) => s.split(/\s+/)).filter((s) => s !== "");
}

/** Decides, for one family, how a connection from another host fares against the lists. */
export function evaluateIpAddressAccess(allow: string[], deny: string[], family: Family): IpAccessResult {
  const universe = nonLocalSources(family);
  const max = familyMax(family);
  const invalid: string[] = [];
  const parse = (list: string[]) => {
    const out: { entry: string; set: IvSet }[] = [];
    for (const e of entries(list)) {
      const set = ipAccessEntrySet(e, family);
      if (set === null) invalid.push(e);
      else out.push({ entry: e, set: ivIntersect(set, universe) });
    }
    return out;
  };
  const a = parse(allow);
  const d = parse(deny);
  const allowSet = a.reduce<IvSet>((acc, x) => ivUnion(acc, x.set), EMPTY);
  const denySet = d.reduce<IvSet>((acc, x) => ivUnion(acc, x.set), EMPTY);
  const accepted = ivUnion(allowSet, ivSubtract(universe, denySet, max));
  const allowWithoutDeny = a.length > 0 && entries(deny).every((e) => ipAccessEntrySet(e, 4) === null && ipAccessEntrySet(e, 6) === null);
  const largest = (xs: { entry: string; set: IvSet }[], within: IvSet) => {
    let best: { entry: string; size: bigint } | null = null;
    for (const x of xs) {
      const s = ivSize(ivIntersect(x.set, within));
      if (s > 0n && (!best || s > best.size)) best = { entry: x.entry, size: s };
    }
    return best?.entry ?? null;
  };
  let verdict: IpAccessVerdict;
  let decisive: IpAccessResult["decisive"] = null;
  if (accepted.length === 0) {
    verdict = "blocked";
    const e = largest(d, universe);
    if (e) decisive = { list: "deny", entry: e };
  } else if (isLarge(accepted, family)) {
    verdict = "unrestricted";
    const reopened = ivIntersect(allowSet, denySet);
    const e = reopened.length ? largest(a, reopened) : null;
    if (e) decisive = { list: "allow", entry: e };
  } else {
    verdict = "restricted";
    const e = largest(a, accepted);
    if (e) decisive = { list: "allow", entry: e };
    else {
      const de = largest(d, universe);
      if (de) decisive = { list: "deny", entry: de };
    }
  }
  return { verdict, decisive, invalid, allowWithoutDeny };
}
