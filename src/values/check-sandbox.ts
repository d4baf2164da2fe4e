/**
 * Sandboxing and cgroup device value grammars: RestrictAddressFamilies=, SystemCallFilter=,
 * DeviceAllow=, IO*Device*=, Bind*Paths= and the trigger unit check.
 */
import { hasSpecifiers, unescapePercent } from "./specifiers.js";
import { type Check, type EnumValue, IGNORED, closest, extractWords, intIn, problem, q, wordsOf } from "./check-core.js";
import { isValidSize, isValidTimespan, sizeValue } from "./check-scalars.js";
import { hasDotDot, pathStandIn, specifierProblem, unitNameListCheck } from "./check-words.js";

// RestrictAddressFamilies= (config_parse_address_families, af_from_name()) and
// SystemCallFilter= (config_parse_syscall_filter, seccomp_parse_syscall_filter())

/** Names af_from_name() of systemd 252 knows (kernel AF_* constants up to AF_MCTP, plus the glibc aliases); case-insensitive. */
export const ADDRESS_FAMILIES = [
  "AF_UNIX", "AF_LOCAL", "AF_FILE", "AF_INET", "AF_AX25", "AF_IPX", "AF_APPLETALK", "AF_NETROM", "AF_BRIDGE", "AF_ATMPVC",
  "AF_X25", "AF_INET6", "AF_ROSE", "AF_DECnet", "AF_NETBEUI", "AF_SECURITY", "AF_KEY", "AF_NETLINK", "AF_ROUTE", "AF_PACKET",
  "AF_ASH", "AF_ECONET", "AF_ATMSVC", "AF_RDS", "AF_SNA", "AF_IRDA", "AF_PPPOX", "AF_WANPIPE", "AF_LLC", "AF_IB", "AF_MPLS",
  "AF_CAN", "AF_TIPC", "AF_BLUETOOTH", "AF_IUCV", "AF_RXRPC", "AF_ISDN", "AF_PHONET", "AF_IEEE802154", "AF_CAIF", "AF_ALG",
  "AF_NFC", "AF_VSOCK", "AF_KCM", "AF_QIPCRTR", "AF_SMC", "AF_XDP", "AF_MCTP",
];
const ADDRESS_FAMILIES_LOWER = new Set(ADDRESS_FAMILIES.map((f) => f.toLowerCase()));

export const checkAddressFamilies: Check = (value, ctx) => {
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
export const checkSyscallFilter: Check = (value, ctx) => {
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

export const checkTriggerUnit: Check = (value, ctx) => unitNameListCheck({ single: true })(value, ctx);

// cgroup device settings (first word: device, second: value)

function deviceAndValue(value: string): { device: string; rest: string; restStart: number } | null {
  const m = /^(\S+)(?:\s+(|\S.*))?$/.exec(value); // not `\s+(.*)$`: quadratic on blanks before a U+2028
  if (!m) return null;
  return { device: m[1], rest: (m[2] ?? "").trim(), restStart: m[2] === undefined ? value.length : value.length - m[2].length };
}

/** DeviceAllow=: `/dev/…` (or /run/systemd/inaccessible/…), `char-NAME`, `block-NAME`, then optional rights [rwm]. */
export const checkDeviceAllow: Check = (value, ctx) => {
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

export const checkIODeviceWeight: Check = (value, ctx) => {
  const dv = deviceAndValue(value);
  if (!dv) return null;
  if (dv.rest === "") return problem(`${ctx.key}=${value}: a device and a weight are needed ("/dev/sda 200"): ${IGNORED}`);
  if (intIn(dv.rest, 1, 10000, 64) !== "ok") return problem(`${q(dv.rest)} is not a weight (1…10000) for ${ctx.key}=: ${IGNORED}`, { offset: dv.restStart, length: dv.rest.length });
  return null;
};

const SI_SUFFIXES_RE = /^\s*\d+(\.\d+)?\s*[kmgtpe]\s*$/;

export const checkIOLimit: Check = (value, ctx) => {
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

export const checkIODeviceLatency: Check = (value, ctx) => {
  const dv = deviceAndValue(value);
  if (!dv) return null;
  if (dv.rest === "" || !isValidTimespan(dv.rest)) {
    return problem(`${ctx.key}=${value}: expected a device and a time span ("/dev/sda 25ms"): ${IGNORED}`, dv.rest ? { offset: dv.restStart, length: dv.rest.length } : {});
  }
  return null;
};

/** BindPaths=/BindReadOnlyPaths=: `[-]SOURCE[:DEST[:rbind|norbind]]` items. Values with quotes or escapes are not checked. */
export const checkBindPaths: Check = (value, ctx) => {
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
