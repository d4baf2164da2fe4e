/**
 * `astlint --exposure`: rates every service in scope the way `systemd-analyze security
 * --offline=true` does and prints a table (stylish) or `{"findings", "services"}` (json).
 * `--exposure-threshold N` makes the exit code 1 when a service is above N (0.0-10.0);
 * `--security-policy FILE` reweights or skips checks (systemd's policy format). In root mode
 * without a policy option, systemd's own default policy file under the root is used, as
 * systemd-analyze does.
 */
import * as nodeFs from "node:fs";
import * as path from "node:path";
import type { LintResult } from "../lint.js";
import type { SystemModel, Unit } from "../model/model.js";
import { SECURITY_CHECKS } from "../data/security-checks.js";
import { parsePolicy, DEFAULT_POLICY_PATHS, PolicyError, type SecurityPolicy } from "../hardening/policy.js";
import { rateService, ratedServices, refusedServices, type ServiceExposure } from "../hardening/report.js";
import { describeActivation, reachableActivations } from "../hardening/reachability.js";
import type { ExposureServiceRow } from "../formatters/exposure-table.js";
import { UsageError } from "./options.js";
import { RootFs, type FsBackend, type HostBackend } from "../io/fs.js";

const EXPOSURE_FORMATS = ["stylish", "json"];

export interface ExposureOptions {
  format: string;
  threshold?: number;
  policyFile?: string;
  paths: string[];
  root?: string;
  verbose: boolean;
  color: boolean;
  cwd: string;
  /** Files linted (display paths), before any renaming for standard input. */
  files: string[];
  /** File-system backend (see Io.fsBackend; default: the host). */
  fsBackend?: FsBackend | HostBackend;
  /** How file names are shown (standard input as --stdin-filename). */
  rename: (file: string) => string;
}

/** Parses `--exposure-threshold`: a score from 0 to 10 with at most one decimal. */
export function parseThreshold(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^(10(\.0)?|\d(\.\d)?)$/.test(v)) throw new UsageError(`--exposure-threshold expects a score from 0.0 to 10.0 (one decimal), got '${v}'`);
  return Number(v);
}

export function checkExposureFormat(format: string): void {
  if (!EXPOSURE_FORMATS.includes(format)) {
    throw new UsageError(`--exposure supports --format stylish or json, not '${format}' (the services table has no place in that format)`);
  }
}

