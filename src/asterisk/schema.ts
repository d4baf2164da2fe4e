/**
 * The schema of Asterisk config files, version by version: which object kind each section of a
 * file is (sorcery `type=` criteria, aco category rules, hand-written loops), which keys each kind
 * takes with their type, default and version range, and what Asterisk does with an unknown key or
 * a bad value there. Tables: src/data/asterisk-{options,sections}.ts (generated from data/).
 *
 * Loader families (Asterisk main/config_options.c, main/sorcery.c, res/res_sorcery_config.c):
 * - sorcery (pjsip.conf, ari.conf from 20, stir_shaken.conf...): a section is an object of kind K
 *   when it has `type=K` (case-sensitive); a `single` kind also matches a section NAMED K without
 *   `type` when every key is a field of K (explicit_name). Unknown key or bad value: the object is
 *   not created. Sections that match no kind are skipped silently.
 * - aco (features.conf, confbridge.conf, cdr.conf...): sections are matched by name rules (exact,
 *   regex, blacklist) or a `type` match field (case-insensitive); an unmatched section, an unknown
 *   key or a bad value makes the whole file fail.
 * - hand-written loops (manager.conf, http.conf, asterisk.conf, logger.conf, rtp.conf, modules.conf):
 *   sections found by name (case-insensitive); unknown keys logged or silently ignored (modules.conf:
 *   Asterisk does not start).
 */
import type { Location } from "../core/types.js";
import { ASTERISK_OPTION_ROWS } from "../data/asterisk-options.js";
import { ASTERISK_SECTION_ROWS } from "../data/asterisk-sections.js";
import { editDistance } from "../values/directive-table.js";
import type { AsteriskConfig, AstSection, AstVar } from "./config-loader.js";
import { parseOptionType, type OptionType } from "./option-types.js";

/** Work done by the schema (option look-ups, sections classified, names compared), read by the growth test. */
export const schemaWork = { steps: 0 };

/** Majors the data describes (the 23 data comes from a release candidate). */
const ASTERISK_MAJORS = [18, 20, 21, 22, 23] as const;
/** Default target: the newest released major. */
export const NEWEST_RELEASED_MAJOR = 22;

/**
 * `--asterisk-version` / `asteriskVersion`: `N`, `N.x` or `N.x.y` (optionally `-rcK`/`-certK`)
 * reduced to the major N, which must be one of ASTERISK_MAJORS. Null otherwise.
 */
export function parseAsteriskVersionArg(text: string | number): number | null {
  const m = /^(\d+)(?:\.\d+(?:\.\d+)?(?:-(?:rc|cert)\d+)?)?$/.exec(String(text).trim());
  if (!m) return null;
  const major = Number(m[1]);
  return (ASTERISK_MAJORS as readonly number[]).includes(major) ? major : null;
}

/** "18, 20, 21, 22 or 23". */
export const VALID_MAJORS_TEXT = `${ASTERISK_MAJORS.slice(0, -1).join(", ")} or ${ASTERISK_MAJORS[ASTERISK_MAJORS.length - 1]}`;

/** What Asterisk does with an unknown key / a bad value (asterisk-sections.tsv vocabulary). */
export type Effect =
  | "object-rejected"
  | "file-rejected"
  | "warning-ignored"
  | "notice-ignored"
  | "debug-ignored"
  | "silently-ignored"
  | "error-ignored"
  | "default-kept"
  | "n/a";

export type Family = "sorcery" | "aco" | "hand";

type Match =
  | { kind: "exact"; names: string[] }
  | { kind: "regex"; re: RegExp }
  | { kind: "not"; names: string[] }
  | { kind: "not-regex"; re: RegExp }
  | { kind: "every-other" }
  | { kind: "type"; value: string }
  | { kind: "none" };

export interface ObjectKind {
  file: string;
  /** Object (sorcery type / aco type) name, e.g. `endpoint`, `globals`. */
  object: string;
  /** The match rule as written in the data, e.g. `type=endpoint`, `exact:general`. */
  matchText: string;
  match: Match;
  /** Keys are user-chosen names (features.conf applicationmap, logger.conf logfiles). */
  freeKeys: boolean;
  single: boolean;
  unknownKey: Effect;
  badValue: Effect;
  /** Asterisk source, `path:symbol @tag`. */
  source: string;
}

