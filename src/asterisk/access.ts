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
import type { AstSection, AstVar, AsteriskConfig } from "./config-loader.js";
import { type Acl, type HaRule, type NamedAclSource, lastMatchSet, parseHaValue, sectionAcl } from "./acl.js";
import { classifyConfig } from "./schema.js";
import { astTrue } from "./option-types.js";
import type { Family, IvSet } from "../firewall/addr-set.js";


/** A config Asterisk reads (exists, valid). */
export function usable(c: AsteriskConfig | null): AsteriskConfig | null {
  return c && c.exists && !c.invalid ? c : null;
}

/** Write classes that take over the PBX (main/manager.c perms[]: system, command, config, originate, all). */
const DANGEROUS_WRITE = ["system", "command", "config", "originate", "all"];

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

/**
 * ARI's objects as res_ari loads them at the target version (src/asterisk/schema.ts): from 20 a
 * sorcery `general` object (a [general] with `type = general`, or without `type` and only keys
 * ARI knows) and `type = user` objects; at 18 an aco [general] by name.
 */
export function readAri(ari: AsteriskConfig | null, named: NamedAclSource, target: number): AriAccess {
  const out: AriAccess = { enabled: false, why: "", general: null, allowedOrigins: null, users: [] };
  const a = usable(ari);
  if (!a) {
    out.why = ari?.exists ? `${ari.display} is invalid, so res_ari loads no configuration` : "there is no ari.conf";
    return out;
  }
  const objects = classifyConfig(a, target) ?? [];
  const general = objects.find((o) => o.kind?.object === "general") ?? null;
  out.general = general?.section ?? a.section("general") ?? null;
  const enabled = general?.option("enabled");
  if (enabled && !enabled.isDefault && !astTrue(enabled.value)) {
    out.why = `${enabled.loc!.file}:${enabled.loc!.line} has enabled = ${enabled.value}`;
  } else if (target >= 20 && !general) {
    const failed = objects.find((o) => o.name.toLowerCase() === "general");
    out.why = failed
      ? `${a.display} [general] has no type = general and holds ${failed.foreignKeys?.length ? `'${failed.foreignKeys[0].key}', a key ARI does not know` : "no loadable settings"}, so it does not load and ARI is off (20+)`
      : `${a.display} has no [general], and from 20 ARI is off without one`;
  } else {
    out.enabled = true;
    out.why = enabled && !enabled.isDefault ? `${enabled.loc!.file}:${enabled.loc!.line} enabled = ${enabled.value}` : `ARI is on by default once ${a.display} loads`;
  }
  out.allowedOrigins = general?.option("allowed_origins")?.variable ?? null;
  for (const o of objects) {
    if (o.kind?.object !== "user") continue;
    const fmt = o.option("password_format");
    out.users.push({
      name: o.name,
      section: o.section,
      password: o.section.get("password") ?? null,
      format: (fmt?.value || "plain").toLowerCase(),
      formatVar: fmt?.variable ?? null,
      acl: target >= 20 ? sectionAcl(o.section.vars, named) : { lists: [], invalid: null },
    });
  }
  return out;
}

export interface PjsipIdentify {
  /** The identify's name when it is not its section's (a pjsip_wizard.conf `NAME-identify`). */
  name?: string;
  section: AstSection;
  endpoint: string;
  matches: AstVar[];
  /** Addresses the `match` lines cover, per family (host names are not resolved). */
  sets: Record<Family, IvSet>;
}

