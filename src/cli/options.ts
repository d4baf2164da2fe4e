/**
 * Command-line options (node:util parseArgs; an unknown option is a usage error, exit 2).
 */
import { parseArgs } from "node:util";
import { didYouMean } from "../astlintrc/config-file.js";

export const HELP = `Usage: astlint [PATH...] [options]

Lints systemd units and Asterisk configuration, and cross-checks them the way systemd and
Asterisk really behave (socket activation, listeners, CLI paths, stop loops...).

With no PATH, the root (default: this host, "/") is linted: units in /etc/systemd/system,
/run/systemd/system and /usr/local/lib/systemd/system, every unit that is Asterisk's, and
Asterisk's configs. A PATH under the host's unit directories restricts the report to it.
Any other PATH is a repository: only the given files and directories are read.

What is read:
  --root DIR                     treat DIR as / (findings restricted to the PATHs given, if any)
  --context DIR                  read DIR as the repository, report only the PATHs given (what
                                 the pre-commit hooks run: staged files checked against the rest)
  --asterisk-config FILE|DIR     asterisk.conf (or its directory) to check the units against
  --asterisk-rundir-default DIR  Asterisk's compiled-in astrundir (default /var/run/asterisk)
  --systemd-version N            systemd version whose directives apply (default: found under
                                 the root, else the newest known)
  --asterisk-version N           Asterisk major whose options apply: 18, 20, 21, 22 or 23 (N.x.y
                                 is reduced to N; default: found under the root, else 22)
  --firewall [KIND:]FILE         a saved firewall ruleset (nft:, iptables:, ufw:, firewalld:);
                                 repeatable
  --all-units                    also report vendor units (/usr/lib/systemd/system, ...)
  --config FILE                  use this .astlintrc.json (default: searched upwards from cwd)
  --rule ID=SEVERITY             set a rule's severity (off, info, warning, error); repeatable
  --force-exclude                apply "ignore" globs to paths given explicitly too
  -                              read one unit from standard input (name it with --stdin-filename)
  --stdin-filename NAME          the unit name used for standard input
  --no-error-on-unmatched-pattern
                                 a PATH with no unit or Asterisk config in it is not an error

Fixing:
  --fix                          apply the safe fixes, then report what is left
  --unsafe-fixes                 with --fix or --diff: also apply the unsafe fixes (they can
                                 stop a service from starting until it is adapted)
  --diff                         print a unified diff of what --fix would change; writes
                                 nothing (exit 1 when the diff is not empty)
  --fix-vendor drop-in|in-place  where fixes to vendor units (/usr/lib/systemd/system) go:
                                 /etc/systemd/system/NAME.d/override.conf (the default on
                                 this host) or the file itself (the default with --root and
                                 in repositories)

Output:
  -f, --format NAME              stylish (default), json, sarif, github, gitlab, checkstyle,
                                 junit, compact (alias unix)
  -o, --output-file FILE         write the report to FILE instead of standard output
  --quiet                        report errors only
  --max-warnings N               exit 1 when there are more than N warnings
  --report-unused-disable-directives
                                 report astlint-disable comments that suppress nothing
  --color, --no-color            force colour on or off (NO_COLOR and FORCE_COLOR are honoured)
  --verbose                      more detail (e.g. restricted activation ports)
  --debug                        list skipped files; print stack traces of internal errors

Hardening exposure (like systemd-analyze security, see docs/exposure.md):
  --exposure                     rate every service in scope (0.0-10.0; stylish or json only)
  --exposure-threshold N         exit 1 when a service's exposure is above N (e.g. 7.0)
  --security-policy FILE         reweight or skip checks (systemd's --security-policy format)

Information:
  --list-rules                   list every rule with its severity and description
  --explain RULE                 print a rule's documentation
  --print-config                 print the effective configuration and exit
  -h, --help                     show this help
  -V, --version                  print astlint's version

Exit codes: 0 no error-level findings, 1 error-level findings (or too many warnings),
2 usage or fatal error. With --fix: on what is left (2 when a file could not be written).
With --diff: 1 when the diff is not empty, else 0.
`;

