/**
 * The file-system layer. Everything astlint reads goes through a RootFs, which
 * - treats a directory as `/` (`--root`): symlinks resolve inside it, never on the host;
 * - in repository mode refuses to read anything outside the paths it was given;
 * - never opens anything but regular files and directories (a FIFO would block);
 * - caps file sizes, so a huge file is reported, not read into memory;
 * - goes through an injectable backend, so tests can simulate I/O errors and EACCES
 *   (astlint often runs as root, which reads mode-000 files).
 */
import * as nodeFs from "node:fs";
import * as path from "node:path";
import { ConfinedBackend, kindOf, procAvailable, readOpenFile } from "./confined.js";

export type FileKind = "file" | "dir" | "symlink" | "fifo" | "socket" | "chardev" | "blockdev" | "other";

export interface FsStat {
  kind: FileKind;
  size: number;
  /** Hard links to it, when the backend knows (--fix does not offer to replace a file with several). */
  nlink?: number;
}

/** Synchronous host file-system primitives. Errors are thrown as NodeJS.ErrnoException. */
export interface FsBackend {
  lstat(hostPath: string): FsStat;
  readlink(hostPath: string): string;
  readdir(hostPath: string): string[];
  /** Reads at most maxBytes bytes of a regular file. */
  readFile(hostPath: string, maxBytes: number): Uint8Array;
}

/** Wraps the backend a RootFs reads through (see RootFs's constructor). */
export type FsLayer = (base: FsBackend) => FsBackend;

/** The host file system, by path (no confinement: what tests wrap to inject failures). */
export const nodeBackend: FsBackend = {
  lstat(p) {
    const st = nodeFs.lstatSync(p);
    return { kind: kindOf(st), size: st.size, nlink: st.nlink };
  },
  readlink(p) {
    return nodeFs.readlinkSync(p);
  },
  readdir(p) {
    return nodeFs.readdirSync(p);
  },
  readFile(p, maxBytes) {
    // O_NONBLOCK: even if a file turned into a FIFO between lstat and open, never block.
    const fd = nodeFs.openSync(p, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NONBLOCK);
    try {
      return readOpenFile(fd, maxBytes);
    } finally {
      nodeFs.closeSync(fd);
    }
  },
};

/** Largest file astlint reads (systemd's own line limit is 1 MiB; unit files are tiny). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export type Resolved =
  | { ok: true; path: string; kind: FileKind; size: number; /** a link whose target text is /dev/null */ nullLink: boolean }
  | { ok: false; path: string; error: "missing" | "loop" | "denied" | "io" | "outside" | "changed"; detail: string };

export type ReadResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; error: "missing" | "not-regular" | "too-large" | "denied" | "io" | "loop" | "outside" | "changed"; detail: string };

const MAX_SYMLINK_HOPS = 40;

function errnoOf(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? "EIO";
}

function classifyError(e: unknown): "missing" | "denied" | "io" | "changed" | "outside" {
  const code = errnoOf(e);
  if (code === "ECHANGED") return "changed";
  if (code === "EOUTSIDE") return "outside";
  if (code === "ENOENT" || code === "ENOTDIR") return "missing";
  if (code === "EACCES" || code === "EPERM") return "denied";
  return "io";
}

/**
 * How the host's files are opened for a root and the paths allowed under it: by default a
 * ConfinedBackend (src/io/confined.ts) when /proc/self/fd is usable, else node:fs. The CLI and
 * lint() take another (e.g. a ConfinedBackend subclass that observes its opens).
 */
export type HostBackend = (root: string, allowed: string[] | null) => FsBackend;

function defaultHostBackend(root: string, allowed: string[] | null): FsBackend {
  return procAvailable() ? new ConfinedBackend(root, allowed) : nodeBackend;
}

/**
 * A view of the file system rooted at `root` (a host directory treated as `/`).
 * All paths given to and returned by RootFs are absolute POSIX paths *inside* the root.
 */
