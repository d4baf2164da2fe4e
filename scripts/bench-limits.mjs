#!/usr/bin/env node
/**
 * The hostile-size cases of issue 13, measured with the built CLI (`node scripts/bench-limits.mjs`):
 * a 4 MB unit of 590,000 `Nice=1` lines and a ~3.5 MB asterisk.conf of 500,000 one-line
 * sections. Prints wall time, peak RSS (`/usr/bin/time -v`, else process.resourceUsage of the
 * child) and how many findings each produced. Goal: a few seconds and under 500 MB each.
 * Never fails on numbers (exit 0); see docs/performance.md.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(REPO, "dist", "cli.js");
if (!fs.existsSync(CLI)) spawnSync(process.execPath, [path.join(REPO, "scripts/build.mjs")], { stdio: "inherit" });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-limits-"));
const unitDir = path.join(tmp, "units");
const astDir = path.join(tmp, "asterisk");
fs.mkdirSync(unitDir);
fs.mkdirSync(astDir);
fs.writeFileSync(path.join(unitDir, "big.service"), "[Service]\nExecStart=/bin/true\n" + "Nice=1\n".repeat(590_000));
let conf = "";
for (let i = 0; i < 500_000; i++) conf += `[${i.toString(36)}]\n`;
fs.writeFileSync(path.join(astDir, "asterisk.conf"), conf);

const time = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
for (const [name, dir] of [
  ["unit, 590,000 Nice=1 lines", unitDir],
  ["asterisk.conf, 500,000 sections", astDir],
]) {
  const size = fs.statSync(path.join(dir, fs.readdirSync(dir)[0])).size;
  const t0 = process.hrtime.bigint();
  const r = time
    ? spawnSync(time, ["-f", "%M", process.execPath, CLI, dir, "-f", "json"], { encoding: "utf8", maxBuffer: 1 << 30 })
    : spawnSync(process.execPath, [CLI, dir, "-f", "json"], { encoding: "utf8", maxBuffer: 1 << 30 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const rssKb = time ? Number(r.stderr.trim().split("\n").pop()) : NaN;
  let findings = "?";
  try {
    findings = String(JSON.parse(r.stdout).findings.length);
  } catch {
    // not JSON: shown as ?
  }
  process.stdout.write(
    `${name} (${(size / 1e6).toFixed(1)} MB): ${secs.toFixed(1)} s, peak ${Number.isNaN(rssKb) ? "?" : Math.round(rssKb / 1024)} MB, ${findings} findings, exit ${r.status}\n`,
  );
}
fs.rmSync(tmp, { recursive: true, force: true });
