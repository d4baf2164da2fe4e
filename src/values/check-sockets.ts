/**
 * Socket value grammars: Listen*= addresses, FileDescriptorName=, BusName=, standard
 * input/output, Documentation=, namespace flags, address prefixes and SocketBind*=.
 */
import { directiveInfo } from "./directive-table.js";
import { parseIPv4, parseIPv6, parseListenAddress } from "../net/socket-address.js";
import { hasSpecifiers, unescapePercent } from "./specifiers.js";
import { type Check, IGNORED, closest, extractWords, intIn, parseBoolean, parseCInteger, problem, q, wordsOf } from "./check-core.js";
import { versionProblem } from "./check-scalars.js";
import { checkAbsolutePath, hasDotDot, specifierProblem } from "./check-words.js";

// ---------------------------------------------------------------------------------------
// Sockets

const NETLINK_FAMILIES = [
  "route", "firewall", "inet-diag", "nflog", "xfrm", "selinux", "iscsi", "audit", "fib-lookup", "connector", "netfilter",
  "ip6-fw", "dnrtmsg", "kobject-uevent", "generic", "scsitransport", "ecryptfs", "rdma",
];

export const checkSocketListen: Check = (value, ctx) => {
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

export const checkFdName: Check = (value, ctx) => {
  const sp = specifierProblem(value, "unit", ctx, false);
  if (sp) return sp;
  if (hasSpecifiers(value)) return null;
  value = unescapePercent(value);
  if (value.length <= 255 && /^[\x20-\x7e]*$/.test(value) && !value.includes(":")) return null;
  return problem(`${q(value)} is not a file descriptor name for ${ctx.key}= (up to 255 printable ASCII characters, no ":"): ${IGNORED}`);
};

export const checkBusName: Check = (value, ctx) => {
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

export function checkStdio(kind: "input" | "output"): Check {
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

export const checkDocumentation: Check = (value, ctx) => {
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

export const checkNamespaceFlags: Check = (value, ctx) => {
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

export const checkAddressPrefixes: Check = (value, ctx) => {
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
export const checkSocketBind: Check = (value, ctx) => {
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