export class RootFs {
  readonly root: string;
  readonly backend: FsBackend;
  /** Repository mode: host paths (absolute) that may be read; null = everything under root. */
  private readonly allowed: string[] | null;
  private readonly realCache = new Map<string, Resolved>();
  /**
   * lstat and readlink results by host path, errors included: resolving walks every component
   * of a path, so without them each file read would lstat all its parent directories again.
   * Within one run the tree is taken as it was when first looked at.
   */
  private readonly statCache = new Map<string, FsStat | { error: unknown }>();
  private readonly linkCache = new Map<string, string | { error: unknown }>();
  /**
   * Directories (in-root paths) that resolve to themselves: reached without following any
   * symlink, every component allowed. A path inside one resolves from there, so reading N files
   * of a directory does not walk its parents N times.
   */
  private readonly physicalDirs = new Set<string>();
  /** Host paths of every file opened for reading (so `-o` can refuse to overwrite an input). */
  readonly readHostPaths = new Set<string>();
  /** `allowed`, each with a final `/`. */
  private readonly allowedPrefixes: string[] | null;

  /** The backend given to the constructor (undefined or a HostBackend: the host). */
  private readonly givenBackend: FsBackend | HostBackend | undefined;
  /** The layer given to the constructor (--fix's overlay of fixed text). */
  private readonly layer: FsLayer | undefined;
  /** The backend under the layer (what close() releases). */
  private readonly base: FsBackend;

  /**
   * `backend` defaults to the host through a ConfinedBackend (src/io/confined.ts: every open
   * relative to its parent's descriptor, no symbolic link followed by the kernel), or plain
   * node:fs when /proc is not mounted. `layer` wraps that backend (whichever it is): --fix shows
   * its fixed text over the confined host this way, so a fix pass reads nothing a lint would not.
   * A HostBackend function makes the host's backend instead (given the root and allowed paths).
   */
  constructor(root: string, backend?: FsBackend | HostBackend, allowed: string[] | null = null, layer?: FsLayer) {
    this.root = path.resolve(root);
    this.allowed = allowed ? allowed.map((a) => path.resolve(a)) : null;
    this.givenBackend = backend;
    this.layer = layer;
    this.base = typeof backend === "function" ? backend(this.root, this.allowed) : (backend ?? defaultHostBackend(this.root, this.allowed));
    this.backend = layer ? layer(this.base) : this.base;
    this.allowedPrefixes = this.allowed ? this.allowed.map((a) => (a.endsWith("/") ? a : a + "/")) : null;
  }

  /** Releases the directory descriptors a confined backend keeps (it reopens them on demand). */
  close(): void {
    if (this.base instanceof ConfinedBackend) this.base.close();
  }

  /** A RootFs over the whole host with the same kind of backend (for files named on the command line). */
  hostView(): RootFs {
    return new RootFs("/", this.givenBackend, null, this.layer);
  }

  /** Host path of a path inside the root. */
  hostPath(p: string): string {
    return this.root === "/" ? p : path.join(this.root, p);
  }

  /** True when the path may be read (repository mode restricts reading to the given paths). */
  isAllowed(p: string): boolean {
    if (!this.allowed) return true;
    const host = this.hostPath(p);
    const allowed = this.allowed;
    const prefixes = this.allowedPrefixes!;
    for (let i = 0; i < allowed.length; i++) if (host === allowed[i] || host.startsWith(prefixes[i]!)) return true;
    return false;
  }

  /**
   * Resolves every symlink in `p` inside the root (component by component, like realpath, but
   * absolute link targets are re-rooted). The final component's symlink is followed too.
   */
  resolve(p: string): Resolved {
    const cached = this.realCache.get(p);
    if (cached) return cached;
    const r = this.resolveUncached(p);
    this.realCache.set(p, r);
    return r;
  }

  private lstatHost(host: string): FsStat {
    let st = this.statCache.get(host);
    if (st === undefined) {
      try {
        st = this.backend.lstat(host);
      } catch (error) {
        st = { error };
      }
      this.statCache.set(host, st);
    }
    if ("error" in st) throw st.error;
    return st;
  }

