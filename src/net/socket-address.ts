/**
 * Socket addresses as systemd binds them (ListenStream= and friends) and as Asterisk
 * computes them, plus the two comparisons astlint needs:
 * - `sameAddress`: Asterisk's ast_sockaddr_cmp (byte-identical; IPv4 == IPv4-mapped IPv6);
 * - `overlaps`: would binding one make binding the other fail (EADDRINUSE)?
 * See systemd src/shared/socket-netlink.c `socket_address_parse()` at v252 (systemd.socket(5)) and
 * Asterisk main/netsock2.c `ast_sockaddr_parse()`, `ast_sockaddr_split_hostport()`.
 */

export type SocketAddress =
  | {
      kind: "unix";
      /** Path systemd binds: specifiers expanded and /var/run/ rewritten to /run/. */
      path: string;
      /** Path as written (after specifier expansion, before the rewrite). */
      written: string;
      /** True when systemd rewrote a /var/run/ path. */
      rewritten: boolean;
    }
  | { kind: "abstract"; name: string }
  | {
      kind: "inet";
      family: 4 | 6;
      /** Canonical text of the address (IPv4 dotted quad; IPv6 fully expanded lower-case groups joined by ':'). */
      address: string;
      port: number;
      /** IPv6 scope (interface) when given. */
      scope?: string;
      /** Written as a bare port (systemd binds [::]:PORT, dual-stack by default). */
      barePort: boolean;
    }
  | { kind: "vsock"; cid: string; port: number }
  | { kind: "invalid"; reason: string };

export type InetAddress = Extract<SocketAddress, { kind: "inet" }>;

const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a dotted-quad IPv4 address; null when invalid. */
export function parseIPv4(text: string): number[] | null {
  const m = IPV4_RE.exec(text);
  if (!m) return null;
  const parts = m.slice(1, 5).map((x) => Number(x));
  if (parts.some((p) => p > 255)) return null;
  return parts;
}

