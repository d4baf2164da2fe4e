/**
 * glob(3) as Asterisk's config loader calls it (GLOB_NOMAGIC | GLOB_BRACE, in
 * config_text_file_load(), main/config.c), over the RootFs read gate. Shared by every reader
 * that expands include patterns (Asterisk `#include`, nftables `include`).
 */
import type { RootFs } from "./fs.js";

/** Matches of one pattern that are returned; the rest is reported as truncated. */
export const MAX_GLOB_MATCHES = 1000;

function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/** Byte-wise (strcmp / C-locale strcoll) order of two strings. */
function byteCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-8 byte order equals code point order; surrogates (astral) sort above the BMP.
    if (x >= 0xd800 && x <= 0xdfff) x += 0x10000;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x10000;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
// ---------------------------------------------------------------------------------------------
// Globbing (glob(3) with GLOB_NOMAGIC | GLOB_BRACE, as config_text_file_load() calls it).
//
// Not picomatch: it compiles `*` to a lazy `[^/]*?` per star, so a pattern such as
// `*a*a*a*a*a*a*b` backtracks polynomially (a 200-character file name did not finish), and its
// semantics differ from glibc (a bracket expression matches a leading `.`, `!` negates a whole
// pattern, extglobs). The matcher below follows fnmatch(FNM_PERIOD) and runs in
// O(|pattern| x |name|); brace expansion follows glibc's order.

type Elem =
  | { t: "lit"; c: number }
  | { t: "any" }
  | { t: "star" }
  | { t: "set"; neg: boolean; ranges: number[]; classes: string[] };

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

const CLASSES: Record<string, (c: number) => boolean> = {
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  digit: (c) => c >= 48 && c <= 57,
  alnum: (c) => CLASSES.alpha!(c) || CLASSES.digit!(c),
  upper: (c) => c >= 65 && c <= 90,
  lower: (c) => c >= 97 && c <= 122,
  space: (c) => c === 32 || (c >= 9 && c <= 13),
  blank: (c) => c === 32 || c === 9,
  xdigit: (c) => CLASSES.digit!(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
  punct: (c) => c > 32 && c < 127 && !CLASSES.alnum!(c),
  print: (c) => c >= 32 && c < 127,
  graph: (c) => c > 32 && c < 127,
  cntrl: (c) => c < 32 || c === 127,
};

/** Compiles one path component of a glob pattern (fnmatch syntax, backslash escapes). */
function compileComponent(pattern: string): Elem[] {
  const p = codePoints(pattern);
  const out: Elem[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    if (c === 0x5c /* \ */) {
      out.push({ t: "lit", c: i + 1 < p.length ? p[i + 1]! : c });
      i += 2;
    } else if (c === 0x2a /* * */) {
      if (out.length === 0 || out[out.length - 1]!.t !== "star") out.push({ t: "star" });
      i++;
    } else if (c === 0x3f /* ? */) {
      out.push({ t: "any" });
      i++;
    } else if (c === 0x5b /* [ */) {
      const set = parseBracket(p, i + 1);
      if (set) {
        out.push(set.elem);
        i = set.next;
      } else {
        out.push({ t: "lit", c });
        i++;
      }
    } else {
      out.push({ t: "lit", c });
      i++;
    }
  }
  return out;
}

function parseBracket(p: number[], start: number): { elem: Elem; next: number } | null {
  let j = start;
  let neg = false;
  if (p[j] === 0x21 /* ! */ || p[j] === 0x5e /* ^ */) {
    neg = true;
    j++;
  }
  const ranges: number[] = [];
  const classes: string[] = [];
  let first = true;
  while (j < p.length) {
    let c = p[j]!;
    if (c === 0x5d /* ] */ && !first) return { elem: { t: "set", neg, ranges, classes }, next: j + 1 };
    first = false;
    if (c === 0x5b && p[j + 1] === 0x3a /* [: */) {
      let k = j + 2;
      while (k + 1 < p.length && !(p[k] === 0x3a && p[k + 1] === 0x5d)) k++;
      if (k + 1 < p.length) {
        classes.push(String.fromCodePoint(...p.slice(j + 2, k)));
        j = k + 2;
        continue;
      }
    }
    if (c === 0x5c && j + 1 < p.length) {
      j++;
      c = p[j]!;
    }
    let hi = c;
    if (p[j + 1] === 0x2d /* - */ && j + 2 < p.length && p[j + 2] !== 0x5d) {
      hi = p[j + 2]!;
      if (hi === 0x5c && j + 3 < p.length) {
        hi = p[j + 3]!;
        j++;
      }
      j += 2;
    }
    ranges.push(c, hi);
    j++;
  }
  return null; // no closing `]`: the `[` is literal
}

function matchOne(e: Elem, c: number): boolean {
  switch (e.t) {
    case "lit":
      return e.c === c;
    case "any":
      return true;
    case "star":
      return true;
    case "set": {
      let hit = false;
      for (let k = 0; k < e.ranges.length && !hit; k += 2) hit = c >= e.ranges[k]! && c <= e.ranges[k + 1]!;
      for (let k = 0; k < e.classes.length && !hit; k++) hit = CLASSES[e.classes[k]!]?.(c) ?? false;
      return hit !== e.neg;
    }
  }
}

/**
 * fnmatch(pattern, name, FNM_PERIOD) for one path component. Iterative with a single
 * backtrack point (the last `*`): O(|pattern| * |name|), no regular expressions.
 */
function matchComponent(elems: Elem[], name: string): boolean {
  const s = codePoints(name);
  if (s[0] === 0x2e /* leading period must be matched literally */) {
    const e0 = elems[0];
    if (!e0 || e0.t !== "lit" || e0.c !== 0x2e) return false;
  }
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  while (i < s.length) {
    const e = elems[p];
    if (e && e.t === "star") {
      starP = p++;
      starI = i;
      continue;
    }
    if (e && matchOne(e, s[i]!)) {
      p++;
      i++;
      continue;
    }
    if (starP >= 0) {
      p = starP + 1;
      i = ++starI;
      continue;
    }
    return false;
  }
  while (p < elems.length && elems[p]!.t === "star") p++;
  return p === elems.length;
}

/** glob's __glob_pattern_p(): an unescaped `*`, `?`, or `[` with a later `]`. */
function hasMagic(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x2a || c === 0x3f) return true;
    else if (c === 0x5b && s.indexOf("]", i + 1) > i) return true;
  }
  return false;
}

