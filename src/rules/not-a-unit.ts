/**
 * not-a-unit: in repository mode, a file with a unit's name whose content is something else
 * (an Avahi service definition, a D-Bus activation file, another XML document). The model
 * recognises it by its first lines (src/model/non-units.ts) and leaves it out of the units, so
 * it gets this one finding instead of a syntax error per line.
 */
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    id: "not-a-unit",
    severity: "info",
    description: "A file named like a unit that is not one (Avahi service definition, D-Bus activation file, XML): not linted as a unit",
  },
  check(ctx) {
    for (const f of ctx.model.readFindings) {
      if (f.ruleId !== "not-a-unit") continue;
      ctx.report({ at: f, message: f.message, notes: f.notes, help: f.help, related: f.related });
    }
  },
};
export default rule;
