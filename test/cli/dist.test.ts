/**
 * The built command (dist/cli.js, as npm installs it): it runs the bundle through its code-cache
 * loader on the example tree and gives the same findings and exit code as the sources. `npm test`
 * builds dist/ first; run `npm run build` before `npm run jest` on this file alone.
 */
import { describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { main, type Io } from "../../src/cli/main.js";
import { REPO } from "../helpers.js";

const CLI = path.join(REPO, "dist", "cli.js");
const built = () => {
  if (!fs.existsSync(CLI)) throw new Error("dist/cli.js is missing: run `npm run build` (npm test does)");
};

async function inProcess(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const io: Io = { stdout: (s) => out.push(s), stderr: () => {}, isTTY: false, env: {}, cwd: REPO };
  const code = await main(args, io);
  return { code, out: out.join("") };
}

describe("dist/cli.js", () => {
  test("lints the example tree like the sources do (findings and exit code)", async () => {
    built();
    const args = ["--root", "examples", "--format", "json"];
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(r.stderr).toBe("");
    const fromSources = await inProcess(args);
    expect(r.status).toBe(fromSources.code);
    const dist = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; line: number; column: number; message: string }[] };
    const src = JSON.parse(fromSources.out) as typeof dist;
    expect(dist.findings.length).toBeGreaterThan(0);
    expect(dist.findings).toEqual(src.findings);
  });

  test("its code cache is accepted by this Node (the loader's wrapper matches the recorded one)", () => {
    built();
    // Re-create the loader's Script exactly as dist/cli.js does, in a plain node process (jest's
    // own flags would make V8 reject any cache), and ask V8 whether it took the cache.
    const loader = fs.readFileSync(CLI, "utf8");
    const m = /new Script\(("(?:[^"\\]|\\.)*") \+ readFileSync\(file, "latin1"\) \+ ("(?:[^"\\]|\\.)*"),/.exec(loader);
    expect(m).not.toBeNull();
    const probe = `
      const { readFileSync } = require("node:fs");
      const { Script } = require("node:vm");
      const file = ${JSON.stringify(path.join(REPO, "dist", "astlint.cjs"))};
      const cachedData = readFileSync(${JSON.stringify(path.join(REPO, "dist", "astlint.cache"))});
      const s = new Script(${m![1]} + readFileSync(file, "latin1") + ${m![2]}, { filename: file, cachedData });
      process.stdout.write(String(s.cachedDataRejected));`;
    const r = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("false");
  });

  test("a --format json run loads no built-in module it does not use (node:crypto, node:tty, node:os)", () => {
    built();
    // Every run pays for what the bundle loads at start-up: crypto (only SARIF/GitLab
    // fingerprints need it) and chalk's colour detection (tty, os) cost milliseconds each.
    const preload = `process.on("exit", () => require("node:fs").writeSync(2, JSON.stringify(process.moduleLoadList)));`;
    const r = spawnSync(process.execPath, ["-e", `${preload}; process.argv.splice(1, 1, ${JSON.stringify(CLI)}); require(${JSON.stringify(CLI)})`, "--", "--root", "examples", "--format", "json"], {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    const loaded = (JSON.parse(r.stderr) as string[]).filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice("NativeModule ".length));
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
    expect(loaded).toContain("vm");
    expect(loaded.filter((m) => m === "crypto" || m === "tty" || m === "os")).toEqual([]);
  });

  test("usage errors exit 2 with a short message, no stack trace", () => {
    built();
    const r = spawnSync(process.execPath, [CLI, "--no-such-option"], { cwd: REPO, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^astlint: Unknown option '--no-such-option'\n/);
    expect(r.stderr).not.toMatch(/    at /);
  });
});
