#!/usr/bin/env node
// Parity with `systemd-analyze security --offline=true` (issue 18).
//
// Measures, for every .service file of this machine's vendor unit directory (/lib/systemd/system)
// and of corpus directories given as arguments, whether astlint's exposure score is within 0.1
// of systemd's. systemd's score is read from its text output ("Overall exposure level for X:
// 9.6 UNSAFE"); a unit it refuses to rate (masked, fails to load) is counted, and astlint must not rate it
// either (it lists such services under notRated).
// astlint runs as `astlint --exposure --format json --systemd-version 252`: on the host (every
// service, as systemd rates them) and, for the corpus, on a temporary copy of its .service
// files (a repository), which systemd-analyze rates by path.
// It also compares each service's failing checks and their badness (SYSTEMD_ANALYZE_DEBUG=1
// --json=short) with astlint's. Goal: >= 95% within 0.1 in each set. Without systemd-analyze it says so and exits 0; without
// a corpus argument it rates the host only and says the corpus was skipped.
//
// Usage: npm run parity:security [-- CORPUS_DIR...] [-- --verbose] [-- --check]   (build first)
//   --verbose  list every service with both scores
//   --check    exit 1 when a goal is not met
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(REPO, "dist/cli.js");
const HOST_DIR = "/lib/systemd/system";
const GOAL = 0.95;
const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const check = args.includes("--check");
const corpusArgs = args.filter((a) => !a.startsWith("--"));

const probe = spawnSync("systemd-analyze", ["--version"], { encoding: "utf8" });
if (probe.error || probe.status !== 0) {
  console.log("systemd-analyze is not installed: parity:security skipped.");
  process.exit(0);
}
const systemdVersion = /systemd (\d+)/.exec(probe.stdout)?.[1] ?? "?";
if (!fs.existsSync(CLI)) {
  console.error("dist/cli.js is missing: run `npm run build` first.");
  process.exit(2);
}

/** systemd's score for a unit file, or null when it refuses to rate it. */
function systemdScore(file, cwd) {
  const r = spawnSync("systemd-analyze", ["security", "--offline=true", "--no-pager", file], { encoding: "utf8", cwd, env: { ...process.env, SYSTEMD_COLORS: "0" } });
  const m = /Overall exposure level for (\S+): (\d+\.\d)/.exec(r.stdout ?? "");
  return m ? { unit: m[1], score: Number(m[2]) } : null;
}

/** systemd's failing checks (id -> badness) from SYSTEMD_ANALYZE_DEBUG=1 --json=short. */
function systemdFailing(file, cwd) {
  const r = spawnSync("systemd-analyze", ["security", "--offline=true", "--json=short", file], { encoding: "utf8", cwd, env: { ...process.env, SYSTEMD_ANALYZE_DEBUG: "1" } });
  try {
    const rows = JSON.parse((r.stdout ?? "").replace(/18446744073709551615/g, "null"));
    return Object.fromEntries(rows.filter((x) => x.badness !== null && x.badness > 0).map((x) => [x.json_field, x.badness]));
  } catch {
    return null;
  }
}

function sameChecks(a, b) {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

function astlint(argv, cwd) {
  const r = spawnSync(process.execPath, [CLI, "--exposure", "--format", "json", "--systemd-version", "252", ...argv], {
    encoding: "utf8",
    cwd,
    maxBuffer: 256 << 20,
  });
  if (r.status === 2) throw new Error(`astlint failed: ${r.stderr}`);
  return JSON.parse(r.stdout).services;
}

function measure(label, files, astlintServices, cwd) {
  const byName = new Map();
  for (const s of astlintServices) {
    byName.set(s.unit, s);
    byName.set(s.ratedAs, s);
  }
  let rated = 0;
  let refused = 0;
  let within = 0;
  let missing = 0;
  let ratedRefused = 0;
  let exact = 0;
  let checksEqual = 0;
  const misses = [];
  for (const f of files) {
    const name = path.basename(f);
    const sd = systemdScore(f, cwd);
    if (!sd) {
      refused++;
      // A unit systemd does not load must not be rated by astlint either (it lists it under notRated).
      if (byName.has(name)) {
        ratedRefused++;
        misses.push(`${name}: systemd refuses it, astlint rated it`);
      }
      if (verbose) console.log(`  ${name}: systemd refuses to rate it`);
      continue;
    }
    rated++;
    const ours = byName.get(name) ?? byName.get(sd.unit);
    if (!ours) {
      missing++;
      misses.push(`${name}: systemd ${sd.score.toFixed(1)}, astlint did not rate it`);
      continue;
    }
    const ok = Math.abs(ours.exposure - sd.score) <= 0.1 + 1e-9;
    if (Math.abs(ours.exposure - sd.score) < 1e-9) exact++;
    const theirs = systemdFailing(f, cwd);
    const mine = Object.fromEntries(ours.checks.map((c) => [c.id, c.badness]));
    if (theirs && sameChecks(theirs, mine)) checksEqual++;
    else misses.push(`${name}: failing checks differ from systemd's`);
    if (ok) within++;
    else misses.push(`${name}: systemd ${sd.score.toFixed(1)}, astlint ${ours.exposure.toFixed(1)}`);
    if (verbose) console.log(`  ${name}: systemd ${sd.score.toFixed(1)}, astlint ${ours.exposure.toFixed(1)}${ok ? "" : "  <-- differs"}`);
  }
  const share = rated === 0 ? 1 : within / rated;
  const met = share >= GOAL && ratedRefused === 0;
  console.log(
    `${label}: ${files.length} .service files; systemd rated ${rated}, refused ${refused}; astlint within 0.1 on ${within}/${rated} (${(share * 100).toFixed(1)}%), exactly equal on ${exact}, same failing checks and badness on ${checksEqual}${missing ? `, ${missing} not rated by astlint` : ""}; astlint rated ${ratedRefused} of the ${refused} systemd refuses — goal ${GOAL * 100}% and none refused rated: ${met ? "met" : "NOT met"}`,
  );
  for (const m of misses) console.log(`  differs: ${m}`);
  return met;
}

console.log(`systemd-analyze ${systemdVersion} (offline mode) vs astlint --systemd-version 252`);
let ok = true;
const hostFiles = fs
  .readdirSync(HOST_DIR)
  .filter((n) => n.endsWith(".service"))
  .sort()
  .map((n) => path.join(HOST_DIR, n));
ok = measure(`host ${HOST_DIR}`, hostFiles, astlint([], "/"), "/") && ok;

if (corpusArgs.length === 0) console.log("corpus: no directory given, skipped (pass one or more, e.g. `npm run parity:security -- DIR`).");
for (const corpusArg of corpusArgs) {
  if (!fs.existsSync(corpusArg)) {
    console.log(`corpus: ${corpusArg} does not exist, skipped.`);
    continue;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-parity-security-"));
  try {
    const copies = [];
    for (const n of fs.readdirSync(corpusArg).sort()) {
      if (!n.endsWith(".service")) continue;
      const src = path.join(corpusArg, n);
      if (!fs.statSync(src).isFile()) continue;
      const name = n.replace(/[^A-Za-z0-9:_.@-]/g, "_");
      fs.copyFileSync(src, path.join(tmp, name));
      copies.push(path.join(tmp, name));
    }
    ok = measure(`corpus ${corpusArg}`, copies, astlint([tmp], tmp), tmp) && ok;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
if (check && !ok) process.exit(1);
