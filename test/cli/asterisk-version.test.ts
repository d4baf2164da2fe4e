/**
 * --asterisk-version and asteriskVersion: majors only (N.x.y reduced), anything else exits 2
 * listing the valid majors; the report says which version was checked and where it came from.
 */
import { describe, expect, test } from "@jest/globals";
import { main, type Io } from "../../src/cli/main.js";
import { makeTree } from "../helpers.js";

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd };
  return { io: value, out: () => out.join(""), err: () => err.join("") };
}

const FEATURES = { "etc/asterisk/features.conf": "[featuremap]\nblindxfer = #1\nautomon = *1\n" };

describe("--asterisk-version", () => {
  test("invalid values exit 2 and list the valid majors", async () => {
    const root = makeTree(FEATURES);
    for (const bad of ["19", "16.30.1", "latest", "22.x"]) {
      const t = io(root);
      expect(await main(["--root", root, "--asterisk-version", bad], t.io)).toBe(2);
      expect(t.err()).toContain("valid majors: 18, 20, 21, 22 or 23");
    }
  });

  test("N.x.y is reduced to its major; the output names the version and its source", async () => {
    const root = makeTree(FEATURES);
    let t = io(root);
    expect(await main(["--root", root, "--asterisk-version", "20.7.0", "--format", "json"], t.io)).toBe(0);
    let j = JSON.parse(t.out());
    expect([j.asteriskVersion, j.asteriskVersionSource]).toEqual([20, "--asterisk-version"]);
    expect(j.findings).toEqual([]);
    t = io(root);
    expect(await main(["--root", root, "--asterisk-version", "21"], t.io)).toBe(1);
    expect(t.out()).toContain("Asterisk version checked against: 21 (--asterisk-version)");
    expect(t.out()).toContain("was removed in Asterisk 21");
    t = io(root);
    expect(await main(["--root", root, "--format", "json"], t.io)).toBe(0);
    j = JSON.parse(t.out());
    expect(j.asteriskVersion).toBe(22);
    expect(j.asteriskVersionSource).toContain("no version stated or found");
    expect(j.findings.map((f: { severity: string }) => f.severity)).toEqual(["info"]);
  });

  test("asteriskVersion in .astlintrc.json; a bad value names the key", async () => {
    const root = makeTree({ ...FEATURES, ".astlintrc.json": JSON.stringify({ asteriskVersion: "21.4.0" }) });
    let t = io(root);
    expect(await main(["--root", root, "--format", "json"], t.io)).toBe(1);
    expect(JSON.parse(t.out()).asteriskVersion).toBe(21);
    const bad = makeTree({ ...FEATURES, ".astlintrc.json": JSON.stringify({ asteriskVersion: 19 }) });
    t = io(bad);
    expect(await main(["--root", bad], t.io)).toBe(2);
    expect(t.err()).toContain("asteriskVersion");
    expect(t.err()).toContain("18, 20, 21, 22 or 23");
  });
});