export interface CliOptions {
  paths: string[];
  root?: string;
  context?: string;
  errorOnUnmatchedPattern: boolean;
  asteriskConfig?: string;
  asteriskRundirDefault?: string;
  systemdVersion?: number;
  /** --asterisk-version as written (validated in main). */
  asteriskVersion?: string;
  firewall: string[];
  allUnits: boolean;
  config?: string;
  rules: string[];
  forceExclude: boolean;
  stdinFilename?: string;
  format: string;
  outputFile?: string;
  quiet: boolean;
  maxWarnings?: number;
  reportUnusedDisableDirectives: boolean;
  color?: boolean;
  verbose: boolean;
  debug: boolean;
  listRules: boolean;
  explain?: string;
  printConfig: boolean;
  help: boolean;
  version: boolean;
  fix: boolean;
  unsafeFixes: boolean;
  diff: boolean;
  fixVendor?: "drop-in" | "in-place";
  exposure: boolean;
  exposureThreshold?: string;
  securityPolicy?: string;
}

export class UsageError extends Error {}

/** Every long option, as typed (for "did you mean"). */
const OPTION_NAMES = [...HELP.matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]!).concat(["--no-color"]);

function integer(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`${name} expects a whole number${min > 0 ? ` from ${min}` : ""}, got '${v}'`);
  return Number(v);
}

export function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        root: { type: "string" },
        context: { type: "string" },
        "no-error-on-unmatched-pattern": { type: "boolean" },
        "asterisk-config": { type: "string" },
        "asterisk-rundir-default": { type: "string" },
        "systemd-version": { type: "string" },
        "asterisk-version": { type: "string" },
        firewall: { type: "string", multiple: true },
        "all-units": { type: "boolean" },
        config: { type: "string" },
        rule: { type: "string", multiple: true },
        "force-exclude": { type: "boolean" },
        "stdin-filename": { type: "string" },
        format: { type: "string", short: "f" },
        "output-file": { type: "string", short: "o" },
        quiet: { type: "boolean" },
        "max-warnings": { type: "string" },
        "report-unused-disable-directives": { type: "boolean" },
        color: { type: "boolean" },
        "no-color": { type: "boolean" },
        verbose: { type: "boolean" },
        debug: { type: "boolean" },
        "list-rules": { type: "boolean" },
        explain: { type: "string" },
        "print-config": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "V" },
        fix: { type: "boolean" },
        "unsafe-fixes": { type: "boolean" },
        diff: { type: "boolean" },
        "fix-vendor": { type: "string" },
        exposure: { type: "boolean" },
        "exposure-threshold": { type: "string" },
        "security-policy": { type: "string" },
      },
    });
  } catch (e) {
    let message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    const unknown = /^Unknown option '(--?[^'=]+)/.exec(message);
    if (unknown) message += didYouMean(unknown[1]!, OPTION_NAMES);
    throw new UsageError(message);
  }
  const v = parsed.values;
  const fixVendor = v["fix-vendor"];
  if (fixVendor !== undefined && fixVendor !== "drop-in" && fixVendor !== "in-place") {
    throw new UsageError(`--fix-vendor expects drop-in or in-place, got '${fixVendor}'`);
  }
  if (v["unsafe-fixes"] && !v.fix && !v.diff) throw new UsageError("--unsafe-fixes only works with --fix (or --diff)");
  if (fixVendor !== undefined && !v.fix && !v.diff) throw new UsageError("--fix-vendor only works with --fix (or --diff)");
  let color: boolean | undefined;
  if (v.color) color = true;
  if (v["no-color"]) color = false;
  return {
    paths: parsed.positionals,
    root: v.root,
    context: v.context,
    errorOnUnmatchedPattern: !v["no-error-on-unmatched-pattern"],
    asteriskConfig: v["asterisk-config"],
    asteriskRundirDefault: v["asterisk-rundir-default"],
    systemdVersion: integer("--systemd-version", v["systemd-version"], 1),
    asteriskVersion: v["asterisk-version"],
    firewall: v.firewall ?? [],
    allUnits: v["all-units"] ?? false,
    config: v.config,
    rules: v.rule ?? [],
    forceExclude: v["force-exclude"] ?? false,
    stdinFilename: v["stdin-filename"],
    format: v.format ?? "stylish",
    outputFile: v["output-file"],
    quiet: v.quiet ?? false,
    maxWarnings: integer("--max-warnings", v["max-warnings"], 0),
    reportUnusedDisableDirectives: v["report-unused-disable-directives"] ?? false,
    color,
    verbose: v.verbose ?? false,
    debug: v.debug ?? false,
    listRules: v["list-rules"] ?? false,
    explain: v.explain,
    printConfig: v["print-config"] ?? false,
    help: v.help ?? false,
    version: v.version ?? false,
    fix: v.fix ?? false,
    unsafeFixes: v["unsafe-fixes"] ?? false,
    diff: v.diff ?? false,
    fixVendor,
    exposure: v.exposure ?? false,
    exposureThreshold: v["exposure-threshold"],
    securityPolicy: v["security-policy"],
  };
}
