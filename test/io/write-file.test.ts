/**
 * The atomic writer (src/io/write-file.ts) and `-o` through the CLI: never over an input, a
 * symlink or a hard link; a failed write keeps the old file; devices and FIFOs written directly.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { main, type Io } from "../../src/cli/main.js";
import { writeFileAtomic, WriteFileError, type WriteFs } from "../../src/io/write-file.js";
import { makeTree } from "../helpers.js";

function io(cwd: string, extra: Partial<Io> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd, ...extra };
  return { io: value, out: () => out.join(""), err: () => err.join("") };
}

/** Names in `dir` that look like the writer's temporary files. */
function temps(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n.startsWith(".astlint-"));
}

function refusal(f: () => unknown): WriteFileError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(WriteFileError);
    const err = e as WriteFileError;
    expect(err.message).not.toContain("\n");
    return err;
  }
  throw new Error("expected a WriteFileError");
}

const UNIT = "[Service]\nType=notify\nExecStart=/usr/sbin/asterisk -f\nWatchdogSec=10\n";

describe("writeFileAtomic", () => {
  test("a new file and a replaced file: content, no temporary file left, mode kept", () => {
    const dir = makeTree({});
    const r = writeFileAtomic("report.txt", "one\n", { cwd: dir });
    expect(r).toEqual({ method: "rename", path: path.join(dir, "report.txt") });
    expect(fs.readFileSync(path.join(dir, "report.txt"), "utf8")).toBe("one\n");
    expect(fs.statSync(path.join(dir, "report.txt")).mode & 0o777).toBe(0o666 & ~process.umask());
    fs.chmodSync(path.join(dir, "report.txt"), 0o640);
    const before = fs.statSync(path.join(dir, "report.txt"));
    writeFileAtomic(path.join(dir, "report.txt"), "two\n");
    const after = fs.statSync(path.join(dir, "report.txt"));
    expect(fs.readFileSync(path.join(dir, "report.txt"), "utf8")).toBe("two\n");
    expect(after.mode & 0o7777).toBe(0o640);
    expect([after.uid, after.gid]).toEqual([before.uid, before.gid]);
    // Replaced, not rewritten in place: a reader holding the old file still has the old bytes.
    expect(after.ino).not.toBe(before.ino);
    expect(temps(dir)).toEqual([]);
  });

  test("a symbolic link as final component is refused, dangling or not, and nothing is created", () => {
    const dir = makeTree({ "real.txt": "keep\n", "link.txt": "-> real.txt", "dangling.txt": "-> created-by-astlint.txt" });
    expect(refusal(() => writeFileAtomic("link.txt", "x", { cwd: dir })).code).toBe("symlink");
    expect(refusal(() => writeFileAtomic("dangling.txt", "x", { cwd: dir })).code).toBe("symlink");
    expect(fs.readFileSync(path.join(dir, "real.txt"), "utf8")).toBe("keep\n");
    expect(fs.existsSync(path.join(dir, "created-by-astlint.txt"))).toBe(false);
    expect(fs.readlinkSync(path.join(dir, "link.txt"))).toBe("real.txt");
    expect(temps(dir)).toEqual([]);
  });

  test("a file named in refuse is refused, also under another spelling of its path", () => {
    const dir = makeTree({ "units/a.service": UNIT, "alias/.keep": "" });
    fs.rmSync(path.join(dir, "alias"), { recursive: true });
    fs.symlinkSync("units", path.join(dir, "alias"));
    const e = refusal(() => writeFileAtomic("units/a.service", "report", { cwd: dir, refuse: [path.join(dir, "units/a.service")] }));
    expect(e.code).toBe("refused");
    expect(e.message).toBe("refusing to write units/a.service: it is one of the files being linted");
    expect(refusal(() => writeFileAtomic("alias/a.service", "report", { cwd: dir, refuse: ["units/a.service"] })).code).toBe("refused");
    expect(fs.readFileSync(path.join(dir, "units/a.service"), "utf8")).toBe(UNIT);
  });

  test("a hard-linked file is refused", () => {
    const dir = makeTree({ "a.txt": "a\n" });
    fs.linkSync(path.join(dir, "a.txt"), path.join(dir, "b.txt"));
    const e = refusal(() => writeFileAtomic("b.txt", "x", { cwd: dir }));
    expect(e.code).toBe("hardlink");
    expect(fs.readFileSync(path.join(dir, "a.txt"), "utf8")).toBe("a\n");
  });

  test("a missing or unwritable directory is one line, never a fallback", () => {
    const dir = makeTree({ "file.txt": "f\n" });
    const missing = refusal(() => writeFileAtomic("no/such/dir/report.txt", "x", { cwd: dir }));
    expect(missing.code).toBe("no-directory");
    expect(missing.message).toBe("cannot write no/such/dir/report.txt: its directory no/such/dir does not exist");
    expect(missing.message).not.toContain("ENOENT");
    expect(refusal(() => writeFileAtomic("file.txt/report.txt", "x", { cwd: dir })).code).toBe("no-directory");
    expect(refusal(() => writeFileAtomic(".", "x", { cwd: dir })).code).toBe("not-writable-kind");
    // An unwritable directory, simulated (the tests may run as root, which writes anywhere).
    const eacces: WriteFs = {
      ...fs,
      openSync: ((p: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode) => {
        if (String(p).includes(".astlint-")) throw Object.assign(new Error("EACCES"), { code: "EACCES" });
        return fs.openSync(p, flags, mode);
      }) as typeof fs.openSync,
    };
    const denied = refusal(() => writeFileAtomic("file.txt", "x", { cwd: dir, fs: eacces }));
    expect(denied.code).toBe("denied");
    expect(denied.message).toBe("cannot write file.txt: cannot create a file in its directory . (permission denied)");
    expect(fs.readFileSync(path.join(dir, "file.txt"), "utf8")).toBe("f\n");
  });

  test("a full disk half-way through keeps the old file and removes the temporary one", () => {
    const dir = makeTree({ "report.txt": "the old report\n" });
    let written = 0;
    const full: WriteFs = {
      ...fs,
      writeSync: ((fd: number, buf: Uint8Array, off: number, len: number) => {
        if (written > 0) throw Object.assign(new Error("ENOSPC"), { code: "ENOSPC" });
        written = fs.writeSync(fd, buf, off, Math.min(len, 5));
        return written;
      }) as typeof fs.writeSync,
    };
    const e = refusal(() => writeFileAtomic("report.txt", "a much longer new report\n", { cwd: dir, fs: full }));
    expect(e.code).toBe("io");
    expect(e.message).toBe("cannot write report.txt: no space left on the device; the old file is unchanged");
    expect(written).toBe(5);
    expect(fs.readFileSync(path.join(dir, "report.txt"), "utf8")).toBe("the old report\n");
    expect(temps(dir)).toEqual([]);
    // A failing rename (EXDEV, EIO...) too.
    const noRename: WriteFs = { ...fs, renameSync: () => { throw Object.assign(new Error("EIO"), { code: "EIO" }); } };
    expect(refusal(() => writeFileAtomic("report.txt", "new", { cwd: dir, fs: noRename })).code).toBe("io");
    expect(fs.readFileSync(path.join(dir, "report.txt"), "utf8")).toBe("the old report\n");
    expect(temps(dir)).toEqual([]);
  });

  test("expect: refused when the file changed since it was read (content, size, mtime, removal)", () => {
    const dir = makeTree({ "a.conf": "old\n" });
    const p = path.join(dir, "a.conf");
    const st = fs.statSync(p);
    writeFileAtomic(p, "new\n", { expect: { content: "old\n", size: st.size, mtimeMs: st.mtimeMs } });
    expect(fs.readFileSync(p, "utf8")).toBe("new\n");
    expect(refusal(() => writeFileAtomic(p, "newer\n", { expect: { content: "old\n" } })).code).toBe("changed");
    expect(refusal(() => writeFileAtomic(p, "newer\n", { expect: { size: 99 } })).code).toBe("changed");
    expect(refusal(() => writeFileAtomic(p, "newer\n", { expect: { mtimeMs: st.mtimeMs - 100_000 } })).code).toBe("changed");
    expect(refusal(() => writeFileAtomic(p, "newer\n", { expect: { absent: true } })).code).toBe("changed");
    expect(refusal(() => writeFileAtomic(path.join(dir, "gone.conf"), "x", { expect: { content: "old\n" } })).code).toBe("changed");
    expect(fs.readFileSync(p, "utf8")).toBe("new\n");
  });

  test("a character device is written directly (no temporary file next to it)", () => {
    expect(writeFileAtomic("/dev/null", "discarded")).toEqual({ method: "direct", path: "/dev/null" });
  });

  test("/dev/stdout is this process's standard output, written through its descriptor", () => {
    const calls: number[] = [];
    const rec: WriteFs = { ...fs, writeSync: ((fd: number, _b: Uint8Array, _o: number, len: number) => (calls.push(fd), len)) as typeof fs.writeSync };
    expect(writeFileAtomic("/dev/stdout", "x", { fs: rec }).method).toBe("direct");
    expect(writeFileAtomic("/dev/fd/2", "x", { fs: rec }).method).toBe("direct");
    expect(calls).toEqual([1, 2]);
  });
});

