/**
 * Linux capabilities by number (include/uapi/linux/capability.h) and the capability-set
 * parser of systemd's `CapabilityBoundingSet=` / `AmbientCapabilities=`
 * (src/core/load-fragment.c config_parse_capability_set and
 * src/basic/cap-list.c capability_from_name, systemd v252).
 */

export const CAPABILITY_NAMES: readonly string[] = [
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
  "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
  "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
  "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
  "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
  "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
  "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
];

const BY_NAME = new Map(CAPABILITY_NAMES.map((n, i) => [n.toLowerCase(), i]));

/** Every bit of a 64-bit set (systemd's "all capabilities" starting value). */
export const CAP_ALL = (1n << 64n) - 1n;

export function capBit(n: number): bigint {
  return 1n << BigInt(n);
}

export function capNumber(name: string): number | null {
  const byName = BY_NAME.get(name.toLowerCase());
  if (byName !== undefined) return byName;
  // capability_from_name() also takes a plain number below 64.
  if (/^\d+$/.test(name) && Number(name) < 64) return Number(name);
  return null;
}

/**
 * Applies one assignment to a capability set: an empty set (`=`, `=~`, or only unknown names)
 * or a set still at its starting value is replaced (`~X` -> everything but X); otherwise the
 * names are added (plain) or removed (`~`).
 */
export function applyCapabilityAssignment(current: bigint, initial: bigint, value: string): bigint {
  let v = value.trim();
  let invert = false;
  if (v.startsWith("~")) {
    invert = true;
    v = v.slice(1);
  }
  let sum = 0n;
  for (const word of v.split(/\s+/)) {
    if (word === "") continue;
    const n = capNumber(word.replace(/^"(.*)"$/, "$1"));
    if (n !== null) sum |= capBit(n);
  }
  if (sum === 0n || current === initial) return invert ? ~sum & CAP_ALL : sum;
  return invert ? current & ~sum : current | sum;
}
