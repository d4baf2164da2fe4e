/**
 * The default terminal format (ESLint's "stylish", with rustc-style notes and help):
 *
 *   etc/systemd/system/asterisk-cli.socket
 *     6:14  error  systemd binds /run/... but Asterisk expects /var/run/...  run-path-mismatch
 *           = why it breaks at runtime
 *           = etc/asterisk/asterisk.conf:3: where the other value came from
 *           help: the fix
 */
import { Chalk } from "chalk";
import type { Finding } from "../core/types.js";
import { escapeInline as esc, type FormatContext } from "./types.js";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function formatStylish(findings: Finding[], ctx: FormatContext): string {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const sev = (s: Finding["severity"]) => (s === "error" ? c.red("error") : s === "warning" ? c.yellow("warning") : c.blue("info"));
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const l = byFile.get(f.file) ?? [];
    l.push(f);
    byFile.set(f.file, l);
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    // Everything from the findings is escaped (esc): a file name or value with ESC, CR or a
    // line break cannot colour, retitle or add a line to the report.
    lines.push(c.underline(esc(file) || "(no file)"));
    const posWidth = Math.max(...list.map((f) => `${f.line}:${f.column}`.length));
    const sevWidth = Math.max(...list.map((f) => f.severity.length));
    for (const f of list) {
      const pos = `${f.line}:${f.column}`.padEnd(posWidth);
      const pad = " ".repeat(sevWidth - f.severity.length);
      lines.push(`  ${c.dim(pos)}  ${sev(f.severity)}${pad}  ${esc(f.message)}  ${c.dim(f.ruleId)}`);
      const indent = " ".repeat(2 + posWidth + 2);
      for (const n of f.notes) lines.push(`${indent}${c.dim("=")} ${esc(n)}`);
      for (const r of f.related) lines.push(`${indent}${c.dim("=")} ${c.dim(`${esc(r.file)}:${r.line}:${r.column}:`)} ${esc(r.message)}`);
      if (f.help) lines.push(`${indent}${c.green("help:")} ${esc(f.help)}`);
    }
    lines.push("");
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.filter((f) => f.severity === "warning").length;
  const infos = findings.length - errors - warnings;
  if (findings.length === 0) {
    lines.push(c.green(`no problems found in ${plural(ctx.files.length, "file")}`));
  } else {
    const mark = errors > 0 ? c.red.bold("✖") : warnings > 0 ? c.yellow.bold("⚠") : c.blue.bold("i");
    lines.push(
      `${mark} ${plural(findings.length, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")}, ${plural(infos, "info")}) in ${plural(ctx.files.length, "file")} checked`,
    );
    // Once per run: where each rule's documentation is (the rule id is on every finding above).
    const example = findings[0]!.ruleId;
    lines.push(c.dim(`Run \`astlint --explain RULE\` (e.g. \`astlint --explain ${example}\`) for what a rule checks and how to fix it.`));
  }
  const safe = findings.filter((f) => f.fix?.safe).length;
  const unsafe = findings.filter((f) => f.fix && !f.fix.safe).length;
  if (safe + unsafe > 0) {
    const parts = [
      safe > 0 ? `${plural(safe, "problem")} fixable with --fix` : "",
      unsafe > 0 ? (safe > 0 ? `${unsafe} more with --fix --unsafe-fixes` : `${plural(unsafe, "problem")} fixable with --fix --unsafe-fixes`) : "",
    ];
    lines.push(c.dim(`${parts.filter(Boolean).join(", ")} (--diff shows the changes)`));
  }
  if (ctx.systemdVersion) lines.push(c.dim(`systemd version checked against: ${ctx.systemdVersion.version} (${ctx.systemdVersion.source})`));
  if (ctx.asteriskVersion) lines.push(c.dim(`Asterisk version checked against: ${ctx.asteriskVersion.version} (${ctx.asteriskVersion.source})`));
  return lines.join("\n") + "\n";
}

export default formatStylish;
