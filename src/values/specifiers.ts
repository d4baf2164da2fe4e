/**
 * Validation of `%` specifiers (specifier_printf() in systemd src/shared/specifier.c and the
 * tables of unit_full_printf()/unit_name_printf() in src/core/unit-printf.c), mirroring
 * specifier_printf(): `%%` is a literal `%`; `%` + a letter or digit must be in the table
 * of the context (else systemd fails with EBADSLT, "Invalid slot"); `%` + any other
 * character is kept literally, and so is a trailing `%`.
 *
 * Expansion for a unit lives elsewhere (Unit.expand). For checking a value in a file (which may
 * serve several units, on any host) `specifierStandIn()` expands each specifier to a value of
 * the shape systemd gives it: an absolute path, a name without a slash, or unknown.
 */
import { lookupTable } from "../core/lookup-table.js";

/** Where the value is expanded. */
export type SpecifierContext =
  /** unit_full_printf(): most string/path settings and Exec*= words. */
  | "unit"
  /** unit_name_printf(): dependency lists, Service=, Sockets=, Unit=, Slice=. */
  | "name"
  /** install_name_printf(): [Install] values (systemctl enable). */
  | "install";

/** First version whose table has the letter; 0 = older than v236 (the oldest tag checked). */
const SINCE: Record<string, number> = lookupTable({
  n: 0, N: 0, p: 0, P: 0, i: 0, I: 0, f: 0, c: 0, r: 0, R: 0, t: 0, h: 0, s: 0, u: 0, U: 0, b: 0, H: 0, m: 0, v: 0,
  C: 236, L: 236, S: 236,
  j: 239, J: 239, E: 239, T: 239, V: 239,
  g: 240, G: 240,
  l: 246,
  a: 247, B: 247, o: 247, w: 247, W: 247,
  A: 249, M: 249,
  y: 251, Y: 251, d: 251, q: 251,
  D: 256,
});

const UNIT_LETTERS = Object.keys(SINCE);
/** unit_name_printf: i j n N p + COMMON_SYSTEM_SPECIFIERS + COMMON_CREDS_SPECIFIERS. */
const SYSTEM_LETTERS = ["a", "A", "b", "B", "H", "l", "q", "m", "M", "o", "v", "w", "W"];
const CREDS_LETTERS = ["g", "G", "u", "U"];
const NAME_LETTERS = ["i", "j", "n", "N", "p", ...SYSTEM_LETTERS, ...CREDS_LETTERS];
/** install_name_printf: the name set + COMMON_TMP_SPECIFIERS. */
const INSTALL_LETTERS = [...NAME_LETTERS, "T", "V"];

const LETTERS: Record<SpecifierContext, ReadonlySet<string>> = {
  unit: new Set(UNIT_LETTERS),
  name: new Set(NAME_LETTERS),
  install: new Set(INSTALL_LETTERS),
};

export interface SpecifierProblem {
  /** The two characters, e.g. `%z`. */
  text: string;
  /** Offset of the `%` in the value. */
  offset: number;
  /** `unknown`: never valid in this context; `newer`: valid from `since` on. */
  reason: "unknown" | "newer";
  since?: number;
  /** Valid in the "unit" context but not in this one (e.g. `%t` in a dependency list). */
  validElsewhere?: boolean;
}

const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);

/** Is `letter` a specifier systemd `version` resolves in `context`? */
export function isKnownSpecifier(letter: string, context: SpecifierContext, version: number): boolean {
  return LETTERS[context].has(letter) && (SINCE[letter] ?? 0) <= version;
}

/** The specifiers of `value` that systemd `version` cannot resolve in `context`. */
export function validateSpecifiers(value: string, context: SpecifierContext, version: number): SpecifierProblem[] {
  const out: SpecifierProblem[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== "%") continue;
    if (i + 1 >= value.length) break; // trailing % is literal
    const c = value[i + 1];
    i++;
    if (c === "%" || !isAlnum(c)) continue;
    if (isKnownSpecifier(c, context, version)) continue;
    const p: SpecifierProblem = { text: "%" + c, offset: i - 1, reason: "unknown" };
    if (LETTERS[context].has(c)) {
      p.reason = "newer";
      p.since = SINCE[c];
    } else if (context !== "unit" && LETTERS.unit.has(c)) p.validElsewhere = true;
    out.push(p);
  }
  return out;
}

