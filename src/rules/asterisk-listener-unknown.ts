/**
 * asterisk-listener-unknown: a listener's address cannot be known statically (a host-name
 * bindaddr, an include outside the paths given), so no mismatch or unused finding is made for
 * the socket that may belong to it. This says why.
 */
import { activationEntries } from "../system/activation.js";
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    id: "asterisk-listener-unknown",
    severity: "info",
    description: "A listener's address cannot be known statically, so its activation socket is not cross-checked",
    facts: ["F-HTTP-03", "F-CFG-09"],
  },
  check(ctx) {
    for (const e of activationEntries(ctx.model)) {
      if (e.outcome.kind !== "unknown" || !e.instance.configResolved) continue;
      const reasons = [...new Set(e.outcome.listeners.map((l) => `${l.label}: ${l.unknownReason}`))];
      ctx.report({
        at: e.entry.setting.valueLoc,
        message: `cannot tell whether ListenStream=${e.entry.setting.value} matches Asterisk's ${e.outcome.listeners.map((l) => l.label).join(" or ")}`,
        notes: reasons,
        help:
          ctx.model.mode === "repository"
            ? "lint with --root (or pass --asterisk-config DIR) so astlint can read the configuration, or use numeric addresses in the config"
            : "use a numeric address in the Asterisk config so the match can be checked",
      });
    }
  },
};
export default rule;
