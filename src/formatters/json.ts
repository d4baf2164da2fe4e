/**
 * `--format json`: one object with a `findings` array (the contract CI scripts rely on),
 * plus a summary.
 */
import type { Finding } from "../core/types.js";
import { jsonText, type FormatContext } from "./types.js";
import { ruleDocsUrl } from "../core/project.js";
import { publicFix } from "../fix/serialize.js";

export function formatJson(findings: Finding[], ctx: FormatContext): string {
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const out = {
    findings: findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      notes: f.notes,
      help: f.help ?? null,
      related: f.related.map((r) => ({ file: r.file, line: r.line, column: r.column, message: r.message })),
      url: ruleDocsUrl(f.ruleId, ctx.version, ctx.homepage) ?? ruleDocsUrl(f.ruleId, ctx.version),
      ...(f.fix ? { fix: publicFix(f.fix) } : {}),
      ...(f.suggestions?.length ? { suggestions: f.suggestions.map(publicFix) } : {}),
    })),
    summary: { errors: count("error"), warnings: count("warning"), infos: count("info"), files: ctx.files.length },
    version: ctx.version,
    ...(ctx.systemdVersion ? { systemdVersion: ctx.systemdVersion.version, systemdVersionSource: ctx.systemdVersion.source } : {}),
    ...(ctx.asteriskVersion ? { asteriskVersion: ctx.asteriskVersion.version, asteriskVersionSource: ctx.asteriskVersion.source } : {}),
  };
  return jsonText(out);
}

export default formatJson;
