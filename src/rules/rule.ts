/**
 * What a rule is: metadata plus a check over the model that reports through a context.
 * Rules never read files or parse; everything they need is in the SystemModel, and what they
 * derive from it is kept per run through RuleContext.derived().
 */
import type { Fix, Location, RelatedLocation, Severity } from "../core/types.js";
import type { RuleMeta } from "../core/rule-meta.js";
import type { SystemModel } from "../model/model.js";


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
  /** service-exposure: report services above this exposure (0-10); default 7.0. */
  exposureThreshold?: number;
}

export interface RuleContext {
  readonly model: SystemModel;
  readonly options: RuleOptions;
  report(report: Report): void;
  /**
   * An analysis derived from the model, shared by every rule of this run and computed once, on
   * first use: `compute` reads the model only (no files, no parsing). `subject` keys analyses
   * per object (a file's tree, an assignment). Keys are `rule-or-helper:what` strings.
   */
  derived<T>(key: string, compute: () => T, subject?: object): T;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}
