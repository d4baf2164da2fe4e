/**
 * Inline suppression directives, applied after the rules ran (like ESLint's
 * apply-disable-directives), which is what makes unused directives reportable.
 *
 * Unit files (comments are whole lines starting with `#` or `;`):
 *   # astlint-disable-next-line RULE[, RULE] -- reason
 *   # astlint-disable RULE[, RULE]   ...   # astlint-enable [RULE...]
 *   # astlint-disable-file RULE
 * Asterisk configs (`;` comments, also at the end of a line): the same forms, plus
 *   exten => s,1,NoOp() ; astlint-disable-line RULE
 * which is only valid as an end-of-line comment. No rule list means every rule.
 * `-- reason` after the list is kept as the justification.
 *
 * A directive that cannot work where it is (`astlint-disable-line` on its own line or in a unit
 * file) is always reported as `unused-disable-directive`; unknown rule IDs are reported as
 * `unknown-rule-in-directive` (error); with `reportUnused`, directives that suppressed nothing
 * and `astlint-enable`s that re-enable nothing are reported as `unused-disable-directive` (warning).
 */
import type { Finding } from "../core/types.js";
import type { RuleMeta } from "../core/rule-meta.js";
import { editDistance } from "./config-file.js";

export type DirectiveType = "disable-next-line" | "disable-line" | "disable" | "enable" | "disable-file";
export type FileKind = "unit" | "asterisk";

/** A comment as the parsers give it: text after the comment character, and where it starts. */
export interface CommentInput {
  /** Text after the comment character (`#`/`;`, or `;--` for an Asterisk block comment). */
  text: string;
  line: number;
  /** Column of the comment character. */
  column: number;
  /** True when code precedes the comment on its line (Asterisk end-of-line comment). */
  trailing?: boolean;
  /** Column where `text` starts; default `column + 1` (pass `column + 3` for a `;--` block). */
  textColumn?: number;
}

/** One rule ID as written in a directive, with its position (for unknown-ID findings). */
export interface DirectiveRule {
  id: string;
  line: number;
  column: number;
  endColumn: number;
}

export interface Directive {
  type: DirectiveType;
  /** Rule IDs named; empty means all rules. */
  rules: DirectiveRule[];
  /** Text after ` -- `, if any. */
  reason?: string;
  /** The directive text in the comment (from `astlint-` to the end of the rule list). */
  line: number;
  column: number;
  endColumn: number;
  trailing: boolean;
  /** disable-next-line / disable-line: the line whose findings it suppresses. */
  targetLine?: number;
  /** Why the directive cannot take effect where it is written (it is then reported). */
  misplaced?: { message: string; notes: string[]; help: string };
}

const UNKNOWN_RULE_IN_DIRECTIVE = "unknown-rule-in-directive";
const UNUSED_DISABLE_DIRECTIVE = "unused-disable-directive";

/** Metadata of the findings this module reports (for --list-rules, SARIF rule descriptors, config). */
export const DIRECTIVE_RULES: readonly RuleMeta[] = [
  {
    id: UNKNOWN_RULE_IN_DIRECTIVE,
    severity: "error",
    description: "A suppression directive names a rule ID astlint does not know, so it suppresses nothing for it",
  },
  {
    id: UNUSED_DISABLE_DIRECTIVE,
    severity: "warning",
    description:
      "A suppression directive suppresses nothing (reported with --report-unused-disable-directives; misplaced directives always)",
  },
];

/** Findings no directive can hide. */
const NOT_SUPPRESSIBLE = new Set(["internal-error", UNKNOWN_RULE_IN_DIRECTIVE, UNUSED_DISABLE_DIRECTIVE]);

const DIRECTIVE = /^(\s*)astlint-(disable-next-line|disable-line|disable-file|disable|enable)(?=\s|$)/;
const REASON = /\s-{2,}(?:\s|$)/;

function parseDirective(comment: CommentInput, kind: FileKind): Directive | undefined {
  // Most comments are prose (vendor units open with licence headers): one substring search
  // rules them out before any splitting or regular expression.
  if (!comment.text.includes("astlint-")) return undefined;
  const firstLine = comment.text.split(/\r?\n/, 1)[0]!;
  const m = DIRECTIVE.exec(firstLine);
  if (!m) return undefined;
  const type = m[2] as DirectiveType;
  const textColumn = comment.textColumn ?? comment.column + 1;
  const start = m[1]!.length;
  const afterKeyword = m[0].length;
  const rest = firstLine.slice(afterKeyword);
  const sep = REASON.exec(rest);
  const list = sep ? rest.slice(0, sep.index) : rest;
  const reason = sep ? rest.slice(sep.index + sep[0].length).trim() : undefined;

  const rules: DirectiveRule[] = [];
  for (const token of list.matchAll(/[^\s,]+/g)) {
    const col = textColumn + afterKeyword + token.index!;
    rules.push({ id: token[0], line: comment.line, column: col, endColumn: col + token[0].length });
  }
  const trailing = kind === "asterisk" && comment.trailing === true;
  const directive: Directive = {
    type,
    rules,
    line: comment.line,
    column: textColumn + start,
    endColumn: textColumn + afterKeyword + list.trimEnd().length,
    trailing,
  };
  if (reason) directive.reason = reason;

  if (type === "disable-line") {
    const ids = rules.map((r) => r.id).join(", ");
    const named = ids ? ` ${ids}` : "";
    if (kind === "unit") {
      directive.misplaced = {
        message: `"astlint-disable-line${named}" has no effect in a unit file: unit files have no end-of-line comments`,
        notes: ["systemd reads `# ...` after a value as part of the value, so the directive can only stand on its own line"],
        help: `put \`# astlint-disable-next-line${named}\` on the line above the one it is about`,
      };
    } else if (!trailing) {
      directive.misplaced = {
        message: `"astlint-disable-line${named}" on its own line has no effect: it applies to the line it ends`,
        notes: [],
        help: `move it to the end of the line it is about, or use \`; astlint-disable-next-line${named}\``,
      };
    } else {
      directive.targetLine = comment.line;
    }
  }
  return directive;
}

