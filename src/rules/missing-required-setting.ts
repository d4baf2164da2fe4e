/**
 * missing-required-setting: units systemd 252 loads and then refuses as a whole (load state
 * bad-setting), in the words of its *_verify() functions:
 *   - socket_verify() (src/core/socket.c): no Listen*= left after invalid lines are ignored and
 *     empty assignments have reset the list; Accept=yes with non-accepting sockets (datagram,
 *     FIFO, special files, message queues, netlink, USB functions); Accept=yes with
 *     MaxConnections=0; Accept=yes with an explicit Service=; PAMName= with a KillMode= other
 *     than control-group;
 *   - path_verify() (src/core/path.c): no Path*= left;
 *   - timer_verify() (src/core/timer.c): no On*= value left and neither OnClockChange=yes nor
 *     OnTimezoneChange=yes;
 *   - mount_verify() (src/core/mount.c), automount_verify() (src/core/automount.c): Where= that
 *     does not name this unit (unit_name_from_path()); a mount without What=;
 *   - service_verify() (src/core/service.c): Type=oneshot with Restart=always or on-success;
 *     Type=oneshot with ExitType=cgroup; Type=dbus without BusName=; PAMName= with
 *     KillMode=process or none (decided by serviceVerifyRefusal(), src/model/service-verify.ts,
 *     the one implementation of service_verify()). The refusals for a
 *     missing ExecStart= are missing-exec-start's, and a second ExecStart= outside oneshot is
 *     duplicate-directive's: systemd stops at the first refusal, so a unit those rules refuse
 *     is not judged here.
 * Judged on the effective unit: fragment, then drop-ins in order; an empty assignment resets a
 * list, an invalid one is ignored (the value rules report it).
 */
import type { Location } from "../core/types.js";
import type { Setting, Unit } from "../model/model.js";
import type { Rule, RuleContext } from "./rule.js";
import { distinctConfigurations, hasUnreadableFile, includesOtherFiles, failsEarlierNote } from "./_unit-files.js";
import { acceptedValue } from "../values/accepted-value.js";
import { isTrue, lastAccepted, pamKillModeConflict, serviceVerifyRefusal } from "../model/service-verify.js";
import { settingRelated } from "./helpers.js";

const LISTEN_KEYS = new Set(["ListenStream", "ListenDatagram", "ListenSequentialPacket", "ListenFIFO", "ListenSpecial", "ListenNetlink", "ListenMessageQueue", "ListenUSBFunction"]);
/** Ports that Accept=yes cannot accept on (have_non_accept_socket()): only stream and seqpacket sockets can. */
const NON_ACCEPTING = new Set(["ListenDatagram", "ListenFIFO", "ListenSpecial", "ListenNetlink", "ListenMessageQueue", "ListenUSBFunction"]);
const PATH_KEYS = new Set(["PathExists", "PathExistsGlob", "PathChanged", "PathModified", "DirectoryNotEmpty"]);
const TIMER_KEYS = new Set(["OnActiveSec", "OnBootSec", "OnStartupSec", "OnUnitActiveSec", "OnUnitInactiveSec", "OnCalendar"]);

interface Collected {
  /** The accepted assignments left after the last reset. */
  kept: Setting[];
  /** The empty assignment that last reset the list. */
  reset?: Setting;
  /** Assignments systemd ignored as invalid (before or after the reset). */
  ignored: Setting[];
}

/** A list fed by several keys of one section, where an empty assignment of any of them clears it all. */
function collect(unit: Unit, section: string, keys: ReadonlySet<string>, version: number): Collected {
  const out: Collected = { kept: [], ignored: [] };
  for (const s of unit.assignments) {
    if (s.section !== section || !keys.has(s.key)) continue;
    if (s.value === "") {
      out.kept = [];
      out.reset = s;
    } else if (acceptedValue(unit.type, section, s.key, s.value, version)) out.kept.push(s);
    else out.ignored.push(s);
  }
  return out;
}

