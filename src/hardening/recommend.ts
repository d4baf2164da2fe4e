/**
 * Which settings lower a service's exposure most, for the service-exposure rule: each candidate
 * is applied to a copy of the service's state and the service re-rated, so the gain is exactly
 * what systemd-analyze would show. Candidates the target systemd lacks are left out; for an
 * Asterisk service only hardening that cannot break Asterisk is proposed (see
 * asterisk-hardening.ts for what is withheld and why).
 */
import { directiveInfo } from "../values/directive-table.js";
import { SYSCALL_GROUPS, KNOWN_SYSCALLS } from "../data/security-checks.js";
import { assess } from "./assess.js";
import { capBit, capNumber } from "./capabilities.js";
import type { SecurityInfo } from "./security-info.js";

export interface Candidate {
  /** Directive(s) the candidate adds, first = the one whose version matters. */
  keys: string[];
  /** Assignments for the drop-in. */
  lines: string[];
  apply(info: SecurityInfo): void;
  /** Why it is not in the ready drop-in by default (it breaks services that need ...). */
  caution?: string;
}

export interface Recommendation extends Candidate {
  /** How much the score drops (tenths) with this candidate alone. */
  gainTenths: number;
}

/** Capabilities few daemons need (dropping them rarely breaks anything). */
export const RARELY_NEEDED_CAPS = [
  "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_BOOT", "CAP_SYS_TIME", "CAP_MAC_ADMIN", "CAP_MAC_OVERRIDE", "CAP_LINUX_IMMUTABLE",
  "CAP_SYS_TTY_CONFIG", "CAP_SYS_PACCT", "CAP_BPF", "CAP_MKNOD", "CAP_AUDIT_CONTROL", "CAP_AUDIT_READ", "CAP_AUDIT_WRITE",
  "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_LEASE", "CAP_SYS_PTRACE", "CAP_IPC_LOCK", "CAP_SYS_CHROOT",
];

/** System-call groups few daemons need. */
export const RARELY_NEEDED_SYSCALL_GROUPS = ["@swap", "@obsolete", "@clock", "@cpu-emulation", "@debug", "@mount", "@module", "@raw-io", "@reboot"];

function flag(key: string, field: string, caution?: string): Candidate {
  return { keys: [key], lines: [`${key}=yes`], apply: (i) => void (i.flags[field] = true), caution };
}

function dropCaps(caps: string[], caution?: string): Candidate {
  return {
    keys: ["CapabilityBoundingSet"],
    lines: [`CapabilityBoundingSet=~${caps.join(" ")}`],
    apply: (i) => {
      for (const c of caps) i.capabilityBoundingSet &= ~capBit(capNumber(c)!);
    },
    caution,
  };
}

function denySyscalls(groups: string[], caution?: string): Candidate {
  return {
    keys: ["SystemCallFilter"],
    lines: [`SystemCallFilter=~${groups.join(" ")}`],
    apply: (i) => {
      // Deny-list semantics: every member of the groups is listed.
      if (i.syscallAllowList) return;
      i.syscallFilter = denyListed(i.syscallFilter, groups);
    },
    caution,
  };
}


function denyListed(current: Map<string, boolean>, groups: string[]): Map<string, boolean> {
  const out = new Map(current);
  const add = (n: string, depth: number) => {
    if (n.startsWith("@")) {
      if (depth < 8) for (const m of SYSCALL_GROUPS[n] ?? []) add(m, depth + 1);
    } else if (KNOWN_SYSCALLS.has(n)) out.set(n, false);
  };
  for (const g of groups) add(g, 0);
  return out;
}

