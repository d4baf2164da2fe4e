/**
 * inline-comment: systemd has no comments after a value (src/shared/conf-parser.c `parse_line()`): in
 * `Description=Asterisk # PBX` the `# PBX` is part of the description, in an Exec line it is
 * passed to the program as extra arguments. In Exec lines a lone `;` separates commands
 * (systemd.service(5) "Command lines"): for ExecStart= of a service that is not Type=oneshot a second command makes systemd
 * refuse the unit (error); elsewhere a `;` followed by something that is not a path to a
 * program is most likely a comment that became a command (warning).
 *
 * A value that the directive's parser rejects because of the comment is left to
 * invalid-value, which says so.
 */
import { splitWords } from "../values/exec-command.js";
import type { UnitFile } from "../model/model.js";
import type { Rule, RuleContext } from "./rule.js";
import { inlineCommentAt } from "./_inline-comment.js";
import { assignmentProblem, quote, unitsOfFile, valueRange, judgedAssignments, knownValueAssignments } from "./_unit-files.js";
import { effectiveServiceType } from "../model/service-verify.js";
import { acceptedValue } from "../values/accepted-value.js";

interface Cmd {
  /** Offset of the `;` that starts it (-1 for the first command). */
  separator: number;
  start: number;
  end: number;
  first: string;
}

/** Commands of an Exec line as config_parse_exec() splits them (a leading lone `;` is skipped). */
function commands(value: string): Cmd[] {
  const split = splitWords(value);
  const out: Cmd[] = [];
  let sep = -1;
  let cur: Cmd | null = null;
  for (const w of split.words) {
    if (w.separator) {
      if (cur) out.push(cur);
      cur = null;
      sep = w.start;
      continue;
    }
    if (!cur) cur = { separator: out.length === 0 && sep < 0 ? -1 : sep, start: w.start, end: w.end, first: w.text };
    else cur.end = w.end;
  }
  if (cur) out.push(cur);
  return out;
}

/** The effective Type= for the service this file configures (computed once per file and run). */
function serviceType(ctx: RuleContext, uf: UnitFile): string {
  return ctx.derived("inline-comment:service-type", () => computeServiceType(ctx, uf), uf);
}

function computeServiceType(ctx: RuleContext, uf: UnitFile): string {
  const version = ctx.options.systemdVersion;
  const unit = unitsOfFile(ctx, uf).find((u) => u.type === "service");
  if (unit) return effectiveServiceType(unit, version).type;
  let type: string | null = null;
  let hasExecStart = false;
  for (const a of judgedAssignments(ctx, uf)) {
    if (a.section !== "Service") continue;
    if (a.key === "Type") type = a.value === "" || !acceptedValue("service", "Service", "Type", a.value, version) ? type : a.value;
    if (a.key === "ExecStart") hasExecStart = a.value !== "";
  }
  return type ?? (hasExecStart ? "simple" : "oneshot");
}

const stripPrefixes = (w: string) => {
  let i = 0;
  while (i < w.length && "-@:+!|".includes(w[i])) i++;
  return w.slice(i);
};

function check(ctx: RuleContext): void {
  for (const { uf, a, info } of knownValueAssignments(ctx)) {
    // Both findings need a "#" (a comment) or a ";" (a second command) in the value.
    if (!a.value.includes("#") && !a.value.includes(";")) continue;
    const parser = info.parser;
    if (assignmentProblem(ctx, uf.unitType, a, parser, uf) !== null) continue; // invalid-value reports it (and the comment)
    const isExec = parser === "config_parse_exec";
    const cmds = isExec ? commands(a.value) : [];
    // Later commands that a lone ";" made out of what reads like a comment, or that make systemd refuse the service.
    const type = cmds.length > 1 && a.key === "ExecStart" && uf.unitType === "service" ? serviceType(ctx, uf) : null;
    const flagged: Cmd[] = [];
    for (const c of cmds.slice(1)) {
      if ((type !== null && type !== "oneshot") || !stripPrefixes(c.first).startsWith("/")) flagged.push(c);
    }
    const hashAt = inlineCommentAt(a.value, parser);
    if (hashAt !== null && !flagged.some((c) => c.separator < hashAt && hashAt < c.end)) {
      const comment = a.value.slice(hashAt);
      const before = a.value.slice(0, hashAt).trimEnd();
      ctx.report({
        at: valueRange(a, hashAt, a.value.length - hashAt),
        message: isExec
          ? `${a.key}= passes ${quote(comment)} to the program as extra arguments: systemd has no comments after a value`
          : `${a.key}= includes ${quote(comment)} in its value: systemd has no comments after a value`,
        notes: [isExec ? `the command line is ${quote(a.value)}; "#" and every word after it become arguments` : `the value is ${quote(a.value)}, comment and all`],
        help: `move the comment to a line of its own starting with #, and keep ${a.key}=${before}`,
      });
    }
    for (const c of flagged) {
      const text = a.value.slice(c.start, c.end);
      const exe = stripPrefixes(c.first);
      const at = valueRange(a, c.separator, c.end - c.separator);
      if (type !== null && type !== "oneshot") {
        ctx.report({
          at,
          severity: "error",
          message: `the lone ";" in ExecStart= starts a second command ${quote(text)}, but a Type=${type} service may have only one`,
          notes: [
            `systemd logs "Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing." and the unit does not load`,
            `";" is not a comment in unit files: a lone ";" separates commands`,
          ],
          help: exe.startsWith("/")
            ? `run the other command from ExecStartPre=/ExecStartPost=, or use Type=oneshot; to pass ";" as an argument, write "\\;"`
            : `move the comment to a line of its own starting with #; to pass ";" as an argument, write "\\;"`,
        });
        break;
      }
      ctx.report({
        at,
        message: `the lone ";" in ${a.key}= starts a second command ${quote(text)}: systemd runs it, it is not a comment`,
        notes: [`systemd looks ${quote(exe)} up as a program in its executable search path${exe.startsWith("#") ? " (and fails)" : ""}`],
        help: `move the comment to a line of its own starting with #; to pass ";" as an argument, write "\\;"`,
      });
    }
  }
}

const rule: Rule = {
  meta: {
    id: "inline-comment",
    severity: "warning",
    description: "A '#' or ';' after a value meant as a comment: systemd keeps it in the value (or runs it as a second command)",
  },
  check,
};
export default rule;
