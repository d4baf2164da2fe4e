/**
 * asterisk-unknown-option: a key the loader of that section does not know at the target Asterisk
 * version, with did-you-mean; "removed in N" with the replacement; a key of a template reported
 * once, at the template, naming the sections that inherit it. Also an aco file's section that no
 * object type claims (the whole file is refused).
 *
 * Severity follows what Asterisk does (main/config_options.c aco_process_var(), main/sorcery.c
 * ast_sorcery_objectset_apply(), main/manager.c __init_manager(), main/http.c __ast_http_load(),
 * main/options.c load_asterisk_conf(), main/loader.c loader_config_init()): error when the object
 * or the file is refused, warning when the line is logged or silently ignored.
 */
import { closestName, fileSchema, kindsWithKey, majorsWith, optionNamesAt, typeValueOf, type ObjectKind, type OptionSpec } from "../asterisk/schema.js";
import type { Rule } from "./rule.js";
import { asteriskReplaceFix, certainName } from "../fix/asterisk-fix.js";
import { effectSeverity, effectText, keyUses, majorsText, OncePerLine, unknownKeyEffect, whereText, versionLabel, type KeyUse } from "./_asterisk-options.js";
import { lookupTable } from "../core/lookup-table.js";

/** chan_sip keys people carry over into pjsip.conf, and where PJSIP wants the setting. */
const CHAN_SIP_HINTS: Record<string, string> = lookupTable({
  secret: `"secret" is chan_sip's; in PJSIP the password goes in a type=auth section (password=) that the endpoint names with auth=`,
  host: `"host" is chan_sip's; in PJSIP the peer's address goes in the aor (contact=sip:HOST) and, to recognise its requests, an identify section (match=HOST)`,
  insecure: `"insecure" is chan_sip's; PJSIP never challenges an endpoint without auth=, and identifies a peer by address with an identify section`,
  nat: `"nat" is chan_sip's; in PJSIP use rtp_symmetric, force_rport and rewrite_contact on the endpoint`,
  canreinvite: `"canreinvite" is chan_sip's; in PJSIP use direct_media`,
  directmedia: `"directmedia" is chan_sip's; in PJSIP use direct_media`,
  qualify: `"qualify" is chan_sip's; in PJSIP set qualify_frequency in the aor`,
  username: `"username" here is chan_sip's; in PJSIP it goes in a type=auth section`,
  defaultuser: `"defaultuser" is chan_sip's; in PJSIP the user goes in a type=auth section (username=) or the aor's contact`,
  fromuser: `"fromuser" is chan_sip's; in PJSIP use from_user`,
  fromdomain: `"fromdomain" is chan_sip's; in PJSIP use from_domain`,
  dtmfmode: `"dtmfmode" is chan_sip's; in PJSIP use dtmf_mode`,
  port: `"port" is chan_sip's; in PJSIP the port is part of the aor's contact= (or the transport's bind=)`,
});

/** Keys people put in the wrong place of a hand-parsed file, and the right one. */
const KNOWN_MISTAKES: Record<string, string> = lookupTable({
  "http.conf\0general\0port": `the HTTP server's port is "bindport" (http.conf has no "port")`,
  "http.conf\0general\0tlsport": `the HTTPS port is part of "tlsbindaddr" (address:port)`,
  "manager.conf\0general\0bindport": `the AMI port is "port" (manager.conf has no "bindport")`,
  "asterisk.conf\0options\0runusr": `did you mean "runuser"? (without it Asterisk keeps running as the user that started it, usually root)`,
  "asterisk.conf\0options\0rungrp": `did you mean "rungroup"?`,
});

/** Files whose keys often land in a neighbour (parking moved from features.conf to res_parking.conf in Asterisk 12). */
const NEIGHBOURS: Record<string, string[]> = lookupTable({
  "features.conf": ["res_parking.conf"],
  "http.conf": ["ari.conf", "manager.conf"],
  "manager.conf": ["http.conf"],
  "ari.conf": ["http.conf"],
  "asterisk.conf": ["logger.conf"],
});

