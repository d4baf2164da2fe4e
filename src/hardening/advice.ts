/**
 * astlint's own words for each exposure check: what an attacker who controls the service gains
 * when the check fails, the directives that decide it, and the line that fixes it.
 */
import type { SecurityCheckRow } from "../data/security-checks.js";
import { CAPABILITY_NAMES } from "./capabilities.js";
import { lookupTable } from "../core/lookup-table.js";

export interface CheckAdvice {
  /** One sentence: what the failing check lets a compromised service do. */
  description: string;
  /** Directives that decide the check (the first is the one to add). */
  keys: string[];
  /** The assignment that makes the check pass (for a drop-in). */
  fix: string;
}

const CAPABILITY_WHAT: Record<string, string> = lookupTable({
  CAP_SYS_ADMIN: "mount file systems, load BPF programs and do most other administration, which is close to full root",
  CAP_SET_UID_GID_PCAP: "switch to any user or group ID and hand capabilities to other processes",
  CAP_SYS_PTRACE: "trace and inject code into other processes, reading their memory and secrets",
  CAP_SYS_TIME: "set the system clock, breaking TLS validity checks, logs and time-based tokens",
  CAP_NET_ADMIN: "reconfigure interfaces, routes and firewall rules",
  CAP_SYS_RAWIO: "issue raw I/O to devices and I/O ports, bypassing file permissions",
  CAP_SYS_MODULE: "load kernel modules, that is, run arbitrary code in the kernel",
  CAP_AUDIT: "write to, reconfigure or read the kernel audit log, hiding its tracks",
  CAP_SYSLOG: "read the kernel log, which leaks kernel addresses useful for exploits",
  CAP_SYS_NICE_RESOURCE: "raise its scheduling priority and override resource limits, starving the host",
  CAP_MKNOD: "create device nodes that give direct access to disks and memory",
  CAP_CHOWN_FSETID_SETFCAP: "change file ownership, keep set-ID bits and set file capabilities",
  CAP_DAC_FOWNER_IPC_OWNER: "read and write any file regardless of its permissions",
  CAP_KILL: "send signals to processes of other users",
  "CAP_NET_BIND_SERVICE_BROADCAST_RAW)": "bind privileged ports, broadcast and forge raw packets",
  CAP_SYS_BOOT: "reboot the machine or load a new kernel",
  CAP_MAC: "change or bypass the mandatory access control policy (SELinux, AppArmor, Smack)",
  CAP_LINUX_IMMUTABLE: "clear the immutable and append-only flags protecting files",
  CAP_IPC_LOCK: "lock large amounts of memory, starving other processes",
  CAP_SYS_CHROOT: "call chroot(), a building block of several privilege escalations",
  CAP_BLOCK_SUSPEND: "prevent the system from suspending",
  CAP_WAKE_ALARM: "set alarms that wake the system up",
  CAP_LEASE: "take file leases that stall other processes opening the file",
  CAP_SYS_TTY_CONFIG: "reconfigure and hang up terminals",
  CAP_SYS_PACCT: "switch process accounting on or off",
  CAP_BPF: "load BPF programs and maps",
});

const SYSCALL_WHAT: Record<string, string> = lookupTable({
  swap: "turn swap devices on and off",
  obsolete: "use obsolete, rarely audited system calls",
  clock: "change the system clock",
  "cpu-emulation": "use CPU-emulation system calls (vm86, modify_ldt) with a history of kernel bugs",
  debug: "trace other processes and use debugging and performance interfaces",
  mount: "mount, unmount and pivot file systems",
  module: "load and unload kernel modules",
  "raw-io": "do raw port and PCI I/O",
  reboot: "reboot the machine or load a new kernel",
  privileged: "use system calls that only make sense with privileges",
  resources: "change scheduling, priorities and resource limits",
});

const NAMESPACE_WHAT: Record<string, string> = lookupTable({
  user: "create user namespaces, the entry point of many kernel privilege escalations",
  mnt: "create mount namespaces and rearrange the file system it sees",
  ipc: "create IPC namespaces",
  pid: "create PID namespaces",
  cgroup: "create cgroup namespaces",
  net: "create network namespaces",
  uts: "create UTS namespaces and change the host name inside them",
});

const AF_WHAT: Record<string, [string, string]> = lookupTable({
  RestrictAddressFamilies_AF_INET_INET6: ["open IPv4 and IPv6 sockets", "AF_INET AF_INET6"],
  RestrictAddressFamilies_AF_UNIX: ["open AF_UNIX sockets to talk to local daemons", "AF_UNIX"],
  RestrictAddressFamilies_AF_NETLINK: ["open netlink sockets to query and change kernel networking state", "AF_NETLINK"],
  RestrictAddressFamilies_AF_PACKET: ["open packet sockets to sniff and forge link-layer traffic", "AF_PACKET"],
  RestrictAddressFamilies_OTHER: ["open sockets of rarely used families whose kernel code is little audited", ""],
});

