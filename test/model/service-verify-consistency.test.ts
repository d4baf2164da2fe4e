/**
 * One decision, several readers: over every fixture under fixtures/ (and, with ASTLINT_CORPUS, the
 * corpus's unit files), serviceVerifyRefusal() refuses a service exactly when one of the rules
 * that report service_verify()'s refusals reports it (missing-exec-start, missing-required-setting,
 * duplicate-directive's second ExecStart=); serviceLoadRefusal() fails a unit file on a value
 * exactly when invalid-value reports a fatal value in it; and the exposure rating leaves out
 * exactly the services serviceLoadRefusal() refuses.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { lint, type LintResult } from "../../src/lint.js";
import type { Unit } from "../../src/model/model.js";
import { serviceLoadRefusal, serviceVerifyRefusal, type ServiceVerifyKind } from "../../src/model/service-verify.js";
import { ratedServices, refusedServices } from "../../src/hardening/report.js";
import { INCLUDE_DIRECTIVE } from "../../src/data/directives.js";
import { REPO } from "../helpers.js";
import { CORPUS, describeCorpus } from "../corpus.js";

const RULE_OF: Record<ServiceVerifyKind, string> = {
  "no-commands": "missing-exec-start",
  "no-exec-start": "missing-exec-start",
  "oneshot-nothing-to-do": "missing-exec-start",
  "several-exec-start": "duplicate-directive",
  "oneshot-restart": "missing-required-setting",
  "oneshot-exit-cgroup": "missing-required-setting",
  "dbus-without-bus-name": "missing-required-setting",
  "pam-kill-mode": "missing-required-setting",
};

/** Services the refusal rules judge: one per distinct set of files (first name in order), shown, every file readable, no `.include` the target would follow. */
function judgedServices(r: LintResult): Unit[] {
  const seen = new Set<string>();
  const out: Unit[] = [];
  const units = [...new Set(r.model.units.values())].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const u of units) {
    if (u.masked || !u.fragment) continue;
    const key = [u.fragment.path, ...u.dropins.map((d) => d.path)].join("\0");
    if (seen.has(key)) continue;
    seen.add(key);
    if (u.type !== "service" || !u.reportable) continue;
    const files = [u.fragment, ...u.dropins];
    if (files.some((f) => f.ast.fatal)) continue;
    if (r.model.systemdVersion < INCLUDE_DIRECTIVE.removedIn && files.some((f) => /^[ \t]*\.include /m.test(f.ast.text))) continue;
    out.push(u);
  }
  return out;
}

/** The refusal findings reported for a service (the rules name the unit first). */
function refusalFindings(r: LintResult, unit: Unit): string[] {
  return r.findings
    .filter(
      (f) =>
        ((f.ruleId === "missing-exec-start" || f.ruleId === "missing-required-setting") && f.message.startsWith(`${unit.name} `)) ||
        (f.ruleId === "duplicate-directive" && f.message.startsWith(`second ExecStart= for ${unit.name},`)),
    )
    .map((f) => f.ruleId);
}

/** Mismatches between the model's decisions and the rules' findings, one line each. */
function mismatches(r: LintResult): { mismatches: string[]; refused: number; judged: number } {
  const out: string[] = [];
  const version = r.model.systemdVersion;
  let refused = 0;
  const judged = judgedServices(r);
  for (const unit of judged) {
    const v = serviceVerifyRefusal(unit, version);
    const got = refusalFindings(r, unit);
    if (v) refused++;
    // duplicate-directive reports the second ExecStart= only where it is shown.
    const expected = v && !(v.kind === "several-exec-start" && !v.culprits[1]!.file.reportable) ? [RULE_OF[v.kind]] : [];
    if (JSON.stringify(got) !== JSON.stringify(expected)) out.push(`${unit.name}: model ${v ? v.kind : "loads"}, rules ${JSON.stringify(got)}`);
  }
  // Fatal values: the model fails the unit file ⇔ invalid-value says systemd stops reading it there.
  for (const unit of judged) {
    const f = unit.fragment!;
    if (!f.reportable) continue;
    const load = serviceLoadRefusal(unit, version);
    const modelLine = load && load.stage === "parse" && load.kind === "value" ? load.assignment.line : null;
    const fatal = r.findings.filter((x) => x.ruleId === "invalid-value" && x.file === f.display && x.notes.some((n) => n.startsWith("systemd stops reading")));
    const ruleLine = fatal.length > 0 ? Math.min(...fatal.map((x) => x.line)) : null;
    if (modelLine !== ruleLine) out.push(`${unit.name}: model stops at ${modelLine}, invalid-value at ${ruleLine}`);
  }
  // The rating leaves out exactly the refused services.
  const rated = new Set(ratedServices(r.model));
  for (const { unit } of refusedServices(r.model)) {
    if (rated.has(unit)) out.push(`${unit.name}: both rated and refused`);
    if (!serviceLoadRefusal(unit, version)) out.push(`${unit.name}: listed as refused, but the model loads it`);
  }
  for (const unit of rated) if (serviceLoadRefusal(unit, version)) out.push(`${unit.name}: rated, but systemd refuses it`);
  return { mismatches: out, refused, judged: judged.length };
}

interface Fixture {
  options?: Record<string, unknown>;
  mode?: "root" | "repository";
}

const FIXTURES = path.join(REPO, "fixtures");
const names = fs.readdirSync(FIXTURES).filter((n) => fs.existsSync(path.join(FIXTURES, n, "fixture.json"))).sort();

describe("serviceVerifyRefusal() and the refusal rules agree", () => {
  test("on every fixture", async () => {
    const all: string[] = [];
    let refused = 0;
    for (const name of names) {
      const dir = path.join(FIXTURES, name);
      const fx: Fixture = JSON.parse(fs.readFileSync(path.join(dir, "fixture.json"), "utf8"));
      const opts = { ...(fx.options ?? {}) } as Record<string, unknown>;
      if (typeof opts.asteriskConfig === "string") opts.asteriskConfig = path.join(dir, opts.asteriskConfig);
      const r = fx.mode === "repository" ? await lint({ paths: [dir], ...opts }) : await lint({ paths: [], root: dir, ...opts });
      const m = mismatches(r);
      refused += m.refused;
      all.push(...m.mismatches.map((x) => `${name}: ${x}`));
    }
    expect(all).toEqual([]);
    // The fixtures do exercise refusals (unit-exec, unit-refused …): the test can fail.
    expect(refused).toBeGreaterThanOrEqual(5);
  });
});

describeCorpus("serviceVerifyRefusal() and the refusal rules agree on the corpus", () => {
  test("every unit file of the corpus (a repository)", async () => {
    const r = await lint({ paths: [CORPUS!], systemdVersion: 252 });
    const m = mismatches(r);
    expect(m.mismatches).toEqual([]);
    expect(m.judged).toBeGreaterThan(50);
    expect(m.refused).toBeGreaterThan(0);
  });
});
