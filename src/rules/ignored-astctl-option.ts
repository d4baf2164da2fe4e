/**
 * ignored-astctl-option: astctlowner/astctlgroup/astctlpermissions are set, but Asterisk adopts
 * systemd's CLI socket and ignores them; SocketUser=/SocketGroup=/SocketMode= apply (Asterisk main/asterisk.c `ast_makesocket()`; contrib/systemd/README.txt).
 */
import { cliSocketEntries } from "../model/activation.js";
import { settingRelated } from "./helpers.js";
import type { Rule } from "./rule.js";

const MAP: Record<string, { key: string; dflt: string }> = {
  astctlowner: { key: "SocketUser", dflt: "root" },
  astctlgroup: { key: "SocketGroup", dflt: "root" },
  astctlpermissions: { key: "SocketMode", dflt: "0666" },
};

const rule: Rule = {
  meta: {
    id: "ignored-astctl-option",
    severity: "warning",
    description: "astctlowner/astctlgroup/astctlpermissions are ignored when systemd provides the CLI socket",
    references: ["Asterisk main/asterisk.c `ast_makesocket()`; contrib/systemd/README.txt", "Asterisk main/io.c `ast_sd_get_fd_un()`; contrib/systemd/README.txt"],
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
        const effective = s ? `${sd.key}=${s.value} (${s.loc.file}:${s.loc.line})` : `${sd.key}= is not set, so systemd uses ${sd.dflt}`;
        ctx.report({
          at: v.loc,
          message: `${opt} = ${v.value} has no effect: Asterisk adopts ${e.socket.unit.name}'s CLI socket, where ${effective}`,
          notes: [
            "under CLI socket activation Asterisk leaves ownership and permissions to systemd and ignores astctlowner, astctlgroup and astctlpermissions",
          ],
          help: `set ${sd.key}=${opt === "astctlpermissions" ? v.value.padStart(4, "0") : v.value} in ${e.socket.unit.name} and remove ${opt} from asterisk.conf`,
          related: [s ? settingRelated(s, `${sd.key}=${s.value}`) : settingRelated(e.entry.setting, "the CLI socket Asterisk adopts")],
        });
      }
    }
  },
};
export default rule;
