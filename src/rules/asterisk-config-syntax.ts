/**
 * asterisk-config-syntax: an Asterisk config problem that changes what Asterisk loads:
 * unclosed `[`/`(`, a stray `--;`, a variable before any section, a bad inheritance (the whole
 * file becomes invalid, main/config.c `process_text_line()`) — and, as warnings, lines Asterisk skips (no `=`, unknown
 * `#` directive, over-long line).
 */
import type { AsteriskConfig } from "../asterisk/config-loader.js";
import { isLoadedByName } from "../model/build.js";
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
    const stops = stopLines(ctx.model.asteriskConfigs);
    for (const f of ctx.model.asteriskFiles.values()) {
      if (!f.reportable) continue;
      const stop = stops.get(f.path);
      for (const p of f.ast.problems) {
        reported.add(`${p.file}:${p.line}`);
        const unread = stop !== undefined && p.line > stop && WARNING_KINDS.has(p.kind);
        ctx.report({
          at: p,
          severity: WARNING_KINDS.has(p.kind) ? "warning" : "error",
          // Asterisk stopped reading the file at the line that made it invalid: it never logs this one.
          message: unread ? unreadMessage(p.message, f.display, stop) : p.message,
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
        // A file Asterisk does not load by name, included by no config linted here, may be a
        // fragment meant for `#include` inside a section (FreePBX's *_custom.conf).
        const fragment = loc.file === c.display && !loadedByName(c.path);
        const disabled = !fragment && hasNoHeader(c) ? commentedHeaderAbove(c, loc) : null;
        if (disabled !== null) {
          // The config's only header is commented out (Asterisk's cel_sqlite3_custom.conf sample):
          // the section is switched off on purpose and Asterisk ends up with no configuration, as
          // the commented header intends, only with a parse error logged on every load.
          ctx.report({
            at: loc,
            severity: "warning",
            message: `a variable under the commented-out header ;[${disabled.name}]: Asterisk rejects ${c.display} (it logs "parse error: No category context" on every load) and the module sees no configuration`,
            notes: [
              `the header at line ${disabled.line} is a comment, so this line belongs to no section; with no section left the file configures nothing either way, which is presumably what commenting out [${disabled.name}] meant`,
            ],
            help: `comment out this line as well to switch the section off cleanly, or uncomment [${disabled.name}] to use it`,
          });
          continue;
        }
        ctx.report({
          at: loc,
          message: fragment
            ? `a variable before any [section] header: Asterisk rejects ${c.display} if it loads it as a config of its own (fine if the file is only #included inside a section; no config linted here includes it)`
            : `a variable before any [section] header: Asterisk rejects ${c.display}`,
          notes: [
            `Asterisk logs "parse error: No category context for line ${loc.line} of ${loc.file}" and treats the whole file as invalid: the module sees no configuration at all`,
          ],
          help: fragment
            ? "move the line under the section it belongs to (e.g. [general]), or lint the file together with the config that #includes it"
            : "move the line under the section it belongs to (e.g. [general])",
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

/**
 * Per file, the line where Asterisk stops reading it because the whole file is invalid (main/config.c
 * `config_text_file_load()` returns at the first `process_text_line()` failure) — only when every
 * config that reads the file stops there.
 */
function stopLines(configs: readonly AsteriskConfig[]): Map<string, number> {
  const stops = new Map<string, number | null>();
  for (const c of configs) {
    for (const f of c.files) {
      const here = c.invalid && c.invalid.loc.file === f.display ? c.invalid.loc.line : null;
      const prev = stops.get(f.path);
      stops.set(f.path, prev === undefined ? here : prev === null || here === null ? null : Math.max(prev, here));
    }
  }
  const out = new Map<string, number>();
  for (const [file, line] of stops) if (line !== null) out.set(file, line);
  return out;
}

function unreadMessage(message: string, display: string, stop: number): string {
  const cut = message.indexOf(": Asterisk ");
  const what = cut >= 0 ? message.slice(0, cut) : message;
  return `${what}: Asterisk never reaches this line (it stops reading ${display} at line ${stop}, which makes the whole file invalid); once that is fixed, it would skip this line with a warning`;
}

/** No file of the config has an active section header (so its rejection loses no section). */
function hasNoHeader(c: AsteriskConfig): boolean {
  return c.files.every((f) => !f.ast.lines.some((l) => l.kind === "section"));
}

/** The last `;[name]` comment above `loc` in its file, when the config has no active section. */
function commentedHeaderAbove(c: AsteriskConfig, loc: { file: string; line: number }): { name: string; line: number } | null {
  const file = c.files.find((f) => f.display === loc.file);
  if (!file) return null;
  let found: { name: string; line: number } | null = null;
  for (const cm of file.ast.comments) {
    if (cm.line >= loc.line) break;
    if (cm.trailing || cm.block) continue;
    const m = /^\s*\[([^\]\s]+)\]/.exec(cm.text);
    if (m) found = { name: m[1]!, line: cm.line };
  }
  return found;
}

/** Config files Asterisk's modules load by name (a root config, not an include fragment). */
function loadedByName(file: string): boolean {
  return isLoadedByName(file.slice(file.lastIndexOf("/") + 1));
}

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
