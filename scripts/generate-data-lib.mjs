// Pure generation logic for src/data/directives.ts (see scripts/generate-data.mjs).
// No I/O except readInputs(); generateDirectivesModule() maps the three TSV texts to the
// TypeScript source, so the test can re-run it in memory and compare with the committed file.
import { readFileSync } from "node:fs";
import path from "node:path";

export const OUTPUT_PATH = "src/data/directives.ts";
export const INPUT_FILES = ["directives.tsv", "directives-removed.tsv", "empty-assignment-v252.tsv"];

/**
 * The one hand-listed exception: `.include PATH` is not a directive (it is a line form of
 * the ini reader), so it is in none of the TSVs. Supported with a deprecation warning up
 * to v245, removed in v246: since then the line is "Missing '='" inside a section (or
 * "Assignment outside of section" before any), and the included file is silently
 * dropped (systemd src/shared/conf-parser.c `parse_line()`: the `.include` branch is in
 * v245 and gone in v246; the messages checked with systemd-analyze verify 252).
 */
const INCLUDE_DIRECTIVE = { text: ".include", removedIn: 246 };

/** `since=>v256` rows (added in v257/v258) get this version number. */
const AFTER_V256 = 257;

/** Flag bits of DirectiveRow[3]; keep in sync with the emitted constants. */
const FLAGS = {
  ALIAS: 1, // alias-of=X: an old spelling of X, same parser
  LEGACY: 2, // compat/obsolete/deprecated: still works, but has a newer spelling or place
  REMOVED: 4, // legacy-ignored: accepted, but support was removed (no effect)
  BUILD_OPTION: 8, // only parsed when systemd was built with the option
  UNKNOWN_TO_V252: 16, // not accepted by systemd 252
  INSTALL_ONLY: 32, // NULL parser in PID 1; parsed by systemctl enable (install logic)
};

/** Reads the three input TSVs from the data directory (data/ in the repository). */
export function readInputs(dataDir) {
  const read = (name) => readFileSync(path.join(dataDir, name), "utf8");
  return {
    directivesTsv: read("directives.tsv"),
    removedTsv: read("directives-removed.tsv"),
    emptyTsv: read("empty-assignment-v252.tsv"),
  };
}

function rows(tsv, what, columns) {
  const lines = tsv.split("\n");
  const out = [];
  let headerSeen = false;
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, "");
    if (line === "" || line.startsWith("#")) continue;
    const cells = line.split("\t");
    if (!headerSeen) {
      headerSeen = true;
      if (cells[0] === "section") continue;
    }
    if (cells.length < columns) throw new Error(`${what}:${i + 1}: expected ${columns} columns, got ${cells.length}`);
    out.push(cells);
  }
  return out;
}

function parseVersion(text, where) {
  const t = text.trim();
  if (t === ">v256") return AFTER_V256;
  const m = /^(?:<=)?v(\d+)$/.exec(t);
  if (!m) throw new Error(`${where}: cannot read version '${text}'`);
  return Number(m[1]);
}