export interface OptionSpec {
  file: string;
  object: string;
  /** As registered: a name, `prefix*`, `*` (any key) or an aco regex (`^[0-9A-D*#]+$`). */
  option: string;
  type: OptionType;
  typeText: string;
  /** Compiled-in default ("" when none or not known). */
  default: string;
  /** First major that has it (18 covers "present at 18.0.0" and "added during 18.x"). */
  since: number;
  /** First major that no longer has it, or null. */
  removed: number | null;
  /** Deprecated (in the newest data): the replacement, "" when none is named; null when not deprecated. */
  deprecated: string | null;
  source: string;
}

/** Is the option present in major `v`? */
export function optionInMajor(o: OptionSpec, v: number): boolean {
  return o.since <= v && (o.removed === null || v < o.removed);
}

/** The majors (of ASTERISK_MAJORS) that have the option. */
export function majorsWith(o: OptionSpec): number[] {
  return ASTERISK_MAJORS.filter((v) => optionInMajor(o, v));
}

// ---------------------------------------------------------------------------------------------
// Tables.

/**
 * The regular expressions the data uses (aco ACO_REGEX / ACO_BLACKLIST category rules and option
 * names, compiled REG_EXTENDED|REG_ICASE in C), as reviewed literals: astlint builds no RegExp
 * at run time. A regex in the data that is missing here matches nothing (test/asterisk/schema.test.ts
 * checks that every one is listed).
 */
export const DATA_REGEXES: Record<string, RegExp> = {
  "^(general|featuremap|applicationmap|parkinglot_.*)$": /^(?:general|featuremap|applicationmap|parkinglot_.*)$/i,
  "^parkinglot_.*$": /^parkinglot_/i,
  "^[0-9A-D*#]+$": /^[0-9A-D*#]+$/i,
};
const NEVER = /$^/;

function dataRegex(source: string): RegExp {
  return DATA_REGEXES[source] ?? NEVER;
}

function parseMatch(text: string): { match: Match; freeKeys: boolean } {
  let t = text;
  let freeKeys = false;
  if (t.startsWith("free-keys:")) {
    freeKeys = true;
    t = t.slice("free-keys:".length);
  }
  const parts = (s: string) => s.split("|").map((x) => x.toLowerCase());
  let match: Match;
  if (t.startsWith("exact:")) match = { kind: "exact", names: parts(t.slice(6)) };
  else if (t.startsWith("regex:")) match = { kind: "regex", re: dataRegex(t.slice(6)) };
  else if (t.startsWith("not-regex:")) match = { kind: "not-regex", re: dataRegex(t.slice(10)) };
  else if (t.startsWith("not:")) match = { kind: "not", names: parts(t.slice(4)) };
  else if (t === "every-other-section") match = { kind: "every-other" };
  else if (t.startsWith("type=")) match = { kind: "type", value: t.slice(5).split("|")[0]! };
  else match = { kind: "none" };
  return { match, freeKeys };
}

interface KindOptions {
  /** Lower-cased exact names. */
  exact: Map<string, OptionSpec>;
  /** `prefix*` options (lower-cased prefix). */
  prefixes: { prefix: string; spec: OptionSpec }[];
  /** Regex-named options and `*`. */
  patterns: { re: RegExp; spec: OptionSpec }[];
  all: OptionSpec[];
}

export interface FileSchema {
  file: string;
  family: Family;
  kinds: ObjectKind[];
}

const files = new Map<string, FileSchema>();
const kindOptions = new Map<ObjectKind, KindOptions>();
const kindsByKey = new Map<string, ObjectKind>();

function familyOf(kinds: ObjectKind[]): Family {
  if (kinds.some((k) => k.unknownKey === "object-rejected")) return "sorcery";
  if (kinds.some((k) => k.unknownKey === "file-rejected" && k.file !== "modules.conf")) return "aco";
  return "hand";
}

function init(): void {
  if (files.size > 0) return;
  const byFile = new Map<string, ObjectKind[]>();
  for (const [file, object, matchText, single, unknownKey, badValue, source] of ASTERISK_SECTION_ROWS) {
    const { match, freeKeys } = parseMatch(matchText);
    const k: ObjectKind = { file, object, matchText, match, freeKeys, single: single === "yes", unknownKey: unknownKey as Effect, badValue: badValue as Effect, source };
    const list = byFile.get(file) ?? [];
    list.push(k);
    byFile.set(file, list);
    kindsByKey.set(`${file}\0${object}`, k);
    kindOptions.set(k, { exact: new Map(), prefixes: [], patterns: [], all: [] });
  }
  for (const [file, kinds] of byFile) files.set(file, { file, family: familyOf(kinds), kinds });
  for (const [file, object, option, typeText, def, since, removed, deprecated, source] of ASTERISK_OPTION_ROWS) {
    const k = kindsByKey.get(`${file}\0${object}`);
    if (!k) continue;
    const dep = /^yes(?: \(use ([^)]*)\))?/.exec(deprecated);
    const spec: OptionSpec = {
      file,
      object,
      option,
      type: parseOptionType(typeText),
      typeText,
      default: def,
      since: since === "<=18" ? 18 : Number(since),
      removed: removed === "" ? null : Number(removed),
      deprecated: dep ? (dep[1] ?? "") : null,
      source,
    };
    const ko = kindOptions.get(k)!;
    ko.all.push(spec);
    if (option === "*") ko.patterns.push({ re: /^/, spec });
    else if (option.startsWith("^")) ko.patterns.push({ re: dataRegex(option), spec });
    else if (option.endsWith("*") && !option.includes("/")) ko.prefixes.push({ prefix: option.slice(0, -1).toLowerCase(), spec });
    else if (option.endsWith("/*")) ko.prefixes.push({ prefix: option.slice(0, -1).toLowerCase(), spec });
    else ko.exact.set(option.toLowerCase(), spec);
  }
}

