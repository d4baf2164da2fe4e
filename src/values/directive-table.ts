/**
 * Lookups over the generated directive data (src/data/directives.ts, from
 * data/directives.tsv and friends): which sections a unit type has, whether a key
 * is known to a given systemd version, did-you-mean suggestions, and what `Key=` does.
 *
 * Lookup is case-sensitive on section and key, as in systemd (src/shared/conf-parser.c).
 */
import {
  DATA_NEWEST_VERSION,
  DIRECTIVES,
  DirectiveFlag,
  EMPTY_ASSIGNMENT_V252,
  EMPTY_BEHAVIOURS,
  EMPTY_MESSAGES,
  EXTRAS,
  KEYLESS_SECTIONS,
  PARSERS,
  REMOVED,
  SINCE_AFTER_V256,
  SINCE_OLDEST,
  UNIT_TYPE_SECTIONS,
  type DirectiveRow,
} from "../data/directives.js";
import type { UnitType } from "../core/types.js";

export { DATA_NEWEST_VERSION };

/** Oldest target version astlint supports (issue 4). */
export const OLDEST_SUPPORTED_VERSION = 230;

export interface DirectiveInfo {
  section: string;
  key: string;
  /** `config_parse_*` function (newest table; see value-check.ts for version differences). */
  parser: string;
  /** First version with the key: 183 means "v183 or older", 257 means "after v256". */
  since: number;
  ltype?: string;
  /** Old spelling of `replacement` (same parser). */
  alias: boolean;
  /** Still works, but has a newer spelling or place (`replacement`, `replacementSection`). */
  legacy: boolean;
  /** Accepted, but support was removed: it has no effect after `lastFunctional`. */
  removed: boolean;
  lastFunctional?: number;
  buildOption?: string;
  unknownToV252: boolean;
  /** [Install] keys: ignored by PID 1, interpreted by `systemctl enable`. */
  installOnly: boolean;
  replacement?: string;
  replacementSection?: string;
  note?: string;
}

export type DirectiveLookup =
  /** A section or key starting with `X-`: ignored silently by systemd. */
  | { status: "extension" }
  /** The section is not one of this unit type's sections. */
  | { status: "unknown-section" }
  | { status: "known"; info: DirectiveInfo }
  /** Known to newer systemd only: added in `since` (257 = "after v256"). */
  | { status: "newer"; info: DirectiveInfo; since: number }
  /** Existed in `first`..`last`, gone since. */
  | { status: "removed"; section: string; key: string; lastParser: string; first: number; last: number; replacement?: string }
  | { status: "unknown" };

export type EmptyBehaviour = (typeof EMPTY_BEHAVIOURS)[number];

function infoOf(section: string, row: DirectiveRow): DirectiveInfo {
  const [key, parser, since, flags, extraIdx] = row;
  const extra = extraIdx === undefined ? {} : EXTRAS[extraIdx];
  const info: DirectiveInfo = {
    section,
    key,
    parser: PARSERS[parser],
    since,
    alias: (flags & DirectiveFlag.ALIAS) !== 0,
    legacy: (flags & DirectiveFlag.LEGACY) !== 0,
    removed: (flags & DirectiveFlag.REMOVED) !== 0,
    unknownToV252: (flags & DirectiveFlag.UNKNOWN_TO_V252) !== 0,
    installOnly: (flags & DirectiveFlag.INSTALL_ONLY) !== 0,
  };
  if (extra.ltype !== undefined) info.ltype = extra.ltype;
  if (extra.replacement !== undefined) info.replacement = extra.replacement;
  if (extra.replacementSection !== undefined) info.replacementSection = extra.replacementSection;
  if (extra.lastFunctional !== undefined) info.lastFunctional = extra.lastFunctional;
  if (extra.buildOption !== undefined) info.buildOption = extra.buildOption;
  if (extra.note !== undefined) info.note = extra.note;
  return info;
}

