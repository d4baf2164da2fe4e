/**
 * What every consumer needs to know about a rule without loading the rules: formatters (SARIF
 * rule descriptors, URLs), astlint's own configuration (rule IDs in .astlintrc.json and in
 * astlint-disable comments) and the CLI's --list-rules read this type, never src/rules/.
 */
import type { Severity } from "./types.js";

export interface RuleMeta {
  /** Public, stable ID (kebab-case). */
  id: string;
  /** Default severity. */
  severity: Severity;
  /** One line, shown by --list-rules and in SARIF shortDescription. */
  description: string;
  /** Upstream facts the rule rests on (source file and function it follows). */
  facts?: string[];
  /** Off unless turned on (by --rule, the config's "rules", or a rule-specific config key). */
  defaultOff?: boolean;
}