const FIXED: Record<string, CheckAdvice> = lookupTable({
  UserOrDynamicUser: { description: "The service runs as root (or as the shared nobody user), so a compromise owns the whole host.", keys: ["User", "DynamicUser"], fix: "DynamicUser=yes" },
  SupplementaryGroups: { description: "Extra groups give a non-root service access to files and devices beyond its own.", keys: ["SupplementaryGroups"], fix: "SupplementaryGroups=" },
  PrivateDevices: { description: "The service sees every device node in /dev, including raw disks and memory.", keys: ["PrivateDevices"], fix: "PrivateDevices=yes" },
  PrivateMounts: { description: "Mounts made by the service propagate to the host and host mounts propagate to it.", keys: ["PrivateMounts"], fix: "PrivateMounts=yes" },
  PrivateNetwork: { description: "The service can reach the network; without network access it could only use loopback.", keys: ["PrivateNetwork"], fix: "PrivateNetwork=yes" },
  PrivateTmp: { description: "The service shares /tmp and /var/tmp with every other process, open to symlink and race attacks.", keys: ["PrivateTmp"], fix: "PrivateTmp=yes" },
  PrivateUsers: { description: "The service sees the host's users and groups rather than a private user namespace.", keys: ["PrivateUsers"], fix: "PrivateUsers=yes" },
  ProtectControlGroups: { description: "The service can write to the cgroup tree and change limits of other units.", keys: ["ProtectControlGroups"], fix: "ProtectControlGroups=yes" },
  ProtectKernelModules: { description: "The service can load kernel modules if it has the privilege.", keys: ["ProtectKernelModules"], fix: "ProtectKernelModules=yes" },
  ProtectKernelTunables: { description: "The service can change kernel tunables under /proc/sys and /sys.", keys: ["ProtectKernelTunables"], fix: "ProtectKernelTunables=yes" },
  ProtectKernelLogs: { description: "The service can read and write the kernel log buffer.", keys: ["ProtectKernelLogs"], fix: "ProtectKernelLogs=yes" },
  ProtectClock: { description: "The service can change the system and hardware clocks.", keys: ["ProtectClock"], fix: "ProtectClock=yes" },
  ProtectHome: { description: "The service can read (and possibly write) users' home directories.", keys: ["ProtectHome"], fix: "ProtectHome=yes" },
  ProtectHostname: { description: "The service can change the host name and domain name.", keys: ["ProtectHostname"], fix: "ProtectHostname=yes" },
  ProtectSystem: { description: "The service can write to the operating system's files under /usr, /boot or /etc.", keys: ["ProtectSystem"], fix: "ProtectSystem=strict" },
  RootDirectoryOrRootImage: { description: "The service runs in the host's root file system instead of a dedicated one.", keys: ["RootDirectory", "RootImage"], fix: "RootDirectory=/PATH" },
  LockPersonality: { description: "The service can switch the execution domain (personality), enabling exotic and little tested kernel paths.", keys: ["LockPersonality"], fix: "LockPersonality=yes" },
  MemoryDenyWriteExecute: { description: "The service can create memory that is both writable and executable, which is how injected code runs.", keys: ["MemoryDenyWriteExecute"], fix: "MemoryDenyWriteExecute=yes" },
  NoNewPrivileges: { description: "Set-user-ID programs and file capabilities can still raise the service's privileges.", keys: ["NoNewPrivileges"], fix: "NoNewPrivileges=yes" },
  UMask: { description: "Files the service creates are readable (or writable) by other users by default.", keys: ["UMask"], fix: "UMask=0077" },
  KeyringMode: { description: "The service shares a kernel keyring with other processes, whose keys it can read.", keys: ["KeyringMode"], fix: "KeyringMode=private" },
  ProtectProc: { description: "The service can see every process in /proc, with their command lines and environments.", keys: ["ProtectProc"], fix: "ProtectProc=invisible" },
  ProcSubset: { description: "The service sees all of /proc, including kernel and hardware details it rarely needs.", keys: ["ProcSubset"], fix: "ProcSubset=pid" },
  NotifyAccess: { description: "Any process in the service's cgroup can send it status notifications, not only the main process.", keys: ["NotifyAccess"], fix: "NotifyAccess=main" },
  RemoveIPC: { description: "System V and POSIX IPC objects the service's user leaves behind survive the service.", keys: ["RemoveIPC"], fix: "RemoveIPC=yes" },
  Delegate: { description: "The service manages its own cgroup subtree and can change its own resource controls.", keys: ["Delegate"], fix: "Delegate=no" },
  RestrictRealtime: { description: "The service can take real-time scheduling and starve the rest of the system.", keys: ["RestrictRealtime"], fix: "RestrictRealtime=yes" },
  RestrictSUIDSGID: { description: "The service can create set-user-ID and set-group-ID files, a path to persistent privilege.", keys: ["RestrictSUIDSGID"], fix: "RestrictSUIDSGID=yes" },
  SystemCallArchitectures: { description: "The service can call system calls of other ABIs (such as 32-bit x86), which filters often miss.", keys: ["SystemCallArchitectures"], fix: "SystemCallArchitectures=native" },
  IPAddressDeny: { description: "The service can exchange packets with any IP address; no deny-all list limits it.", keys: ["IPAddressDeny", "IPAddressAllow"], fix: "IPAddressDeny=any" },
  DeviceAllow: { description: "The service may open device nodes that no device policy restricts.", keys: ["DevicePolicy", "DeviceAllow", "PrivateDevices"], fix: "DevicePolicy=closed" },
  AmbientCapabilities: { description: "The service hands capabilities to the programs it runs, even as a non-root user.", keys: ["AmbientCapabilities"], fix: "AmbientCapabilities=" },
});

