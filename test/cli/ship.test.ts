/**
 * What a new user hits first: runs that check nothing say so, documentation links on every
 * finding, --context for the pre-commit hooks, colour on dumb terminals, suggestions for typos.
 */
import { describe, expect, test } from "@jest/globals";
import * as path from "node:path";
import { allRuleMetas, main, useColor, version, type Io } from "../../src/cli/main.js";
import { nodeBackend, type FsBackend } from "../../src/io/fs.js";
import { PROJECT_URL, ruleDocsUrl } from "../../src/core/project.js";
import { formatJson } from "../../src/formatters/json.js";
import { sarif } from "../../src/formatters/sarif.js";
import { formatStylish as stylish } from "../../src/formatters/stylish.js";
import { ALL_RULES } from "../../src/rules/index.js";
import type { Finding } from "../../src/core/types.js";
import { makeTree, REPO } from "../helpers.js";

function io(cwd = REPO, extra: Partial<Io> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd, ...extra };
  return { io: value, out: () => out.join(""), err: () => err.join("") };
}

const LOOP_SERVICE = "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -mqf\nExecStop=/usr/sbin/asterisk -rx 'core stop now'\n";
const CLI_SOCKET = "[Socket]\nService=asterisk.service\nListenStream=/var/run/asterisk/asterisk.ctl\nSocketMode=0660\n";

function finding(ruleId: string, severity: Finding["severity"] = "error"): Finding {
  return { ruleId, severity, file: "a.service", line: 1, column: 1, endLine: 1, endColumn: 2, message: "m", notes: [], related: [] };
}
const ctx = (over = {}) => ({ cwd: "/", version: version(), rules: new Map(allRuleMetas().map((m) => [m.id, m])), files: ["a.service"], color: false, ...over });

describe("runs that check nothing are not silent", () => {
  test("an empty directory, notes.txt, or a --stdin-filename that is no unit: exit 2, one line", async () => {
    const repo = makeTree({ "empty/.keep": "", "notes.txt": "hello\n" });
    for (const args of [["empty"], ["notes.txt"]]) {
      const t = io(repo);
      expect(await main(args, t.io)).toBe(2);
      expect(t.err().split("\n")[0]).toMatch(new RegExp(`^astlint: ${args[0]}: no systemd unit file, drop-in or Asterisk config to lint here`));
      expect(t.out()).toBe("");
    }
    const t = io(repo, { readStdin: () => new TextEncoder().encode("[Service]\nExecStart=/bin/true\n") });
    expect(await main(["-", "--stdin-filename", "notes.txt"], t.io)).toBe(2);
    expect(t.err()).toMatch(/^astlint: notes\.txt: no systemd unit file/);
    expect(t.err()).not.toContain("/astlint-stdin");
  });

  test("--no-error-on-unmatched-pattern turns it off; a unit-named file with other content is linted", async () => {
    const repo = makeTree({ "empty/.keep": "", "notes.txt": "hello\n", "odd.service": "just text\n" });
    let t = io(repo);
    expect(await main(["empty", "notes.txt", "--no-error-on-unmatched-pattern", "-f", "json"], t.io)).toBe(0);
    expect(JSON.parse(t.out()).findings).toEqual([]);
    t = io(repo);
    await main(["odd.service", "-f", "json"], t.io);
    expect(t.err()).toBe("");
    expect(JSON.parse(t.out()).summary.files).toBe(1);
  });

  test("an explicit file that cannot be read: exit 2 naming it", async () => {
    const repo = makeTree({ "units/a.service": "[Service]\nExecStart=/bin/true\n" });
    const file = path.join(repo, "units/a.service");
    const denied: FsBackend = {
      ...nodeBackend,
      lstat: (p) => nodeBackend.lstat(p),
      readdir: (p) => nodeBackend.readdir(p),
      readlink: (p) => nodeBackend.readlink(p),
      readFile(p, max) {
        if (p === file) throw Object.assign(new Error("EACCES"), { code: "EACCES" });
        return nodeBackend.readFile(p, max);
      },
    };
    const t = io(repo, { fsBackend: denied });
    expect(await main(["units/a.service"], t.io)).toBe(2);
    expect(t.err().trim().split("\n")).toHaveLength(1);
    expect(t.err()).toMatch(/units\/a\.service: cannot be read: .*permission denied/);
  });

  test("a root with only vendor units says how many units it read and why none was reported", async () => {
    const root = makeTree({ "usr/lib/systemd/system/a.service": "[Service]\nExecStart=/bin/true\nBogus=1\n", "usr/lib/systemd/system/b.service": "[Service]\nExecStart=/bin/true\n" });
    let t = io();
    expect(await main(["--root", root], t.io)).toBe(0);
    expect(t.err()).toMatch(/read 2 unit files on the root .* and reported none: astlint reports units in \/etc\/systemd\/system.*--all-units/);
    // A vendor unit named explicitly is linted, as ESLint lints a file it is given.
    t = io();
    expect(await main(["--root", root, path.join(root, "usr/lib/systemd/system/a.service"), "-f", "json"], t.io)).toBe(1);
    const j = JSON.parse(t.out());
    expect(j.findings.map((f: Finding) => [f.ruleId, path.basename(f.file)])).toEqual([["unknown-directive", "a.service"]]);
    expect(j.summary.files).toBe(1);
    expect(t.err()).toBe("");
  });
});

