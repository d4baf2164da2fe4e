/**
 * The one way astlint writes a file (the report of `-o`, the files `--fix` rewrites).
 *
 * - A regular file, or a name that does not exist yet, is written to a hidden temporary file in
 *   the same directory (`.astlint-XXXXXX`: no suffix any loader reads, so a crash never leaves a
 *   `*.conf` or `*.service` behind), flushed, given the old file's mode and owner, and renamed
 *   over the name. Readers see the old file or the new one, never half of one; a failed write
 *   (a full disk) leaves the old file as it was and removes the temporary file.
 * - A character device or FIFO (`/dev/stdout`, `/dev/null`, a named pipe) is written directly:
 *   there is nothing to replace. `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N`
 *   are this process's own descriptors and are written through them, whatever they are.
 * - Refused, with a one-line message (WriteFileError): a symbolic link as the final component
 *   (dangling or not: writing through it would create or replace its target), a file with other
 *   hard links (replacing one name would silently split them), a file the caller names in
 *   `refuse` (the files being linted), a directory, socket or block device, a directory that does
 *   not exist or cannot be written, and (with `expect`) a file that changed since it was read.
 *
 * Never a truncating fallback: if the temporary file cannot be created, nothing is written.
 */
import * as nodeFs from "node:fs";
import * as path from "node:path";

/** The node:fs functions the writer uses; tests replace some to inject failures (ENOSPC, ...). */
export type WriteFs = Pick<
  typeof nodeFs,
  | "lstatSync"
  | "statSync"
  | "openSync"
  | "writeSync"
  | "fsyncSync"
  | "closeSync"
  | "renameSync"
  | "unlinkSync"
  | "fchmodSync"
  | "fchownSync"
  | "fstatSync"
  | "readFileSync"
>;

export type WriteFileErrorCode =
  | "symlink"
  | "refused"
  | "hardlink"
  | "not-writable-kind"
  | "no-directory"
  | "denied"
  | "changed"
  | "owner"
  | "io";

/** Why a write was refused or failed. `message` is one line, naming the path as the caller gave it. */
export class WriteFileError extends Error {
  readonly code: WriteFileErrorCode;
  constructor(code: WriteFileErrorCode, message: string) {
    super(message);
    this.name = "WriteFileError";
    this.code = code;
  }
}

/** What the file looked like when it was read; the write is refused if it no longer does. */
export interface ExpectedFile {
  /** The bytes read (compared exactly). */
  content?: Uint8Array | string;
  /** Modification time and size from the stat taken when reading. */
  mtimeMs?: number;
  size?: number;
  /** true: the file must not exist (it did not when the caller looked). */
  absent?: boolean;
}

export interface WriteFileOptions {
  /** Directory relative paths are taken from (default: process.cwd()). */
  cwd?: string;
  /**
   * Paths that must not be overwritten (the files being linted), absolute or relative to cwd.
   * Compared by identity (device and inode), so another spelling of the same file is refused too.
   */
  refuse?: Iterable<string>;
  /** Refuse if the target changed since it was read (for --fix). */
  expect?: ExpectedFile;
  /** Mode of a newly created file (default 0o666, less the umask). */
  mode?: number;
  /** Test hook: the file-system functions used. */
  fs?: WriteFs;
}

export interface WriteFileResult {
  /** "rename": replaced atomically; "direct": written to a device, FIFO or own descriptor. */
  method: "rename" | "direct";
  /** The absolute path written (or renamed over). */
  path: string;
}

const OWN_FD = /^\/(?:dev\/(?:stdout|stderr|fd\/(\d+))|proc\/self\/fd\/(\d+))$/;

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? "EIO";
}

function reason(e: unknown): string {
  switch (code(e)) {
    case "ENOSPC":
      return "no space left on the device";
    case "EDQUOT":
      return "disk quota exceeded";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "read-only file system";
    case "ENOENT":
      return "no such file or directory";
    case "ENOTDIR":
      return "a component of the path is not a directory";
    default:
      return code(e);
  }
}

