/**
 * asterisk-config-unresolved: ExecStart's -C cannot be resolved statically (an unset
 * variable, an instance specifier of a template), so no cross-file check is made.
 */
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    id: "asterisk-config-unresolved",
    severity: "info",
    description: "ExecStart's -C cannot be resolved statically, so the service is not cross-checked with its configs",
    references: ["Asterisk main/asterisk.c `main()` (-C), main/config.c `config_text_file_load()`"],
  },
  check(ctx) {
    for (const inst of ctx.model.asterisk) {
      if (inst.configResolved) continue;
      ctx.report({
        at: inst.execStart.valueLoc,
        message: `cannot tell which asterisk.conf ${inst.service.name} reads: -C depends on ${/%[iIjJf]/.test(inst.execStart.value) ? "the instance name" : "a variable astlint cannot resolve"}`,
        notes: ["socket addresses, the CLI path and fork settings of this service are not cross-checked against Asterisk's configuration"],
        help: "set the variable with Environment= in the unit, or lint an instance (e.g. enable asterisk@NAME.service under --root)",
      });
    }
  },
};
export default rule;
