#!/usr/bin/env node
// Records what `systemd-analyze security --offline=true` (systemd 252) says about the fixture
// units in test/hardening/units: the overall score and level (text output) and every check's
// badness (SYSTEMD_ANALYZE_DEBUG=1 --json=short), and the score under test/hardening/policy.json. test/hardening/score.test.ts compares
// astlint's scoring with this file, so the test runs without systemd-analyze.
//   node scripts/record-security-expectations.mjs     (needs systemd-analyze 252)
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIR = path.join(REPO, "test/hardening/units");
const OUT = path.join(REPO, "test/hardening/expected-v252.json");
const version = spawnSync("systemd-analyze", ["--version"], { encoding: "utf8" }).stdout?.split("\n")[0] ?? "";
if (!/^systemd 252\b/.test(version)) {
  console.error(`needs systemd-analyze 252, found: ${version || "none"}`);
  process.exit(2);
}
const env = { ...process.env, SYSTEMD_COLORS: "0" };
const out = { recordedWith: version, units: {} };
for (const name of fs.readdirSync(DIR).filter((n) => n.endsWith(".service")).sort()) {
  const text = spawnSync("systemd-analyze", ["security", "--offline=true", "--no-pager", name], { cwd: DIR, encoding: "utf8", env }).stdout;
  const m = /Overall exposure level for (\S+): (\d+\.\d) (\w+)/.exec(text);
  if (!m) throw new Error(`systemd-analyze did not rate ${name}`);
  const json = spawnSync("systemd-analyze", ["security", "--offline=true", "--json=short", name], { cwd: DIR, encoding: "utf8", env: { ...env, SYSTEMD_ANALYZE_DEBUG: "1" } }).stdout;
  // n/a is UINT64_MAX, which JSON.parse rounds; keep it as null.
  const rows = JSON.parse(json.replace(/18446744073709551615/g, "null"));
  const checks = {};
  for (const r of rows) checks[r.json_field] = r.badness;
  // The same unit under test/hardening/policy.json (a --security-policy file).
  const withPolicy = spawnSync("systemd-analyze", ["security", "--offline=true", "--no-pager", "--security-policy=../policy.json", name], { cwd: DIR, encoding: "utf8", env }).stdout;
  const p = /Overall exposure level for \S+: (\d+\.\d)/.exec(withPolicy);
  out.units[name] = { ratedAs: m[1], exposure: Number(m[2]), level: m[3], exposureWithPolicy: p ? Number(p[1]) : null, checks };
}
fs.writeFileSync(OUT, JSON.stringify(out, null, 1) + "\n");
console.log(`wrote ${path.relative(REPO, OUT)} (${Object.keys(out.units).length} units)`);
