/**
 * Does systemd 252 refuse to load a service, and with which log line? One implementation of the
 * conditions, used by the rules that report the refusals (missing-exec-start,
 * missing-required-setting, duplicate-directive) and by the exposure rating, which leaves refused
 * services out as `systemd-analyze security` does ("Unit foo.service has a bad unit file
 * setting.").
 *
 * A service does not load when:
 *   - its unit file does not parse (a fatal syntax problem: src/shared/conf-parser.c stops and the
 *     unit fails to load) or a value in it is one whose parser fails the load (Exec lines without
 *     "-", DynamicUser=, User=, WorkingDirectory=, RootDirectory= …: "Unit configuration has fatal
 *     error, unit will not be started."). Errors in a drop-in do not stop the unit:
 *     unit_load_dropin() ignores config_parse()'s result, only the rest of that drop-in is lost;
 *   - service_verify() (src/core/service.c at v252) refuses it, in this order: no ExecStart=,
 *     ExecStop= or SuccessAction=; no ExecStart= outside Type=oneshot; a oneshot without
 *     ExecStart=, SuccessAction= or RemainAfterExit=yes; several ExecStart= outside oneshot;
 *     oneshot with Restart=always/on-success; oneshot with ExitType=cgroup; Type=dbus without
 *     BusName=; PAMName= with KillMode= other than control-group or mixed.
 * Judged on the effective unit (fragment plus drop-ins, after empty resets; an invalid value is
 * ignored and the previous one stays).
 */
import type { Setting, Unit, UnitFile } from "./model.js";
import type { UnitAssignment, UnitSyntaxProblem } from "../core/unit-tree.js";
import { acceptedValue, valueVerdict } from "../values/accepted-value.js";
import { lookupDirective } from "../values/directive-table.js";
import { checkValue } from "../values/value-check.js";
import { parseUnitName } from "./unit-names.js";
import { listAfterResets } from "./units.js";
import { parseBoolean } from "../values/check-core.js";

/** `@bindir@`: placeholders of a build template (unsubstituted-placeholder's, not a fatal value). */
const PLACEHOLDER = /@[A-Za-z_][A-Za-z0-9_]*@/;

/**
 * The commands of an Exec list that systemd keeps: the non-empty lines after the last reset,
 * without those it logs and ignores (a bad command with the "-" prefix: "Neither a valid
 * executable name nor an absolute path, ignoring"). A fatal one stays: the unit fails on it
 * before anything counts the commands (fragmentFailure()); a build template's placeholders are
 * unsubstituted-placeholder's.
 */
function keptCommands(unit: Unit, key: string, version: number): Setting[] {
  const list = listAfterResets(
    applied(unit, version).filter((s) => s.section === "Service" && s.key === key),
    "Service",
    key,
  );
  return list.filter((s) => s.value !== "" && ((s.file.buildTemplate && PLACEHOLDER.test(s.value)) || valueVerdict(unit.type, "Service", key, s.value, version) !== "ignored"));
}

/** appliedAssignments(): cheap for a unit without drop-ins (most), and memoised value checks otherwise. */
function applied(unit: Unit, version: number): Setting[] {
  return unit.dropins.length === 0 ? unit.assignments : appliedAssignments(unit, version);
}

export interface EffectiveType {
  /** simple, exec, forking, oneshot, dbus, notify, notify-reload, idle. */
  type: string;
  /** The Type= line that set it, when one did. */
  setting?: Setting;
}

/**
 * The service type systemd ends up with: the last Type= it accepted (an empty Type= is logged and
 * ignored, "Failed to parse service type, ignoring"), else dbus with an accepted BusName=, simple
 * with ExecStart=, oneshot without (service_add_extras()). Lines systemd never applied (a
 * drop-in's after its fatal line) do not count.
 */
export function effectiveServiceType(unit: Unit, version: number): EffectiveType {
  const chosen = lastAccepted(unit, "Service", "Type", version);
  if (chosen) return { type: chosen.value, setting: chosen };
  if (lastAccepted(unit, "Service", "BusName", version)) return { type: "dbus" };
  return { type: keptCommands(unit, "ExecStart", version).length > 0 ? "simple" : "oneshot" };
}

/**
 * The last assignment of `key` systemd accepted and applied (empty ones are ignored as invalid,
 * unless `emptyResets`; a drop-in's lines after its fatal line are never applied). A value with
 * `%` specifiers is judged as systemd judges it, expanded (BusName=org.example.%i in a unit that
 * is not an instance is "org.example.", which it rejects).
 */
