/**
 * A file-system backend that cannot be raced out of its root.
 *
 * Checking a path with lstat/readlink and then opening it again by name leaves a window: a
 * file swapped for a symbolic link in between is followed, and lstat itself follows symbolic
 * links in the *parent* components. Node has no openat(2) and cannot list a directory handle,
 * but Linux offers the same through /proc/self/fd: every path component is opened relative to
 * its parent's descriptor as `/proc/self/fd/<dirfd>/<name>` with O_NOFOLLOW (and O_DIRECTORY for
 * directories), so no symbolic link is ever followed by the kernel; RootFs resolves them itself
 * (absolute targets re-rooted). lstat and readlink go through the parent's descriptor the same
 * way, directories are listed through `/proc/self/fd/<dirfd>`, and after opening, the link
 * `/proc/self/fd/<fd>` must lie under the root's real path (or, in repository mode, under one of
 * the paths given). A component that turned into a symbolic link between the check and the open
 * fails with ELOOP: reported as ECHANGED ("it changed while astlint was reading it").
 *
 * Directory descriptors are cached (a small LRU), so reading N files of one directory opens the
 * directory once. RootFs.close() releases them; a RootFs nobody closes releases them when it is
 * garbage-collected.
 */
import * as nodeFs from "node:fs";
import * as path from "node:path";
import type { FsBackend, FsStat } from "./fs.js";

const PROC_FD = "/proc/self/fd";
const MAX_CACHED_DIRS = 64;

let procChecked: boolean | undefined;

/** True when /proc/self/fd can be used to open files relative to a directory descriptor. */
export function procAvailable(): boolean {
  if (procChecked === undefined) {
    try {
      procChecked = nodeFs.statSync(`${PROC_FD}/0`, { throwIfNoEntry: false }) !== undefined || nodeFs.readdirSync(PROC_FD).length > 0;
    } catch {
      procChecked = false;
    }
  }
  return procChecked;
}

function errnoError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

export function kindOf(st: nodeFs.Stats): FsStat["kind"] {
  if (st.isFile()) return "file";
  if (st.isDirectory()) return "dir";
  if (st.isSymbolicLink()) return "symlink";
  if (st.isFIFO()) return "fifo";
  if (st.isSocket()) return "socket";
  if (st.isCharacterDevice()) return "chardev";
  if (st.isBlockDevice()) return "blockdev";
  return "other";
}

/** Reads a regular file from an open descriptor: at most maxBytes (else EFBIG), ENOTREG otherwise. */
export function readOpenFile(fd: number, maxBytes: number): Uint8Array {
  const st = nodeFs.fstatSync(fd);
  if (!st.isFile()) throw errnoError("ENOTREG", "not a regular file");
  // It grew past the cap between lstat and open: refuse it rather than parse a truncated copy.
  if (st.size > maxBytes) throw errnoError("EFBIG", `larger than ${maxBytes} bytes`);
  const size = st.size;
  const buf = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = nodeFs.readSync(fd, buf, read, size - read, read);
    if (n === 0) break;
    read += n;
  }
  return read === size ? buf : buf.subarray(0, read);
}

function under(p: string, base: string): boolean {
  return base === "/" || p === base || p.startsWith(base + "/");
}