function loadPolicy(opts: ExposureOptions, model: SystemModel, warn: (s: string) => void): SecurityPolicy | undefined {
  let text: string | undefined;
  let file: string | undefined;
  if (opts.policyFile !== undefined) {
    file = opts.policyFile;
    try {
      text = nodeFs.readFileSync(path.resolve(opts.cwd, opts.policyFile), "utf8");
    } catch (e) {
      throw new UsageError(`--security-policy ${opts.policyFile}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  } else if (model.mode === "root") {
    // systemd's default policy, read through the root's confined file system like everything else.
    const rootFs = new RootFs(path.resolve(opts.cwd, opts.root ?? "/"), opts.fsBackend);
    try {
      for (const p of DEFAULT_POLICY_PATHS) {
        const t = rootFs.readText(p, 1 << 20);
        if (t === null) continue;
        file = model.display(p);
        text = t;
        break;
      }
    } finally {
      rootFs.close();
    }
  }
  if (text === undefined || file === undefined) return undefined;
  try {
    const { policy, warnings } = parsePolicy(text, file);
    for (const w of warnings) warn(w);
    return policy;
  } catch (e) {
    if (e instanceof PolicyError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * Services in scope: on a whole root every service (vendor ones too, as systemd rates them); a
 * PATH under a root selects the services whose unit file or drop-in is under it; in a
 * repository every service given.
 */
function scopeFilter(result: LintResult, opts: ExposureOptions): (u: Unit) => boolean {
  if (result.model.mode === "root") {
    if (opts.paths.length === 0) return () => true;
    const rootAbs = opts.root !== undefined ? path.resolve(opts.cwd, opts.root) : "/";
    const filters = opts.paths.map((p) => {
      const abs = path.resolve(opts.cwd, p);
      const rel = path.relative(rootAbs, abs);
      return rel.startsWith("..") ? path.posix.normalize(p) : "/" + rel;
    });
    const under = (f: string) => filters.some((d) => f === d || f.startsWith(d.endsWith("/") ? d : d + "/"));
    return (u) => (u.fragment !== null && under(u.fragment.path)) || u.dropins.some((d) => under(d.path));
  }
  const files = new Set(opts.files);
  return (u) => (u.fragment !== null && files.has(u.fragment.display)) || u.dropins.some((d) => files.has(d.display));
}

const NAME_BY_ID = new Map(SECURITY_CHECKS.map((c) => [c.id, c.name]));

function toRow(model: SystemModel, s: ServiceExposure, rename: (f: string) => string = (f) => f): ExposureServiceRow {
  return {
    unit: s.unit.name,
    ratedAs: s.ratedAs,
    file: rename(s.file),
    exposure: s.exposure,
    level: s.level,
    checks: s.checks.map((k) => ({ ...k, file: rename(k.file), name: NAME_BY_ID.get(k.id) ?? k.id })),
    notes: reachableActivations(model, s.unit).map(describeActivation),
  };
}

/** Rates the services and renders them; returns the text and whether a service is above the threshold. */
export async function renderExposure(result: LintResult, findingsJson: string | null, opts: ExposureOptions, warn: (s: string) => void): Promise<{ text: string; above: boolean }> {
  const policy = loadPolicy(opts, result.model, warn);
  const inScope = scopeFilter(result, opts);
  const rated = ratedServices(result.model)
    .filter(inScope)
    .map((u) => rateService(result.model, u, policy));
  // Like systemd-analyze security, a service systemd does not load is not rated: say so, once each.
  const notRated = refusedServices(result.model)
    .filter((r) => inScope(r.unit))
    .map((r) => ({ unit: r.unit.name, file: opts.rename(r.unit.fragment?.display ?? ""), reason: r.reason }));
  if (opts.format !== "json") for (const n of notRated) warn(`${n.unit} (${n.file}) is not rated: ${n.reason}`);
  const rows = rated.map((s) => toRow(result.model, s, opts.rename));
  const above = opts.threshold !== undefined && rated.some((s) => s.exposureTenths > Math.round(opts.threshold! * 10));
  if (opts.format === "json") {
    const base = findingsJson ? JSON.parse(findingsJson) : { findings: [] };
    const services = rows.map((r) => ({
      unit: r.unit,
      ratedAs: r.ratedAs,
      file: r.file,
      exposure: r.exposure,
      level: r.level,
      notes: r.notes,
      checks: r.checks.map((k) => ({
        id: k.id,
        description: k.description,
        exposure: k.exposure,
        badness: k.badness,
        weight: k.weight,
        range: k.range,
        file: k.file,
        line: k.line,
        section: k.section,
        current: k.current ?? null,
        fix: k.fix,
        ...(k.fixNeedsVersion ? { fixNeedsVersion: k.fixNeedsVersion } : {}),
        ...(k.fixWithheld ? { fixWithheld: k.fixWithheld } : {}),
      })),
    }));
    return { text: JSON.stringify({ ...base, services, notRated, ...(opts.threshold !== undefined ? { exposureThreshold: opts.threshold } : {}) }, null, 2) + "\n", above };
  }
  const detail = opts.verbose || rows.length <= 3;
  // Loaded only for --exposure in the terminal: the table brings chalk, whose colour detection
  // loads node:tty and node:os at start-up.
  const { formatExposureTable } = await import("../formatters/exposure-table.js");
  return { text: formatExposureTable(rows, { color: opts.color, detail, threshold: opts.threshold }), above };
}
