/**
 * Value grammars of systemd's `config_parse_*` functions, checked statically.
 *
 * checkValue() answers "would systemd `version` reject this value?", with a message that
 * quotes the value and says what systemd does. It must never report a value systemd
 * accepts: parsers not implemented here, and values whose validity depends on the host
 * (interface names, user existence, personalities, capabilities) or on specifier
 * expansion that cannot be known statically, give null.
 *
 * Empty values are not checked here (see emptyAssignmentInfo in directive-table.ts).
 * The grammars live in check-*.ts and calendar.ts; this file is the parser → check table.
 */
import { checkTimer } from "./calendar.js";
import { type Check, IGNORED, type ValueContext, type ValueProblem, checkBool, problem, q } from "./check-core.js";
import { checkAddressFamilies, checkBindPaths, checkDeviceAllow, checkIODeviceLatency, checkIODeviceWeight, checkIOLimit, checkSyscallFilter, checkTriggerUnit } from "./check-sandbox.js";
import { ENUMS, checkCgCpuWeight, checkCgWeight, checkCpuQuota, checkExitStatus, checkMemoryLimit, checkMode, checkRlimit, checkSetStatus, checkSignal, checkSize, checkTasksMax, enumCheck, numberCheck, parsePermyriad, rangeCheck, timespanCheck } from "./check-scalars.js";
import { checkAddressPrefixes, checkBusName, checkDocumentation, checkFdName, checkNamespaceFlags, checkSocketBind, checkSocketListen, checkStdio } from "./check-sockets.js";
import { absolutePathCheck, checkConditionPath, checkEnvFile, checkEnviron, checkExec, checkExecDirectories, checkPassEnviron, checkPidFile, checkTemporaryFilesystems, checkUnitPathPrintf, checkUserGroup, checkUserGroupList, checkWorkingDirectory, pathListCheck, specifierProblem, unitNameListCheck } from "./check-words.js";
import { lookupTable } from "../core/lookup-table.js";

export type { ValueProblem } from "./check-core.js";

const CHECKS: Record<string, Check> = lookupTable({
  config_parse_bool: checkBool,
  config_parse_tristate: checkBool,
  config_parse_unsigned: numberCheck("unsigned"),
  config_parse_int: numberCheck("int"),
  config_parse_long: numberCheck("long"),
  config_parse_tty_size: numberCheck("unsigned"),
  config_parse_mode: checkMode,
  config_parse_sec: timespanCheck(false),
  config_parse_sec_fix_0: timespanCheck(false),
  config_parse_sec_def_infinity: timespanCheck(false),
  config_parse_service_timeout: timespanCheck(false),
  config_parse_service_timeout_abort: timespanCheck(false),
  config_parse_job_timeout_sec: timespanCheck(false),
  config_parse_job_running_timeout_sec: timespanCheck(false),
  config_parse_nsec: timespanCheck(true),
  config_parse_iec_size: checkSize,
  config_parse_rlimit: checkRlimit,
  config_parse_signal: checkSignal,
  config_parse_exit_status: checkExitStatus,
  config_parse_set_status: checkSetStatus,
  config_parse_exec_nice: rangeCheck(-20, 19, "a nice level"),
  config_parse_exec_oom_score_adjust: rangeCheck(-1000, 1000, "an OOM score adjustment"),
  config_parse_exec_io_priority: rangeCheck(0, 7, "an I/O priority"),
  config_parse_exec_cpu_sched_prio: rangeCheck(0, 99, "a CPU scheduling priority"),
  config_parse_swap_priority: rangeCheck(-1, 32767, "a swap priority"),
  config_parse_cg_weight: checkCgWeight,
  config_parse_cg_cpu_weight: checkCgCpuWeight,
  config_parse_cpu_quota: checkCpuQuota,
  config_parse_tasks_max: checkTasksMax,
  config_parse_memory_limit: checkMemoryLimit,
  config_parse_exec: checkExec,
  config_parse_unit_deps: unitNameListCheck(),
  config_parse_obsolete_unit_deps: unitNameListCheck(),
  config_parse_service_sockets: unitNameListCheck({ suffix: "socket" }),
  config_parse_socket_service: unitNameListCheck({ suffix: "service", single: true }),
  config_parse_unit_slice: unitNameListCheck({ suffix: "slice", single: true }),
  config_parse_trigger_unit: checkTriggerUnit,
  config_parse_user_group_compat: checkUserGroup,
  config_parse_user_group_strv_compat: checkUserGroupList,
  config_parse_socket_listen: checkSocketListen,
  config_parse_fdname: checkFdName,
  config_parse_bus_name: checkBusName,
  config_parse_exec_input: checkStdio("input"),
  config_parse_exec_output: checkStdio("output"),
  config_parse_documentation: checkDocumentation,
  config_parse_unit_path_printf: checkUnitPathPrintf,
  config_parse_working_directory: checkWorkingDirectory,
  config_parse_pid_file: checkPidFile,
  config_parse_unit_env_file: checkEnvFile,
  config_parse_environ: checkEnviron,
  config_parse_pass_environ: checkPassEnviron,
  config_parse_unset_environ: checkPassEnviron,
  config_parse_unit_condition_path: checkConditionPath,
  config_parse_path_spec: absolutePathCheck(),
  config_parse_unit_mounts_for: pathListCheck({}),
  config_parse_unit_path_strv_printf: pathListCheck({}),
  config_parse_namespace_path_strv: pathListCheck({ prefixes: true }),
  config_parse_temporary_filesystems: checkTemporaryFilesystems,
  config_parse_exec_directories: checkExecDirectories,
  config_parse_namespace_flags: checkNamespaceFlags,
  config_parse_in_addr_prefixes: checkAddressPrefixes,
  config_parse_cgroup_socket_bind: checkSocketBind,
  config_parse_timer: checkTimer,
  config_parse_address_families: checkAddressFamilies,
  config_parse_syscall_filter: checkSyscallFilter,
  config_parse_device_allow: checkDeviceAllow,
  config_parse_io_device_weight: checkIODeviceWeight,
  config_parse_io_limit: checkIOLimit,
  config_parse_io_device_latency: checkIODeviceLatency,
  config_parse_bind_paths: checkBindPaths,
  config_parse_unit_string_printf: (value, ctx) => specifierProblem(value, "unit", ctx, false),
});

