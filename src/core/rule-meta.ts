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
  /** Upstream sources the rule rests on (project, file, function, tag), shown by --list-rules --format json. */
  references?: string[];
  /**
   * The rule is about exposure (who can reach or start what): SARIF marks it a security
   * alert with a security-severity from its default severity (error 8.0, warning 5.0, info 2.0).
   */
  security?: boolean;
  /** Whether the rule offers fixes, and in which class ("safe" when at least some are safe). */
  fixable?: "safe" | "unsafe";
  /** Off unless turned on (by --rule, the config's "rules", or a rule-specific config key). */
  defaultOff?: boolean;
  /**
   * Optional model phases this rule consumes beyond what the model always holds; the builder
   * runs them only when an enabled rule (or another consumer) needs them.
   * "host-reachability": the firewall phase for every network socket, not only Asterisk's.
   */
  needs?: ModelNeed[];
}

export type ModelNeed = "host-reachability";

