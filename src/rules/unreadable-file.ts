/**
 * unreadable-file: a file astlint could not read (permission denied, I/O error, a dangling
 * symlink or a loop, a FIFO or device where a unit should be, a file over the size cap).
 * The rest of the tree is still linted; findings that depend on the file may be missing.
 */
import type { Rule } from "./rule.js";

const rule: Rule = {
  meta: {
    id: "unreadable-file",
    severity: "warning",
    description: "A file astlint could not read (permissions, I/O error, dangling link, not a regular file, too large)",
  },
  check(ctx) {
    for (const f of ctx.model.readFindings) {
      if (f.ruleId !== "unreadable-file") continue;
      ctx.report({ at: f, message: f.message, notes: f.notes, help: f.help, related: f.related, severity: f.severity });
    }
  },
};
export default rule;
