/**
 * The host opened as astlint opens it (a ConfinedBackend), with `onOpen` called between
 * "checked" and "opened" for every file and directory: the window a concurrent writer races.
 * The race tests swap a file for a symbolic link there, deterministically.
 */
import * as fs from "node:fs";
import type { Io } from "../../src/cli/main.js";
import { ConfinedBackend } from "../../src/io/confined.js";
import type { HostBackend } from "../../src/io/fs.js";

export function observedHost(onOpen: (hostPath: string) => void): HostBackend {
  class Observed extends ConfinedBackend {
    protected override openAt(parentFd: number, name: string, flags: number, hostPath: string): number {
      onOpen(hostPath);
      return super.openAt(parentFd, name, flags, hostPath);
    }
  }
  return (root, allowed) => new Observed(root, allowed);
}

/** What a race test does at each open (tests set it, and clear it after each test). */
export interface OpenWatch {
  onOpen?: (hostPath: string) => void;
}

/** An Io for main() that collects the output and reads the host through observedHost(watch.onOpen). */
export function observedIo(cwd: string, watch: OpenWatch): { io: Io; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), isTTY: false, env: {}, cwd, fsBackend: observedHost((host) => watch.onOpen?.(host)) };
  return { io, out: () => out.join(""), err: () => err.join("") };
}

/**
 * An onOpen that, the first time astlint is about to open something below `dir`, moves `dir` aside
 * and puts a symbolic link to `target` in its place; `swapped()` says whether it happened.
 */
export function swapDirOnFirstOpen(dir: string, target: string): { onOpen: (hostPath: string) => void; swapped: () => boolean } {
  let done = false;
  return {
    onOpen: (host) => {
      if (done || !host.startsWith(dir)) return;
      done = true;
      fs.renameSync(dir, dir + ".orig");
      fs.symlinkSync(target, dir);
    },
    swapped: () => done,
  };
}
