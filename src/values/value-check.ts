/**
 * Value grammars of systemd's `config_parse_*` functions
 * (the config_parse_* functions of systemd src/core/load-fragment.c and src/shared/conf-parser.c at v252), checked statically.
 *
 * checkValue() answers "would systemd `version` reject this value?", with a message that
 * quotes the value and says what systemd does. It must never report a value systemd
 * accepts: parsers not implemented here, and values whose validity depends on the host
 * (interface names, user existence, personalities, capabilities) or on specifier
 * expansion that cannot be known statically, give null.
 *
 * Empty values are not checked here (see emptyAssignmentBehaviour in directive-table.ts).
 */
import { directiveInfo } from "./directive-table.js";
import { editDistance } from "./directive-table.js";
import { parseExecLine, splitWords } from "./exec-command.js";
import type { UnitType } from "../core/types.js";
import { parseIPv4, parseIPv6, parseListenAddress } from "../net/socket-address.js";
import { hasSpecifiers, unescapePercent, validateSpecifiers, type SpecifierContext } from "./specifiers.js";

export interface ValueContext {
  /** Target systemd version. */
  version: number;
  section: string;
  key: string;
  unitType: UnitType;
}

export interface ValueProblem {
  /** One sentence: quotes the offending value and says what systemd does. */
  message: string;
  /** Offset of the offending part inside the value (default: the whole value). */
  offset?: number;
  length?: number;
  /** Closest valid spelling (enumerations, booleans), ready to paste as the value. */
  suggestion?: string;
  /** systemd refuses to load the unit (bad-setting), rather than ignoring the line. */
  fatal?: boolean;
}

const IGNORED = "systemd ignores this assignment";
const REFUSED = "systemd refuses to load the unit";

type Check = (value: string, ctx: ValueContext) => ValueProblem | null;

function problem(message: string, extra: Partial<ValueProblem> = {}): ValueProblem {
  return { message, ...extra };
}

const q = (s: string) => JSON.stringify(s);

// ---------------------------------------------------------------------------------------
// Numbers

type IntResult = { value: bigint } | { error: "invalid" | "range" };

/**
 * safe_atou/atoi/atolli: strtol(base 0) after mangle_base(): decimal, `0x` hex, leading-`0`
 * octal (`010` = 8, `08` invalid), `0b`/`0o` (no sign allowed with those), optional `+`.
 * Unsigned parsers reject negative values except `-0`.
 */
export function parseCInteger(text: string, opts: { signed: boolean; bits: 8 | 16 | 32 | 64 }): IntResult {
  let s = text.replace(/^[ \t\n\r]+/, "");
  let base = 0;
  if (/^0[bB]/.test(s)) {
    base = 2;
    s = s.slice(2);
    if (/^[+-]/.test(s)) return { error: "invalid" };
  } else if (/^0[oO]/.test(s)) {
    base = 8;
    s = s.slice(2);
    if (/^[+-]/.test(s)) return { error: "invalid" };
  }
  let negative = false;
  if (s[0] === "+" || s[0] === "-") {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  if (base === 0) {
    if (/^0[xX][0-9a-fA-F]/.test(s)) {
      base = 16;
      s = s.slice(2);
    } else if (s.length > 1 && s[0] === "0") base = 8;
    else base = 10;
  }
  const digits = base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!digits.test(s)) return { error: "invalid" };
  // Leading zeros do not change the value; more than 64 significant digits overflow any
  // type here (and would make the BigInt loop below quadratic).
  s = s.replace(/^0+(?=.)/, "");
  if (s.length > 64) return { error: "range" };
  let v = 0n;
  for (const ch of s) v = v * BigInt(base) + BigInt(parseInt(ch, base));
  if (negative) v = -v;
  const bits = BigInt(opts.bits);
  if (opts.signed) {
    const max = (1n << (bits - 1n)) - 1n;
    if (v > max || v < -max - 1n) return { error: "range" };
  } else {
    if (v < 0n) return { error: "range" };
    if (v > (1n << bits) - 1n) return { error: "range" };
  }
  return { value: v };
}

function intIn(text: string, min: number, max: number, bits: 32 | 64 = 32): "ok" | "invalid" | "range" {
  const r = parseCInteger(text, { signed: true, bits });
  if ("error" in r) return r.error;
  return r.value < BigInt(min) || r.value > BigInt(max) ? "range" : "ok";
}

// ---------------------------------------------------------------------------------------
// Booleans

const TRUE_WORDS = ["1", "yes", "y", "true", "t", "on"];
const FALSE_WORDS = ["0", "no", "n", "false", "f", "off"];

/** parse_boolean(): case-insensitive. */
export function parseBoolean(value: string): boolean | null {
  const v = value.toLowerCase();
  if (TRUE_WORDS.includes(v)) return true;
  if (FALSE_WORDS.includes(v)) return false;
  return null;
}

/** Suggestions are only computed for values of a plausible length. */
const MAX_SUGGEST_LENGTH = 64;

function boolSuggestion(value: string): string | undefined {
  if (value.length > MAX_SUGGEST_LENGTH) return undefined;
  const v = value.toLowerCase();
  const words = ["yes", "no", "true", "false", "on", "off"];
  let best: string | undefined;
  let bestD = 3;
  for (const w of words) {
    const d = editDistance(v, w);
    if (d < bestD && d < w.length) {
      best = w;
      bestD = d;
    }
  }
  return best;
}

const checkBool: Check = (value, ctx) => {
  if (parseBoolean(value) !== null) return null;
  const fatal = ctx.key === "DynamicUser";
  const s = boolSuggestion(value);
  return problem(
    `${q(value)} is not a boolean (yes/no, true/false, on/off, 1/0) for ${ctx.key}=: ${fatal ? REFUSED : IGNORED}${s ? `; did you mean ${q(s)}?` : ""}`,
    { fatal, ...(s ? { suggestion: s } : {}) },
  );
};

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
const WS = " \t\n\r";
const skipWs = (s: string, i: number) => {
  while (i < s.length && WS.includes(s[i])) i++;
  return i;
};

const UNIT_USEC: Record<string, bigint> = {
  seconds: 1000000n, second: 1000000n, sec: 1000000n, s: 1000000n,
  minutes: 60000000n, minute: 60000000n, min: 60000000n, m: 60000000n,
  months: 2629800000000n, month: 2629800000000n, M: 2629800000000n,
  msec: 1000n, ms: 1000n,
  hours: 3600000000n, hour: 3600000000n, hr: 3600000000n, h: 3600000000n,
  days: 86400000000n, day: 86400000000n, d: 86400000000n,
  weeks: 604800000000n, week: 604800000000n, w: 604800000000n,
  years: 31557600000000n, year: 31557600000000n, y: 31557600000000n,
  usec: 1n, us: 1n, "μs": 1n, "µs": 1n,
};

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

function timespanCheck(nsec: boolean, what = "time span"): Check {
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

interface EnumValue {
  value: string;
  /** First version accepting it (default: all supported versions). */
  since?: number;
}

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

function closest(value: string, candidates: string[]): string | undefined {
  if (value.length > MAX_SUGGEST_LENGTH) return undefined;
  const lower = value.toLowerCase();
  for (const c of candidates) if (c.toLowerCase() === lower) return c;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(value.length, best.length) / 3));
  if (bestD <= limit && bestD < best.length) return best;
  // a prefix match ("forked" for "forking", "control" for "control-group")
  let bestPre: string | undefined;
  let bestLen = 0;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    let n = 0;
    while (n < cl.length && n < lower.length && cl[n] === lower[n]) n++;
    if (n > bestLen) {
      bestLen = n;
      bestPre = c;
    }
  }
  return bestPre && bestLen >= 4 && bestLen * 2 >= lower.length ? bestPre : undefined;
}

function enumCheck(spec: EnumSpec): Check {
  return (value, ctx) => {
    // The value lists come from v258-era sources, so they are complete for every target astlint
    // accepts (up to the data's newest); `openFrom` only documents where lists may grow later.
    return checkEnumValue(value, spec, ctx);
  };
}

