/**
 * Who may log in to an Asterisk, read from its configs as the modules read them (22.x unless
 * the target says otherwise):
 *
 * - AMI users: every non-template section of manager.conf other than [general]
 *   (main/manager.c `__init_manager()`), and until 22 the users.conf sections with
 *   `hasmanager = yes` (or `[general] hasmanager = yes` and none of their own); their `secret`,
 *   `read`, `write` and ACL (users.conf users have no ACL). Classes per `perms[]`/`get_perm()`.
 * - http.conf `type = restriction` sections (20+, main/http.c): a URI prefix with an ACL.
 * - ARI (res/ari/config.c, res/res_ari.c): `[general] enabled` (default yes; from 20 ARI is off
 *   unless a [general] object loads), `allowed_origins`, users (`type = user`, `password`,
 *   `password_format`, and from 20 `permit`/`deny`/`acl`).
 * - PJSIP (res/res_pjsip/config_global.c, pjsip_configuration.c, config_transport.c,
 *   res_pjsip_endpoint_identifier_*.c): endpoints with their `auth`, `identify_by`, `context`;
 *   identify sections with their `match`; the global `endpoint_identifier_order`; transports.
 *
 * Pure reading: no listener addresses, no firewalls (src/model/asterisk-access.ts adds those).
 */
import type { Location } from "../core/types.js";
import type { AstSection, AstVar, AsteriskConfig } from "./config-loader.js";
import { type Acl, type NamedAclSource, parseHaValue, sectionAcl } from "./acl.js";
import { type Family, type IvSet, familyMax, ivSubtract, ivUnion, EMPTY } from "../firewall/addr-set.js";


const TRUE = new Set(["yes", "true", "y", "t", "1", "on"]);
function astTrue(v: string | undefined): boolean {
  return v !== undefined && TRUE.has(v.toLowerCase());
}

/** A config Asterisk reads (exists, valid). */
export function usable(c: AsteriskConfig | null): AsteriskConfig | null {
  return c && c.exists && !c.invalid ? c : null;
}

/** Write classes that take over the PBX (main/manager.c perms[]: system, command, config, originate, all). */
export const DANGEROUS_WRITE = ["system", "command", "config", "originate", "all"];

export interface AmiUser {
  name: string;
  source: "manager.conf" | "users.conf";
  section: AstSection;
  secret: AstVar | null;
  /** The secret Asterisk keeps (users.conf: an empty secret is not set; [general] fills in). */
  secretValue: string | null;
  write: AstVar | null;
  /** Dangerous write classes granted (lower case). */
  dangerous: string[];
  acl: Acl;
}

export interface AmiAccess {
  users: AmiUser[];
  /** [general] webenabled = yes. */
  webenabled: AstVar | null;
}

function writeClasses(v: string | undefined): string[] {
  if (v === undefined) return [];
  const names = v.split(",").map((s) => s.trim().toLowerCase());
  return DANGEROUS_WRITE.filter((c) => names.includes(c));
}

export function readAmi(manager: AsteriskConfig | null, users: AsteriskConfig | null, named: NamedAclSource, target: number): AmiAccess {
  const out: AmiAccess = { users: [], webenabled: null };
  const m = usable(manager);
  if (!m) return out;
  const web = m.get("general", "webenabled");
  if (web && astTrue(web.value)) out.webenabled = web;
  const seen = new Set<string>();
  for (const s of m.sections) {
    if (s.template || s.name.toLowerCase() === "general") continue;
    const key = s.name.toLowerCase();
    if (seen.has(key)) continue; // a later section of the same name updates the same user; the first carries the lines we judge
    seen.add(key);
    const secret = s.get("secret") ?? null;
    const write = s.get("write") ?? null;
    out.users.push({ name: s.name, source: "manager.conf", section: s, secret, secretValue: secret ? secret.value : null, write, dangerous: writeClasses(write?.value), acl: sectionAcl(s.vars, named) });
  }
  const u = usable(users);
  if (u && target <= 22) {
    const general = u.section("general");
    const genHas = astTrue(general?.get("hasmanager")?.value);
    for (const s of u.sections) {
      if (s.template || s.name.toLowerCase() === "general") continue;
      if (seen.has(s.name.toLowerCase())) continue;
      const has = s.get("hasmanager");
      if (!((has === undefined && genHas) || astTrue(has?.value))) continue;
      seen.add(s.name.toLowerCase());
      const secret = s.get("secret") ?? general?.get("secret") ?? null;
      const write = s.get("write") ?? general?.get("write") ?? null;
      const secretValue = secret && secret.value !== "" ? secret.value : null;
      out.users.push({ name: s.name, source: "users.conf", section: s, secret, secretValue, write, dangerous: writeClasses(write?.value), acl: { lists: [], invalid: null } });
    }
  }
  return out;
}

