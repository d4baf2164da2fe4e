/**
 * unfirewalled-activation-port: a socket that activates Asterisk listens on an address other
 * hosts can reach, and nothing restricts it: neither the socket's IPAddressAllow=/Deny= nor a
 * firewall astlint can read. Anyone who reaches the port starts Asterisk, without
 * credentials (Asterisk contrib/systemd/README.txt "Security"). An error for HTTP/HTTPS when pjsip has ws/wss transports (Asterisk res/res_pjsip/config_transport.c, res/res_http_websocket.c).
 */
import { exposures } from "../model/exposure.js";
import { formatAddress } from "../net/socket-address.js";
import type { Rule } from "./rule.js";
import { unitFix, withFix } from "../fix/unit-fix.js";
import { fixPolicy } from "./_fixes.js";

const rule: Rule = {
  meta: {
    security: true,
    id: "unfirewalled-activation-port",
    severity: "warning",
    description: "An Asterisk activation port is reachable from other hosts and nothing restricts it",
    references: ["Asterisk contrib/systemd/README.txt \"Security\"", "Asterisk res/res_pjsip/config_transport.c, res/res_http_websocket.c", "Asterisk main/manager.c `__init_manager()` (default bindaddr `[::]`) at 22.x"],
    fixable: "unsafe",
  },
  check(ctx) {
    for (const x of exposures(ctx.model)) {
      const open = x.families.filter((f) => f.open);
      if (open.length === 0) continue;
      const e = x.entry;
      const o = e.outcome;
      const kinds = o.kind === "match" || o.kind === "run-path" ? [o.listener.kind] : o.kind === "overlap" || o.kind === "unknown" ? o.listeners.map((l) => l.kind) : [];
      const isHttp = kinds.some((k) => k === "http" || k === "https") || (kinds.length === 0 && (x.address.port === 8088 || x.address.port === 8089));
      const ws = e.instance.websocketTransports;
      const error = isHttp && ws.length > 0;
      const fams = open.map((f) => `IPv${f.family}`).join(" and ");
      const why: string[] = [];
      const unitName = e.socket.unit.name;
      const first = open[0];
      if (first.unit.allowWithoutDeny) why.push(`${unitName} has IPAddressAllow= but no IPAddressDeny=, so the allow list has no effect`);
      else if (first.unit.decisive === null) why.push(`${unitName} has no IPAddressDeny=`);
      else why.push(`${unitName}'s IPAddressAllow=/IPAddressDeny= let ${fams} sources through (${first.unit.decisive.list} ${first.unit.decisive.entry})`);
      for (const f of open) {
        const fw = f.firewall;
        if (!fw || fw.perFirewall.length === 0) {
          if (f === first) why.push("no active firewall astlint can read filters the port (nftables, iptables, ufw, firewalld)");
          continue;
        }
        const b = fw.because;
        const file = f.becauseFile ?? b?.file ?? "";
        const place = b ? ("policy" in b ? `${file}:${b.line} (${b.policy})` : `${file}:${b.line} ${b.text}`) : "";
        if (fw.verdict === "unknown") why.push(`${fw.firewall}: astlint could not evaluate the ruleset for IPv${f.family}${fw.reason ? ` (${fw.reason})` : ""}; see firewall-unknown`);
        else why.push(`IPv${f.family}: ${fw.firewall} lets it through: ${place}${fw.assumedActive ? " (its service's state is unknown here; assumed active)" : ""}`);
      }
      for (const l of ctx.model.firewalls().loaded) {
        if (!l.active) why.push(`${l.kind} does not count: ${l.activity}`);
      }
      const notes = [
        `socket activation starts Asterisk on the first connection, before any login: anyone who can reach ${formatAddress(x.address)} can start the PBX`,
        ...why,
      ];
      if (error) notes.push(`pjsip has WebSocket transports (${ws.map((w) => `${w.name}: protocol=${w.protocol}`).join(", ")}), so remote SIP clients are expected on this HTTP port`);
      // Localhost only: remote clients (and the trusted networks the admin must add) lose access: unsafe.
      // Only where the socket has neither list yet (otherwise the intent is the admin's).
      const sock = e.socket.unit;
      const fix =
        !sock.get("Socket", "IPAddressAllow")?.value && !sock.get("Socket", "IPAddressDeny")?.value
          ? unitFix(
              fixPolicy(ctx),
              sock,
              [
                { kind: "set", section: "Socket", key: "IPAddressAllow", value: "localhost" },
                { kind: "set", section: "Socket", key: "IPAddressDeny", value: "any" },
              ],
              { safe: false, description: `IPAddressDeny=any and IPAddressAllow=localhost in ${unitName} (add your trusted networks to IPAddressAllow=)` },
            )
          : undefined;
      ctx.report(withFix({
        at: e.entry.setting.valueLoc,
        severity: error ? "error" : undefined,
        message: `ListenStream=${e.entry.setting.value} in ${unitName} is reachable from other hosts over ${fams}, and nothing restricts who can start Asterisk through it`,
        notes,
        help: `restrict the socket: IPAddressDeny=any plus IPAddressAllow=localhost and your trusted networks (e.g. IPAddressAllow=192.0.2.0/24) in ${unitName}, or firewall port ${x.address.port}, or listen on 127.0.0.1 only`,
        related: ws.map((w) => ({ file: w.loc.file, line: w.loc.line, column: w.loc.column, message: `WebSocket transport ${w.name}` })),
      }, fix));
    }
  },
};
export default rule;