export function lastAccepted(unit: Unit, section: string, key: string, version: number, emptyResets = false): Setting | undefined {
  let chosen: Setting | undefined;
  for (const s of applied(unit, version)) {
    if (s.section !== section || s.key !== key) continue;
    if (s.value === "") {
      if (emptyResets) chosen = undefined;
    } else if (acceptedValue(unit.type, section, key, s.value.includes("%") ? unit.expand(s.value) : s.value, version)) chosen = s;
  }
  return chosen;
}

/** A boolean setting that is set and true (parse_boolean()). */
export function isTrue(s: Setting | undefined): boolean {
  return s !== undefined && parseBoolean(s.value) === true;
}

/** PAMName= with a KillMode= outside `allowed` (services and sockets refuse it), or null. */
export function pamKillModeConflict(unit: Unit, section: string, version: number, allowed: readonly string[]): { pam: Setting; kill: Setting } | null {
  const pam = lastAccepted(unit, section, "PAMName", version, true);
  if (!pam) return null;
  const kill = lastAccepted(unit, section, "KillMode", version);
  if (!kill || allowed.includes(kill.value)) return null;
  return { pam, kill };
}

/** What service_verify() logs for each refusal (v252, verbatim). */
const SERVICE_VERIFY_LOG = {
  "no-commands": "Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.",
  "no-exec-start": "Service has no ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.",
  "oneshot-nothing-to-do": "Service has no ExecStart= and no SuccessAction= settings and does not have RemainAfterExit=yes set. Refusing.",
  "several-exec-start": "Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.",
  "oneshot-restart": "Service has Restart= set to either always or on-success, which isn't allowed for Type=oneshot services. Refusing.",
  "oneshot-exit-cgroup": "Service has ExitType=cgroup set, which isn't allowed for Type=oneshot services. Refusing.",
  "dbus-without-bus-name": "Service is of type D-Bus but no D-Bus service name has been specified. Refusing.",
  "pam-kill-mode": "Service has PAM enabled. Kill mode must be set to 'control-group' or 'mixed'. Refusing.",
} as const;

export type ServiceVerifyKind = keyof typeof SERVICE_VERIFY_LOG;

/** A refusal of service_verify(), with the settings that decide it. */
export interface ServiceVerifyRefusal {
  kind: ServiceVerifyKind;
  /** What systemd logs. */
  log: string;
  /** The effective type, and the Type= line that set it (absent for the default). */
  type: string;
  typeSetting?: Setting;
  /** A SuccessAction= other than none is in effect (no-exec-start: only ExecStop=/SuccessAction= would run). */
  hasSuccessAction: boolean;
  /** The lines that decide it: several-exec-start the first two ExecStart=; oneshot-restart Restart=; oneshot-exit-cgroup ExitType=; pam-kill-mode PAMName= then KillMode=. */
  culprits: Setting[];
}

/** service_verify() of systemd 252 for a loaded service, or null when it accepts the service. */
export function serviceVerifyRefusal(unit: Unit, version: number): ServiceVerifyRefusal | null {
  const starts = keptCommands(unit, "ExecStart", version);
  const { type, setting: typeSetting } = effectiveServiceType(unit, version);
  const successAction = lastAccepted(unit, "Unit", "SuccessAction", version);
  const hasSuccessAction = successAction !== undefined && successAction.value !== "none";
  const refuse = (kind: ServiceVerifyKind, culprits: Setting[] = []): ServiceVerifyRefusal => ({
    kind,
    log: SERVICE_VERIFY_LOG[kind],
    type,
    ...(typeSetting ? { typeSetting } : {}),
    hasSuccessAction,
    culprits,
  });
  if (starts.length === 0) {
    const stops = keptCommands(unit, "ExecStop", version);
    if (stops.length === 0 && !hasSuccessAction) return refuse("no-commands");
    if (type !== "oneshot") return refuse("no-exec-start");
    if (!hasSuccessAction && !isTrue(lastAccepted(unit, "Service", "RemainAfterExit", version))) return refuse("oneshot-nothing-to-do");
  } else if (type !== "oneshot" && starts.length > 1) return refuse("several-exec-start", [starts[0]!, starts[1]!]);
  if (type === "oneshot") {
    const restart = lastAccepted(unit, "Service", "Restart", version);
    if (restart && (restart.value === "always" || restart.value === "on-success")) return refuse("oneshot-restart", [restart]);
    const exitType = lastAccepted(unit, "Service", "ExitType", version);
    if (exitType && exitType.value === "cgroup") return refuse("oneshot-exit-cgroup", [exitType]);
  }
  if (type === "dbus" && !lastAccepted(unit, "Service", "BusName", version)) return refuse("dbus-without-bus-name");
  const pam = pamKillModeConflict(unit, "Service", version, ["control-group", "mixed"]);
  if (pam) return refuse("pam-kill-mode", [pam.pam, pam.kill]);
  return null;
}

