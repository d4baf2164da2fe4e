/**
 * cli-socket-permissions: a CLI socket any local user can connect to (SocketMode= missing,
 * systemd's default 0666, or granting write to others). The CLI is full control of the PBX.
 */
import { cliSocketEntries } from "../model/activation.js";
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    security: true,
    id: "cli-socket-permissions",
    severity: "error",
    description: "A CLI activation socket lets any local user connect (full control of the PBX)",
    references: ["Asterisk main/asterisk.c `ast_makesocket()`; contrib/systemd/README.txt"],
  },
  check(ctx) {
    const done = new Set<string>();
    for (const e of cliSocketEntries(ctx.model)) {
      const unit = e.socket.unit;
      if (done.has(unit.name)) continue;
      done.add(unit.name);
      const mode = unit.get("Socket", "SocketMode");
      const value = mode ? parseInt(mode.value, 8) : 0o666;
      if (mode && !/^[0-7]{1,5}$/.test(mode.value)) continue; // invalid-value reports it
      if ((value & 0o002) === 0) continue;
      const user = unit.get("Socket", "SocketUser")?.value ?? "asterisk";
      const group = unit.get("Socket", "SocketGroup")?.value ?? "asterisk";
      ctx.report({
        at: mode ? mode.valueLoc : e.entry.setting.loc,
        message: mode
          ? `SocketMode=${mode.value} lets every local user connect to Asterisk's CLI socket ${e.entry.setting.value}`
          : `${unit.name} has no SocketMode=, so systemd creates the CLI socket ${e.entry.setting.value} with mode 0666 (every local user can connect)`,
        notes: [
          "a connection to the CLI socket is a root-equivalent Asterisk console (core stop now, originate calls, System())",
          "with socket activation Asterisk ignores astctlpermissions; only SocketMode= applies",
        ],
        help: `SocketMode=0660 with SocketUser=${user} and SocketGroup=${group}`,
      });
    }
  },
};
export default rule;