describe("a unit directory that holds only links (a stock host's /etc/systemd/system)", () => {
  test("is linted, exit 0, and the run says that nothing there is a unit file of its own", async () => {
    const root = makeTree({
      "usr/lib/systemd/system/a.service": "[Service]\nExecStart=/bin/true\n",
      "etc/systemd/system/multi-user.target.wants/a.service": "-> /usr/lib/systemd/system/a.service",
    });
    const t = io();
    expect(await main(["--root", root, path.join(root, "etc/systemd/system")], t.io)).toBe(0);
    expect(t.err()).toMatch(/read 1 unit file on the root .*; none is under .*etc\/systemd\/system itself/);
  });
});

describe("ignore covers suppression comments", () => {
  test("an unknown rule in a suppression comment of an ignored file is not reported", async () => {
    const repo = makeTree({
      ".astlintrc.json": JSON.stringify({ ignore: ["vendor/**"] }),
      "units/a.service": "[Service]\nExecStart=/bin/true\n",
      "vendor/b.service": "[Service]\n# astlint-disable-next-line no-such-rule\nExecStart=/bin/true\n",
    });
    let t = io(repo);
    expect(await main([".", "-f", "json"], t.io)).toBe(0);
    expect(JSON.parse(t.out()).findings).toEqual([]);
    // Without the ignore glob the same comment is reported.
    t = io(repo);
    expect(await main([".", "-f", "json", "--config", path.join(makeTree({ "c.json": "{}" }), "c.json")], t.io)).toBe(1);
    expect(JSON.parse(t.out()).findings.map((f: Finding) => f.ruleId)).toEqual(["unknown-rule-in-directive"]);
  });
});

describe("--context DIR: the whole repository for context, findings only for the PATHs", () => {
  const repo = () =>
    makeTree({
      "etc/systemd/system/asterisk.service": LOOP_SERVICE,
      "etc/systemd/system/asterisk-cli.socket": CLI_SOCKET,
      "etc/systemd/system/lonely.socket": "[Socket]\nListenStream=/run/lonely.sock\n",
    });

  test("a socket given alone, whose service is in the repository, is no socket-service-missing error", async () => {
    const r = repo();
    let t = io(r);
    await main(["etc/systemd/system/asterisk-cli.socket", "-f", "json"], t.io);
    const alone = JSON.parse(t.out()).findings.map((f: Finding) => f.ruleId);
    expect(alone).toContain("socket-service-missing");
    t = io(r);
    await main(["--context", ".", "etc/systemd/system/asterisk-cli.socket", "-f", "json"], t.io);
    const j = JSON.parse(t.out());
    expect(j.findings.map((f: Finding) => f.ruleId)).not.toContain("socket-service-missing");
    expect(new Set(j.findings.map((f: Finding) => f.file))).toEqual(new Set(["etc/systemd/system/asterisk-cli.socket"]));
    expect(j.summary.files).toBe(1);
  });

  test("the service given alone shows the ExecStop CLI loop the socket in the repository causes", async () => {
    const t = io(repo());
    expect(await main(["--context", ".", "etc/systemd/system/asterisk.service", "-f", "json"], t.io)).toBe(1);
    const ids = JSON.parse(t.out()).findings.map((f: Finding) => f.ruleId);
    expect(ids).toContain("execstop-cli-loop");
  });

  test("a PATH outside DIR, or with --root, is an error", async () => {
    const r = repo();
    let t = io(r);
    expect(await main(["--context", "etc/systemd", "/etc/hostname"], t.io)).toBe(2);
    expect(t.err()).toContain("not inside the --context directory");
    t = io(r);
    expect(await main(["--context", ".", "--root", "."], t.io)).toBe(2);
  });
});