for (const [parser, spec] of Object.entries(ENUMS)) CHECKS[parser] = enumCheck(spec);

/**
 * ManagedOOMSwap=, ManagedOOMMemoryPressure=, ManagedOOMMemoryPressureLimit=: only unit types
 * with `can_set_managed_oom` accept them. systemd 252 (verified) rejects them in sockets,
 * mounts and swaps ("… is not supported for this unit type, ignoring.") and accepts them in
 * services, slices and scopes.
 */
const NO_MANAGED_OOM = new Set(["socket", "mount", "swap"]);
function managedOOMOnlySlices(inner: Check | undefined): Check {
  return (value, ctx) => {
    if (ctx.version >= 252 && NO_MANAGED_OOM.has(ctx.unitType)) {
      return problem(`${ctx.key}=${value}: ${ctx.key}= is only supported in service, slice and scope units, not in a .${ctx.unitType} unit: ${IGNORED}`);
    }
    return inner ? inner(value, ctx) : null;
  };
}
CHECKS.config_parse_managed_oom_mode = managedOOMOnlySlices(CHECKS.config_parse_managed_oom_mode);
CHECKS.config_parse_managed_oom_mem_pressure_limit = managedOOMOnlySlices((value, ctx) =>
  parsePermyriad(value, false) !== null ? null : problem(`${q(value)} is not a percentage (0%…100%, or ‰/‱) for ${ctx.key}=: ${IGNORED}`),
);

/**
 * Checks `value` against the grammar of `parser` (a `config_parse_*` name from the
 * directive table) as systemd `ctx.version` would. Null when the value is accepted, the
 * value is empty, or the parser is not implemented.
 */
export function checkValue(parser: string, value: string, ctx: ValueContext): ValueProblem | null {
  if (value === "") return null;
  const check = CHECKS[parser];
  if (!check) return null;
  const p = check(value, ctx);
  if (p && PLACEHOLDER.test(value)) p.message += " (the value looks like an unsubstituted build-time placeholder such as @bindir@)";
  return p;
}

/** `@sbindir@`, `@UNBOUND_RUN_DIR@`, `__ASTERISK_SBIN_DIR__`: autoconf/meson/sed placeholders of `.in` templates. */
const PLACEHOLDER = /@[A-Za-z_][A-Za-z0-9_]*@|__[A-Z][A-Z0-9_]*__/;
