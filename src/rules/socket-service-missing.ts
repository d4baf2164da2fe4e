/**
 * socket-service-missing: a socket's activated service does not exist (or is masked): systemd
 * refuses to start it ("Socket service NAME not loaded, refusing"). E.g. separate Asterisk socket
 * units without Service=asterisk.service.
 */
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    id: "socket-service-missing",
    severity: "error",
    description: "A socket activates a service that does not exist (or is masked)",
    references: ["Asterisk callers of `ast_sd_get_fd()`/`ast_sd_get_fd_un()` in main/asterisk.c, main/manager.c, main/http.c at 22.x"],
  },
  check(ctx) {
    const asterisk = ctx.model.asterisk.map((i) => i.service.name);
    for (const s of ctx.model.sockets) {
      if (s.service) continue;
      const existing = ctx.model.units.get(s.serviceName);
      // It exists but could not be read: unreadable-file reports it; it is not missing.
      if (existing?.unreadable) continue;
      const masked = existing?.masked;
      const how = s.serviceSetting ? `Service=${s.serviceSetting.value}` : s.accept ? "Accept=yes, so each connection starts an instance of its template" : "it has no Service=, so it activates the service of the same name";
      const at = s.serviceSetting ? s.serviceSetting.valueLoc : s.unit.fragment ? { file: s.unit.fragment.display, line: 1, column: 1, endLine: 1, endColumn: 1 } : null;
      if (!at) continue;
      const where = ctx.model.mode === "repository" ? " among the paths given" : "";
      ctx.report({
        at,
        message: masked
          ? `${s.unit.name} activates ${s.serviceName}, which is masked`
          : `${s.unit.name} activates ${s.serviceName}, which does not exist${where}`,
        notes: [
          `${how}; when a connection arrives systemd logs "Socket service ${s.serviceName} not loaded, refusing." and the socket fails`,
        ],
        help:
          asterisk.length > 0 && !s.serviceSetting
            ? `add Service=${asterisk[0]} to the [Socket] section`
            : masked
              ? `unmask ${s.serviceName}, or point Service= at the service that should receive the socket`
              : `create ${s.serviceName}, or point Service= at the service that should receive the socket`,
      });
    }
  },
};
export default rule;
