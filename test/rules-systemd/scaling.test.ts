/**
 * The issue-4 rules run in linear time on hostile unit files: many unknown keys, many
 * sections, many Exec lines with ";", many duplicates, many "#". The budget is a RATIO, as in
 * test/robustness/regex.test.ts: ten times the input may take at most ~40x the time (linear
 * code takes ~10x, quadratic ~100x). No absolute timing is asserted.
 */
import { describe, expect, test } from "@jest/globals";
import { lint } from "../../src/lint.js";
import { ALL_RULES } from "../../src/rules/index.js";
import { makeTree } from "../helpers.js";
import { cpuNow } from "../cost.js";

const MINE = new Set([
  "syntax-error",
  "unknown-section",
  "unknown-directive",
  "deprecated-directive",
  "invalid-value",
  "missing-exec-start",
  "inline-comment",
  "duplicate-directive",
  "legacy-var-run-path",
  "empty-assignment",
]);
const rules = ALL_RULES.filter((r) => MINE.has(r.meta.id));

const SHAPES: Record<string, (n: number) => string> = {
  "unknown keys": (n) => "[Service]\nExecStart=/bin/true\n" + Array.from({ length: n }, (_, i) => `ExecStrat${i}=x\n`).join(""),
  "sections with junk": (n) => Array.from({ length: n }, (_, i) => `[A${i}]\njunk line\n`).join(""),
  "';' in ExecStart=": (n) => "[Service]\n" + "ExecStart=/a ; b\n".repeat(n),
  duplicates: (n) => "[Service]\nExecStart=/bin/true\n" + Array.from({ length: n }, (_, i) => `User=u${i}\nNice=${i % 20}\n`).join(""),
  "'#' runs": (n) => "[Unit]\nDescription=" + " #x".repeat(n * 5) + "\n[Service]\nExecStart=/bin/echo" + " #".repeat(n * 5) + "\n",
  "empty and legacy": (n) => "[Unit]\nAfter=\nBindTo=a.service\n[Service]\nExecStart=/bin/true\n" + "RemainAfterExit=\nPIDFile=/var/run/x.pid\nStartLimitInterval=5\n".repeat(n),
};

async function timeOnce(root: string): Promise<number> {
  const t0 = cpuNow();
  await lint({ paths: [], root, rules, systemdVersion: 252 });
  return cpuNow() - t0;
}

/** CPU cost of linting make(5000) over make(500): minima of alternating runs (test/cost.ts). */
async function growthOf(make: (n: number) => string): Promise<number> {
  const small = makeTree({ "etc/systemd/system/a.service": make(500) });
  const large = makeTree({ "etc/systemd/system/a.service": make(5000) });
  await timeOnce(makeTree({ "etc/systemd/system/a.service": make(100) })); // warm-up
  let s = Infinity;
  let l = Infinity;
  for (let i = 0; i < 3; i++) {
    s = Math.min(s, await timeOnce(small));
    l = Math.min(l, await timeOnce(large));
  }
  return l / Math.max(s, 1);
}

describe("the unit-file rules scale linearly", () => {
  for (const [name, make] of Object.entries(SHAPES)) {
    test(name, async () => {
      expect(await growthOf(make)).toBeLessThan(40);
    }, 60000);
  }
});