/** Does the value contain a specifier that will be replaced (not `%%`, not a literal `%`)? */
export function hasSpecifiers(value: string): boolean {
  for (let i = 0; i + 1 < value.length; i++) {
    if (value[i] !== "%") continue;
    const c = value[i + 1];
    i++;
    if (c !== "%" && isAlnum(c)) return true;
  }
  return false;
}

/**
 * The value with `%%` turned into `%` — its expansion when hasSpecifiers() is false.
 * (`%` + a non-alphanumeric character and a trailing `%` stay as written.)
 */
export function unescapePercent(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    if (value[i] === "%" && value[i + 1] === "%") {
      out += "%";
      i++;
    } else out += value[i];
  }
  return out;
}

/**
 * Stand-ins of the right shape for what specifier_printf() puts in place of each letter (system
 * manager): absolute paths, and names that never contain a slash and are never empty. Letters
 * whose value may be empty, may hold a slash or depends on the unit's instance (%i, %I, %P,
 * %J, %q, %A, %B, %M, %w, %W, %c, %r, %R, …) are not listed: their shape is unknown.
 */
const STAND_INS: Record<string, { value: string; what: string }> = lookupTable({
  t: { value: "/run", what: "the runtime directory (/run)" },
  S: { value: "/var/lib", what: "the state directory (/var/lib)" },
  C: { value: "/var/cache", what: "the cache directory (/var/cache)" },
  L: { value: "/var/log", what: "the log directory (/var/log)" },
  E: { value: "/etc", what: "the configuration directory (/etc)" },
  T: { value: "/tmp", what: "the temporary directory (/tmp)" },
  V: { value: "/var/tmp", what: "the persistent temporary directory (/var/tmp)" },
  h: { value: "/root", what: "the user's home directory" },
  s: { value: "/bin/sh", what: "the user's shell" },
  y: { value: "/etc/systemd/system/unit.service", what: "the unit file's path" },
  Y: { value: "/etc/systemd/system", what: "the unit file's directory" },
  d: { value: "/run/credentials/unit.service", what: "the credentials directory" },
  D: { value: "/usr/share", what: "the shared data directory (/usr/share)" },
  f: { value: "/unit", what: "the unescaped file name (always absolute)" },
  l: { value: "host", what: "the short host name" },
  H: { value: "host.example.org", what: "the host name" },
  m: { value: "0123456789abcdef0123456789abcdef", what: "the machine ID" },
  b: { value: "0123456789abcdef0123456789abcdef", what: "the boot ID" },
  n: { value: "unit.service", what: "the unit name" },
  N: { value: "unit", what: "the unit name without its type suffix" },
  p: { value: "unit", what: "the unit name prefix" },
  j: { value: "unit", what: "the last component of the prefix" },
  u: { value: "root", what: "the user name" },
  U: { value: "0", what: "the user ID" },
  g: { value: "root", what: "the group name" },
  G: { value: "0", what: "the group ID" },
  v: { value: "6.1.0", what: "the kernel release" },
  a: { value: "x86-64", what: "the architecture" },
});

export interface StandIn {
  /** The value with every specifier replaced by a stand-in of its shape (`%%` by `%`). */
  text: string;
  /** The specifiers that were replaced, in order, with what they stand for. */
  used: { text: string; what: string; offset: number }[];
}

/**
 * Expands `value` as specifier_printf() would, each specifier replaced by a stand-in of the
 * shape it has at run time; null when a specifier of unknown shape comes first (then whether
 * the result is absolute cannot be told). A specifier of unknown shape later in the value
 * becomes `x`. Invalid specifiers are validateSpecifiers()'s business and are kept as written.
 */
export function specifierStandIn(value: string, instance?: string): StandIn | null {
  let out = "";
  const used: StandIn["used"] = [];
  // The instance, when known (a file of one instance): %i as written, %I with \xNN unescaped.
  const inst: Record<string, { value: string; what: string }> =
    instance !== undefined && instance !== ""
      ? {
          i: { value: instance, what: `the instance name "${instance}"` },
          I: { value: instance.replace(/\\x([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), what: `the unescaped instance name` },
        }
      : {};
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== "%" || i + 1 >= value.length) {
      out += value[i];
      continue;
    }
    const c = value[++i]!;
    if (c === "%") out += "%";
    else if (isAlnum(c)) {
      const s = STAND_INS[c] ?? inst[c];
      if (s) {
        out += s.value;
        used.push({ text: "%" + c, what: s.what, offset: i - 1 });
      } else {
        if (out === "") return null;
        out += "x";
      }
    } else out += "%" + c;
  }
  return { text: out, used };
}
