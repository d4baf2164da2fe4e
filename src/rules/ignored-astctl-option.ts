/**
 * ignored-astctl-option: astctlowner/astctlgroup/astctlpermissions are set, but Asterisk adopts
 * systemd's CLI socket and ignores them; SocketUser=/SocketGroup=/SocketMode= apply (Asterisk main/asterisk.c `ast_makesocket()`; contrib/systemd/README.txt).
 */
import { cliSocketEntries } from "../model/activation.js";
import { settingRelated } from "./helpers.js";
import type { Rule } from "./rule.js";
import type { Fix } from "../core/types.js";
import { unitFix } from "../fix/unit-fix.js";
import { asteriskTarget, deleteAsteriskLine } from "../fix/asterisk-fix.js";
import { fixPolicy } from "./_fixes.js";
import { lookupTable } from "../core/lookup-table.js";

const MAP: Record<string, { key: string; dflt: string }> = lookupTable({
  astctlowner: { key: "SocketUser", dflt: "root" },
  astctlgroup: { key: "SocketGroup", dflt: "root" },
  astctlpermissions: { key: "SocketMode", dflt: "0666" },
});

const rule: Rule = {
  meta: {
    id: "ignored-astctl-option",
    severity: "warning",
    description: "astctlowner/astctlgroup/astctlpermissions are ignored when systemd provides the CLI socket",
    references: ["Asterisk main/asterisk.c `ast_makesocket()`; contrib/systemd/README.txt", "Asterisk main/io.c `ast_sd_get_fd_un()`; contrib/systemd/README.txt"],
    fixable: "safe",
  },
  check(ctx) {
    for (const e of cliSocketEntries(ctx.model)) {
      if (e.outcome.kind !== "match") continue;
      const conf = e.instance.asteriskConf;
      const files = conf?.section("files");
      if (!files) continue;
      for (const [opt, sd] of Object.entries(MAP)) {
        const v = files.get(opt);
        if (!v) continue;
        const s = e.socket.unit.get("Socket", sd.key);
        // The line has no effect: deleting it is safe. Where the socket does not set the key yet, the
        // value moves to it first (an identity or mode change for the socket: unsafe), so that a
        // failure between the two files leaves both, never neither.
        const t = asteriskTarget(ctx.model, v.loc.file);
        const value = opt === "astctlpermissions" ? v.value.padStart(4, "0") : v.value;
        let fix: Fix | undefined;
        if (t && s) fix = { safe: true, description: `remove ${opt} from asterisk.conf (it has no effect)`, edits: [deleteAsteriskLine(t, v.loc)] };
        else if (t && /^[\w.-]+$/.test(value)) {
          const u = unitFix(fixPolicy(ctx), e.socket.unit, [{ kind: "set", section: "Socket", key: sd.key, value }], { safe: false, description: "" });
          if ("edits" in u) {
            fix = { safe: false, description: `${sd.key}=${value} in ${e.socket.unit.name}, and remove ${opt} from asterisk.conf`, edits: [...u.edits, deleteAsteriskLine(t, v.loc)] };
          }
        }
        const effective = s ? `${sd.key}=${s.value} (${s.loc.file}:${s.loc.line})` : `${sd.key}= is not set, so systemd uses ${sd.dflt}`;
        ctx.report({
          at: v.loc,
          message: `${opt} = ${v.value} has no effect: Asterisk adopts ${e.socket.unit.name}'s CLI socket, where ${effective}`,
          notes: [
            "under CLI socket activation Asterisk leaves ownership and permissions to systemd and ignores astctlowner, astctlgroup and astctlpermissions",
          ],
          help: `set ${sd.key}=${opt === "astctlpermissions" ? v.value.padStart(4, "0") : v.value} in ${e.socket.unit.name} and remove ${opt} from asterisk.conf`,
          related: [s ? settingRelated(s, `${sd.key}=${s.value}`) : settingRelated(e.entry.setting, "the CLI socket Asterisk adopts")],
          fix,
        });
      }
    }
  },
};
export default rule;