/** The schema of a config file by its base name (`pjsip.conf`), or null when astlint has none. */
export function fileSchema(name: string): FileSchema | null {
  init();
  return files.get(name) ?? null;
}

/** Every file name the schema covers. */
export function schemaFileNames(): string[] {
  init();
  return [...files.keys()];
}

/** The object kind `object` of `file`. */
export function objectKind(file: string, object: string): ObjectKind | null {
  init();
  return kindsByKey.get(`${file}\0${object}`) ?? null;
}

/** Every option row of a kind. */
function optionsOf(kind: ObjectKind): readonly OptionSpec[] {
  init();
  return kindOptions.get(kind)?.all ?? [];
}

/** The option row a key of `kind` matches (any version), exact names before prefixes and patterns. */
export function findOption(kind: ObjectKind, key: string): OptionSpec | null {
  init();
  schemaWork.steps++;
  const ko = kindOptions.get(kind);
  if (!ko) return null;
  const lower = lowerKey(key);
  const hit = ko.exact.get(lower);
  if (hit) return hit;
  for (const p of ko.prefixes) if (lower.startsWith(p.prefix)) return p.spec;
  for (const p of ko.patterns) if (p.re.test(key)) return p.spec;
  return null;
}

const lowerCache = new Map<string, string>();

/** key.toLowerCase(), remembered (the same few hundred keys repeat over thousands of objects). */
function lowerKey(key: string): string {
  let l = lowerCache.get(key);
  if (l === undefined) {
    l = key.toLowerCase();
    if (lowerCache.size < 50_000) lowerCache.set(key, l);
  }
  return l;
}

/** The family of a file at a version (ari.conf was an aco file up to 18). */
function familyAt(schema: FileSchema, version: number): Family {
  if (schema.file === "ari.conf" && version < 20) return "aco";
  return schema.family;
}

// ---------------------------------------------------------------------------------------------
// Sections -> objects.

export type Unmatched =
  /** Sorcery: no `type=` and not an explicit-name single object: skipped silently. aco matchfield: the file fails. */
  | "no-type"
  /** `type=` names no object kind of this file. */
  | "unknown-type"
  /** The kind exists but is not read from this file (pjsip.conf `type=contact`). */
  | "not-from-file"
  /** aco: no type claims the section name: the whole file fails. */
  | "unmatched-name"
  /** Hand-written loop: the section is never read. */
  | "ignored";

/** One non-template section of a config, with the object kind Asterisk makes of it. */
export interface AsteriskObject {
  config: AsteriskConfig;
  section: AstSection;
  /** Section name. */
  name: string;
  kind: ObjectKind | null;
  /** The loader family of the file at the target version. */
  family: Family;
  /** How it was matched, or why not. */
  how: "type" | "name" | "explicit-name" | Unmatched;
  /** The `type` line (own or inherited), when there is one. */
  typeVar?: AstVar;
  /** For an explicit-name candidate that failed: the keys that are not fields of the kind. */
  foreignKeys?: AstVar[];
  /**
   * The effective value of a key: the last assignment (own or inherited from a template), or the
   * compiled-in default of the target version's data. Null for a key the kind does not have and
   * the object does not set.
   */
  option(key: string): EffectiveOption | null;
}