export interface HttpRestriction {
  path: string;
  section: AstSection;
  acl: Acl;
}

/** http.conf `type = restriction` sections (20+). */
export function readHttpRestrictions(http: AsteriskConfig | null, named: NamedAclSource, target: number): HttpRestriction[] {
  const h = usable(http);
  if (!h || target < 20) return [];
  const out: HttpRestriction[] = [];
  for (const s of h.sections) {
    if (s.template || s.name.toLowerCase() === "general") continue;
    if (s.get("type")?.value.toLowerCase() !== "restriction") continue;
    out.push({ path: s.name, section: s, acl: sectionAcl(s.vars, named) });
  }
  return out;
}

/** The http.conf `prefix` (prepended to every URI). */
export function httpPrefix(http: AsteriskConfig | null): string {
  const p = usable(http)?.get("general", "prefix")?.value ?? "";
  return p === "" ? "" : p.startsWith("/") ? p : `/${p}`;
}

export interface AriUser {
  name: string;
  section: AstSection;
  password: AstVar | null;
  /** `plain` (default) or `crypt`; anything else is as written. */
  format: string;
  formatVar: AstVar | null;
  /** Per-user ACL (20+); empty before. */
  acl: Acl;
}

export interface AriAccess {
  /** ARI serves /ari (ari.conf loads and [general] enabled is not false). */
  enabled: boolean;
  /** Why ARI is off, or what keeps it on. */
  why: string;
  general: AstSection | null;
  allowedOrigins: AstVar | null;
  users: AriUser[];
}

/** [general] keys of ari.conf (res/ari/config.c general object). */
const ARI_GENERAL_KEYS = new Set(["type", "enabled", "pretty", "websocket_write_timeout", "auth_realm", "allowed_origins", "channelvars"]);

export function readAri(ari: AsteriskConfig | null, named: NamedAclSource, target: number): AriAccess {
  const out: AriAccess = { enabled: false, why: "", general: null, allowedOrigins: null, users: [] };
  const a = usable(ari);
  if (!a) {
    out.why = ari?.exists ? `${ari.display} is invalid, so res_ari loads no configuration` : "there is no ari.conf";
    return out;
  }
  const g = a.section("general") ?? null;
  out.general = g;
  let generalLoads = false;
  if (g) {
    const type = g.get("type")?.value.toLowerCase();
    generalLoads = type === "general" || (type === undefined && g.vars.every((v) => ARI_GENERAL_KEYS.has(v.key.toLowerCase())));
  }
  const enabled = g?.get("enabled");
  if (enabled && !astTrue(enabled.value)) {
    out.why = `${enabled.loc.file}:${enabled.loc.line} has enabled = ${enabled.value}`;
  } else if (target >= 20 && !generalLoads) {
    out.why = g
      ? `${a.display} [general] holds a key ARI does not know and no type = general, so it does not load and ARI is off (20+)`
      : `${a.display} has no [general], and from 20 ARI is off without one`;
  } else {
    out.enabled = true;
    out.why = enabled ? `${enabled.loc.file}:${enabled.loc.line} enabled = ${enabled.value}` : `ARI is on by default once ${a.display} loads`;
  }
  out.allowedOrigins = g?.get("allowed_origins") ?? null;
  for (const s of a.sections) {
    if (s.template || s === g) continue;
    if (s.get("type")?.value.toLowerCase() !== "user") continue;
    const fmt = s.get("password_format") ?? null;
    out.users.push({
      name: s.name,
      section: s,
      password: s.get("password") ?? null,
      format: (fmt?.value ?? "plain").toLowerCase(),
      formatVar: fmt,
      acl: target >= 20 ? sectionAcl(s.vars, named) : { lists: [], invalid: null },
    });
  }
  return out;
}

export interface PjsipIdentify {
  section: AstSection;
  endpoint: string;
  matches: AstVar[];
  /** Addresses the `match` lines cover, per family (host names are not resolved). */
  sets: Record<Family, IvSet>;
}

export interface PjsipEndpoint {
  name: string;
  section: AstSection;
  auth: AstVar | null;
  identifyBy: string[];
  identifyByVar: AstVar | null;
  context: string;
  contextVar: AstVar | null;
  identifies: PjsipIdentify[];
}

