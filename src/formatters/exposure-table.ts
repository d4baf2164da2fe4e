/**
 * `astlint --exposure` in the terminal: per service, the failing checks as a table like
 * `systemd-analyze security UNIT` (setting, what it allows, exposure, where to fix it) and the
 * overall line; for many services a summary table (unit, exposure, level) like
 * `systemd-analyze security` with no unit.
 */
import { Chalk } from "chalk";
import { escapeControl } from "./types.js";
import { lookupTable } from "../core/lookup-table.js";

export interface ExposureCheckRow {
  id: string;
  description: string;
  exposure: number;
  badness: number;
  weight: number;
  range: number;
  file: string;
  line: number;
  section: string;
  current?: string;
  fix: string;
  /** The target systemd lacks the fix's directive, which arrived in this version. */
  fixNeedsVersion?: number;
  /** Why the fix is left out for this (Asterisk) service. */
  fixWithheld?: string;
  /** systemd's display name of the setting (e.g. `PrivateDevices=`). */
  name: string;
}

export interface ExposureServiceRow {
  unit: string;
  ratedAs: string;
  file: string;
  exposure: number;
  level: string;
  checks: ExposureCheckRow[];
  /** "activated on 0.0.0.0:5038 (reachable from other hosts)" and similar notes. */
  notes: string[];
}

const LEVEL_MARK: Record<string, string> = lookupTable({
  PERFECT: "🚀",
  SAFE: "😀",
  OK: "🙂",
  MEDIUM: "😐",
  EXPOSED: "🙁",
  UNSAFE: "😨",
  DANGEROUS: "😵",
});

function fmt(n: number): string {
  return n.toFixed(1);
}

export function formatExposureTable(services: ExposureServiceRow[], opts: { color: boolean; detail: boolean; threshold?: number }): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const paint = (level: string, s: string) =>
    level === "UNSAFE" || level === "DANGEROUS" ? c.red(s) : level === "EXPOSED" ? c.yellow(s) : level === "MEDIUM" ? s : c.green(s);
  const lines: string[] = [];
  if (services.length === 0) return "no services to rate\n";
  if (opts.detail) {
    for (const s of services) {
      lines.push(c.underline(escapeControl(s.file || s.unit)) + (s.ratedAs !== s.unit ? c.dim(`  (rated as ${s.ratedAs})`) : ""));
      for (const n of s.notes) lines.push(`  ${c.dim("=")} ${escapeControl(n)}`);
      const nameW = Math.max(8, ...s.checks.map((k) => k.name.length));
      lines.push(`    ${"NAME".padEnd(nameW)}  EXPOSURE  DESCRIPTION`);
      const indent = " ".repeat(4 + nameW + 2 + 8 + 2);
      for (const k of s.checks) {
        const exposure = (k.exposure > 0 ? fmt(k.exposure) : "").padStart(8);
        lines.push(`  ${c.red("✗")} ${k.name.padEnd(nameW)}  ${exposure}  ${k.description}`);
        const needs = k.fixNeedsVersion ? ` (needs systemd ${k.fixNeedsVersion})` : "";
        const where = k.fixWithheld
          ? `${k.file}:${k.line}${k.current ? `: ${k.current}` : ""}: not ${k.fix}: ${k.fixWithheld}`
          : (k.current ? `${k.file}:${k.line}: ${k.current} -> ${k.fix}` : `${k.file}:${k.line} [${k.section}]: add ${k.fix}`) + needs;
        lines.push(`${indent}${c.dim(escapeControl(where.replace(/[\r\n]+/g, " ")))}`);
      }
      lines.push(`  → Overall exposure level for ${s.ratedAs}: ${paint(s.level, `${fmt(s.exposure)} ${s.level}`)} ${LEVEL_MARK[s.level] ?? ""}`);
      lines.push("");
    }
  }
  const unitW = Math.max(4, ...services.map((s) => s.unit.length));
  lines.push(`${"UNIT".padEnd(unitW)}  EXPOSURE  PREDICATE  HAPPY`);
  for (const s of services) {
    const over = opts.threshold !== undefined && s.exposure > opts.threshold ? c.red("  above threshold") : "";
    const reach = s.notes.length > 0 && !opts.detail ? c.dim("  reachable from other hosts through a socket") : "";
    lines.push(`${s.unit.padEnd(unitW)}  ${fmt(s.exposure).padStart(8)}  ${paint(s.level, s.level.padEnd(9))}  ${LEVEL_MARK[s.level] ?? ""}${over}${reach}`);
  }
  if (!opts.detail) lines.push(c.dim("(name a unit or add --verbose for the failing checks of each service)"));
  return lines.join("\n") + "\n";
}
