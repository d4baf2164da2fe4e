/**
 * One nft rule's tokens compiled to model.ts conditions and a verdict (matches on addresses,
 * ports, protocols, interfaces, conntrack state, sets and maps; anything else `unknown`).
 */
import { type Family, type Iv, ivFrom, parseAddrSpec } from "./addr-set.js";
import { type Cond, type Rule, type Verdict, normalizeProto, portRange } from "./model.js";
import { type NftTable } from "./nftables-tables.js";
import { type Tok } from "./nftables-tokens.js";

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

export interface RuleCtx {
  table: NftTable;
  chainId: (name: string) => string;
}

export class RuleCompiler {
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
