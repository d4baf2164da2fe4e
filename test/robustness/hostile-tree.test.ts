/**
 * A hostile tree, built at test time (nothing binary is committed): FIFOs and sockets named like
 * units, dangling symlinks, symlink loops, a directory cycle and a very deep tree in a walked
 * repository, binary / invalid UTF-8 / mid-file BOM / CR-only units, a 2 MiB line, a file over
 * the size cap, Asterisk configs with an include cycle, an include chain deeper than 10, a glob
 * matching 3000 files and an include pointing outside the root (with a decoy on the host),
 * files that fail with EACCES and EIO through an injected FsBackend.
 *
 * astlint must finish in seconds, never open a FIFO/socket or an over-size file, report each
 * problem once as a finding with a file and a line, keep linting the good files, and follow
 * the exit-code contract (0/1 by findings, 2 only for usage and fatal errors).
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { Finding } from "../../src/core/types.js";
import { lint, type LintResult } from "../../src/lint.js";
import { main, type Io } from "../../src/cli/main.js";
import { MAX_FILE_BYTES, nodeBackend, RootFs, type FsBackend } from "../../src/io/fs.js";
import { parseUnitFile } from "../../src/parser/unit-parser.js";
import { ALL_RULES } from "../../src/rules/index.js";
import { cpuNow } from "../cost.js"; // CPU seconds: a busy machine does not inflate them

const SYSTEMD = "etc/systemd/system";

/** An FsBackend that fails chosen operations on chosen host paths and logs every call. */
class FailingBackend implements FsBackend {
  readonly calls: { op: string; path: string }[] = [];
  constructor(private readonly failures: { op: "lstat" | "readlink" | "readdir" | "readFile"; path: string; code: "EACCES" | "EIO" }[]) {}
  private check(op: string, p: string) {
    this.calls.push({ op, path: p });
    const f = this.failures.find((x) => x.op === op && x.path === p);
    if (f) throw Object.assign(new Error(`${f.code}: simulated, ${op} '${p}'`), { code: f.code });
  }
  lstat(p: string) {
    this.check("lstat", p);
    return nodeBackend.lstat(p);
  }
  readlink(p: string) {
    this.check("readlink", p);
    return nodeBackend.readlink(p);
  }
  readdir(p: string) {
    this.check("readdir", p);
    return nodeBackend.readdir(p);
  }
  readFile(p: string, max: number) {
    this.check("readFile", p);
    return nodeBackend.readFile(p, max);
  }
  touched(p: string): string[] {
    return this.calls.filter((c) => c.path === p).map((c) => c.op);
  }
}

function write(root: string, rel: string, content: string | Uint8Array) {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

function symlink(root: string, rel: string, target: string) {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.symlinkSync(target, p);
}

/** Deterministic pseudo-random bytes (xorshift), so the binary unit is the same on every run. */
function pseudoRandomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function rel(root: string, f: string): string {
  const prefix = root.endsWith("/") ? root : root + "/";
  return f.startsWith(prefix) ? f.slice(prefix.length) : f;
}

function summary(findings: Finding[], root: string): string[] {
  return findings.map((f) => `${f.ruleId} ${f.severity} ${rel(root, f.file)}:${f.line}`);
}

function io(cwd: string, out: string[] = [], err: string[] = [], extra: Partial<Io> = {}): Io {
  return { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), isTTY: false, env: {}, cwd, ...extra };
}

const hasSyntaxRule = ALL_RULES.some((r) => r.meta.id === "syntax-error");

