/**
 * asterisk-config-syntax: an Asterisk config problem that changes what Asterisk loads:
 * unclosed `[`/`(`, a stray `--;`, a variable before any section, a bad inheritance (the whole
 * file becomes invalid, main/config.c `process_text_line()`) — and, as warnings, lines Asterisk skips (no `=`, unknown
 * `#` directive, over-long line).
 */
import type { Rule } from "./rule.js";

const WARNING_KINDS = new Set(["unknown-directive", "missing-equals", "missing-name", "line-too-long", "missing-directive-argument"]);

const rule: Rule = {
  meta: {
    id: "asterisk-config-syntax",
    severity: "error",
    description: "An Asterisk config line that changes what Asterisk loads (or that it skips)",
    references: ["Asterisk main/config.c `config_text_file_load()` (comments) at 22.x", "Asterisk main/config.c `config_text_file_load()` (block comments) at 22.x", "Asterisk main/config.c `process_text_line()` (directives) at 22.x", "Asterisk main/config.c `process_text_line()` (section headers) at 22.x", "Asterisk main/config.c `config_text_file_load()` (line buffer) at 22.x", "Asterisk main/config.c `process_text_line()` (CONFIG_STATUS_FILEINVALID) at 22.x"],
  },
  check(ctx) {
    const reported = new Set<string>();
    for (const f of ctx.model.asteriskFiles.values()) {
      if (!f.reportable) continue;
      for (const p of f.ast.problems) {
        reported.add(`${p.file}:${p.line}`);
        ctx.report({
          at: p,
          severity: WARNING_KINDS.has(p.kind) ? "warning" : "error",
          message: p.message,
          notes: p.invalidatesFile
            ? ["Asterisk treats the whole file as invalid: the module sees no configuration at all (AMI and HTTP stay off on first load)"]
            : [],
          help: helpFor(p.kind),
        });
      }
    }
    for (const c of ctx.model.asteriskConfigs) {
      for (const loc of c.noSectionLines) {
        const key = `${loc.file}:${loc.line}`;
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.report({
          at: loc,
          message: `a variable before any [section] header: Asterisk rejects ${c.display}`,
          notes: ["Asterisk treats the whole file as invalid: the module sees no configuration at all"],
          help: "move the line under the section it belongs to (e.g. [general])",
        });
      }
      for (const p of c.problems) {
        const key = `${p.loc.file}:${p.loc.line}`;
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.report({
          at: p.loc,
          severity: p.invalidatesFile ? "error" : "warning",
          message: p.message,
          notes: p.invalidatesFile ? ["Asterisk treats the whole file as invalid: the module sees no configuration at all"] : [],
          help:
            p.kind === "append-target-missing"
              ? "define the section without (+) first, or drop (+)"
              : p.kind === "inherit-base-missing"
                ? "define the template before the section that inherits from it (inheritance needs an earlier section)"
                : undefined,
        });
      }
      if (c.invalid) {
        const key = `${c.invalid.loc.file}:${c.invalid.loc.line}`;
        const isInclude = c.includeFailures.some((i) => i.loc.file === c.invalid!.loc.file && i.loc.line === c.invalid!.loc.line);
        if (reported.has(key) || isInclude) continue;
        reported.add(key);
        ctx.report({
          at: c.invalid.loc,
          message: `${c.invalid.reason}: Asterisk rejects ${c.display}`,
          notes: ["Asterisk treats the whole file as invalid: the module sees no configuration at all"],
        });
      }
    }
  },
};

function helpFor(kind: string): string | undefined {
  switch (kind) {
    case "unclosed-bracket":
      return "close the section header with ]";
    case "unclosed-paren":
      return "close the option list with ), e.g. [name](!)";
    case "stray-block-close":
      return "remove the --; or open the block comment with ;-- before it (write \\; for a literal semicolon)";
    case "unterminated-block":
      return "close the block comment with --;";
    case "unknown-directive":
      return "use ; for comments; # starts a directive (#include, #tryinclude, #exec)";
    case "missing-equals":
      return "write key = value";
    default:
      return undefined;
  }
}
export default rule;