/** The section header of the fragment, else its first line. */
function headerOf(unit: Unit, section: string): Location {
  const f = unit.fragment!;
  const header = f.ast.sections.find((s) => s.name === section);
  if (header) return { file: header.file, line: header.line, column: header.column, endLine: header.endLine, endColumn: header.endColumn };
  return { file: f.display, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** The culprit's location when its file is shown, else the section header. */
function at(unit: Unit, section: string, culprit: Setting | undefined): Location {
  return culprit && culprit.file.reportable ? culprit.loc : headerOf(unit, section);
}

const where = (s: Setting): string => `${s.file.display}:${s.loc.line}`;

/** unit_name_path_escape() after path_simplify(): `/srv/my data` → `srv-my\x20data`. */
function pathToUnitPrefix(path: string): string | null {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) return null; // not normalized: unit_name_from_path() fails
  if (parts.length === 0) return "-";
  const bytes = Buffer.from(parts.join("/"), "utf8");
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const c = String.fromCharCode(b);
    if (c === "/") out += "-";
    else if ((i === 0 && c === ".") || !/[A-Za-z0-9:_.]/.test(c)) out += "\\x" + b.toString(16).padStart(2, "0");
    else out += c;
  }
  return out;
}

interface Refusal {
  at: Location;
  /** What systemd logs, verbatim (v252). */
  log: string;
  message: string;
  notes?: string[];
  help: string;
  related?: Setting[];
}

function socketRefusal(unit: Unit, version: number): Refusal | null {
  const ports = collect(unit, "Socket", LISTEN_KEYS, version);
  if (ports.kept.length === 0) {
    const notes: string[] = [];
    if (ports.reset) notes.push(`the empty ${ports.reset.key}= at ${where(ports.reset)} removes every address set before it (of every Listen*= kind)`);
    if (ports.ignored.length > 0) notes.push(`systemd ignores ${ports.ignored.map((s) => `${s.key}=${s.value} (${where(s)})`).join(", ")}: the value is invalid`);
    return {
      at: at(unit, "Socket", ports.reset ?? ports.ignored[ports.ignored.length - 1]),
      log: "Unit has no Listen setting (ListenStream=, ListenDatagram=, ListenFIFO=, ...). Refusing.",
      message: `${unit.name} has no valid Listen*= address left: systemd refuses to load the socket`,
      notes,
      help: "add a Listen*= line with a valid address (ListenStream=127.0.0.1:8080, ListenStream=/run/foo.sock …) after any empty reset line",
      related: ports.ignored,
    };
  }
  const accept = lastAccepted(unit, "Socket", "Accept", version);
  if (isTrue(accept)) {
    const bad = ports.kept.find((s) => NON_ACCEPTING.has(s.key));
    if (bad) {
      return {
        at: at(unit, "Socket", accept),
        log: "Unit configured for accepting sockets, but sockets are non-accepting. Refusing.",
        message: `${unit.name} has Accept=yes but ${bad.key}=${bad.value} cannot accept connections: systemd refuses to load the socket`,
        notes: [`only ListenStream= and ListenSequentialPacket= sockets accept connections; ${bad.key}= is at ${where(bad)}`],
        help: "set Accept=no (one service receives the socket), or listen with ListenStream=",
        related: [bad],
      };
    }
    const max = lastAccepted(unit, "Socket", "MaxConnections", version);
    if (max && Number(max.value) === 0) {
      return {
        at: at(unit, "Socket", max),
        log: "MaxConnection= setting too small. Refusing.",
        message: `${unit.name} has Accept=yes and MaxConnections=0: systemd refuses to load the socket`,
        help: "remove MaxConnections= (default 64) or set it to at least 1",
      };
    }
    const service = lastAccepted(unit, "Socket", "Service", version);
    if (service) {
      return {
        at: at(unit, "Socket", service),
        log: "Explicit service configuration for accepting socket units not supported. Refusing.",
        message: `${unit.name} has Accept=yes and Service=${service.value}: systemd refuses to load the socket`,
        notes: [`with Accept=yes each connection starts an instance of the template ${unit.prefix}@.service; Service= cannot name another unit`],
        help: `remove Service= and provide ${unit.prefix}@.service, or set Accept=no to hand the listening socket to ${service.value}`,
      };
    }
  }
  return pamRefusal(unit, "Socket", version, ["control-group"], "Unit has PAM enabled. Kill mode must be set to 'control-group'. Refusing.");
}

function pamRefusal(unit: Unit, section: string, version: number, allowed: string[], log: string): Refusal | null {
  const conflict = pamKillModeConflict(unit, section, version, allowed);
  return conflict ? pamRefusalOf(unit, section, conflict.pam, conflict.kill, allowed, log) : null;
}