const cache = new Map<string, CheckAdvice>();

/** Advice for a check (every check of the table has some). */
export function adviceFor(check: SecurityCheckRow): CheckAdvice {
  const hit = cache.get(check.id);
  if (hit) return hit;
  let a: CheckAdvice | undefined = FIXED[check.id];
  if (!a && check.kind === "capability") {
    const key = check.id.slice("CapabilityBoundingSet_".length);
    const caps = check.name.slice("CapabilityBoundingSet=~".length);
    a = {
      description: `The service keeps ${caps} in its bounding set, so it can ${CAPABILITY_WHAT[key] ?? "use these privileges"}.`,
      keys: ["CapabilityBoundingSet"],
      fix: `CapabilityBoundingSet=~${capabilityList(check)}`,
    };
  }
  if (!a && check.kind === "syscall-filter") {
    const g = (check.parameter as string).slice(1);
    a = {
      description: `No system call filter stops the service from the @${g} group: it can ${SYSCALL_WHAT[g] ?? "use these calls"}.`,
      keys: ["SystemCallFilter"],
      fix: `SystemCallFilter=~@${g}`,
    };
  }
  if (!a && check.kind === "namespace") {
    const n = check.parameter as string;
    a = { description: `The service can ${NAMESPACE_WHAT[n]}.`, keys: ["RestrictNamespaces"], fix: `RestrictNamespaces=~${n}` };
  }
  if (!a && AF_WHAT[check.id]) {
    const [what, fams] = AF_WHAT[check.id];
    a = { description: `No address-family restriction stops the service: it can ${what}.`, keys: ["RestrictAddressFamilies"], fix: fams ? `RestrictAddressFamilies=~${fams}` : "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6" };
  }
  if (!a) throw new Error(`no advice for exposure check ${check.id}`);
  cache.set(check.id, a);
  return a;
}

/** The capability names a bounding-set check is about, from its display name. */
function capabilityList(check: SecurityCheckRow): string {
  const bits = check.parameter as readonly number[];
  return bits.map((b) => CAP_NAME_BY_BIT[b]).join(" ");
}

const CAP_NAME_BY_BIT: Record<number, string> = Object.fromEntries(CAPABILITY_NAMES.map((n, i) => [i, n]));

/**
 * The description of a check that passes only in part (a badness between 0 and its range),
 * where the generic sentence would overstate it; undefined when the generic one fits.
 */
export function partialDescription(check: SecurityCheckRow, badness: number): string | undefined {
  if (badness >= check.range) return undefined;
  switch (check.kind) {
    case "device-allow":
      return "The device policy is closed, but DeviceAllow= entries (including char-rtc, which ProtectClock= adds) still open some device nodes.";
    case "protect-system":
      return badness === 3
        ? "ProtectSystem=full keeps /usr, /boot and /etc read-only, but the service can still write everywhere else (strict would stop that)."
        : "ProtectSystem=yes keeps /usr and /boot read-only, but the service can still write to /etc and everywhere else.";
    case "protect-home":
      return badness === 1 ? "Home directories are replaced by an empty tmpfs, which the service can still write to." : "The service can still read users' home directories (read-only).";
    case "ip-address":
      return badness === 2 ? "IP traffic is denied except to and from localhost." : "IP traffic is denied except to some allowed networks beyond localhost.";
    case "syscall-filter":
      return `The service's system call allow list still lets it use calls from the ${check.parameter as string} group.`;
    case "syscall-archs":
      return "System calls are limited to some architectures, but not to exactly \"native\" (the only value the rating accepts).";
    case "umask":
      return "Files the service creates are readable by some other users (group or others) by default.";
    case "user":
      return "The service runs as the shared nobody user, whose files and processes every other such service can reach.";
    default:
      return undefined;
  }
}
