/**
 * Scalar value grammars: time spans (parse_time), sizes (parse_size), enumerations,
 * numbers, resource limits, signals, exit statuses and cgroup values.
 */
import { directiveInfo } from "./directive-table.js";
import { type Check, type EnumValue, IGNORED, type ValueContext, type ValueProblem, WS, closest, intIn, parseBoolean, parseCInteger, problem, q, wordsOf } from "./check-core.js";
import { lookupTable } from "../core/lookup-table.js";

// ---------------------------------------------------------------------------------------
// Time spans (parse_time) and sizes (parse_size)

const TIME_UNITS = [
  "seconds", "second", "sec", "s",
  "minutes", "minute", "min",
  "months", "month", "M",
  "msec", "ms", "m",
  "hours", "hour", "hr", "h",
  "days", "day", "d",
  "weeks", "week", "w",
  "years", "year", "y",
  "usec", "us", "μs", "µs",
];
const NSEC_UNITS = [...TIME_UNITS, "nsec", "ns"];

const skipWs = (s: string, i: number) => {
  while (i < s.length && WS.includes(s[i])) i++;
  return i;
};

const UNIT_USEC: Record<string, bigint> = lookupTable({
  seconds: 1000000n, second: 1000000n, sec: 1000000n, s: 1000000n,
  minutes: 60000000n, minute: 60000000n, min: 60000000n, m: 60000000n,
  months: 2629800000000n, month: 2629800000000n, M: 2629800000000n,
  msec: 1000n, ms: 1000n,
  hours: 3600000000n, hour: 3600000000n, hr: 3600000000n, h: 3600000000n,
  days: 86400000000n, day: 86400000000n, d: 86400000000n,
  weeks: 604800000000n, week: 604800000000n, w: 604800000000n,
  years: 31557600000000n, year: 31557600000000n, y: 31557600000000n,
  usec: 1n, us: 1n, "μs": 1n, "µs": 1n,
});

/**
 * parse_time(): `NUMBER[UNIT]` components (decimal fractions allowed, at least one digit
 * after a dot), whitespace between them, or `infinity`. Units are case-sensitive and
 * matched as prefixes (`5secs` = `5sec` then garbage `s`). Returns the value in units of
 * 1/1000 µs (so that nanoseconds are exact), "infinity", or null when invalid.
 * `defaultUnit`: the unit of a bare number ("s" for most settings, "us" for LimitRTTIME=,
 * "ns" for TimerSlackNSec=).
 */
export function parseTimespan(value: string, defaultUnit: "s" | "us" | "ns" = "s"): bigint | "infinity" | null {
  const nsec = defaultUnit === "ns";
  const units = nsec ? NSEC_UNITS : TIME_UNITS;
  const scale = (u: string): bigint => (u === "nsec" || u === "ns" ? 1n : UNIT_USEC[u] * 1000n);
  let p = skipWs(value, 0);
  if (value.startsWith("infinity", p)) return skipWs(value, p + 8) === value.length ? "infinity" : null;
  let something = false;
  let total = 0n;
  for (;;) {
    p = skipWs(value, p);
    if (p >= value.length) return something ? total : null;
    if (value[p] === "-") return null;
    // strtoll(p, &e, 10): optional sign, decimal digits
    let e = p;
    if (value[e] === "+") e++;
    const digitsStart = e;
    while (e < value.length && value[e] >= "0" && value[e] <= "9") e++;
    const hasDigits = e > digitsStart;
    if (!hasDigits) e = p; // no conversion: e == p
    const wholeText = hasDigits ? value.slice(digitsStart, e).replace(/^0+(?=.)/, "") : "0";
    if (wholeText.length > 19) return null;
    const whole = BigInt(wholeText);
    if (whole > 9223372036854775807n) return null;
    let frac = "";
    let fracDigits = -1;
    if (value[e] === ".") {
      p = e + 1;
      const f = p;
      while (p < value.length && value[p] >= "0" && value[p] <= "9") p++;
      // Digits beyond the 20th add nothing (systemd divides the unit by 10 per digit).
      frac = value.slice(f, Math.min(p, f + 20));
      fracDigits = p - f;
    } else if (!hasDigits) return null;
    else p = e;
    const ws = skipWs(value, p);
    const unit = units.find((u) => value.startsWith(u, ws));
    const s = unit !== undefined ? ws + unit.length : ws;
    if (s === p && p < value.length) return null;
    p = s;
    something = true;
    if (fracDigits === 0) return null;
    const mult = scale(unit ?? defaultUnit);
    total += whole * mult;
    if (frac) total += (BigInt(frac) * mult) / 10n ** BigInt(frac.length);
  }
}

