/**
 * unused-socket: an activation socket's ListenStream= matches no listener Asterisk opens and
 * overlaps none (Asterisk contrib/systemd/README.txt "Unused Sockets"; main/tcptls.c). Connections start Asterisk, which never accepts them: clients hang.
 */
import { activationEntries } from "../model/activation.js";
import { formatAddress } from "../net/socket-address.js";
import { listenerRelated } from "./helpers.js";
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    id: "unused-socket",
    severity: "warning",
    description: "An activation socket matches no listener Asterisk will open",
    references: ["systemd `socket_address_parse()` at v252; Asterisk main/io.c `ast_sd_get_fd()`", "Asterisk main/io.c `ast_sd_get_fd()` (`sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, 1)`)", "Asterisk contrib/systemd/README.txt \"Unused Sockets\"; main/tcptls.c", "Asterisk main/manager.c `__init_manager()`, `manager_set_defaults()` at 22.x", "Asterisk main/http.c `__ast_http_load()` at 22.x; configs/samples/http.conf.sample", "Asterisk main/manager.c `__init_manager()`, main/tcptls.c `ast_tls_read_conf()` at 22.x", "Asterisk main/http.c `__ast_http_load()` (HTTPS) at 22.x"],
  },
  check(ctx) {
    for (const e of activationEntries(ctx.model)) {
      if (e.outcome.kind !== "unused") continue;
      const l = e.outcome.listener;
      let help: string;
      if (l && !l.enabled) help = `enable the ${l.label} in Asterisk's config, or remove this ListenStream= line`;
      else if (l?.address) help = `ListenStream=${formatAddress(l.address)} to match the ${l.label}, or remove this line`;
      else help = "remove this ListenStream= line, or configure an Asterisk listener on this address";
      ctx.report({
        at: e.entry.setting.valueLoc,
        message: `ListenStream=${e.entry.setting.value} (${formatAddress(e.entry.address)}) matches no listener of ${e.instance.service.name}: ${e.outcome.reason}`,
        notes: [
          "a client connecting there makes systemd start Asterisk, but Asterisk never accepts on this socket: the connection hangs (Asterisk does not warn about sockets it does not use)",
        ],
        help,
        related: l ? listenerRelated(l) : [],
      });
    }
  },
};
export default rule;