export interface EffectiveOption {
  key: string;
  value: string;
  /** True when nothing sets it and `value` is the compiled-in default ("" when unknown/none). */
  isDefault: boolean;
  /** The assignment that set it (its loc is the line, possibly in a template). */
  variable?: AstVar;
  loc?: Location;
  /** The template it came from, when inherited. */
  inheritedFrom?: string;
  spec: OptionSpec | null;
}

/** The family of the config being classified (set by classifyConfig for makeObject). */
let currentFamily: Family = "hand";

function nameMatches(m: Match, name: string): boolean {
  const lower = name.toLowerCase();
  switch (m.kind) {
    case "exact":
      return m.names.includes(lower);
    case "regex":
      return m.re.test(name);
    case "not":
      return !m.names.includes(lower);
    case "not-regex":
      return !m.re.test(name);
    case "every-other":
      return true;
    default:
      return false;
  }
}

function makeObject(config: AsteriskConfig, section: AstSection, kind: ObjectKind | null, how: AsteriskObject["how"], typeVar?: AstVar, foreignKeys?: AstVar[]): AsteriskObject {
  return {
    config,
    section,
    name: section.name,
    kind,
    family: currentFamily,
    how,
    typeVar,
    foreignKeys,
    option(key: string): EffectiveOption | null {
      const v = section.get(key);
      const spec = kind ? findOption(kind, key) : null;
      if (v) return { key, value: v.value, isDefault: false, variable: v, loc: v.loc, inheritedFrom: v.inheritedFrom, spec };
      if (!spec) return null;
      return { key, value: spec.default, isDefault: true, spec };
    },
  };
}

const typeMaps = new WeakMap<FileSchema, Map<string, ObjectKind>>();

/** The kinds of a sorcery file by their `type=` value (the first kind with a value wins, as a search in order would). */
function sorceryTypes(schema: FileSchema): Map<string, ObjectKind> {
  let m = typeMaps.get(schema);
  if (!m) {
    m = new Map();
    for (const x of schema.kinds) if (x.match.kind === "type" && !m.has(x.match.value)) m.set(x.match.value, x);
    typeMaps.set(schema, m);
  }
  return m;
}

/** Sorcery: `type=` (case-sensitive), else an explicit-name single kind. */
function classifySorcery(schema: FileSchema, config: AsteriskConfig, s: AstSection): AsteriskObject {
  const typeVar = s.get("type");
  if (typeVar) {
    const k = sorceryTypes(schema).get(typeVar.value);
    if (k) return makeObject(config, s, k, "type", typeVar);
    const astdb = schema.kinds.find((x) => x.match.kind === "none" && x.object === typeVar.value);
    if (astdb) return makeObject(config, s, null, "not-from-file", typeVar);
    return makeObject(config, s, null, "unknown-type", typeVar);
  }
  const explicit = schema.kinds.find((x) => x.single && x.match.kind === "type" && x.object === s.name);
  if (explicit) {
    const foreign = s.vars.filter((v) => !findOption(explicit, v.key));
    if (foreign.length === 0) return makeObject(config, s, explicit, "explicit-name");
    return makeObject(config, s, null, "no-type", undefined, foreign);
  }
  return makeObject(config, s, null, "no-type");
}

/** aco / hand-written: positive name rules, then the `type` match field, then blacklists. */
function classifyByName(schema: FileSchema, config: AsteriskConfig, s: AstSection, family: Family, version: number): AsteriskObject {
  let kinds = schema.kinds;
  if (schema.file === "ari.conf" && version < 20) {
    // 18: aco, [general] by name, users by a case-insensitive type=user match field.
    const general = kinds.find((k) => k.object === "general");
    if (general && s.name.toLowerCase() === "general") return makeObject(config, s, general, "name");
    kinds = kinds.filter((k) => k.object === "user");
  }
  for (const k of kinds) {
    if ((k.match.kind === "exact" || k.match.kind === "regex") && nameMatches(k.match, s.name)) return makeObject(config, s, k, "name");
  }
  const typed = kinds.filter((k) => k.match.kind === "type");
  if (typed.length > 0 && s.name.toLowerCase() !== "general") {
    const typeVar = s.get("type");
    // pjsip_wizard.conf filters with the regex type=^wizard$ without REG_ICASE (case-sensitive).
    const cs = schema.file === "pjsip_wizard.conf";
    if (typeVar) {
      const lower = cs ? typeVar.value : typeVar.value.toLowerCase();
      const k = typed.find((x) => x.match.kind === "type" && (cs ? x.match.value : x.match.value.toLowerCase()) === lower);
      if (k) return makeObject(config, s, k, "type", typeVar);
      if (family === "aco" || cs) return makeObject(config, s, null, "unknown-type", typeVar);
    } else if (family === "aco" || schema.file === "pjsip_wizard.conf") {
      // aco: the file fails; the wizard: the section is skipped silently (res/res_pjsip_config_wizard.c needs type = wizard).
      return makeObject(config, s, null, "no-type");
    }
  }
  const claimed = (k: ObjectKind) => k.match.kind === "not" || k.match.kind === "not-regex";
  for (const k of kinds) if (claimed(k) && nameMatches(k.match, s.name)) return makeObject(config, s, k, "name");
  for (const k of kinds) if (k.match.kind === "every-other") return makeObject(config, s, k, "name");
  return makeObject(config, s, null, family === "aco" ? "unmatched-name" : "ignored");
}

