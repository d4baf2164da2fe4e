/**
 * notify-without-foreground: Type=notify but Asterisk will fork, so READY=1 comes from a
 * process systemd does not watch and the start fails (Asterisk main/asterisk.c `main()`: `daemon()` unless -f, -c or nofork).
 */
import type { Rule } from "./rule.js";
import { unitFix, withFix } from "../fix/unit-fix.js";
import { fixPolicy } from "./_fixes.js";
import { foregroundExecStart, isTrue } from "./helpers.js";

const rule: Rule = {
  meta: {
    id: "notify-without-foreground",
    severity: "error",
    description: "Type=notify but Asterisk forks (no -f, or -F / alwaysfork = yes)",
    references: ["Asterisk main/asterisk.c `main()` (`daemon()` unless -f/-c/nofork; alwaysfork), systemd `sd_listen_fds()` LISTEN_PID check", "Asterisk main/io.c, main/asterisk.c `asterisk_daemon()` (`ast_sd_notify(\"READY=1\")`)"],
    fixable: "safe",
  },
  check(ctx) {
    for (const inst of ctx.model.asterisk) {
      const t = inst.service.get("Service", "Type");
      if (!t || (t.value !== "notify" && t.value !== "notify-reload") || !inst.forks) continue;
      const related = [];
      for (const k of ["alwaysfork", "nofork", "console"]) {
        const o = inst.options.get(k);
        if (o?.loc) related.push({ file: o.loc.file, line: o.loc.line, column: o.loc.column, message: `${k} = ${o.value}` });
      }
      // The start fails today, so keeping Asterisk in the foreground cannot stop a working service.
      // Not when asterisk.conf forks it anyway (alwaysfork = yes): -f would not help.
      const exec = isTrue(inst.options.get("alwaysfork")?.value) ? null : foregroundExecStart(inst);
      const fix =
        exec !== null && exec !== inst.execStart.value
          ? unitFix(fixPolicy(ctx), inst.service, [{ kind: "replace", setting: inst.execStart, value: exec, list: true }], {
              safe: true,
              description: `ExecStart=${exec}`,
            })
          : undefined;
      ctx.report(withFix({
        at: inst.execStart.valueLoc,
        message: `${inst.service.name} is Type=${t.value} but Asterisk forks: ${inst.forkReason}`,
        notes: [
          "the main process exits before READY=1 and the child's READY=1 comes from a PID systemd ignores (NotifyAccess=main): the start fails ('protocol' or timeout)",
          `Type=${t.value} is set at ${t.loc.file}:${t.loc.line}`,
        ],
        help: inst.flags.has("F") ? "remove -F from ExecStart" : inst.binaryName === "safe_asterisk" ? "run asterisk -f directly instead of safe_asterisk" : "add -f to ExecStart (e.g. asterisk -mqf) and do not set alwaysfork = yes",
        related,
      }, fix));
    }
  },
};
export default rule;
