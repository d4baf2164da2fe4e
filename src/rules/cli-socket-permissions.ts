/**
 * cli-socket-permissions: a CLI socket any local user can connect to (SocketMode= missing,
 * systemd's default 0666, or granting write to others). The CLI is full control of the PBX.
 */
import { cliSocketEntries } from "../model/activation.js";
import type { Rule } from "./rule.js";
import { unitFix, withFix } from "../fix/unit-fix.js";
import { fixPolicy } from "./_fixes.js";

const rule: Rule = {
  meta: {
    security: true,
    id: "cli-socket-permissions",
    severity: "error",
    description: "A CLI activation socket lets any local user connect (full control of the PBX)",
    references: ["Asterisk main/asterisk.c `ast_makesocket()`; contrib/systemd/README.txt"],
    fixable: "safe",
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
      // Only the bits for others are taken away: nobody gains access, and SocketUser=/SocketGroup=
      // (a user or group that may not exist stops the socket) are left alone.
      const narrowed = (value & 0o7770).toString(8).padStart(4, "0");
      const fix = unitFix(fixPolicy(ctx), unit, [{ kind: "set", section: "Socket", key: "SocketMode", value: narrowed }], {
        safe: true,
        description: `SocketMode=${narrowed} in ${unit.name}`,
      });
      // The help's full advice as an alternative, never applied: owner and group can stop the socket.
      const full = unitFix(
        fixPolicy(ctx),
        unit,
        [
          { kind: "set", section: "Socket", key: "SocketMode", value: "0660" },
          { kind: "set", section: "Socket", key: "SocketUser", value: user },
          { kind: "set", section: "Socket", key: "SocketGroup", value: group },
        ],
        { safe: false, description: `SocketMode=0660 with SocketUser=${user} and SocketGroup=${group} in ${unit.name}` },
      );
      ctx.report(withFix({
        ...("edits" in full ? { suggestions: [full] } : {}),
        at: mode ? mode.valueLoc : e.entry.setting.loc,
        message: mode
          ? `SocketMode=${mode.value} lets every local user connect to Asterisk's CLI socket ${e.entry.setting.value}`
          : `${unit.name} has no SocketMode=, so systemd creates the CLI socket ${e.entry.setting.value} with mode 0666 (every local user can connect)`,
        notes: [
          "a connection to the CLI socket is a root-equivalent Asterisk console (core stop now, originate calls, System())",
          "with socket activation Asterisk ignores astctlpermissions; only SocketMode= applies",
        ],
        help: `SocketMode=0660 with SocketUser=${user} and SocketGroup=${group}`,
      }, fix));
    }
  },
};
export default rule;
