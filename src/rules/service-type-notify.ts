/**
 * service-type-notify: the Asterisk service's Type= is not notify. Under socket activation a
 * forking daemon never receives the sockets (Asterisk main/asterisk.c `main()` (`daemon()` unless -f/-c/nofork; alwaysfork), systemd `sd_listen_fds()` LISTEN_PID check); without notify systemd does not know
 * when Asterisk is ready. Error for Type=forking (or a daemon that forks) when a socket
 * activates the service, else a warning. Not when asterisk-without-libsystemd fires.
 */
import { libsystemdState, needsLibsystemd } from "../model/asterisk-binary.js";
import type { Rule } from "./rule.js";
import type { AsteriskInstance } from "../model/model.js";
import type { UnitOp } from "../fix/unit-fix.js";
import { unitFix, withFix } from "../fix/unit-fix.js";
import { fixPolicy } from "./_fixes.js";
import { foregroundExecStart } from "./helpers.js";

/** Type=notify, ExecStart= with -f, PIDFile= removed; null when the ExecStart= change is not certain. */
function notifyOps(inst: AsteriskInstance): UnitOp[] | null {
  const exec = foregroundExecStart(inst);
  if (exec === null) return null;
  const ops: UnitOp[] = [{ kind: "set", section: "Service", key: "Type", value: "notify" }];
  if (exec !== inst.execStart.value) ops.push({ kind: "replace", setting: inst.execStart, value: exec, list: true });
  if (inst.service.get("Service", "PIDFile")?.value) ops.push({ kind: "remove", section: "Service", key: "PIDFile" });
  return ops;
}

/** Type=notify plus the service's own ExecStart with -f added (and -F removed) where needed. */
function helpText(inst: AsteriskInstance): string {
  const es = inst.execStart.value;
  const cmd = inst.command;
  let line = es;
  if (inst.binaryName === "asterisk" && (!inst.flags.has("f") || inst.flags.has("F"))) {
    const words = cmd.words.map((w) => es.slice(w.start, w.end)).filter((w) => w !== "-F");
    const exeIndex = cmd.prefixes.includes("@") ? 1 : 0;
    if (!inst.flags.has("f") || inst.flags.has("F")) words.splice(exeIndex + 1, 0, "-f");
    line = words.join(" ");
  }
  const pid = inst.service.get("Service", "PIDFile") ? ", and remove PIDFile=" : "";
  const exec = inst.binaryName === "safe_asterisk" ? "ExecStart=/usr/sbin/asterisk -f (instead of safe_asterisk)" : `ExecStart=${line}`;
  return `Type=notify with ${exec}${pid} (Asterisk must be built with libsystemd)`;
}

const rule: Rule = {
  meta: {
    id: "service-type-notify",
    severity: "warning",
    description: "The Asterisk service is not Type=notify",
    references: ["Asterisk main/io.c, main/asterisk.c `asterisk_daemon()` (`ast_sd_notify(\"READY=1\")`)", "Asterisk main/loader.c `ast_module_reload()`", "Asterisk main/options.c (pid file), main/asterisk.c `asterisk_daemon()`", "Asterisk main/asterisk.c `main()` (`daemon()` unless -f/-c/nofork; alwaysfork), systemd `sd_listen_fds()` LISTEN_PID check"],
    fixable: "unsafe",
  },
  check(ctx) {
    for (const inst of ctx.model.asterisk) {
      const typeSetting = inst.service.get("Service", "Type");
      const type = typeSetting?.value ?? (inst.service.get("Service", "BusName") ? "dbus" : "simple");
      if (type === "notify") continue;
      const st = libsystemdState(ctx.model, inst);
      // asterisk-without-libsystemd reports these.
      if (needsLibsystemd(inst) && st.known && !st.linked) continue;
      const withoutLibsystemd = st.known && !st.linked;
      const activated = inst.sockets.length > 0;
      const forking = type === "forking" || inst.forks;
      const error = activated && forking;
      const notes: string[] = [];
      if (type === "notify-reload") {
        notes.push("Asterisk does not send MONOTONIC_USEC= with RELOADING=1 (and before 18.23/20.8/21.3/22.0 sent an invalid RELOAD=1), so systemd's notify-reload handling misbehaves");
      } else if (error) {
        notes.push(
          `${inst.sockets.map((s) => s.unit.name).join(", ")} activate${inst.sockets.length === 1 ? "s" : ""} this service, but ${type === "forking" ? "Type=forking means Asterisk daemonizes" : inst.forkReason}: the forked child is not the process systemd passed the sockets to (LISTEN_PID), so Asterisk ignores them and its own binds fail`,
        );
      } else {
        notes.push(`with Type=${type} systemd considers Asterisk started ${type === "forking" ? "when the launcher exits" : "as soon as it is spawned"}, not when it has loaded its modules; Type=notify waits for Asterisk's READY=1`);
      }
      const binary = inst.binaryPath ?? "/usr/sbin/asterisk";
      if (withoutLibsystemd) {
        notes.push(`${st.path} is not linked with libsystemd (no libsystemd.so among its NEEDED entries): it never sends READY=1, so Type=notify would make systemd wait until TimeoutStartSec= and then kill it`);
      } else if (!st.known) {
        notes.push(
          `libsystemd support could not be checked (${ctx.model.mode === "repository" ? "a repository has no Asterisk binary" : `${binary} could not be read under the root`}): check it with \`ldd ${binary} | grep libsystemd\` before switching to Type=notify; an Asterisk built without libsystemd never sends READY=1 and systemd kills it after TimeoutStartSec=`,
        );
      }
      const ops = type === "notify-reload" || withoutLibsystemd ? null : notifyOps(inst);
      // A Type= change, and Asterisk must be built with libsystemd: unsafe. None for a binary known to lack it.
      const fix = ops ? unitFix(fixPolicy(ctx), inst.service, ops, { safe: false, description: `Type=notify with Asterisk in the foreground (-f)` }) : undefined;
      ctx.report(withFix({
        at: typeSetting ? typeSetting.valueLoc : inst.execStart.loc,
        severity: error ? "error" : "warning",
        message: typeSetting
          ? `${inst.service.name} has Type=${type}; Asterisk under systemd should be Type=notify${activated ? " (it is socket-activated)" : ""}`
          : `${inst.service.name} has no Type=, so it is Type=${type}; Asterisk under systemd should be Type=notify${activated ? " (it is socket-activated)" : ""}`,
        notes,
        help: withoutLibsystemd
          ? `keep Type=${type === "forking" ? "simple with ExecStart=… -f (foreground)" : type}, or rebuild Asterisk with libsystemd (./configure finds libsystemd-dev) and then use ${helpText(inst)}`
          : st.known
            ? helpText(inst)
            : `if \`ldd ${binary} | grep libsystemd\` lists libsystemd: ${helpText(inst)}`,
      }, fix));
    }
  },
};
export default rule;
