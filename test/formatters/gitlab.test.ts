import { describe, expect, it } from "@jest/globals";
import { gitlab } from "../../src/formatters/gitlab.js";
import { expectGolden, makeContext, makeFindings, shiftLines } from "./fixtures.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe("gitlab formatter", () => {
  it("matches the golden output", () => {
    expectGolden("gitlab.json", gitlab(makeFindings(), makeContext()));
  });

  it("is a Code Quality JSON array GitLab can read", () => {
    const out = gitlab(makeFindings(), makeContext());
    expect(out.charCodeAt(0)).not.toBe(0xfeff);
    const issues: Json[] = JSON.parse(out);
    expect(Array.isArray(issues)).toBe(true);
    expect(issues).toHaveLength(5);
    for (const issue of issues) {
      expect(typeof issue.description).toBe("string");
      expect(typeof issue.check_name).toBe("string");
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(["info", "minor", "major", "critical", "blocker"]).toContain(issue.severity);
      expect(typeof issue.location.path).toBe("string");
      expect(Number.isInteger(issue.location.lines.begin)).toBe(true);
    }
    expect(issues.map((i) => i.severity)).toEqual(["major", "major", "minor", "info", "minor"]);
    expect(issues[0].check_name).toBe("run-path-mismatch");
    expect(issues[0].description).toBe(
      "systemd binds /run/asterisk/asterisk.ctl but Asterisk expects /var/run/asterisk/asterisk.ctl (help: use /run on both sides: `astrundir => /run/asterisk`)",
    );
    expect(issues[0].location).toEqual({ path: "etc/systemd/system/asterisk-cli.socket", lines: { begin: 6, end: 6 } });
    expect(issues[2].location.lines).toEqual({ begin: 14, end: 16 });
    expect(issues[3].location.path).toBe("/work/other repo/manager.conf");
  });

  it("relativises paths to CI_PROJECT_DIR when it is set", () => {
    const issues: Json[] = JSON.parse(gitlab(makeFindings(), makeContext({ env: { CI_PROJECT_DIR: "/work" } })));
    expect(issues[0].location.path).toBe("project/etc/systemd/system/asterisk-cli.socket");
    expect(issues[3].location.path).toBe("other repo/manager.conf");
  });

  it("gives unique fingerprints that are stable across runs and line shifts", () => {
    const prints = (findings = makeFindings()) => (JSON.parse(gitlab(findings, makeContext())) as Json[]).map((i) => i.fingerprint);
    const a = prints();
    expect(new Set(a).size).toBe(a.length);
    expect(prints()).toEqual(a);
    expect(prints(shiftLines(makeFindings(), 3))).toEqual(a);
    // Many identical findings in one file still get distinct fingerprints.
    const same = Array.from({ length: 50 }, (_, i) => ({ ...makeFindings()[1]!, line: i + 1, endLine: i + 1 }));
    expect(new Set(prints(same)).size).toBe(50);
  });

  it("prints an empty array without findings", () => {
    expect(JSON.parse(gitlab([], makeContext()))).toEqual([]);
  });
});
