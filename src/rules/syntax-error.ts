/**
 * syntax-error: lines systemd's unit-file reader cannot parse (systemd
 * src/shared/conf-parser.c `config_parse()`/`parse_line()` at v252): a missing `=`, a missing key, an assignment before the first section, a section
 * header without its closing `]` or with forbidden characters, an over-long line, invalid
 * UTF-8. One finding per problem the parser found.
 *
 * Not reported here: `.include` lines (deprecated-directive reports them once), and lines
 * without `=` inside a section systemd ignores (`[X-…]` and unknown sections: systemd skips
 * their lines without looking at them).
 */
import type { UnitSyntaxProblem } from "../core/unit-tree.js";
import type { UnitFile } from "../model/model.js";
import type { Rule } from "./rule.js";
import { fatalOutcome, isIgnoredSection, isIncludeLine, physicalLine, quote, reportableUnitFiles, sectionAtLine } from "./_unit-files.js";

/** What a fatal line does: the unit file fails the unit; a drop-in only loses its lines from here on. */
function fileFails(uf: UnitFile, errno = ""): string {
  const why = errno ? ` (${errno})` : "";
  return uf.kind === "dropin" ? `stops reading the drop-in there${why}: ${fatalOutcome(uf).consequence}` : `refuses to load the whole file${why}: the unit fails to load`;
}

function describe(p: UnitSyntaxProblem, uf: UnitFile, text: string): { message: string; notes: string[]; help: string } {
  const bom = text.startsWith("\ufeff");
  const shown = (bom ? text.slice(1) : text).trim();
  const bomComment = bom && (shown.startsWith("#") || shown.startsWith(";"));
  const line = quote(shown);
  switch (p.kind) {
    case "missing-equals":
      return {
        message: `${line} is not a Key=value assignment (no "=")`,
        notes: [`systemd logs "Missing '=', ignoring line." and ignores the line`],
        help: "write it as Key=value, or make it a comment by starting the line with # (systemd has no comments after a value)",
      };
    case "missing-key":
      return {
        message: `${line} has no key before "="`,
        notes: [`systemd logs "Missing key name before '=', ignoring line." and ignores the line`],
        help: "put the setting's name before the \"=\"",
      };
    case "outside-section":
      return {
        message: `${line} comes before the first [Section] header`,
        notes: [
          `systemd logs "Assignment outside of section. Ignoring." and ignores the line`,
          ...(bomComment
            ? ["the file starts with a UTF-8 byte-order mark: systemd checks for comments before it strips the mark, so this comment line is read as an assignment"]
            : []),
        ],
        help: bomComment
          ? "save the file as UTF-8 without the byte-order mark"
          : `move it under the section it belongs to (${uf.unitType === "service" ? "[Unit] or [Service]" : "[Unit] or the unit type's own section"})`,
      };
    case "invalid-section-header":
      return {
        message: `invalid section header ${line}: the line must end with "]"`,
        notes: [`systemd logs "Invalid section header" and ${fileFails(uf, '"Bad message"')}`, "systemd has no comments after a header either: \"[Service] # x\" is an invalid header"],
        help: "end the header line with \"]\" and put any comment on its own line",
      };
    case "bad-section-characters":
      return {
        message: `section header ${line} contains characters systemd does not allow in a section name`,
        notes: [`systemd allows no control characters, quotes or backslashes there; it logs "Bad characters in section header" and ${fileFails(uf)}`],
        help: "use a plain section name such as [Unit], [Service] or [Install] (no quotes, backslashes or control characters)",
      };
    case "line-too-long":
      return {
        message: `line too long for systemd: ${p.message.replace(/^[^:]*: /, "")}`,
        notes: [`systemd reads at most 1 MiB per line and ${fileFails(uf, '"No buffer space available"')}`],
        help: "shorten the line, for example move long data to an EnvironmentFile= or a separate file the program reads",
      };
    case "invalid-utf8":
      return {
        message: `${line} is not valid UTF-8 (shown with U+FFFD for each bad byte)`,
        notes: [`systemd logs "String is not UTF-8 clean, ignoring assignment" and ${fileFails(uf, '"Invalid argument"')}`],
        help: "re-encode the file as UTF-8 (for example with iconv -f latin1 -t utf-8)",
      };
  }
}

const rule: Rule = {
  meta: {
    id: "syntax-error",
    severity: "error",
    description: "Lines systemd cannot parse: missing '=', bad section header, key before any section, over-long line, invalid UTF-8",
  },
  check(ctx) {
    for (const uf of reportableUnitFiles(ctx)) {
      for (const p of uf.ast.problems) {
        const text = physicalLine(ctx, uf.ast, p.line);
        if ((p.kind === "missing-equals" || p.kind === "outside-section") && isIncludeLine(text)) continue;
        if (p.kind === "missing-equals" || p.kind === "missing-key") {
          const s = sectionAtLine(uf.ast, p.line);
          if (s && isIgnoredSection(uf, s.name)) continue;
        }
        const d = describe(p, uf, text);
        ctx.report({ at: { file: p.file, line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn }, ...d });
      }
    }
  },
};
export default rule;
