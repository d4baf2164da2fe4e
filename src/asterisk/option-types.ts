/**
 * Value checks for Asterisk config options, by the type vocabulary of data/asterisk-options.tsv
 * (bool, uint, int, double, string, enum:a|b, enumlist:a|b, sockaddr, acl, codec-list, time-ms,
 * time-s, path, list, custom).
 *
 * What each check models:
 * - bool: ast_true() (main/utils.c). Asterisk never rejects a boolean: a word that is neither a
 *   true nor a false word reads as "no" (OPT_BOOL_T/OPT_YESNO_T bool_handler_fn() included).
 * - uint/int: ast_parse_arg() PARSE_UINT32/PARSE_INT32 (main/config.c): strtoul/strtol with base
 *   0, so `0x10` (hex) and `010` (octal, = 8) are numbers; trailing text or an empty value fails.
 *   Hand-written loaders (manager.c, http.c) use atoi() instead: leading digits count, junk is 0.
 * - double: strtod over the whole value.
 * - sockaddr: ast_parse_arg(PARSE_ADDR) -> ast_sockaddr_parse(): a numeric IPv4 address or an
 *   IPv6 address (bracketed when a port follows), optional `:port`.
 * - acl: ast_append_ha() (main/acl.c): comma-separated `[!]addr[/mask]` (no blanks around the
 *   commas), mask a prefix length or an address-form mask of the same family.
 * - enum/enumlist: the values the XML documentation lists (compared case-insensitively, as the
 *   handlers' strcasecmp() do). An undocumented value may still be an accepted alias, so callers
 *   report it as "not documented", never as certainly rejected.
 * - string, path, list, codec-list, custom: not checked (custom handlers have no documented grammar;
 *   codec names depend on the loaded codec modules).
 */
import { parseIPv4, parseIPv6 } from "../net/socket-address.js";

export type OptionType =
  | { kind: "bool" | "uint" | "int" | "double" | "string" | "path" | "list" | "custom" | "sockaddr" | "acl" | "codec-list" | "time-ms" | "time-s" }
  | { kind: "enum" | "enumlist"; values: readonly string[] };

const SIMPLE = new Set(["bool", "uint", "int", "double", "string", "path", "list", "custom", "sockaddr", "acl", "codec-list", "time-ms", "time-s"]);

const typeCache = new Map<string, OptionType>();

/** Parses a type cell of asterisk-options.tsv; unknown spellings are `custom` (not checked). */
export function parseOptionType(text: string): OptionType {
  const hit = typeCache.get(text);
  if (hit) return hit;
  let t: OptionType;
  const m = /^(enum|enumlist):(.*)$/.exec(text);
  if (m) t = { kind: m[1] as "enum" | "enumlist", values: m[2].split("|").filter((v) => v !== "") };
  else if (SIMPLE.has(text)) t = { kind: text as "bool" };
  else t = { kind: "custom" };
  typeCache.set(text, t);
  return t;
}

/** How the value fails, which decides the wording and the severity. */
export type ValueProblemKind =
  | "bool-neither" // not a true/false word: reads as "no"
  | "not-a-number" // the handler rejects it (aco/sorcery) or reads 0 / keeps the default (atoi loops)
  | "negative" // a negative number for an unsigned option
  | "out-of-range" // beyond 32 bits
  | "bad-address" // not a numeric address[:port]
  | "bad-acl" // not [!]addr[/mask]
  | "undocumented"; // not one of the documented enumeration values

export interface ValueProblem {
  kind: ValueProblemKind;
  /** What is wrong, e.g. `"abc" is not a number`. */
  message: string;
  /** The documented values (enumerations), for did-you-mean and help. */
  expected?: readonly string[];
  /** For numbers read with atoi(): what Asterisk reads (leading digits, or 0). */
  readAs?: number;
}

const TRUE_WORDS = ["yes", "true", "y", "t", "1", "on"];
const FALSE_WORDS = ["no", "false", "n", "f", "0", "off"];

/** ast_true() (Asterisk main/utils.c): the words Asterisk reads as "yes"; an unset value is not. */
export function astTrue(v: string | undefined): boolean {
  return v !== undefined && TRUE_WORDS.includes(v.toLowerCase());
}

/** ast_false(). */
function astFalse(v: string): boolean {
  return FALSE_WORDS.includes(v.toLowerCase());
}

const C_INTEGER = /^[ \t]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

/**
 * strtol/strtoul with base 0 over the whole value: the number, or null when the value is not
 * entirely a C integer literal. `0x10` is 16, `010` is 8.
 */
export function parseCInteger(text: string): number | null {
  const m = C_INTEGER.exec(text);
  if (!m) return null;
  const body = m[2];
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (body.length > 1 && body.startsWith("0")) n = parseInt(body.slice(1), 8);
  else n = parseInt(body, 10);
  return m[1] === "-" ? -n : n;
}

/** atoi(): leading blanks, optional sign, decimal digits; anything else stops it (junk = 0). */
function atoi(text: string): { value: number; clean: boolean } {
  const m = /^[ \t]*([+-]?[0-9]+)/.exec(text);
  if (!m) return { value: 0, clean: false };
  return { value: parseInt(m[1], 10), clean: m[0].length === text.length };
}

