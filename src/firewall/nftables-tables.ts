/**
 * nft syntax to tables: `table { chain { ... } set { ... } }` blocks, `add`/`insert`/`flush`
 * commands and `nft list ruleset` output, read into tables, chains, sets and raw rule tokens.
 */
import { type UnknownMarker } from "./model.js";
import { Fatal, type Tok } from "./nftables-tokens.js";

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

export interface NftTable {
  family: string;
  name: string;
  tok: Tok;
  chains: Map<string, NftChain>;
  sets: Map<string, NftSet>;
  dormant: boolean;
}

const SKIPPED_OBJECTS = new Set(["counter", "quota", "limit", "ct", "flowtable", "secmark", "synproxy", "tunnel"]);

export class Parser {
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
