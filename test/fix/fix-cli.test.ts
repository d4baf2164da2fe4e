/**
 * --fix, --unsafe-fixes, --diff and --fix-vendor through main(): what is written (and what is
 * not), the diff, exit codes, standard input, drop-ins for vendor units, CRLF files, JSON and
 * SARIF fixes.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { main, type Io } from "../../src/cli/main.js";
import { makeTree, REPO } from "../helpers.js";
import { nodeBackend } from "../../src/io/fs.js";
import { certainName } from "../../src/fix/asterisk-fix.js";

function io(cwd = REPO, extra: Partial<Io> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd, ...extra };
  return { io: value, out: () => out.join(""), err: () => err.join("") };
}

const read = (root: string, p: string) => fs.readFileSync(path.join(root, p), "utf8");

const WATCHDOG = "# keep this comment\n[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n\nWatchdogSec=30s\nRestart=always\n";
const LOOP_SERVICE = "[Unit]\nDescription=Asterisk\n\n[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\nExecStop=/usr/sbin/asterisk -rx 'core stop now'\nWatchdogSec=30\n";
const CLI_SOCKET = "[Socket]\nService=asterisk.service\nListenStream=/run/asterisk/asterisk.ctl\nSocketMode=0660\n";
const AST_CONF = "[directories]\nastrundir => /run/asterisk\n";

describe("options", () => {
  test("--unsafe-fixes and --fix-vendor without --fix are usage errors; a bad --fix-vendor too", async () => {
    let t = io();
    expect(await main(["--unsafe-fixes", "x"], t.io)).toBe(2);
    expect(t.err()).toContain("--unsafe-fixes only works with --fix");
    t = io();
    expect(await main(["--fix-vendor", "drop-in", "x"], t.io)).toBe(2);
    t = io();
    expect(await main(["--fix", "--fix-vendor", "sideways", "x"], t.io)).toBe(2);
    expect(t.err()).toContain("drop-in or in-place");
  });

  test("--fix-vendor drop-in on a repository is refused (exit 2): its drop-ins would land in the host's /etc", async () => {
    const repo = makeTree({ "units/x.service": "[Service]\nExecStart=/usr/bin/x\nPIDFile=/var/run/x.pid\n" });
    const t = io(repo);
    expect(await main(["units", "--fix", "--fix-vendor", "drop-in"], t.io)).toBe(2);
    expect(t.err()).toContain("needs a root");
    expect(read(repo, "units/x.service")).toContain("/var/run/x.pid");
  });

  test("--list-rules says which rules fix and in which class", async () => {
    const t = io();
    expect(await main(["--list-rules", "--format", "json"], t.io)).toBe(0);
    const rules = JSON.parse(t.out()) as { id: string; fixable: string | null }[];
    const of = (id: string) => rules.find((r) => r.id === id)!.fixable;
    expect(of("asterisk-watchdog")).toBe("safe");
    expect(of("service-type-notify")).toBe("unsafe");
    expect(of("socket-not-enableable")).toBeNull();
    const t2 = io();
    await main(["--list-rules"], t2.io);
    expect(t2.out()).toMatch(/asterisk-watchdog +error +fix /);
    expect(t2.out()).toMatch(/service-type-notify +warning +unsafe /);
  });
});

describe("--fix in place (--root)", () => {
  test("applies the safe fix, keeps every other byte, reports what is left, and a second --fix changes nothing", async () => {
    const root = makeTree({ "etc/systemd/system/asterisk.service": WATCHDOG });
    const t = io();
    expect(await main(["--root", root, "--fix", "--format", "json"], t.io)).toBe(0);
    expect(read(root, "etc/systemd/system/asterisk.service")).toBe(WATCHDOG.replace("WatchdogSec=30s\n", ""));
    const j = JSON.parse(t.out());
    expect(j.findings.filter((f: { ruleId: string }) => f.ruleId === "asterisk-watchdog")).toEqual([]);
    expect(t.err()).toContain("fixed 1 file");
    expect(t.err()).not.toContain("daemon-reload"); // not the host
    const before = read(root, "etc/systemd/system/asterisk.service");
    const t2 = io();
    await main(["--root", root, "--fix"], t2.io);
    expect(read(root, "etc/systemd/system/asterisk.service")).toBe(before);
  });

  test("unsafe fixes only with --unsafe-fixes; the exit code follows what is left", async () => {
    const svc = "[Service]\nType=forking\nExecStart=/usr/sbin/asterisk\nPIDFile=/run/asterisk/asterisk.pid\n";
    const root = makeTree({ "etc/systemd/system/asterisk.service": svc });
    let t = io();
    await main(["--root", root, "--fix"], t.io);
    expect(read(root, "etc/systemd/system/asterisk.service")).toBe(svc);
    t = io();
    expect(await main(["--root", root, "--fix", "--unsafe-fixes", "--format", "json"], t.io)).toBe(0);
    expect(read(root, "etc/systemd/system/asterisk.service")).toBe("[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n");
    expect(JSON.parse(t.out()).findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain("service-type-notify");
  });

  test("a rename that switches on an invalid value is unsafe, and the fix reveals the invalid value as usual", async () => {
    const svc = "[Service]\nExecStart=/usr/bin/x\nRestrat=sometimes\n";
    const root = makeTree({ "etc/systemd/system/x.service": svc });
    await main(["--root", root, "--fix"], io().io);
    expect(read(root, "etc/systemd/system/x.service")).toBe(svc);
    const t = io();
    expect(await main(["--root", root, "--fix", "--unsafe-fixes", "-f", "json"], t.io)).toBe(1);
    expect(read(root, "etc/systemd/system/x.service")).toBe(svc.replace("Restrat", "Restart"));
    const left = JSON.parse(t.out()).findings.map((f: { ruleId: string; message: string }) => `${f.ruleId}: ${f.message}`);
    expect(left.some((l: string) => l.startsWith("invalid-value:") && l.includes("sometimes"))).toBe(true);
  });

  test("CRLF files keep their line endings, comments and blank lines", async () => {
    const crlf = "; comment\r\n[Unit]\r\nDescription=x\r\n\r\n[Service]\r\nExecStart=/usr/bin/x\r\nPIDFile=/var/run/x.pid\r\nStandardOutput=syslog\r\n";
    const root = makeTree({ "etc/systemd/system/x.service": crlf });
    await main(["--root", root, "--fix"], io().io);
    expect(read(root, "etc/systemd/system/x.service")).toBe(crlf.replace("/var/run/x.pid", "/run/x.pid").replace("=syslog", "=journal"));
  });

  test("a moved key goes into its section with the file's line ending; a file without a final newline", async () => {
    const svc = "[Unit]\r\nDescription=x\r\n\r\n[Service]\r\nExecStart=/usr/bin/x\r\nStartLimitBurst=5";
    const root = makeTree({ "etc/systemd/system/x.service": svc });
    await main(["--root", root, "--fix", "--systemd-version", "252"], io().io);
    // The moved last line had no terminator; the line before it keeps its own.
    expect(read(root, "etc/systemd/system/x.service")).toBe("[Unit]\r\nDescription=x\r\nStartLimitBurst=5\r\n\r\n[Service]\r\nExecStart=/usr/bin/x\r\n");
  });

  test("deleting a last line without a terminator: the diff removes that line only", async () => {
    const svc = "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\nWatchdogSec=30";
    const root = makeTree({ "etc/systemd/system/asterisk.service": svc });
    const t = io(root);
    expect(await main(["--root", ".", "--diff"], t.io)).toBe(1);
    const lines = t.out().split("\n").filter((l) => /^[-+][^-+]/.test(l));
    expect(lines).toEqual(["-WatchdogSec=30"]);
    expect(t.out()).toContain("\\ No newline at end of file");
    await main(["--root", ".", "--fix"], io(root).io);
    expect(read(root, "etc/systemd/system/asterisk.service")).toBe("[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n");
  });

  test("invalid UTF-8 files get no fix", async () => {
    const root = makeTree({});
    const p = path.join(root, "etc/systemd/system/x.service");
    fs.mkdirSync(path.dirname(p), { recursive: true });
    const bytes = Buffer.concat([Buffer.from("[Unit]\nDescription=caf"), Buffer.from([0xe9]), Buffer.from("\n[Service]\nExecStart=/usr/bin/x\nPIDFile=/var/run/x.pid\n")]);
    fs.writeFileSync(p, bytes);
    const t = io();
    await main(["--root", root, "--format", "json"], t.io);
    const j = JSON.parse(t.out());
    expect(j.findings.some((f: { ruleId: string }) => f.ruleId === "legacy-var-run-path")).toBe(true);
    expect(j.findings.every((f: { fix?: unknown }) => f.fix === undefined)).toBe(true);
    await main(["--root", root, "--fix"], io().io);
    expect(fs.readFileSync(p).equals(bytes)).toBe(true);
  });
});

describe("repository mode and suggestions", () => {
  test("a repository is fixed in place; suggestions are listed in JSON and never applied", async () => {
    const repo = makeTree({
      "units/asterisk.service": "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n",
      "units/asterisk-cli.socket": "[Socket]\nService=asterisk.service\nListenStream=/run/asterisk/asterisk.ctl\nSocketMode=0666\n",
      "units/asterisk.conf": AST_CONF,
    });
    const t = io(repo);
    await main(["units", "-f", "json"], t.io);
    const f = JSON.parse(t.out()).findings.find((x: { ruleId: string }) => x.ruleId === "cli-socket-permissions");
    expect(f.fix.safe).toBe(true);
    expect(f.suggestions).toHaveLength(1);
    expect(f.suggestions[0].safe).toBe(false);
    expect(f.suggestions[0].description).toContain("SocketUser=");
    const t2 = io(repo);
    await main(["units", "--fix", "--unsafe-fixes"], t2.io);
    expect(read(repo, "units/asterisk-cli.socket")).toBe("[Socket]\nService=asterisk.service\nListenStream=/run/asterisk/asterisk.ctl\nSocketMode=0660\n");
  });
});

describe("Asterisk schema fixes", () => {
  test("a did-you-mean with one close option is renamed under --unsafe-fixes only; a tie gets no fix", async () => {
    const manager = "; AMI\n[general]\nenabled = yes\nbindadr = 127.0.0.1\n";
    const root = makeTree({
      "etc/systemd/system/asterisk.service": "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n",
      "etc/asterisk/asterisk.conf": AST_CONF,
      "etc/asterisk/manager.conf": manager,
    });
    await main(["--root", root, "--asterisk-version", "22", "--fix"], io().io);
    expect(read(root, "etc/asterisk/manager.conf")).toBe(manager);
    const t = io();
    await main(["--root", root, "--asterisk-version", "22", "--fix", "--unsafe-fixes", "-f", "json"], t.io);
    expect(read(root, "etc/asterisk/manager.conf")).toBe(manager.replace("bindadr", "bindaddr"));
    expect(JSON.parse(t.out()).findings.filter((f: { ruleId: string }) => f.ruleId === "asterisk-unknown-option")).toEqual([]);
  });

  test("certainName refuses ties", () => {
    expect(certainName("bindadr", "bindaddr", ["bindaddr", "port"])).toBe("bindaddr");
    expect(certainName("cat", "bat", ["bat", "hat"])).toBeNull();
  });
});

describe("never lose data", () => {
  test("a file that changed since it was read is not written (one line), the others are, exit 2", async () => {
    const root = makeTree({
      "etc/systemd/system/a.service": "[Service]\nExecStart=/usr/bin/a\nPIDFile=/var/run/a.pid\n",
      "etc/systemd/system/b.service": "[Service]\nExecStart=/usr/bin/b\nPIDFile=/var/run/b.pid\n",
    });
    const a = path.join(root, "etc/systemd/system/a.service");
    // What astlint reads of a.service is not what is on disk when it writes: someone edited it meanwhile.
    const backend = {
      lstat: (p: string) => nodeBackend.lstat(p),
      readlink: (p: string) => nodeBackend.readlink(p),
      readdir: (p: string) => nodeBackend.readdir(p),
      readFile: (p: string, max: number) => (p === a ? new TextEncoder().encode("[Service]\nExecStart=/usr/bin/a\nPIDFile=/var/run/old.pid\n") : nodeBackend.readFile(p, max)),
    };
    const t = io(REPO, { fsBackend: backend });
    expect(await main(["--root", root, "--fix"], t.io)).toBe(2);
    expect(read(root, "etc/systemd/system/a.service")).toBe("[Service]\nExecStart=/usr/bin/a\nPIDFile=/var/run/a.pid\n");
    expect(read(root, "etc/systemd/system/b.service")).toBe("[Service]\nExecStart=/usr/bin/b\nPIDFile=/run/b.pid\n");
    expect(t.err().split("\n").filter((l) => l.includes("a.service"))).toEqual([`astlint: not writing ${a}: it changed since astlint read it`]);
  });

  test("a unit reached through a symbolic link is fixed in its target; the link stays", async () => {
    const root = makeTree({
      "opt/units/x.service": "[Service]\nExecStart=/usr/bin/x\nPIDFile=/var/run/x.pid\n",
      "etc/systemd/system/x.service": "-> /opt/units/x.service",
    });
    await main(["--root", root, "--fix"], io().io);
    expect(fs.lstatSync(path.join(root, "etc/systemd/system/x.service")).isSymbolicLink()).toBe(true);
    expect(read(root, "opt/units/x.service")).toBe("[Service]\nExecStart=/usr/bin/x\nPIDFile=/run/x.pid\n");
  });
});

describe("stylish", () => {
  test("the summary says how many problems --fix (and --unsafe-fixes) would fix", async () => {
    const root = makeTree({ "etc/systemd/system/asterisk.service": "[Service]\nType=simple\nExecStart=/usr/sbin/asterisk -f\nWatchdogSec=5\n" });
    const t = io();
    await main(["--root", root], t.io);
    expect(t.out()).toContain("1 problem fixable with --fix, 1 more with --fix --unsafe-fixes (--diff shows the changes)");
  });
});

describe("--diff", () => {
  test("prints a unified diff with paths as in findings, writes nothing, exit 1; empty diff exit 0", async () => {
    const root = makeTree({ "etc/systemd/system/asterisk.service": WATCHDOG });
    const t = io();
    expect(await main(["--root", root, "--diff", "--format", "json"], t.io)).toBe(1);
    const file = path.join(root, "etc/systemd/system/asterisk.service");
    expect(t.out()).toBe(`--- ${file}\n+++ ${file}\n@@ -3,5 +3,4 @@\n Type=notify\n ExecStart=/usr/sbin/asterisk -f\n \n-WatchdogSec=30s\n Restart=always\n`);
    expect(read(root, "etc/systemd/system/asterisk.service")).toBe(WATCHDOG);
    const clean = makeTree({ "etc/systemd/system/asterisk.service": "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n" });
    const t2 = io();
    expect(await main(["--root", clean, "--diff"], t2.io)).toBe(0);
    expect(t2.out()).toBe("");
  });

  test("a file the fix creates is a /dev/null hunk; fatal errors exit 2", async () => {
    const root = makeTree({ "usr/lib/systemd/system/asterisk.service": WATCHDOG });
    const t = io();
    expect(await main(["--root", root, "--all-units", "--diff", "--fix-vendor", "drop-in"], t.io)).toBe(1);
    const p = path.join(root, "etc/systemd/system/asterisk.service.d/override.conf");
    expect(t.out()).toBe(`--- /dev/null\n+++ ${p}\n@@ -0,0 +1,2 @@\n+[Service]\n+WatchdogSec=0\n`);
    expect(fs.existsSync(p)).toBe(false);
    expect(await main(["--root", "/no/such/root", "--diff"], io().io)).toBe(2);
  });
});

describe("--fix-vendor drop-in (the host layout under --root)", () => {
  const vendor = "usr/lib/systemd/system/asterisk.service";
  const tree = (extra: Record<string, string> = {}) =>
    makeTree({
      [vendor]: LOOP_SERVICE,
      "usr/lib/systemd/system/asterisk-cli.socket": CLI_SOCKET,
      "etc/asterisk/asterisk.conf": AST_CONF,
      ...extra,
    });

  test("vendor units are never edited: override.conf gets the resets (empty ExecStop=)", async () => {
    const root = tree();
    const t = io();
    await main(["--root", root, "--fix", "--fix-vendor", "drop-in", "--format", "json"], t.io);
    expect(read(root, vendor)).toBe(LOOP_SERVICE);
    expect(read(root, "etc/systemd/system/asterisk.service.d/override.conf")).toBe("[Service]\nExecStop=\nWatchdogSec=0\n");
    const left = JSON.parse(t.out()).findings.map((f: { ruleId: string }) => f.ruleId);
    expect(left).not.toContain("execstop-cli-loop");
    expect(left).not.toContain("asterisk-watchdog");
  });

  test("merges into an existing override.conf, replacing its own assignment of the key", async () => {
    const existing = "# mine\n[Unit]\nDescription=PBX\n\n[Service]\nWatchdogSec=10\nNice=-5\n";
    const root = tree({ "etc/systemd/system/asterisk.service.d/override.conf": existing });
    await main(["--root", root, "--fix", "--fix-vendor", "drop-in"], io().io);
    expect(read(root, vendor)).toBe(LOOP_SERVICE);
    const got = read(root, "etc/systemd/system/asterisk.service.d/override.conf");
    // The admin's WatchdogSec=10 is replaced (not kept next to the new value); the vendor's 30 stays overridden.
    expect(got).toBe("# mine\n[Unit]\nDescription=PBX\n\n[Service]\nNice=-5\nWatchdogSec=0\nExecStop=\n");
  });

  test("a later vendor drop-in that sets the key again: no fix, and the finding says why", async () => {
    const root = tree({ "usr/lib/systemd/system/asterisk.service.d/zz-watchdog.conf": "[Service]\nWatchdogSec=20\n" });
    const t = io();
    await main(["--root", root, "--format", "json", "--fix-vendor", "drop-in", "--fix"], t.io);
    const f = JSON.parse(t.out()).findings.find((x: { ruleId: string }) => x.ruleId === "asterisk-watchdog");
    expect(f.fix).toBeUndefined();
    expect(f.notes.join("\n")).toMatch(/would be shadowed by .*zz-watchdog\.conf/);
  });

  test("on the host (injected) drop-in is the default, and astlint says what to reload", async () => {
    const root = tree({ "etc/asterisk/manager.conf": "[general]\nenabled = yes\n" });
    const t = io(REPO, { assumeHost: true });
    await main(["--root", root, "--fix"], t.io);
    expect(read(root, vendor)).toBe(LOOP_SERVICE);
    expect(fs.existsSync(path.join(root, "etc/systemd/system/asterisk.service.d/override.conf"))).toBe(true);
    expect(t.err()).toContain("run `systemctl daemon-reload`");
    expect(t.err()).not.toContain("core reload"); // no Asterisk config changed
    const t2 = io(REPO, { assumeHost: true });
    await main(["--root", root, "--fix"], t2.io);
    expect(t2.err()).toBe("");
  });

  test("a fixed Asterisk config on the host: astlint says to reload Asterisk", async () => {
    const root = makeTree({
      "etc/systemd/system/asterisk.service": "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\n",
      "etc/systemd/system/asterisk-cli.socket": CLI_SOCKET,
      "etc/asterisk/asterisk.conf": AST_CONF + "\n[files]\nastctlpermissions = 0660\n",
    });
    const t = io(REPO, { assumeHost: true });
    await main(["--root", root, "--fix"], t.io);
    expect(read(root, "etc/asterisk/asterisk.conf")).toBe(AST_CONF + "\n[files]\n");
    expect(t.err()).toContain("asterisk -rx 'core reload'");
    expect(t.err()).not.toContain("daemon-reload");
  });

  test("an admin drop-in sorting after override.conf that sets the key again is edited too", async () => {
    const later = "[Service]\nNice=-5\nWatchdogSec=20\n";
    const root = tree({ "etc/systemd/system/asterisk.service.d/zz-local.conf": later });
    await main(["--root", root, "--fix", "--fix-vendor", "drop-in"], io().io);
    expect(read(root, vendor)).toBe(LOOP_SERVICE);
    expect(read(root, "etc/systemd/system/asterisk.service.d/zz-local.conf")).toBe("[Service]\nNice=-5\n");
    expect(read(root, "etc/systemd/system/asterisk.service.d/override.conf")).toContain("WatchdogSec=0\n");
  });

  test("unsafe fixes of a vendor unit: Type=, ExecStart= (reset, then the new line) and PIDFile= in the drop-in", async () => {
    const forking = "[Service]\nType=forking\nExecStart=/usr/sbin/asterisk -g\nPIDFile=/run/asterisk/asterisk.pid\n";
    const root = makeTree({ [vendor]: forking, "etc/asterisk/asterisk.conf": AST_CONF });
    await main(["--root", root, "--fix", "--unsafe-fixes", "--fix-vendor", "drop-in"], io().io);
    expect(read(root, vendor)).toBe(forking);
    expect(read(root, "etc/systemd/system/asterisk.service.d/override.conf")).toBe("[Service]\nType=notify\nExecStart=\nExecStart=/usr/sbin/asterisk -f -g\nPIDFile=\n");
  });

  test("a value fix in a vendor unit: the list is reset in the drop-in and its entries added back", async () => {
    const socket = "[Socket]\nService=asterisk.service\nListenStream=/var/run/asterisk/asterisk.ctl\nListenStream=127.0.0.1:5038\nSocketMode=0660\n";
    const root = tree({ "usr/lib/systemd/system/asterisk-cli.socket": socket });
    await main(["--root", root, "--fix", "--fix-vendor", "drop-in"], io().io);
    expect(read(root, "usr/lib/systemd/system/asterisk-cli.socket")).toBe(socket);
    expect(read(root, "etc/systemd/system/asterisk-cli.socket.d/override.conf")).toBe("[Socket]\nListenStream=\nListenStream=/run/asterisk/asterisk.ctl\nListenStream=127.0.0.1:5038\n");
  });

  test("--root defaults to in place", async () => {
    const root = tree();
    await main(["--root", root, "--fix"], io().io);
    expect(read(root, vendor)).toBe(LOOP_SERVICE.replace("ExecStop=/usr/sbin/asterisk -rx 'core stop now'\n", "").replace("WatchdogSec=30\n", ""));
    expect(fs.existsSync(path.join(root, "etc/systemd/system/asterisk.service.d"))).toBe(false);
  });
});

describe("standard input, -o, JSON and SARIF", () => {
  test("--fix with - prints the fixed text; the report goes to -o (or standard error)", async () => {
    const dir = makeTree({});
    const report = path.join(dir, "report.json");
    const t = io(dir, { readStdin: () => new TextEncoder().encode(WATCHDOG) });
    expect(await main(["-", "--stdin-filename", "asterisk.service", "--fix", "-f", "json", "-o", report], t.io)).toBe(0);
    expect(t.out()).toBe(WATCHDOG.replace("WatchdogSec=30s\n", ""));
    expect(JSON.parse(fs.readFileSync(report, "utf8")).findings.some((f: { ruleId: string }) => f.ruleId === "asterisk-watchdog")).toBe(false);
    const j = io(dir, { readStdin: () => new TextEncoder().encode(WATCHDOG) });
    await main(["-", "--stdin-filename", "asterisk.service", "-f", "json"], j.io);
    const f = JSON.parse(j.out()).findings.find((x: { ruleId: string }) => x.ruleId === "asterisk-watchdog");
    expect(f.fix.edits[0].file).toBe("asterisk.service");
    const t2 = io(dir, { readStdin: () => new TextEncoder().encode(WATCHDOG) });
    await main(["-", "--stdin-filename", "asterisk.service", "--diff"], t2.io);
    expect(t2.out()).toContain("--- asterisk.service\n+++ asterisk.service\n");
    expect(t2.out()).toContain("-WatchdogSec=30s\n");
  });

  test("JSON fix objects are in the finding's coordinates; SARIF results carry fixes", async () => {
    const root = makeTree({ "etc/systemd/system/asterisk.service": WATCHDOG });
    const t = io();
    await main(["--root", root, "-f", "json"], t.io);
    const f = JSON.parse(t.out()).findings.find((x: { ruleId: string }) => x.ruleId === "asterisk-watchdog");
    expect(f.fix).toEqual({
      safe: true,
      description: expect.stringContaining("WatchdogSec"),
      edits: [{ file: path.join(root, "etc/systemd/system/asterisk.service"), line: 6, column: 1, endLine: 7, endColumn: 1, text: "" }],
    });
    const s = io();
    await main(["--root", root, "-f", "sarif"], s.io);
    const result = JSON.parse(s.out()).runs[0].results.find((r: { ruleId: string }) => r.ruleId === "asterisk-watchdog");
    expect(result.fixes[0].artifactChanges[0].replacements[0]).toEqual({
      deletedRegion: { startLine: 6, startColumn: 1, endLine: 7, endColumn: 1 },
      insertedContent: { text: "" },
    });
  });
});