/** The generic candidates, roughly from most to least commonly safe. */
export function genericCandidates(info: SecurityInfo): Candidate[] {
  const c: Candidate[] = [
    {
      keys: ["ProtectSystem"],
      lines: ["ProtectSystem=strict"],
      apply: (i) => void (i.protectSystem = "strict"),
      caution: "the whole file system becomes read-only: list the directories the service writes in ReadWritePaths= (or StateDirectory=, LogsDirectory=)",
    },
    { keys: ["ProtectHome"], lines: ["ProtectHome=yes"], apply: (i) => void (i.protectHome = "yes"), caution: "the service must not need anything under /home, /root or /run/user" },
    flag("PrivateTmp", "private_tmp"),
    flag("PrivateDevices", "private_devices", "the service must not need device nodes beyond /dev/null, /dev/zero, /dev/random and the like"),
    flag("ProtectKernelTunables", "protect_kernel_tunables"),
    flag("ProtectKernelModules", "protect_kernel_modules"),
    flag("ProtectKernelLogs", "protect_kernel_logs"),
    flag("ProtectControlGroups", "protect_control_groups"),
    flag("ProtectClock", "protect_clock"),
    flag("ProtectHostname", "protect_hostname"),
    flag("LockPersonality", "lock_personality"),
    flag("RestrictRealtime", "restrict_realtime"),
    flag("RestrictSUIDSGID", "restrict_suid_sgid"),
    flag("PrivateMounts", "private_mounts"),
    flag("NoNewPrivileges", "no_new_privileges", "set-user-ID helpers the service runs (sendmail, sudo, ping) stop working"),
    flag("MemoryDenyWriteExecute", "memory_deny_write_execute", "JIT compilers (Java, Node.js, PHP with JIT, LuaJIT) the service runs stop working"),
    flag("PrivateUsers", "private_users", "the service can no longer change to other users or see their files' real owners"),
    flag("PrivateNetwork", "private_network", "the service loses all network access but loopback inside its own namespace"),
    {
      keys: ["RestrictNamespaces"],
      lines: ["RestrictNamespaces=yes"],
      apply: (i) => void (i.namespacesAllowed = 0),
      caution: "container runtimes and sandboxing programs (browsers, bubblewrap) the service starts need namespaces",
    },
    {
      keys: ["SystemCallArchitectures"],
      lines: ["SystemCallArchitectures=native"],
      apply: (i) => void (i.syscallArchs = new Set(["native"])),
      caution: "32-bit programs the service runs stop working",
    },
    denySyscalls(RARELY_NEEDED_SYSCALL_GROUPS),
    denySyscalls(["@privileged", "@resources"], "the service can no longer change users, priorities or resource limits itself"),
    dropCaps(RARELY_NEEDED_CAPS),
    {
      keys: ["RestrictAddressFamilies"],
      lines: ["RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK"],
      apply: (i) => {
        i.flags.restrict_address_family_packet = true;
        i.flags.restrict_address_family_other = true;
      },
      caution: "raw packet sockets (DHCP clients, sniffers), Bluetooth and other families stop working",
    },
    {
      keys: ["ProtectProc"],
      lines: ["ProtectProc=invisible"],
      apply: (i) => void (i.protectProc = "invisible"),
      caution: "a non-root service can no longer see other users' processes (monitoring agents need that)",
    },
    { keys: ["ProcSubset"], lines: ["ProcSubset=pid"], apply: (i) => void (i.procSubset = "pid"), caution: "the service can no longer read /proc/cpuinfo, /proc/meminfo and other system-wide files" },
    { keys: ["UMask"], lines: ["UMask=0077"], apply: (i) => void (i.umask = 0o077), caution: "files the service creates are no longer readable by other users" },
    {
      keys: ["IPAddressDeny"],
      lines: ["IPAddressDeny=any", "IPAddressAllow=localhost"],
      apply: (i) => {
        i.ipDenyAll = true;
        i.ipAllowLocalhost = true;
        i.ipAllowOther = false;
      },
      caution: "the service can only exchange packets with this host",
    },
    { keys: ["DevicePolicy"], lines: ["DevicePolicy=closed"], apply: (i) => void (i.devicePolicy = i.devicePolicy === "auto" ? "closed" : i.devicePolicy), caution: "the service can open only the pseudo devices and DeviceAllow= entries" },
  ];
  if (info.user === "" || info.user === "root" || info.user === "0") {
    c.push({
      keys: ["DynamicUser"],
      lines: ["DynamicUser=yes"],
      apply: (i) => {
        i.dynamicUser = true;
        i.user = "dynamic";
        i.flags.private_tmp = true;
        i.flags.remove_ipc = true;
        i.flags.no_new_privileges = true;
        i.flags.restrict_suid_sgid = true;
        i.protectSystem = "strict";
        if (i.protectHome === "no") i.protectHome = "read-only";
      },
      caution: "the service runs as a transient user: it must not need root nor own files outside StateDirectory= and the like",
    });
  } else {
    c.push(flag("RemoveIPC", "remove_ipc"));
  }
  return c;
}

function cloneInfo(i: SecurityInfo): SecurityInfo {
  return { ...i, flags: { ...i.flags }, syscallArchs: new Set(i.syscallArchs), syscallFilter: new Map(i.syscallFilter), origins: i.origins };
}

/** Does the target systemd know every directive of the candidate? */
export function supported(c: Candidate, version: number): boolean {
  return c.keys.every((k) => {
    const info = directiveInfo("Service", k);
    return !info || info.since <= version;
  });
}

/** Rates each candidate alone; keeps those that lower the score, best first. */
export function rankCandidates(info: SecurityInfo, candidates: Candidate[], version: number): Recommendation[] {
  const base = assess(info).exposureTenths;
  const out: Recommendation[] = [];
  for (const c of candidates) {
    if (!supported(c, version)) continue;
    const copy = cloneInfo(info);
    c.apply(copy);
    const gain = base - assess(copy).exposureTenths;
    if (gain > 0) out.push({ ...c, gainTenths: gain });
  }
  return out.sort((a, b) => b.gainTenths - a.gainTenths);
}

/** The score after applying several candidates together. */
export function scoreWith(info: SecurityInfo, candidates: Candidate[]): number {
  const copy = cloneInfo(info);
  for (const c of candidates) c.apply(copy);
  return assess(copy).exposureTenths;
}