let sectionMaps: Map<string, Map<string, DirectiveRow>> | null = null;
function sectionMap(section: string): Map<string, DirectiveRow> | undefined {
  if (!sectionMaps) {
    sectionMaps = new Map();
    for (const [s, rows] of Object.entries(DIRECTIVES)) sectionMaps.set(s, new Map(rows.map((r) => [r[0], r])));
  }
  return sectionMaps.get(section);
}

/** The sections a unit type accepts: `Unit`, its own (`Service`, …) and `Install`. */
export function sectionsFor(unitType: UnitType): readonly string[] {
  return UNIT_TYPE_SECTIONS[unitType];
}

/** Is this a known section for the unit type (`X-` sections are not "known", see isExtensionName)? */
export function isKnownSection(unitType: UnitType, section: string): boolean {
  return (sectionsFor(unitType) as readonly string[]).includes(section);
}

/** `X-` sections and keys are ignored silently by systemd. */
export function isExtensionName(name: string): boolean {
  return name.startsWith("X-");
}

/** Sections that exist but accept no keys (`[Target]`, `[Device]`). */
export function isKeylessSection(section: string): boolean {
  return KEYLESS_SECTIONS.includes(section);
}

/** The directive row regardless of version (null when the section has no such key). */
export function directiveInfo(section: string, key: string): DirectiveInfo | null {
  const row = sectionMap(section)?.get(key);
  return row ? infoOf(section, row) : null;
}

const infosBySection = new Map<string, readonly DirectiveInfo[]>();

/** Every directive of a section (all versions). Cached; do not modify the result. */
function directivesOf(section: string): readonly DirectiveInfo[] {
  let list = infosBySection.get(section);
  if (!list) {
    list = (DIRECTIVES[section] ?? []).map((r) => infoOf(section, r));
    infosBySection.set(section, list);
  }
  return list;
}

/** lookupDirective's answers by version, unit type, section and key. */
const lookupMemo = new Map<number, Map<UnitType, Map<string, Map<string, DirectiveLookup>>>>();

/**
 * What systemd `version` makes of `key` in `[section]` of a unit of `unitType`.
 * The caller reports `X-` names (status "extension") as nothing.
 * Several rules ask about every assignment, so answers are remembered: the same object is
 * returned for the same question (do not modify it).
 */
export function lookupDirective(unitType: UnitType, section: string, key: string, version: number): DirectiveLookup {
  // Consecutive questions are nearly always about the same unit type and section (rules walk
  // a unit's assignments in order): skip three of the four map lookups then.
  if (version === lastVersion && unitType === lastType && section === lastSection && lastByKey !== null) {
    let hit = lastByKey.get(key);
    if (!hit) lastByKey.set(key, (hit = lookupDirectiveUncached(unitType, section, key, version)));
    return hit;
  }
  let byType = lookupMemo.get(version);
  if (!byType) lookupMemo.set(version, (byType = new Map()));
  let bySection = byType.get(unitType);
  if (!bySection) byType.set(unitType, (bySection = new Map()));
  let byKey = bySection.get(section);
  if (!byKey) bySection.set(section, (byKey = new Map()));
  lastVersion = version;
  lastType = unitType;
  lastSection = section;
  lastByKey = byKey;
  let answer = byKey.get(key);
  if (!answer) byKey.set(key, (answer = lookupDirectiveUncached(unitType, section, key, version)));
  return answer;
}
let lastVersion = -1;
let lastType: UnitType | null = null;
let lastSection: string | null = null;
let lastByKey: Map<string, DirectiveLookup> | null = null;