/** Replacements of options that were removed (Asterisk UPGRADE notes / CHANGES of the major named). */
const REMOVED_REPLACEMENTS: Record<string, string> = lookupTable({
  "features.conf\0featuremap\0automon": "use automixmon (app_Monitor was removed in Asterisk 21)",
  "logger.conf\0general\0rotatetimestamp": "use rotatestrategy = timestamp",
  "stir_shaken.conf\0certificate": "STIR/SHAKEN was redesigned during 18.x: use attestation, verification, profile and tn sections",
  "stir_shaken.conf\0store": "STIR/SHAKEN was redesigned during 18.x: use attestation, verification, profile and tn sections",
  "stir_shaken.conf\0general": "STIR/SHAKEN was redesigned during 18.x: use attestation, verification, profile and tn sections",
});

function replacementOf(spec: OptionSpec): string | null {
  return REMOVED_REPLACEMENTS[`${spec.file}\0${spec.object}\0${spec.option}`] ?? REMOVED_REPLACEMENTS[`${spec.file}\0${spec.object}`] ?? (spec.deprecated ? `use ${spec.deprecated}` : null);
}

/** Did-you-mean and hints for an unknown key, memoized per (file, kind, key) for the run: 20,000 endpoints with the same typo cost one search. */
function unknownHelp(memo: Map<string, { help: string; notes: string[]; rename?: string }>, u: KeyUse, version: number): { help: string; notes: string[]; rename?: string } {
  const memoKey = `${u.kind.file}\0${u.kind.object}\0${u.wizardPrefix ?? ""}\0${u.key.toLowerCase()}`;
  let r = memo.get(memoKey);
  if (!r) memo.set(memoKey, (r = computeUnknownHelp(u, version)));
  return r;
}

function computeUnknownHelp(u: KeyUse, version: number): { help: string; notes: string[]; rename?: string } {
  const notes: string[] = [];
  const file = u.kind.file;
  const sip =
    (file === "pjsip.conf" && !u.wizardPrefix ? CHAN_SIP_HINTS[u.key.toLowerCase()] : undefined) ??
    KNOWN_MISTAKES[`${file}\0${u.kind.object}\0${u.key.toLowerCase()}`] ??
    neighbourHint(file, u.key, version);
  const others = kindsWithKey(file, u.key, version).filter((k) => k !== u.kind);
  const names = optionNamesAt(u.kind, version);
  const near = closestName(u.key, names);
  let help: string;
  if (sip) help = sip;
  else if (others.length > 0) {
    const where = others.map((k) => (typeValueOf(k) ? `type=${typeValueOf(k)}` : `[${k.matchText.replace(/^exact:/, "")}]`)).join(" or ");
    help = `"${u.key}" is an option of ${where} sections: move it there`;
  } else if (near) {
    help = `did you mean "${u.wizardPrefix ?? ""}${near}"?`;
    const sure = certainName(u.key, near, names);
    if (sure) return { help, notes, rename: `${u.wizardPrefix ?? ""}${sure}` };
  }
  else help = `remove the line, or check the spelling against the options of ${kindLabel(u.kind)} in ${file}`;
  if (near && (sip || others.length > 0) && near.toLowerCase() !== u.key.toLowerCase() && !help.includes(`"${near}"`)) notes.push(`the closest option of ${kindLabel(u.kind)} is "${near}"`);
  return { help, notes };
}

