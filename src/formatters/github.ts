/**
 * GitHub Actions workflow commands, one annotation per finding
 * (GitHub docs "Workflow commands for GitHub Actions"):
 * `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::message`.
 * Escaping follows actions/toolkit command.ts; `col`/`endColumn` are left out when the
 * finding spans lines (GitHub rejects columns on multi-line ranges).
 */
import type { Severity } from "../core/types.js";
import { detailLines, escapeControl, machinePath, type Formatter } from "./types.js";

/** Escapes the message part of a workflow command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a property value of a workflow command. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(severity: Severity): "error" | "warning" | "notice" {
  return severity === "info" ? "notice" : severity;
}

export const github: Formatter = (findings, ctx) => {
  let out = "";
  for (const f of findings) {
    const props: [string, string | number][] = [["file", machinePath(f.file, ctx.cwd)], ["line", f.line]];
    const endLine = Math.max(f.line, f.endLine);
    if (endLine === f.line) {
      props.push(["col", f.column], ["endLine", endLine], ["endColumn", Math.max(f.column, f.endColumn)]);
    } else {
      props.push(["endLine", endLine]);
    }
    props.push(["title", f.ruleId]);
    const propText = props.map(([k, v]) => `${k}=${escapeProperty(escapeControl(String(v)))}`).join(",");
    out += `::${command(f.severity)} ${propText}::${escapeData(escapeControl(detailLines(f).join("\n")))}\n`;
  }
  return out;
};

export default github;
