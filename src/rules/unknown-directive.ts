/**
 * unknown-directive: a key systemd does not accept in that section of that unit type, for
 * the target version (src/shared/conf-parser.c `next_assignment()`): systemd logs "Unknown key … ignoring." and
 * drops the line. Keys are case-sensitive; `X-` keys are allowed. The message names the
 * closest valid spelling (case, typo, or the section the key belongs to), and for a key
 * newer than the target, the version that added it.
 *
 * Keys of unknown sections are not reported (unknown-section covers the section); keys that
 * existed once and are gone are deprecated-directive's.
 */
import { directiveInfo, isKeylessSection, suggestKey, versionLabel, type KeySuggestion } from "../values/directive-table.js";
import type { Rule, RuleContext } from "./rule.js";
import { assumedVersion, quote, reportableUnitFiles, suffix, targetLabel, unknownKeyLog, judgedAssignments, judgedLookups } from "./_unit-files.js";
import { acceptedValue } from "../values/accepted-value.js";
import type { Fix } from "../core/types.js";
import type { UnitAssignment } from "../core/unit-tree.js";
import type { UnitFile } from "../model/model.js";
import { moveAssignmentFix, replaceFix, safeToActivate } from "./_fixes.js";

/**
 * The rename (or move) to the one close candidate. Safe only when the key switched on is
 * harmless and its value valid; otherwise (User=, Exec…, sandboxing, listeners) unsafe.
 */
function renameFix(ctx: RuleContext, uf: UnitFile, a: UnitAssignment & { section: string }, s: KeySuggestion): Fix | undefined {
  if (s.ambiguous) return undefined;
  const version = ctx.options.systemdVersion;
  const info = directiveInfo(s.section, s.key);
  if (!info || info.since > version) return undefined;
  const safe = safeToActivate(s.section, s.key) && (a.value === "" || acceptedValue(uf.unitType, s.section, s.key, a.value, version));
  if (s.section === a.section) return replaceFix(ctx, uf, a.keyLoc, s.key, { safe, description: `rename ${a.key}= to ${s.key}=` });
  return moveAssignmentFix(ctx, uf, a, s.section, s.key, { safe, description: `move ${a.key}= to [${s.section}]${s.key !== a.key ? ` as ${s.key}=` : ""}` });
}

function suggestionText(s: KeySuggestion, section: string, key: string, version: number): { message: string; help: string } {
  const info = directiveInfo(s.section, s.key);
  const newer = info && info.since > version ? ` (added in systemd ${versionLabel(info.since)}, newer than the target)` : "";
  if (s.reason === "other-section" && s.key === key) {
    return {
      message: `${key}= is not a [${section}] setting: it belongs in [${s.section}]${newer}`,
      help: `move ${key}= to the [${s.section}] section`,
    };
  }
  if (s.reason === "other-section") {
    return {
      message: `unknown key ${quote(key)} in [${section}]; did you mean ${s.key}= in [${s.section}]?${newer}`,
      help: `write ${s.key}= in the [${s.section}] section`,
    };
  }
  if (s.reason === "case") {
    return {
      message: `unknown key ${quote(key)} in [${section}]: keys are case-sensitive; did you mean ${s.key}=?${newer}`,
      help: `rename it to ${s.key}=`,
    };
  }
  return { message: `unknown key ${quote(key)} in [${section}]; did you mean ${s.key}=?${newer}`, help: `rename it to ${s.key}=` };
}

const MAX_SUGGESTIONS_PER_FILE = 100;

function check(ctx: RuleContext): void {
  const version = ctx.options.systemdVersion;
  const suggestions = new Map<string, KeySuggestion | null>();
  for (const uf of reportableUnitFiles(ctx)) {
    let suggested = 0;
    const judged = judgedAssignments(ctx, uf);
    const lookups = judgedLookups(ctx, uf);
    for (let i = 0; i < judged.length; i++) {
      const a = judged[i];
      const l = lookups[i];
      if (l.status === "known" || l.status === "extension") continue;
      const log = `systemd ${version} logs "${unknownKeyLog(version, a.key, a.section)}" and ignores the line`;
      if (l.status === "unknown") {
        const ck = `${uf.unitType}\0${a.section}\0${a.key}`;
        let s = suggestions.get(ck);
        if (s === undefined) {
          // A file with hundreds of unknown keys is not a unit with typos: stop looking for
          // spellings there (each look-up compares with every directive of the unit type).
          s = suggested++ < MAX_SUGGESTIONS_PER_FILE ? suggestKey(uf.unitType, a.section, a.key, version) : null;
          suggestions.set(ck, s);
        }
        let message: string;
        let help: string;
        if (s) ({ message, help } = suggestionText(s, a.section, a.key, version));
        else if (isKeylessSection(a.section)) {
          message = `[${a.section}] accepts no settings, but it has ${quote(a.key)}`;
          help = `move the setting to [Unit] or [Install], or remove it`;
        } else {
          message = `unknown key ${quote(a.key)} in [${a.section}] of a ${suffix(uf.unitType)} unit`;
          help = `check the spelling in systemd.directives(7); for data that systemd should ignore, prefix the key with X-`;
        }
        ctx.report({ at: a.keyLoc, message, notes: [log], help, fix: s ? renameFix(ctx, uf, a, s) : undefined });
      } else if (l.status === "newer") {
        ctx.report({
          at: a.keyLoc,
          message: `${a.key}= was added in systemd ${versionLabel(l.since)}, but the target is systemd ${version}${assumedVersion(ctx)}`,
          notes: [log, `target: ${targetLabel(ctx)}`],
          help: `remove ${a.key}= for systemd ${version}, or lint with --systemd-version ${Math.max(l.since, 230)} if the unit only runs on newer systemd`,
        });
      }
    }
  }
}

const rule: Rule = {
  meta: {
    id: "unknown-directive",
    severity: "error",
    description: "A key systemd does not know in that section (typo, wrong case, wrong section, or newer than the target version)",
    fixable: "safe",
  },
  check,
};
export default rule;
