#!/usr/bin/env node
/**
 * npm run fuzz [-- --runs N] [--target NAME ...] [--seed S]
 *
 * Runs the property-based robustness checks of test/robustness/fuzz-properties.ts (the same
 * ones `npm test` runs at a small bound) for many more cases: 100,000 per input kind (strings
 * and raw bytes) and per parser by default (FUZZ_RUNS or --runs to change it).
 *
 * The properties file is TypeScript, so it is bundled with esbuild into a temporary directory
 * and imported from there. A failing input (after shrinking) is saved as
 * test/robustness/regressions/<target>-<hash>.bin, which test/robustness/fuzz.test.ts replays
 * from then on; commit it with the fix.
 *
 * Then (scripts/race.mjs) a writer swaps a unit between a regular file and a symbolic link out of
 * the root while the built CLI lints it `--race-runs` times (default 200, 0 to skip), and reports
 * how often the swap hit the window between check and open; a host line in a report fails.
 *
 * Exit code: 0 when every property held, 1 when one failed, 2 on a usage or build error.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PROPERTIES = path.join(REPO, "test/robustness/fuzz-properties.ts");
const REGRESSIONS = path.join(REPO, "test/robustness/regressions");

let args;
try {
  args = parseArgs({
    options: {
      runs: { type: "string" },
      target: { type: "string", multiple: true },
      seed: { type: "string" },
      "race-runs": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }).values;
} catch (e) {
  process.stderr.write(`fuzz: ${e.message}\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write("usage: npm run fuzz -- [--runs N] [--target NAME ...] [--seed S] [--race-runs N]\n");
  process.exit(0);
}
const runs = Number(args.runs ?? process.env.FUZZ_RUNS ?? 100000);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`fuzz: --runs expects a positive whole number\n`);
  process.exit(2);
}
const seed = args.seed !== undefined ? Number(args.seed) : undefined;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-fuzz-"));
const outfile = path.join(tmp, "fuzz-properties.mjs");
let mod;
try {
  await build({
    entryPoints: [PROPERTIES],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "inline",
    logLevel: "error",
    // CommonJS dependencies bundled into an ES module may call require() for Node built-ins.
    banner: { js: "import { createRequire as __astlintCreateRequire } from 'node:module'; const require = __astlintCreateRequire(import.meta.url);" },
  });
  mod = await import(pathToFileURL(outfile).href);
} catch (e) {
  process.stderr.write(`fuzz: cannot build ${path.relative(REPO, PROPERTIES)}: ${e.message}\n`);
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(2);
}

const all = mod.properties();
const known = [...new Set(all.map((p) => p.target.name))];
const wanted = args.target ?? known;
for (const t of wanted) {
  if (!known.includes(t)) {
    process.stderr.write(`fuzz: unknown target '${t}' (known: ${known.join(", ")})\n`);
    process.exit(2);
  }
}

function save(targetName, input) {
  const bytes = mod.encodeRegression(input);
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  fs.mkdirSync(REGRESSIONS, { recursive: true });
  const file = path.join(REGRESSIONS, `${targetName}-${hash}.bin`);
  fs.writeFileSync(file, bytes);
  return file;
}

function preview(input) {
  const s = typeof input === "string" ? JSON.stringify(input) : `bytes ${Buffer.from(input).toString("hex")}`;
  return s.length > 400 ? s.slice(0, 397) + "..." : s;
}

let failures = 0;
const started = Date.now();
process.stdout.write(`fuzz: ${runs} cases per property, targets: ${wanted.join(", ")}\n`);
for (const p of all) {
  if (!wanted.includes(p.target.name)) continue;
  const t0 = Date.now();
  const details = mod.runProperty(p, runs, seed);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (!details.failed) {
    process.stdout.write(`  ok    ${p.id.padEnd(26)} ${details.numRuns} cases in ${secs}s\n`);
    continue;
  }
  failures++;
  const input = details.counterexample?.[0];
  process.stdout.write(`  FAIL  ${p.id.padEnd(26)} after ${details.numRuns} cases (${secs}s)\n`);
  process.stdout.write(`        ${String(details.errorInstance?.message ?? details.error).split("\n").join("\n        ")}\n`);
  if (input !== undefined) {
    const file = save(p.target.name, input);
    process.stdout.write(`        input: ${preview(input)}\n`);
    process.stdout.write(`        saved as ${path.relative(REPO, file)} (replayed by test/robustness/fuzz.test.ts)\n`);
  }
  process.stdout.write(`        reproduce: npm run fuzz -- --target ${p.target.name} --runs ${runs} --seed ${details.seed}\n`);
}
fs.rmSync(tmp, { recursive: true, force: true });
const raceRuns = Number(args["race-runs"] ?? 200);
if (raceRuns > 0) {
  const { runRace } = await import("./race.mjs");
  const counts = await runRace(raceRuns);
  if (counts.LEAK > 0) {
    failures++;
    process.stdout.write(`  FAIL  race: a file outside the root was read ${counts.LEAK} times\n`);
  }
}
const total = ((Date.now() - started) / 1000).toFixed(1);
process.stdout.write(failures === 0 ? `fuzz: all properties held (${total}s)\n` : `fuzz: ${failures} propert${failures === 1 ? "y" : "ies"} failed (${total}s)\n`);
process.exit(failures === 0 ? 0 : 1);
