/**
 * How Asterisk configs are recognised in repository mode, and what a run that finds none says.
 */
import { describe, expect, test } from "@jest/globals";
import { main, type Io } from "../../src/cli/main.js";
import { makeTree } from "../helpers.js";

function io(cwd: string, extra: Partial<Io> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd, ...extra };
  return { io: value, out: () => out.join(""), err: () => err.join("") };
}

// A manager.conf whose [weak] user has no ACL and a one-word secret (findings when read as
// manager.conf), and a "#" comment (an asterisk-config-syntax warning whatever its name).
const MANAGER = "[general]\nenabled = yes\nbindaddr = 0.0.0.0\n# AMI users\n[weak]\nsecret = 1234\nread = all\nwrite = all\n";

describe("Asterisk configs that are not named like one", () => {
  const repo = makeTree({ "configs/vendor__manager.conf": MANAGER, "configs/manager.conf.sample": MANAGER });

  test("the usage error says how configs are recognised and how to lint such a file", async () => {
    for (const arg of ["configs", "configs/vendor__manager.conf", "configs/manager.conf.sample"]) {
      const t = io(repo);
      expect(await main([arg], t.io)).toBe(2);
      const err = t.err();
      expect(err).toContain(`astlint: ${arg}: no systemd unit file, drop-in or Asterisk config to lint here`);
      expect(err).toContain("Asterisk configs are recognised by name (asterisk.conf, manager.conf, http.conf, pjsip.conf");
      expect(err).toContain("--stdin-filename manager.conf");
      expect(err).toContain("--asterisk-config");
    }
  });

  test("--debug lists the skipped files and prints no stack trace for a usage error", async () => {
    const t = io(repo);
    expect(await main(["--debug", "configs"], t.io)).toBe(2);
    const err = t.err();
    expect(err).toContain("debug: skipped configs/vendor__manager.conf: neither a unit, a drop-in nor an Asterisk config");
    expect(err).toContain("debug: skipped configs/manager.conf.sample:");
    expect(err).not.toMatch(/^\s+at /m);
    expect(err).not.toContain("Error:");
  });

  test("the ways the message names both lint the file", async () => {
    const byDir = io(repo);
    expect(await main(["--format", "json", "--asterisk-config", "configs", "configs"], byDir.io)).toBe(0);
    const byDirFindings = (JSON.parse(byDir.out()) as { findings: { file: string; ruleId: string; line: number }[] }).findings;
    expect(byDirFindings).toEqual(
      expect.arrayContaining([expect.objectContaining({ file: "configs/vendor__manager.conf", ruleId: "asterisk-config-syntax", line: 4 })]),
    );

    const byFile = io(repo);
    expect(await main(["--format", "json", "--asterisk-config", "configs/vendor__manager.conf", "configs/vendor__manager.conf"], byFile.io)).toBe(0);
    const byFileFindings = (JSON.parse(byFile.out()) as { findings: { file: string; ruleId: string; line: number }[] }).findings;
    expect(byFileFindings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(["configs/vendor__manager.conf:4 asterisk-config-syntax"]);

    const stdin = io(repo, { readStdin: () => new TextEncoder().encode(MANAGER) });
    expect(await main(["--format", "json", "--stdin-filename", "manager.conf", "-"], stdin.io)).toBe(1);
    expect((JSON.parse(stdin.out()) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
  });
});

describe("files in an Asterisk config directory that Asterisk never parses", () => {
  test("ast_debug_tools.conf and dbsep.conf are skipped (with a --debug line), other *.conf there are linted", async () => {
    const repo = makeTree({
      "etc/asterisk/asterisk.conf": "[directories]\nastetcdir => /etc/asterisk\n",
      "etc/asterisk/ast_debug_tools.conf": "# shell\nCOREDUMP_DIR=/tmp\n",
      "etc/asterisk/dbsep.conf": "# cgi\ndbengine=mysql\n",
      "etc/asterisk/modules.conf": "autoload = yes\n",
    });
    const t = io(repo);
    expect(await main(["--format", "json", "--debug", "etc/asterisk"], t.io)).toBe(1);
    const findings = (JSON.parse(t.out()) as { findings: { file: string; ruleId: string }[] }).findings;
    expect(findings.filter((f) => f.file.includes("ast_debug_tools") || f.file.includes("dbsep"))).toEqual([]);
    expect(findings.some((f) => f.file === "etc/asterisk/modules.conf" && f.ruleId === "asterisk-config-syntax")).toBe(true);
    expect(t.err()).toContain("debug: skipped etc/asterisk/ast_debug_tools.conf: Asterisk never parses ast_debug_tools.conf");
    expect(t.err()).toContain("debug: skipped etc/asterisk/dbsep.conf: Asterisk never parses dbsep.conf");
  });
});

describe("#included configs in a repository", () => {
  const lintJson = async (tree: Record<string, string>) => {
    const t = io(makeTree(tree));
    await main(["--format", "json", "etc/asterisk"], t.io);
    return (JSON.parse(t.out()) as { findings: { file: string; ruleId: string; line: number; message: string }[] }).findings.filter((f) => f.ruleId === "asterisk-config-syntax");
  };
  const ASTERISK_CONF = "[directories]\nastetcdir => /etc/asterisk\n";

  test("a fragment included inside a section is judged only as part of its includer", async () => {
    const findings = await lintJson({
      "etc/asterisk/asterisk.conf": ASTERISK_CONF,
      "etc/asterisk/manager.conf": '[general]\nenabled = no\n#include "manager_general.conf"\n',
      "etc/asterisk/manager_general.conf": "webenabled = no\n",
    });
    expect(findings).toEqual([]);
  });

  test("the same fragment with nobody including it is reported, saying an #include in a section would be fine", async () => {
    const findings = await lintJson({ "etc/asterisk/asterisk.conf": ASTERISK_CONF, "etc/asterisk/manager_general.conf": "webenabled = no\n" });
    expect(findings.map((f) => `${f.file}:${f.line}`)).toEqual(["etc/asterisk/manager_general.conf:1"]);
    expect(findings[0]!.message).toContain("fine if the file is only #included inside a section");
  });

  test("a config Asterisk also loads by name is judged on its own even when another config includes it", async () => {
    const findings = await lintJson({
      "etc/asterisk/asterisk.conf": ASTERISK_CONF,
      "etc/asterisk/manager.conf": '[general]\nenabled = no\n#include "http.conf"\n',
      "etc/asterisk/http.conf": "enabled = no\n",
    });
    expect(findings.map((f) => `${f.file}:${f.line}`)).toEqual(["etc/asterisk/http.conf:1"]);
    expect(findings[0]!.message).toBe("a variable before any [section] header: Asterisk rejects etc/asterisk/http.conf");
  });
});
