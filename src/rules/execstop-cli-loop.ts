/**
 * execstop-cli-loop: ExecStop=/ExecStopPost= run the Asterisk CLI client while a CLI socket
 * activates the service: the client's connection re-activates Asterisk as it stops (Asterisk contrib/systemd/README.txt).
 */
import { cliSocketEntries } from "../model/activation.js";
import { isCliClient } from "../model/asterisk.js";
import { parseExecLine } from "../values/exec-command.js";
import { settingRelated } from "./helpers.js";
import type { Rule } from "./rule.js";
import { unitFix, withFix } from "../fix/unit-fix.js";
import { fixPolicy } from "./_fixes.js";
import { effectiveServiceType } from "../model/service-verify.js";

const rule: Rule = {
  meta: {
    id: "execstop-cli-loop",
    severity: "error",
    description: "ExecStop runs the Asterisk CLI while a CLI socket activates the service (stop/start loop)",
    references: ["Asterisk main/asterisk.c signal handlers (SIGTERM, SIGHUP)", "Asterisk contrib/systemd/README.txt", "Asterisk main/asterisk.c `main()` (-x implies -r; rasterisk)"],
    fixable: "safe",
  },
  check(ctx) {
    for (const inst of ctx.model.asterisk) {
      const cli = cliSocketEntries(ctx.model).find((e) => e.instance === inst);
      if (!cli) continue;
      for (const key of ["ExecStop", "ExecStopPost"]) {
        for (const s of inst.service.getList("Service", key)) {
          const cmd = parseExecLine(s.value).commands.find(isCliClient);
          if (!cmd) continue;
          const text = s.value.slice(cmd.start, cmd.end);
          // Dropping the line: safe when Type=notify (SIGTERM is Asterisk's clean stop); a line with
          // other commands too is left to the admin.
          const notify = effectiveServiceType(inst.service, ctx.options.systemdVersion).type.startsWith("notify");
          const fix =
            parseExecLine(s.value).commands.length === 1
              ? unitFix(fixPolicy(ctx), inst.service, [{ kind: "remove-entry", setting: s }], { safe: notify, description: `remove ${key}=${s.value}` })
              : undefined;
          ctx.report(withFix({
            at: s.valueLoc,
            message: `${key} runs the Asterisk CLI (${text}) while ${cli.socket.unit.name} activates ${inst.service.name}`,
            notes: [
              `the CLI client connects to ${cli.entry.setting.value}; systemd holds that socket, so the connection re-activates Asterisk as it stops (or hangs until TimeoutStopSec=), giving a stop/start loop`,
              "Asterisk treats SIGTERM, systemd's default stop signal, as 'core stop now'",
            ],
            help: `remove ${key}=${key === "ExecStop" ? "; with Type=notify, SIGTERM already performs 'core stop now'" : ""}`,
            related: [settingRelated(cli.entry.setting, "the CLI socket that activates Asterisk")],
          }, fix));
        }
      }
    }
  },
};
export default rule;