  private readlinkHost(host: string): string {
    let t = this.linkCache.get(host);
    if (t === undefined) {
      try {
        t = this.backend.readlink(host);
      } catch (error) {
        t = { error };
      }
      this.linkCache.set(host, t);
    }
    if (typeof t !== "string") throw t.error;
    return t;
  }

  private resolveUncached(input: string): Resolved {
    let hops = 0;
    let nullLink = false;
    const normalized = path.posix.normalize(input);
    let pending: string[];
    let done = "/";
    const slash = normalized.lastIndexOf("/");
    const parent = slash > 0 ? normalized.slice(0, slash) : null;
    if (normalized.startsWith("/") && slash < normalized.length - 1 && parent !== null && this.physicalDirs.has(parent)) {
      // Same result as walking from "/": nothing on the way to `parent` is a symlink.
      done = parent;
      pending = [normalized.slice(slash + 1)];
    } else {
      pending = normalized.split("/").filter((c) => c !== "");
    }
    while (pending.length > 0) {
      const comp = pending.shift()!;
      if (comp === ".") continue;
      if (comp === "..") {
        done = path.posix.dirname(done);
        continue;
      }
      const next = path.posix.join(done, comp);
      if (!this.isAllowed(next) && !this.isAncestorOfAllowed(next)) {
        return { ok: false, path: input, error: "outside", detail: `${next} is outside the paths given` };
      }
      let st: FsStat;
      try {
        st = this.lstatHost(this.hostPath(next));
      } catch (e) {
        const err = classifyError(e);
        return { ok: false, path: input, error: err, detail: errnoOf(e) };
      }
      if (st.kind === "symlink") {
        if (++hops > MAX_SYMLINK_HOPS) {
          return { ok: false, path: input, error: "loop", detail: "too many levels of symbolic links" };
        }
        let target: string;
        try {
          target = this.readlinkHost(this.hostPath(next));
        } catch (e) {
          return { ok: false, path: input, error: classifyError(e), detail: errnoOf(e) };
        }
        if (pending.length === 0 && (target === "/dev/null" || path.posix.normalize(target) === "/dev/null")) {
          nullLink = true;
        }
        const base = target.startsWith("/") ? "/" : done;
        pending = [...target.split("/").filter((c) => c !== ""), ...pending];
        done = base;
        if (target.startsWith("/")) done = "/";
        continue;
      }
      if (pending.length > 0 && st.kind !== "dir") {
        return { ok: false, path: input, error: "missing", detail: "ENOTDIR" };
      }
      done = next;
      if (hops === 0 && st.kind === "dir") this.physicalDirs.add(done);
      if (pending.length === 0) {
        return { ok: true, path: done, kind: st.kind, size: st.size, nullLink };
      }
    }
    // The root itself.
    try {
      const st = this.lstatHost(this.hostPath(done));
      return { ok: true, path: done, kind: st.kind, size: st.size, nullLink };
    } catch (e) {
      return { ok: false, path: input, error: classifyError(e), detail: errnoOf(e) };
    }
  }

  private isAncestorOfAllowed(p: string): boolean {
    if (!this.allowed) return true;
    const host = this.hostPath(p);
    const prefix = host.endsWith("/") ? host : host + "/";
    return this.allowed.some((a) => a.startsWith(prefix));
  }

  /**
   * Host path of `p` with every symlink in its *parent* components resolved inside the root (as
   * lstat(2) and readlink(2) do on a real `/`: `/lib/systemd/system/x.service` with `/lib ->
   * usr/lib` names `/usr/lib/systemd/system/x.service`); the last component is kept as it is.
   * Null when the parent cannot be resolved (missing, a loop, outside the paths given) or is not
   * a directory. Never hands the backend a path through a symlink: the confined backend refuses
   * those, and a plain one would follow an absolute link out of the root.
   */
  private parentResolvedHost(p: string): string | null {
    const normalized = path.posix.normalize(p.startsWith("/") ? p : "/" + p);
    if (normalized === "/") return this.hostPath("/");
    const trimmed = normalized.endsWith("/") ? normalized.slice(0, -1) : normalized;
    const slash = trimmed.lastIndexOf("/");
    const parent = slash === 0 ? "/" : trimmed.slice(0, slash);
    const name = trimmed.slice(slash + 1);
    if (parent === "/" || this.physicalDirs.has(parent)) return this.hostPath(trimmed);
    const r = this.resolve(parent);
    if (!r.ok || r.kind !== "dir") return null;
    return this.hostPath(path.posix.join(r.path, name));
  }

