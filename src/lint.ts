/**
 * The one way through: discover files -> parse -> build the model -> run rules -> findings.
 * (Signature fixed; implementation in progress.)
 */
import type { Finding, Severity } from "./core/types.js";
import type { FsBackend } from "./system/fs.js";

export interface LintOptions {
  /** PATHs given on the command line (files or directories). Empty: lint the root. */
  paths: string[];
  /** Directory treated as `/` (--root). Undefined: the host `/` (or a repository, see README). */
  root?: string;
  /** --asterisk-config FILE|DIR. */
  asteriskConfig?: string;
  /** --asterisk-rundir-default (compiled-in astrundir; default /var/run/asterisk). */
  asteriskRundirDefault?: string;
  /** --systemd-version N. */
  systemdVersion?: number;
  /** --all-units: report vendor units too. */
  allUnits?: boolean;
  /** --firewall specs ([nft:|iptables:|ufw:|firewalld:]FILE). */
  firewall?: string[];
  /** Per-rule severity overrides ("off" disables). */
  ruleSeverities?: Record<string, Severity | "off">;
  verbose?: boolean;
  /** Injected file-system backend (tests). */
  fsBackend?: FsBackend;
  /** Working directory for relative paths (default process.cwd()). */
  cwd?: string;
}

export interface LintResult {
  findings: Finding[];
  /** Files that were linted (display paths), for formatters that list clean files. */
  files: string[];
  systemdVersion: number;
  systemdVersionSource: string;
  /** Debug lines (skipped files...), printed with --debug. */
  debug: string[];
}

export declare function lint(options: LintOptions): Promise<LintResult>;
