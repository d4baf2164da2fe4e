/**
 * What a rule is: metadata plus a check over the model that reports through a context.
 * Rules never read files; everything they need is in the SystemModel.
 */
import type { Fix, Location, RelatedLocation, Severity } from "../core/types.js";
import type { SystemModel } from "../model/model.js";

export interface RuleMeta {
  /** Public, stable ID (kebab-case). */
  id: string;
  /** Default severity. */
  severity: Severity;
  /** One line, shown by --list-rules and in SARIF shortDescription. */
  description: string;
  /** Facts from ../shared/spec that the rule rests on (F-SA-01, ...). */
  facts?: string[];
  /** Whether the rule offers fixes, and in which class ("safe" when at least some are safe). */
  fixable?: "safe" | "unsafe";
}

export interface Report {
  /** Primary location (file + range). */
  at: Location;
  message: string;
  notes?: string[];
  help?: string;
  related?: RelatedLocation[];
  /** Overrides the rule's default severity for this finding (e.g. service-type-notify). */
  severity?: Severity;
  /** A machine-applicable fix (see src/fix/). Left out when it would be a guess. */
  fix?: Fix;
  /** Alternatives (never applied by --fix). */
  suggestions?: Fix[];
}

export interface RuleOptions {
  /** Target systemd version. */
  systemdVersion: number;
  /** --verbose: rules may add info-level detail. */
  verbose: boolean;
  /**
   * Where fixes to vendor units go: "drop-in" (/etc/systemd/system/NAME.d/override.conf, the
   * host default) or "in-place" (--root and repositories). Undefined: in place.
   */
  fixVendor?: "drop-in" | "in-place";
}

export interface RuleContext {
  readonly model: SystemModel;
  readonly options: RuleOptions;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

/** Documentation URL of a rule (docs ship in the package under docs/rules). */
export function docsPath(id: string): string {
  return `docs/rules/${id}.md`;
}