export interface PjsipTransport {
  name: string;
  section: AstSection;
  bind: AstVar | null;
  protocol: string;
}

export interface PjsipAccess {
  endpoints: PjsipEndpoint[];
  transports: PjsipTransport[];
  identifierOrder: string[];
  identifierOrderVar: AstVar | null;
}

/**
 * res_pjsip_endpoint_identifier_ip.c: `match` is a comma list of `[!]addr[/mask]` read with
 * ast_append_ha() (host names are resolved at load time: not judged here); a request matches when
 * the list, evaluated as an ACL, says "deny", i.e. when the last matching element is positive.
 */
function matchSets(vars: AstVar[]): Record<Family, IvSet> {
  const sets: Record<Family, IvSet> = { 4: EMPTY, 6: EMPTY };
  for (const v of vars) {
    for (const element of v.value.split(",")) {
      const rules = parseHaValue("permit", element.trim().replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1"), v.loc);
      for (const r of rules ?? []) sets[r.family] = r.sense === "permit" ? ivUnion(sets[r.family], r.set) : ivSubtract(sets[r.family], r.set, familyMax(r.family));
    }
  }
  return sets;
}

export function readPjsip(pjsip: AsteriskConfig | null): PjsipAccess {
  const out: PjsipAccess = { endpoints: [], transports: [], identifierOrder: ["ip", "username", "anonymous"], identifierOrderVar: null };
  const p = usable(pjsip);
  if (!p) return out;
  const typed = (s: AstSection) => (s.template ? "" : s.get("type")?.value ?? "");
  for (const s of p.sections) {
    if (typed(s) !== "global") continue;
    const o = s.get("endpoint_identifier_order");
    if (o) {
      out.identifierOrder = o.value.split(",").map((x) => x.trim().toLowerCase()).filter((x) => x !== "");
      out.identifierOrderVar = o;
    }
  }
  const identifies: PjsipIdentify[] = [];
  for (const s of p.sections) {
    if (typed(s) !== "identify") continue;
    const ep = s.get("endpoint");
    const matches = s.vars.filter((v) => v.key.toLowerCase() === "match");
    if (!ep) continue;
    identifies.push({ section: s, endpoint: ep.value, matches, sets: matchSets(matches) });
  }
  for (const s of p.sections) {
    const t = typed(s);
    if (t === "transport") {
      out.transports.push({ name: s.name, section: s, bind: s.get("bind") ?? null, protocol: (s.get("protocol")?.value ?? "udp").toLowerCase() });
      continue;
    }
    if (t !== "endpoint") continue;
    const auth = s.get("auth");
    const ib = s.get("identify_by") ?? null;
    const ctx = s.get("context") ?? null;
    out.endpoints.push({
      name: s.name,
      section: s,
      auth: auth && auth.value.trim() !== "" ? auth : null,
      identifyBy: (ib?.value ?? "username,ip").split(",").map((x) => x.trim().toLowerCase()).filter((x) => x !== ""),
      identifyByVar: ib,
      context: ctx?.value ?? "default",
      contextVar: ctx,
      identifies: identifies.filter((i) => i.endpoint === s.name),
    });
  }
  return out;
}

/** Is this a secret a stranger guesses? null when it is fine, else why. Placeholders are not judged. */
export function weakSecret(user: string, secret: string): string | null {
  if (/\{\{|\}\}|\$\{|^@[A-Z_]+@$|^__[A-Z_]+__$|^<[^>]*>$/.test(secret)) return null;
  if (secret === "") return "it is empty: a client logs in with an empty Secret";
  if (KNOWN_DEFAULTS.has(secret)) return `'${secret}' is a well-known default (${KNOWN_DEFAULTS.get(secret)})`;
  if (secret.toLowerCase() === user.toLowerCase()) return "it equals the user name";
  if ([...secret].length < 8) return `it is ${[...secret].length} character${[...secret].length === 1 ? "" : "s"} long (fewer than 8)`;
  return null;
}

/** Literal credentials shipped by Asterisk's samples and FreePBX (case-sensitive). */
const KNOWN_DEFAULTS = new Map<string, string>([
  ["amp111", "FreePBX's AMPMGRPASS in amportal.conf"],
  ["mysecret", "Asterisk's manager.conf.sample and pjsip.conf.sample"],
  ["1234", "Asterisk's users.conf.sample"],
  ["test password", "Asterisk's pjsip_wizard.conf.sample"],
  ["1234567890", "Asterisk's pjsip.conf.sample"],
]);

export type { Location };
