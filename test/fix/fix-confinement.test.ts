/**
 * --fix and --diff read through the same race-proof confinement as a plain lint
 * (src/io/confined.ts): every fix pass lints the fixed text laid over the ConfinedBackend, so a
 * file swapped for a symbolic link between "checked" and "opened" in a later pass is reported as
 * changed, never followed out of the root or out of the paths given, and never copied into a
 * written file.
 */
import { afterEach, describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../src/cli/main.js";
import { ConfinedBackend } from "../../src/io/confined.js";
import { observedIo, type OpenWatch } from "../io/observed-host.js";
import type { FsBackend } from "../../src/io/fs.js";
import { runFixes } from "../../src/cli/fix-run.js";
import { makeTree } from "../helpers.js";

/** What the race at hand does at each open of the confined backend (observed-host.ts). */
const watch: OpenWatch = {};
const io = (cwd: string) => observedIo(cwd, watch);

/** Fixable (asterisk-watchdog, a safe fix): there is always a pass after the first. */
const WATCHDOG = "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\nWatchdogSec=30s\n";
const OTHER = "[Unit]\nDescription=Other\n[Service]\nExecStart=/usr/bin/other\n";
const OUTSIDE = "[Service]\nExecStart=/usr/sbin/asterisk -f\nSecretMarkerOutside=1\nDescription=SecretMarkerOutside\n";

function setup(base: string) {
  const tmp = makeTree({
    [`${base}/asterisk.service`]: WATCHDOG,
    [`${base}/other.service`]: OTHER,
    "outside/other.service": OUTSIDE,
  });
  return { tmp, dir: path.join(tmp, base), outside: path.join(tmp, "outside", "other.service") };
}

/**
 * Runs the CLI while the hook swaps `file` for a link to `target` when a fix pass after the first
 * is about to open it (its first open is the first pass). Returns what it printed and how often
 * the confined backend was about to open the file.
 */
async function fixSwapping(args: string[], cwd: string, file: string, target: string) {
  let seen = 0;
  watch.onOpen = (host) => {
    if (host !== file) return;
    if (seen++ === 1) {
      fs.rmSync(file, { force: true });
      fs.symlinkSync(target, file);
    }
  };
  const t = io(cwd);
  const code = await main([...args, "--format", "json"], t.io);
  return { code, out: t.out(), err: t.err(), seen };
}

afterEach(() => {
  delete watch.onOpen;
});

describe("--fix reads through the confined backend", () => {
  test("--root: a file swapped for a link out of the root in a later pass is not read; the fix is still written", async () => {
    const { dir, outside } = setup("root/etc/systemd/system");
    const root = path.join(dir, "../../..");
    const other = path.join(dir, "other.service");
    const r = await fixSwapping(["--root", root, "--fix"], root, other, outside);
    // The confined backend opened the file in the first pass and again in a later one.
    expect(r.seen).toBeGreaterThanOrEqual(2);
    expect(r.out + r.err).not.toContain("SecretMarkerOutside");
    const findings = JSON.parse(r.out).findings as { ruleId: string; file: string; message: string }[];
    expect(findings.filter((f) => f.ruleId === "unreadable-file" && f.file.endsWith("other.service")).map((f) => f.message)).toEqual([
      expect.stringContaining("changed while astlint was reading it"),
    ]);
    expect(fs.readFileSync(path.join(dir, "asterisk.service"), "utf8")).toBe(WATCHDOG.replace("WatchdogSec=30s\n", ""));
  });

  test("--root --diff: the same, and the diff holds nothing from outside", async () => {
    const { dir, outside } = setup("root/etc/systemd/system");
    const root = path.join(dir, "../../..");
    const other = path.join(dir, "other.service");
    let seen = 0;
    watch.onOpen = (host) => {
      if (host === other && seen++ === 1) {
        fs.rmSync(other);
        fs.symlinkSync(outside, other);
      }
    };
    const t = io(root);
    expect(await main(["--root", root, "--diff"], t.io)).toBe(1);
    expect(seen).toBeGreaterThanOrEqual(2);
    expect(t.out()).toContain("-WatchdogSec=30s");
    expect(t.out() + t.err()).not.toContain("SecretMarkerOutside");
    expect(fs.readFileSync(path.join(dir, "asterisk.service"), "utf8")).toBe(WATCHDOG);
  });

  test("repository mode: a link out of the paths given, swapped in a later pass, is not followed", async () => {
    const { tmp, dir, outside } = setup("repo/units");
    const other = path.join(dir, "other.service");
    const r = await fixSwapping(["repo/units", "--fix"], tmp, other, outside);
    expect(r.seen).toBeGreaterThanOrEqual(2);
    expect(r.out + r.err).not.toContain("SecretMarkerOutside");
    const findings = JSON.parse(r.out).findings as { ruleId: string; file: string; message: string }[];
    expect(findings.some((f) => f.ruleId === "unreadable-file" && f.file.endsWith("other.service"))).toBe(true);
    expect(fs.readFileSync(path.join(dir, "asterisk.service"), "utf8")).toBe(WATCHDOG.replace("WatchdogSec=30s\n", ""));
  });

  test("every fix pass, in --root, repository and host modes, wraps a ConfinedBackend", async () => {
    const { tmp, dir } = setup("root/etc/systemd/system");
    const root = path.join(tmp, "root");
    const modes: { name: string; paths: string[]; root?: string }[] = [
      { name: "root", paths: [], root },
      { name: "repository", paths: [dir] },
    ];
    // Host mode lints the machine's own unit directory (read only: runFixes writes nothing).
    if (fs.existsSync("/etc/systemd/system")) modes.push({ name: "host", paths: ["/etc/systemd/system"] });
    for (const m of modes) {
      const bases: FsBackend[] = [];
      const run = await runFixes({ paths: m.paths, root: m.root, cwd: tmp, fsLayer: (b) => (bases.push(b), b) }, false);
      expect([m.name, bases.length > 0]).toEqual([m.name, true]);
      expect([m.name, bases.every((b) => b instanceof ConfinedBackend)]).toEqual([m.name, true]);
      if (m.name !== "host") expect([m.name, run.passes]).toEqual([m.name, 1]);
    }
  });
});