describe("each finding links its documentation", () => {
  test("json: every rule id, including syntax-error, unknown-rule-in-directive and internal-error, gets its docs url", () => {
    const ids = allRuleMetas().map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["syntax-error", "unknown-rule-in-directive", "internal-error"]));
    const out = JSON.parse(formatJson(ids.map((id) => finding(id)), ctx()));
    for (const [i, f] of out.findings.entries()) {
      expect(f.url).toBe(`https://github.com/astlint/astlint/blob/v${version()}/docs/rules/${ids[i]}.md`);
    }
    expect(ruleDocsUrl("x", "1.2.3")).toBe(`${PROJECT_URL}/blob/v1.2.3/docs/rules/x.md`);
  });

  test("json through the CLI carries url on real findings", async () => {
    const root = makeTree({ "etc/systemd/system/asterisk.service": "[Service\nType=notify\nExecStart=/usr/sbin/asterisk -f\n# astlint-disable-next-line nope\nWatchdogSec=5\n" });
    const t = io();
    await main(["--root", root, "-f", "json"], t.io);
    const findings = JSON.parse(t.out()).findings as (Finding & { url: string })[];
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.url).toBe(`${PROJECT_URL}/blob/v${version()}/docs/rules/${f.ruleId}.md`);
  });

  test("sarif: helpUri for every rule; security-severity from meta.security by default severity", () => {
    const security = ALL_RULES.filter((r) => r.meta.security).map((r) => r.meta);
    expect(security.map((m) => m.id)).toEqual(expect.arrayContaining(["unfirewalled-activation-port", "local-ami-activation"]));
    const doc = JSON.parse(sarif(allRuleMetas().map((m) => finding(m.id, m.severity)), ctx({ homepage: PROJECT_URL })));
    const score = { error: "8.0", warning: "5.0", info: "2.0" } as const;
    for (const d of doc.runs[0].tool.driver.rules) {
      expect(d.helpUri).toBe(`${PROJECT_URL}/blob/v${version()}/docs/rules/${d.id}.md`);
      const meta = security.find((m) => m.id === d.id);
      if (meta) expect(d.properties).toEqual({ tags: ["security"], "security-severity": score[meta.severity] });
      else expect(d.properties?.["security-severity"]).toBeUndefined();
    }
  });

  test("stylish says once per run how to read more", () => {
    const text = stylish([finding("execstop-cli-loop"), finding("run-path-mismatch")], ctx());
    expect(text.match(/astlint --explain/g)).toHaveLength(2); // "RULE" and the example, one line
    expect(text.split("\n").filter((l) => l.includes("--explain"))).toHaveLength(1);
    expect(stylish([], ctx())).not.toContain("--explain");
  });
});

describe("small things users hit", () => {
  test("TERM=dumb means no colour unless asked for", () => {
    expect(useColor({}, { env: { TERM: "dumb" }, isTTY: true })).toBe(false);
    expect(useColor({}, { env: { TERM: "xterm" }, isTTY: true })).toBe(true);
    expect(useColor({ color: true }, { env: { TERM: "dumb" }, isTTY: true })).toBe(true);
  });

  test("an unknown option or --rule id suggests the closest one", async () => {
    let t = io();
    expect(await main(["--all-unit"], t.io)).toBe(2);
    expect(t.err()).toContain('did you mean "--all-units"?');
    t = io();
    expect(await main(["--rule", "execstop-cli-lop=off", "/nonexistent"], t.io)).toBe(2);
    expect(t.err()).toContain('did you mean "execstop-cli-loop"?');
    t = io();
    expect(await main(["--explain", "socket-acept"], t.io)).toBe(2);
    expect(t.err()).toContain('did you mean "socket-accept"?');
  });
});

describe("--explain covers every id a finding can carry", () => {
  test("rules, suppression-comment rules and internal-error print their page", async () => {
    for (const m of allRuleMetas()) {
      const t = io();
      expect(await main(["--explain", m.id], t.io)).toBe(0);
      expect(t.out().startsWith(`# ${m.id}\n`)).toBe(true);
    }
  });
});

describe("--list-rules --format json", () => {
  test("each rule with its docs url, security flag and upstream references", async () => {
    const t = io();
    expect(await main(["--list-rules", "--format", "json"], t.io)).toBe(0);
    const rows = JSON.parse(t.out()) as { id: string; url: string; security: boolean; references: string[] }[];
    expect(rows.map((r) => r.id)).toEqual(allRuleMetas().map((m) => m.id));
    for (const r of rows) expect(r.url).toBe(`${PROJECT_URL}/blob/v${version()}/docs/rules/${r.id}.md`);
    expect(rows.find((r) => r.id === "unfirewalled-activation-port")!.security).toBe(true);
    expect(rows.find((r) => r.id === "execstop-cli-loop")!.references.join(" ")).toMatch(/Asterisk/);
    expect(rows.flatMap((r) => r.references).join(" ")).not.toMatch(/\bF-[A-Z]+-\d/);
  });
});
