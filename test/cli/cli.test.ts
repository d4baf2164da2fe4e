/**
 * The command line through main(): exit codes, options, formats, stdin, output files,
 * colour decisions and the configuration file.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { main, useColor, type Io } from "../../src/cli/main.js";
import { ALL_RULES } from "../../src/rules/index.js";
import { makeTree, REPO } from "../helpers.js";

function io(cwd = REPO, extra: Partial<Io> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd, ...extra };
  return { io: value, out: () => out.join(""), err: () => err.join("") };
}

const WATCHDOG = "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\nWatchdogSec=10\nUser=asterisk\n";
const CLEAN = "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -mqf\nUser=asterisk\n";

describe("exit codes", () => {
  test("0 without error-level findings, 1 with them, 2 for usage errors", async () => {
    const clean = makeTree({ "etc/systemd/system/asterisk.service": CLEAN });
    const bad = makeTree({ "etc/systemd/system/asterisk.service": WATCHDOG });
    let t = io();
    expect(await main(["--root", clean], t.io)).toBe(0);
    t = io();
    expect(await main(["--root", bad], t.io)).toBe(1);
    expect(t.out()).toContain("asterisk-watchdog");
    t = io();
    expect(await main(["--no-such-option"], t.io)).toBe(2);
    expect(t.err()).toMatch(/Unknown option/i);
    expect(t.err()).not.toMatch(/    at /);
    t = io();
    expect(await main(["/no/such/path/astlint"], t.io)).toBe(2);
    expect(t.err()).toContain("no such file");
    t = io();
    expect(await main(["--root", clean, "--format", "nope"], t.io)).toBe(2);
    expect(t.err()).toContain("valid formats");
  });

  test("--max-warnings turns too many warnings into exit 1; --quiet shows errors only", async () => {
    const root = makeTree({
      "etc/systemd/system/asterisk.service": "[Service]\nType=simple\nExecStart=/usr/sbin/asterisk -f\nWatchdogSec=5\nUser=asterisk\n",
    });
    let t = io();
    expect(await main(["--root", root, "--rule", "asterisk-watchdog=warning", "--max-warnings", "1"], t.io)).toBe(1);
    expect(t.err()).toContain("astlint: 2 warnings exceed --max-warnings 1");
    t = io();
    expect(await main(["--root", root, "--rule", "asterisk-watchdog=warning", "--rule", "service-type-notify=off", "--max-warnings", "0"], t.io)).toBe(1);
    expect(t.err()).toContain("astlint: 1 warning exceeds --max-warnings 0");
    t = io();
    expect(await main(["--root", root, "--rule", "asterisk-watchdog=warning", "--max-warnings", "2"], t.io)).toBe(0);
    t = io();
    expect(await main(["--root", root, "--quiet", "--format", "json"], t.io)).toBe(1);
    const j = JSON.parse(t.out());
    expect(j.findings.map((f: { severity: string }) => f.severity)).toEqual(["error"]);
  });
});

describe("information options", () => {
  test("--help lists the options of every issue; --version; --list-rules; --explain", async () => {
    let t = io();
    expect(await main(["--help"], t.io)).toBe(0);
    for (const o of ["--root", "--asterisk-config", "--asterisk-rundir-default", "--systemd-version", "--firewall", "--all-units", "--debug", "--format", "--config", "--rule", "--quiet", "--max-warnings", "--stdin-filename", "--list-rules", "--explain", "--print-config", "--report-unused-disable-directives", "--force-exclude", "--verbose", "--color"]) {
      expect(t.out()).toContain(o);
    }
    t = io();
    expect(await main(["--version"], t.io)).toBe(0);
    expect(t.out().trim()).toBe(JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version);
    t = io();
    expect(await main(["--list-rules"], t.io)).toBe(0);
    for (const r of ALL_RULES) expect(t.out()).toContain(r.meta.id);
    t = io();
    expect(await main(["--explain", "run-path-mismatch"], t.io)).toBe(0);
    expect(t.out()).toContain("# run-path-mismatch");
    t = io();
    expect(await main(["--explain", "nope"], t.io)).toBe(2);
  });
});

describe("formats and output", () => {
  test("json has the contract fields; -o writes only that file", async () => {
    const root = makeTree({ "etc/systemd/system/asterisk.service": WATCHDOG });
    const out = path.join(makeTree({}), "report.json");
    const t = io();
    expect(await main(["--root", root, "-f", "json", "-o", out], t.io)).toBe(1);
    expect(t.out()).toBe("");
    const j = JSON.parse(fs.readFileSync(out, "utf8"));
    const f = j.findings[0];
    for (const k of ["ruleId", "severity", "file", "line", "column", "endLine", "endColumn", "message", "notes", "help", "related"]) expect(f).toHaveProperty(k);
    expect(f.line).toBe(4);
  });

  test("- reads one unit from standard input, named by --stdin-filename", async () => {
    const t = io(REPO, { readStdin: () => Buffer.from(WATCHDOG) });
    expect(await main(["-", "--stdin-filename", "units/asterisk.service", "-f", "compact"], t.io)).toBe(1);
    expect(t.out()).toMatch(/^units\/asterisk\.service:4:13: error: .* \[asterisk-watchdog\]$/m);
  });
});

describe("colour", () => {
  test("--color/--no-color win, then FORCE_COLOR, NO_COLOR, and whether stdout is a terminal", () => {
    expect(useColor({ color: true }, { env: { NO_COLOR: "1" }, isTTY: false })).toBe(true);
    expect(useColor({ color: false }, { env: { FORCE_COLOR: "1" }, isTTY: true })).toBe(false);
    expect(useColor({}, { env: { FORCE_COLOR: "1", NO_COLOR: "1" }, isTTY: false })).toBe(true);
    expect(useColor({}, { env: { NO_COLOR: "1" }, isTTY: true })).toBe(false);
    expect(useColor({}, { env: { NO_COLOR: "" }, isTTY: true })).toBe(true);
    expect(useColor({}, { env: {}, isTTY: false })).toBe(false);
    expect(useColor({ outputFile: "x" }, { env: {}, isTTY: true })).toBe(false);
  });
});

describe("configuration file", () => {
  test(".astlintrc.json is found upwards; rules and ignore apply; --rule overrides; --print-config", async () => {
    const repo = makeTree({
      ".astlintrc.json": JSON.stringify({ rules: { "asterisk-watchdog": "warning" }, ignore: ["vendor/**"] }),
      "units/asterisk.service": WATCHDOG,
      "vendor/pbx.service": WATCHDOG.replace("-f", "-f -C /etc/pbx/asterisk.conf"),
      "sub/dir/.keep": "",
    });
    const cwd = path.join(repo, "sub", "dir");
    let t = io(cwd);
    expect(await main([path.join(repo, "units"), path.join(repo, "vendor"), "-f", "json"], t.io)).toBe(0);
    let j = JSON.parse(t.out());
    expect(j.findings.filter((f: { ruleId: string }) => f.ruleId === "asterisk-watchdog").map((f: { severity: string; file: string }) => [f.severity, path.basename(f.file)])).toEqual([["warning", "asterisk.service"]]);
    t = io(cwd);
    expect(await main([path.join(repo, "units"), "--rule", "asterisk-watchdog=error"], t.io)).toBe(1);
    t = io(cwd);
    expect(await main(["--print-config"], t.io)).toBe(0);
    j = JSON.parse(t.out());
    expect(j.configFile).toBe(path.join(repo, ".astlintrc.json"));
    expect(j.rules["asterisk-watchdog"]).toBe("warning");
  });

  test("a bad config file is exit 2 naming the key", async () => {
    const repo = makeTree({ ".astlintrc.json": JSON.stringify({ rulez: {} }), "a.service": CLEAN });
    const t = io(repo);
    expect(await main(["a.service"], t.io)).toBe(2);
    expect(t.err()).toContain("rulez");
  });
});

describe("suppressions through the CLI", () => {
  test("disable-next-line in a unit file; unknown rule IDs are errors", async () => {
    const root = makeTree({
      "etc/systemd/system/asterisk.service": "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n# astlint-disable-next-line asterisk-watchdog -- tested elsewhere\nWatchdogSec=10\nUser=asterisk\n",
    });
    let t = io();
    expect(await main(["--root", root], t.io)).toBe(0);
    const root2 = makeTree({
      "etc/systemd/system/asterisk.service": "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n# astlint-disable-next-line asterisk-watchdg\nWatchdogSec=10\nUser=asterisk\n",
    });
    t = io();
    expect(await main(["--root", root2, "-f", "json"], t.io)).toBe(1);
    expect(JSON.parse(t.out()).findings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(["asterisk-watchdog", "unknown-rule-in-directive"]);
  });
});

describe("suppressions in Asterisk configs through the CLI", () => {
  test("an end-of-line ; astlint-disable-line silences a finding on that config line only", async () => {
    const files = {
      "etc/systemd/system/asterisk.service": "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n",
      "etc/asterisk/manager.conf": "[general]\nenabled = yes\n#include missing.conf\n",
    };
    let t = io();
    expect(await main(["--root", makeTree(files), "-f", "json"], t.io)).toBe(1);
    expect(JSON.parse(t.out()).findings.map((f: { ruleId: string }) => f.ruleId)).toContain("include-not-found");
    const quiet = { ...files, "etc/asterisk/manager.conf": "[general]\nenabled = yes\n#include missing.conf ; astlint-disable-line include-not-found -- generated at deploy time\n" };
    t = io();
    expect(await main(["--root", makeTree(quiet), "-f", "json"], t.io)).toBe(0);
  });
});