export function isValidTimespan(value: string, nsec = false): boolean {
  return parseTimespan(value, nsec ? "ns" : "s") !== null;
}

const SIZE_SUFFIXES = ["E", "P", "T", "G", "M", "K", "B", ""];

/** parse_size(): components `NUMBER[.FRACTION][SUFFIX]` with suffixes E P T G M K B in decreasing order. */
export function isValidSize(value: string): boolean {
  let p = 0;
  let start = 0;
  do {
    p = skipWs(value, p);
    let e = p;
    if (value[e] === "+") e++;
    const d0 = e;
    while (e < value.length && value[e] >= "0" && value[e] <= "9") e++;
    if (e === d0) return false;
    const whole = value.slice(d0, e).replace(/^0+(?=.)/, "");
    if (whole.length > 20 || BigInt(whole) > 18446744073709551615n) return false;
    if (value[e] === ".") {
      e++;
      while (e < value.length && value[e] >= "0" && value[e] <= "9") e++;
    }
    e = skipWs(value, e);
    let i = start;
    for (; i < SIZE_SUFFIXES.length; i++) if (value.startsWith(SIZE_SUFFIXES[i], e)) break;
    if (i >= SIZE_SUFFIXES.length) return false;
    p = e + SIZE_SUFFIXES[i].length;
    start = i + 1;
  } while (p < value.length);
  return true;
}

export function timespanCheck(nsec: boolean, what = "time span"): Check {
  return (value, ctx) => {
    if (isValidTimespan(value, nsec)) return null;
    return problem(
      `${q(value)} is not a valid ${what} for ${ctx.key}= (e.g. "90", "5min 20s", "1h", "500ms", "infinity"; units are case-sensitive): ${IGNORED}`,
      timeSuggestion(value, nsec),
    );
  };
}

function timeSuggestion(value: string, nsec: boolean): Partial<ValueProblem> {
  // Common mistakes: "5 mins", "10secs", "1 Min", "2 hrs".
  const fixed = value
    .replace(/(\d)\s*(mins|Mins|MIN|Min)\b/g, "$1min")
    .replace(/(\d)\s*(secs|Secs|SEC|Sec)\b/g, "$1s")
    .replace(/(\d)\s*(hrs|Hrs|HR|Hr|H)\b/g, "$1h")
    .replace(/(\d)\s*(S)\b/g, "$1s")
    .replace(/(\d)\s*(D|Days)\b/g, "$1d")
    .replace(/,/g, ".");
  return fixed !== value && isValidTimespan(fixed, nsec) ? { suggestion: fixed } : {};
}

// ---------------------------------------------------------------------------------------
// Enumerations

interface EnumSpec {
  /** What the value is, for messages ("service type"). */
  what: string;
  values: (string | EnumValue)[];
  /** Booleans are accepted too. */
  boolean?: boolean;
  /** Also accepts a number in this range (log levels, I/O classes …). */
  numeric?: [number, number];
  /** Newer systemd may accept more values than listed: no report for targets >= this. */
  openFrom?: number;
  caseInsensitive?: boolean;
}

function enumValues(spec: EnumSpec): EnumValue[] {
  return spec.values.map((v) => (typeof v === "string" ? { value: v } : v));
}

export function enumCheck(spec: EnumSpec): Check {
  return (value, ctx) => {
    // The value lists come from v258-era sources, so they are complete for every target astlint
    // accepts (up to the data's newest); `openFrom` only documents where lists may grow later.
    return checkEnumValue(value, spec, ctx);
  };
}

export function versionProblem(value: string, since: number, ctx: ValueContext): ValueProblem {
  const sinceText = since >= 257 ? "a version after v256" : `v${since}`;
  return problem(`${ctx.key}=${value}: ${q(value)} was added in systemd ${sinceText}, systemd v${ctx.version} does not know it: ${IGNORED}`);
}

