/**
 * The host opened as astlint opens it (a ConfinedBackend), with `onOpen` called between
 * "checked" and "opened" for every file and directory: the window a concurrent writer races.
 * The race tests swap a file for a symbolic link there, deterministically.
 */
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
