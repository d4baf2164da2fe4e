/**
 * invalid-value: a value the directive's parser rejects in the target version (booleans, time
 * spans, sizes, modes, numbers and ranges, enumerations, socket addresses, Exec command lines,
 * user/group names, unit names, paths, specifiers …), as decided by checkValue()
 * (src/system/value-check.ts, ../shared/spec/systemd-value-kinds.md). Most bad values make
 * systemd ignore the line; a few (Exec lines without the "-" prefix, DynamicUser=,
 * WorkingDirectory=, RootDirectory= …) make it stop reading the file and refuse the unit.
 * Empty values are empty-assignment's.
 */
import { lookupDirective } from "../system/directive-table.js";
import { checkValue } from "../system/value-check.js";
import type { Rule, RuleContext } from "./rule.js";
import { inlineCommentAt } from "./_inline-comment.js";
import { reportableUnitFiles, valueRange, judgedAssignments } from "./_unit-files.js";

function check(ctx: RuleContext): void {
  const version = ctx.options.systemdVersion;
  for (const uf of reportableUnitFiles(ctx)) {
    for (const a of judgedAssignments(uf)) {
      if (a.section === null || a.value === "") continue;
      const l = lookupDirective(uf.unitType, a.section, a.key, version);
      if (l.status !== "known") continue;
      const p = checkValue(l.info.parser, a.value, { version, section: a.section, key: a.key, unitType: uf.unitType });
      if (!p) continue;
      const notes: string[] = [];
      let help: string | undefined;
      if (p.fatal) {
        notes.push(
          `systemd stops reading ${uf.display} at this line ("Unit configuration has fatal error, unit will not be started."): the unit gets load state bad-setting and cannot be started`,
        );
      } else {
        notes.push(`the rest of the unit loads; ${a.key}= keeps its default or an earlier value`);
      }
      const comment = inlineCommentAt(a.value, l.info.parser);
      if (comment !== null) {
        const before = a.value.slice(0, comment).trimEnd();
        const ok = before !== "" && checkValue(l.info.parser, before, { version, section: a.section, key: a.key, unitType: uf.unitType }) === null;
        notes.push(`systemd has no comments after a value: ${JSON.stringify(a.value.slice(comment))} is part of it`);
        if (ok) help = `move the comment to a line of its own starting with #, and keep ${a.key}=${before}`;
      }
      if (!help && p.suggestion !== undefined) help = `${a.key}=${p.suggestion}`;
      ctx.report({
        at: p.offset !== undefined ? valueRange(a, p.offset, p.length ?? a.value.length - p.offset) : a.valueLoc,
        message: p.message,
        notes,
        help,
      });
    }
  }
}

const rule: Rule = {
  meta: {
    id: "invalid-value",
    severity: "error",
    description: "A value the directive's parser rejects: systemd ignores the line, or refuses the unit",
  },
  check,
};
export default rule;
