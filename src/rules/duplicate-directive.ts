/**
 * duplicate-directive: a single-value directive set twice in one file. systemd keeps the last
 * assignment silently (src/shared/conf-parser.c; checked with systemd-analyze verify 252), so the first is dead — usually a
 * copy-paste leftover or an edit made in the wrong place. Lists and dependencies accumulate
 * and are not reported.
 *
 * Also, across the fragment and its drop-ins: a second ExecStart= line in a service that is
 * not Type=oneshot makes systemd refuse the unit ("Service has more than one ExecStart=
 * setting") — the classic drop-in that forgot the empty `ExecStart=` reset. That one is an
 * error, reported when serviceVerifyRefusal() (src/model/service-verify.ts, the one
 * implementation of service_verify()) refuses the unit for it. (A second command on the same
 * line, through a lone ";", is inline-comment's.)
 */
import type { UnitAssignment } from "../core/unit-tree.js";
import type { Rule, RuleContext } from "./rule.js";
import { deleteAssignmentFix, fixPolicy } from "./_fixes.js";
import { fileFix } from "../fix/unit-fix.js";
import { insertLinesEdit } from "../fix/edits.js";
import { assignmentLoc, distinctConfigurations, failsEarlierNote, hasUnreadableFile, quote, reportableUnitFiles, written, judgedAssignments, judgedLookups } from "./_unit-files.js";
import { acceptedValue } from "../values/accepted-value.js";
import { emptyAssignmentInfo } from "../values/directive-table.js";

/** Does `Key=` (empty) reset the setting? systemd 252 accepts it silently for most keys. */
function emptyResets(section: string, key: string): boolean {
  const b = emptyAssignmentInfo(section, key)?.behaviour;
  return b === undefined || b === "silent";
}
import { serviceVerifyRefusal } from "../model/service-verify.js";
import type { Setting } from "../model/model.js";

/**
 * Parsers whose value replaces the previous one (scalars, enumerations, single paths and
 * names). Everything else (command lines, environment, dependencies, conditions, paths lists,
 * filters, Listen*=, per-device settings …) accumulates or is not known to replace.
 */
const SINGLE_VALUE_PARSERS = new Set([
  "config_parse_bool",
  "config_parse_tristate",
  "config_parse_unsigned",
  "config_parse_int",
  "config_parse_long",
  "config_parse_mode",
  "config_parse_sec",
  "config_parse_sec_fix_0",
  "config_parse_sec_def_infinity",
  "config_parse_nsec",
  "config_parse_service_timeout",
  "config_parse_service_timeout_abort",
  "config_parse_service_timeout_failure_mode",
  "config_parse_job_timeout_sec",
  "config_parse_job_running_timeout_sec",
  "config_parse_iec_size",
  "config_parse_rlimit",
  "config_parse_signal",
  "config_parse_exit_status",
  "config_parse_exec_nice",
  "config_parse_exec_oom_score_adjust",
  "config_parse_exec_io_class",
  "config_parse_exec_io_priority",
  "config_parse_exec_cpu_sched_policy",
  "config_parse_exec_cpu_sched_prio",
  "config_parse_swap_priority",
  "config_parse_cg_weight",
  "config_parse_cg_cpu_weight",
  "config_parse_cpu_quota",
  "config_parse_tasks_max",
  "config_parse_memory_limit",
  "config_parse_service_type",
  "config_parse_service_restart",
  "config_parse_service_restart_mode",
  "config_parse_service_exit_type",
  "config_parse_notify_access",
  "config_parse_kill_mode",
  "config_parse_oom_policy",
  "config_parse_emergency_action",
  "config_parse_job_mode",
  "config_parse_job_mode_isolate",
  "config_parse_collect_mode",
  "config_parse_socket_bind",
  "config_parse_socket_timestamping",
  "config_parse_socket_protocol",
  "config_parse_exec_utmp_mode",
  "config_parse_exec_preserve_mode",
  "config_parse_exec_keyring_mode",
  "config_parse_exec_mount_propagation_flag",
  "config_parse_protect_system",
  "config_parse_protect_home",
  "config_parse_protect_proc",
  "config_parse_proc_subset",
  "config_parse_private_tmp",
  "config_parse_private_users",
  "config_parse_protect_hostname",
  "config_parse_protect_control_groups",
  "config_parse_managed_oom_mode",
  "config_parse_managed_oom_preference",
  "config_parse_memory_pressure_watch",
  "config_parse_device_policy",
  "config_parse_numa_policy",
  "config_parse_log_level",
  "config_parse_log_facility",
  "config_parse_ip_tos",
  "config_parse_unit_string_printf",
  "config_parse_string",
  "config_parse_unit_path_printf",
  "config_parse_working_directory",
  "config_parse_pid_file",
  "config_parse_user_group_compat",
  "config_parse_bus_name",
  "config_parse_socket_service",
  "config_parse_unit_slice",
  "config_parse_trigger_unit",
  "config_parse_fdname",
  "config_parse_exec_input",
  "config_parse_exec_output",
  "config_parse_tty_size",
  "config_parse_reboot_parameter",
]);