let tmp: string;
let root: string;
let repo: string;
let decoy: string;
let sockServer: net.Server;
let backend: FailingBackend;
let result: LintResult;
let seconds: number;
const LONG_LINE = 2 * 1024 * 1024;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-hostile-"));
  root = path.join(tmp, "root");
  repo = path.join(tmp, "repo");
  const rnd = path.basename(tmp);
  // A decoy at an absolute host path that an Asterisk config names: it must never be read.
  decoy = path.join(os.tmpdir(), `${rnd}-decoy.conf`);
  fs.writeFileSync(decoy, "[decoy]\nsecret = from-the-host\n");

  // ---- systemd units -------------------------------------------------------------------
  // One real finding elsewhere in the tree: a socket whose service does not exist.
  write(root, `${SYSTEMD}/orphan.socket`, "[Unit]\nDescription=orphan\n\n[Socket]\nListenStream=127.0.0.1:7001\nService=nothere.service\n\n[Install]\nWantedBy=sockets.target\n");
  // A good pair: no finding.
  write(root, `${SYSTEMD}/good.socket`, "[Socket]\nListenStream=127.0.0.1:7002\n\n[Install]\nWantedBy=sockets.target\n");
  write(root, `${SYSTEMD}/good.service`, "[Service]\nExecStart=/usr/bin/true\n");
  // Not regular files: a FIFO and a UNIX socket named like units, a FIFO drop-in.
  execFileSync("mkfifo", [path.join(root, SYSTEMD, "fifo.service")]);
  fs.mkdirSync(path.join(root, SYSTEMD, "good.service.d"), { recursive: true });
  execFileSync("mkfifo", [path.join(root, SYSTEMD, "good.service.d", "fifo.conf")]);
  sockServer = net.createServer();
  await new Promise<void>((resolve) => sockServer.listen(path.join(root, SYSTEMD, "sock.service"), resolve));
  // Links: dangling, and a loop of two.
  symlink(root, `${SYSTEMD}/dangling.service`, "/nonexistent/dangling.service");
  symlink(root, `${SYSTEMD}/a.service`, "b.service");
  symlink(root, `${SYSTEMD}/b.service`, "a.service");
  // A directory cycle in a unit directory (root mode lists, it does not walk).
  symlink(root, `${SYSTEMD}/loop`, "..");
  // Content: binary, invalid UTF-8, a BOM in the middle, CR-only line ends, a 2 MiB line.
  write(root, `${SYSTEMD}/binary.service`, pseudoRandomBytes(4096, 0x5eed));
  write(root, `${SYSTEMD}/nul.service`, "[Service]\nExecStart=/usr/bin/true\0garbage\n\0\0\0\n");
  write(root, `${SYSTEMD}/badutf8.service`, Buffer.concat([Buffer.from("[Unit]\nDescription=ok\n[Service]\nExecStart=/usr/bin/echo "), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from("\n")]));
  write(root, `${SYSTEMD}/bom.service`, "\uFEFF[Unit]\nDescription=bom\n\uFEFF[Service]\nExecStart=/usr/bin/true\n");
  write(root, `${SYSTEMD}/cr.socket`, "[Socket]\rListenStream=127.0.0.1:7003\r\r[Install]\rWantedBy=sockets.target\r");
  write(root, `${SYSTEMD}/cr.service`, "[Unit]\rDescription=cr only\r[Service]\rExecStart=/usr/bin/true\r");
  write(root, `${SYSTEMD}/longline.service`, "[Service]\nExecStart=/usr/bin/echo " + "A".repeat(LONG_LINE) + "\n");
  // Over the size cap: a sparse file (no 5 MiB written), never read.
  fs.closeSync(fs.openSync(path.join(root, SYSTEMD, "huge.service"), "w"));
  fs.truncateSync(path.join(root, SYSTEMD, "huge.service"), MAX_FILE_BYTES + 1024 * 1024);
  // Unreadable through the injected backend.
  write(root, `${SYSTEMD}/eacces.service`, "[Service]\nExecStart=/usr/bin/true\n");
  write(root, `${SYSTEMD}/eio.service`, "[Service]\nExecStart=/usr/bin/true\n");
  write(root, `${SYSTEMD}/eio-stat.service`, "[Service]\nExecStart=/usr/bin/true\n");
  write(root, `usr/local/lib/systemd/system/hidden.service`, "[Service]\nExecStart=/usr/bin/true\n");

  // ---- Asterisk configs (/etc/asterisk: loaded because no service runs Asterisk) ---------
  const ast = "etc/asterisk";
  // An include cycle: a -> b -> a -> ... until Asterisk's depth limit.
  write(root, `${ast}/asterisk.conf`, "[directories]\nastetcdir => /etc/asterisk\n#include cycle-a.conf\n");
  write(root, `${ast}/cycle-a.conf`, "; a\n#include cycle-b.conf\n");
  write(root, `${ast}/cycle-b.conf`, "; b\n#include cycle-a.conf\n");
  // A glob matching 3000 files, and an include that fails with EACCES.
  write(root, `${ast}/manager.conf`, "[general]\nenabled = yes\nport = 5038\n#include many/*.conf\n#include secret.conf\n");
  for (let i = 0; i < 3000; i++) write(root, `${ast}/many/m${String(i).padStart(4, "0")}.conf`, `[user${i}]\nsecret = s${i}\n`);
  write(root, `${ast}/secret.conf`, "[admin]\nsecret = x\n");
  // An include chain deeper than 10.
  write(root, `${ast}/http.conf`, "[general]\nenabled = yes\n#include deep/d1.conf\n");
  for (let i = 1; i <= 12; i++) write(root, `${ast}/deep/d${i}.conf`, `; level ${i}\n#include deep/d${i + 1}.conf\n`);
  // Includes pointing outside the root: resolved under the root, never on the host.
  write(root, `${ast}/pjsip.conf`, `[global]\ntype = global\n#tryinclude ../../../../../../../..${decoy}\n#include ${decoy}\n`);

  // ---- A walked repository: a directory cycle, a very deep tree, one real finding --------
  write(repo, `${SYSTEMD}/real.socket`, "[Socket]\nListenStream=127.0.0.1:7010\nService=missing.service\n");
  symlink(repo, `${SYSTEMD}/loop`, "..");
  symlink(repo, `${SYSTEMD}/self`, "self");
  write(repo, "locked/hidden.socket", "[Socket]\nListenStream=127.0.0.1:7012\n");
  let deep = path.join(repo, "deep");
  for (let i = 0; i < 60; i++) deep = path.join(deep, "d");
  write(deep, "buried.socket", "[Socket]\nListenStream=127.0.0.1:7011\nService=missing-too.service\n");

  const hostRoot = (p: string) => path.join(root, p);
  backend = new FailingBackend([
    { op: "readFile", path: hostRoot(`${SYSTEMD}/eacces.service`), code: "EACCES" },
    { op: "readFile", path: hostRoot(`${SYSTEMD}/eio.service`), code: "EIO" },
    { op: "lstat", path: hostRoot(`${SYSTEMD}/eio-stat.service`), code: "EIO" },
    { op: "readdir", path: hostRoot("usr/local/lib/systemd/system"), code: "EACCES" },
    { op: "readFile", path: hostRoot(`${ast}/secret.conf`), code: "EACCES" },
  ]);
  const t0 = cpuNow();
  result = await lint({ paths: [], root, fsBackend: backend });
  seconds = (cpuNow() - t0) / 1000;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => sockServer?.close(() => resolve()));
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(decoy, { force: true });
});

