/**
 * Shared ground of the value checks (value-check.ts and its check-*.ts parts): the result
 * type, C integer and boolean parsing as systemd's parse_boolean()/safe_atoi() do it, and the
 * "did you mean" search.
 */
import { editDistance } from "./directive-table.js";
import type { UnitType } from "../core/types.js";

export interface ValueContext {
  /** Target systemd version. */
  version: number;
  section: string;
  key: string;
  unitType: UnitType;
  /** The instance (`bar` of `foo@bar.service`) when the file belongs to one instance only; %i and %I then expand to it. */
  instance?: string;
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

export const IGNORED = "systemd ignores this assignment";
export const REFUSED = "systemd refuses to load the unit";

export type Check = (value: string, ctx: ValueContext) => ValueProblem | null;

export function problem(message: string, extra: Partial<ValueProblem> = {}): ValueProblem {
  return { message, ...extra };
}

export const q = (s: string) => JSON.stringify(s);

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

export function intIn(text: string, min: number, max: number, bits: 32 | 64 = 32): "ok" | "invalid" | "range" {
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

export const checkBool: Check = (value, ctx) => {
  if (parseBoolean(value) !== null) return null;
  const fatal = ctx.key === "DynamicUser";
  const s = boolSuggestion(value);
  return problem(
    `${q(value)} is not a boolean (yes/no, true/false, on/off, 1/0) for ${ctx.key}=: ${fatal ? REFUSED : IGNORED}${s ? `; did you mean ${q(s)}?` : ""}`,
    { fatal, ...(s ? { suggestion: s } : {}) },
  );
};

export const WS = " \t\n\r";

export interface EnumValue {
  value: string;
  /** First version accepting it (default: all supported versions). */
  since?: number;
}

export function closest(value: string, candidates: string[]): string | undefined {
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

// ---------------------------------------------------------------------------------------
// Words (extract_first_word())

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
export function extractWords(value: string, opts: { unquote?: boolean; cunescape?: boolean; relax?: boolean; separators?: string } = {}): Word[] | null {
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
export function wordsOf(value: string): Word[] {
  const out: Word[] = [];
  const re = /[^ \t\n\r]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}
