/**
 * Was the Asterisk binary named in ExecStart built with libsystemd? Read from its ELF dynamic
 * section under the root (NEEDED entries, as `readelf -d` shows them); never executed. Read by
 * the model builder's binaries phase, only for instances a rule judges by it.
 */
import { readElfNeeded } from "../io/elf.js";
import type { RootFs } from "../io/fs.js";
import type { AsteriskInstance, SystemModel } from "./model.js";

export type LibsystemdState = { known: false } | { known: true; linked: boolean; path: string };

const MAX_BINARY = 256 * 1024 * 1024;

/**
 * Whether the binaries phase reads this instance's binary (root mode, `asterisk` itself, a known
 * path). Every such instance has a consumer: asterisk-without-libsystemd judges Type=notify and
 * socket-activated ones, service-type-notify all others (its advice depends on the linkage).
 */
export function binaryWanted(mode: SystemModel["mode"], inst: AsteriskInstance): boolean {
  return mode === "root" && inst.binaryPath !== null && inst.binaryName === "asterisk";
}

/** Reads the ELF header and dynamic section of one binary. */
export function readLibsystemdState(fs: RootFs, binaryPath: string): LibsystemdState {
  const r = fs.read(binaryPath, MAX_BINARY);
  if (!r.ok) return { known: false };
  const info = readElfNeeded(r.bytes);
  if (info.elf && info.dynamic) return { known: true, linked: info.needed.some((n) => n.startsWith("libsystemd.so")), path: binaryPath };
  return { known: false };
}

/** What the binaries phase found for this instance ({known: false} when it was not read). */
export function libsystemdState(model: SystemModel, inst: AsteriskInstance): LibsystemdState {
  return (inst.binaryPath !== null && model.binaries.get(inst.binaryPath)) || { known: false };
}

/** Does a rule judge this instance by its binary (Type=notify or socket activation)? */
export function needsLibsystemd(inst: AsteriskInstance): boolean {
  const type = inst.service.get("Service", "Type")?.value;
  return type === "notify" || type === "notify-reload" || inst.sockets.length > 0;
}