describe("-o through the CLI", () => {
  test("onto a file being linted: exit 2, one line, the unit unchanged", async () => {
    const dir = makeTree({ "units/asterisk.service": UNIT });
    const t = io(dir);
    expect(await main(["units", "-o", "units/asterisk.service"], t.io)).toBe(2);
    expect(t.err()).toBe("astlint: refusing to write units/asterisk.service: it is one of the files being linted\n");
    expect(fs.readFileSync(path.join(dir, "units/asterisk.service"), "utf8")).toBe(UNIT);
    // With --root, the unit read inside the root is refused too.
    const root = makeTree({ "etc/systemd/system/asterisk.service": UNIT });
    const r = io(root);
    expect(await main(["--root", ".", "-o", "etc/systemd/system/asterisk.service"], r.io)).toBe(2);
    expect(r.err()).toContain("one of the files being linted");
    expect(fs.readFileSync(path.join(root, "etc/systemd/system/asterisk.service"), "utf8")).toBe(UNIT);
  });

  test("onto a symlink (dangling): exit 2, its target not created", async () => {
    const dir = makeTree({ "units/asterisk.service": UNIT, "report.json": "-> /nonexistent-astlint-target" });
    const t = io(dir);
    expect(await main(["units", "-f", "json", "-o", "report.json"], t.io)).toBe(2);
    expect(t.err()).toBe("astlint: refusing to write report.json: it is a symbolic link (write to the file it points to instead)\n");
    expect(fs.existsSync("/nonexistent-astlint-target")).toBe(false);
  });

  test("a full disk: exit 2, one line, the old report kept", async () => {
    const dir = makeTree({ "units/asterisk.service": UNIT, "report.json": "{\"old\":true}\n" });
    const full: WriteFs = { ...fs, writeSync: () => { throw Object.assign(new Error("ENOSPC"), { code: "ENOSPC" }); } };
    const t = io(dir, { writeFs: full });
    expect(await main(["units", "-f", "json", "-o", "report.json"], t.io)).toBe(2);
    expect(t.err()).toBe("astlint: cannot write report.json: no space left on the device; the old file is unchanged\n");
    expect(fs.readFileSync(path.join(dir, "report.json"), "utf8")).toBe("{\"old\":true}\n");
    expect(temps(dir)).toEqual([]);
    // Without the failure it is replaced and the exit code is the lint's.
    const ok = io(dir);
    expect(await main(["units", "-f", "json", "-o", "report.json"], ok.io)).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8")).findings.length).toBeGreaterThan(0);
  });

  test("into a missing directory: one line, no ENOENT dump", async () => {
    const dir = makeTree({ "units/asterisk.service": UNIT });
    const t = io(dir);
    expect(await main(["units", "-o", "out/report.txt"], t.io)).toBe(2);
    expect(t.err()).toBe("astlint: cannot write out/report.txt: its directory out does not exist\n");
  });
});
