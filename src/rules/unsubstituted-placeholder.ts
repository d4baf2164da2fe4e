/**
 * unsubstituted-placeholder: a build template (`foo.service.in`, read only when named on the
 * command line) still holds `@name@` placeholders that the build (configure, meson, make)
 * replaces. One finding per file; the value rules do not judge the values that hold one
 * (`ExecStart=@bindir@/foo` is not a relative path once built).
 */
import type { Location } from "../core/types.js";
import type { Rule } from "./rule.js";
import { PLACEHOLDERS, reportableUnitFiles } from "./_unit-files.js";

const rule: Rule = {
  meta: {
    id: "unsubstituted-placeholder",
    severity: "info",
    description: "A build template (*.in named on the command line) with @name@ placeholders: values holding one are not checked",
  },
  check(ctx) {
    for (const uf of reportableUnitFiles(ctx)) {
      if (!uf.buildTemplate) continue;
      const names = new Set<string>();
      let first: Location | null = null;
      let count = 0;
      for (const a of uf.ast.assignments) {
        for (const m of a.value.matchAll(PLACEHOLDERS)) {
          count++;
          names.add(m[0]);
          if (first === null) {
            const start = a.positionAt(m.index);
            const end = a.positionAt(m.index + m[0].length);
            first = { file: uf.display, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
          }
        }
      }
      if (first === null) continue;
      const list = [...names];
      ctx.report({
        at: first,
        message: `${uf.display} is a build template: ${count} placeholder${count === 1 ? "" : "s"} (${list.slice(0, 5).join(", ")}${list.length > 5 ? ", …" : ""}) ${count === 1 ? "is" : "are"} replaced at build time; the values holding them are not checked`,
        notes: ["systemd would read a placeholder literally (ExecStart=@bindir@/foo is a relative path to it); the installed unit is the one to verify"],
        help: "lint the generated unit (after the build, or the installed file) to check those values too",
      });
    }
  },
};
export default rule;
