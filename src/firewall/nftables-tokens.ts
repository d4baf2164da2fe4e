/**
 * nft -f input before parsing: tokens (with file and line), `include` expansion through an
 * include resolver, and `define`/`redefine`/`undefine` substitution.
 */
import { type Ruleset, type UnknownMarker } from "./model.js";

export interface Tok {
  t: string;
  /** Quoted string. */
  q: boolean;
  file: string;
  line: number;
}

export interface NftSource {
  /** Display path. */
  file: string;
  /** Path used to resolve relative includes (inside the RootFs); the display path when absent. */
  real?: string;
  text: string;
}

/**
 * Resolves an `include` argument (a path or glob) written in `fromFile`. Returns the files in
 * nft's order (sorted), or an error text when a plain path does not exist (nft refuses to load).
 */
export type IncludeResolver = (pattern: string, from: NftSource) => { files: NftSource[]; error?: string };

const PUNCT = new Set(["{", "}", ";", ",", "(", ")", "|"]);

function tokenize(src: NftSource): Tok[] {
  const out: Tok[] = [];
  const s = src.text;
  let line = 1;
  let i = 0;
  const push = (t: string, q = false) => out.push({ t, q, file: src.file, line });
  while (i < s.length) {
    const c = s[i];
    if (c === "\n") {
      push("\n");
      line++;
      i++;
      continue;
    }
    if (c === "\\" && (s[i + 1] === "\n" || (s[i + 1] === "\r" && s[i + 2] === "\n"))) {
      i += s[i + 1] === "\n" ? 2 : 3;
      line++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < s.length && s[i] !== "\n") i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let v = "";
      while (j < s.length && s[j] !== '"' && s[j] !== "\n") {
        if (s[j] === "\\" && j + 1 < s.length) j++;
        v += s[j++];
      }
      push(v, true);
      i = j + 1;
      continue;
    }
    if (PUNCT.has(c)) {
      push(c);
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && !/\s/.test(s[j]) && !PUNCT.has(s[j]) && s[j] !== '"' && s[j] !== "#") j++;
    let w = s.slice(i, j);
    i = j;
    // `elements=` / `=value` glued to an assignment sign.
    if (w.length > 1 && w.endsWith("=") && !/^(==|!=|<=|>=)$/.test(w)) {
      push(w.slice(0, -1));
      w = "=";
    }
    push(w);
  }
  push("\n");
  return out;
}

export class Fatal extends Error {
  constructor(readonly marker: UnknownMarker) {
    super(marker.reason);
  }
}

export function expandIncludes(
  src: NftSource,
  resolve: IncludeResolver,
  texts: Map<string, string[]>,
  rs: Ruleset,
  marker: (t: Tok, reason: string) => UnknownMarker,
  depth: number,
  stack: string[],
): Tok[] {
  texts.set(src.file, src.text.split(/\r?\n/));
  if (!rs.files.includes(src.file)) rs.files.push(src.file);
  const toks = tokenize(src);
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const prev = out.length ? out[out.length - 1].t : "\n";
    if (t.t === "include" && !t.q && toks[i + 1]?.q && (prev === "\n" || prev === ";" || prev === "{" || prev === "}")) {
      const arg = toks[i + 1];
      i++;
      if (depth >= 16) throw new Fatal(marker(t, "includes nest more than 16 deep"));
      const r = resolve(arg.t, src);
      if (r.error) throw new Fatal(marker(t, r.error));
      for (const f of r.files) {
        if (stack.includes(f.file)) throw new Fatal(marker(t, `include loop through ${f.file}`));
        for (const x of expandIncludes(f, resolve, texts, rs, marker, depth + 1, [...stack, src.file])) out.push(x);
      }
      continue;
    }
    out.push(t);
  }
  return out;
}

export function expandDefines(toks: Tok[], marker: (t: Tok, reason: string) => UnknownMarker): Tok[] {
  const defs = new Map<string, Tok[]>();
  const out: Tok[] = [];
  const subst = (list: Tok[], at: Tok | null, depth = 0): Tok[] => {
    const res: Tok[] = [];
    for (const t of list) {
      if (!t.q && t.t.startsWith("$") && defs.has(t.t.slice(1))) {
        if (depth > 16) throw new Fatal(marker(t, "variables nest too deeply"));
        res.push(...subst(defs.get(t.t.slice(1))!, at ?? t, depth + 1));
      } else {
        res.push(at ? { ...t, file: at.file, line: at.line } : t);
      }
    }
    return res;
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const prev = out.length ? out[out.length - 1].t : "\n";
    const atStart = prev === "\n" || prev === ";" || prev === "{" || prev === "}";
    if (atStart && !t.q && (t.t === "define" || t.t === "redefine" || t.t === "undefine")) {
      const name = toks[i + 1];
      if (!name) break;
      if (t.t === "undefine") {
        defs.delete(name.t);
        i++;
        continue;
      }
      if (toks[i + 2]?.t !== "=") throw new Fatal(marker(t, "define without '='"));
      let j = i + 3;
      let depth = 0;
      const val: Tok[] = [];
      while (j < toks.length) {
        const v = toks[j];
        if (!v.q && depth === 0 && (v.t === "\n" || v.t === ";") && val.length > 0) break;
        if (!v.q && v.t === "{") depth++;
        if (!v.q && v.t === "}") depth--;
        if (v.t !== "\n" || v.q) val.push(v);
        j++;
      }
      defs.set(name.t, subst(val, null));
      i = j - 1;
      continue;
    }
    if (!t.q && t.t.startsWith("$") && defs.has(t.t.slice(1))) {
      for (const x of subst([t], t)) out.push(x);
      continue;
    }
    out.push(t);
  }
  return out;
}
