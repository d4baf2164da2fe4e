/**
 * Confinement that survives a race (src/io/confined.ts): a file or directory swapped for a
 * symbolic link between "checked" and "opened" is never followed out of the root or out of the
 * paths given; the file is reported as changed instead. The swap happens deterministically in a
 * subclass of the backend that sees each open (observed-host.ts); `npm run fuzz` races a real writer against the CLI.
 */
import { afterEach, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../src/cli/main.js";
import { confinementStats } from "../../src/io/confined.js";
import { observedIo, swapDirOnFirstOpen, type OpenWatch } from "./observed-host.js";
import { RootFs } from "../../src/io/fs.js";
import { makeTree, REPO } from "../helpers.js";

/** What the race at hand does at each open of the confined backend (observed-host.ts). */
const watch: OpenWatch = {};
const io = (cwd: string) => observedIo(cwd, watch);

const INSIDE_UNIT = "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n";
/** What the host file outside the root says: any of it in the report means it was read. */
const OUTSIDE_UNIT = "[Service]\nExecStart=/usr/sbin/asterisk -f\nSecretMarkerOutside=1\n";
const OUTSIDE_CONF = "#exec /bin/echo SecretMarkerOutside\n[general]\nenabled=yes\n";

/** A root with a unit and an Asterisk config, and a directory outside it with the decoys. */
function setup() {
  const tmp = makeTree({
    "root/etc/systemd/system/asterisk.service": INSIDE_UNIT,
    "root/etc/asterisk/asterisk.conf": "[options]\n#include extra.conf\n",
    "root/etc/asterisk/extra.conf": "[general]\nenabled=no\n",
    "outside/asterisk.service": OUTSIDE_UNIT,
    "outside/extra.conf": OUTSIDE_CONF,
    "outside/system/asterisk.service": OUTSIDE_UNIT,
  });
  return { tmp, root: path.join(tmp, "root"), outside: path.join(tmp, "outside") };
}

/** Replaces `p` by a symbolic link to `target` (what an attacker with write access does). */
function swapForLink(p: string, target: string): void {
  fs.rmSync(p, { recursive: true, force: true });
  fs.symlinkSync(target, p);
}

/**
 * Lints with the CLI while the hook swaps `file` for a link to `target` the first time astlint is
 * about to open it; returns the output and how often the hook saw the file.
 */
async function lintSwapping(args: string[], cwd: string, file: string, target: string): Promise<{ out: string; seen: number }> {
  let seen = 0;
  watch.onOpen = (host) => {
    if (host === file && seen++ === 0) swapForLink(file, target);
  };
  const t = io(cwd);
  await main([...args, "-f", "json"], t.io);
  expect(t.out()).not.toContain("SecretMarkerOutside");
  return { out: t.out(), seen };
}

afterEach(() => {
  delete watch.onOpen;
});

describe("a swap between check and open", () => {
  test("a unit swapped for a symlink to a host file: not read, reported as changed", async () => {
    const { root, outside } = setup();
    const unit = path.join(root, "etc/systemd/system/asterisk.service");
    const { out, seen } = await lintSwapping(["--root", root], root, unit, path.join(outside, "asterisk.service"));
    expect(seen).toBeGreaterThan(0);
    const findings = JSON.parse(out).findings as { ruleId: string; file: string; message: string }[];
    const unreadable = findings.filter((f) => f.ruleId === "unreadable-file" && f.file.endsWith("asterisk.service"));
    expect(unreadable.map((f) => f.message)).toEqual([expect.stringContaining("changed while astlint was reading it")]);
  });

  test("a relative link climbing out (../../..) is no better", async () => {
    const { root, outside } = setup();
    const unit = path.join(root, "etc/systemd/system/asterisk.service");
    watch.onOpen = (host) => {
      if (host === unit && !fs.lstatSync(unit).isSymbolicLink()) swapForLink(unit, path.relative(path.dirname(unit), path.join(outside, "asterisk.service")));
    };
    const t = io(root);
    await main(["--root", root, "-f", "json"], t.io);
    expect(t.out()).not.toContain("SecretMarkerOutside");
  });

  test("a parent directory swapped for a symlink to a host directory: nothing below it read from outside", async () => {
    const { root, outside } = setup();
    const swap = swapDirOnFirstOpen(path.join(root, "etc/systemd/system"), path.join(outside, "system"));
    watch.onOpen = swap.onOpen;
    const t = io(root);
    await main(["--root", root, "-f", "json"], t.io);
    expect(swap.swapped()).toBe(true);
    expect(t.out()).not.toContain("SecretMarkerOutside");
  });

  test("an Asterisk #include swapped for a symlink to a host file: not read", async () => {
    const { root, outside } = setup();
    const { out, seen } = await lintSwapping(["--root", root], root, path.join(root, "etc/asterisk/extra.conf"), path.join(outside, "extra.conf"));
    expect(seen).toBe(1);
    expect(out).toContain("changed while astlint was reading it");
  });

  test("repository mode: a given file swapped for a symlink out of the paths given is not read", async () => {
    const { tmp, outside } = setup();
    const repo = makeTree({ "units/asterisk.service": INSIDE_UNIT }, path.join(tmp, "repo"));
    const { out, seen } = await lintSwapping(["units"], repo, path.join(repo, "units/asterisk.service"), path.join(outside, "asterisk.service"));
    expect(seen).toBe(1);
    expect(out).toContain("changed while astlint was reading it");
  });

  test("without the swap the same trees are read (the hook and the checks cost nothing else)", async () => {
    const { root } = setup();
    const t = io(root);
    await main(["--root", root, "-f", "json"], t.io);
    expect(t.out()).not.toContain("unreadable-file");
    // The unit, asterisk.conf and its include.
    expect(JSON.parse(t.out()).summary.files).toBe(3);
  });

  test("an open descriptor outside the root is refused even when no link was seen (bind mount, moved directory)", () => {
    const { root, outside } = setup();
    const fsys = new RootFs(root);
    // Warm the directory cache, then move the cached directory out of the root.
    expect(fsys.list("/etc/asterisk")).toEqual(["asterisk.conf", "extra.conf"]);
    fs.renameSync(path.join(root, "etc/asterisk"), path.join(outside, "moved"));
    const r = fsys.read("/etc/asterisk/asterisk.conf");
    fsys.close();
    expect(r).toMatchObject({ ok: false, error: "outside" });
  });

  test("directories are opened once for many files (descriptor cache)", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) files[`usr/lib/systemd/system/u${i}.service`] = INSIDE_UNIT;
    const root = makeTree(files);
    const fsys = new RootFs(root);
    const before = { ...confinementStats };
    for (let i = 0; i < 50; i++) expect(fsys.read(`/usr/lib/systemd/system/u${i}.service`).ok).toBe(true);
    fsys.close();
    expect(confinementStats.fileOpens - before.fileOpens).toBe(50);
    // usr, lib, systemd, system: once each, not once per file.
    expect(confinementStats.dirOpens - before.dirOpens).toBe(4);
  });
});

describe("without /proc", () => {
  // /proc hidden for real: the built command in a private mount namespace with an empty tmpfs
  // over /proc (needs root and unshare(1); skipped with a note otherwise).
  const canHideProc = spawnSync("unshare", ["--mount", "--fork", "sh", "-c", "mount -t tmpfs none /proc"], { encoding: "utf8" }).status === 0;
  if (!canHideProc) console.warn("confinement.test.ts: cannot hide /proc here (needs root and unshare): the without-/proc test is skipped");
  (canHideProc ? test : test.skip)("--root refuses with a clear message", () => {
    const { root } = setup();
    const cli = path.join(REPO, "dist", "cli.js");
    const r = spawnSync("unshare", ["--mount", "--fork", "sh", "-c", 'mount -t tmpfs none /proc && exec "$0" "$@"', process.execPath, cli, "--root", root], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^astlint: --root .*: needs \/proc mounted/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toBe("");
  });
});
