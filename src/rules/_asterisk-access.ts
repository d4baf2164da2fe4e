/**
 * Shared by the Asterisk exposure rules (ami-exposed, http-exposed, ...): which sources of each
 * family can reach a listener, a URI behind http.conf restrictions, and a user behind its ACL.
 * Not a rule (the leading underscore keeps it out of the generated registry).
 */
import type { RelatedLocation } from "../core/types.js";
import { aclReach, describeAcl, onlyOtherFamily, type Acl } from "../asterisk/acl.js";
import { type IvSet, EMPTY, ivIntersect, ivIsEmpty, ivUnion, isLarge, nonLocalSources } from "../firewall/addr-set.js";
import { firewallNote, listenerReach, type AsteriskAccessSet, type ListenerReach } from "../model/asterisk-access.js";
import type { AsteriskListener, SystemModel } from "../model/model.js";
import { formatAddress } from "../net/socket-address.js";
import { locRelated } from "./helpers.js";

export interface Channel {
  /** "AMI server [::]:5038" */
  label: string;
  listener: AsteriskListener;
  reach: ListenerReach;
  /** Sources per family that get past the listener's firewall and http.conf restrictions. */
  sources: Map<4 | 6, IvSet>;
  /** Restriction sections that narrowed this channel. */
  restrictedBy: string[];
}

/** Open families of a listener: sources that get through (every non-loopback source when open). */
export function channel(model: SystemModel, l: AsteriskListener, restrict?: { set: AsteriskAccessSet; uris: string[] }): Channel | null {
  const reach = listenerReach(model, l);
  if (!reach) return null;
  const sources = new Map<4 | 6, IvSet>();
  const restrictedBy: string[] = [];
  for (const f of reach.families) {
    if (!f.open) continue;
    let s = nonLocalSources(f.family);
    if (restrict) {
      const r = uriSources(restrict.set, restrict.uris, f.family);
      s = ivIntersect(s, r.sources);
      for (const n of r.by) if (!restrictedBy.includes(n)) restrictedBy.push(n);
    }
    if (!ivIsEmpty(s)) sources.set(f.family, s);
  }
  if (sources.size === 0) return null;
  return { label: `${l.label} ${formatAddress(reach.address)}`, listener: l, reach, sources, restrictedBy };
}

/**
 * Sources of one family that may request any of the URIs: every `type = restriction` whose path
 * is a prefix of the URI (with or without the http.conf prefix) must admit them (main/http.c: any
 * applicable restriction that denies wins).
 */
function uriSources(set: AsteriskAccessSet, uris: string[], family: 4 | 6): { sources: IvSet; by: string[] } {
  let out: IvSet = EMPTY;
  const by: string[] = [];
  for (const uri of uris) {
    let s = nonLocalSources(family);
    const full = [uri, `${set.httpPrefix}${uri}`];
    for (const r of set.restrictions) {
      if (!full.some((u) => u.startsWith(r.path))) continue;
      s = ivIntersect(s, aclReach(r.acl, family).admitted);
      by.push(`[${r.path}] type = restriction (${describeAcl(r.acl)})`);
    }
    out = ivUnion(out, s);
  }
  return { sources: out, by };
}

export const AMI_HTTP_URIS = ["/manager", "/rawman", "/mxml", "/amanager", "/arawman", "/amxml"];
export const ARI_URIS = ["/ari"];

/** Families in which an ACL lets strangers (most of the address space) through a channel. */
export function strangerFamilies(acl: Acl, ch: Channel): (4 | 6)[] {
  const out: (4 | 6)[] = [];
  for (const [family, s] of ch.sources) {
    const admitted = ivIntersect(aclReach(acl, family).admitted, s);
    if (!ivIsEmpty(admitted) && isLarge(admitted, family)) out.push(family);
  }
  return out;
}

/** One line on how an ACL decides for a family. */
export function aclNote(acl: Acl, family: 4 | 6, who: string): string {
  if (acl.lists.length === 0) return `${who} has no permit/deny/acl lines, so every address is allowed`;
  const unresolved = acl.lists.filter((l) => l.unresolved);
  const parts: string[] = [];
  if (onlyOtherFamily(acl, family) && unresolved.length === 0)
    parts.push(`${who}'s ACL (${describeAcl(acl)}) has only IPv${family === 6 ? 4 : 6} rules, which Asterisk skips for ${family === 6 ? "native IPv6" : "IPv4"} clients`);
  else parts.push(`${who}'s ACL (${describeAcl(acl)}) admits most IPv${family} addresses`);
  for (const u of unresolved) parts.push(`acl = ${u.name} could not be resolved: ${u.unresolved}; astlint does not count it as a restriction`);
  return parts.join("; ");
}

/**
 * Why the ports are open, once: "no active firewall ... filters ports 5038 and 8088" when no
 * firewall applies, else one line per firewall verdict.
 */
export function firewallNotes(model: SystemModel, via: { ch: Channel; families: (4 | 6)[] }[]): string[] {
  const none: string[] = [];
  const notes: string[] = [];
  for (const { ch, families } of via) {
    for (const f of ch.reach.families) {
      if (!families.includes(f.family)) continue;
      const port = ch.reach.address.port;
      if (!f.firewall || f.firewall.perFirewall.length === 0) {
        const t = `${port}/IPv${f.family}`;
        if (!none.includes(t)) none.push(t);
        continue;
      }
      const n = firewallNote(model, f, port);
      if (!notes.includes(n)) notes.push(n);
    }
  }
  if (none.length) {
    const off = model.firewalls().loaded.filter((l) => !l.active).map((l) => `${l.kind} (${l.activity})`);
    notes.unshift(`no active firewall astlint can read (nftables, iptables, ufw, firewalld) filters ${none.join(", ")}${off.length ? `; not counted: ${off.join(", ")}` : ""}`);
  }
  return notes;
}

export function fams(f: (4 | 6)[]): string {
  return [...new Set(f)].sort().map((x) => `IPv${x}`).join(" and ");
}

/** Related locations of a listener's config lines (bindaddr, port, enabled). */
export function listenerLines(l: AsteriskListener): RelatedLocation[] {
  return l.origins.filter((o) => o.loc).map((o) => locRelated(o.loc!, `${o.what} = ${o.value}`));
}

/** Where a listener's address came from, for messages: `bindaddr = 0.0.0.0` or `no bindaddr (default [::])`. */
export function bindText(l: AsteriskListener): string {
  const b = l.origins.find((o) => o.what === "bindaddr" || o.what === "tlsbindaddr");
  if (!b) return "";
  if (b.loc) return `${b.what} = ${b.value}`;
  const why = (b.note ?? "").replace(/^default:?\s*/, "").replace(/^\((.*)\)$/, "$1");
  return b.value ? `no ${b.what}, so ${b.value}${why ? `: ${why}` : ""}` : `no ${b.what}, so ${why || "the default"}`;
}
