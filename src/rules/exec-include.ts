/**
 * exec-include: `#exec` in a config runs a program at every config load when
 * `execincludes = yes` (Asterisk main/config.c (#exec), main/options.c (execincludes) at 22.x). astlint never runs it.
 */
import { astTrue } from "../asterisk/option-types.js";
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    security: true,
    id: "exec-include",
    severity: "warning",
    description: "#exec runs a program at every config load when execincludes = yes",
    references: ["Asterisk main/config.c (#exec), main/options.c (execincludes) at 22.x"],
  },
  check(ctx) {
    const enabled = ctx.model.asterisk.some((i) => astTrue(i.options.get("execincludes")?.value));
    for (const c of ctx.model.asteriskConfigs) {
      for (const e of c.execs) {
        ctx.report({
          at: e.loc,
          message: enabled
            ? `#exec ${e.command} runs a program every time ${c.name} is loaded (execincludes = yes)`
            : `#exec ${e.command} is ignored unless execincludes = yes, and then runs a program every time ${c.name} is loaded`,
          notes: [
            "the program runs as Asterisk's user on every reload; its output becomes configuration, so whoever can change it controls Asterisk",
          ],
          help: "generate the file ahead of time and #include it instead",
        });
      }
    }
  },
};
export default rule;
