/**
 * The exposure score of `systemd-analyze security` (src/analyze/analyze-security.c at v252,
 * assess() and the assess_* functions): each check yields a badness from 0 to its range (or
 * "not applicable"); the score is ceil(sum(ceil(badness * weight / range)) * 100 / sum(weight))
 * in integer arithmetic, shown in tenths from 0.0 to 10.0.
 */
import { SECURITY_CHECKS, SYSCALL_GROUPS, NATIVE_SYSCALLS, type SecurityCheckRow } from "../data/security-checks.js";
import { capBit } from "./capabilities.js";
import { NAMESPACES, type SecurityInfo } from "./security-info.js";
import type { SecurityPolicy } from "./policy.js";

export type Level = "PERFECT" | "SAFE" | "OK" | "MEDIUM" | "EXPOSED" | "UNSAFE" | "DANGEROUS";

/** systemd's badness_table: first threshold (in tenths) the exposure reaches. */
const LEVELS: [number, Level][] = [
  [100, "DANGEROUS"],
  [90, "UNSAFE"],
  [75, "EXPOSED"],
  [50, "MEDIUM"],
  [10, "OK"],
  [1, "SAFE"],
  [0, "PERFECT"],
];

export function levelOf(exposureTenths: number): Level {
  for (const [min, level] of LEVELS) if (exposureTenths >= min) return level;
  return "PERFECT";
}

export interface CheckResult {
  check: SecurityCheckRow;
  weight: number;
  range: number;
  /** 0..range, or null when the check does not apply. */
  badness: number | null;
  /** The per-row exposure systemd displays, in tenths (0 when the check passes or does not apply). */
  exposureTenths: number;
}

export interface Assessment {
  info: SecurityInfo;
  /** 0..100 (tenths of the 0.0-10.0 score). */
  exposureTenths: number;
  level: Level;
  results: CheckResult[];
  weightSum: number;
  badnessSum: number;
}

/** "Runs privileged": root, or no User= without DynamicUser=. */
export function runsPrivileged(info: SecurityInfo): boolean {
  return info.user === "0" || info.user === "root" || (!info.dynamicUser && info.user === "");
}

function syscallGroupHit(info: SecurityInfo, group: string, depth = 0): boolean {
  for (const m of SYSCALL_GROUPS[group] ?? []) {
    if (m.startsWith("@")) {
      if (depth < 8 && syscallGroupHit(info, m, depth + 1)) return true;
      continue;
    }
    if (!NATIVE_SYSCALLS.has(m)) continue;
    if (info.syscallAllowList) {
      const e = info.syscallFilter.get(m);
      if (e === false) return true; // allowed (entries carrying an errno are denials)
    } else if (!info.syscallFilter.has(m)) return true;
  }
  return false;
}

/** Badness of one check, or null when it does not apply. */
function badnessOf(check: SecurityCheckRow, info: SecurityInfo): number | null {
  if (check.defaultDependenciesOnly && !info.defaultDependencies) return null;
  switch (check.kind) {
    case "user":
      if (info.user === "nobody") return 9;
      if (info.dynamicUser && info.user !== "0" && info.user !== "root") return 0;
      if (info.user !== "" && info.user !== "0" && info.user !== "root") return 0;
      return 10;
    case "supplementary-groups":
      if (runsPrivileged(info)) return null;
      return info.supplementaryGroups ? 1 : 0;
    case "remove-ipc":
      if (runsPrivileged(info)) return null;
      return info.flags.remove_ipc ? 0 : 1;
    case "bool": {
      const v = info.flags[check.parameter as string] ?? false;
      return check.id === "Delegate" ? (v ? 1 : 0) : v ? 0 : 1;
    }
    case "protect-home":
      return { yes: 0, tmpfs: 1, "read-only": 5, no: 10 }[info.protectHome];
    case "protect-system":
      return { strict: 0, full: 3, yes: 5, no: 10 }[info.protectSystem];
    case "root-directory":
      return info.rootDirectory ? 0 : 1;
    case "capability": {
      const bits = check.parameter as readonly number[];
      return bits.some((b) => (info.capabilityBoundingSet & capBit(b)) !== 0n) ? 1 : 0;
    }
    case "umask":
      if (!(info.umask & 0o002)) return 10;
      if (!(info.umask & 0o004)) return 5;
      if (!(info.umask & 0o020)) return 2;
      if (!(info.umask & 0o040)) return 1;
      return 0;
    case "keyring-mode":
      return info.keyringMode === "private" ? 0 : 1;
    case "protect-proc":
      return info.protectProc === "noaccess" ? 1 : info.protectProc === "default" ? 3 : 0;
    case "proc-subset":
      return info.procSubset === "pid" ? 0 : 1;
    case "notify-access":
      return info.notifyAccess === "all" ? 1 : 0;
    case "ambient-capabilities":
      return info.ambientCapabilities !== 0n ? 1 : 0;
    case "namespace": {
      const i = (NAMESPACES as readonly string[]).indexOf(check.parameter as string);
      return info.namespacesAllowed & (1 << i) ? 1 : 0;
    }
    case "syscall-archs":
      if (info.syscallArchs.size === 0) return 10;
      if (info.syscallArchs.size === 1 && info.syscallArchs.has("native")) return 0;
      return 8;
    case "syscall-filter":
      if (!info.syscallAllowList && info.syscallFilter.size === 0) return 10;
      if (!syscallGroupHit(info, check.parameter as string)) return 0;
      return info.syscallAllowList ? 9 : 10;
    case "ip-address":
      if (info.ipCustomFilters) return 0;
      if (!info.ipDenyAll) return 10;
      if (info.ipAllowOther) return 5;
      if (info.ipAllowLocalhost) return 2;
      return 0;
    case "device-allow":
      if (info.devicePolicy === "strict" || info.devicePolicy === "closed") return info.deviceAllow > 0 ? 5 : 0;
      return 10;
  }
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** Rates a service: every check, the score in tenths and its level. */
export function assess(info: SecurityInfo, policy?: SecurityPolicy): Assessment {
  const rows: { check: SecurityCheckRow; weight: number; range: number; badness: number | null }[] = [];
  let weightSum = 0n;
  let badnessSum = 0n;
  for (const check of SECURITY_CHECKS) {
    const override = policy?.get(check.id);
    const weight = override?.weight ?? check.weight;
    const range = override?.range ?? check.range;
    let badness = weight === 0 ? null : badnessOf(check, info);
    if (badness !== null && badness > range) badness = range;
    rows.push({ check, weight, range, badness });
    if (badness === null) continue;
    badnessSum += ceilDiv(BigInt(badness) * BigInt(weight), BigInt(range));
    weightSum += BigInt(weight);
  }
  const exposure = weightSum === 0n ? 0 : Number(ceilDiv(badnessSum * 100n, weightSum));
  const results: CheckResult[] = rows.map((r) => ({
    ...r,
    exposureTenths:
      r.badness === null || r.badness === 0 || weightSum === 0n
        ? 0
        : Number(ceilDiv(ceilDiv(BigInt(r.badness) * BigInt(r.weight) * 100n, BigInt(r.range)), weightSum)),
  }));
  return { info, exposureTenths: exposure, level: levelOf(exposure), results, weightSum: Number(weightSum), badnessSum: Number(badnessSum) };
}

/** 96 -> "9.6". */
export function formatTenths(t: number): string {
  return `${Math.floor(t / 10)}.${t % 10}`;
}