/** Where systemd stops reading a unit file and fails the unit's load. */
export type FragmentFailure =
  | { kind: "syntax"; problem: UnitSyntaxProblem }
  | { kind: "value"; assignment: UnitAssignment & { section: string }; message: string };

/** The message systemd logs when a value fails the load (src/core/load.c, unit_load()). */
export const FATAL_CONFIGURATION_LOG = "Unit configuration has fatal error, unit will not be started.";


/**
 * The first line of a unit file at which systemd stops reading it: a fatal syntax problem, or a
 * value whose parser fails (the fatal cases of invalid-value), whichever comes first; null when
 * it reads the whole file. For the unit file the unit then fails; for a drop-in only the rest of
 * the drop-in is lost.
 */
function fileFailure(file: UnitFile, version: number): FragmentFailure | null {
  const problem = file.ast.fatal ? file.ast.problems.find((p) => p.fatal) : undefined;
  const stop = problem ? problem.line : Infinity;
  const fileInstance = parseUnitName(file.unitName)?.instance || undefined;
  for (const a of file.ast.assignments) {
    if (a.line >= stop) break;
    if (a.section === null || a.value === "") continue;
    if (file.buildTemplate && PLACEHOLDER.test(a.value)) continue;
    const instance = fileInstance !== undefined && a.value.includes("%") ? fileInstance : undefined;
    // The memoised verdict first (a unit file can have many lines); the message only for the one that fails.
    if (instance === undefined && valueVerdict(file.unitType, a.section, a.key, a.value, version) !== "fatal") continue;
    const l = lookupDirective(file.unitType, a.section, a.key, version);
    if (l.status !== "known") continue;
    const p = checkValue(l.info.parser, a.value, { version, section: a.section, key: a.key, unitType: file.unitType, ...(instance ? { instance } : {}) });
    if (p?.fatal) return { kind: "value", assignment: a as UnitAssignment & { section: string }, message: p.message };
  }
  return problem ? { kind: "syntax", problem } : null;
}

/**
 * The assignments of a unit systemd applies: a drop-in's lines from the one where systemd stops
 * reading it (unit_load_dropin() ignores the error and loads the unit) are left out. The unit
 * file's are all kept: when it fails, the unit does not load (serviceLoadRefusal()).
 */
export function appliedAssignments(unit: Unit, version: number): Setting[] {
  const stops = new Map<UnitFile, number>();
  for (const d of unit.dropins) {
    const f = fileFailure(d, version);
    if (f) stops.set(d, f.kind === "syntax" ? f.problem.line : f.assignment.line);
  }
  if (stops.size === 0) return unit.assignments;
  return unit.assignments.filter((s) => s.loc.line < (stops.get(s.file) ?? Infinity));
}

/**
 * Where systemd stops reading a unit's own file (its fragment), failing the unit before any
 * *_verify() check runs; null when it reads the whole file.
 */
export function unitFileFailure(unit: Unit, version: number): FragmentFailure | null {
  return unit.fragment ? fileFailure(unit.fragment, version) : null;
}

/** Why systemd does not load a service: its unit file fails, or service_verify() refuses it. */
export type ServiceLoadRefusal = ({ stage: "parse" } & FragmentFailure) | ({ stage: "verify" } & ServiceVerifyRefusal);

/**
 * Does systemd 252 refuse to load this service (null: it loads)? The unit file first (systemd
 * never verifies a unit it could not read), then service_verify().
 */
export function serviceLoadRefusal(unit: Unit, version: number): ServiceLoadRefusal | null {
  if (unit.type !== "service" || !unit.fragment) return null;
  const failure = fileFailure(unit.fragment, version);
  if (failure) return { stage: "parse", ...failure };
  const verify = serviceVerifyRefusal(unit, version);
  return verify ? { stage: "verify", ...verify } : null;
}

/** The refusal in one line, as systemd logs it ("Service has no ExecStart=, … Refusing."; for the unit file, its line). */
export function refusalLog(r: ServiceLoadRefusal): string {
  if (r.stage === "verify") return r.log;
  if (r.kind === "value") return `${FATAL_CONFIGURATION_LOG} (line ${r.assignment.line}: ${r.message})`;
  return `line ${r.problem.line}: ${r.problem.message}`;
}
