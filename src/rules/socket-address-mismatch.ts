/**
 * socket-address-mismatch: Asterisk will open a listener whose address overlaps a
 * ListenStream= without matching it exactly (Asterisk main/io.c `ast_sd_get_fd()`, main/netsock2.c `ast_sockaddr_cmp()`; systemd.socket(5)). Asterisk ignores systemd's
 * socket and its own bind() fails with EADDRINUSE; it keeps running without that listener.
 */
import { activationEntries } from "../model/activation.js";
import { formatAddress, familyName, isLoopback, isWildcard } from "../net/socket-address.js";
import { listenerOrigins, listenerRelated } from "./helpers.js";
import type { Rule } from "./rule.js";
import type { SocketAddress } from "../net/socket-address.js";
import { unitFix, withFix } from "../fix/unit-fix.js";
import { fixPolicy } from "./_fixes.js";

/** How far an address reaches: loopback 0, one host address 1, IPv4 wildcard 2, IPv6 wildcard (dual-stack) 3. */
function reach(a: SocketAddress): number | null {
  if (a.kind !== "inet") return null;
  if (isLoopback(a)) return 0;
  if (!isWildcard(a)) return 1;
  return a.family === 4 ? 2 : 3;
}

/** Moving systemd's socket from `from` to `to` does not let more hosts connect. */
export function notWider(from: SocketAddress, to: SocketAddress): boolean {
  const a = reach(from);
  const b = reach(to);
  if (a === null || b === null) return false;
  return b < a || (a === 0 && b === 0);
}

const rule: Rule = {
  meta: {
    id: "socket-address-mismatch",
    severity: "error",
    description: "An activation socket overlaps an Asterisk listener without matching its address exactly",
    references: ["Asterisk main/io.c `ast_sd_get_fd()`, main/netsock2.c `ast_sockaddr_cmp()` at 22.x", "Asterisk main/netsock2.c `ast_sockaddr_cmp()`, `ast_sockaddr_ipv4_mapped()` at 22.x", "systemd src/shared/socket-netlink.c `socket_address_parse()` at v252; systemd.socket(5)", "Asterisk main/manager.c `__init_manager()` at 22.x", "Asterisk main/manager.c `__init_manager()`, main/tcptls.c `ast_tls_read_conf()` at 22.x", "Asterisk main/http.c `__ast_http_load()` at 22.x", "Asterisk main/http.c `__ast_http_load()` (HTTPS) at 22.x", "Asterisk main/tcptls.c `ast_tcptls_server_start()`"],
    fixable: "unsafe",
  },
  check(ctx) {
    for (const e of activationEntries(ctx.model)) {
      if (e.outcome.kind !== "overlap") continue;
      const sd = e.entry.address;
      for (const l of e.outcome.listeners) {
        if (!l.address) continue;
        const bare = sd.kind === "inet" && sd.barePort;
        const notes = [
          `Asterisk only adopts a socket whose family, address and port match exactly (${familyName(sd)} ${formatAddress(sd)} is not ${familyName(l.address)} ${formatAddress(l.address)}); ` +
            `it ignores this one and fails to bind ${formatAddress(l.address)} ("Unable to bind ${l.label} to ${formatAddress(l.address)}: Address already in use"). ` +
            `The ${l.label} stays down while the service reports active, and clients connecting to systemd's socket hang.`,
        ];
        const defaults = listenerOrigins(l);
        if (defaults) notes.push(`defaults in Asterisk's address: ${defaults}`);
        if (bare) notes.push(`a bare port binds [::]:${(sd as { port: number }).port} (IPv6, dual-stack)`);
        const wantsDefault = l.kind === "ami" && l.origins.some((o) => o.what === "bindaddr" && o.loc);
        // Only towards an address no wider than systemd's (never 127.0.0.1 -> 0.0.0.0); a listener change: unsafe.
        const to = formatAddress(l.address);
        const fix = notWider(sd, l.address)
          ? unitFix(fixPolicy(ctx), e.socket.unit, [{ kind: "replace", setting: e.entry.setting, value: to, list: true }], {
              safe: false,
              description: `ListenStream=${to} (the address Asterisk binds)`,
            })
          : undefined;
        ctx.report(withFix({
          at: e.entry.setting.valueLoc,
          message: `ListenStream=${e.entry.setting.value} binds ${formatAddress(sd)}, but the ${l.label} binds ${formatAddress(l.address)}`,
          notes,
          help:
            `ListenStream=${formatAddress(l.address)}` +
            (wantsDefault ? `, or remove bindaddr from manager.conf (its default is [::], which ListenStream=${(l.address as { port: number }).port} matches)` : ""),
          related: listenerRelated(l),
        }, fix));
      }
    }
  },
};
export default rule;