  /** lstat of the path itself: symlinks in its parent components are followed (inside the root), the last one is not. */
  lstat(p: string): FsStat | null {
    const host = this.parentResolvedHost(p);
    if (host === null) return null;
    try {
      return this.lstatHost(host);
    } catch {
      return null;
    }
  }

  /** The symlink target text of `p` (parent components resolved as by lstat()), or null when it is not a symlink. */
  readlink(p: string): string | null {
    const host = this.parentResolvedHost(p);
    if (host === null) return null;
    try {
      return this.readlinkHost(host);
    } catch {
      return null;
    }
  }

  exists(p: string): boolean {
    return this.resolve(p).ok;
  }

  isDir(p: string): boolean {
    const r = this.resolve(p);
    return r.ok && r.kind === "dir";
  }

  /** Entries of a directory (after resolving symlinks), sorted; [] when missing or unreadable. */
  list(p: string): string[] {
    const r = this.listChecked(p);
    return r.ok ? r.entries : [];
  }

  /** Like list(), but says why a directory could not be listed (for an unreadable-file finding). */
  listChecked(p: string): { ok: true; entries: string[] } | { ok: false; error: "missing" | "denied" | "io" | "loop" | "outside" | "changed" | "not-dir"; detail: string } {
    const r = this.resolve(p);
    if (!r.ok) return { ok: false, error: r.error, detail: r.detail };
    if (r.kind !== "dir") return { ok: false, error: "not-dir", detail: r.kind };
    try {
      return { ok: true, entries: this.backend.readdir(this.hostPath(r.path)).sort() };
    } catch (e) {
      return { ok: false, error: classifyError(e), detail: errnoOf(e) };
    }
  }

  /** Reads a regular file (after resolving symlinks inside the root). Never opens a FIFO or device. */
  read(p: string, maxBytes = MAX_FILE_BYTES): ReadResult {
    const r = this.resolve(p);
    if (!r.ok) return { ok: false, error: r.error, detail: r.detail };
    if (r.kind !== "file") return { ok: false, error: "not-regular", detail: r.kind };
    if (r.size > maxBytes) return { ok: false, error: "too-large", detail: `${r.size} bytes` };
    this.readHostPaths.add(this.hostPath(r.path));
    try {
      return { ok: true, bytes: this.backend.readFile(this.hostPath(r.path), maxBytes) };
    } catch (e) {
      const code = errnoOf(e);
      if (code === "ENOTREG") return { ok: false, error: "not-regular", detail: "changed while reading" };
      if (code === "EFBIG") return { ok: false, error: "too-large", detail: "it grew while being read" };
      return { ok: false, error: classifyError(e), detail: code };
    }
  }

  /** Reads a file as text (UTF-8, invalid bytes as U+FFFD); null on any error. */
  readText(p: string, maxBytes = MAX_FILE_BYTES): string | null {
    const r = this.read(p, maxBytes);
    return r.ok ? Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength).toString("utf8") : null;
  }
}

/** Describes a read failure for a finding message. */
export function describeReadError(error: string, detail: string): string {
  switch (error) {
    case "missing":
      return "it does not exist";
    case "denied":
      return `permission denied (${detail})`;
    case "loop":
      return "a symbolic-link loop";
    case "not-regular":
      return `it is not a regular file (${detail})`;
    case "too-large":
      return `it is larger than astlint's ${MAX_FILE_BYTES / 1024 / 1024} MiB limit (${detail})`;
    case "outside":
      return "it lies outside the paths given";
    case "changed":
      return "it changed while astlint was reading it (another file or a symbolic link took its place); not read";
    default:
      return `an I/O error (${detail})`;
  }
}
