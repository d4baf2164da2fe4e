/**
 * Validation of `%` specifiers (systemd.unit(5) "Specifiers"; src/shared/specifier.c at v252), mirroring
 * specifier_printf(): `%%` is a literal `%`; `%` + a letter or digit must be in the table
 * of the context (else systemd fails with EBADSLT, "Invalid slot"); `%` + any other
 * character is kept literally, and so is a trailing `%`.
 *
 * Expansion itself lives elsewhere (Unit.expand); this module only says which specifiers
 * systemd would not resolve.
 */

/** Where the value is expanded. */
export type SpecifierContext =
  /** unit_full_printf(): most string/path settings and Exec*= words. */
  | "unit"
  /** unit_name_printf(): dependency lists, Service=, Sockets=, Unit=, Slice=. */
  | "name"
  /** install_name_printf(): [Install] values (systemctl enable). */
  | "install";

/** First version whose table has the letter; 0 = older than v236 (the oldest tag checked). */
const SINCE: Record<string, number> = {
  n: 0, N: 0, p: 0, P: 0, i: 0, I: 0, f: 0, c: 0, r: 0, R: 0, t: 0, h: 0, s: 0, u: 0, U: 0, b: 0, H: 0, m: 0, v: 0,
  C: 236, L: 236, S: 236,
  j: 239, J: 239, E: 239, T: 239, V: 239,
  g: 240, G: 240,
  l: 246,
  a: 247, B: 247, o: 247, w: 247, W: 247,
  A: 249, M: 249,
  y: 251, Y: 251, d: 251, q: 251,
  D: 256,
};

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