/** next_brace_sub() of glibc glob: the `,` or `}` ending the sub-pattern that starts at `i`. */
function nextBraceSub(s: string, i: number): number {
  let depth = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x7b) depth++;
    else if (c === 0x7d) {
      if (depth-- === 0) return i;
    } else if (c === 0x2c && depth === 0) return i;
  }
  return -1;
}

/** GLOB_BRACE expansion in glibc order (alternatives left to right, recursively); null = no valid brace. */
function braceExpand(s: string, cap: number): string[] | null {
  let begin = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x7b) {
      begin = i;
      break;
    }
  }
  if (begin < 0) return null;
  const subs: [number, number][] = [];
  let p = begin + 1;
  let next = nextBraceSub(s, p);
  if (next < 0) return null;
  for (;;) {
    subs.push([p, next]);
    if (s.charCodeAt(next) === 0x7d) break;
    p = next + 1;
    next = nextBraceSub(s, p);
    if (next < 0) return null;
  }
  const prefix = s.slice(0, begin);
  const rest = s.slice(next + 1);
  const out: string[] = [];
  for (const [a, b] of subs) {
    const one = prefix + s.slice(a, b) + rest;
    const more = braceExpand(one, cap - out.length);
    if (more) out.push(...more);
    else out.push(one);
    if (out.length >= cap) return out.slice(0, cap);
  }
  return out;
}

export interface GlobResult {
  paths: string[];
  /** The pattern used glob syntax (an empty result is an "empty glob"). */
  magic: boolean;
  truncated: boolean;
  /** Part of the pattern lies outside the paths given (repository mode). */
  outside: boolean;
}

/** Matches one brace-free pattern with magic, component by component inside the RootFs; sorted. */
function globPattern(fs: RootFs, pattern: string, res: GlobResult): string[] {
  const comps = pattern.split("/").filter((c) => c !== "");
  let dirs = ["/"];
  for (let k = 0; k < comps.length && dirs.length > 0; k++) {
    const comp = comps[k]!;
    const last = k === comps.length - 1;
    const next: string[] = [];
    if (!hasMagic(comp)) {
      for (const d of dirs) {
        const p = joinPath(d, comp);
        const r = fs.resolve(p);
        if (!r.ok) {
          if (r.error === "outside") res.outside = true;
          continue;
        }
        if (last || r.kind === "dir") next.push(p);
      }
    } else {
      const elems = compileComponent(comp);
      for (const d of dirs) {
        const rd = fs.resolve(d);
        if (!rd.ok) {
          if (rd.error === "outside") res.outside = true;
          continue;
        }
        for (const name of fs.list(d)) {
          if (!matchComponent(elems, name)) continue;
          const p = joinPath(d, name);
          if (!last && !fs.isDir(p)) continue;
          next.push(p);
          if (next.length > MAX_GLOB_MATCHES) break;
        }
        if (next.length > MAX_GLOB_MATCHES) break;
      }
    }
    if (next.length > MAX_GLOB_MATCHES) {
      res.truncated = true;
      next.length = MAX_GLOB_MATCHES;
    }
    dirs = next;
  }
  return dirs.sort(byteCompare);
}

/** Expands an include target like glob(GLOB_NOMAGIC | GLOB_BRACE). */
export function expandInclude(fs: RootFs, pattern: string): GlobResult {
  const res: GlobResult = { paths: [], magic: false, truncated: false, outside: false };
  const alts = braceExpand(pattern, MAX_GLOB_MATCHES);
  if (alts) {
    res.magic = true;
    for (const alt of alts) {
      if (hasMagic(alt)) {
        res.paths.push(...globPattern(fs, alt, res));
      } else {
        // Inside a brace, GLOB_NOMAGIC is off: an alternative is only returned when it exists.
        const r = fs.resolve(alt);
        if (r.ok) res.paths.push(alt);
        else if (r.error === "outside") res.outside = true;
      }
      if (res.paths.length >= MAX_GLOB_MATCHES) break;
    }
    if (res.paths.length > 0) {
      if (res.paths.length > MAX_GLOB_MATCHES) res.truncated = true;
      res.paths.length = Math.min(res.paths.length, MAX_GLOB_MATCHES);
      return res;
    }
    // No alternative matched: glob retries the pattern with the braces taken literally.
  }
  if (hasMagic(pattern)) {
    res.magic = true;
    res.paths = globPattern(fs, pattern, res);
  } else {
    res.paths = [pattern]; // GLOB_NOMAGIC: the name itself, whether or not it exists
  }
  return res;
}


/**
 * Plain glob(3) without GLOB_BRACE or GLOB_NOMAGIC (nft's include_glob() in src/scanner.l):
 * only existing matches, byte-sorted; `*` does not match a leading period.
 */
export function globMatches(fs: RootFs, pattern: string): GlobResult {
  const res: GlobResult = { paths: [], magic: hasMagic(pattern), truncated: false, outside: false };
  res.paths = globPattern(fs, pattern, res);
  return res;
}
