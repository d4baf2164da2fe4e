/**
 * socket-not-enableable: a socket that activates Asterisk has no WantedBy=/RequiredBy= naming
 * sockets.target or a target reached at boot, so `systemctl enable` does not make it listen
 * at boot.
 */
import type { Rule } from "./rule.js";

const BOOT_TARGETS = new Set(["sockets.target", "multi-user.target", "graphical.target", "default.target", "basic.target", "sysinit.target"]);

const rule: Rule = {
  meta: {
    id: "socket-not-enableable",
    severity: "warning",
    description: "An Asterisk activation socket is not installed into sockets.target (or another boot target)",
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const inst of ctx.model.asterisk) {
      for (const s of inst.sockets) {
        if (seen.has(s.unit.name)) continue;
        seen.add(s.unit.name);
        const targets = ["WantedBy", "RequiredBy", "UpheldBy"].flatMap((k) => s.unit.getList("Install", k)).flatMap((x) => s.unit.expand(x.value).split(/\s+/).filter(Boolean));
        if (targets.some((t) => BOOT_TARGETS.has(t))) continue;
        if (s.unit.enabledBy.some((e) => BOOT_TARGETS.has(e.unit))) continue;
        const inst0 = s.unit.getList("Install", "RequiredBy")[0] ?? s.unit.getList("Install", "WantedBy")[0];
        const frag = s.unit.fragment;
        if (!frag) continue;
        ctx.report({
          at: inst0 ? inst0.valueLoc : { file: frag.display, line: 1, column: 1, endLine: 1, endColumn: 1 },
          message: targets.length
            ? `${s.unit.name} is installed only into ${targets.join(", ")}, so enabling it does not make it listen at boot`
            : `${s.unit.name} has no [Install] WantedBy=sockets.target, so enabling it does not make it listen at boot`,
          notes: [
            targets.length
              ? `it starts listening only when ${targets.join(", ")} starts; until then nothing activates Asterisk through it`
              : "`systemctl enable` has nothing to link, and the socket only listens if something starts it",
          ],
          help: "add WantedBy=sockets.target to the [Install] section and run systemctl enable " + s.unit.name,
        });
      }
    }
  },
};
export default rule;
