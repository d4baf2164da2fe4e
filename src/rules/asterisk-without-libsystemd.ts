/**
 * asterisk-without-libsystemd: Type=notify or socket activation with an Asterisk binary whose
 * ELF dynamic section lacks NEEDED libsystemd.so.0: it never reports ready and never uses a
 * socket (Asterisk main/io.c, main/asterisk.c `asterisk_daemon()` (`ast_sd_notify("READY=1")`); Asterisk main/io.c `#ifdef HAVE_SYSTEMD`, since 15.0.0).
 */
import { libsystemdState, needsLibsystemd } from "../model/asterisk-binary.js";
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    id: "asterisk-without-libsystemd",
    severity: "error",
    description: "Type=notify or socket activation with an Asterisk binary built without libsystemd",
    references: ["Asterisk main/io.c, main/asterisk.c `asterisk_daemon()` (`ast_sd_notify(\"READY=1\")`)", "Asterisk main/io.c `#ifdef HAVE_SYSTEMD`, since 15.0.0"],
  },
  check(ctx) {
    for (const inst of ctx.model.asterisk) {
      if (!needsLibsystemd(inst)) continue;
      const st = libsystemdState(ctx.model, inst);
      if (!st.known || st.linked) continue;
      const type = inst.service.get("Service", "Type")?.value;
      const uses = [type === "notify" || type === "notify-reload" ? `Type=${type}` : "", inst.sockets.length > 0 ? `socket activation (${inst.sockets.map((s) => s.unit.name).join(", ")})` : ""].filter(Boolean).join(" and ");
      ctx.report({
        at: inst.execStart.valueLoc,
        message: `${st.path} is not linked with libsystemd, but ${inst.service.name} uses ${uses}`,
        notes: [
          "without libsystemd Asterisk's sd_notify() and socket lookups are no-ops: it never sends READY=1 (systemd kills it after TimeoutStartSec=) and never adopts systemd's sockets",
          `its ELF dynamic section has no NEEDED libsystemd.so.0`,
        ],
        help: "rebuild Asterisk with libsystemd's development files installed (./configure detects them), or use Type=simple with -f and no socket units",
      });
    }
  },
};
export default rule;