function versionProblem(value: string, since: number, ctx: ValueContext): ValueProblem {
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

const ENUMS: Record<string, EnumSpec> = {
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
};

// ---------------------------------------------------------------------------------------
// Numeric parsers

function numberCheck(kind: "unsigned" | "int" | "long"): Check {
  return (value, ctx) => {
    const r = parseCInteger(value, { signed: kind !== "unsigned", bits: kind === "long" ? 64 : 32 });
    if ("value" in r) return null;
    const what = kind === "unsigned" ? "an unsigned integer" : "an integer";
    const lead = /^[+-]?0\d/.test(value) && /[89]/.test(value) ? ` (a leading 0 makes systemd read it as octal)` : "";
    return problem(`${q(value)} is not ${what}${r.error === "range" ? " in range" : ""} for ${ctx.key}=${lead}: ${IGNORED}`);
  };
}

function rangeCheck(min: number, max: number, what: string): Check {
  return (value, ctx) => {
    const r = intIn(value, min, max);
    if (r === "ok") return null;
    return problem(`${q(value)} is not ${what} (${min}…${max}) for ${ctx.key}=: ${IGNORED}`);
  };
}

const checkMode: Check = (value, ctx) => {
  const v = value.replace(/^[ \t\n\r]+/, "");
  if (/^[0-7]+$/.test(v) && parseInt(v, 8) <= 0o7777) return null;
  const hint = /^0o[0-7]+$/i.test(v) ? ` (write ${q(v.slice(2))} without the 0o)` : "";
  return problem(`${q(value)} is not an octal file mode (0000…07777) for ${ctx.key}=${hint}: ${IGNORED}`, hint ? { suggestion: v.slice(2) } : {});
};

const checkSize: Check = (value, ctx) => {
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
function sizeValue(v: string): bigint {
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

const checkRlimit: Check = (value, ctx) => {
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

const checkSignal: Check = (value, ctx) => {
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

const checkSetStatus: Check = (value, ctx) => {
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

const checkExitStatus: Check = (value, ctx) => {
  const r = intIn(value, 0, 255);
  if (r === "ok") return null;
  return problem(`${q(value)} is not an exit status (0…255) for ${ctx.key}=: ${IGNORED}`);
};

// ---------------------------------------------------------------------------------------
// cgroup values

/** parse_permyriad(): `N%` (two decimals), `N‰` (one), `N‱`; bounded to 100% unless `unbounded`. */
function parsePermyriad(value: string, unbounded: boolean): number | null {
  let m = /^\+?(\d+)‱$/.exec(value);
  let v: number | null = null;
  if (m) v = Number(m[1]);
  else if ((m = /^\+?(\d+)(?:\.(\d))?‰$/.exec(value))) v = Number(m[1]) * 10 + Number(m[2] ?? 0);
  else if ((m = /^\+?(\d+)(?:\.(\d{1,2}))?%$/.exec(value))) v = Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
  if (v === null) return null;
  if (!unbounded && v > 10000) return null;
  return v;
}

const checkCpuQuota: Check = (value, ctx) => {
  const v = parsePermyriad(value, true);
  if (v !== null && v > 0) return null;
  return problem(`${q(value)} is not a CPU quota for ${ctx.key}= (a percentage above 0, e.g. "50%" or "200%"): ${IGNORED}`, /^\d+(\.\d+)?$/.test(value) && Number(value) > 0 ? { suggestion: value + "%" } : {});
};

const checkTasksMax: Check = (value, ctx) => {
  if (value === "infinity") return null;
  const p = parsePermyriad(value, false);
  if (p !== null) return null;
  const r = parseCInteger(value, { signed: false, bits: 64 });
  if ("value" in r && r.value > 0n) return null;
  return problem(`${q(value)} is not a task limit for ${ctx.key}= (a number above 0, a percentage up to 100%, or infinity): ${IGNORED}`);
};

const MEMORY_ZERO_REJECTED = new Set(["MemoryMax", "MemoryHigh", "MemoryLimit"]);

const checkMemoryLimit: Check = (value, ctx) => {
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

const checkCgWeight: Check = (value, ctx) => (intIn(value, 1, 10000, 64) === "ok" ? null : problem(`${q(value)} is not a weight (1…10000) for ${ctx.key}=: ${IGNORED}`));
const checkCgCpuWeight: Check = (value, ctx) =>
  value === "idle" || intIn(value, 1, 10000, 64) === "ok" ? null : problem(`${q(value)} is not a CPU weight (1…10000 or idle) for ${ctx.key}=: ${IGNORED}`);

// ---------------------------------------------------------------------------------------
// Words, paths, names

interface Word {
  text: string;
  start: number;
  end: number;
}

/**
 * extract_first_word() over the whole value. `unquote`: quotes group and are removed;
 * `cunescape`: C escapes are decoded and a bad escape makes the value invalid (unless
 * `relax`). Returns null on a syntax error (unbalanced quote, bad escape).
 */
function extractWords(value: string, opts: { unquote?: boolean; cunescape?: boolean; relax?: boolean; separators?: string } = {}): Word[] | null {
  const seps = opts.separators ?? WS;
  const out: Word[] = [];
  let i = 0;
  const n = value.length;
  while (i < n) {
    while (i < n && seps.includes(value[i])) i++;
    if (i >= n) break;
    const start = i;
    let text = "";
    let quote: string | null = null;
    while (i < n) {
      const c = value[i];
      if (c === "\\") {
        if (i + 1 >= n) return null;
        if (opts.cunescape) {
          const d = cunescapeOne(value, i + 1);
          if (!d) return null;
          text += d.text;
          i += 1 + d.len;
        } else {
          text += value[i + 1];
          i += 2;
        }
        continue;
      }
      if (quote) {
        if (c === quote) quote = null;
        else text += c;
        i++;
        continue;
      }
      if (opts.unquote && (c === '"' || c === "'")) {
        quote = c;
        i++;
        continue;
      }
      if (seps.includes(c)) break;
      text += c;
      i++;
    }
    if (quote && !opts.relax) return null;
    out.push({ text, start, end: i });
  }
  return out;
}

function cunescapeOne(s: string, i: number): { text: string; len: number } | null {
  const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'", s: " " };
  const c = s[i];
  if (c in simple) return { text: simple[c], len: 1 };
  let m: RegExpExecArray | null;
  if (c === "x" && (m = /^[0-9a-fA-F]{2}/.exec(s.slice(i + 1, i + 3)))) {
    const cp = parseInt(m[0], 16);
    return cp === 0 ? null : { text: String.fromCharCode(cp), len: 3 };
  }
  if (c === "u" && (m = /^[0-9a-fA-F]{4}/.exec(s.slice(i + 1, i + 5)))) {
    const cp = parseInt(m[0], 16);
    return cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) ? null : { text: String.fromCodePoint(cp), len: 5 };
  }
  if (c === "U" && (m = /^[0-9a-fA-F]{8}/.exec(s.slice(i + 1, i + 9)))) {
    const cp = parseInt(m[0], 16);
    return cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? null : { text: String.fromCodePoint(cp), len: 9 };
  }
  if ((m = /^[0-7]{3}/.exec(s.slice(i, i + 3)))) {
    const cp = parseInt(m[0], 8);
    return cp === 0 || cp > 255 ? null : { text: String.fromCharCode(cp), len: 3 };
  }
  return null;
}

/** Whitespace-separated words, no unquoting (config_parse_set_status, dependency lists). */
function wordsOf(value: string): Word[] {
  const out: Word[] = [];
  const re = /[^ \t\n\r]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** Letters whose expansion is an absolute path (so `%t/x` is absolute). */
const ABSOLUTE_SPECIFIERS = new Set(["t", "S", "C", "L", "E", "T", "V", "h", "y", "Y", "d", "D", "f", "s"]);

/**
 * Resolves what can be known statically about a path with specifiers: null when a
 * specifier at the start makes absoluteness unknowable, else a stand-in path.
 */
function pathStandIn(value: string): string | null {
  if (!hasSpecifiers(value)) return unescapePercent(value);
  let out = "";
  for (let i = 0; i < value.length; i++) {
    if (value[i] === "%" && i + 1 < value.length) {
      const c = value[++i];
      if (c === "%") out += "%";
      else if (/[A-Za-z0-9]/.test(c)) {
        if (out === "" && !ABSOLUTE_SPECIFIERS.has(c)) return null;
        out += ABSOLUTE_SPECIFIERS.has(c) ? "/x" : "x";
      } else out += "%" + c;
    } else out += value[i];
  }
  return out;
}

/** path_is_normalized() after path_simplify(): no `.` or `..` components (`.` is simplified away). */
function hasDotDot(p: string): boolean {
  return p.split("/").includes("..");
}

function specifierProblem(value: string, context: SpecifierContext, ctx: ValueContext, fatal: boolean, base = 0): ValueProblem | null {
  const bad = validateSpecifiers(value, context, ctx.version);
  if (bad.length === 0) return null;
  const b = bad[0];
  const why =
    b.reason === "newer"
      ? `${b.text} was added in systemd v${b.since}`
      : b.validElsewhere
        ? `${b.text} is not available in ${context === "name" ? "unit names" : "[Install] values"}`
        : `${b.text} is not a specifier`;
  return problem(`${ctx.key}=${value}: ${why} (write %% for a literal %): ${fatal ? REFUSED : IGNORED}`, {
    offset: base + b.offset,
    length: 2,
    fatal,
  });
}

/**
 * config_parse_unit_path_printf and friends: specifiers, then an absolute, normalized path.
 * `fatal`: RootDirectory=/RootImage=/RootVerity= (ltype true) stop loading the unit.
 */
function absolutePathCheck(opts: { fatal?: boolean; normalized?: boolean; allowDash?: boolean } = {}): Check {
  return (value, ctx) => checkAbsolutePath(value, ctx, opts);
}

function checkAbsolutePath(value: string, ctx: ValueContext, opts: { fatal?: boolean; normalized?: boolean; base?: number; what?: string }): ValueProblem | null {
  const fatal = opts.fatal ?? false;
  const sp = specifierProblem(value, "unit", ctx, fatal, opts.base ?? 0);
  if (sp) return sp;
  const path = pathStandIn(value);
  const extra = { fatal, ...(opts.base ? { offset: opts.base, length: value.length } : {}) };
  if (path === null) return null;
  if (!path.startsWith("/")) {
    return problem(`${ctx.key}= ${opts.what ?? "path"} ${q(value)} is not absolute: ${fatal ? REFUSED : IGNORED}`, extra);
  }
  if (opts.normalized !== false && hasDotDot(path)) {
    return problem(`${ctx.key}= path ${q(value)} contains a ".." component, which systemd rejects: ${fatal ? REFUSED : IGNORED}`, extra);
  }
  return null;
}

const FATAL_PATH_KEYS = new Set(["RootDirectory", "RootImage", "RootVerity"]);

const checkUnitPathPrintf: Check = (value, ctx) => checkAbsolutePath(value, ctx, { fatal: FATAL_PATH_KEYS.has(ctx.key) });

const checkWorkingDirectory: Check = (value, ctx) => {
  const dash = value.startsWith("-");
  const v = dash ? value.slice(1) : value;
  if (v === "~") return null;
  return checkAbsolutePath(v, ctx, { fatal: !dash, base: dash ? 1 : 0, what: "directory" });
};

const checkPidFile: Check = (value, ctx) => {
  const sp = specifierProblem(value, "unit", ctx, false);
  if (sp) return sp;
  const path = pathStandIn(value);
  if (path !== null && hasDotDot(path)) return problem(`${ctx.key}= path ${q(value)} contains a ".." component, which systemd rejects: ${IGNORED}`);
  return null;
};

const checkEnvFile: Check = (value, ctx) => {
  const dash = value.startsWith("-");
  const v = dash ? value.slice(1) : value;
  const sp = specifierProblem(v, "unit", ctx, false, dash ? 1 : 0);
  if (sp) return sp;
  const path = pathStandIn(v);
  if (path !== null && !path.startsWith("/")) return problem(`${ctx.key}= path ${q(v)} is not absolute: ${IGNORED}`);
  if (path !== null && hasDotDot(path)) return problem(`${ctx.key}= path ${q(v)} contains a ".." component, which systemd rejects: ${IGNORED}`);
  return null;
};

function pathListCheck(opts: { prefixes?: boolean }): Check {
  return (value, ctx) => {
    const words = extractWords(value, { unquote: true });
    if (!words) return problem(`${ctx.key}=${value}: unbalanced quoting: ${IGNORED}`);
    for (const w of words) {
      let t = w.text;
      let base = w.start;
      if (opts.prefixes) {
        if (t.startsWith("-")) {
          t = t.slice(1);
          base++;
        }
        if (t.startsWith("+")) {
          t = t.slice(1);
          base++;
        }
      }
      const p = checkAbsolutePath(t, ctx, { base: w.text === value.slice(w.start, w.end) ? base : w.start });
      if (p) {
        if (opts.prefixes && /^\+-/.test(w.text)) p.message += ' (write the prefixes as "-+", not "+-")';
        p.message = p.message.replace(`: ${IGNORED}`, ": systemd ignores this path");
        return p;
      }
    }
    return null;
  };
}

const checkConditionPath: Check = (value, ctx) => {
  let v = value;
  let base = 0;
  if (v.startsWith("|")) {
    v = v.slice(1);
    base++;
  }
  if (v.startsWith("!")) {
    v = v.slice(1);
    base++;
  }
  const p = checkAbsolutePath(v, ctx, { base });
  if (p && /^!\|/.test(value)) p.message += ' (write the prefixes as "|!", not "!|")';
  if (p && /^[|!]+\s/.test(value)) p.message += " (no space is allowed after | or !)";
  return p;
};

const checkTemporaryFilesystems: Check = (value, ctx) => {
  const words = extractWords(value, { unquote: true });
  if (!words) return problem(`${ctx.key}=${value}: unbalanced quoting: ${IGNORED}`);
  for (const w of words) {
    const colon = w.text.indexOf(":");
    const path = colon >= 0 ? w.text.slice(0, colon) : w.text;
    const p = checkAbsolutePath(path, ctx, { base: w.start });
    if (p) return p;
  }
  return null;
};

const checkExecDirectories: Check = (value, ctx) => {
  const words = extractWords(value, { unquote: true, cunescape: true });
  if (!words) return problem(`${ctx.key}=${value}: invalid syntax (an unbalanced quote, or a backslash escape systemd does not know): ${IGNORED}`);
  for (const w of words) {
    const sp = specifierProblem(w.text, "unit", ctx, false, w.start);
    if (sp) return sp;
    if (ctx.key === "ConfigurationDirectory" && ctx.version >= 250 && w.text.includes(":")) {
      return problem(`${ctx.key}= does not support a ":DESTINATION" part (${q(w.text)}): ${IGNORED}`, { offset: w.start, length: w.end - w.start });
    }
    const parts = ctx.version >= 250 ? w.text.split(":").slice(0, 2) : [w.text];
    for (const part of parts) {
      const p = pathStandIn(part);
      if (p === null) continue;
      const at = { offset: w.start, length: w.end - w.start };
      if (p.startsWith("/")) {
        const rel = p.replace(/^\/+(?:run|var\/lib|var\/cache|var\/log|etc)\/+/, "");
        return problem(`${ctx.key}= takes a path relative to the base directory, not ${q(part)}: ${IGNORED}`, rel !== p && rel ? { ...at, suggestion: rel } : at);
      }
      if (hasDotDot(p)) return problem(`${ctx.key}= path ${q(part)} contains a ".." component: ${IGNORED}`, at);
      if (p === "private" || p.startsWith("private/")) return problem(`${ctx.key}= path cannot be ${q(part)} (reserved): ${IGNORED}`, at);
    }
  }
  return null;
};

// Environment

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const checkEnviron: Check = (value, ctx) => {
  const words = extractWords(value, { unquote: true, cunescape: true });
  if (!words) {
    return problem(`${ctx.key}=${value}: invalid syntax (an unbalanced quote, or a backslash escape systemd does not know): ${IGNORED}`);
  }
  for (const w of words) {
    const sp = specifierProblem(w.text, "unit", ctx, false);
    if (sp) return { ...sp, offset: w.start, length: w.end - w.start, message: sp.message.replace(IGNORED, "systemd ignores this variable") };
    const eq = w.text.indexOf("=");
    if (eq < 0 || !ENV_NAME.test(w.text.slice(0, eq))) {
      const why = eq < 0 ? "has no \"=\" (NAME=VALUE)" : `has an invalid variable name ${q(w.text.slice(0, eq))} (letters, digits and _, not starting with a digit)`;
      return problem(`${ctx.key}= item ${q(w.text)} ${why}: systemd ignores this item`, { offset: w.start, length: w.end - w.start });
    }
  }
  return null;
};

const checkPassEnviron: Check = (value, ctx) => {
  // v252: PassEnvironment= only unquotes (a backslash just escapes the next character);
  // UnsetEnvironment= also decodes C escapes. Both say "Trailing garbage" on a syntax error.
  const words = extractWords(value, { unquote: true, cunescape: ctx.key === "UnsetEnvironment" });
  if (!words) return problem(`${ctx.key}=${value}: invalid syntax (an unbalanced quote${ctx.key === "UnsetEnvironment" ? ", or a backslash escape systemd does not know" : ""}): ${IGNORED}`);
  for (const w of words) {
    const sp = specifierProblem(w.text, "unit", ctx, false, w.start);
    if (sp) return sp;
    if (hasSpecifiers(w.text)) continue;
    const t = unescapePercent(w.text);
    const ok = ctx.key === "UnsetEnvironment" ? ENV_NAME.test(t.split("=")[0]) : ENV_NAME.test(t);
    if (!ok) return problem(`${q(w.text)} is not a valid environment variable name for ${ctx.key}=: systemd ignores this item`, { offset: w.start, length: w.end - w.start });
  }
  return null;
};

// Unit names

const UNIT_SUFFIXES = new Set(["service", "socket", "target", "device", "mount", "automount", "swap", "timer", "path", "slice", "scope"]);

/** unit_name_is_valid(name, PLAIN|INSTANCE|TEMPLATE) (src/basic/unit-name.c). */
export function unitNameKind(name: string): "plain" | "instance" | "template" | null {
  if (name.length === 0 || name.length >= 256) return null;
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return null;
  if (!UNIT_SUFFIXES.has(name.slice(dot + 1))) return null;
  const prefix = name.slice(0, dot);
  if (!/^[A-Za-z0-9:_.\\@-]+$/.test(prefix)) return null;
  const at = prefix.indexOf("@");
  if (at === 0) return null;
  if (at < 0) return "plain";
  return at === prefix.length - 1 ? "template" : "instance";
}

export function isValidUnitName(name: string): boolean {
  return unitNameKind(name) !== null;
}

function unitNameProblem(name: string): string {
  const dot = name.lastIndexOf(".");
  if (dot <= 0 || !UNIT_SUFFIXES.has(name.slice(dot + 1))) return "it has no unit type suffix such as .service or .target";
  if (name.startsWith("@")) return "it starts with @";
  if (name.length >= 256) return "it is longer than 255 characters";
  const bad = /[^A-Za-z0-9:_.\\@-]/.exec(name.slice(0, dot));
  return bad ? `it contains ${q(bad[0])}` : "it is not a valid unit name";
}

function nameSuggestion(name: string): string | undefined {
  if (/^[A-Za-z0-9:_.\\@-]+$/.test(name) && !name.startsWith("@") && !name.includes(".")) return undefined;
  const unq = name.replace(/^["']|["']$/g, "");
  if (unq !== name && isValidUnitName(unq)) return unq;
  const dot = name.lastIndexOf(".");
  if (dot > 0) {
    const sfx = closest(name.slice(dot + 1), [...UNIT_SUFFIXES]);
    if (sfx && isValidUnitName(name.slice(0, dot + 1) + sfx)) return name.slice(0, dot + 1) + sfx;
  }
  return undefined;
}

function unitNameListCheck(opts: { suffix?: string; single?: boolean } = {}): Check {
  return (value, ctx) => {
    const words = opts.single ? [{ text: value, start: 0, end: value.length }] : wordsOf(value);
    for (const w of words) {
      const sp = specifierProblem(w.text, "name", ctx, false, w.start);
      if (sp) return { ...sp, message: sp.message.replace(IGNORED, opts.single ? IGNORED : "systemd ignores this dependency") };
      if (hasSpecifiers(w.text)) continue;
      const name = unescapePercent(w.text);
      const at = { offset: w.start, length: w.end - w.start };
      if (opts.suffix && isValidUnitName(name) && !name.endsWith("." + opts.suffix)) {
        return problem(`${ctx.key}= needs a .${opts.suffix} unit, not ${q(name)}: ${IGNORED}`, at);
      }
      if (opts.single && unitNameKind(name) === "template") {
        return problem(`${ctx.key}= names the template ${q(name)}, which cannot be loaded without an instance name: ${IGNORED}`, at);
      }
      if (!isValidUnitName(name)) {
        const s = nameSuggestion(name);
        const what = opts.single ? IGNORED : "systemd ignores this dependency";
        return problem(`${q(name)} in ${ctx.key}= is not a valid unit name (${unitNameProblem(name)}): ${what}${s ? `; did you mean ${q(s)}?` : ""}`, {
          ...at,
          ...(s ? { suggestion: s } : {}),
        });
      }
    }
    return null;
  };
}

// Users and groups

/** valid_user_group_name(VALID_USER_RELAX | VALID_USER_ALLOW_NUMERIC) of systemd ≥ 246. */
export function isValidUserGroupName(name: string): boolean {
  if (name.length === 0) return false;
  if (/^\d+$/.test(name)) {
    // parse_uid(): decimal without leading zeros; 65535 and 4294967295 are reserved.
    if ((name.length > 1 && name[0] === "0") || name.length > 10) return false;
    const n = BigInt(name);
    return n < 4294967295n && n !== 65535n;
  }
  if (name.startsWith(" ") || name.endsWith(" ")) return false;
  if (/^-\d*$/.test(name)) return false; // "-" alone too (in_charset("", DIGITS) is true)
  if (name === "." || name === "..") return false;
  if (/[\x00-\x1f\x7f:/]/.test(name)) return false;
  return true;
}

function userGroupProblem(name: string): string {
  if (/^\d+$/.test(name)) return name.length > 1 && name[0] === "0" ? "a numeric ID cannot have leading zeros" : "numeric IDs 65535 and 4294967295 are reserved";
  if (/^-\d*$/.test(name)) return name === "-" ? '"-" alone is not a name' : "a negative number is not an ID";
  const bad = /[\x00-\x1f\x7f:/]/.exec(name);
  if (bad) return `it contains ${q(bad[0])}`;
  return "it is not a valid user or group name";
}

const checkUserGroup: Check = (value, ctx) => {
  const sp = specifierProblem(value, "unit", ctx, true);
  if (sp) return sp;
  if (hasSpecifiers(value)) return null;
  const v = unescapePercent(value);
  if (isValidUserGroupName(v)) return null;
  return problem(`${q(value)} is not a valid user/group name or numeric ID for ${ctx.key}= (${userGroupProblem(v)}): ${REFUSED}`, { fatal: true });
};

const checkUserGroupList: Check = (value, ctx) => {
  const words = extractWords(value, { unquote: true, relax: true }) ?? [];
  for (const w of words) {
    if (w.text === "") continue;
    const sp = specifierProblem(w.text, "unit", ctx, true, w.start);
    if (sp) return sp;
    if (hasSpecifiers(w.text)) continue;
    const v = unescapePercent(w.text);
    if (!isValidUserGroupName(v)) {
      return problem(`${q(w.text)} in ${ctx.key}= is not a valid user/group name or numeric ID (${userGroupProblem(v)}): ${REFUSED}`, {
        fatal: true,
        offset: w.start,
        length: w.end - w.start,
      });
    }
  }
  return null;
};

// ---------------------------------------------------------------------------------------
// Exec command lines (systemd.service(5) "Command lines"; load-fragment.c `config_parse_exec()`)

const checkExec: Check = (value, ctx) => {
  const viaShell = ctx.version >= 257;
  const split = splitWords(value);
  const parsed = parseExecLine(value, { viaShell });
  // Prefix of the command whose words we are in decides "ignore" (`-`).
  const ignoreOf = (prefixes: string) => prefixes.includes("-");
  for (const cmd of parsed.commands) {
    const ignore = ignoreOf(cmd.prefixes);
    const consequence = ignore ? `${IGNORED} (the "-" prefix makes this non-fatal)` : REFUSED;
    const first = cmd.words[0];
    const raw = value.slice(first.start, first.end);
    const at = { offset: first.start, length: first.end - first.start, fatal: !ignore };
    // specifiers in the executable
    const sp = specifierProblem(cmd.path, "unit", ctx, !ignore);
    if (sp) return { ...sp, ...at, message: sp.message.replace(/: systemd .*$/, `: ${consequence}`) };
    const path = hasSpecifiers(cmd.path) ? null : unescapePercent(cmd.path);
    if (path !== null) {
      if (path === "") {
        return problem(`${ctx.key}=${value}: the prefix ${q(cmd.prefixes)} is not followed by a command: ${consequence}`, at);
      }
      if (/[\x00-\x1f\x7f"'\\]/.test(path)) {
        return problem(`${ctx.key}=: the executable ${q(path)} contains a quote, backslash or control character: ${consequence}`, at);
      }
      if (path.endsWith("/")) return problem(`${ctx.key}=: the executable ${q(path)} is a directory: ${consequence}`, at);
      if (!path.startsWith("/") && (path.includes("/") || path === "." || path === ".." || path.length > 255)) {
        const prefixHint = /^[-@:+!|~]/.test(path)
          ? ` (prefix characters may each appear once, and "+" cannot be combined with "!"; "${cmd.prefixes}" was taken as the prefix)`
          : path.startsWith("$") || path.startsWith("${")
            ? " (variables are not expanded in the executable)"
            : "";
        return problem(`${ctx.key}=: ${q(path)} is neither an absolute path nor a plain executable name${prefixHint}: ${consequence}`, at);
      }
      if (cmd.prefixes.includes("@") && cmd.words.length < 2) {
        return problem(`${ctx.key}=${raw}: the "@" prefix needs a second word (argv[0]) after the executable: ${consequence}`, at);
      }
      if (/\$/.test(path)) {
        return problem(
          `${ctx.key}=: the executable ${q(path)} contains a variable reference, but systemd never expands variables in the executable path; it will look for a file literally named ${q(path)} and the command will fail`,
          { offset: first.start, length: first.end - first.start },
        );
      }
    }
    // specifiers in the arguments
    for (const w of cmd.words.slice(1)) {
      const s = specifierProblem(w.text, "unit", ctx, !ignore);
      if (s) return { ...s, offset: w.start, length: w.end - w.start, message: s.message.replace(/: systemd .*$/, `: ${consequence}`) };
    }
  }
  if (split.error) {
    // Which command was the unbalanced word in, and was it its first word?
    const prev = split.words;
    const firstWordOfCommand = prev.length === 0 || (prev[prev.length - 1].separator && prev.length > 1);
    const lastCmd = parsed.commands[parsed.commands.length - 1];
    const ignore = !firstWordOfCommand && lastCmd !== undefined && ignoreOf(lastCmd.prefixes);
    const fatal = !firstWordOfCommand && !ignore;
    return problem(`${ctx.key}=${value}: unbalanced quoting (a quote opened at offset ${split.error.offset} is never closed): ${fatal ? REFUSED : IGNORED}`, {
      offset: split.error.offset,
      length: value.length - split.error.offset,
      fatal,
    });
  }
  return null;
};

// ---------------------------------------------------------------------------------------
// Sockets

const NETLINK_FAMILIES = [
  "route", "firewall", "inet-diag", "nflog", "xfrm", "selinux", "iscsi", "audit", "fib-lookup", "connector", "netfilter",
  "ip6-fw", "dnrtmsg", "kobject-uevent", "generic", "scsitransport", "ecryptfs", "rdma",
];

const checkSocketListen: Check = (value, ctx) => {
  const ltype = directiveInfo(ctx.section, ctx.key)?.ltype;
  const sp = specifierProblem(value, "unit", ctx, false);
  if (sp) return sp;
  // Specifiers change the address; unknowable statically (only %% is resolved here).
  if (hasSpecifiers(value)) return null;
  const v = unescapePercent(value);
  if (ltype === "SOCKET_SOCKET" && ctx.key === "ListenNetlink") {
    const m = /^(\S+)(?:\s+(\S+))?$/.exec(v);
    const fam = m?.[1];
    const famOk =
      fam !== undefined &&
      (NETLINK_FAMILIES.includes(fam) ||
        intIn(fam, 0, 2147483647) === "ok" ||
        // newer systemd may know more family names
        (ctx.version > 252 && /^[a-z0-9-]+$/.test(fam)));
    const groupOk = m?.[2] === undefined || "value" in parseCInteger(m[2], { signed: false, bits: 32 });
    if (famOk && groupOk) return null;
    return problem(`${q(value)} is not a netlink family and group for ${ctx.key}= (e.g. "kobject-uevent 1"): ${IGNORED}`);
  }
  if (ltype === "SOCKET_SOCKET") {
    const a = parseListenAddress(v);
    if (a.kind === "invalid") {
      return problem(`${q(value)} is not a socket address for ${ctx.key}= (${a.reason}): ${IGNORED}`);
    }
    if (ctx.key === "ListenSequentialPacket" && a.kind !== "unix" && a.kind !== "abstract") {
      return problem(`${ctx.key}=${value}: sequential-packet sockets are only supported for AF_UNIX paths: ${IGNORED} (address family not supported)`);
    }
    return null;
  }
  // FIFO, special files, message queues, USB function endpoints: absolute, normalized paths.
  if (!v.startsWith("/")) return problem(`${ctx.key}= path ${q(value)} is not absolute: ${IGNORED}`);
  if (hasDotDot(v)) return problem(`${ctx.key}= path ${q(value)} contains a ".." component, which systemd rejects: ${IGNORED}`);
  return null;
};

const checkFdName: Check = (value, ctx) => {
  const sp = specifierProblem(value, "unit", ctx, false);
  if (sp) return sp;
  if (hasSpecifiers(value)) return null;
  value = unescapePercent(value);
  if (value.length <= 255 && /^[\x20-\x7e]*$/.test(value) && !value.includes(":")) return null;
  return problem(`${q(value)} is not a file descriptor name for ${ctx.key}= (up to 255 printable ASCII characters, no ":"): ${IGNORED}`);
};

const checkBusName: Check = (value, ctx) => {
  const sp = specifierProblem(value, "unit", ctx, false);
  if (sp) return sp;
  if (hasSpecifiers(value)) return null;
  const v = unescapePercent(value);
  const elems = v.split(".");
  const ok =
    v.length <= 255 &&
    elems.length >= 2 &&
    elems.every((e, i) => /^[A-Za-z0-9_-]+$/.test(e) && !(v[0] !== ":" && /^[0-9]/.test(e)) && (i > 0 || e.length > 0));
  const unique = /^:[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/.test(v);
  if (ok || unique) return null;
  return problem(`${q(value)} is not a D-Bus name for ${ctx.key}= (dot-separated elements such as org.example.Daemon): ${IGNORED}`);
};

function checkStdio(kind: "input" | "output"): Check {
  const simple =
    kind === "input"
      ? ["null", "tty", "tty-force", "tty-fail", "data", "socket"]
      : ["inherit", "null", "tty", "journal", "kmsg", "journal+console", "kmsg+console", "socket", "syslog", "syslog+console"];
  return (value, ctx) => {
    if (simple.includes(value)) return null;
    if (value === "fd") return null;
    if (value.startsWith("fd:")) return checkFdName(value.slice(3), ctx);
    const m = /^(file|append|truncate):(.*)$/.exec(value);
    if (m && (kind === "output" || m[1] === "file")) {
      const since = m[1] === "append" ? 240 : m[1] === "truncate" ? 248 : 236;
      if (since > ctx.version) return versionProblem(`${m[1]}:`, since, ctx);
      return checkAbsolutePath(m[2], ctx, { base: m[1].length + 1 });
    }
    const all = [...simple.filter((x) => !x.startsWith("syslog")), "fd:NAME", "file:PATH", ...(kind === "output" ? ["append:PATH", "truncate:PATH"] : [])];
    const s = closest(value, simple);
    return problem(`${q(value)} is not a valid ${ctx.key}= value (${all.join(", ")}): ${IGNORED}${s ? `; did you mean ${q(s)}?` : ""}`, s ? { suggestion: s } : {});
  };
}

// Misc

const checkDocumentation: Check = (value, ctx) => {
  const words = extractWords(value, { unquote: true });
  if (!words) return problem(`${ctx.key}=${value}: unbalanced quoting: ${IGNORED}`);
  for (const w of words) {
    const sp = specifierProblem(w.text, "unit", ctx, false, w.start);
    if (sp) return sp;
    if (hasSpecifiers(w.text)) continue;
    const u = unescapePercent(w.text);
    const ascii = (s: string) => /^[\x01-\x7f]+$/.test(s);
    let m: RegExpExecArray | null;
    const ok =
      ((m = /^https?:\/\/(.*)$/.exec(u)) && ascii(m[1])) ||
      ((m = /^file:\/(.*)$/.exec(u)) && ascii(m[1])) ||
      ((m = /^(?:info|man):(.*)$/.exec(u)) && ascii(m[1]));
    if (!ok) {
      const s = /^\S+\(\d\w*\)$/.test(u) ? `man:${u}` : /^www\./.test(u) ? `https://${u}` : /^\//.test(u) ? `file:${u}` : undefined;
      return problem(`${q(w.text)} in ${ctx.key}= is not a http://, https://, file:, info: or man: URI: systemd ignores this URI${s ? `; did you mean ${q(s)}?` : ""}`, {
        offset: w.start,
        length: w.end - w.start,
        ...(s ? { suggestion: s } : {}),
      });
    }
  }
  return null;
};

const NAMESPACES = ["cgroup", "ipc", "net", "mnt", "pid", "user", "uts", "time"];

const checkNamespaceFlags: Check = (value, ctx) => {
  if (parseBoolean(value) !== null) return null;
  const v = value.startsWith("~") ? value.slice(1) : value;
  for (const w of wordsOf(v)) {
    if (!NAMESPACES.includes(w.text)) {
      const s = closest(w.text, NAMESPACES);
      return problem(`${q(w.text)} in ${ctx.key}= is not a namespace type (${NAMESPACES.join(", ")}) or a boolean: ${IGNORED}${s ? `; did you mean ${q(s)}?` : ""}`, {
        offset: w.start + (value.length - v.length),
        length: w.end - w.start,
      });
    }
  }
  return null;
};

const ADDRESS_KEYWORDS = ["any", "localhost", "link-local", "multicast"];

const checkAddressPrefixes: Check = (value, ctx) => {
  for (const w of wordsOf(value)) {
    if (ADDRESS_KEYWORDS.includes(w.text)) continue;
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(w.text);
    let ok = false;
    if (m) {
      const v4 = parseIPv4(m[1]) && m[1].split(".").every((x) => x === "0" || !x.startsWith("0"));
      const v6 = !v4 && parseIPv6(m[1]);
      const max = v4 ? 32 : 128;
      ok = Boolean(v4 || v6) && (m[2] === undefined || Number(m[2]) <= max);
    }
    if (!ok) {
      return problem(`${q(w.text)} in ${ctx.key}= is not an address prefix (ADDRESS[/LENGTH], any, localhost, link-local, multicast): systemd ignores this item`, {
        offset: w.start,
        length: w.end - w.start,
      });
    }
  }
  return null;
};

/** `[ipv4:|ipv6:][tcp:|udp:]PORT[-PORT]`, `any`; the protocol or family alone means any port. */
const checkSocketBind: Check = (value, ctx) => {
  const parts = value.split(":");
  let i = 0;
  if (parts[i] === "ipv4" || parts[i] === "ipv6") i++;
  if (parts[i] === "tcp" || parts[i] === "udp") i++;
  const rest = parts.slice(i);
  let ok = rest.length === 0 || (rest.length === 1 && rest[0] === "any");
  if (!ok && rest.length === 1) {
    const range = rest[0].split("-");
    ok =
      range.length <= 2 &&
      range.every((x) => {
        const r = parseCInteger(x, { signed: false, bits: 16 });
        return "value" in r && r.value >= 1n;
      });
  }
  if (ok) return null;
  return problem(`${q(value)} is not a valid ${ctx.key}= rule ([ipv4:|ipv6:][tcp:|udp:]PORT[-PORT] with ports 1…65535, or any): ${IGNORED}`);
};

// ---------------------------------------------------------------------------------------
// Calendar expressions (OnCalendar=, calendar_spec_from_string() of src/shared/calendarspec.c)

interface CalComponent {
  start: number;
  stop: number;
  repeat: number;
}
type CalChain = CalComponent[] | null; // null = "*"

/** A cursor over the expression; every parse step throws CAL_INVALID on a syntax error. */
const CAL_INVALID = new Error("invalid calendar expression");

const WEEKDAY_NAMES: [string, number][] = [
  ["monday", 0], ["mon", 0], ["tuesday", 1], ["tue", 1], ["wednesday", 2], ["wed", 2],
  ["thursday", 3], ["thu", 3], ["friday", 4], ["fri", 4], ["saturday", 5], ["sat", 5], ["sunday", 6], ["sun", 6],
];

const CAL_SHORTHANDS = new Set([
  "minutely", "hourly", "daily", "monthly", "weekly", "yearly", "annually", "quarterly",
  "semiannually", "semi-annually", "biannually", "bi-annually",
]);

class CalCursor {
  constructor(
    readonly s: string,
    public i = 0,
  ) {}
  cur(): string {
    return this.s[this.i] ?? "";
  }
  at(k: number): string {
    return this.s[this.i + k] ?? "";
  }
  skipSpaces(): void {
    while (this.s[this.i] === " ") this.i++;
  }
}

function calWeekdays(c: CalCursor): void {
  let l = -1;
  let first = true;
  for (;;) {
    const rest = c.s.slice(c.i).toLowerCase();
    const day = WEEKDAY_NAMES.find(([name]) => rest.startsWith(name));
    if (!day) {
      if (first) return;
      throw CAL_INVALID;
    }
    const [name, nr] = day;
    if (!["", "-", ".", ",", " "].includes(c.at(name.length))) throw CAL_INVALID;
    if (l >= 0 && l > nr) throw CAL_INVALID;
    c.i += name.length;
    if (c.cur() === "") return;
    if (c.cur() === " ") {
      c.skipSpaces();
      return;
    }
    if (c.cur() === ".") {
      if (l >= 0 || c.at(1) !== ".") throw CAL_INVALID;
      l = nr;
      c.i += 2;
    } else if (c.cur() === "-") {
      if (l >= 0) throw CAL_INVALID;
      l = nr;
      c.i += 1;
    } else if (c.cur() === ",") {
      l = -1;
      c.i += 1;
    }
    if (c.cur() === "" || c.cur() === " ") {
      c.skipSpaces();
      if (l >= 0) throw CAL_INVALID;
      return;
    }
    first = false;
  }
}

/** parse_component_decimal(): digits (strtoul), for seconds with an optional fraction; in µs for seconds. */
function calDecimal(c: CalCursor, usec: boolean): number {
  const m = /^[0-9]+/.exec(c.s.slice(c.i));
  if (!m) throw CAL_INVALID;
  let value = Number(m[0]);
  if (m[0].length > 12 || value > 2147483647) throw CAL_INVALID;
  c.i += m[0].length;
  if (usec) {
    value *= 1000000;
    if (c.cur() === "." && c.at(1) !== ".") {
      c.i++;
      const f = /^[0-9]+/.exec(c.s.slice(c.i));
      if (!f) throw CAL_INVALID;
      value += Number(f[0].slice(0, 6).padEnd(6, "0"));
      c.i += f[0].length;
    }
    if (value > 2147483647) throw CAL_INVALID;
  }
  return value;
}

function calComponent(c: CalCursor, usec: boolean): CalComponent {
  const start = calDecimal(c, usec);
  let stop = -1;
  let repeat = 0;
  if (c.cur() === "." && c.at(1) === ".") {
    c.i += 2;
    stop = calDecimal(c, usec);
    repeat = usec ? 1000000 : 1;
  }
  if (c.cur() === "/") {
    c.i++;
    repeat = calDecimal(c, usec);
    if (repeat === 0) throw CAL_INVALID;
  }
  if (!["", " ", ",", "-", "~", ":"].includes(c.cur())) throw CAL_INVALID;
  return { start, stop, repeat };
}

function calChain(c: CalCursor, usec: boolean): CalChain {
  if (c.cur() === "*") {
    c.i++;
    return usec ? [{ start: 0, stop: -1, repeat: 1000000 }] : null;
  }
  const chain = [calComponent(c, usec)];
  while (c.cur() === ",") {
    c.i++;
    chain.push(calComponent(c, usec));
  }
  return chain;
}

interface CalSpec {
  year: CalChain;
  month: CalChain;
  day: CalChain;
  hour: CalChain;
  minute: CalChain;
  second: CalChain;
  endOfMonth: boolean;
}

/** parse_date(): `[[YEAR-]MONTH-DAY]` or `MONTH~DAY` (last days); a leading chain followed by `:` is the time. */
function calDate(c: CalCursor, spec: CalSpec): void {
  if (c.cur() === "") return;
  if (c.cur() === "@") throw CAL_UNSURE;
  const t = new CalCursor(c.s, c.i);
  const first = calChain(t, false);
  if (t.cur() === "" || t.cur() === ":") return;
  if (t.cur() === "~") spec.endOfMonth = true;
  else if (t.cur() !== "-") throw CAL_INVALID;
  t.i++;
  const second = calChain(t, false);
  if (t.cur() === "" || t.cur() === " ") {
    t.skipSpaces();
    c.i = t.i;
    spec.month = first;
    spec.day = second;
    return;
  }
  if (spec.endOfMonth) throw CAL_INVALID;
  if (t.cur() === "~") spec.endOfMonth = true;
  else if (t.cur() !== "-") throw CAL_INVALID;
  t.i++;
  const third = calChain(t, false);
  if (t.cur() !== "" && t.cur() !== " ") throw CAL_INVALID;
  t.skipSpaces();
  c.i = t.i;
  spec.year = first;
  spec.month = second;
  spec.day = third;
}

/** parse_calendar_time(): `HOUR:MINUTE[:SECOND]`, or nothing (00:00:00). */
function calTime(c: CalCursor, spec: CalSpec): void {
  if (c.cur() === "") return;
  spec.hour = calChain(c, false);
  if (c.cur() !== ":") throw CAL_INVALID;
  c.i++;
  spec.minute = calChain(c, false);
  if (c.cur() === "") return;
  if (c.cur() !== ":") throw CAL_INVALID;
  c.i++;
  spec.second = calChain(c, true);
  if (c.cur() !== "") throw CAL_INVALID;
}

/** Thrown where astlint does not model systemd exactly (`@EPOCH`): the value is not reported. */
const CAL_UNSURE = new Error("unsure");

function calYearFix(n: number): number {
  return n < 70 ? n + 2000 : n < 100 ? n + 1900 : n;
}

/**
 * chain_valid(): every start (and range end) inside [from, to]; a repetition not larger than
 * the field. Stricter conditions of systemd (a repetition that never fits) are not modelled,
 * so that a value is never reported wrongly.
 */
function calChainValid(chain: CalChain, from: number, to: number, year = false): boolean {
  if (!chain) return true;
  return chain.every((cc) => {
    const start = year ? calYearFix(cc.start) : cc.start;
    const stop = cc.stop >= 0 && year ? calYearFix(cc.stop) : cc.stop;
    if (start < from || start > to) return false;
    if (stop >= 0 && (stop < from || stop > to || stop < start)) return false;
    return true;
  });
}

/** "ok", "invalid", or "unsure" for the part of the expression without a time zone. */
function calendarCore(p: string): "ok" | "invalid" | "unsure" {
  if (p === "") return "invalid";
  if (CAL_SHORTHANDS.has(p.toLowerCase())) return "ok";
  const spec: CalSpec = { year: null, month: null, day: null, hour: null, minute: null, second: null, endOfMonth: false };
  const c = new CalCursor(p);
  try {
    calWeekdays(c);
    calDate(c, spec);
    calTime(c, spec);
    if (c.cur() !== "") return "invalid";
  } catch (e) {
    if (e === CAL_UNSURE) return "unsure";
    if (e === CAL_INVALID) return "invalid";
    throw e;
  }
  const valid =
    calChainValid(spec.year, 1970, 2199, true) &&
    calChainValid(spec.month, 1, 12) &&
    calChainValid(spec.day, 1, 31) &&
    calChainValid(spec.hour, 0, 23) &&
    calChainValid(spec.minute, 0, 59) &&
    calChainValid(spec.second, 0, 59999999);
  return valid ? "ok" : "invalid";
}

/**
 * calendar_spec_from_string() (`systemd-analyze calendar`): false only when systemd rejects
 * the expression whatever the host's time zones are. A trailing ` UTC` is always a time zone;
 * another last word may be a time zone name (tz database of the host, local zone
 * abbreviations), so the expression counts as valid when it parses without that word.
 */
export function isValidCalendarSpec(value: string): boolean {
  const utc = / utc$/i.test(value) && value.length > 4;
  const p = utc ? value.slice(0, -4) : value;
  const whole = calendarCore(p);
  if (whole !== "invalid" || utc) return whole !== "invalid";
  const space = p.lastIndexOf(" ");
  if (space < 0) return false;
  const zone = p.slice(space + 1);
  if (!/^[A-Za-z0-9_+\-/]+$/.test(zone) || !/[A-Za-z]/.test(zone)) return false;
  return calendarCore(p.slice(0, space)) !== "invalid";
}

const checkTimer: Check = (value, ctx) => {
  const ltype = directiveInfo(ctx.section, ctx.key)?.ltype;
  if (!ltype) return null;
  if (hasSpecifiers(value)) return null;
  if (ltype === "TIMER_CALENDAR") {
    const v = unescapePercent(value);
    if (isValidCalendarSpec(v)) return null;
    const s = /^[A-Za-z-]+$/.test(v) ? closest(v, [...CAL_SHORTHANDS]) : undefined;
    return problem(
      `${q(value)} is not a valid calendar expression for ${ctx.key}= (e.g. "daily", "Mon..Fri *-*-* 09:00:00", "*-*-01 04:00", "*:0/15"; check with systemd-analyze calendar): ${IGNORED}${s ? `; did you mean ${q(s)}?` : ""}`,
      s ? { suggestion: s } : {},
    );
  }
  return timespanCheck(false)(unescapePercent(value), ctx);
};

// RestrictAddressFamilies= (config_parse_address_families, af_from_name()) and
// SystemCallFilter= (config_parse_syscall_filter, seccomp_parse_syscall_filter())

/** Names af_from_name() of systemd 252 knows (kernel AF_* constants up to AF_MCTP, plus the glibc aliases); case-insensitive. */
const ADDRESS_FAMILIES = [
  "AF_UNIX", "AF_LOCAL", "AF_FILE", "AF_INET", "AF_AX25", "AF_IPX", "AF_APPLETALK", "AF_NETROM", "AF_BRIDGE", "AF_ATMPVC",
  "AF_X25", "AF_INET6", "AF_ROSE", "AF_DECnet", "AF_NETBEUI", "AF_SECURITY", "AF_KEY", "AF_NETLINK", "AF_ROUTE", "AF_PACKET",
  "AF_ASH", "AF_ECONET", "AF_ATMSVC", "AF_RDS", "AF_SNA", "AF_IRDA", "AF_PPPOX", "AF_WANPIPE", "AF_LLC", "AF_IB", "AF_MPLS",
  "AF_CAN", "AF_TIPC", "AF_BLUETOOTH", "AF_IUCV", "AF_RXRPC", "AF_ISDN", "AF_PHONET", "AF_IEEE802154", "AF_CAIF", "AF_ALG",
  "AF_NFC", "AF_VSOCK", "AF_KCM", "AF_QIPCRTR", "AF_SMC", "AF_XDP", "AF_MCTP",
];
const ADDRESS_FAMILIES_LOWER = new Set(ADDRESS_FAMILIES.map((f) => f.toLowerCase()));

const checkAddressFamilies: Check = (value, ctx) => {
  if (value === "none") return null;
  const base = value.startsWith("~") ? 1 : 0;
  const words = extractWords(value.slice(base), { unquote: true });
  if (!words) return null;
  for (const w of words) {
    if (ADDRESS_FAMILIES_LOWER.has(w.text.toLowerCase())) continue;
    const s = /^[A-Za-z0-9_]+$/.test(w.text) ? closest(w.text, ADDRESS_FAMILIES) : undefined;
    const none = w.text === "none" ? ' ("none" is only valid as the whole value)' : "";
    return problem(
      `${q(w.text)} in ${ctx.key}= is not an address family (AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET …; optionally "~" first to deny the list, or "none")${none}: systemd ignores this item${s ? `; did you mean ${q(s)}?` : ""}`,
      { offset: base + w.start, length: w.end - w.start },
    );
  }
  return null;
};

/** System call groups (`systemd-analyze syscall-filter`); `since` where added after the oldest version. */
const SYSCALL_GROUPS: EnumValue[] = [
  "@default", "@aio", "@basic-io", "@chown", "@clock", "@cpu-emulation", "@debug", "@file-system", "@io-event", "@ipc",
  "@keyring", "@memlock", "@module", "@mount", "@network-io", "@obsolete", "@pkey", "@privileged", "@process", "@raw-io",
  "@reboot", "@resources", "@setuid", "@signal", "@swap", "@sync", "@system-service", "@timer", "@known",
].map((value) => ({ value }));
// Not known to v252 (verified); added later.
SYSCALL_GROUPS.push({ value: "@sandbox", since: 253 });

/**
 * Only `@group` names are checked: whether a plain system call name exists depends on the
 * architecture and libseccomp of the host (systemd warns "Failed to parse system call").
 * Words are not unquoted and not specifier-expanded by systemd; `name:ERRNO` items are skipped.
 */
const checkSyscallFilter: Check = (value, ctx) => {
  const base = value.startsWith("~") ? 1 : 0;
  for (const w of wordsOf(value.slice(base))) {
    if (!w.text.startsWith("@") || w.text.includes(":") || w.text.includes("%")) continue;
    const g = SYSCALL_GROUPS.find((x) => x.value === w.text);
    if (g && (g.since ?? 0) <= ctx.version) continue;
    if (g && ctx.version >= 253) continue;
    const known = SYSCALL_GROUPS.filter((x) => (x.since ?? 0) <= ctx.version).map((x) => x.value);
    const s = closest(w.text, known);
    const why = g ? ` (added in systemd v${g.since}, systemd v${ctx.version} does not know it)` : "";
    return problem(`${q(w.text)} in ${ctx.key}= is not a system call group${why}: systemd ignores this item${s ? `; did you mean ${q(s)}?` : ""}`, {
      offset: base + w.start,
      length: w.end - w.start,
      ...(s ? { suggestion: s } : {}),
    });
  }
  return null;
};

const checkTriggerUnit: Check = (value, ctx) => unitNameListCheck({ single: true })(value, ctx);

// cgroup device settings (first word: device, second: value)

function deviceAndValue(value: string): { device: string; rest: string; restStart: number } | null {
  const m = /^(\S+)(?:\s+(|\S.*))?$/.exec(value); // not `\s+(.*)$`: quadratic on blanks before a U+2028
  if (!m) return null;
  return { device: m[1], rest: (m[2] ?? "").trim(), restStart: m[2] === undefined ? value.length : value.length - m[2].length };
}

/** DeviceAllow=: `/dev/…` (or /run/systemd/inaccessible/…), `char-NAME`, `block-NAME`, then optional rights [rwm]. */
const checkDeviceAllow: Check = (value, ctx) => {
  const dv = deviceAndValue(value);
  if (!dv) return null;
  const sp = specifierProblem(dv.device, "unit", ctx, false);
  if (sp) return sp;
  if (hasSpecifiers(dv.device)) return null;
  const d = unescapePercent(dv.device);
  const okPath = (/^\/dev\//.test(d) || /^\/run\/systemd\/inaccessible\//.test(d)) && !hasDotDot(d);
  const okPattern = /^(char|block)-/.test(d);
  if (!okPath && !okPattern) {
    return problem(`${q(dv.device)} in ${ctx.key}= is not a device node path (/dev/…) or a char-NAME/block-NAME pattern: ${IGNORED}`, { offset: 0, length: dv.device.length });
  }
  if (dv.rest !== "" && !/^[rwm]+$/.test(dv.rest)) {
    return problem(`${q(dv.rest)} in ${ctx.key}= is not a set of device rights (r, w, m): ${IGNORED}`, { offset: dv.restStart, length: dv.rest.length });
  }
  return null;
};

const checkIODeviceWeight: Check = (value, ctx) => {
  const dv = deviceAndValue(value);
  if (!dv) return null;
  if (dv.rest === "") return problem(`${ctx.key}=${value}: a device and a weight are needed ("/dev/sda 200"): ${IGNORED}`);
  if (intIn(dv.rest, 1, 10000, 64) !== "ok") return problem(`${q(dv.rest)} is not a weight (1…10000) for ${ctx.key}=: ${IGNORED}`, { offset: dv.restStart, length: dv.rest.length });
  return null;
};

const SI_SUFFIXES_RE = /^\s*\d+(\.\d+)?\s*[kmgtpe]\s*$/;

const checkIOLimit: Check = (value, ctx) => {
  const dv = deviceAndValue(value);
  if (!dv) return null;
  if (dv.rest === "") return problem(`${ctx.key}=${value}: a device and a limit are needed ("/dev/sda 10M"): ${IGNORED}`);
  if (dv.rest === "infinity") return null;
  if (isValidSize(dv.rest)) {
    return sizeValue(dv.rest) > 0n ? null : problem(`${ctx.key}=${value}: a limit of 0 is not allowed: ${IGNORED}`, { offset: dv.restStart, length: dv.rest.length });
  }
  const upper = SI_SUFFIXES_RE.test(dv.rest) ? dv.rest.toUpperCase() : undefined;
  return problem(`${q(dv.rest)} is not a limit for ${ctx.key}= (a number with an optional 1000-based suffix K, M, G, T, or infinity): ${IGNORED}`, {
    offset: dv.restStart,
    length: dv.rest.length,
    ...(upper && isValidSize(upper) ? { suggestion: `${dv.device} ${upper}` } : {}),
  });
};

const checkIODeviceLatency: Check = (value, ctx) => {
  const dv = deviceAndValue(value);
  if (!dv) return null;
  if (dv.rest === "" || !isValidTimespan(dv.rest)) {
    return problem(`${ctx.key}=${value}: expected a device and a time span ("/dev/sda 25ms"): ${IGNORED}`, dv.rest ? { offset: dv.restStart, length: dv.rest.length } : {});
  }
  return null;
};

/** BindPaths=/BindReadOnlyPaths=: `[-]SOURCE[:DEST[:rbind|norbind]]` items. Values with quotes or escapes are not checked. */
const checkBindPaths: Check = (value, ctx) => {
  if (/["'\\]/.test(value)) return null;
  for (const w of wordsOf(value)) {
    const parts = w.text.split(":");
    if (parts.length > 3) continue; // the options part may itself contain ':'? not in v252; stay silent
    let src = parts[0];
    if (src.startsWith("-")) src = src.slice(1);
    const at = { offset: w.start, length: w.end - w.start };
    const bad = (p: string) => {
      const sp = pathStandIn(p);
      return sp !== null && (!sp.startsWith("/") || hasDotDot(sp));
    };
    const sp = specifierProblem(w.text, "unit", ctx, false, w.start);
    if (sp) return sp;
    if (bad(src)) return problem(`${ctx.key}= source ${q(src)} is not an absolute path: systemd ignores this item`, at);
    if (parts.length >= 2 && bad(parts[1])) return problem(`${ctx.key}= destination ${q(parts[1])} is not an absolute path: systemd ignores this item`, at);
    if (parts.length === 3 && !["", "rbind", "norbind"].includes(parts[2])) {
      return problem(`${ctx.key}= option ${q(parts[2])} is not rbind or norbind: systemd ignores this item`, at);
    }
  }
  return null;
};

// ---------------------------------------------------------------------------------------

const CHECKS: Record<string, Check> = {
  config_parse_bool: checkBool,
  config_parse_tristate: checkBool,
  config_parse_unsigned: numberCheck("unsigned"),
  config_parse_int: numberCheck("int"),
  config_parse_long: numberCheck("long"),
  config_parse_tty_size: numberCheck("unsigned"),
  config_parse_mode: checkMode,
  config_parse_sec: timespanCheck(false),
  config_parse_sec_fix_0: timespanCheck(false),
  config_parse_sec_def_infinity: timespanCheck(false),
  config_parse_service_timeout: timespanCheck(false),
  config_parse_service_timeout_abort: timespanCheck(false),
  config_parse_job_timeout_sec: timespanCheck(false),
  config_parse_job_running_timeout_sec: timespanCheck(false),
  config_parse_nsec: timespanCheck(true),
  config_parse_iec_size: checkSize,
  config_parse_rlimit: checkRlimit,
  config_parse_signal: checkSignal,
  config_parse_exit_status: checkExitStatus,
  config_parse_set_status: checkSetStatus,
  config_parse_exec_nice: rangeCheck(-20, 19, "a nice level"),
  config_parse_exec_oom_score_adjust: rangeCheck(-1000, 1000, "an OOM score adjustment"),
  config_parse_exec_io_priority: rangeCheck(0, 7, "an I/O priority"),
  config_parse_exec_cpu_sched_prio: rangeCheck(0, 99, "a CPU scheduling priority"),
  config_parse_swap_priority: rangeCheck(-1, 32767, "a swap priority"),
  config_parse_cg_weight: checkCgWeight,
  config_parse_cg_cpu_weight: checkCgCpuWeight,
  config_parse_cpu_quota: checkCpuQuota,
  config_parse_tasks_max: checkTasksMax,
  config_parse_memory_limit: checkMemoryLimit,
  config_parse_exec: checkExec,
  config_parse_unit_deps: unitNameListCheck(),
  config_parse_obsolete_unit_deps: unitNameListCheck(),
  config_parse_service_sockets: unitNameListCheck({ suffix: "socket" }),
  config_parse_socket_service: unitNameListCheck({ suffix: "service", single: true }),
  config_parse_unit_slice: unitNameListCheck({ suffix: "slice", single: true }),
  config_parse_trigger_unit: checkTriggerUnit,
  config_parse_user_group_compat: checkUserGroup,
  config_parse_user_group_strv_compat: checkUserGroupList,
  config_parse_socket_listen: checkSocketListen,
  config_parse_fdname: checkFdName,
  config_parse_bus_name: checkBusName,
  config_parse_exec_input: checkStdio("input"),
  config_parse_exec_output: checkStdio("output"),
  config_parse_documentation: checkDocumentation,
  config_parse_unit_path_printf: checkUnitPathPrintf,
  config_parse_working_directory: checkWorkingDirectory,
  config_parse_pid_file: checkPidFile,
  config_parse_unit_env_file: checkEnvFile,
  config_parse_environ: checkEnviron,
  config_parse_pass_environ: checkPassEnviron,
  config_parse_unset_environ: checkPassEnviron,
  config_parse_unit_condition_path: checkConditionPath,
  config_parse_path_spec: absolutePathCheck(),
  config_parse_unit_mounts_for: pathListCheck({}),
  config_parse_unit_path_strv_printf: pathListCheck({}),
  config_parse_namespace_path_strv: pathListCheck({ prefixes: true }),
  config_parse_temporary_filesystems: checkTemporaryFilesystems,
  config_parse_exec_directories: checkExecDirectories,
  config_parse_namespace_flags: checkNamespaceFlags,
  config_parse_in_addr_prefixes: checkAddressPrefixes,
  config_parse_cgroup_socket_bind: checkSocketBind,
  config_parse_timer: checkTimer,
  config_parse_address_families: checkAddressFamilies,
  config_parse_syscall_filter: checkSyscallFilter,
  config_parse_device_allow: checkDeviceAllow,
  config_parse_io_device_weight: checkIODeviceWeight,
  config_parse_io_limit: checkIOLimit,
  config_parse_io_device_latency: checkIODeviceLatency,
  config_parse_bind_paths: checkBindPaths,
  config_parse_unit_string_printf: (value, ctx) => specifierProblem(value, "unit", ctx, false),
};

for (const [parser, spec] of Object.entries(ENUMS)) CHECKS[parser] = enumCheck(spec);

/**
 * ManagedOOMSwap=, ManagedOOMMemoryPressure=, ManagedOOMMemoryPressureLimit=: only unit types
 * with `can_set_managed_oom` accept them. systemd 252 (verified) rejects them in sockets,
 * mounts and swaps ("… is not supported for this unit type, ignoring.") and accepts them in
 * services, slices and scopes.
 */
const NO_MANAGED_OOM = new Set(["socket", "mount", "swap"]);
function managedOOMOnlySlices(inner: Check | undefined): Check {
  return (value, ctx) => {
    if (ctx.version >= 252 && NO_MANAGED_OOM.has(ctx.unitType)) {
      return problem(`${ctx.key}=${value}: ${ctx.key}= is only supported in service, slice and scope units, not in a .${ctx.unitType} unit: ${IGNORED}`);
    }
    return inner ? inner(value, ctx) : null;
  };
}
CHECKS.config_parse_managed_oom_mode = managedOOMOnlySlices(CHECKS.config_parse_managed_oom_mode);
CHECKS.config_parse_managed_oom_mem_pressure_limit = managedOOMOnlySlices((value, ctx) =>
  parsePermyriad(value, false) !== null ? null : problem(`${q(value)} is not a percentage (0%…100%, or ‰/‱) for ${ctx.key}=: ${IGNORED}`),
);

/** Parser kinds checkValue() implements (anything else gives null). */
export const CHECKED_PARSERS: readonly string[] = Object.keys(CHECKS);

/**
 * Checks `value` against the grammar of `parser` (a `config_parse_*` name from the
 * directive table) as systemd `ctx.version` would. Null when the value is accepted, the
 * value is empty, or the parser is not implemented.
 */
export function checkValue(parser: string, value: string, ctx: ValueContext): ValueProblem | null {
  if (value === "") return null;
  const check = CHECKS[parser];
  if (!check) return null;
  const p = check(value, ctx);
  if (p && PLACEHOLDER.test(value)) p.message += " (the value looks like an unsubstituted build-time placeholder such as @bindir@)";
  return p;
}

/** `@sbindir@`, `@UNBOUND_RUN_DIR@`, `__ASTERISK_SBIN_DIR__`: autoconf/meson/sed placeholders of `.in` templates. */
const PLACEHOLDER = /@[A-Za-z_][A-Za-z0-9_]*@|__[A-Z][A-Z0-9_]*__/;
