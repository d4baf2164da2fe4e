/**
 * asterisk-deprecated-option: an option the target Asterisk version still accepts but documents
 * as deprecated (XML documentation, aco_option_register_deprecated() aliases), with the
 * replacement.
 */
import type { Rule } from "./rule.js";
import { asteriskReplaceFix } from "../fix/asterisk-fix.js";
import { keyUses, OncePerLine, versionLabel, whereText } from "./_asterisk-options.js";
import { lookupTable } from "../core/lookup-table.js";

/** Deprecated in code though not flagged in the documentation (main/logger.c prints a deprecation warning from 20). */
const EXTRA: Record<string, { replacement: string; from: number }> = lookupTable({
  "logger.conf\0general\0rotatetimestamp": { replacement: "rotatestrategy = timestamp", from: 18 },
});

const EXTRA_OPTIONS: Record<string, true> = lookupTable(Object.fromEntries(Object.keys(EXTRA).map((k) => [k.split("\0")[2]!, true])));

const rule: Rule = {
  meta: {
    id: "asterisk-deprecated-option",
    severity: "warning",
    description: "An Asterisk option that the target version accepts but deprecates, with its replacement",
    fixable: "unsafe",
  },
  check(ctx) {
    const model = ctx.model;
    const once = new OncePerLine(ctx);
    for (const u of keyUses(ctx)) {
      if (!u.spec || !u.inVersion) continue;
      const extra = u.spec.deprecated === null && u.spec.option in EXTRA_OPTIONS ? EXTRA[`${u.spec.file}\0${u.spec.object}\0${u.spec.option}`] : undefined;
      if (u.spec.deprecated === null && !extra) continue;
      const replacement = u.spec.deprecated ?? (extra && model.asteriskVersion >= extra.from ? extra.replacement : null);
      if (replacement === null) continue;
      const at = u.variable.keyLoc;
      const shown = `${u.wizardPrefix ?? ""}${u.key}`;
      once.add(shown, at, () => ({
        at,
        message: `"${shown}" in ${whereText(u)} is deprecated in ${versionLabel(model)}: Asterisk still accepts it, but a later major may drop it${replacement ? `; use ${replacement}` : ""}`,
        help: replacement ? `replace it with ${replacement}` : "check the option's documentation for its replacement",
        // A replacement that is a plain option name: rename the key. Its value syntax may differ: unsafe.
        fix:
          replacement && /^[A-Za-z_][\w]*$/.test(replacement)
            ? asteriskReplaceFix(model, at, `${u.wizardPrefix ?? ""}${replacement}`, { safe: false, description: `rename "${shown}" to "${u.wizardPrefix ?? ""}${replacement}"` })
            : undefined,
      }), u.variable.inheritedFrom, u.object.name);
    }
    once.flush();
  },
};
export default rule;
