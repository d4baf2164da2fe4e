/**
 * local-ami-activation: an AMI activation socket on loopback. Any local user can start
 * Asterisk with `telnet localhost 5038` (Asterisk contrib/systemd/README.txt "Security").
 */
import { activationEntries } from "../model/activation.js";
import { formatAddress, isLoopback } from "../net/socket-address.js";
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    security: true,
    id: "local-ami-activation",
    severity: "info",
    description: "An AMI activation socket on loopback lets any local user start Asterisk",
    references: ["Asterisk contrib/systemd/README.txt \"Security\""],
  },
  check(ctx) {
    for (const e of activationEntries(ctx.model)) {
      const a = e.entry.address;
      if (a.kind !== "inet" || e.entry.directive !== "ListenStream") continue;
      const lo = isLoopback(a) || e.socket.unit.get("Socket", "BindToDevice")?.value === "lo";
      if (!lo) continue;
      const o = e.outcome;
      // Which listener the socket serves: the one it matches or overlaps; otherwise judge by the port.
      const kinds = o.kind === "match" || o.kind === "run-path" ? [o.listener.kind] : o.kind === "overlap" ? o.listeners.map((l) => l.kind) : [];
      const isAmi = kinds.includes("ami") || kinds.includes("ami-tls") || (kinds.length === 0 && (a.port === 5038 || a.port === 5039));
      if (!isAmi) continue;
      ctx.report({
        at: e.entry.setting.valueLoc,
        message: `any local user can start Asterisk by connecting to ${formatAddress(a)} (ListenStream=${e.entry.setting.value} in ${e.socket.unit.name})`,
        notes: [`socket activation starts Asterisk on the first connection, before any AMI login is checked (for example \`${a.family === 6 ? "telnet ::1" : "telnet localhost"} ${a.port}\`)`],
        help: "accept this if local users are trusted; otherwise drop the AMI socket and start Asterisk at boot (WantedBy=multi-user.target on the service)",
      });
    }
  },
};
export default rule;
