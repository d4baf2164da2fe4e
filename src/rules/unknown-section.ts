/**
 * unknown-section: a `[Section]` header that is not one of the unit type's sections
 * ([Unit], its own, [Install]); systemd logs "Unknown section 'X'. Ignoring." and silently
 * drops every line under it (src/shared/conf-parser.c `parse_line()`). `[X-…]` sections are allowed. Section
 * names are case-sensitive and not trimmed.
 */
import { isExtensionName, isKnownSection, sectionsFor, suggestSection } from "../values/directive-table.js";
import type { UnitAssignment, UnitSection } from "../core/unit-tree.js";
import type { Rule } from "./rule.js";
import { reportableUnitFiles, suffix } from "./_unit-files.js";
import { replaceFix } from "./_fixes.js";

const rule: Rule = {
  meta: {
    id: "unknown-section",
    severity: "error",
    description: "A section systemd does not know for the unit type: everything in it is ignored",
    fixable: "safe",
  },
  check(ctx) {
    for (const uf of reportableUnitFiles(ctx)) {
      const fatalLines = new Set(uf.ast.problems.filter((p) => p.kind === "bad-section-characters").map((p) => p.line));
      const keysOf = new Map<UnitSection, UnitAssignment[]>();
      for (const a of uf.ast.assignments) {
        if (!a.sectionNode) continue;
        const l = keysOf.get(a.sectionNode);
        if (l) l.push(a);
        else keysOf.set(a.sectionNode, [a]);
      }
      for (const s of uf.ast.sections) {
        if (isExtensionName(s.name) || isKnownSection(uf.unitType, s.name) || fatalLines.has(s.line)) continue;
        const header = JSON.stringify(`[${s.name}]`);
        const own = sectionsFor(uf.unitType).map((x) => `[${x}]`);
        const keys = keysOf.get(s) ?? [];
        const ignored =
          keys.length === 0
            ? "ignores the section"
            : `ignores the ${keys.length === 1 ? `setting in it (${keys[0].key}=)` : `${keys.length} settings in it (${keys
                .slice(0, 4)
                .map((a) => `${a.key}=`)
                .join(", ")}${keys.length > 4 ? ", …" : ""})`}`;
        const notes = [`systemd logs "Unknown section '${s.name}'. Ignoring." and ${ignored} without a word about them`];
        if (s.name === "D-BUS Service") {
          notes.push("this looks like a D-Bus service activation file: dbus-daemon reads those from /usr/share/dbus-1/, systemd does not, and it is not a unit file");
        }
        const sug = suggestSection(uf.unitType, s.name);
        let message: string;
        let help: string;
        if (sug?.reason === "other-type") {
          message = `section ${header} belongs in a ${suffix(sug.unitType!)} unit, not in this ${suffix(uf.unitType)} unit`;
          help = `move these settings to the ${suffix(sug.unitType!)} unit, or use the sections of a ${suffix(uf.unitType)} unit: ${own.join(", ")}`;
        } else if (sug) {
          const why =
            sug.reason === "case" ? ": section names are case-sensitive" : sug.reason === "whitespace" ? ": systemd does not trim blanks inside the brackets" : "";
          message = `unknown section ${header} in a ${suffix(uf.unitType)} unit${why}; did you mean "[${sug.section}]"?`;
          help = `rename the header to [${sug.section}]`;
        } else {
          message = `unknown section ${header} in a ${suffix(uf.unitType)} unit (valid: ${own.join(", ")})`;
          help = `use one of ${own.join(", ")}; for data that systemd should ignore, name the section [X-${s.name.trim() || "Name"}]`;
        }
        // Renaming switches on every setting in the section: safe only for [Install] (read by systemctl enable, not at start).
        const fix =
          sug && sug.reason !== "other-type" && s.nameLoc.endColumn > s.nameLoc.column
            ? replaceFix(ctx, uf, s.nameLoc, sug.section, { safe: sug.section === "Install" || keys.length === 0, description: `rename the header to [${sug.section}]` })
            : undefined;
        ctx.report({ at: s.nameLoc.endColumn > s.nameLoc.column ? s.nameLoc : s, message, notes, help, fix });
      }
    }
  },
};
export default rule;
