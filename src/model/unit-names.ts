/**
 * Unit names, templates, instances and specifier expansion (systemd.unit(5) "Specifiers"; src/basic/unit-name.c at v252).
 */
import { UNIT_TYPES, type UnitType } from "../core/types.js";
import { lookupTable } from "../core/lookup-table.js";

export interface UnitName {
  name: string;
  type: UnitType;
  /** Part before `@`, or the name without suffix. */
  prefix: string;
  /** null: not a template/instance; "": template; otherwise the instance. */
  instance: string | null;
}

const NAME_CHARS = /^[A-Za-z0-9:_.\\@-]+$/;

/** Parses a unit name; null when systemd would not accept it as one. */
export function parseUnitName(name: string): UnitName | null {
  if (name.length === 0 || name.length > 255 || name.startsWith("@")) return null;
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return null;
  const suffix = name.slice(dot + 1);
  if (!(UNIT_TYPES as readonly string[]).includes(suffix)) return null;
  if (!NAME_CHARS.test(name)) return null;
  const base = name.slice(0, dot);
  const at = base.indexOf("@");
  if (at < 0) return { name, type: suffix as UnitType, prefix: base, instance: null };
  if (base.indexOf("@", at + 1) >= 0) return null;
  const prefix = base.slice(0, at);
  if (prefix.length === 0) return null;
  return { name, type: suffix as UnitType, prefix, instance: base.slice(at + 1) };
}

export function templateOf(u: UnitName): string | null {
  return u.instance ? `${u.prefix}@.${u.type}` : null;
}

/** systemd's unit_name_unescape: `-` -> `/`, `\xNN` -> byte. */
export function unescapeUnitPart(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "-") out += "/";
    else if (c === "\\" && s[i + 1] === "x" && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(s.slice(i + 2, i + 4), 16));
      i += 3;
    } else out += c;
  }
  return out;
}

/** Values of the system manager's specifiers that do not depend on the host. */
const FIXED_SPECIFIERS: Record<string, string> = lookupTable({
  t: "/run",
  T: "/tmp",
  V: "/var/tmp",
  C: "/var/cache",
  E: "/etc",
  L: "/var/log",
  S: "/var/lib",
  D: "/usr/share",
  h: "/root",
  s: "/bin/sh",
  u: "root",
  U: "0",
  g: "root",
  G: "0",
});

export interface SpecifierContext {
  name: UnitName;
  /** Path of the fragment (for %y/%Y). */
  fragmentPath?: string;
}

/**
 * Expands specifiers as systemd does for a system unit. Host-dependent ones (%H, %m, %b,
 * %v, %a, os-release fields) are left as written, so callers can tell the value is not static.
 */
export function expandSpecifiers(value: string, ctx: SpecifierContext): string {
  if (!value.includes("%")) return value;
  const n = ctx.name;
  const instance = n.instance ?? "";
  const prefix = n.prefix;
  const dash = prefix.lastIndexOf("-");
  const j = dash >= 0 ? prefix.slice(dash + 1) : prefix;
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c !== "%" || i + 1 >= value.length) {
      out += c;
      continue;
    }
    const s = value[++i];
    switch (s) {
      case "%":
        out += "%";
        break;
      case "n":
        out += n.name;
        break;
      case "N":
        out += n.name.slice(0, n.name.lastIndexOf("."));
        break;
      case "p":
        out += prefix;
        break;
      case "P":
        out += unescapeUnitPart(prefix);
        break;
      case "i":
        out += instance;
        break;
      case "I":
        out += unescapeUnitPart(instance);
        break;
      case "j":
        out += j;
        break;
      case "J":
        out += unescapeUnitPart(j);
        break;
      case "f": {
        const u = unescapeUnitPart(n.instance !== null && n.instance !== "" ? instance : prefix);
        out += u.startsWith("/") ? u : "/" + u;
        break;
      }
      case "y":
        out += ctx.fragmentPath ?? "%y";
        break;
      case "Y":
        out += ctx.fragmentPath ? ctx.fragmentPath.slice(0, ctx.fragmentPath.lastIndexOf("/")) || "/" : "%Y";
        break;
      case "d":
        out += `/run/credentials/${n.name}`;
        break;
      default:
        if (s in FIXED_SPECIFIERS) out += FIXED_SPECIFIERS[s];
        else out += "%" + s;
    }
  }
  return out;
}
