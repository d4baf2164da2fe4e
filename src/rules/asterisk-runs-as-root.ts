/**
 * asterisk-runs-as-root: the service runs Asterisk as root: no User= other than root/0 (and no
 * DynamicUser=yes), no `-U` other than root, and no `runuser` other than root in the [options]
 * of the asterisk.conf Asterisk reads (`-C` honoured; main/asterisk.c main(), main/options.c).
 */
import { parseAsteriskArgs } from "../values/exec-command.js";
import { isTrue } from "./helpers.js";
import type { Rule } from "./rule.js";

const ROOT = new Set(["", "root", "0"]);

const rule: Rule = {
  meta: {
    id: "asterisk-runs-as-root",
    severity: "warning",
    description: "The Asterisk service runs as root (no User=, -U or runuser names another user)",
    security: true,
    references: ["Asterisk main/asterisk.c `main()` (-U, runuser) at 22.x", "systemd.exec(5) User=, DynamicUser="],
  },
  check(ctx) {
    for (const inst of ctx.model.asterisk) {
      const u = inst.service;
      if (!u.reportable) continue;
      if (isTrue(u.get("Service", "DynamicUser")?.value)) continue;
      const user = u.get("Service", "User");
      if (user && !ROOT.has(u.expand(user.value).trim())) continue;
      const { values } = parseAsteriskArgs(inst.command.argv.slice(1).map((a) => u.expand(a)));
      const flagU = values.get("U");
      if (flagU !== undefined && !ROOT.has(flagU)) continue;
      const runuser = inst.options.get("runuser");
      if (runuser && !ROOT.has(runuser.value)) continue;
      // Which asterisk.conf Asterisk reads must be known to say runuser is absent.
      const conf = inst.asteriskConf;
      if (!inst.configResolved || !conf || (!conf.exists && ctx.model.mode === "repository")) continue;
      const confNote = conf.exists
        ? conf.invalid
          ? `${conf.display} is invalid, so Asterisk reads no runuser from it`
          : `${conf.display} [options] has ${runuser ? `runuser = ${runuser.value}` : "no runuser"}`
        : `${conf.display} does not exist, so there is no runuser`;
      ctx.report({
        at: user?.loc ?? inst.execStart.loc,
        message: `${u.name} runs Asterisk as root: a flaw in any module reachable over SIP, AMI or HTTP hands the attacker the whole host, and an AMI login with system or command rights runs shell commands as root`,
        notes: [
          user ? `User=${user.value}` : "no User= (systemd starts services as root)",
          flagU !== undefined ? `-U ${flagU}` : "no -U in ExecStart",
          confNote,
        ],
        help: "create an unprivileged user and set User=asterisk and Group=asterisk (with RuntimeDirectory=asterisk), or runuser = asterisk and rungroup = asterisk in asterisk.conf [options], or -U asterisk -G asterisk in ExecStart",
        related: runuser?.loc ? [{ ...runuser.loc, message: `runuser = ${runuser.value}` }] : [],
      });
    }
  },
};
export default rule;
