/**
 * Was the Asterisk binary named in ExecStart built with libsystemd (Asterisk main/io.c, main/asterisk.c `asterisk_daemon()` (`ast_sd_notify("READY=1")`); Asterisk main/io.c `#ifdef HAVE_SYSTEMD`, since 15.0.0)? Read
 * from its ELF dynamic section under the root; never executed. Cached per model.
 */
import { readElfNeeded } from "../io/elf.js";
import type { AsteriskInstance, SystemModel } from "./model.js";

export type LibsystemdState = { known: false } | { known: true; linked: boolean; path: string };

const cache = new WeakMap<SystemModel, Map<string, LibsystemdState>>();
const MAX_BINARY = 256 * 1024 * 1024;

export function libsystemdState(model: SystemModel, inst: AsteriskInstance): LibsystemdState {
  if (model.mode !== "root" || !inst.binaryPath || inst.binaryName !== "asterisk") return { known: false };
  let m = cache.get(model);
  if (!m) cache.set(model, (m = new Map()));
  const hit = m.get(inst.binaryPath);
  if (hit) return hit;
  let state: LibsystemdState = { known: false };
  const bytes = model.readBinary(inst.binaryPath, MAX_BINARY);
  if (bytes) {
    const info = readElfNeeded(bytes);
    if (info.elf && info.dynamic) state = { known: true, linked: info.needed.some((n) => n.startsWith("libsystemd.so")), path: inst.binaryPath };
  }
  m.set(inst.binaryPath, state);
  return state;
}

/** Does the asterisk-without-libsystemd rule fire for this instance? */
export function needsLibsystemd(inst: AsteriskInstance): boolean {
  const type = inst.service.get("Service", "Type")?.value;
  return type === "notify" || type === "notify-reload" || inst.sockets.length > 0;
}