/** Splits `a=b; c; d=e` notes (values may contain `;`-free text with `=`). */
function parseNotes(notes) {
  return notes
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function unitTypesFromHeader(tsv) {
  const m = /^# \[Unit\] and \[Install\] apply to every unit type \(([^)]*)\)/m.exec(tsv);
  if (!m) throw new Error("directives.tsv: header line listing the unit types not found");
  return m[1].split(/\s+/).map((t) => t.replace(/^\./, ""));
}

function keylessSectionsFromHeader(tsv) {
  const m = /^# ((?:\[[A-Za-z]+\] \(\.[a-z]+\)(?: and )?)+) sections are valid but accept no keys/m.exec(tsv);
  if (!m) throw new Error("directives.tsv: header line naming the keyless sections not found");
  return [...m[1].matchAll(/\[([A-Za-z]+)\]/g)].map((x) => x[1]);
}

const capitalize = (s) => s[0].toUpperCase() + s.slice(1);

/**
 * Builds the module text.
 * @param {{directivesTsv: string, removedTsv: string, emptyTsv: string}} input
 * @returns {string}
 */
export function generateDirectivesModule(input) {
  const { directivesTsv, removedTsv, emptyTsv } = input;
  const unitTypes = unitTypesFromHeader(directivesTsv);
  const keyless = keylessSectionsFromHeader(directivesTsv);
  const sourceLine = /^# Source: (.*)$/m.exec(directivesTsv)?.[1] ?? "";

  const parsers = [];
  const parserIndex = new Map();
  const parserId = (p) => {
    if (!parserIndex.has(p)) {
      parserIndex.set(p, parsers.length);
      parsers.push(p);
    }
    return parserIndex.get(p);
  };

  const extras = [];
  const extraIndex = new Map();
  const extraId = (e) => {
    const keys = Object.keys(e);
    if (keys.length === 0) return -1;
    const k = JSON.stringify(e);
    if (!extraIndex.has(k)) {
      extraIndex.set(k, extras.length);
      extras.push(e);
    }
    return extraIndex.get(k);
  };

  /** section -> rows */
  const directives = new Map();
  const seen = new Set();
  let maxSince = 0;
  for (const [section, key, parser, notesText] of rows(directivesTsv, "directives.tsv", 4)) {
    const where = `directives.tsv ${section}.${key}`;
    if (seen.has(`${section}.${key}`)) throw new Error(`${where}: duplicate row`);
    seen.add(`${section}.${key}`);
    let since = null;
    let flags = 0;
    const extra = {};
    const noteParts = [];
    for (const n of parseNotes(notesText)) {
      let m;
      if ((m = /^since=(.*)$/.exec(n))) since = parseVersion(m[1], where);
      else if ((m = /^ltype=(.*)$/.exec(n))) extra.ltype = m[1];
      else if (n === "unknown-to-v252") flags |= FLAGS.UNKNOWN_TO_V252;
      else if ((m = /^alias-of=(\S+)$/.exec(n))) {
        flags |= FLAGS.ALIAS;
        extra.replacement = m[1];
      } else if ((m = /^build-option=(\w+)/.exec(n))) {
        flags |= FLAGS.BUILD_OPTION;
        extra.buildOption = m[1];
      } else if (n.startsWith("legacy-ignored:")) {
        flags |= FLAGS.REMOVED;
        const lf = /last functional in v(\d+)/.exec(notesText);
        if (lf) extra.lastFunctional = Number(lf[1]);
        noteParts.push(n);
      } else if ((m = /^compat: moved to \[(\w+)\] (\w+)=/.exec(n))) {
        flags |= FLAGS.LEGACY;
        extra.replacement = m[2];
        extra.replacementSection = m[1];
        noteParts.push(n);
      } else if ((m = /^compat: boolean mapped to (\w+)=/.exec(n))) {
        flags |= FLAGS.LEGACY;
        extra.replacement = m[1];
        noteParts.push(n);
      } else if ((m = /^obsolete: treated as (\w+)=/.exec(n))) {
        flags |= FLAGS.LEGACY;
        extra.replacement = m[1];
        noteParts.push(n);
      } else if (n.startsWith("deprecated in docs")) {
        flags |= FLAGS.LEGACY;
        noteParts.push(n);
      } else if (n.startsWith("PID1 table has NULL parser")) {
        flags |= FLAGS.INSTALL_ONLY;
        noteParts.push(n);
      } else noteParts.push(n);
    }
    if (since === null) throw new Error(`${where}: no since=`);
    maxSince = Math.max(maxSince, since);
    if (noteParts.length > 0) extra.note = noteParts.join("; ");
    const row = [key, parserId(parser), since, flags];
    const x = extraId(extra);
    if (x >= 0) row.push(x);
    if (!directives.has(section)) directives.set(section, []);
    directives.get(section).push(row);
  }

  // v252 still implemented some of the legacy-ignored directives and named their
  // replacement when an empty value was assigned ("Unit uses CPUShares=; please use
  // CPUWeight= instead."): use that where the notes name none.
  const usesInstead = new Map();
  for (const cells of rows(emptyTsv, "empty-assignment-v252.tsv", 4)) {
    const m = /^Unit uses (\w+)=; please use (\w+)= instead/.exec((cells[4] ?? "").trim());
    if (m && m[1] === cells[1]) usesInstead.set(m[1], m[2]);
  }
  for (const list of directives.values()) {
    for (const row of list) {
      const [key, , , flags, x] = row;
      if (!(flags & FLAGS.REMOVED) || !usesInstead.has(key)) continue;
      const extra = x === undefined ? {} : { ...extras[x] };
      if (extra.replacement) continue;
      extra.replacement = usesInstead.get(key);
      row[4] = extraId(extra);
    }
  }

  // Drop extras no row uses any more, keeping first-use order.
  {
    const remap = new Map();
    const kept = [];
    for (const list of directives.values()) {
      for (const row of list) {
        if (row[4] === undefined) continue;
        if (!remap.has(row[4])) {
          remap.set(row[4], kept.length);
          kept.push(extras[row[4]]);
        }
        row[4] = remap.get(row[4]);
      }
    }
    extras.length = 0;
    extras.push(...kept);
  }

  const removed = new Map();
  for (const [section, key, lastParser, notesText] of rows(removedTsv, "directives-removed.tsv", 4)) {
    const where = `directives-removed.tsv ${section}.${key}`;
    let first = null;
    let last = null;
    let replacement;
    for (const n of parseNotes(notesText)) {
      let m;
      if ((m = /^first=(.*)$/.exec(n))) first = parseVersion(m[1], where);
      else if ((m = /^last=(.*)$/.exec(n))) last = parseVersion(m[1], where);
      else if ((m = /(?:replaced by|use|moved to|renamed to)\s+(?:\[\w+\]\s+)?(\w+)=/.exec(n))) replacement = m[1];
    }
    if (first === null || last === null) throw new Error(`${where}: first=/last= missing`);
    if (seen.has(`${section}.${key}`)) throw new Error(`${where}: also in directives.tsv`);
    const row = [key, lastParser, first, last];
    if (replacement) row.push(replacement);
    if (!removed.has(section)) removed.set(section, []);
    removed.get(section).push(row);
  }

  const messages = [];
  const messageIndex = new Map();
  const messageId = (m) => {
    if (!messageIndex.has(m)) {
      messageIndex.set(m, messages.length);
      messages.push(m);
    }
    return messageIndex.get(m);
  };
  const BEHAVIOUR = { silent: 0, warns: 1, fatal: 2 };
  const empty = new Map();
  for (const cells of rows(emptyTsv, "empty-assignment-v252.tsv", 4)) {
    const [section, key, , result] = cells;
    const message = (cells[4] ?? "").trim();
    if (!(result in BEHAVIOUR)) throw new Error(`empty-assignment-v252.tsv ${section}.${key}: unknown result '${result}'`);
    const row = [key, BEHAVIOUR[result]];
    if (message) row.push(messageId(message));
    if (!empty.has(section)) empty.set(section, []);
    empty.get(section).push(row);
  }

  // Sections per unit type: [Unit], the type's own section, [Install].
  const typeSections = unitTypes.map((t) => [t, ["Unit", capitalize(t), "Install"]]);
  for (const [, secs] of typeSections) {
    for (const s of secs) {
      if (!directives.has(s) && !keyless.includes(s)) throw new Error(`section [${s}] has no directives and is not listed as keyless`);
    }
  }

  const j = (v) => JSON.stringify(v);
  const out = [];
  out.push("// generated by scripts/generate-data.mjs, do not edit");
  out.push("// Inputs: data/directives.tsv, data/directives-removed.tsv, data/empty-assignment-v252.tsv");
  if (sourceLine) out.push(`// directives.tsv source: ${sourceLine}`);
  out.push("// Regenerate with `npm run generate`; test/data/generated-data.test.ts fails when this file is stale.");
  out.push("/* eslint-disable */");
  out.push("");
  out.push("/** Unit types and the sections each accepts ([Unit], its own, [Install]). */");
  out.push(`export const UNIT_TYPE_SECTIONS = {`);
  for (const [t, secs] of typeSections) out.push(`  ${t}: ${j(secs)},`);
  out.push(`} as const satisfies Record<string, readonly string[]>;`);
  out.push("");
  out.push("/** Sections that exist but accept no keys. */");
  out.push(`export const KEYLESS_SECTIONS: readonly string[] = ${j(keyless)};`);
  out.push("");
  out.push("/** `since` value of rows marked `>v256` (added in v257/v258). */");
  out.push(`export const SINCE_AFTER_V256 = ${AFTER_V256};`);
  out.push("/** `since` value of rows present in the oldest tag checked (`<=v183`). */");
  out.push(`export const SINCE_OLDEST = 183;`);
  out.push("/** Newest version the data describes. */");
  out.push(`export const DATA_NEWEST_VERSION = ${maxSince};`);
  out.push("");
  out.push("/** Flag bits of DirectiveRow[3]. */");
  out.push("export const DirectiveFlag = {");
  out.push("  /** `alias-of=X`: an old spelling of X (EXTRAS[i].replacement), same parser. */");
  out.push(`  ALIAS: ${FLAGS.ALIAS},`);
  out.push("  /** compat/obsolete/deprecated: still works, but has a newer spelling or place. */");
  out.push(`  LEGACY: ${FLAGS.LEGACY},`);
  out.push("  /** legacy-ignored: accepted, but support was removed (no effect since EXTRAS[i].lastFunctional + 1). */");
  out.push(`  REMOVED: ${FLAGS.REMOVED},`);
  out.push("  /** Only parsed when systemd was built with EXTRAS[i].buildOption. */");
  out.push(`  BUILD_OPTION: ${FLAGS.BUILD_OPTION},`);
  out.push("  /** Not accepted by systemd 252. */");
  out.push(`  UNKNOWN_TO_V252: ${FLAGS.UNKNOWN_TO_V252},`);
  out.push("  /** NULL parser in PID 1 ([Install]); interpreted by systemctl enable. */");
  out.push(`  INSTALL_ONLY: ${FLAGS.INSTALL_ONLY},`);
  out.push("} as const;");
  out.push("");
  out.push("/** `config_parse_*` function names, indexed by DirectiveRow[1]. */");
  out.push(`export const PARSERS: readonly string[] = ${j(parsers)};`);
  out.push("");
  out.push("export interface DirectiveExtra {");
  out.push("  /** The gperf `ltype` column, where it changes behaviour (RLIMIT_NOFILE, SOCKET_FIFO, CONDITION_…). */");
  out.push("  ltype?: string;");
  out.push("  /** The directive to use instead (alias target, new name or place). */");
  out.push("  replacement?: string;");
  out.push("  /** Section of the replacement when it is not the same section. */");
  out.push("  replacementSection?: string;");
  out.push("  /** Last version in which a REMOVED directive still had an effect. */");
  out.push("  lastFunctional?: number;");
  out.push("  buildOption?: string;");
  out.push("  /** The remaining notes of the TSV row. */");
  out.push("  note?: string;");
  out.push("}");
  out.push("");
  out.push("/** Shared extra data, indexed by DirectiveRow[4]. */");
  out.push("export const EXTRAS: readonly DirectiveExtra[] = [");
  for (const e of extras) out.push(`  ${j(e)},`);
  out.push("];");
  out.push("");
  out.push("/** [key, parser index, since, flags, extra index?] */");
  out.push("export type DirectiveRow = readonly [key: string, parser: number, since: number, flags: number, extra?: number];");
  out.push("");
  out.push("/** Every directive per section, in gperf order. */");
  out.push("export const DIRECTIVES: Readonly<Record<string, readonly DirectiveRow[]>> = {");
  for (const [section, list] of directives) {
    out.push(`  ${section}: [`);
    for (const r of list) out.push(`    ${j(r)},`);
    out.push("  ],");
  }
  out.push("};");
  out.push("");
  out.push("/** [key, last parser, first version, last version, replacement?] */");
  out.push("export type RemovedRow = readonly [key: string, lastParser: string, first: number, last: number, replacement?: string];");
  out.push("");
  out.push("/** Directives that existed in some release and are now unknown keys. */");
  out.push("export const REMOVED: Readonly<Record<string, readonly RemovedRow[]>> = {");
  for (const [section, list] of removed) {
    out.push(`  ${section}: [`);
    for (const r of list) out.push(`    ${j(r)},`);
    out.push("  ],");
  }
  out.push("};");
  out.push("");
  out.push("/** Empty-assignment behaviour codes: 0 silent, 1 warns, 2 fatal. */");
  out.push('export const EMPTY_BEHAVIOURS = ["silent", "warns", "fatal"] as const;');
  out.push("");
  out.push("/** What systemd 252 logs for `Key=`, indexed by EmptyRow[2]. */");
  out.push(`export const EMPTY_MESSAGES: readonly string[] = ${j(messages)};`);
  out.push("");
  out.push("/** [key, behaviour code, message index?] */");
  out.push("export type EmptyRow = readonly [key: string, behaviour: 0 | 1 | 2, message?: number];");
  out.push("");
  out.push("/** `Key=` (empty value) per directive known to systemd 252, measured with systemd-analyze verify. */");
  out.push("export const EMPTY_ASSIGNMENT_V252: Readonly<Record<string, readonly EmptyRow[]>> = {");
  for (const [section, list] of empty) {
    out.push(`  ${section}: [`);
    // Several per line: these rows are short.
    for (let i = 0; i < list.length; i += 6) out.push(`    ${list.slice(i, i + 6).map(j).join(", ")},`);
    out.push("  ],");
  }
  out.push("};");
  out.push("");
  out.push("/**");
  out.push(" * `.include PATH`: hand-listed in scripts/generate-data-lib.mjs (it is a line form, not a");
  out.push(` * directive). Deprecated, removed in v${INCLUDE_DIRECTIVE.removedIn}: since then the line is rejected and the included`);
  out.push(" * unit silently dropped.");
  out.push(" */");
  out.push(`export const INCLUDE_DIRECTIVE = ${j(INCLUDE_DIRECTIVE)} as const;`);
  out.push("");
  return out.join("\n");
}