/** Parses an IPv6 address (with optional embedded IPv4) into 8 16-bit groups; null when invalid. */
export function parseIPv6(text: string): number[] | null {
  if (text.length === 0 || text.length > 45) return null;
  let head = text;
  let v4: number[] | null = null;
  const lastColon = text.lastIndexOf(":");
  if (lastColon >= 0 && text.indexOf(".", lastColon) > lastColon) {
    v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) return null;
    head = text.slice(0, lastColon + 1);
    if (head.endsWith("::")) {
      // "::1.2.3.4" or "a::1.2.3.4"
    } else {
      head = head.slice(0, -1);
    }
  }
  const groupsWanted = v4 ? 6 : 8;
  const dbl = head.indexOf("::");
  if (dbl !== head.lastIndexOf("::")) return null;
  const parseGroups = (s: string): number[] | null => {
    if (s === "") return [];
    const out: number[] = [];
    for (const g of s.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let groups: number[];
  if (dbl >= 0) {
    const left = parseGroups(head.slice(0, dbl));
    const right = parseGroups(head.slice(dbl + 2));
    if (!left || !right) return null;
    const fill = groupsWanted - left.length - right.length;
    if (fill < 1) return null;
    groups = [...left, ...new Array<number>(fill).fill(0), ...right];
  } else {
    const g = parseGroups(head);
    if (!g || g.length !== groupsWanted) return null;
    groups = g;
  }
  if (v4) groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
  return groups;
}

function formatIPv6(groups: number[]): string {
  // RFC 5952 compression for display.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  // IPv4-mapped: ::ffff:a.b.c.d
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

function canonicalIPv6(groups: number[]): string {
  return groups.map((g) => g.toString(16)).join(":");
}

export function inet(family: 4 | 6, address: string, port: number, extra: Partial<InetAddress> = {}): InetAddress {
  let canonical = address;
  if (family === 6) {
    const g = parseIPv6(address);
    canonical = g ? canonicalIPv6(g) : address;
  }
  return { kind: "inet", family, address: canonical, port, barePort: false, ...extra };
}

/**
 * A number the way systemd's safe_atou16()/safe_atou() read it (strtoul with base 0 after
 * mangle_base()): decimal, `0x` hex, leading-`0` octal, `0b` binary, `0o` octal, an
 * optional `+` (not with `0b`/`0o`), no leading whitespace here. "range" when it parses
 * but is negative or above `max`; null when it does not parse.
 */
function parseSystemdUnsigned(text: string, max: number): number | "range" | null {
  let s = text;
  let base = 10;
  let refuseSign = false;
  if (/^0[bB]/.test(s)) {
    base = 2;
    s = s.slice(2);
    refuseSign = true;
  } else if (/^0[oO]/.test(s)) {
    base = 8;
    s = s.slice(2);
    refuseSign = true;
  }
  let negative = false;
  if (s[0] === "+" || s[0] === "-") {
    if (refuseSign) return null;
    negative = s[0] === "-";
    s = s.slice(1);
  }
  if (!refuseSign) {
    if (/^0[xX][0-9a-fA-F]/.test(s)) {
      base = 16;
      s = s.slice(2);
    } else if (s.length > 1 && s[0] === "0") base = 8;
  }
  const digits = base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!digits.test(s)) return null;
  const n = parseInt(s, base);
  if (negative && n !== 0) return "range";
  return n > max ? "range" : n;
}

/** parse_ip_port(): 1..65535. */
function parsePort(text: string): number | "range" | null {
  const n = parseSystemdUnsigned(text, 65535);
  if (n === 0) return null;
  return n;
}

/** An interface name or index after `%` (ifname_valid_full with alternative names / numeric). */
function validScope(scope: string): boolean {
  return scope.length > 0 && scope.length <= 127 && scope !== "." && scope !== ".." && !/[\s:/%#]/.test(scope);
}

/** inet_pton(AF_INET): four decimal parts 0..255 without leading zeros. */
function strictIPv4(text: string): boolean {
  const p = parseIPv4(text);
  return p !== null && text.split(".").every((x) => x === "0" || !x.startsWith("0"));
}

/**
 * Parses a `ListenStream=` value (after specifier expansion) the way systemd does
 * (socket_address_parse() of v252-v256). `bindIPv6Only` does not change the address (a bare
 * port is always `[::]:PORT`); it only changes what overlaps. An interface after `%` is
 * accepted when it is a syntactically valid name; whether it exists depends on the host.
 */
export function parseListenAddress(value: string): SocketAddress {
  const v = value;
  if (v.length === 0) return { kind: "invalid", reason: "empty value" };
  if (v.startsWith("/")) {
    if (v.length < 2) return { kind: "invalid", reason: "path too short" };
    if (Buffer.byteLength(v, "utf8") > 107)
      return { kind: "invalid", reason: "path longer than 107 bytes (sun_path holds 108 with the NUL)" };
    if (v.startsWith("/var/run/")) {
      return { kind: "unix", path: "/run/" + v.slice("/var/run/".length), written: v, rewritten: true };
    }
    return { kind: "unix", path: v, written: v, rewritten: false };
  }
  if (v.startsWith("@")) {
    if (v.length < 2) return { kind: "invalid", reason: "abstract name too short" };
    if (Buffer.byteLength(v, "utf8") > 107) return { kind: "invalid", reason: "abstract name longer than 107 bytes" };
    return { kind: "abstract", name: v.slice(1) };
  }
  if (v.startsWith("vsock:")) {
    const m = /^vsock:([^:]*):(.*)$/.exec(v);
    if (!m) return { kind: "invalid", reason: "expected vsock:CID:PORT" };
    const cid = m[1] === "" ? 0 : parseSystemdUnsigned(m[1], 0xffffffff);
    const port = parseSystemdUnsigned(m[2], 0xffffffff);
    if (cid === null || cid === "range") return { kind: "invalid", reason: `'${m[1]}' is not a vsock CID number` };
    if (port === null || port === "range") return { kind: "invalid", reason: `'${m[2]}' is not a vsock port number` };
    return { kind: "vsock", cid: m[1], port };
  }
  const bare = parsePort(v);
  if (bare === "range") return { kind: "invalid", reason: "port out of range (1-65535)" };
  if (typeof bare === "number") return { ...inet(6, "::", bare), barePort: true };
  if (/^[+-]?\d+$/.test(v)) return { kind: "invalid", reason: Number(v) === 0 ? "port 0 is not allowed" : "not a valid port number" };
  if (v.includes("#")) return { kind: "invalid", reason: "a '#' server name is not allowed here" };
  let rest = v;
  let scope: string | undefined;
  const pct = v.indexOf("%");
  if (pct >= 0) {
    scope = v.slice(pct + 1);
    rest = v.slice(0, pct);
    if (!validScope(scope)) return { kind: "invalid", reason: `'${scope}' is not an interface name` };
  }
  const withScope = scope !== undefined ? { scope } : {};
  // [v6]:port
  if (rest.startsWith("[")) {
    const m = /^\[([^\]]*)\](?::(.*))?$/.exec(rest);
    if (!m) return { kind: "invalid", reason: "expected [IPv6]:PORT" };
    const g = parseIPv6(m[1]);
    if (!g) return { kind: "invalid", reason: `'${m[1]}' is not an IPv6 address` };
    if (m[2] === undefined) return { kind: "invalid", reason: "a port is required" };
    const port = parsePort(m[2]);
    if (port === "range") return { kind: "invalid", reason: `port '${m[2]}' out of range (1-65535)` };
    if (port === null) return { kind: "invalid", reason: `'${m[2]}' is not a port number (1-65535)` };
    return inet(6, m[1], port, withScope);
  }
  // a.b.c.d:port
  const colon = rest.indexOf(":");
  if (colon > 0 && rest.indexOf(":", colon + 1) < 0) {
    const host = rest.slice(0, colon);
    const portText = rest.slice(colon + 1);
    if (!strictIPv4(host)) {
      return { kind: "invalid", reason: `'${host}' is not an IP address (systemd does not resolve host names)` };
    }
    const port = parsePort(portText);
    if (port === "range") return { kind: "invalid", reason: `port '${portText}' out of range (1-65535)` };
    if (port === null) return { kind: "invalid", reason: `'${portText}' is not a port number (1-65535)` };
    return inet(4, host, port, withScope);
  }
  if (strictIPv4(rest) || parseIPv6(rest)) return { kind: "invalid", reason: "a port is required" };
  return { kind: "invalid", reason: "not a path, port, IP:PORT, [IPv6]:PORT or vsock address" };
}

/** IPv4-mapped IPv6 (`::ffff:a.b.c.d`) as its IPv4 form; null otherwise. */
export function mappedIPv4(a: InetAddress): InetAddress | null {
  if (a.family !== 6) return null;
  const g = parseIPv6(a.address);
  if (!g || !g.slice(0, 5).every((x) => x === 0) || g[5] !== 0xffff) return null;
  return inet(4, `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`, a.port);
}

/** Asterisk's ast_sockaddr_cmp: exact family/address/port(/scope); IPv4 == IPv4-mapped IPv6 (Asterisk main/io.c `ast_sd_get_fd()`, main/netsock2.c `ast_sockaddr_cmp()` at 22.x; Asterisk main/netsock2.c `ast_sockaddr_cmp()`, `ast_sockaddr_ipv4_mapped()` at 22.x). */
export function sameAddress(a: SocketAddress, b: SocketAddress): boolean {
  if (a.kind === "unix" && b.kind === "unix") return a.path === b.path;
  if (a.kind !== "inet" || b.kind !== "inet") return false;
  let x = a;
  let y = b;
  if (x.family !== y.family) {
    x = mappedIPv4(x) ?? x;
    y = mappedIPv4(y) ?? y;
  }
  return x.family === y.family && x.address === y.address && x.port === y.port && (x.scope ?? "") === (y.scope ?? "");
}

export function isWildcard(a: InetAddress): boolean {
  return a.family === 4 ? a.address === "0.0.0.0" : /^(0:){7}0$/.test(a.address);
}

/**
 * Would binding `a` and `b` at once fail (EADDRINUSE)? Equal addresses, a wildcard and a
 * specific address of one family, or a dual-stack `[::]` and any IPv4 address.
 * `aV6Only`/`bV6Only`: the IPv6 wildcard is IPv6-only (BindIPv6Only=ipv6-only).
 */
export function overlaps(a: SocketAddress, b: SocketAddress, aV6Only = false, bV6Only = false): boolean {
  if (a.kind === "unix" && b.kind === "unix") return a.path === b.path;
  if (a.kind !== "inet" || b.kind !== "inet") return false;
  if (a.port !== b.port) return false;
  if (sameAddress(a, b)) return true;
  const a4 = a.family === 4 ? a : mappedIPv4(a);
  const b4 = b.family === 4 ? b : mappedIPv4(b);
  if (a.family === b.family) {
    if (isWildcard(a) || isWildcard(b)) return true;
    if (a4 && b4) return a4.address === b4.address;
    return false;
  }
  // Different families: an IPv6 wildcard that is dual-stack covers every IPv4 address.
  const [v6, v6Only, v4] = a.family === 6 ? [a, aV6Only, b] : [b, bV6Only, a];
  if (isWildcard(v6) && !v6Only) return true;
  const mapped = mappedIPv4(v6);
  if (mapped) return isWildcard(v4) || mapped.address === v4.address;
  return false;
}

/** Is the address only reachable from this host? 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104. */
export function isLoopback(a: InetAddress): boolean {
  const v4 = a.family === 4 ? a : mappedIPv4(a);
  if (v4) return v4.address.startsWith("127.");
  return a.address === "0:0:0:0:0:0:0:1";
}

/** How an address reads in messages: `0.0.0.0:5038`, `[::]:5038`, `/run/asterisk/asterisk.ctl`. */
export function formatAddress(a: SocketAddress): string {
  switch (a.kind) {
    case "unix":
      return a.path;
    case "abstract":
      return "@" + a.name;
    case "vsock":
      return `vsock:${a.cid}:${a.port}`;
    case "invalid":
      return `(invalid: ${a.reason})`;
    case "inet": {
      if (a.family === 4) return `${a.address}:${a.port}`;
      const g = parseIPv6(a.address);
      return `[${g ? formatIPv6(g) : a.address}]:${a.port}${a.scope ? "%" + a.scope : ""}`;
    }
  }
}

/** The address family as a word for messages. */
export function familyName(a: SocketAddress): string {
  if (a.kind === "inet") return a.family === 4 ? "IPv4" : "IPv6";
  if (a.kind === "unix" || a.kind === "abstract") return "AF_UNIX";
  return a.kind;
}