function realOrResolved(p: string): string {
  try {
    return nodeFs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

const C = nodeFs.constants;
const O_DIR = C.O_RDONLY | C.O_DIRECTORY | C.O_NOFOLLOW;
const O_FILE = C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK | C.O_NOCTTY;

const released = new FinalizationRegistry<Map<string, number>>((fds) => closeAll(fds));

function closeAll(fds: Map<string, number>): void {
  for (const fd of fds.values()) {
    try {
      nodeFs.closeSync(fd);
    } catch {
      // already closed
    }
  }
  fds.clear();
}

/** Counters of the extra work confinement does (for `npm run bench`). */
export const confinementStats = { dirOpens: 0, fileOpens: 0, fdChecks: 0 };

export class ConfinedBackend implements FsBackend {
  /** Host path of the root (as given, absolute). */
  private readonly root: string;
  private readonly rootPrefix: string;
  /** Repository mode: the paths given (host, absolute), whose real paths bound what is opened. */
  private readonly allowed: string[] | null;
  private realRoot: string | undefined;
  private allowedReal: string[] | undefined;
  /** Directory descriptors by path relative to the root ("" = the root), least recently used first. */
  private readonly dirs = new Map<string, number>();

  constructor(root: string, allowed: string[] | null = null) {
    this.root = path.resolve(root);
    this.rootPrefix = this.root === "/" ? "/" : this.root + "/";
    this.allowed = allowed;
    released.register(this, this.dirs, this);
  }

  /** Closes every cached directory descriptor (the backend stays usable: they reopen on demand). */
  close(): void {
    closeAll(this.dirs);
  }

  private components(hostPath: string): string[] {
    if (hostPath === this.root) return [];
    if (!hostPath.startsWith(this.rootPrefix)) throw errnoError("EOUTSIDE", `${hostPath} is outside the root`);
    const comps = hostPath.slice(this.rootPrefix.length).split("/").filter((c) => c !== "" && c !== ".");
    if (comps.includes("..")) throw errnoError("EOUTSIDE", `${hostPath} climbs out of the root`);
    return comps;
  }

  /** Where an open descriptor really is (its /proc/self/fd link). */
  private whereIs(fd: number): string {
    confinementStats.fdChecks++;
    return nodeFs.readlinkSync(`${PROC_FD}/${fd}`);
  }

  private checkInside(fd: number, what: "dir" | "file"): void {
    const real = this.whereIs(fd);
    if (real.endsWith(" (deleted)")) throw errnoError("ECHANGED", "it was removed while being read");
    this.realRoot ??= this.root === "/" ? "/" : this.whereIs(this.dirFd([]));
    let ok = under(real, this.realRoot);
    if (ok && this.allowed && what === "file") {
      this.allowedReal ??= this.allowed.map(realOrResolved);
      ok = this.allowedReal.some((a) => under(real, a));
    }
    if (!ok) throw errnoError("EOUTSIDE", "it lies outside the paths given");
  }

  /**
   * Opens `name` in the directory `parentFd` without following a symbolic link; `hostPath` is the
   * host path it stands for. Every open of the backend comes here, between "checked" (lstat and
   * readlink done, the path resolved) and "opened": the window a concurrent writer would race.
   */
  protected openAt(parentFd: number, name: string, flags: number, hostPath: string): number {
    try {
      return nodeFs.openSync(`${PROC_FD}/${parentFd}/${name}`, flags);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // O_NOFOLLOW met a symbolic link where the check saw none (ELOOP; ENOTDIR with O_DIRECTORY
      // on some kernels when a directory became a file or link): the tree changed under us.
      if (code === "ELOOP") throw errnoError("ECHANGED", "a symbolic link took its place while astlint was reading it");
      throw e;
    }
  }

  private dirFd(comps: string[]): number {
    const key = comps.join("/");
    const cached = this.dirs.get(key);
    if (cached !== undefined) {
      this.dirs.delete(key);
      this.dirs.set(key, cached);
      return cached;
    }
    let fd: number;
    if (comps.length === 0) {
      fd = nodeFs.openSync(this.root, C.O_RDONLY | C.O_DIRECTORY);
    } else {
      const parent = this.dirFd(comps.slice(0, -1));
      fd = this.openAt(parent, comps[comps.length - 1]!, O_DIR, path.join(this.root, key));
      confinementStats.dirOpens++;
      try {
        this.checkInside(fd, "dir");
      } catch (e) {
        nodeFs.closeSync(fd);
        throw e;
      }
    }
    this.dirs.set(key, fd);
    if (this.dirs.size > MAX_CACHED_DIRS) {
      const [oldKey, oldFd] = this.dirs.entries().next().value as [string, number];
      this.dirs.delete(oldKey);
      nodeFs.closeSync(oldFd);
    }
    return fd;
  }

  /** `/proc/self/fd/<parent>/<name>` for a path below the root; null for the root itself. */
  private viaParent(hostPath: string): string | null {
    const comps = this.components(hostPath);
    if (comps.length === 0) return null;
    return `${PROC_FD}/${this.dirFd(comps.slice(0, -1))}/${comps[comps.length - 1]}`;
  }

  lstat(hostPath: string): FsStat {
    const via = this.viaParent(hostPath);
    const st = via === null ? nodeFs.fstatSync(this.dirFd([])) : nodeFs.lstatSync(via);
    return { kind: kindOf(st), size: st.size, nlink: st.nlink };
  }

  readlink(hostPath: string): string {
    const via = this.viaParent(hostPath);
    if (via === null) throw errnoError("EINVAL", "the root is not a symbolic link");
    try {
      return nodeFs.readlinkSync(via);
    } catch (e) {
      // RootFs only asks after lstat said "symbolic link": it no longer is one.
      if ((e as NodeJS.ErrnoException).code === "EINVAL") throw errnoError("ECHANGED", "it stopped being a symbolic link while astlint was reading it");
      throw e;
    }
  }

  readdir(hostPath: string): string[] {
    const fd = this.dirFd(this.components(hostPath));
    return nodeFs.readdirSync(`${PROC_FD}/${fd}`);
  }

  readFile(hostPath: string, maxBytes: number): Uint8Array {
    const comps = this.components(hostPath);
    if (comps.length === 0) throw errnoError("ENOTREG", "the root is a directory");
    const parent = this.dirFd(comps.slice(0, -1));
    const fd = this.openAt(parent, comps[comps.length - 1]!, O_FILE, hostPath);
    confinementStats.fileOpens++;
    try {
      this.checkInside(fd, "file");
      return readOpenFile(fd, maxBytes);
    } finally {
      nodeFs.closeSync(fd);
    }
  }
}
