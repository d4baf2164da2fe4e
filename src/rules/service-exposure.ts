/**
 * service-exposure (off by default): a service whose hardening exposure, rated as
 * `systemd-analyze security` rates it (src/analyze/analyze-security.c at v252), is above the
 * threshold ("exposureThreshold" in .astlintrc.json, default 7.0). Notes name the few settings
 * that lower it most (each measured by re-rating the service), sockets that make it reachable
 * from other hosts, and for Asterisk what is left out because it would break Asterisk; the help
 * is a drop-in ready to paste. Only services are rated, never sockets.
 *
 * TODO(--fix): once fixes exist, offer the drop-in as an unsafe fix that creates
 * svc.dropinPath (unsafe: a sandbox can break a service in ways no static check sees).
 */
import { rateService, ratedServices } from "../hardening/report.js";
import { formatTenths, runsPrivileged } from "../hardening/assess.js";
import { genericCandidates, rankCandidates, scoreWith, supported, type Recommendation } from "../hardening/recommend.js";
import { asteriskCandidates, type Withheld } from "../hardening/asterisk-hardening.js";
import { describeActivation, reachableActivations } from "../hardening/reachability.js";
import { directiveInfo } from "../values/directive-table.js";
import type { Location } from "../core/types.js";
import type { Unit } from "../model/model.js";
import type { Rule } from "./rule.js";

const DEFAULT_EXPOSURE_THRESHOLD = 7.0;
/** How many settings the notes and the drop-in propose. */
const PROPOSED = 6;

/** Where the finding goes: the [Service] header of the user's unit file, else its first own drop-in. */
function anchor(unit: Unit): Location | null {
  const f = unit.fragment;
  if (f?.reportable) {
    const sec = f.ast.sections.find((s) => s.name === "Service");
    if (sec) return { file: f.display, line: sec.line, column: sec.column, endLine: sec.line, endColumn: sec.endColumn };
    return { file: f.display, line: 1, column: 1, endLine: 1, endColumn: 1 };
  }
  const d = unit.dropins.find((x) => x.reportable);
  return d ? { file: d.display, line: 1, column: 1, endLine: 1, endColumn: 1 } : null;
}

function gainNote(r: Recommendation): string {
  return `${r.lines.join(" + ")} lowers it by ${formatTenths(r.gainTenths)}`;
}

const rule: Rule = {
  meta: {
    id: "service-exposure",
    severity: "warning",
    defaultOff: true,
    security: true,
    needs: ["host-reachability"],
    description: "A service's hardening exposure (as systemd-analyze security rates it) is above the threshold (default 7.0)",
  },
  check(ctx) {
    const model = ctx.model;
    const version = ctx.options.systemdVersion;
    const threshold = ctx.options.exposureThreshold ?? DEFAULT_EXPOSURE_THRESHOLD;
    for (const unit of ratedServices(model)) {
      if (!unit.reportable) continue;
      const at = anchor(unit);
      if (!at) continue;
      const svc = rateService(model, unit);
      if (svc.exposureTenths <= Math.round(threshold * 10)) continue;
      const info = svc.assessment.info;
      const inst = model.asterisk.find((i) => i.service === unit);
      let withheld: Withheld[] = [];
      let candidates = genericCandidates(info);
      if (inst) ({ candidates, withheld } = asteriskCandidates(info, inst));
      const ranked = rankCandidates(info, candidates, version);
      const safe = ranked.filter((r) => !r.caution);
      const proposed = safe.slice(0, PROPOSED);
      const cautious = ranked.filter((r) => r.caution).slice(0, 3);
      const after = scoreWith(info, safe);
      const reach = reachableActivations(model, unit);

      const notes: string[] = [];
      for (const r of reach) notes.push(`${unit.name} is ${describeActivation(r)}`);
      for (const r of proposed) notes.push(gainNote(r));
      for (const r of cautious) notes.push(`${gainNote(r)}, if the service can live with it: ${r.caution}`);
      for (const w of withheld) notes.push(`left out for Asterisk: ${w.what}: ${w.reason}`);
      for (const s of info.ignoredForVersion) {
        const since = directiveInfo(s.section, s.key)?.since;
        notes.push(`${s.key}= (${s.file.display}:${s.loc.line}) does nothing on systemd ${version}${since ? ` (it arrived in v${since})` : ""}`);
      }
      // Candidates that would help but that the target systemd does not have.
      const unsupported = candidates.filter((c) => !supported(c, version) && rankCandidates(info, [c], Infinity).length > 0);
      if (unsupported.length > 0) notes.push(`not proposed because systemd ${version} lacks them: ${[...new Set(unsupported.flatMap((c) => c.keys.map((k) => `${k}=`)))].join(", ")}`);

      const score = `${formatTenths(svc.exposureTenths)} ${svc.level}`;
      const reachText = reach.length > 0 ? ` (other hosts reach it through ${reach[0].socket} on ${reach[0].address})` : "";
      const who = runsPrivileged(info) ? "as root" : `as ${info.dynamicUser ? "a dynamic user" : `user ${info.user}`}`;
      ctx.report({
        at,
        message: `${unit.name} has a hardening exposure of ${score} (as systemd-analyze security rates it), above the threshold ${threshold.toFixed(1)}: an attacker who takes over the service${reachText} runs ${who} with ${svc.checks.length} of ${svc.assessment.results.length} sandboxing checks failing`,
        notes,
        help:
          proposed.length > 0
            ? `add a drop-in ${svc.dropinPath} (exposure ${formatTenths(svc.exposureTenths)} -> ${formatTenths(after)}), then systemctl daemon-reload and restart ${unit.name}:\n[Service]\n${safe.flatMap((r) => r.lines).join("\n")}`
            : undefined,
      });
    }
  },
};

export default rule;
