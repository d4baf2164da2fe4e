/**
 * Scoring against systemd: test/hardening/expected-v252.json holds what systemd-analyze 252
 * (--offline=true) said about each fixture unit in test/hardening/units (recorded with
 * scripts/record-security-expectations.mjs): the overall score and every check's badness.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { lint } from "../../src/lint.js";
import { REPO } from "../helpers.js";
import { rateService, ratedServices } from "../../src/hardening/report.js";
import { assess, levelOf, formatTenths } from "../../src/hardening/assess.js";
import { securityInfo } from "../../src/hardening/security-info.js";
import { parsePolicy } from "../../src/hardening/policy.js";
import { SECURITY_CHECKS } from "../../src/data/security-checks.js";

const DIR = path.join(REPO, "test/hardening/units");
const expected = JSON.parse(fs.readFileSync(path.join(REPO, "test/hardening/expected-v252.json"), "utf8")) as {
  units: Record<string, { ratedAs: string; exposure: number; exposureWithPolicy: number; level: string; checks: Record<string, number | null> }>;
};

async function model(version = 252) {
  return (await lint({ paths: [DIR], systemdVersion: version, cwd: REPO })).model;
}

describe("exposure score matches systemd-analyze security 252 on fixture units", () => {
  test("every fixture is rated, with the same score, level and per-check badness", async () => {
    const m = await model();
    const units = ratedServices(m);
    expect(units.map((u) => u.name).sort()).toEqual(Object.keys(expected.units).sort());
    for (const u of units) {
      const want = expected.units[u.name];
      const got = rateService(m, u);
      const badness = Object.fromEntries(got.assessment.results.map((r) => [r.check.id, r.badness]));
      expect({ unit: u.name, ratedAs: got.ratedAs, exposure: got.exposure, level: got.level, badness }).toEqual({
        unit: u.name,
        ratedAs: want.ratedAs,
        exposure: want.exposure,
        level: want.level,
        badness: want.checks,
      });
    }
  });

  test("the recorded expectations are not all alike (the fixtures exercise different paths)", () => {
    const scores = new Set(Object.values(expected.units).map((u) => u.exposure));
    expect(scores.size).toBeGreaterThan(10);
  });
});

describe("score arithmetic", () => {
  test("levels follow systemd's thresholds", () => {
    expect([100, 96, 90, 89, 75, 74, 50, 49, 10, 9, 1, 0].map(levelOf)).toEqual([
      "DANGEROUS", "UNSAFE", "UNSAFE", "EXPOSED", "EXPOSED", "MEDIUM", "MEDIUM", "OK", "OK", "SAFE", "SAFE", "PERFECT",
    ]);
    expect(formatTenths(67)).toBe("6.7");
    expect(formatTenths(100)).toBe("10.0");
  });

  test("weights sum to 56460 and a non-root service with default dependencies uses them all", async () => {
    expect(SECURITY_CHECKS.reduce((s, c) => s + c.weight, 0)).toBe(56460);
    expect(SECURITY_CHECKS).toHaveLength(81);
    const m = await model();
    const a = assess(securityInfo(m.units.get("misc-settings.service")!, 252));
    expect(a.weightSum).toBe(56460);
    const root = assess(securityInfo(m.units.get("no-default-deps.service")!, 252));
    expect(root.weightSum).toBe(56460 - 3200 - 300);
  });
});

describe("policy files", () => {
  test("scores under a policy file (weight 0 skips, weight and range overrides) match systemd's", async () => {
    const m = await model();
    const { policy, warnings } = parsePolicy(fs.readFileSync(path.join(REPO, "test/hardening/policy.json"), "utf8"), "policy.json");
    expect(warnings).toEqual([]);
    let differs = 0;
    for (const u of ratedServices(m)) {
      const want = expected.units[u.name];
      const got = rateService(m, u, policy);
      expect({ unit: u.name, exposure: got.exposure }).toEqual({ unit: u.name, exposure: want.exposureWithPolicy });
      if (want.exposureWithPolicy !== want.exposure) differs++;
      expect(got.assessment.results.find((r) => r.check.id === "SystemCallArchitectures")!.badness).toBeNull();
    }
    expect(differs).toBeGreaterThan(10);
  });

  test("bad policies are refused with the member named; unknown ids are warnings", () => {
    expect(() => parsePolicy("[]", "p.json")).toThrow(/JSON object/);
    expect(() => parsePolicy('{"PrivateNetwork": {"range": 0}}', "p.json")).toThrow(/"PrivateNetwork".range/);
    expect(() => parsePolicy("{", "p.json")).toThrow(/not valid JSON/);
    expect(parsePolicy('{"PrivateNetwrok": {"weight": 1}}', "p.json").warnings[0]).toMatch(/PrivateNetwrok/);
  });
});

describe("version awareness", () => {
  test("a setting the target systemd does not know is ignored, as that systemd ignores it", async () => {
    // ProtectClock= arrived in v245: on v244 it does nothing, so the clock capabilities stay.
    const m252 = await model(252);
    const m244 = await model(244);
    const at252 = securityInfo(m252.units.get("private-devices-clock.service")!, 252);
    const at244 = securityInfo(m244.units.get("private-devices-clock.service")!, 244);
    expect(at252.flags.protect_clock).toBe(true);
    expect(at244.flags.protect_clock).toBe(false);
    expect(at244.ignoredForVersion.map((s) => s.key)).toEqual(["ProtectClock"]);
    expect(assess(at244).exposureTenths).toBeGreaterThan(assess(at252).exposureTenths);
  });
});

describe("where each failing check points", () => {
  test("a check decided by a drop-in points at the drop-in line; a missing setting at the [Service] section", async () => {
    const m = await model();
    const s = rateService(m, m.units.get("with-dropin.service")!);
    expect(s.checks.find((c) => c.id === "ProtectSystem")).toBeUndefined(); // strict from the drop-in
    const net = s.checks.find((c) => c.id === "PrivateNetwork")!;
    expect(net.file).toBe(path.join(DIR, "with-dropin.service"));
    expect(net.line).toBe(4);
    expect(net.section).toBe("Service");
    expect(net.fix).toBe("PrivateNetwork=yes");
    const mpc = rateService(m, m.units.get("private-devices-clock.service")!);
    const dev = mpc.checks.find((c) => c.id === "DeviceAllow")!;
    expect(dev.current).toBe("PrivateDevices=yes");
    expect(dev.line).toBe(7);
  });
});