function perFile(ctx: RuleContext): void {
  const version = ctx.options.systemdVersion;
  for (const uf of reportableUnitFiles(ctx)) {
    const bySetting = new Map<string, UnitAssignment[]>();
    const judged = judgedAssignments(ctx, uf);
    const lookups = judgedLookups(ctx, uf);
    for (let i = 0; i < judged.length; i++) {
      const a = judged[i];
      const l = lookups[i];
      if (l.status !== "known" || !SINGLE_VALUE_PARSERS.has(l.info.parser)) continue;
      const k = `${a.section}\0${a.key}`;
      const list = bySetting.get(k);
      if (list) list.push(a);
      else bySetting.set(k, [a]);
    }
    for (const list of bySetting.values()) {
      // Assignments systemd applies: empty ones (resets) and values it accepts (a rejected value is ignored).
      // An empty assignment resets the setting only where systemd accepts it; where it logs and
      // ignores it (e.g. RemainAfterExit=, empty-assignment's "warns") the earlier value stays,
      // and a fatal one is empty-assignment's error.
      const applied = list.filter((a) => (a.value === "" ? emptyResets(a.section!, a.key) : acceptedValue(uf.unitType, a.section!, a.key, a.value, version)));
      for (let i = 0; i + 1 < applied.length; i++) {
        const dead = applied[i];
        if (dead.value === "") continue; // `Key=` before `Key=value`: a reset, harmless
        const next = applied[i + 1];
        const last = applied[applied.length - 1];
        const same = next.value === dead.value;
        const message = same
          ? `${written(dead.key, dead.value)} is set again on line ${next.line} of [${dead.section}]`
          : next.value === ""
            ? `${written(dead.key, dead.value)} is reset by the empty ${dead.key}= on line ${next.line}`
            : `${written(dead.key, dead.value)} has no effect: ${written(next.key, next.value)} on line ${next.line} replaces it`;
        ctx.report({
          at: assignmentLoc(dead),
          message,
          notes: [
            `${dead.key}= takes one value and systemd silently keeps the last assignment in the file${last.value === "" ? " (here the empty one, which resets it to the default)" : `: ${quote(last.value)} (line ${last.line})`}`,
          ],
          related: [{ file: next.file, line: next.line, column: next.column, endLine: next.endLine, endColumn: next.endColumn, message: `${dead.key}= set again here` }],
          help: same ? `remove one of the two lines` : `remove the line that should not apply, and keep one ${dead.key}=`,
          // The dead line has no effect: removing it changes nothing at run time.
          fix: deleteAssignmentFix(ctx, uf, dead, { safe: true, description: `remove the dead ${written(dead.key, dead.value)} (line ${dead.line})` }),
        });
      }
    }
  }
}

/** Several ExecStart= lines in a service that is not Type=oneshot: systemd refuses the unit. */
function execStarts(ctx: RuleContext): void {
  const version = ctx.options.systemdVersion;
  for (const unit of distinctConfigurations(ctx)) {
    if (unit.type !== "service" || unit.masked || !unit.fragment || !unit.reportable) continue;
    if (hasUnreadableFile(unit)) continue;
    const refusal = serviceVerifyRefusal(unit, version);
    if (!refusal || refusal.kind !== "several-exec-start") continue;
    const { type, typeSetting: setting } = refusal;
    const [first, second] = refusal.culprits as [Setting, Setting];
    if (!second.file.reportable) continue;
    const inDropin = second.file.kind === "dropin";
    ctx.report({
      at: second.loc,
      severity: "error",
      message: `second ExecStart= for ${unit.name}, a Type=${type} service: ${written("ExecStart", second.value)} adds to ${written("ExecStart", first.value)} instead of replacing it`,
      notes: [
        `systemd logs "${refusal.log}" and the unit does not load`,
        setting ? `Type=${type} is set at ${setting.file.display}:${setting.loc.line}` : `Type=${type} is the default here`,
        ...failsEarlierNote(unit, version),
      ],
      related: [{ file: first.loc.file, line: first.loc.line, column: first.loc.column, message: "the first ExecStart=" }],
      help: inDropin
        ? `put an empty "ExecStart=" line before ${written("ExecStart", second.value)} in ${second.file.display}: it clears the command list first`
        : `keep one ExecStart= (use ExecStartPre=/ExecStartPost= for the others), or use Type=oneshot`,
      // Replacing the vendor command is what such a drop-in almost always means, but it changes the command that runs.
      fix:
        inDropin && first.file !== second.file
          ? fileFix(fixPolicy(ctx), second.file, (t) => [insertLinesEdit(t, second.loc.line - 1, ["ExecStart="])], {
              safe: false,
              description: `reset ExecStart= before ${second.file.display}:${second.loc.line}, so that its command replaces ${first.file.display}'s`,
            })
          : undefined,
    });
  }
}

const rule: Rule = {
  meta: {
    id: "duplicate-directive",
    severity: "warning",
    description: "A single-value directive set twice in one file (the first is dead); several ExecStart= in a non-oneshot service",
    fixable: "safe",
  },
  check(ctx) {
    perFile(ctx);
    execStarts(ctx);
  },
};
export default rule;
