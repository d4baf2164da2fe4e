/**
 * What `systemd-analyze security --offline=true` reads from a service, computed from the
 * unit's assignments (fragment, then drop-ins) the way PID 1's parsers would leave them
 * (src/core/load-fragment.c at v252), with the defaults and implications systemd applies
 * before the assessment (src/core/unit.c unit_patch_contexts, service_init,
 * exec_context_init) and the offline copy (src/analyze/analyze-security.c get_security_info).
 *
 * Settings the target systemd version does not know are ignored, as that systemd ignores them.
 * Every field remembers the assignment that last shaped it, so a check can point at it.
 */
import type { Setting, Unit } from "../model/model.js";
import { expandSpecifiers, type UnitName } from "../model/unit-names.js";
import { appliedAssignments } from "../model/service-verify.js";
import { directiveInfo } from "../values/directive-table.js";
import { parseBoolean } from "../values/check-core.js";
import { ADDRESS_FAMILIES } from "../values/check-sandbox.js";
import { ipAccessEntrySet } from "../firewall/ip-address-access.js";
import { applyCapabilityAssignment, capBit, capNumber, CAP_ALL } from "./capabilities.js";
import { KNOWN_SYSCALLS, SYSCALL_GROUPS } from "../data/security-checks.js";

export const NAMESPACES = ["cgroup", "ipc", "net", "mnt", "pid", "user", "uts"] as const;
const ALL_NAMESPACES = (1 << NAMESPACES.length) - 1;
/** "Not set": every namespace allowed, and the next list replaces instead of merging. */
const NAMESPACES_INITIAL = -1;

export type ProtectHome = "no" | "yes" | "read-only" | "tmpfs";
export type ProtectSystem = "no" | "yes" | "full" | "strict";

export interface SecurityInfo {
  unit: Unit;
  /** Name the check reports (a template is rated as its instance `i`, as systemd does offline). */
  ratedAs: string;
  user: string;
  dynamicUser: boolean;
  supplementaryGroups: boolean;
  /** assess_bool fields, by systemd's SecurityInfo member name. */
  flags: Record<string, boolean>;
  protectHome: ProtectHome;
  protectSystem: ProtectSystem;
  rootDirectory: boolean;
  defaultDependencies: boolean;
  umask: number;
  keyringMode: string;
  protectProc: string;
  procSubset: string;
  notifyAccess: string;
  ambientCapabilities: bigint;
  capabilityBoundingSet: bigint;
  /** Bit i set: NAMESPACES[i] may still be created. */
  namespacesAllowed: number;
  syscallArchs: Set<string>;
  syscallAllowList: boolean;
  /** Syscall -> carries an errno (`~name:EPERM` inside an allow list). */
  syscallFilter: Map<string, boolean>;
  ipCustomFilters: boolean;
  ipDenyAll: boolean;
  ipAllowLocalhost: boolean;
  ipAllowOther: boolean;
  devicePolicy: string;
  deviceAllow: number;
  /** The assignment that last shaped each directive (by key), for pointing at it. */
  origins: Map<string, Setting>;
  /** Settings present in the files but unknown to the target version (ignored). */
  ignoredForVersion: Setting[];
}

