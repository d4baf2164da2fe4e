/**
 * socket-accept: Accept=yes on a socket that activates Asterisk. Asterisk needs listening
 * sockets; Accept=yes passes connected ones and starts one Asterisk per connection (Asterisk main/io.c `ast_sd_get_fd()` (`sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, 1)`)).
 */
import { matchAsteriskDaemon } from "../model/asterisk.js";
import type { Rule } from "./rule.js";
import { unitFix, withFix } from "../fix/unit-fix.js";
import { fixPolicy } from "./_fixes.js";

const rule: Rule = {
  meta: {
    id: "socket-accept",
    severity: "error",
    description: "Accept=yes on a socket that activates Asterisk",
    references: ["Asterisk main/io.c `ast_sd_get_fd()` (`sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, 1)`)", "Asterisk main/io.c `ast_sd_get_fd()`, main/netsock2.c `ast_sockaddr_cmp()` at 22.x"],
    fixable: "unsafe",
  },
  check(ctx) {
    for (const s of ctx.model.sockets) {
      if (!s.accept) continue;
      const svc = s.service ?? ctx.model.units.get(s.serviceName);
      if (!svc || svc.masked) continue;
      const runsAsterisk = svc.getList("Service", "ExecStart").some((e) => matchAsteriskDaemon(svc, e));
      if (!runsAsterisk) continue;
      const acc = s.unit.get("Socket", "Accept")!;
      // Accept=no activates NAME.service (Service= is refused next to Accept=yes): a fix only when
      // that service exists and runs Asterisk. A listener change: unsafe.
      const plain = ctx.model.units.get(s.unit.name.replace(/\.socket$/, ".service"));
      const runsThere = plain && !plain.masked && plain.getList("Service", "ExecStart").some((x) => matchAsteriskDaemon(plain, x));
      const fix = runsThere
        ? unitFix(fixPolicy(ctx), s.unit, [{ kind: "set", section: "Socket", key: "Accept", value: "no" }], {
            safe: false,
            description: `Accept=no in ${s.unit.name}: it then activates ${plain.name}, which adopts the listening socket`,
          })
        : undefined;
      ctx.report(
        withFix(
          {
            at: acc.valueLoc,
            message: `Accept=yes on ${s.unit.name}, which activates Asterisk (${s.serviceName})`,
            notes: [
              "with Accept=yes systemd accepts each connection itself and starts a new Asterisk per connection with the connected socket; Asterisk only adopts listening sockets, so every instance ignores it and tries to bind the port itself",
            ],
            help: "Accept=no (the default), with Service= naming the Asterisk service",
          },
          fix,
        ),
      );
    }
  },
};
export default rule;