function pamRefusalOf(unit: Unit, section: string, pam: Setting, kill: Setting, allowed: readonly string[], log: string): Refusal {
  return {
    at: at(unit, section, kill),
    log,
    message: `${unit.name} has PAMName= and KillMode=${kill.value}: systemd refuses to load it`,
    notes: [`PAMName= is set at ${where(pam)}; the PAM session must end with the whole control group`],
    help: `set KillMode=${allowed.join(" or ")}, or remove PAMName=`,
    related: [pam],
  };
}

function pathRefusal(unit: Unit, version: number): Refusal | null {
  const specs = collect(unit, "Path", PATH_KEYS, version);
  if (specs.kept.length > 0) return null;
  const notes: string[] = [];
  if (specs.reset) notes.push(`the empty ${specs.reset.key}= at ${where(specs.reset)} removes every path set before it`);
  if (specs.ignored.length > 0) notes.push(`systemd ignores ${specs.ignored.map((s) => `${s.key}=${s.value} (${where(s)})`).join(", ")}: the value is invalid`);
  return {
    at: at(unit, "Path", specs.reset ?? specs.ignored[specs.ignored.length - 1]),
    log: "Path unit lacks path setting. Refusing.",
    message: `${unit.name} has no valid PathExists=, PathExistsGlob=, PathChanged=, PathModified= or DirectoryNotEmpty=: systemd refuses to load the path unit`,
    notes,
    help: "add e.g. PathChanged=/absolute/path to the [Path] section",
    related: specs.ignored,
  };
}

function timerRefusal(unit: Unit, version: number): Refusal | null {
  const values = collect(unit, "Timer", TIMER_KEYS, version);
  if (values.kept.length > 0) return null;
  if (isTrue(lastAccepted(unit, "Timer", "OnClockChange", version)) || isTrue(lastAccepted(unit, "Timer", "OnTimezoneChange", version))) return null;
  const notes: string[] = [];
  if (values.reset) notes.push(`the empty ${values.reset.key}= at ${where(values.reset)} removes every trigger set before it`);
  if (values.ignored.length > 0) notes.push(`systemd ignores ${values.ignored.map((s) => `${s.key}=${s.value} (${where(s)})`).join(", ")}: the value is invalid`);
  return {
    at: at(unit, "Timer", values.reset ?? values.ignored[values.ignored.length - 1]),
    log: "Timer unit lacks value setting. Refusing.",
    message: `${unit.name} has no trigger (OnCalendar=, OnBootSec=, OnUnitActiveSec= …, OnClockChange=yes, OnTimezoneChange=yes): systemd refuses to load the timer`,
    notes,
    help: "add a trigger such as OnCalendar=daily or OnBootSec=5min to the [Timer] section",
    related: values.ignored,
  };
}

function mountRefusal(unit: Unit, version: number): Refusal | null {
  if (unit.name === "-.mount") return null; // perpetual root mount
  const section = unit.type === "automount" ? "Automount" : "Mount";
  const whereSetting = lastAccepted(unit, section, "Where", version, true);
  if (whereSetting) {
    const path = unit.expand(whereSetting.value);
    const prefix = path.includes("%") ? null : pathToUnitPrefix(path);
    if (prefix !== null) {
      const expected = `${prefix}.${unit.type}`;
      const names = [unit.name, ...unit.aliases];
      if (!names.includes(expected)) {
        return {
          at: at(unit, section, whereSetting),
          log: "Where= setting doesn't match unit name. Refusing.",
          message: `${unit.name} has Where=${whereSetting.value}, which belongs to ${expected}: systemd refuses to load the ${unit.type}`,
          notes: [`a${unit.type === "automount" ? "n automount" : " mount"} unit must be named after its mount point (systemd-escape --path --suffix=${unit.type} PATH)`],
          help: `rename the file to ${expected}, or set Where= to the path this name stands for`,
        };
      }
    }
  }
  if (unit.type === "mount" && !lastAccepted(unit, "Mount", "What", version, true)) {
    const reset = [...unit.assignments].reverse().find((s) => s.section === "Mount" && s.key === "What" && s.value === "");
    return {
      at: at(unit, "Mount", reset),
      log: "What= setting is missing. Refusing.",
      message: `${unit.name} has no What=: systemd refuses to load the mount`,
      help: "add What= (the device, file system or source path to mount) to the [Mount] section",
    };
  }
  return null;
}

