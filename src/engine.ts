/**
 * Runs rules over the model: severities (defaults, per-finding overrides, user overrides),
 * crash isolation (a rule that throws becomes one `internal-error` finding and the others
 * still run), which files findings may be reported for, de-duplication and ordering.
 */
import type { Finding, Severity } from "./core/types.js";
import type { Report, Rule, RuleContext, RuleOptions } from "./rules/rule.js";
import type { SystemModel } from "./model/model.js";

export interface EngineOptions extends RuleOptions {
  /** Per-rule overrides ("off" disables the rule). */
  severities: Record<string, Severity | "off">;
  /** Receives the stack trace of a rule that crashed (printed by the CLI with --debug). */
  debug?: string[];
}

export const INTERNAL_ERROR = "internal-error";

/** Display paths of files whose findings are shown, and their in-root paths. */
export function reportableFiles(model: SystemModel): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of model.unitFiles) if (f.reportable) m.set(f.display, f.path);
  for (const f of model.asteriskFiles.values()) if (f.reportable) m.set(f.display, f.path);
  return m;
}

function firstFile(model: SystemModel): string {
  return model.unitFiles[0]?.display ?? [...model.asteriskFiles.values()][0]?.display ?? "";
}

export function runRules(model: SystemModel, rules: Rule[], options: EngineOptions): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const override = options.severities[rule.meta.id];
    if (override === "off") continue;
    let lastFile: string | undefined;
    const context: RuleContext = {
      model,
      options: { systemdVersion: options.systemdVersion, verbose: options.verbose, fixVendor: options.fixVendor },
      report(r: Report) {
        lastFile = r.at.file;
        findings.push({
          ruleId: rule.meta.id,
          severity: override ?? r.severity ?? rule.meta.severity,
          file: r.at.file,
          line: r.at.line,
          column: r.at.column,
          endLine: r.at.endLine,
          endColumn: r.at.endColumn,
          message: r.message,
          notes: r.notes ?? [],
          help: r.help,
          related: r.related ?? [],
          ...(r.fix ? { fix: r.fix } : {}),
          ...(r.suggestions?.length ? { suggestions: r.suggestions } : {}),
        });
      },
    };
    try {
      rule.check(context);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const file = lastFile ?? firstFile(model);
      findings.push({
        ruleId: INTERNAL_ERROR,
        severity: "error",
        file,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
        message: `rule ${rule.meta.id} crashed while checking ${file || "the tree"}: ${err.message}`,
        notes: ["this is a bug in astlint, not in your files; the other rules still ran, but findings of this rule may be missing"],
        help: "please report it with the file that triggers it (run with --debug for the stack trace)",
        related: [],
      });
      options.debug?.push(`rule ${rule.meta.id} crashed: ${err.stack ?? err.message}`);
      if (process.env.ASTLINT_DEBUG) process.stderr.write(`${err.stack}\n`);
    }
  }
  return findings;
}

/** Sorts by file, position and rule, and removes exact duplicates. */
export function sortFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const key = `${f.ruleId}\0${f.file}\0${f.line}\0${f.column}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
  );
}