export interface PjsipEndpoint {
  name: string;
  section: AstSection;
  /** Made by a pjsip_wizard.conf section (res_pjsip_config_wizard), not a pjsip.conf one. */
  wizard?: boolean;
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
  const rules: HaRule[] = [];
  for (const v of vars) {
    for (const element of v.value.split(",")) {
      const r = parseHaValue("permit", element.trim().replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1"), v.loc);
      if (r) rules.push(...r);
    }
  }
  const of = (family: Family) => lastMatchSet(rules.filter((r) => r.family === family).map((r) => ({ set: r.set, yes: r.sense === "permit" })), family, false);
  return { 4: of(4), 6: of(6) };
}

/** A comma-separated list, lower-cased, blanks dropped (identify_by, endpoint_identifier_order). */
function lowerList(v: string): string[] {
  return v.split(",").map((x) => x.trim().toLowerCase()).filter((x) => x !== "");
}

/**
 * The endpoints res_pjsip_config_wizard makes from pjsip_wizard.conf (res/res_pjsip_config_wizard.c
 * at 22.x). Every non-template section that sorcery's `type=^wizard$` filter selects (the same
 * classification as the option rules) gives endpoint NAME, the last such section of a name
 * winning (each updates the objects of the one before). The endpoint has the `endpoint/` options
 * (the prefix compared case-sensitively, as ast_begins_with() does), and `auth = NAME-iauth` on
 * top when `accepts_auth` is true. Unless `accepts_registrations` is true, an identify
 * NAME-identify is made, only when `remote_hosts` lists a host ("must have 'remote_hosts' if it
 * doesn't accept registrations" otherwise): it matches `identify/match`, else each remote host cut
 * at its first ':' (a port; an IPv6 address keeps only its first group, as Asterisk does).
 * The identify follows every section of the name in order (accepts_registrations deletes it, a
 * section without remote_hosts leaves it). readPjsip() attaches pjsip.conf's identifies that name
 * a wizard endpoint, and a wizard's identify to pjsip.conf's endpoint of the same name.
 */
function wizardEndpoints(wizard: AsteriskConfig, target: number): { endpoints: PjsipEndpoint[]; identifies: Map<string, PjsipIdentify> } {
  const endpoints: PjsipEndpoint[] = [];
  const last = new Map<string, AstSection>();
  // Each section runs the identify handler in file order: accepts_registrations deletes the
  // identify, a section without remote_hosts fails before touching it, any other makes it anew.
  const identifies = new Map<string, PjsipIdentify>();
  for (const o of classifyConfig(wizard, target) ?? []) {
    if (o.kind?.object !== "wizard") continue;
    const s = o.section;
    last.set(s.name, s);
    if (astTrue(s.get("accepts_registrations")?.value)) {
      identifies.delete(s.name);
      continue;
    }
    const remote = s.get("remote_hosts");
    const hosts = remote ? remote.value.split(",").map((h) => h.trim()).filter((h) => h !== "") : [];
    if (!remote || hosts.length === 0) continue;
    const own = s.vars.filter((v) => v.key.startsWith("identify/") && v.key.slice("identify/".length).toLowerCase() === "match");
    const matches = own.length > 0 ? own : [{ ...remote, value: hosts.map((h) => h.split(":")[0]!).join(",") }];
    identifies.set(s.name, { name: `${s.name}-identify`, section: s, endpoint: s.name, matches, sets: matchSets(matches) });
  }
  for (const s of last.values()) {
    /** The last `PREFIX/name` variable (prefix case-sensitive, name as sorcery reads it: case-insensitive). */
    const sub = (prefix: string, name: string): AstVar | undefined => {
      let found: AstVar | undefined;
      for (const v of s.vars) if (v.key.startsWith(prefix) && v.key.slice(prefix.length).toLowerCase() === name) found = v;
      return found;
    };
    const ib = sub("endpoint/", "identify_by");
    const ctx = sub("endpoint/", "context");
    const accepts = astTrue(s.get("accepts_auth")?.value) ? s.get("accepts_auth") : undefined;
    const endpointAuth = sub("endpoint/", "auth");
    const identify = identifies.get(s.name);
    endpoints.push({
      name: s.name,
      section: s,
      wizard: true,
      auth: accepts ?? (endpointAuth && endpointAuth.value.trim() !== "" ? endpointAuth : null),
      identifyBy: lowerList(ib?.value || "username,ip"),
      identifyByVar: ib ?? null,
      context: ctx?.value || "default",
      contextVar: ctx ?? null,
      identifies: identify ? [identify] : [],
    });
  }
  return { endpoints, identifies };
}

/**
 * PJSIP's objects as sorcery loads them (src/asterisk/schema.ts), with their effective values;
 * with pjsip_wizard.conf, the endpoints its wizards make as well.
 */
export function readPjsip(pjsip: AsteriskConfig | null, target: number, wizard: AsteriskConfig | null = null): PjsipAccess {
  const out: PjsipAccess = { endpoints: [], transports: [], identifierOrder: ["ip", "username", "anonymous"], identifierOrderVar: null };
  const p = usable(pjsip);
  if (!p) return out;
  const objects = classifyConfig(p, target) ?? [];
  for (const o of objects) {
    if (o.kind?.object !== "global") continue;
    const order = o.option("endpoint_identifier_order");
    if (order) {
      out.identifierOrder = lowerList(order.value);
      out.identifierOrderVar = order.variable ?? null;
    }
  }
  const identifies: PjsipIdentify[] = [];
  for (const o of objects) {
    if (o.kind?.object !== "identify") continue;
    const ep = o.option("endpoint");
    if (!ep || ep.value === "") continue;
    const matches = o.section.vars.filter((v) => v.key.toLowerCase() === "match");
    identifies.push({ section: o.section, endpoint: ep.value, matches, sets: matchSets(matches) });
  }
  // Per endpoint name, in file order (a filter per endpoint was quadratic with thousands of identifies).
  const identifiesOf = new Map<string, PjsipIdentify[]>();
  for (const i of identifies) {
    const l = identifiesOf.get(i.endpoint);
    if (l) l.push(i);
    else identifiesOf.set(i.endpoint, [i]);
  }
  for (const o of objects) {
    if (o.kind?.object === "transport") {
      out.transports.push({ name: o.name, section: o.section, bind: o.option("bind")?.variable ?? null, protocol: (o.option("protocol")?.value || "udp").toLowerCase() });
      continue;
    }
    if (o.kind?.object !== "endpoint") continue;
    const auth = o.option("auth");
    const ib = o.option("identify_by");
    const ctx = o.option("context");
    out.endpoints.push({
      name: o.name,
      section: o.section,
      auth: auth?.variable && auth.value.trim() !== "" ? auth.variable : null,
      identifyBy: lowerList(ib?.value || "username,ip"),
      identifyByVar: ib?.variable ?? null,
      context: ctx?.value || "default",
      contextVar: ctx?.variable ?? null,
      identifies: identifiesOf.get(o.name) ?? [],
    });
  }
  const w = usable(wizard);
  if (w) {
    // A wizard's endpoint yields to pjsip.conf's of the same name (sorcery finds the config
    // store's first), but the identify the wizard makes still points at that name.
    const made = wizardEndpoints(w, target);
    const byName = new Map(out.endpoints.map((e) => [e.name, e]));
    for (const e of made.endpoints) {
      const taken = byName.get(e.name);
      if (taken) {
        const id = made.identifies.get(e.name);
        if (id) taken.identifies.push(id);
        continue;
      }
      e.identifies.unshift(...(identifiesOf.get(e.name) ?? []));
      out.endpoints.push(e);
    }
  }
  return out;
}

export interface ContextDial {
  /** The context's section in extensions.conf, or null when it defines none. */
  section: AstSection | null;
  /** The first Dial() to a channel technology that reaches other networks, in the context or a context it includes. */
  dial: { line: AstVar; context: string } | null;
}

const OUTBOUND_DIAL = /\bDial\s*\(\s*(?:PJSIP|SIP|IAX2|DAHDI)\//i;

/** What a call entering `name` can do, read from extensions.conf (pbx_config): `include =>` followed up to 10 levels. */
export function contextDial(extensions: AsteriskConfig | null, name: string): ContextDial | null {
  const e = usable(extensions);
  if (!e) return null;
  const section = e.section(name) ?? null;
  if (!section) return { section: null, dial: null };
  const seen = new Set<string>();
  const walk = (ctx: string, depth: number): ContextDial["dial"] => {
    const key = ctx.toLowerCase();
    if (depth > 10 || seen.has(key)) return null;
    seen.add(key);
    const sec = e.section(ctx);
    if (!sec) return null;
    for (const v of sec.vars) {
      const k = v.key.toLowerCase();
      if ((k === "exten" || k === "same") && OUTBOUND_DIAL.test(v.value)) return { line: v, context: sec.name };
    }
    for (const v of sec.vars) {
      if (v.key.toLowerCase() !== "include") continue;
      const target = v.value.split("|")[0].split(",")[0].trim();
      const hit = walk(target, depth + 1);
      if (hit) return hit;
    }
    return null;
  };
  return { section, dial: walk(name, 0) };
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

