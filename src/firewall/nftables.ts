/**
 * nftables: the `nft -f` file syntax of `/etc/nftables.conf` (with its `include`s, `define`s,
 * `flush ruleset`, `table { chain { ... } set { ... } }` blocks and `add`/`insert` commands) and
 * the output of `nft list ruleset`, which is the same syntax. Compiled to model.ts: base chains
 * on the input path (filter chains on the prerouting and input hooks, nat chains on prerouting,
 * netdev ingress chains) and the chains they jump to. Anything not understood becomes an
 * `unknown` condition or verdict (tried both ways by the evaluator) or, where a whole block
 * cannot be read, a fatal marker with its file and line.
 */
import * as path from "node:path";
import picomatch from "picomatch";
import { type Family, type Iv, ivFrom, parseAddrSpec } from "./addr-set.js";
import {
  type BaseChain,
  type Cond,
  type Rule,
  type Ruleset,
  type UnknownMarker,
  type Verdict,
  emptyRuleset,
  normalizeProto,
  portRange,
  srcRef,
} from "./model.js";
import type { RootFs } from "../io/fs.js";

interface Tok {
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

const FAMILIES = new Set(["ip", "ip6", "inet", "arp", "bridge", "netdev"]);

interface RawRule {
  toks: Tok[];
}

interface NftSet {
  name: string;
  isMap: boolean;
  elements: Tok[][];
  tok: Tok;
}

interface NftChain {
  name: string;
  tok: Tok;
  type?: string;
  hook?: string;
  devices?: string[];
  policy?: { verdict: string; tok: Tok };
  rules: RawRule[];
}

interface NftTable {
  family: string;
  name: string;
  tok: Tok;
  chains: Map<string, NftChain>;
  sets: Map<string, NftSet>;
  dormant: boolean;
}

class Fatal extends Error {
  constructor(readonly marker: UnknownMarker) {
    super(marker.reason);
  }
}

/** Parses nft syntax from `main` (following includes) and compiles the input path. */
export function parseNftables(main: NftSource, resolve: IncludeResolver): Ruleset {
  const rs = emptyRuleset("nftables");
  const texts = new Map<string, string[]>();
  const lineText = (t: Tok) => (texts.get(t.file)?.[t.line - 1] ?? t.t).trim();
  const marker = (t: Tok, reason: string): UnknownMarker => ({ file: t.file, line: t.line, text: lineText(t), reason });
  try {
    const toks = expandIncludes(main, resolve, texts, rs, marker, 0, []);
    const expanded = expandDefines(toks, marker);
    const tables = new Parser(expanded, marker).parse();
    compile(tables, rs, lineText, marker);
  } catch (e) {
    if (e instanceof Fatal) rs.fatal ??= e.marker;
    else throw e;
  }
  return rs;
}

function expandIncludes(
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

function expandDefines(toks: Tok[], marker: (t: Tok, reason: string) => UnknownMarker): Tok[] {
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

const SKIPPED_OBJECTS = new Set(["counter", "quota", "limit", "ct", "flowtable", "secmark", "synproxy", "tunnel"]);

class Parser {
  private i = 0;
  private tables = new Map<string, NftTable>();

  constructor(
    private readonly toks: Tok[],
    private readonly marker: (t: Tok, reason: string) => UnknownMarker,
  ) {}

  private peek(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }
  private next(): Tok {
    const t = this.toks[this.i++];
    if (!t) throw new Fatal(this.marker(this.toks[this.toks.length - 1], "unexpected end of file"));
    return t;
  }
  private isSep(t: Tok | undefined): boolean {
    return !!t && !t.q && (t.t === "\n" || t.t === ";");
  }
  private skipSeps(): void {
    while (this.isSep(this.peek())) this.i++;
  }
  private expect(s: string): Tok {
    const t = this.next();
    if (t.t !== s || t.q) throw new Fatal(this.marker(t, `expected '${s}', found '${t.t === "\n" ? "end of line" : t.t}'`));
    return t;
  }
  /** Tokens up to the end of the statement (a separator or a closing brace at depth 0; not consumed). */
  private statement(): Tok[] {
    const out: Tok[] = [];
    let depth = 0;
    while (this.i < this.toks.length) {
      const t = this.peek()!;
      if (!t.q && depth === 0 && (t.t === "\n" || t.t === ";" || t.t === "}")) break;
      if (!t.q && t.t === "{") depth++;
      if (!t.q && t.t === "}") depth--;
      this.i++;
      if (t.t !== "\n" || t.q) out.push(t);
    }
    return out;
  }
  /** Skips a statement that may carry a `{ ... }` block. */
  private skipObject(): void {
    let depth = 0;
    while (this.i < this.toks.length) {
      const t = this.peek()!;
      if (!t.q && t.t === "{") depth++;
      if (!t.q && t.t === "}") {
        if (depth === 0) return;
        depth--;
        this.i++;
        if (depth === 0) return;
        continue;
      }
      if (depth === 0 && this.isSep(t)) return;
      this.i++;
    }
  }

  /** `[family] name` of a table. */
  private tableRef(): { family: string; name: string; tok: Tok } {
    const a = this.next();
    const b = this.peek();
    if (FAMILIES.has(a.t) && !a.q && b && !this.isSep(b) && b.t !== "{" && b.t !== "}") {
      this.i++;
      return { family: a.t, name: b.t, tok: a };
    }
    return { family: "ip", name: a.t, tok: a };
  }

  private table(family: string, name: string, tok: Tok): NftTable {
    const key = `${family} ${name}`;
    let t = this.tables.get(key);
    if (!t) {
      t = { family, name, tok, chains: new Map(), sets: new Map(), dormant: false };
      this.tables.set(key, t);
    }
    return t;
  }

  private chain(t: NftTable, name: string, tok: Tok): NftChain {
    let c = t.chains.get(name);
    if (!c) {
      c = { name, tok, rules: [] };
      t.chains.set(name, c);
    }
    return c;
  }

  parse(): NftTable[] {
    for (;;) {
      this.skipSeps();
      const t = this.peek();
      if (!t) break;
      this.i++;
      if (t.q) throw new Fatal(this.marker(t, `unexpected string "${t.t}"`));
      switch (t.t) {
        case "table": {
          const r = this.tableRef();
          const tb = this.table(r.family, r.name, t);
          if (this.peek()?.t === "{") {
            this.i++;
            this.tableBody(tb);
          }
          break;
        }
        case "add":
        case "create":
        case "insert":
          this.command(t);
          break;
        case "flush":
          this.flush(t);
          break;
        case "delete":
        case "destroy": {
          const what = this.next();
          if (what.t === "table") {
            const r = this.tableRef();
            this.tables.delete(`${r.family} ${r.name}`);
            this.skipObject();
          } else if (what.t === "chain") {
            const r = this.tableRef();
            const name = this.next();
            this.tables.get(`${r.family} ${r.name}`)?.chains.delete(name.t);
            this.skipObject();
          } else {
            throw new Fatal(this.marker(t, `'${t.t} ${what.t}' is not modelled`));
          }
          break;
        }
        case "list":
        case "monitor":
        case "describe":
        case "reset":
        case "export":
        case "import":
          this.statement();
          break;
        default:
          throw new Fatal(this.marker(t, `statement '${t.t}' is not understood`));
      }
    }
    return [...this.tables.values()];
  }

  private flush(t: Tok): void {
    const what = this.next();
    switch (what.t) {
      case "ruleset": {
        const fam = this.peek();
        if (fam && FAMILIES.has(fam.t)) {
          this.i++;
          for (const [k, tb] of this.tables) if (tb.family === fam.t) this.tables.delete(k);
        } else {
          this.tables.clear();
        }
        break;
      }
      case "table": {
        const r = this.tableRef();
        const tb = this.tables.get(`${r.family} ${r.name}`);
        if (tb) {
          for (const c of tb.chains.values()) c.rules = [];
          for (const s of tb.sets.values()) s.elements = [];
        }
        break;
      }
      case "chain": {
        const r = this.tableRef();
        const name = this.next();
        const c = this.tables.get(`${r.family} ${r.name}`)?.chains.get(name.t);
        if (c) c.rules = [];
        break;
      }
      case "set":
      case "map": {
        const r = this.tableRef();
        const name = this.next();
        const s = this.tables.get(`${r.family} ${r.name}`)?.sets.get(name.t);
        if (s) s.elements = [];
        break;
      }
      default:
        this.statement();
        void t;
    }
  }

  private command(cmd: Tok): void {
    const what = this.next();
    switch (what.t) {
      case "table": {
        const r = this.tableRef();
        const tb = this.table(r.family, r.name, cmd);
        if (this.peek()?.t === "{") {
          this.i++;
          this.tableBody(tb);
        }
        return;
      }
      case "chain": {
        const r = this.tableRef();
        const tb = this.table(r.family, r.name, cmd);
        const name = this.next();
        const c = this.chain(tb, name.t, cmd);
        if (this.peek()?.t === "{") {
          this.i++;
          this.chainBody(tb, c);
        }
        return;
      }
      case "rule": {
        const r = this.tableRef();
        const tb = this.table(r.family, r.name, cmd);
        const name = this.next();
        const c = this.chain(tb, name.t, cmd);
        const toks = this.statement();
        if (toks[0] && ["position", "index", "handle"].includes(toks[0].t)) {
          throw new Fatal(this.marker(cmd, `'${cmd.t} rule ... ${toks[0].t}' refers to rule handles astlint cannot know`));
        }
        if (cmd.t === "insert") c.rules.unshift({ toks });
        else c.rules.push({ toks });
        return;
      }
      case "set":
      case "map": {
        const r = this.tableRef();
        const tb = this.table(r.family, r.name, cmd);
        const name = this.next();
        this.expect("{");
        this.setBody(tb, name.t, what.t === "map", name);
        return;
      }
      case "element": {
        const r = this.tableRef();
        const tb = this.table(r.family, r.name, cmd);
        const name = this.next();
        this.expect("{");
        const elems = this.elements();
        const s = tb.sets.get(name.t);
        if (!s) throw new Fatal(this.marker(cmd, `set '${name.t}' is not defined`));
        s.elements.push(...elems);
        return;
      }
      default:
        if (SKIPPED_OBJECTS.has(what.t)) {
          this.skipObject();
          return;
        }
        throw new Fatal(this.marker(cmd, `'${cmd.t} ${what.t}' is not understood`));
    }
  }

  private tableBody(tb: NftTable): void {
    for (;;) {
      this.skipSeps();
      const t = this.next();
      if (t.t === "}" && !t.q) return;
      switch (t.t) {
        case "chain": {
          const name = this.next();
          const c = this.chain(tb, name.t, name);
          this.expect("{");
          this.chainBody(tb, c);
          break;
        }
        case "set":
        case "map": {
          const name = this.next();
          this.expect("{");
          this.setBody(tb, name.t, t.t === "map", name);
          break;
        }
        case "flags": {
          const words = this.statement().map((x) => x.t);
          if (words.includes("dormant")) tb.dormant = true;
          break;
        }
        case "comment":
          this.statement();
          break;
        default:
          if (SKIPPED_OBJECTS.has(t.t)) {
            this.skipObject();
            break;
          }
          throw new Fatal(this.marker(t, `'${t.t}' inside table ${tb.family} ${tb.name} is not understood`));
      }
    }
  }

  private chainBody(tb: NftTable, c: NftChain): void {
    for (;;) {
      this.skipSeps();
      const t = this.peek();
      if (!t) throw new Fatal(this.marker(c.tok, "chain block is not closed"));
      if (t.t === "}" && !t.q) {
        this.i++;
        return;
      }
      if (!t.q && t.t === "type") {
        const st = this.statement();
        c.type = st[1]?.t;
        const hook = st.findIndex((x) => x.t === "hook");
        if (hook >= 0) c.hook = st[hook + 1]?.t;
        const dev = st.findIndex((x) => x.t === "device" || x.t === "devices");
        if (dev >= 0) c.devices = this.deviceList(st.slice(dev + 1));
        continue;
      }
      if (!t.q && t.t === "policy") {
        const st = this.statement();
        c.policy = { verdict: st[1]?.t ?? "accept", tok: t };
        continue;
      }
      if (!t.q && t.t === "comment") {
        this.statement();
        continue;
      }
      if (!t.q && (t.t === "devices" || t.t === "device")) {
        const st = this.statement();
        c.devices = this.deviceList(st.slice(1));
        continue;
      }
      const toks = this.statement();
      if (toks.length) c.rules.push({ toks });
      void tb;
    }
  }

  private deviceList(toks: Tok[]): string[] {
    const out: string[] = [];
    for (const x of toks) {
      if (!x.q && x.t === "priority") break;
      if (x.q || !["=", "{", "}", ","].includes(x.t)) out.push(x.t);
    }
    return out;
  }

  private setBody(tb: NftTable, name: string, isMap: boolean, tok: Tok): void {
    const s: NftSet = tb.sets.get(name) ?? { name, isMap, elements: [], tok };
    tb.sets.set(name, s);
    for (;;) {
      this.skipSeps();
      const t = this.next();
      if (t.t === "}" && !t.q) return;
      if (t.t === "elements") {
        this.expect("=");
        this.expect("{");
        s.elements.push(...this.elements());
        continue;
      }
      this.statement();
    }
  }

  /** Elements of `{ ... }` (after the opening brace; consumes the closing one), split at commas. */
  private elements(): Tok[][] {
    const out: Tok[][] = [];
    let cur: Tok[] = [];
    let depth = 0;
    for (;;) {
      const t = this.next();
      if (!t.q && t.t === "}" && depth === 0) break;
      if (!t.q && t.t === "{") {
        depth++;
        continue;
      }
      if (!t.q && t.t === "}") {
        depth--;
        continue;
      }
      if (!t.q && t.t === ",") {
        if (cur.length) out.push(cur);
        cur = [];
        continue;
      }
      if (t.t === "\n" && !t.q) continue;
      cur.push(t);
    }
    if (cur.length) out.push(cur);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Compiling rules

/** Words after which an element's value ends (element options). */
const ELEMENT_OPTS = new Set(["timeout", "expires", "comment", "counter", "packets", "bytes"]);

function elementText(el: Tok[]): string | null {
  const vals: Tok[] = [];
  for (const t of el) {
    if (!t.q && ELEMENT_OPTS.has(t.t)) break;
    vals.push(t);
  }
  if (vals.some((v) => v.t === "." && !v.q)) return null;
  if (vals.length === 0) return null;
  return vals.map((v) => v.t).join("");
}

const OPS: Record<string, string> = { "==": "==", eq: "==", "!=": "!=", ne: "!=", "<": "<", lt: "<", ">": ">", gt: ">", "<=": "<=", le: "<=", ">=": ">=", ge: ">=" };

const VERDICT_WORDS = new Set(["accept", "drop", "reject", "return", "continue", "jump", "goto", "queue"]);

const STATEMENT_WORDS = new Set([
  ...VERDICT_WORDS,
  "ip", "ip6", "tcp", "udp", "udplite", "sctp", "dccp", "th", "meta", "ct", "fib", "iif", "iifname", "oif", "oifname",
  "counter", "log", "comment", "limit", "dnat", "snat", "masquerade", "redirect", "tproxy", "notrack", "icmp", "icmpv6",
]);

type Builder = (op: string, values: string[]) => Cond[] | string;

interface RuleCtx {
  table: NftTable;
  chainId: (name: string) => string;
}

class RuleCompiler {
  private i = 0;
  private conds: Cond[] = [];
  private verdict: Verdict = { kind: "none" };
  private extra: Rule[] | null = null;

  constructor(
    private readonly toks: Tok[],
    private readonly ctx: RuleCtx,
    private readonly src: Rule["src"],
  ) {}

  private peek(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }
  private word(k = 0): string {
    const t = this.peek(k);
    return t && !t.q ? t.t : "";
  }
  private unknown(reason: string): void {
    this.conds.push({ kind: "unknown", reason });
  }
  /** After something not understood: skip to the next word that starts a known expression. */
  private resync(): void {
    while (this.i < this.toks.length && !STATEMENT_WORDS.has(this.word())) this.i++;
  }

  compile(): Rule[] {
    while (this.i < this.toks.length) {
      if (this.extra) break;
      this.step();
    }
    if (this.extra) return this.extra;
    return [{ src: this.src, conds: this.conds, verdict: this.verdict }];
  }

  /** Reads `[op] value` after a selector: returns op and element texts, or a reason. */
  private relation(): { op: string; values: string[] } | string {
    let op = "==";
    const w = this.word();
    if (OPS[w]) {
      op = OPS[w];
      this.i++;
    }
    const t = this.peek();
    if (!t) return "missing value";
    if (!t.q && t.t === "{") {
      this.i++;
      const els: Tok[][] = [];
      let cur: Tok[] = [];
      let depth = 0;
      // Nested sets (`{ $LAN, 10.0.0.1 }` with LAN a set) are flattened, as nft does.
      while (this.i < this.toks.length) {
        const x = this.toks[this.i++];
        if (!x.q && x.t === "}" && depth === 0) break;
        if (!x.q && x.t === "{") {
          depth++;
          continue;
        }
        if (!x.q && x.t === "}") {
          depth--;
          continue;
        }
        if (!x.q && x.t === ",") {
          if (cur.length) els.push(cur);
          cur = [];
        } else cur.push(x);
      }
      if (cur.length) els.push(cur);
      const values: string[] = [];
      for (const el of els) {
        const v = elementText(el);
        if (v === null) return "set element not understood (concatenation?)";
        values.push(v);
      }
      return { op, values };
    }
    if (!t.q && t.t.startsWith("@")) {
      this.i++;
      const s = this.ctx.table.sets.get(t.t.slice(1));
      if (!s) return `set ${t.t} is not defined in table ${this.ctx.table.family} ${this.ctx.table.name}`;
      if (s.isMap) return `${t.t} is a map`;
      const values: string[] = [];
      for (const el of s.elements) {
        const v = elementText(el);
        if (v === null) return `an element of ${t.t} is not understood`;
        values.push(v);
      }
      return { op, values };
    }
    if (!t.q && t.t.startsWith("$")) {
      this.i++;
      return `variable ${t.t} is not defined`;
    }
    const values: string[] = [];
    values.push(this.valueWord());
    while (this.word() === ",") {
      this.i++;
      values.push(this.valueWord());
    }
    return { op, values };
  }

  private valueWord(): string {
    const t = this.toks[this.i++];
    if (!t) return "";
    let v = t.t;
    // `1000 - 2000` written with spaces.
    if (this.word() === "-" && this.peek(1)) {
      v += "-" + this.peek(1)!.t;
      this.i += 2;
    }
    return v;
  }

  private apply(builder: Builder): void {
    if (this.word() === "vmap") {
      this.i++;
      this.vmap(builder);
      return;
    }
    if (this.word() === "set") {
      // A statement (`meta mark set 1`): no condition.
      this.i++;
      this.valueWord();
      return;
    }
    const rel = this.relation();
    if (typeof rel === "string") {
      this.unknown(rel);
      return;
    }
    const r = builder(rel.op, rel.values);
    if (typeof r === "string") this.unknown(r);
    else this.conds.push(...r);
  }

  private vmap(builder: Builder): void {
    const t = this.peek();
    let els: Tok[][] = [];
    if (t && !t.q && t.t === "{") {
      this.i++;
      let cur: Tok[] = [];
      while (this.i < this.toks.length) {
        const x = this.toks[this.i++];
        if (!x.q && x.t === "}") break;
        if (!x.q && x.t === ",") {
          if (cur.length) els.push(cur);
          cur = [];
        } else cur.push(x);
      }
      if (cur.length) els.push(cur);
    } else if (t && t.t.startsWith("@")) {
      this.i++;
      const m = this.ctx.table.sets.get(t.t.slice(1));
      if (!m || !m.isMap) {
        this.unknown(`verdict map ${t.t} is not defined`);
        return;
      }
      els = m.elements;
    } else {
      this.unknown("vmap not understood");
      return;
    }
    const rules: Rule[] = [];
    for (const el of els) {
      // key : verdict [chain]; a glued `22:accept` too.
      let parts = el;
      const colon = parts.findIndex((x) => x.t === ":" && !x.q);
      let keyToks: Tok[];
      let verdictToks: Tok[];
      if (colon >= 0) {
        keyToks = parts.slice(0, colon);
        verdictToks = parts.slice(colon + 1);
      } else {
        const last = parts[0]?.t ?? "";
        const m = /^(.*):(accept|drop|reject|return|continue|jump|goto)$/.exec(last);
        if (!m) {
          this.unknown("vmap element not understood");
          return;
        }
        keyToks = [{ ...parts[0], t: m[1] }];
        verdictToks = [{ ...parts[0], t: m[2] }, ...parts.slice(1)];
        parts = [];
      }
      const key = elementText(keyToks);
      const v = this.verdictOf(verdictToks.map((x) => x.t));
      if (key === null || !v) {
        this.unknown("vmap element not understood");
        return;
      }
      const c = builder("==", [key]);
      if (typeof c === "string") {
        this.unknown(c);
        return;
      }
      rules.push({ src: this.src, conds: [...this.conds, ...c], verdict: v });
    }
    this.extra = rules;
  }

  private verdictOf(words: string[]): Verdict | null {
    switch (words[0]) {
      case "accept":
        return { kind: "accept" };
      case "drop":
        return { kind: "drop" };
      case "reject":
        return { kind: "reject" };
      case "return":
        return { kind: "return" };
      case "continue":
        return { kind: "none" };
      case "jump":
      case "goto":
        return words[1] ? { kind: words[0], chain: this.ctx.chainId(words[1]) } : null;
      default:
        return null;
    }
  }

  private step(): void {
    const t = this.peek()!;
    const w = t.q ? "" : t.t;
    this.i++;
    switch (w) {
      case "ip":
      case "ip6":
        return this.ipExpr(w === "ip" ? 4 : 6);
      case "tcp":
      case "udp":
      case "udplite":
      case "sctp":
      case "dccp":
      case "th":
        return this.transport(w);
      case "icmp":
      case "icmpv6":
      case "igmp":
      case "esp":
      case "ah":
      case "comp":
      case "gre": {
        const proto = normalizeProto(w);
        this.conds.push({ kind: "l4proto", protos: [proto], negate: false });
        if (w === "icmp") this.conds.push({ kind: "family", family: 4 });
        if (w === "icmpv6") this.conds.push({ kind: "family", family: 6 });
        this.i++; // field
        this.skipRelation();
        return;
      }
      case "meta":
        return this.meta(this.toks[this.i++]?.t ?? "");
      case "iif":
      case "iifname":
      case "oif":
      case "oifname":
      case "l4proto":
      case "nfproto":
      case "pkttype":
      case "iiftype":
      case "mark":
      case "skuid":
      case "skgid":
      case "priority":
      case "cpu":
      case "cgroup":
      case "iifgroup":
        return this.meta(w);
      case "ct":
        return this.ct();
      case "fib":
        return this.fib();
      case "counter":
        if (this.word() === "name") this.i += 2;
        while (this.word() === "packets" || this.word() === "bytes") this.i += 2;
        return;
      case "log":
        while (["prefix", "level", "flags", "group", "snaplen", "queue-threshold"].includes(this.word())) {
          const opt = this.word();
          this.i += 2;
          if (opt === "flags") while (this.word() === ",") this.i += 2;
        }
        return;
      case "comment":
        this.i++;
        return;
      case "limit": {
        if (this.word() === "name") {
          this.i += 2;
          this.unknown("named limit");
          return;
        }
        if (this.word() === "rate") this.i++;
        const over = this.word() === "over";
        if (over) this.i++;
        // N/unit [burst N packets|bytes]; `10 mbytes/second` too.
        while (this.i < this.toks.length && !STATEMENT_WORDS.has(this.word()) && this.word() !== "burst") this.i++;
        if (this.word() === "burst") this.i += 3;
        if (this.word() === "packets" || this.word() === "bytes") this.i++;
        this.conds.push({ kind: "const", value: !over, why: over ? "limit rate over: a first connection is under the rate" : "limit rate: a first connection is under the rate" });
        return;
      }
      case "meter": {
        // meter NAME [size N] { key limit rate over ... }
        let depth = 0;
        let over = false;
        let limit = false;
        while (this.i < this.toks.length) {
          const x = this.toks[this.i++];
          if (x.t === "over") over = true;
          if (x.t === "limit") limit = true;
          if (x.t === "{") depth++;
          if (x.t === "}" && --depth === 0) break;
        }
        if (over) this.conds.push({ kind: "const", value: false, why: "meter ... over: a first connection is under the rate" });
        else if (!limit) this.unknown("meter without a rate limit");
        return;
      }
      case "add":
      case "update":
      case "delete":
      case "set":
        if (this.word().startsWith("@")) {
          this.i++;
          this.skipBraces();
          return;
        }
        this.unknown(`'${w}' is not understood`);
        this.resync();
        return;
      case "accept":
      case "drop":
      case "return":
      case "continue":
        this.verdict = this.verdictOf([w])!;
        return;
      case "reject":
        this.verdict = { kind: "reject" };
        if (this.word() === "with") {
          this.i++;
          const kind = this.word();
          this.i++;
          if (kind === "tcp") this.i++; // reset
          else if (kind === "icmp" || kind === "icmpv6" || kind === "icmpx") {
            if (this.word() === "type") this.i++;
            this.i++;
          }
        }
        return;
      case "jump":
      case "goto": {
        const target = this.toks[this.i++];
        this.verdict = target ? { kind: w, chain: this.ctx.chainId(target.t) } : { kind: "unknown", reason: `${w} without a chain` };
        return;
      }
      case "queue":
      case "dnat":
      case "redirect":
      case "tproxy":
      case "dup":
      case "fwd":
      case "synproxy":
      case "notrack":
        this.verdict = { kind: "unknown", reason: `'${w}' is not modelled` };
        this.i = this.toks.length;
        return;
      case "snat":
      case "masquerade":
        this.i = this.toks.length;
        return;
      default:
        this.unknown(t.q ? `unexpected string "${t.t}"` : `'${w}' is not understood`);
        this.resync();
    }
  }

  private skipBraces(): void {
    if (this.word() !== "{") return;
    let depth = 0;
    while (this.i < this.toks.length) {
      const x = this.toks[this.i++];
      if (!x.q && x.t === "{") depth++;
      if (!x.q && x.t === "}" && --depth === 0) return;
    }
  }

  private skipRelation(): void {
    if (OPS[this.word()]) this.i++;
    if (this.word() === "{") this.skipBraces();
    else {
      this.i++;
      while (this.word() === ",") this.i += 2;
    }
  }

  private ipExpr(family: Family): void {
    const field = this.word();
    this.i++;
    if (field === "saddr" || field === "daddr") {
      const dir = field === "saddr" ? "src" : "dst";
      return this.apply((op, values) => {
        if (op !== "==" && op !== "!=") return `address comparison '${op}'`;
        const ivs: Iv[] = [];
        for (const v of values) {
          const iv = parseAddrSpec(v, family);
          if (!iv) return `'${v}' is not an IPv${family} address or prefix`;
          ivs.push(iv);
        }
        return [{ kind: "addr", dir, family, set: ivFrom(ivs), negate: op === "!=" }];
      });
    }
    if ((family === 4 && field === "protocol") || (family === 6 && field === "nexthdr")) {
      return this.apply((op, values) => {
        const c = protoConds(op, values);
        return typeof c === "string" ? c : [{ kind: "family", family }, ...c];
      });
    }
    if (field === "version") {
      return this.apply((op, values) =>
        op === "==" || op === "!=" ? [{ kind: "const", value: values.includes(String(family)) !== (op === "!="), why: "ip version" }] : "ip version comparison",
      );
    }
    this.skipRelationOrSet();
    this.conds.push({ kind: "family", family });
    this.unknown(`'${family === 4 ? "ip" : "ip6"} ${field}' is not modelled`);
  }

  private skipRelationOrSet(): void {
    if (this.word() === "set") {
      this.i += 2;
      return;
    }
    this.skipRelation();
  }

  private transport(proto: string): void {
    const field = this.word();
    this.i++;
    const protoCond: Cond[] = proto === "th" ? [] : [{ kind: "l4proto", protos: [proto], negate: false }];
    if (field === "dport") {
      return this.apply((op, values) => {
        const ranges: [number, number][] = [];
        for (const v of values) {
          const r = portRange(v);
          if (!r) return `port '${v}' not understood`;
          ranges.push(r);
        }
        if (op === "==" || op === "!=") return [...protoCond, { kind: "dport", ranges, negate: op === "!=" }];
        if (ranges.length !== 1 || ranges[0][0] !== ranges[0][1]) return `port comparison '${op}'`;
        const n = ranges[0][0];
        const r: [number, number] =
          op === "<" ? [0, n - 1] : op === "<=" ? [0, n] : op === ">" ? [n + 1, 65535] : [n, 65535];
        return [...protoCond, { kind: "dport", ranges: [r], negate: false }];
      });
    }
    if (field === "flags" && proto === "tcp") return this.tcpFlags();
    this.conds.push(...protoCond);
    if (field === "sport") {
      this.skipRelation();
      this.unknown("source port (chosen by the client)");
      return;
    }
    this.skipRelationOrSet();
    this.unknown(`'${proto} ${field}' is not modelled`);
  }

  /** `tcp flags syn`, `tcp flags & (syn|ack) == syn`, `tcp flags != syn`, `tcp flags { syn, ack }`. */
  private tcpFlags(): void {
    this.conds.push({ kind: "l4proto", protos: ["tcp"], negate: false });
    let mask: Set<string> | null = null;
    if (this.word() === "&") {
      this.i++;
      mask = this.flagGroup();
    }
    let op = "==";
    if (OPS[this.word()]) {
      op = OPS[this.word()];
      this.i++;
    }
    let values: Set<string>[] = [];
    if (this.word() === "{") {
      this.i++;
      while (this.i < this.toks.length && this.word() !== "}") {
        if (this.word() === ",") this.i++;
        else values.push(this.flagGroup());
      }
      this.i++;
    } else {
      values = [this.flagGroup()];
    }
    const pkt = new Set(["syn"]);
    const masked = mask ? new Set([...pkt].filter((f) => mask!.has(f))) : pkt;
    const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
    let match: boolean;
    if (mask || op !== "==" || values.length > 1) {
      match = values.some((v) => same(masked, v));
    } else {
      // `tcp flags syn`: the flag is set (older nft) or the flags equal it (newer): a SYN matches both.
      match = [...values[0]].every((f) => masked.has(f));
    }
    if (op === "!=") match = !match;
    else if (op !== "==") {
      this.unknown(`tcp flags comparison '${op}'`);
      return;
    }
    this.conds.push({ kind: "const", value: match, why: "tcp flags against a SYN" });
  }

  private flagGroup(): Set<string> {
    const out = new Set<string>();
    const paren = this.word() === "(";
    if (paren) this.i++;
    for (;;) {
      const w = this.word();
      if (!w) break;
      this.i++;
      for (const f of w.split("|")) if (f) out.add(f);
      if (this.word() === "|") {
        this.i++;
        continue;
      }
      if (!paren) break;
      if (this.word() === ")") {
        this.i++;
        break;
      }
    }
    return out;
  }

  private meta(key: string): void {
    switch (key) {
      case "l4proto":
        return this.apply((op, values) => protoConds(op, values));
      case "nfproto":
      case "protocol":
        return this.apply((op, values) => {
          if (op !== "==" && op !== "!=") return `meta ${key} comparison`;
          const fams = new Set<Family>();
          for (const v of values) {
            if (v === "ipv4" || v === "ip") fams.add(4);
            else if (v === "ipv6" || v === "ip6") fams.add(6);
          }
          const neg = op === "!=";
          if (fams.size === 2) return [{ kind: "const", value: !neg, why: `meta ${key}` }];
          if (fams.size === 0) return [{ kind: "const", value: neg, why: `meta ${key}` }];
          const f = [...fams][0];
          return [{ kind: "family", family: neg ? (f === 4 ? 6 : 4) : f }];
        });
      case "iif":
      case "iifname":
        return this.apply((op, values) => {
          if (op !== "==" && op !== "!=") return `${key} comparison`;
          if (values.some((v) => v.includes("*"))) return `interface pattern ${values.join(",")}`;
          if (key === "iif" && values.some((v) => /^\d+$/.test(v))) return "interface index";
          return [{ kind: "iface", names: values, negate: op === "!=" }];
        });
      case "iiftype":
        return this.apply((op, values) => [{ kind: "const", value: !values.includes("loopback") !== (op === "!="), why: "meta iiftype" }]);
      case "pkttype":
        return this.apply((op, values) => [
          { kind: "const", value: values.some((v) => v === "host" || v === "unicast") !== (op === "!="), why: "meta pkttype" },
        ]);
      default:
        if (this.word() === "set") {
          this.i += 2;
          return;
        }
        this.skipRelation();
        this.unknown(`'meta ${key}' is not modelled`);
    }
  }

  private ct(): void {
    const key = this.word();
    this.i++;
    switch (key) {
      case "state":
        return this.apply((op, values) =>
          op === "==" || op === "!=" ? [{ kind: "ctstate", states: values.map((v) => v.toLowerCase()), negate: op === "!=" }] : "ct state comparison",
        );
      case "direction":
        return this.apply((op, values) => [{ kind: "const", value: values.includes("original") !== (op === "!="), why: "ct direction" }]);
      case "count": {
        const over = this.word() === "over";
        if (over) this.i++;
        this.i++;
        this.conds.push({ kind: "const", value: !over, why: "ct count: a first connection is under the count" });
        return;
      }
      default:
        if (this.word() === "set") {
          this.i += 2;
          return;
        }
        this.skipRelation();
        this.unknown(`'ct ${key}' is not modelled`);
    }
  }

  /** fib: reverse-path and address-type lookups. */
  private fib(): void {
    const keys: string[] = [];
    while (this.i < this.toks.length) {
      keys.push(this.word());
      this.i++;
      if (this.word() === ".") this.i++;
      else break;
    }
    const result = this.word();
    this.i++;
    const rel = this.relation();
    if (typeof rel === "string") return this.unknown(rel);
    const neg = rel.op === "!=";
    if (result === "type") {
      const has = (x: string) => rel.values.includes(x);
      if (keys[0] === "daddr") return void this.conds.push({ kind: "const", value: has("local") !== neg, why: "fib daddr type: the socket's address is local" });
      if (keys[0] === "saddr") return void this.conds.push({ kind: "const", value: has("unicast") !== neg, why: "fib saddr type: a remote unicast source" });
    }
    if ((result === "oif" || result === "oifname") && keys[0] === "saddr") {
      const missing = rel.values.some((v) => v === "missing" || v === "0");
      const exists = rel.values.includes("exists");
      if (missing || exists) return void this.conds.push({ kind: "const", value: (exists && !missing) !== neg, why: "fib reverse-path check: a routable source is assumed" });
    }
    this.unknown(`'fib ${keys.join(" . ")} ${result}' is not modelled`);
  }
}

function protoConds(op: string, values: string[]): Cond[] | string {
  if (op !== "==" && op !== "!=") return "protocol comparison";
  return [{ kind: "l4proto", protos: values.map(normalizeProto), negate: op === "!=" }];
}

const INPUT_HOOKS = new Set(["input", "prerouting", "ingress"]);

function compile(
  tables: NftTable[],
  rs: Ruleset,
  lineText: (t: Tok) => string,
  marker: (t: Tok, reason: string) => UnknownMarker,
): void {
  for (const tb of tables) {
    const fams: Family[] | null =
      tb.family === "ip" ? [4] : tb.family === "ip6" ? [6] : tb.family === "inet" || tb.family === "netdev" ? [4, 6] : null;
    if (!fams) {
      rs.markers.push(marker(tb.tok, `table family ${tb.family} does not filter IP input; skipped`));
      continue;
    }
    if (tb.dormant) {
      rs.markers.push(marker(tb.tok, `table ${tb.family} ${tb.name} is dormant; skipped`));
      continue;
    }
    const id = (name: string) => `${tb.family}:${tb.name}:${name}`;
    const ctx: RuleCtx = { table: tb, chainId: id };
    for (const c of tb.chains.values()) {
      const rules: Rule[] = [];
      for (const r of c.rules) {
        const first = r.toks[0];
        rules.push(...new RuleCompiler(r.toks, ctx, srcRef(first.file, first.line, lineText(first))).compile());
      }
      rs.chains.set(id(c.name), { id: id(c.name), rules });
      if (!c.hook || !INPUT_HOOKS.has(c.hook)) continue;
      if (c.type !== "filter" && !(c.type === "nat" && c.hook === "prerouting")) continue;
      if (c.hook === "ingress" && !c.devices?.length) {
        rs.markers.push(marker(c.tok, "ingress chain without devices; skipped"));
        continue;
      }
      const pol = (c.policy?.verdict ?? "accept").toLowerCase();
      if (pol !== "accept" && pol !== "drop") {
        throw new Fatal(marker(c.policy?.tok ?? c.tok, `policy '${pol}' not understood`));
      }
      const at = c.policy?.tok ?? c.tok;
      const base: BaseChain = {
        chain: id(c.name),
        families: fams,
        policy: pol,
        because: {
          policy: `policy ${pol} of chain ${tb.family} ${tb.name} ${c.name}${c.policy ? "" : " (no policy: accept)"}`,
          file: at.file,
          line: at.line,
        },
      };
      if (c.hook === "ingress") base.devices = c.devices;
      rs.bases.push(base);
    }
  }
  for (const f of [4, 6] as Family[]) {
    if (!rs.bases.some((b) => b.families.includes(f))) {
      rs.missingFamily[f] = {
        policy: `no nftables chain on the input hook filters IPv${f}`,
        file: rs.files[0] ?? "",
        line: 1,
      };
    }
  }
}

/** An include resolver over a RootFs (paths inside the root; globs sorted like nft does). */
export function rootIncludeResolver(fs: RootFs, display: (p: string) => string = (p) => p): IncludeResolver {
  const GLOB = /[*?[]/;
  const expand = (pattern: string): string[] => {
    const parts = pattern.split("/").filter((x) => x !== "");
    let cur = ["/"];
    for (const part of parts) {
      const next: string[] = [];
      for (const dir of cur) {
        if (GLOB.test(part)) {
          const isMatch = picomatch(part, { dot: false });
          for (const e of fs.list(dir)) if (isMatch(e)) next.push(path.posix.join(dir, e));
        } else {
          next.push(path.posix.join(dir, part));
        }
      }
      cur = next;
    }
    return cur.sort();
  };
  return (pattern, from) => {
    const fromDir = path.posix.dirname(from.real ?? from.file);
    const candidates = pattern.startsWith("/")
      ? [pattern]
      : [...(fromDir.startsWith("/") ? [path.posix.join(fromDir, pattern)] : []), path.posix.join("/etc", pattern), path.posix.join("/etc/nftables", pattern)];
    const isGlob = GLOB.test(pattern);
    for (const cand of candidates) {
      const files = (isGlob ? expand(cand) : [cand]).filter((p) => fs.resolve(p).ok && !fs.isDir(p));
      if (files.length === 0 && !isGlob) continue;
      const out: NftSource[] = [];
      for (const f of files) {
        const text = fs.readText(f);
        if (text === null) return { files: [], error: `include "${pattern}": ${f} cannot be read` };
        out.push({ file: display(f), real: f, text });
      }
      if (isGlob && out.length === 0 && cand !== candidates[candidates.length - 1]) continue;
      return { files: out };
    }
    return { files: [], error: `include "${pattern}": no such file` };
  };
}
