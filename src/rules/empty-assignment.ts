/**
 * empty-assignment: `Key=` with nothing after the `=`. What it does depends on the directive's
 * parser (measured for every v252 directive with systemd-analyze verify 252, in
 * data/empty-assignment-v252.tsv):
 *   - "warns": systemd rejects it ("Failed to parse boolean value, ignoring: ") — booleans and
 *     most enumerations and numbers cannot be reset this way;
 *   - "fatal": systemd stops reading the file and refuses the unit (DynamicUser=);
 *   - dependencies (After=, Wants=, Requires= …) and Sockets=: accepted silently but they do
 *     nothing — dependencies can only be added, never reset.
 * Silent resets of lists and strings are what the author meant and are not reported.
 */
import { emptyAssignmentInfo } from "../values/directive-table.js";
import type { Rule, RuleContext } from "./rule.js";
import { assignmentLoc, fatalOutcome, reportableUnitFiles, judgedAssignments, judgedLookups } from "./_unit-files.js";

/** Parsers whose empty assignment is a silent no-op (dependencies cannot be removed). */
const NO_RESET_PARSERS = new Set(["config_parse_unit_deps", "config_parse_obsolete_unit_deps", "config_parse_service_sockets"]);

function check(ctx: RuleContext): void {
  for (const uf of reportableUnitFiles(ctx)) {
    const judged = judgedAssignments(ctx, uf);
    const lookups = judgedLookups(ctx, uf);
    for (let i = 0; i < judged.length; i++) {
      const a = judged[i];
      if (a.value !== "") continue;
      const l = lookups[i];
      if (l.status !== "known") continue;
      const info = emptyAssignmentInfo(a.section, a.key);
      if (!info) continue;
      const at = assignmentLoc(a);
      if (info.behaviour === "fatal") {
        ctx.report({
          at,
          severity: "error",
          message: `${a.key}= with an empty value: ${fatalOutcome(uf).refused}`,
          notes: [`systemd logs "${(info.message ?? "").replace(/ \(aborts.*$/, "").trim() || "Failed to parse"}" and stops reading ${uf.display} here: ${fatalOutcome(uf).consequence}`],
          help: `remove the line, or give a value (${a.key}=no)`,
        });
      } else if (info.behaviour === "warns") {
        const logged = (info.message ?? "").trim();
        ctx.report({
          at,
          message: `${a.key}= with an empty value is rejected: it does not reset ${a.key}= to its default`,
          notes: [`systemd logs ${logged ? `"${logged}"` : "a warning"} and ignores the line; the earlier value (or the default) stays in force`],
          help: `remove the line, or set the value you want explicitly`,
        });
      } else if (NO_RESET_PARSERS.has(l.info.parser)) {
        ctx.report({
          at,
          message: `${a.key}= with an empty value does nothing: dependencies cannot be reset`,
          notes: [`systemd accepts the line silently and keeps every ${a.key}= set before it, in the unit file and in earlier drop-ins`],
          help:
            uf.kind === "dropin"
              ? `remove the line; to drop a dependency, copy the whole unit to /etc/systemd/system/ and edit it there (or mask the other unit)`
              : `remove the line`,
        });
      }
    }
  }
}

const rule: Rule = {
  meta: {
    id: "empty-assignment",
    severity: "warning",
    description: "Key= that systemd rejects, or that does not reset what the author thinks (dependencies)",
  },
  check,
};
export default rule;