/**
 * Parses the astlint directives out of one file's comments. `disable-next-line` targets the
 * next line that is not itself an own-line directive comment, so directives can be stacked.
 */
export function collectDirectives(comments: CommentInput[], kind: FileKind): Directive[] {
  const directives: Directive[] = [];
  for (const c of comments) {
    const d = parseDirective(c, kind);
    if (d) directives.push(d);
  }
  const ownLineDirectiveLines = new Set(directives.filter((d) => !d.trailing).map((d) => d.line));
  for (const d of directives) {
    if (d.type !== "disable-next-line") continue;
    let target = d.line + 1;
    while (ownLineDirectiveLines.has(target)) target++;
    d.targetLine = target;
  }
  return directives;
}

interface Active {
  d: Directive;
  /** Known rule IDs named; empty with `all`. */
  ids: string[];
  all: boolean;
  /** Rule IDs it suppressed ("*" for an all-rules directive). */
  used: Set<string>;
}

function covers(a: Active, ruleId: string): boolean {
  return a.all || a.ids.includes(ruleId);
}

function atOrBefore(d: Directive, line: number, column: number): boolean {
  return d.line < line || (d.line === line && d.column <= column);
}

/** The state of `astlint-disable`/`astlint-enable` blocks while sweeping a file top to bottom. */
class BlockState {
  private perRule = new Map<string, Active>();
  private allDisabled: Active | null = null;
  private exceptions = new Set<string>();

  /** Applies one directive; returns whether an enable re-enabled anything. */
  apply(a: Active): boolean {
    if (a.d.type === "disable") {
      if (a.all) {
        this.allDisabled = a;
        this.exceptions.clear();
      } else {
        for (const id of a.ids) {
          this.perRule.set(id, a);
          this.exceptions.delete(id);
        }
      }
      return true;
    }
    // enable
    if (a.all) {
      const useful = this.allDisabled !== null || this.perRule.size > 0;
      this.allDisabled = null;
      this.perRule.clear();
      this.exceptions.clear();
      return useful;
    }
    let useful = false;
    for (const id of a.ids) {
      if (this.perRule.delete(id)) useful = true;
      if (this.allDisabled && !this.exceptions.has(id)) {
        this.exceptions.add(id);
        useful = true;
      }
    }
    return useful;
  }

  suppressor(ruleId: string): Active | undefined {
    return this.perRule.get(ruleId) ?? (this.allDisabled && !this.exceptions.has(ruleId) ? this.allDisabled : undefined);
  }
}

function quoteList(ids: string[]): string {
  return ids.map((id) => `"${id}"`).join(", ");
}

function directiveHead(d: Directive, ids: string[]): string {
  return `astlint-${d.type}${ids.length ? " " + ids.join(", ") : ""}`;
}

function directiveFinding(
  file: string,
  ruleId: string,
  severity: Finding["severity"],
  at: { line: number; column: number; endColumn: number },
  message: string,
  notes: string[],
  help: string,
): Finding {
  return {
    ruleId,
    severity,
    file,
    line: at.line,
    column: at.column,
    endLine: at.line,
    endColumn: Math.max(at.column, at.endColumn),
    message,
    notes,
    help,
    related: [],
  };
}

function closestRule(id: string, known: Set<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    if (NOT_SUPPRESSIBLE.has(k)) continue;
    const d = editDistance(id.toLowerCase(), k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(id.length / 3)) ? best : undefined;
}

function unusedWhere(d: Directive): string {
  switch (d.type) {
    case "disable-next-line":
    case "disable-line":
      return `on line ${d.targetLine}`;
    case "disable":
      return "in the lines it disables";
    default:
      return "in this file";
  }
}

const UNUSED_NOTE =
  "a stale directive hides the next problem of that kind without anyone noticing; the problem it was written for is gone, or it names another rule";

/**
 * Removes the findings the directives suppress and adds findings about the directives
 * themselves. `directivesByFile` is keyed by the findings' `file` (display path). Kept findings
 * stay in input order; directive findings follow, ordered by file, line and column.
 */
