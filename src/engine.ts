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
  /** False for rules that must not run (switched off, or off by default and not turned on; see ReportPolicy.ruleEnabled). */
  ruleEnabled?: (id: string, defaultOff?: boolean) => boolean;
  /** Receives the stack trace of a rule that crashed (printed by the CLI with --debug). */
  debug?: string[];
}

export const INTERNAL_ERROR = "internal-error";

function firstFile(model: SystemModel): string {
  return model.unitFiles[0]?.display ?? [...model.asteriskFiles.values()][0]?.display ?? "";
}

/** At most this many findings of one rule in one file are kept (in every format). */
export const MAX_FINDINGS_PER_RULE_PER_FILE = 1000;

/**
 * The cap on what one file can produce: the first MAX_FINDINGS_PER_RULE_PER_FILE findings of a
 * rule in a file are kept, the rest only counted (dropped as they are reported, so a hostile
 * file of 590,000 duplicate lines does not hold 590,000 findings in memory), and `finish()`
 * adds one finding of the same rule, where the first dropped one was, saying how many more
 * there were. The single place the cap lives: the engine's rules and the model's read findings
 * both go through it.
 */
export class FindingCap {
  private readonly counts = new Map<string, { kept: number; dropped: number; first?: Finding }>();
  constructor(readonly out: Finding[] = [], private readonly limit = MAX_FINDINGS_PER_RULE_PER_FILE) {}

  push(f: Finding): void {
    const key = `${f.ruleId}\0${f.file}`;
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, (c = { kept: 0, dropped: 0 }));
    if (c.kept < this.limit) {
      c.kept++;
      this.out.push(f);
      return;
    }
    if (c.dropped++ === 0) c.first = f;
  }

  /** Adds the "N more" findings; call once, after everything was pushed. */
  finish(): void {
    for (const c of this.counts.values()) {
      if (!c.first) continue;
      const f = c.first;
      this.out.push({
        ...f,
        message: `${c.dropped.toLocaleString("en-US")} more ${f.ruleId} finding${c.dropped === 1 ? "" : "s"} in this file are not shown (astlint reports at most ${this.limit.toLocaleString("en-US")} per rule per file); the first of them: ${f.message}`,
        related: [],
      });
    }
    this.counts.clear();
  }
}

/** Runs the rules; their findings go through `capped` (then finished by the caller) or a cap of their own. */
export function runRules(model: SystemModel, rules: Rule[], options: EngineOptions, capped: FindingCap | null = null): Finding[] {
  const cap = capped ?? new FindingCap();
  const findings = cap.out;
  const store = new DerivedStore();
  const derived = <T>(key: string, compute: () => T, subject?: object): T => store.get(key, compute, subject);
  for (const rule of rules) {
    if (options.ruleEnabled ? !options.ruleEnabled(rule.meta.id, rule.meta.defaultOff) : rule.meta.defaultOff) continue;
    let lastFile: string | undefined;
    const context: RuleContext = {
      model,
      options: { systemdVersion: options.systemdVersion, verbose: options.verbose, exposureThreshold: options.exposureThreshold, fixVendor: options.fixVendor },
      derived,
      report(r: Report) {
        lastFile = r.at.file;
        cap.push({
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
  if (!capped) cap.finish();
  return findings;
}

