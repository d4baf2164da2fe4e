/**
 * Exposure of the services of a model: which services are rated, their score, and for each
 * failing check where it is decided (the assignment) or where the fix goes (the unit's
 * [Service] section when the unit is the user's own file, else a drop-in under
 * /etc/systemd/system).
 */
import type { Location } from "../core/types.js";
import type { SystemModel, Unit } from "../model/model.js";
import { assess, type Assessment, type Level } from "./assess.js";
import { adviceFor, partialDescription } from "./advice.js";
import { securityInfo } from "./security-info.js";
import type { SecurityPolicy } from "./policy.js";
import { directiveInfo } from "../values/directive-table.js";
import { asteriskCandidates, withheldReason } from "./asterisk-hardening.js";
import { refusalLog, serviceLoadRefusal } from "../model/service-verify.js";

export interface CheckReport {
  id: string;
  description: string;
  /** systemd's per-row exposure in score points (e.g. 0.2), 0 when below a tenth. */
  exposure: number;
  badness: number;
  weight: number;
  range: number;
  /** The assignment that decides the check, or the file where the fix goes. */
  file: string;
  line: number;
  section: string;
  /** The assignment as written, when one decides the check. */
  current?: string;
  /** The line that makes the check pass. */
  fix: string;
  /** Set when the target systemd is older than the fix's directive (the version it arrived in). */
  fixNeedsVersion?: number;
  /** Set for an Asterisk service when the fix would break Asterisk: why it is left out. */
  fixWithheld?: string;
}

export interface ServiceExposure {
  unit: Unit;
  /** Name systemd rates (template -> instance `i`). */
  ratedAs: string;
  /** File of the unit (display path). */
  file: string;
  exposure: number;
  exposureTenths: number;
  level: Level;
  checks: CheckReport[];
  assessment: Assessment;
  /** Where a drop-in with fixes goes (display path) when the unit file is not the user's. */
  dropinPath: string;
  /** Is the fragment the user's own (fixes go into it) rather than a vendor file? */
  ownFragment: boolean;
}

/** The line of the fragment's last [Service] header, or 1. */
function serviceSectionLine(unit: Unit): number {
  const sections = unit.fragment?.ast.sections.filter((s) => s.name === "Service") ?? [];
  return sections.at(-1)?.line ?? 1;
}

/** Display path of the drop-in astlint suggests for a unit. */
function suggestedDropin(model: SystemModel, unit: Unit): string {
  const name = unit.name;
  const inRoot = `/etc/systemd/system/${name}.d/hardening.conf`;
  if (model.mode === "repository") {
    const shown = unit.fragment?.display ?? "";
    const dir = shown.slice(0, shown.lastIndexOf("/") + 1);
    return `${dir}${name}.d/hardening.conf`;
  }
  return model.display(inRoot);
}

export function rateService(model: SystemModel, unit: Unit, policy?: SecurityPolicy): ServiceExposure {
  const info = securityInfo(unit, model.systemdVersion);
  const a = assess(info, policy);
  const inst = model.asterisk.find((i) => i.service === unit);
  const withheld = inst ? asteriskCandidates(info, inst).withheld : [];
  const ownFragment = !!unit.fragment && (model.mode === "repository" || unit.fragment.reportable);
  const dropinPath = suggestedDropin(model, unit);
  const target: Location | { file: string; line: number } = ownFragment
    ? { file: unit.fragment!.display, line: serviceSectionLine(unit) }
    : { file: dropinPath, line: 1 };
  const checks: CheckReport[] = [];
  for (const r of a.results) {
    if (r.badness === null || r.badness === 0) continue;
    const adv = adviceFor(r.check);
    const decided = adv.keys.map((k) => info.origins.get(k)).find((s) => s !== undefined);
    checks.push({
      id: r.check.id,
      description: partialDescription(r.check, r.badness) ?? adv.description,
      exposure: r.exposureTenths / 10,
      badness: r.badness,
      weight: r.weight,
      range: r.range,
      file: decided ? decided.file.display : target.file,
      line: decided ? decided.loc.line : target.line,
      section: "Service",
      current: decided ? `${decided.key}=${decided.value}` : undefined,
      fix: adv.fix,
      fixNeedsVersion: needsVersion(adv.fix, model.systemdVersion),
      fixWithheld: withheldReason(r.check.id, withheld),
    });
  }
  return {
    unit,
    ratedAs: info.ratedAs,
    file: unit.fragment?.display ?? "",
    exposure: a.exposureTenths / 10,
    exposureTenths: a.exposureTenths,
    level: a.level,
    checks,
    assessment: a,
    dropinPath,
    ownFragment,
  };
}

/** The version a fix's directive arrived in, when the target is older. */
function needsVersion(fix: string, version: number): number | undefined {
  const since = directiveInfo("Service", fix.slice(0, fix.indexOf("=")))?.since;
  return since !== undefined && since > version ? since : undefined;
}

/** A service in scope that systemd does not load, so neither it nor astlint rates it. */
export interface RefusedService {
  unit: Unit;
  /** "systemd refuses to load it: <what systemd logs>". */
  reason: string;
}

interface Selection {
  rated: Unit[];
  refused: RefusedService[];
}

const selections = new WeakMap<SystemModel, Selection>();

/**
 * Loaded (not masked) .service units with a unit file, each once, sorted by name; those systemd
 * refuses to load (serviceLoadRefusal(): a unit file that fails, or service_verify()) apart:
 * `systemd-analyze security` rates none of them ("Unit foo.service has a bad unit file setting.").
 */
function select(model: SystemModel): Selection {
  const known = selections.get(model);
  if (known) return known;
  const seen = new Set<Unit>();
  const out: Selection = { rated: [], refused: [] };
  for (const u of [...model.units.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (seen.has(u)) continue;
    seen.add(u);
    if (u.type !== "service" || u.masked || !u.fragment) continue;
    // An instance without its own file is rated through its template.
    if (u.instance !== null && u.instance !== "" && u.fragment.unitName !== u.name) continue;
    const refusal = serviceLoadRefusal(u, model.systemdVersion);
    if (refusal) out.refused.push({ unit: u, reason: `systemd refuses to load it: ${refusalLog(refusal)}` });
    else out.rated.push(u);
  }
  selections.set(model, out);
  return out;
}

/** Services astlint rates, as systemd-analyze security does: loaded, unmasked, with a unit file systemd accepts. */
export function ratedServices(model: SystemModel): Unit[] {
  return select(model).rated.slice();
}

/** Services systemd refuses to load (see select()), with the reason, in name order. */
export function refusedServices(model: SystemModel): RefusedService[] {
  return select(model).refused.slice();
}
