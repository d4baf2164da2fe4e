/**
 * deprecated-directive: directives that are old spellings (aliases), legacy names or places,
 * or whose support was removed, with the replacement (from the directive data); and the
 * `.include PATH` line, hand-listed in the data generator (INCLUDE_DIRECTIVE): removed in
 * v246, after which the line is rejected and the included file silently dropped — an error
 * for targets v246 and later, a warning before.
 */
import { INCLUDE_DIRECTIVE } from "../data/directives.js";
import { type DirectiveInfo } from "../values/directive-table.js";
import type { UnitFile } from "../model/model.js";
import type { Report, Rule, RuleContext } from "./rule.js";
import { assumedVersion, isIncludeLine, physicalLine, quote, reportableUnitFiles, unknownKeyLog, judgedAssignments, judgedLookups } from "./_unit-files.js";
import type { Fix } from "../core/types.js";
import type { UnitAssignment } from "../core/unit-tree.js";
import { deleteAssignmentFix, moveAssignmentFix, replaceFix, valueFix } from "./_fixes.js";

/**
 * The fix for a directive with a newer name or place, when it is certain: an old spelling
 * (same parser, same meaning) is renamed; a legacy place with the same name is moved; a
 * removed directive without a replacement, which systemd ignores, is deleted. Renames whose
 * scale may differ (removed directives with a replacement) have none.
 */
function directiveFix(ctx: RuleContext, uf: UnitFile, a: UnitAssignment & { section: string }, info: DirectiveInfo): Fix | undefined {
  const version = ctx.options.systemdVersion;
  if (info.removed) {
    if (info.replacement || (info.lastFunctional !== undefined && version <= info.lastFunctional)) return undefined;
    return deleteAssignmentFix(ctx, uf, a, { safe: true, description: `remove ${a.key}= (systemd ignores it)` });
  }
  if (!info.replacement || (!info.alias && !info.legacy) || a.key === "OnFailureIsolate" || a.key === "PermissionsStartOnly") return undefined;
  const section = info.replacementSection ?? a.section;
  const description = section !== a.section ? `move ${a.key}= to [${section}]${info.replacement !== a.key ? ` as ${info.replacement}=` : ""}` : `rename ${a.key}= to ${info.replacement}=`;
  // Same parser and meaning under the new name or place: nothing changes at run time.
  if (section === a.section) return replaceFix(ctx, uf, a.keyLoc, info.replacement, { safe: true, description });
  return moveAssignmentFix(ctx, uf, a, section, info.replacement, { safe: true, description });
}

function where(info: { replacement?: string; replacementSection?: string }, section: string): string {
  if (!info.replacement) return "";
  return info.replacementSection && info.replacementSection !== section ? `${info.replacement}= in [${info.replacementSection}]` : `${info.replacement}=`;
}

function includes(ctx: RuleContext, uf: UnitFile): void {
  const version = ctx.options.systemdVersion;
  const removed = INCLUDE_DIRECTIVE.removedIn;
  for (const p of uf.ast.problems) {
    if (p.kind !== "missing-equals" && p.kind !== "outside-section") continue;
    const dropin = uf.kind === "dropin" ? `another .conf file in the same ${uf.unitName}.d/ directory` : `a drop-in (${uf.unitName}.d/*.conf)`;
    const text = physicalLine(ctx, uf.ast, p.line).trim();
    if (!isIncludeLine(text)) continue;
    const target = text.slice(INCLUDE_DIRECTIVE.text.length).trim();
    const at = { file: p.file, line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn };
    const help = `copy the settings of ${target} into this file, or into ${dropin}`;
    if (version >= removed) {
      ctx.report({
        at,
        severity: "error",
        message: `${quote(text)}: .include was removed in systemd v${removed}, so ${target} is not read`,
        notes: [
          `systemd ${version} treats the line as text: it logs "${p.kind === "outside-section" ? "Assignment outside of section. Ignoring." : "Missing '=', ignoring line."}", and every setting of ${target} is silently missing from the unit`,
        ],
        help,
      });
    } else {
      ctx.report({
        at,
        severity: "warning",
        message: `${quote(text)}: .include is deprecated and was removed in systemd v${removed}`,
        notes: [`systemd ${version} still reads ${target} (with a deprecation warning); from v${removed} on the line is ignored and its settings are lost`],
        help,
      });
    }
  }
}

function directiveReport(info: DirectiveInfo, key: string, section: string, version: number): Omit<Report, "at"> | null {
  const instead = where(info, section);
  if (info.removed) {
    const last = info.lastFunctional;
    if (last !== undefined && version <= last) {
      // Still works at the target; only worth saying when there is something to move to.
      if (!instead) return null;
      return {
        message: `${key}= is deprecated: still works on v${version}, removed after v${last}; use ${instead}`,
        notes: [`systemd ${version} still applies ${key}=, but newer systemd (after v${last}) ignores it ("Support for option ${key}= has been removed and it is ignored")`],
        help: `replace ${key}= with ${instead} (check the value: the scales can differ)`,
      };
    }
    return {
      message: `${key}= has no effect: support for it was removed${last !== undefined ? ` after systemd v${last}` : ""}${instead ? `; use ${instead}` : ""}`,
      notes: [`systemd ${version} accepts the line but ignores it ("Support for option ${key}= has been removed and it is ignored")`],
      help: instead ? `replace ${key}= with ${instead}` : `remove ${key}=`,
    };
  }
  if (info.alias) {
    return {
      message: `${key}= is an old spelling of ${instead || "another directive"}`,
      notes: [`systemd ${version} still accepts it with the same meaning, but the documentation only describes ${instead || "the new name"}`],
      help: instead ? `rename it to ${instead}` : `rename it`,
    };
  }
  if (info.legacy) {
    if (key === "PermissionsStartOnly") {
      return {
        message: `PermissionsStartOnly= is deprecated`,
        notes: [`systemd ${version} still applies it, but the documented way is a "+" prefix on the Exec lines that need full privileges`],
        help: `remove PermissionsStartOnly= and prefix the ExecStartPre=/ExecStartPost=/ExecReload=/ExecStop= commands that need root with "+" (e.g. ExecStartPre=+/usr/bin/install -d …)`,
      };
    }
    if (!instead) return null;
    const moved = info.replacementSection && info.replacementSection !== section;
    return {
      message: moved
        ? `${key}= in [${section}] is a legacy ${info.replacement === key ? "place" : "place and name"}: use ${instead}`
        : `${key}= is obsolete: use ${instead}`,
      notes: [`systemd ${version} still accepts it${info.ltype?.startsWith("UNIT_") ? ` (logging "Unit dependency type ${key}= is obsolete")` : ""}, but it is kept only for compatibility`],
      help: key === "OnFailureIsolate" ? `replace it with OnFailureJobMode=isolate (for yes) or remove it (for no)` : `replace it with ${instead}`,
    };
  }
  return null;
}

