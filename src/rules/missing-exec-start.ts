/**
 * missing-exec-start: a service systemd refuses to load for lack of ExecStart= (service_verify()
 * in src/core/service.c; checked with systemd-analyze verify 252):
 *   - no ExecStart=, no ExecStop= and no SuccessAction= → "Service has no ExecStart=,
 *     ExecStop=, or SuccessAction=. Refusing.";
 *   - no ExecStart= and a type other than oneshot → "Service has no ExecStart= setting, which
 *     is only allowed for Type=oneshot services. Refusing.";
 *   - a oneshot with only ExecStop=, no SuccessAction= and no RemainAfterExit=yes → "Service has
 *     no ExecStart= and no SuccessAction= settings and does not have RemainAfterExit=yes set.
 *     Refusing."
 * Judged on the effective unit (fragment plus drop-ins, after empty resets). Without Type=,
 * systemd picks dbus when BusName= is set, else simple with ExecStart= and oneshot without.
 * Whether systemd refuses is decided by serviceVerifyRefusal() (src/model/service-verify.ts),
 * the one implementation of service_verify(); this rule says why and where.
 */
import type { Location } from "../core/types.js";
import type { Setting, Unit } from "../model/model.js";
import type { Rule, RuleContext } from "./rule.js";
import { distinctConfigurations, hasUnreadableFile, includesOtherFiles, failsEarlierNote } from "./_unit-files.js";
import { serviceVerifyRefusal } from "../model/service-verify.js";

/** The last empty ExecStart= (the reset that removed the commands), if any. */
function lastReset(unit: Unit): Setting | undefined {
  const all = unit.assignments.filter((s) => s.section === "Service" && s.key === "ExecStart");
  const last = all[all.length - 1];
  return last && last.value === "" ? last : undefined;
}

/** Where to point: the reset that emptied the list, else the [Service] header, else line 1. */
function location(unit: Unit, reset: Setting | undefined): Location {
  if (reset && reset.file.reportable) return reset.loc;
  const f = unit.fragment!;
  const header = f.ast.sections.find((s) => s.name === "Service");
  if (header) return { file: header.file, line: header.line, column: header.column, endLine: header.endLine, endColumn: header.endColumn };
  return { file: f.display, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** The refusals of service_verify() that are this rule's (the first three, for a missing ExecStart=). */
const MINE = new Set(["no-commands", "no-exec-start", "oneshot-nothing-to-do"]);

function check(ctx: RuleContext): void {
  const version = ctx.options.systemdVersion;
  for (const unit of distinctConfigurations(ctx)) {
    if (unit.type !== "service" || unit.masked || !unit.fragment || !unit.reportable) continue;
    // A file systemd cannot read at all is syntax-error's; what is missing from it is unknown.
    if (hasUnreadableFile(unit) || includesOtherFiles(ctx, unit)) continue;
    const refusal = serviceVerifyRefusal(unit, version);
    if (!refusal || !MINE.has(refusal.kind)) continue;
    const { type, typeSetting: setting, hasSuccessAction } = refusal;
    const reset = lastReset(unit);
    const resetNote = [
      ...(reset ? [`the empty ExecStart= at ${reset.file.display}:${reset.loc.line} clears the commands set before it, and none follows`] : []),
      ...failsEarlierNote(unit, version),
    ];
    if (refusal.kind === "no-commands") {
      ctx.report({
        at: location(unit, reset),
        message: `${unit.name} has no ExecStart=, ExecStop= or SuccessAction=: systemd refuses to load it`,
        notes: [`systemd logs "${refusal.log}" and the unit has load state bad-setting`, ...resetNote],
        help: reset
          ? `add the command after the empty line: ExecStart=/path/to/program …`
          : `add ExecStart=/path/to/program …; for a unit that only acts when stopped, use Type=oneshot, RemainAfterExit=yes and ExecStop=`,
      });
    } else if (refusal.kind === "no-exec-start") {
      ctx.report({
        at: setting && setting.file.reportable ? setting.loc : location(unit, reset),
        message: `${unit.name} is a Type=${type} service without ExecStart=: systemd refuses to load it`,
        notes: [
          `systemd logs "${refusal.log}"`,
          setting ? `Type=${type} is set at ${setting.file.display}:${setting.loc.line}` : `without Type=, a service with BusName= is Type=dbus`,
          ...resetNote,
        ],
        help: `add ExecStart=/path/to/program …, or use Type=oneshot if only ExecStop=${hasSuccessAction ? "/SuccessAction=" : ""} should run`,
      });
    } else {
      ctx.report({
        at: setting && setting.file.reportable ? setting.loc : location(unit, reset),
        message: `${unit.name} has only ExecStop= and no RemainAfterExit=yes: systemd refuses to load it`,
        notes: [
          `systemd logs "${refusal.log}"`,
          "without ExecStart= the service would be inactive again at once, so its ExecStop= would never run",
          ...resetNote,
        ],
        help: "add RemainAfterExit=yes (the service then stays active until stopped), or an ExecStart=",
      });
    }
  }
}

const rule: Rule = {
  meta: {
    id: "missing-exec-start",
    severity: "error",
    description: "A service systemd refuses to load for lack of ExecStart= (respecting Type=oneshot, ExecStop= and SuccessAction=)",
  },
  check,
};
export default rule;
