/**
 * The target systemd version (issue 4, "Target version"): the supported range follows the
 * directive data, other values exit 2, and the output says which version applied and why.
 * Plus the small helpers the rules share, and the parity script's behaviour without
 * systemd-analyze.
 */
import { describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main, type Io } from "../../src/cli/main.js";
import { DATA_NEWEST_VERSION, OLDEST_SUPPORTED_VERSION } from "../../src/values/directive-table.js";
import { parseUnitFile } from "../../src/parser/unit-parser.js";
import { belowVarRun } from "../../src/rules/legacy-var-run-path.js";
import { inlineCommentAt } from "../../src/rules/_inline-comment.js";
import { isIncludeLine, physicalLine, quote } from "../../src/rules/_unit-files.js";
import { makeTree, REPO } from "../helpers.js";
import { ruleContext } from "../rule-tester.js";

function io(cwd = REPO) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd };
  return { io: value, out: () => out.join(""), err: () => err.join("") };
}

const UNIT = "[Service]\nExecStart=/bin/true\nImportCredential=x.*\n";

describe("--systemd-version", () => {
  test("accepts 230 up to the data's newest; anything else exits 2", async () => {
    expect(OLDEST_SUPPORTED_VERSION).toBe(230);
    const root = makeTree({ "etc/systemd/system/a.service": UNIT });
    for (const v of [OLDEST_SUPPORTED_VERSION, 252, DATA_NEWEST_VERSION]) {
      const t = io();
      expect(await main(["--root", root, "--systemd-version", String(v), "--format", "json"], t.io)).not.toBe(2);
    }
    for (const v of [229, DATA_NEWEST_VERSION + 1, 0]) {
      const t = io();
      expect(await main(["--root", root, "--systemd-version", String(v)], t.io)).toBe(2);
      if (v !== 0) expect(t.err()).toContain(`supported versions are 230 to ${DATA_NEWEST_VERSION}`);
    }
  });

  test("json says which version applied and where it came from", async () => {
    const root = makeTree({ "etc/systemd/system/a.service": UNIT });
    let t = io();
    await main(["--root", root, "--systemd-version", "252", "--format", "json"], t.io);
    let j = JSON.parse(t.out());
    expect([j.systemdVersion, j.systemdVersionSource]).toEqual([252, "--systemd-version"]);
    expect(j.findings.map((f: { ruleId: string }) => f.ruleId)).toContain("unknown-directive");
    // existing fields stay
    expect(Object.keys(j)).toEqual(expect.arrayContaining(["findings", "summary", "version"]));

    fs.mkdirSync(path.join(root, "usr/lib/x86_64-linux-gnu/systemd"), { recursive: true });
    fs.writeFileSync(path.join(root, "usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so"), "");
    t = io();
    await main(["--root", root, "--format", "json"], t.io);
    j = JSON.parse(t.out());
    expect([j.systemdVersion, j.systemdVersionSource]).toEqual([252, "libsystemd-shared-252.so under the root"]);

    const bare = makeTree({ "etc/systemd/system/a.service": UNIT });
    t = io();
    await main(["--root", bare, "--format", "json"], t.io);
    j = JSON.parse(t.out());
    expect(j.systemdVersion).toBe(DATA_NEWEST_VERSION);
    expect(j.findings.filter((f: { ruleId: string }) => f.ruleId === "unknown-directive")).toEqual([]);
  });

  test("stylish ends with the version line", async () => {
    const root = makeTree({ "etc/systemd/system/a.service": "[Service]\nExecStart=/bin/true\n" });
    const t = io();
    expect(await main(["--root", root, "--systemd-version", "250"], t.io)).toBe(0);
    expect(t.out().trimEnd().split("\n").pop()).toBe("systemd version checked against: 250 (--systemd-version)");
  });
});

describe("helpers", () => {
  test("belowVarRun follows path_startswith()", () => {
    expect(belowVarRun("/var/run/a.pid")).toBe("a.pid");
    expect(belowVarRun("//var//run///x/y")).toBe("x/y");
    expect(belowVarRun("/var/run")).toBe("");
    expect(belowVarRun("/var/runner/a")).toBeNull();
    expect(belowVarRun("/run/a")).toBeNull();
    expect(belowVarRun("var/run/a")).toBeNull();
  });

  test("inlineCommentAt: a blank before, no digit after, quotes only where the parser unquotes", () => {
    expect(inlineCommentAt("simple # x", "config_parse_service_type")).toBe(7);
    expect(inlineCommentAt("worker #2", "config_parse_unit_string_printf")).toBeNull();
    expect(inlineCommentAt("a#b", "config_parse_unit_string_printf")).toBeNull();
    expect(inlineCommentAt("#x", "config_parse_unit_string_printf")).toBeNull();
    expect(inlineCommentAt('/bin/sh -c "a # b"', "config_parse_exec")).toBeNull();
    expect(inlineCommentAt('/bin/sh -c "a # b" # c', "config_parse_exec")).toBe(19);
    expect(inlineCommentAt('"a # b"', "config_parse_unit_string_printf")).toBe(3);
  });

  test("physicalLine uses the unit lexer's terminators; isIncludeLine; quote shortens", () => {
    const ast = parseUnitFile("[Unit]\r\nA=1\rB=2\n\nC=3", "x.service");
    const ctx = ruleContext();
    expect([1, 2, 3, 4, 5].map((n) => physicalLine(ctx, ast, n))).toEqual(["[Unit]", "A=1", "B=2", "", "C=3"]);
    expect(physicalLine(ctx, ast, 9)).toBe("");
    expect(isIncludeLine("  .include /a/b.service")).toBe(true);
    expect(isIncludeLine(".include")).toBe(false);
    expect(isIncludeLine(".included=1")).toBe(false);
    expect(quote("x".repeat(1000)).length).toBeLessThan(130);
  });
});

describe("npm run parity", () => {
  test("without systemd-analyze it says so and exits 0", () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-nobin-"));
    const r = spawnSync(process.execPath, [path.join(REPO, "scripts/parity.mjs")], { encoding: "utf8", env: { PATH: bin } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("systemd-analyze is not installed");
  });
});