const rule: Rule = {
  meta: {
    id: "asterisk-unknown-option",
    severity: "error",
    description: "An Asterisk config key the loader of that section does not know (the object or file is refused, or the line ignored)",
    fixable: "unsafe",
  },
  check(ctx) {
    const model = ctx.model;
    const v = model.asteriskVersion;
    const once = new OncePerLine(ctx);
    const helpMemo = new Map<string, { help: string; notes: string[]; rename?: string }>();
    for (const u of keyUses(ctx)) {
      if (u.spec && u.inVersion) continue;
      const effect = unknownKeyEffect(u);
      const severity = effectSeverity(effect);
      if (!severity) continue;
      const at = u.variable.keyLoc;
      const where = whereText(u);
      const shown = `${u.wizardPrefix ?? ""}${u.key}`;
      if (u.spec) {
        const spec = u.spec;
        const removed = spec.removed !== null && spec.removed <= v;
        if (!model.asteriskVersionKnown && majorsWith(spec).length > 0) {
          // Without a stated version, a key some major knows is not called unknown.
          once.add(`v:${shown}`, at, () => ({
            at,
            severity: "info",
            message: `"${shown}" is not an option of ${u.kind.object} in ${versionLabel(model)}; ${majorsText(spec)} ${majorsWith1(spec) ? "has" : "have"} it`,
            help: `state the Asterisk version with --asterisk-version (or "asteriskVersion" in .astlintrc.json) to check against it${removed && replacementOf(spec) ? `; on ${v} and later: ${replacementOf(spec)}` : ""}`,
          }), u.variable.inheritedFrom, u.object.name);
          continue;
        }
        const why = removed ? `was removed in Asterisk ${spec.removed}${majorsWith(spec).length === 0 ? `.x (present in ${spec.removed}.0.0 only)` : ""}` : `was added in Asterisk ${spec.since}`;
        once.add(`r:${shown}`, at, () => ({
          at,
          severity,
          message: `"${shown}" ${why}; ${versionLabel(model)} does not know it in ${where}: ${effectText(effect, u, "key")}`,
          notes: removed ? [] : [`minor releases differ: a back-port may have brought it to a later ${v}.x release; ${majorsText(spec)} have it`],
          help: removed ? (replacementOf(spec) ?? "remove the line") : `remove the line, or upgrade to Asterisk ${spec.since}`,
        }), u.variable.inheritedFrom, u.object.name);
        continue;
      }
      if (u.kind.file === "features.conf" && u.kind.object === "parkinglot") {
        once.add(`p:${shown}`, at, () => ({
          at,
          severity,
          message: `"${shown}" in [${u.object.name}] of features.conf: parking lots are no longer configured in features.conf; Asterisk logs a WARNING ("no longer configurable") and ignores the line`,
          help: `move the parking lot to res_parking.conf (a [${u.object.name.replace(/^parkinglot_/i, "")}] section there)`,
        }), u.variable.inheritedFrom, u.object.name);
        continue;
      }
      once.add(`u:${shown}`, at, () => {
        const { help, notes, rename } = unknownHelp(helpMemo, u, v);
        return {
          at,
          severity,
          message: `unknown option "${shown}" in ${where}: ${effectText(effect, u, "key")}`,
          notes,
          help,
          // The renamed option starts to apply (and a refused object or file loads again): unsafe.
          fix: rename ? asteriskReplaceFix(model, at, rename, { safe: false, description: `rename "${shown}" to "${rename}"` }) : undefined,
        };
      }, u.variable.inheritedFrom, u.object.name);
    }
    once.flush();
    // aco files: a section no object type claims refuses the whole file.
    const seen = new Set<string>();
    for (const o of model.asteriskObjects) {
      if (o.how !== "unmatched-name") continue;
      const k = `${o.section.loc.file}\0${o.section.loc.line}`;
      if (seen.has(k)) continue; // a config loaded for two configuration directories
      seen.add(k);
      ctx.report({
        at: o.section.loc,
        message: `${o.config.name} has no section [${o.name}]: Asterisk refuses the whole file ("Could not find config type for category '${o.name}'") and the module declines to load`,
        help: `rename or remove the section; ${o.config.name} reads ${knownSections(o.config.name)}`,
      });
    }
  },
};

/** `[general]`, `type=endpoint` sections. */
function kindLabel(kind: ObjectKind): string {
  const t = typeValueOf(kind);
  if (t) return `type=${t} sections`;
  const m = /^(?:free-keys:)?exact:(.*)$/.exec(kind.matchText);
  return m ? `[${m[1]!.split("|").join("], [")}]` : `${kind.object} sections`;
}

function neighbourHint(file: string, key: string, version: number): string | undefined {
  for (const other of NEIGHBOURS[file] ?? []) {
    const kinds = kindsWithKey(other, key, version);
    if (kinds.length > 0) return `"${key}" is an option of ${other}${kinds[0]!.matchText.startsWith("exact:") ? ` [${kinds[0]!.matchText.slice(6).split("|")[0]}]` : ""}, not of ${file}: move it there`;
  }
  return undefined;
}

function majorsWith1(spec: OptionSpec): boolean {
  return majorsWith(spec).length === 1;
}

/** "[general], [csv], [custom]" for a file's name-matched sections. */
function knownSections(file: string): string {
  const names: string[] = [];
  for (const k of fileSchema(file)?.kinds ?? []) {
    const m = /^(?:free-keys:)?exact:(.*)$/.exec(k.matchText);
    if (m) for (const n of m[1]!.split("|")) names.push(`[${n}]`);
    else if (k.matchText.startsWith("type=")) names.push(`sections with ${k.matchText}`);
  }
  return names.join(", ");
}

export default rule;