/**
 * The refusals of service_verify() after the ExecStart= ones (missing-exec-start's and
 * duplicate-directive's: systemd stops at the first refusal, so a unit those refuse is not
 * judged here), as serviceVerifyRefusal() decides them.
 */
function serviceRefusal(unit: Unit, version: number): Refusal | null {
  const r = serviceVerifyRefusal(unit, version);
  if (!r) return null;
  const typeSetting = r.typeSetting;
  switch (r.kind) {
    case "oneshot-restart": {
      const restart = r.culprits[0]!;
      return {
        at: at(unit, "Service", restart),
        log: r.log,
        message: `${unit.name} is a Type=oneshot service with Restart=${restart.value}: systemd refuses to load it`,
        notes: [typeSetting ? `Type=oneshot is set at ${where(typeSetting)}` : "without Type= and without ExecStart=, a service is Type=oneshot"],
        help: "use Restart=on-failure (or no), or a Type=simple/exec service if the program should run again after a clean exit",
        ...(typeSetting ? { related: [typeSetting] } : {}),
      };
    }
    case "oneshot-exit-cgroup": {
      const exitType = r.culprits[0]!;
      return {
        at: at(unit, "Service", exitType),
        log: r.log,
        message: `${unit.name} is a Type=oneshot service with ExitType=cgroup: systemd refuses to load it`,
        notes: [typeSetting ? `Type=oneshot is set at ${where(typeSetting)}` : "without Type= and without ExecStart=, a service is Type=oneshot"],
        help: "remove ExitType=cgroup (a oneshot is done when its commands exit), or use Type=simple/exec if the service should stay active while processes remain in its control group",
        ...(typeSetting ? { related: [typeSetting] } : {}),
      };
    }
    case "dbus-without-bus-name":
      return {
        at: at(unit, "Service", typeSetting),
        log: r.log,
        message: `${unit.name} is a Type=dbus service without BusName=: systemd refuses to load it`,
        help: "add BusName= with the D-Bus name the service acquires (e.g. BusName=org.example.Daemon), or use another Type=",
      };
    case "pam-kill-mode":
      return pamRefusalOf(unit, "Service", r.culprits[0]!, r.culprits[1]!, ["control-group", "mixed"], r.log);
    default:
      return null; // the ExecStart= refusals: missing-exec-start, duplicate-directive
  }
}

function check(ctx: RuleContext): void {
  const version = ctx.options.systemdVersion;
  for (const unit of distinctConfigurations(ctx)) {
    if (unit.masked || !unit.fragment || !unit.reportable) continue;
    // A file systemd cannot read is syntax-error's; what an included file adds is unknown.
    if (hasUnreadableFile(unit) || includesOtherFiles(ctx, unit)) continue;
    let r: Refusal | null = null;
    if (unit.type === "socket") r = socketRefusal(unit, version);
    else if (unit.type === "path") r = pathRefusal(unit, version);
    else if (unit.type === "timer") r = timerRefusal(unit, version);
    else if (unit.type === "mount" || unit.type === "automount") r = mountRefusal(unit, version);
    else if (unit.type === "service") r = serviceRefusal(unit, version);
    if (!r) continue;
    ctx.report({
      at: r.at,
      message: r.message,
      notes: [`systemd logs "${r.log}" and the unit has load state bad-setting`, ...(r.notes ?? []), ...failsEarlierNote(unit, version)],
      help: r.help,
      ...(r.related && r.related.length > 0 ? { related: r.related.filter((s) => s.file.reportable).map((s) => settingRelated(s, `${s.key}=${s.value}`)) } : {}),
    });
  }
}

const rule: Rule = {
  meta: {
    id: "missing-required-setting",
    severity: "error",
    description: "A socket, path, timer, mount or service that systemd refuses to load for a missing or contradictory setting (no Listen*=, no Path*=, no trigger, Where= not matching the name, Type=oneshot with Restart=always or ExitType=cgroup, Type=dbus without BusName=, Accept=yes with Service=)",
  },
  check,
};
export default rule;