/**
 * Values that still work but are deprecated: systemd logs a warning on the line. Hand-listed
 * (they are values, not directives; the value parsers of src/core/load-fragment.c and the
 * systemd-analyze 252 experiments): `since` is the first version that warns.
 */
const DEPRECATED_VALUES: { parser: string; value: string; since: number; instead: string; log: (key: string) => string }[] = [
  {
    parser: "config_parse_kill_mode",
    value: "none",
    since: 247,
    instead: "mixed",
    log: () =>
      "Unit uses KillMode=none. This is unsafe, as it disables systemd's process lifecycle management for the service. … Support for KillMode=none is deprecated and will eventually be removed.",
  },
  {
    parser: "config_parse_exec_output",
    value: "syslog",
    since: 246,
    instead: "journal",
    log: () => "Standard output type syslog is obsolete, automatically updating to journal. Please update your unit file, and consider removing the setting altogether.",
  },
  {
    parser: "config_parse_exec_output",
    value: "syslog+console",
    since: 246,
    instead: "journal+console",
    log: () =>
      "Standard output type syslog+console is obsolete, automatically updating to journal+console. Please update your unit file, and consider removing the setting altogether.",
  },
];

function deprecatedValue(parser: string, key: string, value: string, version: number): Omit<Report, "at"> | null {
  const d = DEPRECATED_VALUES.find((x) => x.parser === parser && x.value === value);
  if (!d || version < d.since) return null;
  if (d.parser === "config_parse_kill_mode") {
    return {
      message: `${key}=none is deprecated: systemd does not stop or kill the service's processes`,
      notes: [
        `systemd ${version} logs "${d.log(key)}"`,
        "processes left behind keep running after a stop, and a restart starts a second copy next to them",
      ],
      help: `${key}=mixed (SIGTERM to the main process, then SIGKILL to the rest) or ${key}=control-group`,
    };
  }
  return {
    message: `${key}=${value} is obsolete: systemd uses ${d.instead} instead`,
    notes: [`systemd ${version} logs "${d.log(key).replace("Standard output", key === "StandardError" ? "Standard error" : "Standard output")}"`],
    help: `${key}=${d.instead}, or remove the line (the journal is the default)`,
  };
}

function check(ctx: RuleContext): void {
  const version = ctx.options.systemdVersion;
  for (const uf of reportableUnitFiles(ctx)) {
    includes(ctx, uf);
    const judged = judgedAssignments(ctx, uf);
    const lookups = judgedLookups(ctx, uf);
    for (let i = 0; i < judged.length; i++) {
      const a = judged[i];
      const l = lookups[i];
      if (l.status === "removed") {
        const instead = l.replacement ? `${l.replacement}=` : "";
        ctx.report({
          at: a.keyLoc,
          message: `${a.key}= was removed after systemd v${l.last}${instead ? `; use ${instead}` : ""}${assumedVersion(ctx)}`,
          notes: [`systemd ${version} no longer knows it: it logs "${unknownKeyLog(version, a.key, a.section)}" and ignores the line`],
          help: instead ? `replace it with ${instead}` : `remove ${a.key}=`,
          fix: instead ? undefined : deleteAssignmentFix(ctx, uf, a, { safe: true, description: `remove ${a.key}= (systemd ignores it)` }),
        });
        continue;
      }
      if (l.status !== "known") continue;
      const r = directiveReport(l.info, a.key, a.section, version);
      // Whether a removed directive still works depends on the target version: say which was assumed.
      if (r) ctx.report({ at: a.keyLoc, ...r, ...(l.info.removed ? { message: r.message + assumedVersion(ctx) } : {}), fix: directiveFix(ctx, uf, a, l.info) });
      const v = a.value === "" ? null : deprecatedValue(l.info.parser, a.key, a.value, version);
      if (v) {
        const d = DEPRECATED_VALUES.find((x) => x.parser === l.info.parser && x.value === a.value)!;
        // syslog -> journal is what systemd does already; KillMode=none -> mixed changes how the service stops.
        const safe = d.parser !== "config_parse_kill_mode";
        ctx.report({ at: a.valueLoc, ...v, fix: valueFix(ctx, uf, a, d.instead, false, { safe, description: `${a.key}=${d.instead}` }) });
      }
    }
  }
}

const rule: Rule = {
  meta: {
    id: "deprecated-directive",
    severity: "warning",
    description: "Removed or legacy directives (with the replacement), and .include lines",
    fixable: "safe",
  },
  check,
};
export default rule;
