/**
 * Runs rules over the model: default and per-finding severities, crash isolation (a rule
 * that throws becomes one `internal-error` finding and the others still run). Which findings
 * are reported (suppressions, user severities, scope, ignores, order) is decided in one place,
 * src/reporting.ts.
 */
import type { Finding } from "./core/types.js";
import { DerivedStore } from "./core/derived.js";
import type { Report, Rule, RuleContext, RuleOptions } from "./rules/rule.js";
import type { SystemModel } from "./model/model.js";

export interface EngineOptions extends RuleOptions {
  /** False for rules that must not run (switched off; see ReportPolicy.ruleEnabled). */
  ruleEnabled?: (id: string) => boolean;
  /** Receives the stack trace of a rule that crashed (printed by the CLI with --debug). */
  debug?: string[];
}

export const INTERNAL_ERROR = "internal-error";

function firstFile(model: SystemModel): string {
  return model.unitFiles[0]?.display ?? [...model.asteriskFiles.values()][0]?.display ?? "";
}

export function runRules(model: SystemModel, rules: Rule[], options: EngineOptions): Finding[] {
  const findings: Finding[] = [];
  const store = new DerivedStore();
  const derived = <T>(key: string, compute: () => T, subject?: object): T => store.get(key, compute, subject);
  for (const rule of rules) {
    if (options.ruleEnabled && !options.ruleEnabled(rule.meta.id)) continue;
    let lastFile: string | undefined;
    const context: RuleContext = {
      model,
      options: { systemdVersion: options.systemdVersion, verbose: options.verbose },
      derived,
      report(r: Report) {
        lastFile = r.at.file;
        findings.push({
          ruleId: rule.meta.id,
          severity: r.severity ?? rule.meta.severity,
          file: r.at.file,
          line: r.at.line,
          column: r.at.column,
          endLine: r.at.endLine,
          endColumn: r.at.endColumn,
          message: r.message,
          notes: r.notes ?? [],
          help: r.help,
          related: r.related ?? [],
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