export function applySuppressions(
  findings: Finding[],
  directivesByFile: Map<string, Directive[]>,
  knownRuleIds: Set<string>,
  reportUnused: boolean,
): Finding[] {
  const known = new Set(knownRuleIds);
  for (const meta of DIRECTIVE_RULES) known.add(meta.id);

  const added: Finding[] = [];
  const activesByFile = new Map<string, Active[]>();

  for (const [file, directives] of directivesByFile) {
    const actives: Active[] = [];
    for (const d of directives) {
      for (const r of d.rules) {
        if (known.has(r.id)) continue;
        const suggestion = closestRule(r.id, known);
        added.push(
          directiveFinding(
            file,
            UNKNOWN_RULE_IN_DIRECTIVE,
            "error",
            r,
            `Unknown rule "${r.id}" in astlint-${d.type}: nothing is suppressed for it`,
            ["rule IDs have no namespace; `astlint --list-rules` lists them"],
            suggestion
              ? `did you mean \`${suggestion}\`? write \`astlint-${d.type} ${suggestion}\``
              : "use a rule ID from `astlint --list-rules`, or remove this one from the directive",
          ),
        );
      }
      if (d.misplaced) {
        added.push(directiveFinding(file, UNUSED_DISABLE_DIRECTIVE, "warning", d, d.misplaced.message, d.misplaced.notes, d.misplaced.help));
        continue;
      }
      const ids = d.rules.map((r) => r.id).filter((id) => known.has(id));
      const all = d.rules.length === 0;
      if (!all && ids.length === 0) continue; // only unknown IDs: already reported, suppresses nothing
      actives.push({ d, ids: [...new Set(ids)], all, used: new Set() });
    }
    activesByFile.set(file, actives);
  }

  const blocksByFile = new Map<string, Active[]>();
  for (const [file, actives] of activesByFile) {
    const blocks = actives
      .filter((a) => a.d.type === "disable" || a.d.type === "enable")
      .sort((x, y) => x.d.line - y.d.line || x.d.column - y.d.column);
    blocksByFile.set(file, blocks);
  }

  const kept: Finding[] = [];
  for (const f of findings) {
    const actives = activesByFile.get(f.file);
    if (!actives || actives.length === 0 || NOT_SUPPRESSIBLE.has(f.ruleId)) {
      kept.push(f);
      continue;
    }
    let by =
      actives.find((a) => a.d.type === "disable-line" && a.d.targetLine === f.line && covers(a, f.ruleId)) ??
      actives.find((a) => a.d.type === "disable-next-line" && a.d.targetLine === f.line && covers(a, f.ruleId));
    if (!by) {
      const state = new BlockState();
      for (const a of blocksByFile.get(f.file) ?? []) {
        if (!atOrBefore(a.d, f.line, f.column)) break;
        state.apply(a);
      }
      by = state.suppressor(f.ruleId);
    }
    by ??= actives.find((a) => a.d.type === "disable-file" && covers(a, f.ruleId));
    if (by) by.used.add(by.all ? "*" : f.ruleId);
    else kept.push(f);
  }

  if (reportUnused) {
    for (const [file, actives] of activesByFile) {
      const state = new BlockState();
      const uselessEnables = new Set<Active>();
      for (const a of blocksByFile.get(file) ?? []) if (!state.apply(a) && a.d.type === "enable") uselessEnables.add(a);

      for (const a of actives) {
        const d = a.d;
        if (d.type === "enable") {
          if (!uselessEnables.has(a)) continue;
          added.push(
            directiveFinding(
              file,
              UNUSED_DISABLE_DIRECTIVE,
              "warning",
              d,
              a.all
                ? `"astlint-enable" re-enables nothing: no rule is disabled at line ${d.line}`
                : `"${directiveHead(d, a.ids)}" re-enables nothing: ${quoteList(a.ids)} ${a.ids.length > 1 ? "are" : "is"} not disabled at line ${d.line}`,
              [],
              "remove this directive",
            ),
          );
          continue;
        }
        if (a.all) {
          if (a.used.size > 0) continue;
          added.push(
            directiveFinding(
              file,
              UNUSED_DISABLE_DIRECTIVE,
              "warning",
              d,
              `"${directiveHead(d, [])}" suppresses nothing: there is no finding ${unusedWhere(d)}`,
              [UNUSED_NOTE],
              "remove this directive",
            ),
          );
          continue;
        }
        const unused = a.ids.filter((id) => !a.used.has(id));
        if (unused.length === 0) continue;
        const whole = unused.length === a.ids.length;
        added.push(
          directiveFinding(
            file,
            UNUSED_DISABLE_DIRECTIVE,
            "warning",
            d,
            `"${directiveHead(d, a.ids)}" suppresses nothing${whole ? "" : ` for ${quoteList(unused)}`}: there is no ${unused.join(" or ")} finding ${unusedWhere(d)}`,
            [UNUSED_NOTE],
            whole ? "remove this directive" : `remove ${unused.map((id) => `\`${id}\``).join(", ")} from the directive`,
          ),
        );
      }
    }
  }

  added.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0) || x.line - y.line || x.column - y.column);
  return [...kept, ...added];
}
