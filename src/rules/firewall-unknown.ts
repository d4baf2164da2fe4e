/**
 * firewall-unknown: a firewall ruleset astlint cannot evaluate for an activation port (syntax
 * it does not know, a jump it cannot follow). unfirewalled-activation-port then falls back to
 * the unit's own IPAddressAllow=/IPAddressDeny=.
 */
import { exposures } from "../model/exposure.js";
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    security: true,
    id: "firewall-unknown",
    severity: "info",
    description: "A firewall ruleset astlint cannot evaluate for an Asterisk activation port",
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const x of exposures(ctx.model)) {
      for (const f of x.families) {
        for (const v of f.firewall?.perFirewall ?? []) {
          if (v.verdict !== "unknown") continue;
          const b = v.because;
          const key = `${v.firewall}\0${b.file}\0${b.line}\0${x.address.port}`;
          if (seen.has(key)) continue;
          seen.add(key);
          ctx.report({
            at: x.entry.entry.setting.valueLoc,
            message: `astlint cannot tell whether ${v.firewall} lets other hosts reach port ${x.address.port} (IPv${f.family}): ${v.reason ?? "unsupported ruleset"} at ${b.file}:${b.line}`,
            notes: ["unfirewalled-activation-port falls back to the socket's own IPAddressAllow=/IPAddressDeny= for this port", "docs/firewalls.md lists what astlint understands"],
            help: "check the port by hand, or restrict the socket itself with IPAddressDeny=any and IPAddressAllow=",
            related: [{ file: b.file, line: b.line, column: 1, message: "not understood" }],
          });
        }
      }
    }
  },
};
export default rule;
