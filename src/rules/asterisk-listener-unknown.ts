/**
 * asterisk-listener-unknown: a listener's address cannot be known statically (a host-name
 * bindaddr, an include outside the paths given), so no mismatch or unused finding is made for
 * the socket that may belong to it. This says why.
 */
import { activationEntries } from "../model/activation.js";
import type { Rule } from "./rule.js";
import { lookupTable } from "../core/lookup-table.js";

const USUAL: Record<string, number> = lookupTable({ ami: 5038, "ami-tls": 5039, http: 8088, https: 8089 });

const rule: Rule = {
  meta: {
    id: "asterisk-listener-unknown",
    severity: "info",
    description: "A listener's address cannot be known statically, so its activation socket is not cross-checked",
    references: ["Asterisk main/http.c `http_server_get_by_host()`, main/netsock2.c `ast_sockaddr_resolve()`", "Asterisk main/config.c `process_text_line()` (#include), `ast_config_internal_load()` at 22.x"],
  },
  check(ctx) {
    for (const e of activationEntries(ctx.model)) {
      if (e.outcome.kind !== "unknown" || !e.instance.configResolved) continue;
      const ls = e.outcome.listeners;
      const usual = ls.find((l) => USUAL[l.kind] === (e.entry.address as { port?: number }).port);
      const shown = usual ? [usual] : ls;
      const reasons = [...new Set(shown.map((l) => l.unknownReason!))];
      const what = shown.length === 1 ? `the ${shown[0].label}` : "an Asterisk listener";
      ctx.report({
        at: e.entry.setting.valueLoc,
        message: `cannot tell whether ListenStream=${e.entry.setting.value} matches ${what}: ${reasons[0]}`,
        notes: [...reasons.slice(1), "no mismatch or unused-socket finding is made for this line"],
        help:
          ctx.model.mode === "repository"
            ? "lint with --root (or pass --asterisk-config DIR) so astlint can read the configuration, or use numeric addresses in the config"
            : "use a numeric address in the Asterisk config so the match can be checked",
      });
    }
  },
};
export default rule;
