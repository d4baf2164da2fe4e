/**
 * cli-client-activation: while a CLI socket activates Asterisk, another command runs the CLI
 * client where Asterisk may not be up (ExecStartPre/ExecStartPost of the service, or any other
 * unit such as a timer-driven `asterisk -rx "malloc trim"`): it starts or stalls Asterisk.
 * ExecReload only when its client lacks ExecStart's -C (it talks to another instance).
 */
import * as path from "node:path";
import { cliSocketEntries } from "../model/activation.js";
import { isCliClient } from "../model/asterisk.js";
import { parseAsteriskArgs, parseExecLine } from "../values/exec-command.js";
import { settingRelated } from "./helpers.js";
import type { Rule } from "./rule.js";

const DEFAULT_CONF = "/etc/asterisk/asterisk.conf";

const rule: Rule = {
  meta: {
    id: "cli-client-activation",
    severity: "warning",
    description: "A command runs the Asterisk CLI client where a CLI socket would start Asterisk",
    references: ["Asterisk contrib/systemd/README.txt", "Asterisk main/asterisk.c `main()` (-x implies -r; rasterisk)"],
  },
  check(ctx) {
    const clis = cliSocketEntries(ctx.model);
    if (clis.length === 0) return;
    const asteriskUnits = new Set(ctx.model.asterisk.map((i) => i.service));
    const firstCli = clis[0];
    for (const inst of ctx.model.asterisk) {
      const cli = clis.find((e) => e.instance === inst);
      if (!cli) continue;
      for (const key of ["ExecStartPre", "ExecStartPost"]) {
        for (const s of inst.service.getList("Service", key)) {
          const cmd = parseExecLine(s.value).commands.find(isCliClient);
          if (!cmd) continue;
          ctx.report({
            at: s.valueLoc,
            message: `${key} runs the Asterisk CLI (${s.value.slice(cmd.start, cmd.end)}) while ${cli.socket.unit.name} activates ${inst.service.name}`,
            notes: [
              key === "ExecStartPre"
                ? "Asterisk is not running yet: the client's connection queues on systemd's socket and the start stalls until it times out"
                : "Asterisk may not be accepting yet; the client can stall the start",
            ],
            help: `remove the CLI call from ${key}=, or run it after Asterisk reports ready (Type=notify)`,
            related: [settingRelated(cli.entry.setting, "the CLI socket that activates Asterisk")],
          });
        }
      }
      // The client finds the socket through asterisk.conf: the default one unless -C is given.
      const confOf = (c: string | undefined) => path.posix.normalize(c === undefined ? DEFAULT_CONF : c.startsWith("/") ? c : `/etc/asterisk/${c}`);
      const startC = parseAsteriskArgs(inst.command.argv.slice(1)).values.get("C");
      for (const s of inst.service.getList("Service", "ExecReload")) {
        const cmd = parseExecLine(s.value).commands.find(isCliClient);
        if (!cmd || startC === undefined) continue;
        const c = parseAsteriskArgs(cmd.argv.slice(1)).values;
        if (confOf(c.get("C")) === confOf(startC) || c.has("s")) continue;
        ctx.report({
          at: s.valueLoc,
          message: `ExecReload runs the Asterisk CLI without ExecStart's -C ${startC}, so it talks to the default instance's socket, not ${inst.service.name}'s`,
          notes: ["the CLI client reads asterisk.conf (the default one without -C) to find the control socket"],
          help: `add -C ${startC} to the ExecReload command`,
        });
      }
    }
    for (const u of ctx.model.units.values()) {
      if (u.masked || asteriskUnits.has(u) || u.instance === "") continue;
      // A unit that can only run while Asterisk is up (Requisite=/BindsTo= on it) is fine.
      const guards = ["Requisite", "BindsTo"].flatMap((k) => u.getList("Unit", k).flatMap((s) => u.expand(s.value).split(/\s+/)));
      if (ctx.model.asterisk.some((i) => guards.includes(i.service.name) || i.service.aliases.some((a) => guards.includes(a)))) continue;
      for (const s of u.assignments) {
        if (!s.key.startsWith("Exec") || s.value === "" || !["Service", "Socket", "Mount", "Swap"].includes(s.section)) continue;
        const cmd = parseExecLine(s.value).commands.find(isCliClient);
        if (!cmd) continue;
        ctx.report({
          at: s.valueLoc,
          message: `${u.name} runs the Asterisk CLI (${s.value.slice(cmd.start, cmd.end)}) while ${firstCli.socket.unit.name} activates ${firstCli.instance.service.name}`,
          notes: [
            "when Asterisk is stopped, the client's connection makes systemd start it (or the client hangs on the socket)",
          ],
          help: `make the unit run only while Asterisk is up (Requisite=${firstCli.instance.service.name} and After=${firstCli.instance.service.name}, or BindsTo=), or drop the CLI call`,
          related: [settingRelated(firstCli.entry.setting, "the CLI socket that activates Asterisk")],
        });
      }
    }
  },
};
export default rule;