function lookupDirectiveUncached(unitType: UnitType, section: string, key: string, version: number): DirectiveLookup {
  if (isExtensionName(section)) return { status: "extension" };
  if (!isKnownSection(unitType, section)) return { status: "unknown-section" };
  if (isExtensionName(key)) return { status: "extension" };
  const row = sectionMap(section)?.get(key);
  if (row) {
    const info = infoOf(section, row);
    if (info.since > version) return { status: "newer", info, since: info.since };
    return { status: "known", info };
  }
  const gone = REMOVED[section]?.find((r) => r[0] === key);
  if (gone) {
    const [k, lastParser, first, last, replacement] = gone;
    if (version >= first && version <= last) {
      const info: DirectiveInfo = {
        section,
        key: k,
        parser: lastParser,
        since: first,
        alias: false,
        legacy: true,
        removed: false,
        unknownToV252: last < 252,
        installOnly: false,
        note: `removed after v${last}`,
      };
      if (replacement) info.replacement = replacement;
      return { status: "known", info };
    }
    if (version < first) {
      return {
        status: "newer",
        since: first,
        info: { section, key: k, parser: lastParser, since: first, alias: false, legacy: true, removed: false, unknownToV252: last < 252, installOnly: false },
      };
    }
    const r: DirectiveLookup = { status: "removed", section, key: k, lastParser, first, last };
    if (replacement) r.replacement = replacement;
    return r;
  }
  return { status: "unknown" };
}

/** Restricted Damerau-Levenshtein (optimal string alignment) distance. */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

/** Largest edit distance accepted for a did-you-mean on a name of this length. */
function maxDistance(length: number): number {
  return Math.max(2, Math.floor(length / 3));
}

export interface KeySuggestion {
  /** The suggested key. */
  key: string;
  /** Its section (differs from the one asked about for reason "other-section"). */
  section: string;
  /** case: same letters, other case; typo: small edit distance; other-section: the key belongs to another section of this unit type. */
  reason: "case" | "typo" | "other-section";
  /** Edit distance (0 for an exact key in another section or a case-only difference). */
  distance: number;
  /** Another key (or the same key in another section) ranked as close: the suggestion is a guess. */
  ambiguous?: boolean;
}

interface Candidate {
  info: DirectiveInfo;
  known: boolean;
}

function candidates(unitType: UnitType, version: number): Candidate[] {
  const out: Candidate[] = [];
  for (const section of sectionsFor(unitType)) {
    for (const info of directivesOf(section)) out.push({ info, known: info.since <= version });
  }
  return out;
}

/**
 * Did-you-mean for an unknown key: a case-only difference first (systemd keys are
 * case-sensitive), then the same key in another section of this unit type (`Restart=` in
 * [Unit]), then the closest key by Damerau-Levenshtein distance (≤ 2, or ≤ a third of the
 * length), preferring the same section, keys known to `version`, and current spellings
 * over aliases and legacy names. Null when nothing is close.
 */
export function suggestKey(unitType: UnitType, section: string, key: string, version: number = DATA_NEWEST_VERSION): KeySuggestion | null {
  if (key.length === 0 || key.length > 64) return null;
  const all = candidates(unitType, version);
  const lower = key.toLowerCase();
  const rank = (c: Candidate, sameSection: boolean, distance: number) =>
    distance * 100 + (sameSection ? 0 : 10) + (c.known ? 0 : 5) + (c.info.alias || c.info.legacy || c.info.removed ? 2 : 0);
  let best: { c: Candidate; score: number; reason: KeySuggestion["reason"]; distance: number; ambiguous?: boolean } | null = null;
  const consider = (c: Candidate, score: number, reason: KeySuggestion["reason"], distance: number) => {
    if (!best || score < best.score) best = { c, score, reason, distance };
    else if (score === best.score && (c.info.key !== best.c.info.key || c.info.section !== best.c.info.section)) best.ambiguous = true;
  };
  for (const c of all) {
    const same = c.info.section === section;
    if (same && c.info.key === key) continue; // not unknown
    if (c.info.key === key) consider(c, rank(c, same, 0) - 50, "other-section", 0);
    else if (c.info.key.toLowerCase() === lower) consider(c, rank(c, same, 0) - (same ? 60 : 40), same ? "case" : "other-section", 0);
  }
  if (best) return toSuggestion(best);
  const limit = maxDistance(key.length);
  for (const c of all) {
    const ck = c.info.key.toLowerCase();
    // The distance is at least the length difference: skip what cannot pass without computing
    // it (an over-long key would otherwise cost length x candidates x key length).
    const gap = Math.abs(lower.length - ck.length);
    if (gap > limit || gap >= c.info.key.length) continue;
    const d = editDistance(lower, ck);
    if (d > limit || d >= c.info.key.length) continue;
    const same = c.info.section === section;
    consider(c, rank(c, same, d), same ? "typo" : "other-section", d);
  }
  return best ? toSuggestion(best) : null;
}