/**
 * The objects Asterisk makes of a config's non-template sections (in file order), or null when
 * astlint has no schema for the file. For hand-written loops only the first section of a name
 * is read (ast_variable_browse); later duplicates are "ignored".
 */
export function classifyConfig(config: AsteriskConfig, version: number): AsteriskObject[] | null {
  // The model and the access sets both classify each config: do it once per (config, version).
  let byVersion = classified.get(config);
  if (!byVersion) classified.set(config, (byVersion = new Map()));
  let objects = byVersion.get(version);
  if (objects === undefined) byVersion.set(version, (objects = classify(config, version)));
  return objects;
}

/** classifyConfig()'s results (the arrays are never modified by their users). */
const classified = new WeakMap<AsteriskConfig, Map<number, AsteriskObject[] | null>>();

function classify(config: AsteriskConfig, version: number): AsteriskObject[] | null {
  const schema = fileSchema(config.name);
  if (!schema) return null;
  const family = familyAt(schema, version);
  currentFamily = family;
  const out: AsteriskObject[] = [];
  const seenNames = new Set<string>();
  for (const s of config.sections) {
    schemaWork.steps += 1 + s.vars.length;
    if (s.template) continue;
    if (family === "sorcery") {
      out.push(classifySorcery(schema, config, s));
      continue;
    }
    const o = classifyByName(schema, config, s, family, version);
    if (family === "hand" && o.kind?.single) {
      const key = o.kind.object;
      if (seenNames.has(key)) {
        out.push(makeObject(config, s, null, "ignored"));
        continue;
      }
      seenNames.add(key);
    }
    out.push(o);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Suggestions.

function maxDistance(len: number): number {
  return Math.max(2, Math.floor(len / 3));
}

/** The closest of `candidates` to `word` (case-insensitive edit distance), or null. */
export function closestName(word: string, candidates: Iterable<string>): string | null {
  if (word.length === 0 || word.length > 64) return null;
  const lower = word.toLowerCase();
  let best: { c: string; d: number } | null = null;
  const limit = maxDistance(word.length);
  for (const c of candidates) {
    schemaWork.steps++;
    const cl = c.toLowerCase();
    if (cl === lower) return c;
    if (Math.abs(cl.length - lower.length) > limit) continue;
    const d = editDistance(lower, cl);
    if (d <= limit && d < c.length && (!best || d < best.d)) best = { c, d };
  }
  return best?.c ?? null;
}

/** Names of the kind's options present at `version` (plain names only). */
export function optionNamesAt(kind: ObjectKind, version: number): string[] {
  return optionsOf(kind)
    .filter((o) => optionInMajor(o, version) && !o.option.includes("*") && !o.option.startsWith("^"))
    .map((o) => o.option);
}

/** Other kinds of the same file that have `key` (e.g. `max_contacts` is an aor option). */
export function kindsWithKey(file: string, key: string, version: number): ObjectKind[] {
  const schema = fileSchema(file);
  if (!schema) return [];
  const lower = key.toLowerCase();
  return schema.kinds.filter((k) => {
    const o = kindOptions.get(k)?.exact.get(lower);
    return o !== undefined && optionInMajor(o, version) && k.match.kind !== "none";
  });
}

/** The `type=` value that selects a kind (`bridge` for confbridge bridge_profile). */
export function typeValueOf(kind: ObjectKind): string | null {
  return kind.match.kind === "type" ? kind.match.value : null;
}

/** The `type=` values a file accepts. */
export function typeValues(schema: FileSchema): string[] {
  return schema.kinds.map(typeValueOf).filter((v): v is string => v !== null);
}