function words(value: string): string[] {
  return value
    .split(/\s+/)
    .filter((w) => w !== "")
    .map((w) => w.replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1"));
}

const AF_NUMBER = new Map<string, string>();
for (const f of ADDRESS_FAMILIES) {
  const lower = f.toLowerCase();
  const bucket =
    lower === "af_inet" || lower === "af_inet6"
      ? "inet"
      : ["af_unix", "af_local", "af_file"].includes(lower)
        ? "unix"
        : ["af_netlink", "af_route"].includes(lower)
          ? "netlink"
          : lower === "af_packet"
            ? "packet"
            : "other";
  AF_NUMBER.set(lower, bucket);
}

const SYSCALL_ARCHS = new Set([
  "native", "x86", "x86-64", "x32", "arm", "arm64", "mips", "mips64", "mips64-n32", "mipsel", "mipsel64", "mipsel64-n32",
  "ppc", "ppc64", "ppc64-le", "s390", "s390x", "riscv64", "parisc", "parisc64",
]);

const KEYRING_MODES = ["inherit", "private", "shared"];
const PROTECT_PROC = ["noaccess", "invisible", "ptraceable", "default"];
const PROC_SUBSET = ["all", "pid"];
const NOTIFY_ACCESS = ["none", "main", "exec", "all"];
const DEVICE_POLICIES = ["auto", "closed", "strict"];

/** Expands a `@group` (recursively) or a name into the syscall names libseccomp knows. */
function expandSyscall(name: string, out: string[], depth = 0): void {
  if (name.startsWith("@")) {
    const members = SYSCALL_GROUPS[name];
    if (!members || depth > 8) return;
    for (const m of members) expandSyscall(m, out, depth + 1);
    return;
  }
  if (KNOWN_SYSCALLS.has(name)) out.push(name);
}

const ERRNO_SPEC = /^([A-Za-z0-9_@-]+)(?::([A-Za-z0-9]+))?$/;

/** A unit name rated the way `systemd-analyze security` rates it (template -> instance `i`). */
function ratedName(unit: Unit): UnitName {
  if (unit.instance === "") return { name: `${unit.prefix}@i.${unit.type}`, type: unit.type, prefix: unit.prefix, instance: "i" };
  return { name: unit.name, type: unit.type, prefix: unit.prefix, instance: unit.instance };
}

/** Computes the security-relevant state of a service for systemd `version`. */
export function securityInfo(unit: Unit, version: number): SecurityInfo {
  const un = ratedName(unit);
  const expand = (v: string) => expandSpecifiers(v, { name: un, fragmentPath: unit.fragment?.path });
  const origins = new Map<string, Setting>();
  const ignoredForVersion: Setting[] = [];
  const known = new Map<string, boolean>();
  const applies = (s: Setting): boolean => {
    const k = `${s.section}\0${s.key}`;
    let ok = known.get(k);
    if (ok === undefined) {
      const info = directiveInfo(s.section, s.key);
      ok = !info || info.since <= version;
      known.set(k, ok);
    }
    if (!ok) ignoredForVersion.push(s);
    return ok;
  };
  const byKey = new Map<string, Setting[]>();
  // A drop-in systemd stops reading at a fatal line loses the lines after it.
  for (const s of appliedAssignments(unit, version)) {
    if (s.section !== "Service" && !(s.section === "Unit" && s.key === "DefaultDependencies")) continue;
    if (!applies(s)) continue;
    const l = byKey.get(s.key);
    if (l) l.push(s);
    else byKey.set(s.key, [s]);
  }
  /** Folds every assignment of `key`; `apply` returns false when systemd ignores the value. */
  function fold(key: string, apply: (value: string, s: Setting) => boolean | void): void {
    for (const s of byKey.get(key) ?? []) {
      if (apply(s.value, s) !== false) origins.set(key, s);
    }
  }
  function bool(key: string, initial = false): boolean {
    let v = initial;
    fold(key, (value) => {
      const b = parseBoolean(value);
      if (b === null) return false;
      v = b;
    });
    return v;
  }
  function choice<T extends string>(key: string, initial: T, allowed: readonly string[], empty?: T): T {
    let v = initial;
    fold(key, (value) => {
      if (value === "" && empty !== undefined) v = empty;
      else if (allowed.includes(value)) v = value as T;
      else return false;
    });
    return v;
  }

  let user = "";
  fold("User", (value) => {
    user = expand(value);
  });
  const dynamicUser = bool("DynamicUser");
  let supplementaryGroups = false;
  fold("SupplementaryGroups", (value) => {
    supplementaryGroups = value === "" ? false : supplementaryGroups || words(value).length > 0;
  });

  const flags: Record<string, boolean> = {};
  for (const [field, key] of [
    ["private_devices", "PrivateDevices"],
    ["private_mounts", "PrivateMounts"],
    ["private_network", "PrivateNetwork"],
    ["private_tmp", "PrivateTmp"],
    ["private_users", "PrivateUsers"],
    ["protect_control_groups", "ProtectControlGroups"],
    ["protect_kernel_modules", "ProtectKernelModules"],
    ["protect_kernel_tunables", "ProtectKernelTunables"],
    ["protect_kernel_logs", "ProtectKernelLogs"],
    ["protect_clock", "ProtectClock"],
    ["protect_hostname", "ProtectHostname"],
    ["lock_personality", "LockPersonality"],
    ["memory_deny_write_execute", "MemoryDenyWriteExecute"],
    ["no_new_privileges", "NoNewPrivileges"],
    ["restrict_realtime", "RestrictRealtime"],
    ["restrict_suid_sgid", "RestrictSUIDSGID"],
    ["remove_ipc", "RemoveIPC"],
  ] as const) {
    flags[field] = bool(key);
  }
  // Delegate=: a boolean, or a list of controllers (which turns it on); empty turns it on too.
  let delegate = false;
  fold("Delegate", (value) => {
    const b = parseBoolean(value);
    delegate = b === null ? true : b;
  });
  flags.delegate = delegate;

  let protectHome: ProtectHome = "no";
  fold("ProtectHome", (value) => {
    const b = parseBoolean(value);
    if (b !== null) protectHome = b ? "yes" : "no";
    else if (value === "read-only" || value === "tmpfs") protectHome = value;
    else return false;
  });
  let protectSystem: ProtectSystem = "no";
  fold("ProtectSystem", (value) => {
    const b = parseBoolean(value);
    if (b !== null) protectSystem = b ? "yes" : "no";
    else if (value === "full" || value === "strict") protectSystem = value;
    else return false;
  });
  let rootDir = "";
  let rootImage = "";
  fold("RootDirectory", (value) => {
    rootDir = expand(value);
  });
  fold("RootImage", (value) => {
    rootImage = expand(value);
  });
  const defaultDependencies = bool("DefaultDependencies", true);

  let umask = 0o022;
  fold("UMask", (value) => {
    if (!/^[0-7]{1,4}$/.test(value)) return false;
    umask = parseInt(value, 8);
  });
  const keyringMode = choice("KeyringMode", "private", KEYRING_MODES);
  const protectProc = choice("ProtectProc", "default", PROTECT_PROC);
  const procSubset = choice("ProcSubset", "all", PROC_SUBSET);
  let notifyAccess: string = choice("NotifyAccess", "none", NOTIFY_ACCESS);

  let ambientCapabilities = 0n;
  fold("AmbientCapabilities", (value) => {
    ambientCapabilities = applyCapabilityAssignment(ambientCapabilities, 0n, value);
  });
  let capabilityBoundingSet = CAP_ALL;
  fold("CapabilityBoundingSet", (value) => {
    capabilityBoundingSet = applyCapabilityAssignment(capabilityBoundingSet, CAP_ALL, value);
  });

  let namespaces = NAMESPACES_INITIAL;
  fold("RestrictNamespaces", (value) => {
    const b = parseBoolean(value);
    if (b !== null) {
      namespaces = b ? 0 : ALL_NAMESPACES;
      return;
    }
    if (value === "") {
      namespaces = NAMESPACES_INITIAL;
      return;
    }
    const invert = value.startsWith("~");
    let set = 0;
    for (const w of words(invert ? value.slice(1) : value)) {
      const i = (NAMESPACES as readonly string[]).indexOf(w);
      if (i < 0) return false; // namespace_flags_from_string fails: the line is ignored
      set |= 1 << i;
    }
    if (namespaces === NAMESPACES_INITIAL) namespaces = invert ? ~set & ALL_NAMESPACES : set;
    else namespaces = invert ? namespaces & ~set : namespaces | set;
  });

  // RestrictAddressFamilies=
  let afSet: Set<string> | null = null;
  let afAllowList = false;
  fold("RestrictAddressFamilies", (value) => {
    if (value === "") {
      afSet = null;
      afAllowList = false;
      return;
    }
    if (value === "none") {
      afSet = null;
      afAllowList = true;
      return;
    }
    const invert = value.startsWith("~");
    if (!afSet) {
      afSet = new Set();
      afAllowList = !invert;
    }
    for (const w of words(invert ? value.slice(1) : value)) {
      const bucket = AF_NUMBER.get(w.toLowerCase());
      if (!bucket) continue;
      // Families are kept by number; the bucket is enough to score, but aliases share a number.
      const id = canonicalFamily(w.toLowerCase());
      if (!invert === afAllowList) afSet.add(id);
      else afSet.delete(id);
    }
  });
  for (const b of ["inet", "unix", "netlink", "packet", "other"]) flags[`restrict_address_family_${b}`] = afAllowList;
  for (const id of (afSet as Set<string> | null) ?? []) flags[`restrict_address_family_${AF_NUMBER.get(id)}`] = !afAllowList;

  const syscallArchs = new Set<string>();
  fold("SystemCallArchitectures", (value) => {
    if (value === "") {
      syscallArchs.clear();
      return;
    }
    for (const w of words(value)) if (SYSCALL_ARCHS.has(w)) syscallArchs.add(w);
  });

  // SystemCallFilter=
  let filter: Map<string, boolean> | null = null;
  let allowList = false;
  fold("SystemCallFilter", (value) => {
    if (value === "") {
      filter = null;
      allowList = false;
      return;
    }
    const invert = value.startsWith("~");
    let f = filter as Map<string, boolean> | null;
    if (!f) {
      f = new Map();
      filter = f;
      allowList = !invert;
      if (allowList) {
        const names: string[] = [];
        expandSyscall("@default", names);
        for (const n of names) f.set(n, false);
      }
    }
    for (const w of words(invert ? value.slice(1) : value)) {
      const m = ERRNO_SPEC.exec(w);
      if (!m) continue;
      const withErrno = m[2] !== undefined;
      if (!invert && withErrno && allowList) continue; // allow-listed calls cannot take an errno
      const names: string[] = [];
      expandSyscall(m[1], names);
      for (const n of names) {
        if (invert !== allowList) f.set(n, withErrno);
        else if (allowList && withErrno) f.set(n, true);
        else f.delete(n);
      }
    }
  });

  // IPAddressAllow= / IPAddressDeny= / IPIngressFilterPath= / IPEgressFilterPath=
  const ipList = (key: string): string[] => {
    let list: string[] = [];
    fold(key, (value) => {
      if (value === "") list = [];
      else list.push(...words(value).filter((w) => ipAccessEntrySet(w, 4) !== null || ipAccessEntrySet(w, 6) !== null));
    });
    return list;
  };
  const allow = ipList("IPAddressAllow");
  const deny = ipList("IPAddressDeny");
  let ipCustomFilters = false;
  for (const key of ["IPIngressFilterPath", "IPEgressFilterPath"]) {
    let set = false;
    fold(key, (value) => {
      set = value !== "";
    });
    ipCustomFilters ||= set;
  }
  const denyAny4 = deny.some((e) => e === "any" || (/\/0$/.test(e) && e.includes(".")));
  const denyAny6 = deny.some((e) => e === "any" || (/\/0$/.test(e) && e.includes(":")));
  let ipAllowLocalhost = false;
  let ipAllowOther = false;
  for (const e of allow) {
    if (e === "localhost" || isLocalhost(e)) ipAllowLocalhost = true;
    else ipAllowOther = true;
  }

  // DevicePolicy= / DeviceAllow=
  let devicePolicy: string = choice("DevicePolicy", "auto", DEVICE_POLICIES);
  let deviceAllow = 0;
  fold("DeviceAllow", (value) => {
    deviceAllow = value === "" ? 0 : deviceAllow + 1;
  });

  // Implications (unit_patch_contexts, service_add_extras).
  if (flags.private_devices) capabilityBoundingSet &= ~(capBit(capNumber("CAP_MKNOD")!) | capBit(capNumber("CAP_SYS_RAWIO")!));
  if (flags.protect_kernel_modules) capabilityBoundingSet &= ~capBit(capNumber("CAP_SYS_MODULE")!);
  if (flags.protect_kernel_logs) capabilityBoundingSet &= ~capBit(capNumber("CAP_SYSLOG")!);
  if (flags.protect_clock) capabilityBoundingSet &= ~(capBit(capNumber("CAP_SYS_TIME")!) | capBit(capNumber("CAP_WAKE_ALARM")!));
  if (flags.private_devices && devicePolicy === "auto") devicePolicy = "closed";
  const touchesDevices = devicePolicy !== "auto" || deviceAllow > 0;
  let mountImages = false;
  fold("MountImages", (value) => {
    mountImages = value !== "";
  });
  if ((rootImage !== "" || mountImages) && touchesDevices) deviceAllow += 4;
  let encrypted = false;
  for (const key of ["LoadCredentialEncrypted", "SetCredentialEncrypted"]) {
    fold(key, (value) => {
      encrypted ||= value !== "";
    });
  }
  if (encrypted && touchesDevices) deviceAllow += 1;
  if (flags.protect_clock && touchesDevices) deviceAllow += 1;
  if (dynamicUser) {
    if (user === "") user = un.name.slice(0, un.name.lastIndexOf("."));
    flags.private_tmp = true;
    flags.remove_ipc = true;
    flags.no_new_privileges = true;
    flags.restrict_suid_sgid = true;
    protectSystem = "strict";
    if (protectHome === "no") protectHome = "read-only";
  }
  const type = unit.get("Service", "Type")?.value;
  const positive = (key: string) => {
    const v = byKey.get(key)?.at(-1)?.value;
    return v !== undefined && v !== "" && !/^0+(\.0*)?[a-z]*$/.test(v) && v !== "infinity" ? true : false;
  };
  if (notifyAccess === "none" && (type === "notify" || positive("WatchdogSec") || positive("FileDescriptorStoreMax"))) notifyAccess = "main";

  return {
    unit,
    ratedAs: un.name,
    user,
    dynamicUser,
    supplementaryGroups,
    flags,
    protectHome,
    protectSystem,
    rootDirectory: (rootDir !== "" && rootDir !== "/") || (rootImage !== "" && rootImage !== "/"),
    defaultDependencies,
    umask,
    keyringMode,
    protectProc,
    procSubset,
    notifyAccess,
    ambientCapabilities,
    capabilityBoundingSet,
    namespacesAllowed: namespaces === NAMESPACES_INITIAL ? ALL_NAMESPACES : namespaces,
    syscallArchs,
    syscallAllowList: allowList,
    syscallFilter: (filter as Map<string, boolean> | null) ?? new Map(),
    ipCustomFilters,
    ipDenyAll: denyAny4 && denyAny6,
    ipAllowLocalhost,
    ipAllowOther,
    devicePolicy,
    deviceAllow,
    origins,
    ignoredForVersion,
  };
}

/** One name per family number (aliases: AF_LOCAL/AF_FILE = AF_UNIX, AF_ROUTE = AF_NETLINK). */
function canonicalFamily(lower: string): string {
  if (lower === "af_local" || lower === "af_file") return "af_unix";
  if (lower === "af_route") return "af_netlink";
  return lower;
}

/** in_addr_is_localhost() on the address part (the prefix length is not looked at offline). */
function isLocalhost(entry: string): boolean {
  const addr = entry.replace(/\/\d+$/, "");
  if (/^127\.\d+\.\d+\.\d+$/.test(addr)) return true;
  return /^(0{0,4}:){2,7}0{0,3}1$/.test(addr) || addr === "::1";
}

