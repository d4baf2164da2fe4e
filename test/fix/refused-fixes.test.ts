/**
 * A fix the writer would refuse is never offered (src/fix/applicable.ts): an empty or masked
 * override.conf (systemd skips both; --fix never replaces a name that exists), a file with
 * several hard links. The finding shows no fix in any format, is not counted as fixable, says
 * why in a note, and --fix / --diff change nothing.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { main, type Io } from "../../src/cli/main.js";
import { makeTree } from "../helpers.js";

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd };
  return { io: value, out: () => out.join(""), err: () => err.join("") };
}

interface JsonFinding {
  ruleId: string;
  notes?: string[];
  fix?: unknown;
}

const VENDOR = "usr/lib/systemd/system/asterisk.service";
const OVERRIDE = "etc/systemd/system/asterisk.service.d/override.conf";
const WATCHDOG = "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\nWatchdogSec=30\n";

async function run(root: string, args: string[]) {
  const t = io(root);
  const code = await main(["--root", root, "--all-units", ...args], t.io);
  return { code, out: t.out(), err: t.err() };
}

async function watchdogFinding(root: string, args: string[] = []): Promise<JsonFinding> {
  const r = await run(root, ["--fix", "--fix-vendor", "drop-in", "--format", "json", ...args]);
  const f = (JSON.parse(r.out).findings as JsonFinding[]).find((x) => x.ruleId === "asterisk-watchdog");
  expect(f).toBeDefined();
  return f!;
}

describe("override.conf that --fix would not replace", () => {
  test("control: without an override.conf the drop-in is created", async () => {
    const root = makeTree({ [VENDOR]: WATCHDOG });
    const r = await run(root, ["--fix", "--fix-vendor", "drop-in"]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(root, OVERRIDE), "utf8")).toBe("[Service]\nWatchdogSec=0\n");
  });

  test("an empty override.conf: no fix offered, a note says why, nothing written", async () => {
    const root = makeTree({ [VENDOR]: WATCHDOG, [OVERRIDE]: "" });
    const f = await watchdogFinding(root);
    expect(f.fix).toBeUndefined();
    expect(f.notes).toContainEqual(expect.stringMatching(/no automatic fix: .*override\.conf exists and is empty/));
    expect(fs.readFileSync(path.join(root, OVERRIDE), "utf8")).toBe("");
    expect(fs.readFileSync(path.join(root, VENDOR), "utf8")).toBe(WATCHDOG);
  });

  test("a masked override.conf (a link to /dev/null): no fix, not counted as fixable, --diff empty", async () => {
    const root = makeTree({ [VENDOR]: WATCHDOG });
    fs.mkdirSync(path.join(root, path.dirname(OVERRIDE)), { recursive: true });
    fs.symlinkSync("/dev/null", path.join(root, OVERRIDE));
    const f = await watchdogFinding(root);
    expect(f.fix).toBeUndefined();
    expect(f.notes).toContainEqual(expect.stringContaining("is masked (a link to /dev/null)"));
    // --diff (which takes --fix-vendor) shows nothing to change.
    const d = await run(root, ["--diff", "--fix-vendor", "drop-in"]);
    expect(d.out).toBe("");
    expect(d.code).toBe(0);
    expect(fs.readlinkSync(path.join(root, OVERRIDE))).toBe("/dev/null");
  });

  test("the same through SARIF: the result carries no fixes", async () => {
    const root = makeTree({ [VENDOR]: WATCHDOG, [OVERRIDE]: "" });
    const r = await run(root, ["--fix", "--fix-vendor", "drop-in", "--format", "sarif"]);
    const results = JSON.parse(r.out).runs[0].results as { ruleId: string; fixes?: unknown[] }[];
    const w = results.find((x) => x.ruleId === "asterisk-watchdog");
    expect(w).toBeDefined();
    expect(w!.fixes).toBeUndefined();
  });
});

describe("a drop-in directory that is a symbolic link", () => {
  test("NAME.d links out of the root: no fix, nothing created there", async () => {
    const tmp = makeTree({ [`root/${VENDOR}`]: WATCHDOG, "elsewhere/keep": "x" });
    const root = path.join(tmp, "root");
    const outside = path.join(tmp, "elsewhere");
    fs.mkdirSync(path.join(root, "etc/systemd/system"), { recursive: true });
    fs.symlinkSync(outside, path.join(root, path.dirname(OVERRIDE)));
    // Re-rooted, the link's target is a directory inside the root too: astlint's own resolution
    // finds a directory there, but the kernel, creating the file, would follow the link out.
    fs.mkdirSync(path.join(root, outside), { recursive: true });
    const f = await watchdogFinding(root);
    expect(f.fix).toBeUndefined();
    expect(f.notes).toContainEqual(expect.stringContaining("is a symbolic link, and astlint does not create files through one"));
    expect(fs.readdirSync(outside)).toEqual(["keep"]);
  });
});

describe("files the writer refuses in place", () => {
  test("a unit with a second hard link: no fix (the writer refuses it), and the stylish summary counts none", async () => {
    const root = makeTree({ "etc/systemd/system/asterisk.service": WATCHDOG, "srv/copy.service": "" });
    const unit = path.join(root, "etc/systemd/system/asterisk.service");
    fs.rmSync(path.join(root, "srv/copy.service"));
    fs.linkSync(unit, path.join(root, "srv/copy.service"));
    const t = io(root);
    await main(["--root", root, "etc/systemd/system"], t.io);
    expect(t.out()).toContain("asterisk-watchdog");
    expect(t.out()).toContain("hard links (replacing one name would split them)");
    expect(t.out()).not.toMatch(/fixable with --fix/);
    const r = await run(root, ["--fix", "--format", "json"]);
    expect(r.code).toBe(1); // the error is left
    expect(r.err).not.toMatch(/cannot write|refus/);
    expect(fs.readFileSync(unit, "utf8")).toBe(WATCHDOG);
  });
});