function checkEnumValue(value: string, spec: EnumSpec, ctx: ValueContext): ValueProblem | null {
  const values = enumValues(spec);
  const match = values.find((v) => (spec.caseInsensitive ? v.value.toLowerCase() === value.toLowerCase() : v.value === value));
  if (match) {
    if ((match.since ?? 0) > ctx.version) return versionProblem(value, match.since ?? 0, ctx);
    return null;
  }
  if (spec.boolean && parseBoolean(value) !== null) return null;
  if (spec.numeric) {
    const r = intIn(value, spec.numeric[0], spec.numeric[1]);
    if (r === "ok") return null;
  }
  const known = values.filter((v) => (v.since ?? 0) <= ctx.version).map((v) => v.value);
  const s = closest(value, known);
  const parts = [...known];
  if (spec.boolean) parts.push("a boolean");
  if (spec.numeric) parts.push(`${spec.numeric[0]}…${spec.numeric[1]}`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} or ${parts[parts.length - 1]}` : parts.join("");
  const what = spec.what.endsWith(`${ctx.key}= value`) ? `${ctx.key}= value` : `${spec.what} for ${ctx.key}=`;
  return problem(`${q(value)} is not a valid ${what} (expected ${list}): ${IGNORED}${s ? `; did you mean ${q(s)}?` : ""}`, s ? { suggestion: s } : {});
}

const EMERGENCY_ACTIONS: (string | EnumValue)[] = [
  "none", "reboot", "reboot-force", "reboot-immediate", "poweroff", "poweroff-force", "poweroff-immediate", "exit", "exit-force",
  // Not accepted by v252 (verified); added in v253-v254. 253 is the conservative bound.
  { value: "soft-reboot", since: 253 }, { value: "soft-reboot-force", since: 253 },
  { value: "kexec", since: 253 }, { value: "kexec-force", since: 253 },
  { value: "halt", since: 253 }, { value: "halt-force", since: 253 }, { value: "halt-immediate", since: 253 },
];

export const ENUMS: Record<string, EnumSpec> = lookupTable({
  config_parse_service_type: {
    what: "service type",
    values: ["simple", { value: "exec", since: 240 }, "forking", "oneshot", "dbus", "notify", { value: "notify-reload", since: 253 }, "idle"],
    openFrom: 257,
  },
  config_parse_service_restart: {
    what: "restart setting",
    values: ["no", "on-success", "on-failure", "on-abnormal", "on-watchdog", "on-abort", "always"],
  },
  config_parse_service_restart_mode: { what: "restart mode", values: ["normal", "direct", { value: "debug", since: 257 }], openFrom: 257 },
  config_parse_service_exit_type: { what: "exit type", values: ["main", "cgroup"] },
  config_parse_service_timeout_failure_mode: { what: "timeout failure mode", values: ["terminate", "abort", "kill"] },
  config_parse_notify_access: { what: "notify access setting", values: ["none", "main", "exec", "all"] },
  config_parse_kill_mode: { what: "kill mode", values: ["control-group", "mixed", "process", "none"] },
  config_parse_oom_policy: { what: "OOM policy", values: ["continue", "stop", "kill"] },
  config_parse_emergency_action: { what: "emergency action", values: EMERGENCY_ACTIONS, openFrom: 257 },
  config_parse_job_mode: {
    what: "job mode",
    values: [
      "fail", "replace", "replace-irreversibly", "isolate", "flush", "ignore-dependencies", "ignore-requirements",
      { value: "triggering", since: 250 },
      { value: "restart-dependencies", since: 253 },
    ],
    openFrom: 257,
  },
  config_parse_job_mode_isolate: { what: "boolean", values: [], boolean: true },
  config_parse_collect_mode: { what: "collect mode", values: ["inactive", "inactive-or-failed"] },
  config_parse_socket_bind: { what: "BindIPv6Only= value", values: ["default", "both", "ipv6-only"], boolean: true },
  config_parse_socket_timestamping: { what: "timestamping precision", values: ["off", "us", "usec", "µs", "μs", "ns", "nsec"], boolean: true },
  config_parse_socket_protocol: { what: "socket protocol", values: ["udplite", "sctp"], openFrom: 257 },
  config_parse_exec_utmp_mode: { what: "utmp mode", values: ["init", "login", "user"] },
  config_parse_exec_preserve_mode: { what: "preserve mode", values: ["no", "yes", "restart"], boolean: true },
  config_parse_exec_keyring_mode: { what: "keyring mode", values: ["inherit", "private", "shared"] },
  config_parse_exec_mount_propagation_flag: { what: "mount propagation flag", values: ["shared", "slave", "private"] },
  config_parse_protect_system: { what: "ProtectSystem= value", values: ["full", "strict"], boolean: true },
  config_parse_protect_home: { what: "ProtectHome= value", values: ["read-only", "tmpfs"], boolean: true },
  config_parse_protect_proc: { what: "ProtectProc= value", values: ["default", "noaccess", "invisible", "ptraceable"] },
  config_parse_proc_subset: { what: "ProcSubset= value", values: ["all", "pid"] },
  config_parse_private_tmp: { what: "PrivateTmp= value", values: [{ value: "disconnected", since: 257 }], boolean: true, openFrom: 257 },
  config_parse_private_users: {
    what: "PrivateUsers= value",
    // `self`/`identity` are not accepted by v252 (verified) and exist in v256-era sources.
    values: [{ value: "self", since: 253 }, { value: "identity", since: 253 }, { value: "full", since: 257 }, { value: "managed", since: 257 }],
    boolean: true,
    openFrom: 257,
  },
  config_parse_protect_hostname: { what: "ProtectHostname= value", values: [{ value: "private", since: 257 }], boolean: true, openFrom: 257 },
  config_parse_protect_control_groups: {
    what: "ProtectControlGroups= value",
    values: [{ value: "private", since: 257 }, { value: "strict", since: 257 }],
    boolean: true,
    openFrom: 257,
  },
  config_parse_managed_oom_mode: { what: "managed OOM mode", values: ["auto", "kill"] },
  config_parse_managed_oom_preference: { what: "managed OOM preference", values: ["none", "avoid", "omit"] },
  config_parse_memory_pressure_watch: { what: "memory pressure watch setting", values: ["off", "on", "skip", "auto"] },
  config_parse_device_policy: { what: "device policy", values: ["auto", "closed", "strict"] },
  config_parse_numa_policy: { what: "NUMA policy", values: ["default", "preferred", "bind", "interleave", "local"], openFrom: 253 },
  config_parse_exec_io_class: { what: "I/O scheduling class", values: ["none", "realtime", "best-effort", "idle"], numeric: [0, 8] },
  config_parse_exec_cpu_sched_policy: {
    what: "CPU scheduling policy",
    values: ["other", "batch", "idle", "fifo", "rr", { value: "ext", since: 257 }],
    numeric: [0, 2147483647],
    openFrom: 257,
  },
  config_parse_log_level: { what: "log level", values: ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"], numeric: [0, 7] },
  config_parse_log_facility: {
    what: "log facility",
    values: ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"],
    numeric: [0, 127],
  },
  config_parse_ip_tos: { what: "IP TOS value", values: ["low-delay", "throughput", "reliability", "low-cost"], numeric: [0, 255] },
});

// ---------------------------------------------------------------------------------------
// Numeric parsers

export function numberCheck(kind: "unsigned" | "int" | "long"): Check {
  return (value, ctx) => {
    const r = parseCInteger(value, { signed: kind !== "unsigned", bits: kind === "long" ? 64 : 32 });
    if ("value" in r) return null;
    const what = kind === "unsigned" ? "an unsigned integer" : "an integer";
    const lead = /^[+-]?0\d/.test(value) && /[89]/.test(value) ? ` (a leading 0 makes systemd read it as octal)` : "";
    return problem(`${q(value)} is not ${what}${r.error === "range" ? " in range" : ""} for ${ctx.key}=${lead}: ${IGNORED}`);
  };
}

export function rangeCheck(min: number, max: number, what: string): Check {
  return (value, ctx) => {
    const r = intIn(value, min, max);
    if (r === "ok") return null;
    return problem(`${q(value)} is not ${what} (${min}…${max}) for ${ctx.key}=: ${IGNORED}`);
  };
}

export const checkMode: Check = (value, ctx) => {
  const v = value.replace(/^[ \t\n\r]+/, "");
  if (/^[0-7]+$/.test(v) && parseInt(v, 8) <= 0o7777) return null;
  const hint = /^0o[0-7]+$/i.test(v) ? ` (write ${q(v.slice(2))} without the 0o)` : "";
  return problem(`${q(value)} is not an octal file mode (0000…07777) for ${ctx.key}=${hint}: ${IGNORED}`, hint ? { suggestion: v.slice(2) } : {});
};

export const checkSize: Check = (value, ctx) => {
  if (isValidSize(value)) return null;
  const lower = /^\s*\d+(\.\d+)?\s*[kmgtpe]\s*$/.test(value) ? value.toUpperCase() : undefined;
  return problem(
    `${q(value)} is not a size for ${ctx.key}= (bytes, or with a 1024-based suffix K, M, G, T, P, E; suffixes are upper-case): ${IGNORED}`,
    lower && isValidSize(lower) ? { suggestion: lower } : {},
  );
};

const RLIMIT_SIZE = new Set(["FSIZE", "DATA", "STACK", "CORE", "RSS", "AS", "MEMLOCK", "MSGQUEUE"]);

function rlimitOne(resource: string, v: string): bigint | "infinity" | null {
  if (resource === "NICE") {
    if (v[0] === "+") {
      const r = parseCInteger(v.slice(1), { signed: false, bits: 64 });
      return "value" in r && r.value < 20n ? 20n - r.value : null;
    }
    if (v[0] === "-") {
      const r = parseCInteger(v.slice(1), { signed: false, bits: 64 });
      return "value" in r && r.value <= 20n ? 20n + r.value : null;
    }
    const r = parseCInteger(v, { signed: false, bits: 64 });
    return "value" in r && r.value <= 40n ? r.value : null;
  }
  if (v === "infinity") return "infinity";
  if (RLIMIT_SIZE.has(resource)) return isValidSize(v) ? sizeValue(v) : null;
  if (resource === "CPU") {
    const t = parseTimespan(v, "s");
    return t === null || t === "infinity" ? t : (t + 999999999n) / 1000000000n;
  }
  if (resource === "RTTIME") {
    const t = parseTimespan(v, "us");
    return t === null || t === "infinity" ? t : t / 1000n;
  }
  const r = parseCInteger(v, { signed: false, bits: 64 });
  return "value" in r ? r.value : null;
}

/** Approximate byte value of a valid parse_size() string (for soft/hard comparisons). */
export function sizeValue(v: string): bigint {
  const mult: Record<string, bigint> = { E: 1n << 60n, P: 1n << 50n, T: 1n << 40n, G: 1n << 30n, M: 1n << 20n, K: 1n << 10n, B: 1n, "": 1n };
  let total = 0n;
  for (const m of v.matchAll(/(\d+)(?:\.(\d*))?\s*([EPTGMKB]?)/g)) {
    const unit = mult[m[3]];
    total += BigInt(m[1].replace(/^0+(?=.)/, "").slice(0, 21)) * unit;
    const frac = (m[2] ?? "").slice(0, 20);
    if (frac) total += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
  }
  return total;
}

export const checkRlimit: Check = (value, ctx) => {
  const resource = (directiveInfo(ctx.section, ctx.key)?.ltype ?? "").replace(/^RLIMIT_/, "");
  if (!resource) return null;
  const colon = value.indexOf(":");
  const parts = colon >= 0 ? [value.slice(0, colon), value.slice(colon + 1)] : [value];
  const parsed = parts.map((p) => rlimitOne(resource, p));
  const kind = RLIMIT_SIZE.has(resource)
    ? "a size (K, M, G … suffixes), or infinity"
    : resource === "CPU" || resource === "RTTIME"
      ? "a time span, or infinity"
      : resource === "NICE"
        ? "a nice level -20…19 written +N/-N, or a raw value 0…40"
        : "a number, or infinity";
  const bad = parsed.findIndex((p) => p === null);
  if (bad >= 0) {
    return problem(`${q(value)} is not a valid ${ctx.key}= value (${kind}; SOFT:HARD for two limits): ${IGNORED}`, {
      offset: bad === 0 ? 0 : colon + 1,
      length: parts[bad].length,
    });
  }
  if (parsed.length === 2) {
    const [soft, hard] = parsed;
    const greater = soft === "infinity" ? hard !== "infinity" : hard !== "infinity" && (soft as bigint) > (hard as bigint);
    if (greater) {
      return problem(`${ctx.key}=${value}: the soft limit is higher than the hard limit: ${IGNORED}`);
    }
  }
  return null;
};

// ---------------------------------------------------------------------------------------
// Signals and exit statuses

const SIGNALS = [
  "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT",
  "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
];
const SIGRTMIN = 34;
const SIGRTMAX = 64;

/** signal_from_string(): number 1..64, name with or without SIG, RTMIN[+n], RTMAX[-n]. Case-sensitive. */
export function isValidSignal(value: string): boolean {
  const num = parseCInteger(value, { signed: true, bits: 32 });
  if ("value" in num) return num.value >= 1n && num.value <= BigInt(SIGRTMAX);
  const s = value.startsWith("SIG") ? value.slice(3) : value;
  if (SIGNALS.includes(s)) return true;
  if (s.startsWith("RTMIN")) {
    const rest = s.slice(5);
    if (rest === "") return true;
    if (rest[0] !== "+") return false;
    const r = parseCInteger(rest, { signed: true, bits: 32 });
    return "value" in r && r.value >= 0n && r.value <= BigInt(SIGRTMAX - SIGRTMIN);
  }
  if (s.startsWith("RTMAX")) {
    const rest = s.slice(5);
    if (rest === "") return true;
    if (rest[0] !== "-") return false;
    const r = parseCInteger(rest, { signed: true, bits: 32 });
    return "value" in r && r.value <= 0n && r.value >= BigInt(SIGRTMIN - SIGRTMAX);
  }
  return false;
}

export const checkSignal: Check = (value, ctx) => {
  if (isValidSignal(value)) return null;
  const upper = value.toUpperCase();
  const s = upper !== value && isValidSignal(upper) ? upper : closest(value.replace(/^SIG/i, ""), SIGNALS.map((x) => x));
  const suggestion = s ? (s === upper ? s : "SIG" + s) : undefined;
  return problem(
    `${q(value)} is not a signal for ${ctx.key}= (a name such as SIGTERM or TERM — case-sensitive —, a number 1…64, RTMIN+n): ${IGNORED}${suggestion ? `; did you mean ${q(suggestion)}?` : ""}`,
    suggestion ? { suggestion } : {},
  );
};

/** exit_status_from_string() names accepted by systemd 252 (verified with systemd-analyze verify). */
const EXIT_STATUS_NAMES = new Set([
  "SUCCESS", "FAILURE", "INVALIDARGUMENT", "NOTIMPLEMENTED", "NOPERMISSION", "NOTINSTALLED", "NOTCONFIGURED", "NOTRUNNING",
  "USAGE", "DATAERR", "NOINPUT", "NOUSER", "NOHOST", "UNAVAILABLE", "SOFTWARE", "OSERR", "OSFILE", "CANTCREAT", "IOERR",
  "TEMPFAIL", "PROTOCOL", "NOPERM", "CONFIG", "CHDIR", "NICE", "FDS", "EXEC", "MEMORY", "LIMITS", "OOM_ADJUST",
  "SIGNAL_MASK", "STDIN", "STDOUT", "CHROOT", "IOPRIO", "TIMERSLACK", "SECUREBITS", "SETSCHEDULER", "CPUAFFINITY", "GROUP",
  "USER", "CAPABILITIES", "CGROUP", "SETSID", "CONFIRM", "STDERR", "PAM", "NETWORK", "NAMESPACE", "NO_NEW_PRIVILEGES",
  "SECCOMP", "SELINUX_CONTEXT", "PERSONALITY", "APPARMOR", "ADDRESS_FAMILIES", "RUNTIME_DIRECTORY", "CHOWN",
  "SMACK_PROCESS_LABEL", "KEYRING", "STATE_DIRECTORY", "CACHE_DIRECTORY", "LOGS_DIRECTORY", "CONFIGURATION_DIRECTORY",
  "NUMA_POLICY", "CREDENTIALS", "BPF", "EXCEPTION",
]);

export const checkSetStatus: Check = (value, ctx) => {
  for (const w of wordsOf(value)) {
    if (EXIT_STATUS_NAMES.has(w.text)) continue;
    const n = parseCInteger(w.text, { signed: false, bits: 8 });
    if ("value" in n) continue;
    if (isValidSignal(w.text)) continue;
    // Newer systemd may name more exit statuses.
    if (ctx.version > 252 && /^[A-Z_]+$/.test(w.text)) continue;
    return problem(
      `${q(w.text)} in ${ctx.key}= is neither an exit status (0…255 or a name such as TEMPFAIL) nor a signal (SIGTERM, TERM, 15): systemd ignores this word`,
      { offset: w.start, length: w.end - w.start },
    );
  }
  return null;
};

export const checkExitStatus: Check = (value, ctx) => {
  const r = intIn(value, 0, 255);
  if (r === "ok") return null;
  return problem(`${q(value)} is not an exit status (0…255) for ${ctx.key}=: ${IGNORED}`);
};

// ---------------------------------------------------------------------------------------
// cgroup values

/** parse_permyriad(): `N%` (two decimals), `N‰` (one), `N‱`; bounded to 100% unless `unbounded`. */
export function parsePermyriad(value: string, unbounded: boolean): number | null {
  let m = /^\+?(\d+)\u2031$/.exec(value);
  let v: number | null = null;
  if (m) v = Number(m[1]);
  else if ((m = /^\+?(\d+)(?:\.(\d))?\u2030$/.exec(value))) v = Number(m[1]) * 10 + Number(m[2] ?? 0);
  else if ((m = /^\+?(\d+)(?:\.(\d{1,2}))?%$/.exec(value))) v = Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
  if (v === null) return null;
  if (!unbounded && v > 10000) return null;
  return v;
}

export const checkCpuQuota: Check = (value, ctx) => {
  const v = parsePermyriad(value, true);
  if (v !== null && v > 0) return null;
  return problem(`${q(value)} is not a CPU quota for ${ctx.key}= (a percentage above 0, e.g. "50%" or "200%"): ${IGNORED}`, /^\d+(\.\d+)?$/.test(value) && Number(value) > 0 ? { suggestion: value + "%" } : {});
};

export const checkTasksMax: Check = (value, ctx) => {
  if (value === "infinity") return null;
  const p = parsePermyriad(value, false);
  if (p !== null) return null;
  const r = parseCInteger(value, { signed: false, bits: 64 });
  if ("value" in r && r.value > 0n) return null;
  return problem(`${q(value)} is not a task limit for ${ctx.key}= (a number above 0, a percentage up to 100%, or infinity): ${IGNORED}`);
};

const MEMORY_ZERO_REJECTED = new Set(["MemoryMax", "MemoryHigh", "MemoryLimit"]);

export const checkMemoryLimit: Check = (value, ctx) => {
  if (value === "infinity") return null;
  const p = parsePermyriad(value, false);
  let zero = false;
  if (p !== null) zero = p === 0;
  else if (isValidSize(value)) zero = sizeValue(value) === 0n;
  else {
    const upper = /^\s*\d+(\.\d+)?\s*[kmgtpe]\s*$/.test(value) ? value.toUpperCase() : undefined;
    return problem(
      `${q(value)} is not a memory limit for ${ctx.key}= (bytes with K, M, G, T suffixes, a percentage up to 100%, or infinity): ${IGNORED}`,
      upper && isValidSize(upper) ? { suggestion: upper } : {},
    );
  }
  if (zero && MEMORY_ZERO_REJECTED.has(ctx.key)) return problem(`${ctx.key}=${value}: 0 is out of range for ${ctx.key}=: ${IGNORED}`);
  return null;
};

export const checkCgWeight: Check = (value, ctx) => (intIn(value, 1, 10000, 64) === "ok" ? null : problem(`${q(value)} is not a weight (1…10000) for ${ctx.key}=: ${IGNORED}`));
export const checkCgCpuWeight: Check = (value, ctx) =>
  value === "idle" || intIn(value, 1, 10000, 64) === "ok" ? null : problem(`${q(value)} is not a CPU weight (1…10000 or idle) for ${ctx.key}=: ${IGNORED}`);