const find = (ruleId: string, file: string) => result.findings.filter((f) => f.ruleId === ruleId && rel(root, f.file) === file);

describe("a hostile root", () => {
  test("is linted in seconds", () => {
    expect(seconds).toBeLessThan(30);
  });

  test("every finding points at a file and a line", () => {
    for (const f of result.findings) {
      expect(typeof f.file).toBe("string");
      expect(f.file.length).toBeGreaterThan(0);
      expect(Number.isInteger(f.line) && f.line >= 1).toBe(true);
      expect(Number.isInteger(f.column) && f.column >= 1).toBe(true);
    }
  });

  test("no internal error", () => {
    expect(result.findings.filter((f) => f.ruleId === "internal-error")).toEqual([]);
  });

  test("one bad file does not hide the findings of the good ones", () => {
    expect(summary(find("socket-service-missing", `${SYSTEMD}/orphan.socket`), root)).toEqual([`socket-service-missing error ${SYSTEMD}/orphan.socket:6`]);
    // The CR-only service loads (systemd accepts CR line ends), so its socket has a service.
    expect(find("socket-service-missing", `${SYSTEMD}/cr.socket`)).toEqual([]);
    expect(result.model.units.get("cr.service")?.get("Service", "ExecStart")?.value).toBe("/usr/bin/true");
    expect(find("socket-service-missing", `${SYSTEMD}/good.socket`)).toEqual([]);
  });

  test("a FIFO or socket named like a unit: an info finding, never opened", () => {
    for (const name of ["fifo.service", "sock.service", "good.service.d/fifo.conf"]) {
      const f = find("unreadable-file", `${SYSTEMD}/${name}`);
      expect(summary(f, root)).toEqual([`unreadable-file info ${SYSTEMD}/${name}:1`]);
      expect(f[0]!.message).toMatch(/not a regular file/);
      expect(backend.touched(path.join(root, SYSTEMD, name))).not.toContain("readFile");
    }
  });

  test("a dangling link and a symlink loop: reported once each", () => {
    expect(summary(find("unreadable-file", `${SYSTEMD}/dangling.service`), root)).toEqual([`unreadable-file warning ${SYSTEMD}/dangling.service:1`]);
    expect(find("unreadable-file", `${SYSTEMD}/dangling.service`)[0]!.message).toMatch(/dangling/);
    for (const name of ["a.service", "b.service"]) {
      const f = find("unreadable-file", `${SYSTEMD}/${name}`);
      expect(summary(f, root)).toEqual([`unreadable-file warning ${SYSTEMD}/${name}:1`]);
      expect(f[0]!.message).toMatch(/loop/);
    }
  });

  test("the directory cycle in a unit directory is not followed", () => {
    expect(result.findings.filter((f) => rel(root, f.file).startsWith(`${SYSTEMD}/loop/`))).toEqual([]);
  });

  test("a file over the size cap: a finding, and it is never read", () => {
    const f = find("unreadable-file", `${SYSTEMD}/huge.service`);
    expect(summary(f, root)).toEqual([`unreadable-file warning ${SYSTEMD}/huge.service:1`]);
    expect(f[0]!.message).toMatch(/larger than astlint's 4 MiB limit/);
    expect(backend.touched(path.join(root, SYSTEMD, "huge.service"))).not.toContain("readFile");
  });

  test("a file that grows past the cap between lstat and read is refused, not parsed truncated", () => {
    write(tmp, "grow/grow.service", "[Service]\nExecStart=/usr/bin/true\n".repeat(10));
    const lying: FsBackend = { ...nodeBackend, lstat: (p) => ({ ...nodeBackend.lstat(p), size: 10 }) };
    expect(new RootFs(path.join(tmp, "grow"), lying).read("/grow.service", 64)).toEqual({ ok: false, error: "too-large", detail: "it grew while being read" });
  });

  test("EACCES and EIO: a finding each, the run goes on", () => {
    const denied = find("unreadable-file", `${SYSTEMD}/eacces.service`);
    expect(summary(denied, root)).toEqual([`unreadable-file warning ${SYSTEMD}/eacces.service:1`]);
    expect(denied[0]!.message).toMatch(/permission denied/);
    const io = find("unreadable-file", `${SYSTEMD}/eio.service`);
    expect(summary(io, root)).toEqual([`unreadable-file warning ${SYSTEMD}/eio.service:1`]);
    expect(io[0]!.message).toMatch(/I\/O error \(EIO\)/);
    const stat = find("unreadable-file", `${SYSTEMD}/eio-stat.service`);
    expect(summary(stat, root)).toEqual([`unreadable-file warning ${SYSTEMD}/eio-stat.service:1`]);
    expect(stat[0]!.message).toMatch(/EIO/);
  });

  test("an unreadable unit directory: a finding for the directory", () => {
    const f = find("unreadable-file", "usr/local/lib/systemd/system");
    expect(summary(f, root)).toEqual(["unreadable-file warning usr/local/lib/systemd/system:1"]);
    expect(f[0]!.message).toMatch(/permission denied/);
  });

  test("binary content, invalid UTF-8, a BOM in the middle, NULs, CR-only lines: what systemd does", () => {
    const text = (name: string) => fs.readFileSync(path.join(root, SYSTEMD, name));
    // systemd refuses invalid UTF-8 (the unit does not load).
    const bad = parseUnitFile(text("badutf8.service"), "badutf8.service");
    expect(bad.fatal).toBe(true);
    expect(bad.problems.map((p) => `${p.kind}:${p.line}`)).toEqual(["invalid-utf8:4"]);
    expect(parseUnitFile(text("binary.service"), "binary.service").fatal).toBe(true);
    // A BOM after the first one is not stripped: the header line is not a header.
    const bom = parseUnitFile(text("bom.service"), "bom.service");
    expect(bom.sections.map((s) => s.name)).toEqual(["Unit"]);
    expect(bom.fatal).toBe(false);
    // A NUL ends a line, like a newline.
    const nul = parseUnitFile(text("nul.service"), "nul.service");
    expect(nul.assignments.map((a) => `${a.key}=${a.value}`)).toEqual(["ExecStart=/usr/bin/true"]);
    expect(nul.problems.map((p) => `${p.kind}:${p.line}`)).toEqual(["missing-equals:3"]);
    // CR-only line ends are line ends.
    const cr = parseUnitFile(text("cr.service"), "cr.service");
    expect(cr.problems).toEqual([]);
    expect(cr.assignments.map((a) => `${a.section}.${a.key}:${a.line}`)).toEqual(["Unit.Description:2", "Service.ExecStart:4"]);
    if (hasSyntaxRule) {
      expect(summary(find("syntax-error", `${SYSTEMD}/badutf8.service`), root)).toEqual([`syntax-error error ${SYSTEMD}/badutf8.service:4`]);
      expect(find("syntax-error", `${SYSTEMD}/binary.service`).length).toBeGreaterThan(0);
      expect(summary(find("syntax-error", `${SYSTEMD}/bom.service`), root)).toEqual([`syntax-error error ${SYSTEMD}/bom.service:3`]);
      expect(find("syntax-error", `${SYSTEMD}/cr.service`)).toEqual([]);
    }
  });

  test("a 2 MiB line: systemd's 1 MiB limit, the whole file refused (ENOBUFS)", () => {
    const ast = parseUnitFile(fs.readFileSync(path.join(root, SYSTEMD, "longline.service")), "longline.service");
    expect(ast.fatal).toBe(true);
    expect(ast.problems.map((p) => p.kind)).toEqual(["line-too-long"]);
    expect(ast.problems[0]!.message).toMatch(/1 MiB|ENOBUFS/);
    if (hasSyntaxRule) {
      const f = find("syntax-error", `${SYSTEMD}/longline.service`);
      expect(f.length).toBe(1);
      expect(f[0]!.message).toMatch(/1 MiB|ENOBUFS|No buffer space/);
    }
  });

  test("Asterisk: an include cycle stops at depth 10, reported once", () => {
    const f = result.findings.filter((x) => x.ruleId === "include-not-found" && /cycle-[ab]\.conf$/.test(x.file));
    expect(f.length).toBe(1);
    expect(f[0]!.line).toBe(2);
    expect(f[0]!.message).toMatch(/limit of 10/);
  });

  test("Asterisk: an include chain deeper than 10 stops at the 10th level", () => {
    expect(summary(result.findings.filter((x) => x.ruleId === "include-not-found" && x.file.includes("/deep/")), root)).toEqual([
      "include-not-found error etc/asterisk/deep/d10.conf:2",
    ]);
  });

  test("Asterisk: a glob matching 3000 files is capped, with a finding", () => {
    const f = result.findings.filter((x) => rel(root, x.file) === "etc/asterisk/manager.conf" && x.line === 4);
    expect(f.map((x) => x.ruleId)).toContain("asterisk-config-syntax");
    const read = new Set(backend.calls.filter((c) => c.op === "readFile" && c.path.includes("/many/")).map((c) => c.path));
    expect(read.size).toBeLessThanOrEqual(1000);
    expect(read.size).toBeGreaterThan(0);
  });

  test("Asterisk: an include that fails with EACCES is reported as unreadable", () => {
    const f = result.findings.filter((x) => x.ruleId === "include-not-found" && rel(root, x.file) === "etc/asterisk/manager.conf");
    expect(summary(f, root)).toEqual(["include-not-found error etc/asterisk/manager.conf:5"]);
    expect(f[0]!.message).toMatch(/cannot be read/);
  });

  test("Asterisk: includes outside the root resolve under the root; the host decoy is never touched", () => {
    const f = result.findings.filter((x) => rel(root, x.file) === "etc/asterisk/pjsip.conf");
    expect(summary(f, root)).toEqual(["include-not-found error etc/asterisk/pjsip.conf:4"]);
    expect(f[0]!.message).toContain(decoy);
    expect(backend.calls.filter((c) => c.path === decoy)).toEqual([]);
    // Nothing outside the root was looked at, at all.
    expect(backend.calls.filter((c) => c.path !== root && !c.path.startsWith(root + "/"))).toEqual([]);
  });

  test("every problem is reported once", () => {
    const keys = result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message}`);
    expect(keys.length).toBe(new Set(keys).size);
    const perFile = new Map<string, number>();
    for (const f of result.findings.filter((x) => x.ruleId === "unreadable-file")) perFile.set(f.file, (perFile.get(f.file) ?? 0) + 1);
    for (const [file, n] of perFile) expect(`${rel(root, file)} ${n}`).toBe(`${rel(root, file)} 1`);
  });
});

describe("a walked repository with a directory cycle and a very deep tree", () => {
  let repoResult: LintResult;
  let repoSeconds: number;
  beforeAll(async () => {
    const t0 = cpuNow();
    const locked = new FailingBackend([{ op: "readdir", path: path.join(repo, "locked"), code: "EACCES" }]);
    repoResult = await lint({ paths: [repo], cwd: tmp, fsBackend: locked });
    repoSeconds = (cpuNow() - t0) / 1000;
  }, 60_000);

  test("finishes in seconds", () => {
    expect(repoSeconds).toBeLessThan(30);
  });

  test("the real finding is there, once; nothing is found twice through the cycle", () => {
    const f = repoResult.findings.filter((x) => x.ruleId === "socket-service-missing");
    expect(f.map((x) => `${x.file}:${x.line}`)).toContain(`${path.join(repo, SYSTEMD, "real.socket")}:3`);
    expect(f.filter((x) => x.file.includes("/loop/")).length).toBe(0);
  });

  test("a directory that cannot be listed is reported", () => {
    const f = repoResult.findings.filter((x) => x.ruleId === "unreadable-file" && x.file === path.join(repo, "locked"));
    expect(f.map((x) => `${x.severity} ${x.line}`)).toEqual(["warning 1"]);
    expect(f[0]!.message).toMatch(/permission denied/);
  });

  test("the part of the tree below the depth limit is reported, not silently dropped", () => {
    const info = repoResult.findings.filter((x) => x.ruleId === "unreadable-file" && x.file.includes("/deep/"));
    const buried = repoResult.findings.filter((x) => x.file.endsWith("buried.socket"));
    // 61 levels: astlint stops at 32 and says where, once.
    expect(buried).toEqual([]);
    expect(info.map((f) => `${f.severity} ${f.line} ${path.relative(repo, f.file).split("/").length}`)).toEqual(["info 1 32"]);
    expect(info[0]!.message).toMatch(/deeper than 32 levels/);
  });
});

describe("exit codes through the CLI", () => {
  let small: string;
  beforeAll(() => {
    small = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-exit-"));
    execFileSync("mkfifo", [path.join(small, "fifo.service")]);
    fs.mkdirSync(path.join(small, SYSTEMD), { recursive: true });
    execFileSync("mkfifo", [path.join(small, SYSTEMD, "fifo.service")]);
  });
  afterAll(() => fs.rmSync(small, { recursive: true, force: true }));

  test("1 when there are error-level findings, even with unreadable files around", async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await main(["--root", root, "--format", "json"], io(tmp, out, err, { fsBackend: backend }))).toBe(1);
    expect(err.join("")).toBe("");
    expect(JSON.parse(out.join("")).findings.length).toBeGreaterThan(0);
  }, 60_000);

  test("0 when the only finding is an info (a FIFO named like a unit)", async () => {
    const out: string[] = [];
    expect(await main(["--root", small, "--format", "json"], io(small, out))).toBe(0);
    const findings = JSON.parse(out.join("")).findings as Finding[];
    expect(findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["unreadable-file info"]);
  });

  test("2 for a missing root, with one line on stderr and no stack trace", async () => {
    const err: string[] = [];
    expect(await main(["--root", path.join(tmp, "nope")], io(tmp, [], err))).toBe(2);
    expect(err.join("").trim().split("\n").length).toBe(1);
    expect(err.join("")).not.toMatch(/\n\s+at /);
  });

  test("2 for an unreadable root (EACCES on the root directory)", async () => {
    const err: string[] = [];
    const denied = new FailingBackend([{ op: "readdir", path: small, code: "EACCES" }]);
    expect(await main(["--root", small], io(tmp, [], err, { fsBackend: denied }))).toBe(2);
    expect(err.join("")).toMatch(/^astlint: .*permission denied/);
    expect(err.join("").trim().split("\n").length).toBe(1);
  });

  test("2 for a bad config file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-badcfg-"));
    try {
      fs.writeFileSync(path.join(dir, ".astlintrc.json"), '{ "rules": { "no-such-rule": "error" }, ');
      const err: string[] = [];
      expect(await main(["--root", small], io(dir, [], err))).toBe(2);
      expect(err.join("").trim().split("\n").length).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("2 for a usage error", async () => {
    const err: string[] = [];
    expect(await main(["--no-such-option"], io(tmp, [], err))).toBe(2);
  });
});