/** The path as shown in a message: control characters escaped, one line whatever the name. */
function shown(p: string): string {
  // eslint-disable-next-line no-control-regex
  return p.replace(/[\u0000-\u001F\u007F]/g, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

function writeAll(fs: WriteFs, fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
}

function sameContent(a: Uint8Array, b: Uint8Array | string): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(typeof b === "string" ? Buffer.from(b, "utf8") : Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function isRefused(fs: WriteFs, target: string, st: nodeFs.Stats, refuse: Iterable<string> | undefined, cwd: string): boolean {
  if (!refuse) return false;
  const base = path.basename(target);
  for (const r of refuse) {
    const abs = path.resolve(cwd, r);
    if (abs === target) return true;
    // Another spelling of the same file (a symlinked directory on the way, a bind mount):
    // only names with the same base name can be it, since hard-linked files are refused anyway.
    if (path.basename(abs) !== base) continue;
    try {
      const o = fs.statSync(abs);
      if (o.dev === st.dev && o.ino === st.ino) return true;
    } catch {
      // gone or unreadable: it is not the target
    }
  }
  return false;
}

/**
 * Writes `data` to `file` as described at the top of this module. Throws WriteFileError (with a
 * one-line message) when refused or when the write failed; the old file is then untouched.
 */
export function writeFileAtomic(file: string, data: Uint8Array | string, options: WriteFileOptions = {}): WriteFileResult {
  const fs = options.fs ?? nodeFs;
  const cwd = options.cwd ?? process.cwd();
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const target = path.resolve(cwd, file);
  const name = shown(file);

  const own = OWN_FD.exec(target);
  if (own) {
    const fd = own[1] ?? own[2] ?? (target.endsWith("stderr") ? "2" : "1");
    try {
      writeAll(fs, Number(fd), bytes);
    } catch (e) {
      throw new WriteFileError("io", `cannot write ${name}: ${reason(e)}`);
    }
    return { method: "direct", path: target };
  }

  let st: nodeFs.Stats | null = null;
  try {
    st = fs.lstatSync(target);
  } catch (e) {
    if (code(e) === "ENOTDIR") throw new WriteFileError("no-directory", `cannot write ${name}: a component of its directory is not a directory`);
    if (code(e) !== "ENOENT") throw new WriteFileError("io", `cannot write ${name}: ${reason(e)}`);
  }
  const dir = path.dirname(target);
  if (st === null) {
    let dst: nodeFs.Stats;
    try {
      dst = fs.statSync(dir);
    } catch (e) {
      if (code(e) === "ENOENT" || code(e) === "ENOTDIR") throw new WriteFileError("no-directory", `cannot write ${name}: its directory ${shown(path.dirname(file))} does not exist`);
      throw new WriteFileError("io", `cannot write ${name}: ${reason(e)}`);
    }
    if (!dst.isDirectory()) throw new WriteFileError("no-directory", `cannot write ${name}: ${shown(path.dirname(file))} is not a directory`);
    if (options.expect && !options.expect.absent && (options.expect.content !== undefined || options.expect.size !== undefined)) {
      throw new WriteFileError("changed", `not writing ${name}: it was removed since astlint read it`);
    }
  } else {
    if (st.isSymbolicLink()) {
      throw new WriteFileError("symlink", `refusing to write ${name}: it is a symbolic link (write to the file it points to instead)`);
    }
    if (options.expect?.absent) throw new WriteFileError("changed", `not writing ${name}: it was created since astlint looked`);
    if (st.isCharacterDevice() || st.isFIFO()) return writeDirect(fs, target, name, bytes);
    if (st.isDirectory()) throw new WriteFileError("not-writable-kind", `cannot write ${name}: it is a directory`);
    if (!st.isFile()) throw new WriteFileError("not-writable-kind", `refusing to write ${name}: it is not a regular file, a character device or a FIFO`);
    if (st.nlink > 1) throw new WriteFileError("hardlink", `refusing to write ${name}: it has ${st.nlink} hard links (replacing it would separate them)`);
    if (isRefused(fs, target, st, options.refuse, cwd)) {
      throw new WriteFileError("refused", `refusing to write ${name}: it is one of the files being linted`);
    }
    checkUnchanged(fs, target, st, options.expect, name);
  }
  return writeRenamed(fs, target, name, shown(path.dirname(file)), bytes, st, options);
}

function checkUnchanged(fs: WriteFs, target: string, st: nodeFs.Stats, expect: ExpectedFile | undefined, name: string): void {
  if (!expect) return;
  const changed = () => new WriteFileError("changed", `not writing ${name}: it changed since astlint read it`);
  if (expect.size !== undefined && st.size !== expect.size) throw changed();
  if (expect.mtimeMs !== undefined && st.mtimeMs !== expect.mtimeMs) throw changed();
  if (expect.content !== undefined) {
    let now: Uint8Array;
    try {
      now = fs.readFileSync(target);
    } catch (e) {
      throw new WriteFileError("io", `cannot write ${name}: cannot read it back (${reason(e)})`);
    }
    if (!sameContent(now, expect.content)) throw changed();
  }
}

function writeDirect(fs: WriteFs, target: string, name: string, bytes: Uint8Array): WriteFileResult {
  const C = nodeFs.constants;
  let fd: number;
  try {
    // No O_CREAT, no O_TRUNC: if the name was swapped for a regular file meanwhile, nothing is
    // created or cut short; the fstat below then refuses it.
    fd = fs.openSync(target, C.O_WRONLY | C.O_NOFOLLOW | C.O_NOCTTY);
  } catch (e) {
    throw new WriteFileError(code(e) === "EACCES" || code(e) === "EPERM" ? "denied" : "io", `cannot write ${name}: ${reason(e)}`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isCharacterDevice() && !st.isFIFO()) throw new WriteFileError("changed", `not writing ${name}: it changed while astlint was opening it`);
    writeAll(fs, fd, bytes);
  } catch (e) {
    if (e instanceof WriteFileError) throw e;
    throw new WriteFileError("io", `cannot write ${name}: ${reason(e)}`);
  } finally {
    fs.closeSync(fd);
  }
  return { method: "direct", path: target };
}

/**
 * Six random characters for the temporary name. The file is created with O_CREAT|O_EXCL|O_NOFOLLOW
 * and a taken name is retried, so the name needs no cryptographic strength (write-file-atomic
 * does the same); Math.random also spares every run loading node:crypto.
 */
function tempSuffix(): string {
  const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
  let out = "";
  for (let i = 0; i < 6; i++) out += chars[Math.floor(Math.random() * 64)];
  return out;
}

function writeRenamed(fs: WriteFs, target: string, name: string, shownDir: string, bytes: Uint8Array, old: nodeFs.Stats | null, options: WriteFileOptions): WriteFileResult {
  const dir = path.dirname(target);
  const C = nodeFs.constants;
  let tmp = "";
  let fd = -1;
  for (let attempt = 0; fd < 0; attempt++) {
    tmp = path.join(dir, `.astlint-${tempSuffix()}`);
    try {
      fd = fs.openSync(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o600);
    } catch (e) {
      if (code(e) === "EEXIST" && attempt < 16) continue;
      if (code(e) === "EACCES" || code(e) === "EPERM" || code(e) === "EROFS") {
        throw new WriteFileError("denied", `cannot write ${name}: cannot create a file in its directory ${shownDir} (${reason(e)})`);
      }
      throw new WriteFileError("io", `cannot write ${name}: ${reason(e)}`);
    }
  }
  let renamed = false;
  try {
    writeAll(fs, fd, bytes);
    if (old) {
      fs.fchmodSync(fd, old.mode & 0o7777);
      const mine = fs.fstatSync(fd);
      if (mine.uid !== old.uid || mine.gid !== old.gid) {
        try {
          fs.fchownSync(fd, old.uid, old.gid);
        } catch (e) {
          throw new WriteFileError("owner", `not writing ${name}: cannot keep its owner ${old.uid}:${old.gid} (${reason(e)})`);
        }
        // chown clears set-user/group-ID bits; put the mode back.
        fs.fchmodSync(fd, old.mode & 0o7777);
      }
    } else {
      const umask = process.umask();
      fs.fchmodSync(fd, (options.mode ?? 0o666) & ~umask & 0o7777);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = -1;
    fs.renameSync(tmp, target);
    renamed = true;
  } catch (e) {
    if (e instanceof WriteFileError) throw e;
    throw new WriteFileError("io", `cannot write ${name}: ${reason(e)}; ${old ? "the old file is unchanged" : "nothing was written"}`);
  } finally {
    if (fd >= 0) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing
      }
    }
    if (!renamed) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // nothing to clean up
      }
    }
  }
  // Make the rename itself durable (best effort: not every file system can fsync a directory).
  try {
    const dfd = fs.openSync(dir, C.O_RDONLY | C.O_DIRECTORY);
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // ignored
  }
  return { method: "rename", path: target };
}