function toSuggestion(b: { c: Candidate; reason: KeySuggestion["reason"]; distance: number; ambiguous?: boolean }): KeySuggestion {
  return { key: b.c.info.key, section: b.c.info.section, reason: b.reason, distance: b.distance, ...(b.ambiguous ? { ambiguous: true } : {}) };
}

export interface SectionSuggestion {
  section: string;
  /** case: `[service]`; whitespace: `[ Service ]`; typo: `[Servcie]`; other-type: the section of another unit type (`[Socket]` in a .service). */
  reason: "case" | "whitespace" | "typo" | "other-type";
  /** For "other-type": the unit type whose section it is. */
  unitType?: UnitType;
}

/** Did-you-mean for an unknown section name. */
export function suggestSection(unitType: UnitType, name: string): SectionSuggestion | null {
  const own = sectionsFor(unitType);
  if (name.length > 64) return null;
  const trimmed = name.trim();
  for (const s of own) {
    if (s === name) return null;
  }
  for (const s of own) if (s === trimmed) return { section: s, reason: "whitespace" };
  const lower = trimmed.toLowerCase();
  for (const s of own) if (s.toLowerCase() === lower) return { section: s, reason: trimmed === name ? "case" : "whitespace" };
  let best: { s: string; d: number } | null = null;
  for (const s of own) {
    const sl = s.toLowerCase();
    const gap = Math.abs(lower.length - sl.length); // a lower bound of the distance (see suggestKey)
    if (gap > maxDistance(s.length) || gap >= s.length) continue;
    const d = editDistance(lower, sl);
    if (d <= maxDistance(s.length) && d < s.length && (!best || d < best.d)) best = { s, d };
  }
  if (best) return { section: best.s, reason: "typo" };
  for (const [t, secs] of Object.entries(UNIT_TYPE_SECTIONS) as [UnitType, readonly string[]][]) {
    const s = secs[1];
    if (s.toLowerCase() === lower) return { section: s, reason: "other-type", unitType: t };
  }
  return null;
}

let emptyMaps: Map<string, Map<string, readonly [string, number, number?]>> | null = null;

/**
 * What `Key=` (empty value) does in systemd 252 (measured): "silent" (reset, clear or
 * no-op), "warns" (logged and ignored) or "fatal" (the unit does not load), and the message
 * systemd logs. Undefined for directives that were not measured (unknown to v252, or of a
 * section not measured).
 */
export function emptyAssignmentInfo(section: string, key: string): { behaviour: EmptyBehaviour; message?: string } | undefined {
  if (!emptyMaps) {
    emptyMaps = new Map();
    for (const [s, rows] of Object.entries(EMPTY_ASSIGNMENT_V252)) emptyMaps.set(s, new Map(rows.map((r) => [r[0], r])));
  }
  const row = emptyMaps.get(section)?.get(key);
  if (!row) return undefined;
  const out: { behaviour: EmptyBehaviour; message?: string } = { behaviour: EMPTY_BEHAVIOURS[row[1]] };
  if (row[2] !== undefined) out.message = EMPTY_MESSAGES[row[2]];
  return out;
}

/** "v253", or "a version after v256" for 257. */
export function versionLabel(since: number): string {
  if (since >= SINCE_AFTER_V256) return "a version after v256";
  if (since <= SINCE_OLDEST) return `v${SINCE_OLDEST} or older`;
  return `v${since}`;
}