const DOUBLE = /^[ \t]*[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan|0[xX][0-9a-fA-F]+(?:\.[0-9a-fA-F]*)?(?:[pP][+-]?[0-9]+)?)$/i;

/** ast_sockaddr_parse() with PARSE_PORT_IGNORE/OPTIONAL: numeric host, optional port. */
function isNumericSockaddr(text: string): boolean {
  const t = text;
  let m = /^\[([^\]]+)\](?::([0-9]+))?$/.exec(t);
  if (m) return parseIPv6(m[1]) !== null && (m[2] === undefined || Number(m[2]) <= 65535);
  m = /^([0-9.]+)(?::([0-9]+))?$/.exec(t);
  if (m) return parseIPv4(m[1]) !== null && (m[2] === undefined || Number(m[2]) <= 65535);
  return t.includes(":") && parseIPv6(t) !== null;
}

/** ast_sockaddr_parse(PARSE_PORT_FORBID) of an ACL address or dotted/colon mask: 4, 6 (IPv4-mapped IPv6 counts as 4), or null. */
function aclAddressFamily(text: string): 4 | 6 | null {
  if (parseIPv4(text)) return 4;
  const inner = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const v6 = inner.includes(":") ? parseIPv6(inner) : null;
  if (!v6) return null;
  const mapped = v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff;
  return mapped ? 4 : 6;
}

/**
 * One element of a permit/deny value, as ast_append_ha() (main/acl.c) reads it: the value is
 * split at commas WITHOUT trimming (a blank next to a comma makes the address invalid); `!`
 * inverts; the address is numeric (IPv6 optionally bracketed); the mask is either an address of
 * the same family (any bits: non-contiguous masks are accepted) or a CIDR length read with
 * sscanf("%d") (leading blanks and trailing text ignored), 0-32 or 0-128.
 */
export function isAclElement(text: string): boolean {
  const slash = text.indexOf("/");
  let address = slash >= 0 ? text.slice(0, slash) : text;
  const mask = slash >= 0 ? text.slice(slash + 1) : null;
  if (address.startsWith("!")) address = address.slice(1);
  const family = aclAddressFamily(address);
  if (family === null) return false;
  if (mask === null) return true;
  if (mask.includes(".") || mask.includes(":")) return aclAddressFamily(mask) === family;
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]{1,30})/.exec(mask);
  if (!m) return false;
  const n = Number(m[1]);
  return n >= 0 && n <= (family === 4 ? 32 : 128);
}

/** The value's words for an enumeration list (comma-separated, blanks trimmed). */
function listWords(value: string): string[] {
  return value.split(",").map((w) => w.trim());
}

/**
 * Checks `value` against `type`. `loose` = the loader reads numbers with atoi() (hand-written
 * loops): leading digits are enough. Returns null when the value is fine (or not checkable).
 */
export function checkOptionValue(type: OptionType, value: string, loose = false): ValueProblem | null {
  switch (type.kind) {
    case "bool":
      if (astTrue(value) || astFalse(value)) return null;
      return { kind: "bool-neither", message: `"${value}" is neither a true word (${TRUE_WORDS.join(", ")}) nor a false word (${FALSE_WORDS.join(", ")})` };
    case "uint":
    case "int":
    case "time-ms":
    case "time-s": {
      if (loose || type.kind === "time-ms" || type.kind === "time-s") {
        const a = atoi(value);
        if (a.clean) return null;
        return { kind: "not-a-number", message: `"${value}" is not a whole number`, readAs: a.value };
      }
      const n = parseCInteger(value);
      if (n === null) return { kind: "not-a-number", message: `"${value}" is not a number (decimal, 0x hexadecimal or 0 octal)` };
      if (type.kind === "uint" && n < 0) return { kind: "negative", message: `"${value}" is negative; this option takes an unsigned number` };
      if (type.kind === "uint" ? n > 0xffffffff : n > 0x7fffffff || n < -0x80000000) return { kind: "out-of-range", message: `"${value}" does not fit in 32 bits` };
      return null;
    }
    case "double":
      if (DOUBLE.test(value)) return null;
      return { kind: "not-a-number", message: `"${value}" is not a number` };
    case "sockaddr":
      if (isNumericSockaddr(value)) return null;
      return { kind: "bad-address", message: `"${value}" is not a numeric IPv4 or IPv6 address with an optional :port (IPv6 with a port is written [addr]:port)` };
    case "acl": {
      const bad = value.split(",").find((w) => !isAclElement(w));
      if (bad === undefined) return null;
      if (bad !== bad.trim() && isAclElement(bad.trim())) {
        return { kind: "bad-acl", message: `"${bad}" has a blank next to a comma: Asterisk splits the list at commas without trimming, so it is not an address` };
      }
      return { kind: "bad-acl", message: `"${bad}" is not an address with an optional /mask (e.g. 192.0.2.0/24, 192.0.2.0/255.255.255.0, 2001:db8::/32)` };
    }
    case "enum":
    case "enumlist": {
      if (type.values.length === 0) return null;
      const words = type.kind === "enumlist" ? listWords(value) : [value];
      const bad = words.find((w) => !type.values.some((v) => v.toLowerCase() === w.toLowerCase()));
      if (bad === undefined) return null;
      return { kind: "undocumented", message: `"${bad}" is not a documented value`, expected: type.values };
    }
    default:
      return null;
  }
}
