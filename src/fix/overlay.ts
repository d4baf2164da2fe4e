/**
 * A file-system backend that shows fixed contents over another one: --fix lints the fixed
 * text again (up to ten passes) before anything is written, and --diff never writes.
 *
 * The fixed text is shared by every view (`over(base)`): each lint pass builds its own RootFs,
 * whose backend (the race-proof ConfinedBackend of src/io/confined.ts, or an injected one) the
 * overlay wraps, so a fix pass reads the host exactly as a plain lint does.
 */
import * as path from "node:path";
import type { FsBackend, FsStat } from "../io/fs.js";

function enoent(p: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
}

/** The fixed and created files, by host path (what every view shows). */
export class OverlayFiles {
  readonly files = new Map<string, Uint8Array>();
  /** Directories that exist only in the overlay (parents of created files): their extra entries. */
  readonly dirs = new Map<string, Set<string>>();

  /** A view of these files over `base`. */
  over(base: FsBackend): OverlayBackend {
    return new OverlayBackend(base, this);
  }
}

export class OverlayBackend implements FsBackend {
  readonly files: Map<string, Uint8Array>;
  private readonly dirs: Map<string, Set<string>>;

  constructor(
    readonly base: FsBackend,
    shared: OverlayFiles = new OverlayFiles(),
  ) {
    this.files = shared.files;
    this.dirs = shared.dirs;
  }

  private baseExists(p: string): boolean {
    try {
      this.base.lstat(p);
      return true;
    } catch {
      return false;
    }
  }

  set(hostPath: string, bytes: Uint8Array): void {
    this.files.set(hostPath, bytes);
    // Created files: make their missing parents appear, and list them in their directory.
    let child = hostPath;
    let dir = path.dirname(hostPath);
    while (dir !== child) {
      const entries = this.dirs.get(dir) ?? new Set<string>();
      entries.add(path.basename(child));
      this.dirs.set(dir, entries);
      if (this.baseExists(dir)) break;
      child = dir;
      dir = path.dirname(dir);
    }
  }

  lstat(p: string): FsStat {
    const f = this.files.get(p);
    if (f) {
      let nlink: number | undefined;
      try {
        nlink = this.base.lstat(p).nlink;
      } catch {
        // a file the fixes create
      }
      return { kind: "file", size: f.length, nlink };
    }
    try {
      return this.base.lstat(p);
    } catch (e) {
      if (this.dirs.has(p)) return { kind: "dir", size: 0 };
      throw e;
    }
  }

  readlink(p: string): string {
    if (this.files.has(p)) throw Object.assign(new Error("EINVAL"), { code: "EINVAL" });
    return this.base.readlink(p);
  }

  readdir(p: string): string[] {
    const extra = this.dirs.get(p);
    let entries: string[] = [];
    try {
      entries = this.base.readdir(p);
    } catch (e) {
      if (!extra) throw e;
    }
    if (!extra) return entries;
    return [...new Set([...entries, ...extra])];
  }

  readFile(p: string, maxBytes: number): Uint8Array {
    const f = this.files.get(p);
    if (f) return f.subarray(0, maxBytes);
    if (this.dirs.has(p)) throw enoent(p);
    return this.base.readFile(p, maxBytes);
  }
}
