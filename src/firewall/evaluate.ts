/**
 * Walks a Ruleset for one query: which new TCP connections from other hosts to one port of one
 * family get through? The walk is set arithmetic over the packets that differ between remote
 * hosts (region.ts), so a rule that accepts a subnet is told apart from one that accepts
 * everyone. Rules astlint does not understand are tried both ways (matching and not matching;
 * an unknown action as accept, drop and no-op): when every combination gives the same verdict,
 * that verdict stands, otherwise the verdict is "unknown" and names the first such rule.
 */
import { type Family, type IvSet, familyMax, fullSet, ivComplement, ivIntersect, ivSize, isLarge, nonLocalSources, addrValue } from "./addr-set.js";
import type { Because, BaseChain, Rule, Ruleset, UnknownMarker } from "./model.js";
import {
  type Box,
  type Region,
  ALL_IFACES,
  ComplexityError,
  ifaceClasses,
  ifaceSet,
  ifIntersect,
  ifIsEmpty,
  regionIntersect,
  regionIntersectBox,
  regionIsEmpty,
  regionSubtractBox,
  regionUnion,
  sourcesOn,
} from "./region.js";
import { type InetAddress, isWildcard, mappedIPv4, isLoopback } from "../net/socket-address.js";

export interface ReachabilityQuery {
  port: number;
  family: Family;
  /** The socket's bound address (ListenStream=). A wildcard listens on every address of the host. */
  listenAddress: InetAddress;
}

export type KnownVerdict = "unrestricted" | "restricted" | "blocked";

export interface RulesetVerdict {
  verdict: KnownVerdict | "unknown";
  because: Because;
  /** For "unknown": what astlint did not understand. */
  reason?: string;
}

/** Destination addresses a connection to the socket can carry. */
function destinations(q: ReachabilityQuery): IvSet {
  const l = q.listenAddress;
  const nonLoop = nonLocalSources(q.family);
  if (l.family === q.family) {
    if (isWildcard(l)) return nonLoop;
    if (isLoopback(l)) return [];
    const v = addrValue(l.address, q.family);
    return v === null ? nonLoop : [[v, v]];
  }
  if (l.family === 6 && q.family === 4) {
    if (isWildcard(l)) return nonLoop;
    const m = mappedIPv4(l);
    if (!m) return [];
    const v = addrValue(m.address, 4);
    return v === null ? [] : [[v, v]];
  }
  return [];
}

function universe(q: ReachabilityQuery): Region {
  const dst = destinations(q);
  if (dst.length === 0) return [];
  return [{ iface: ALL_IFACES, src: nonLocalSources(q.family), dst }];
}

type Match = { never: true } | { never: false; box: Box; unknown: string | null };

function ruleMatch(rule: Rule, q: ReachabilityQuery): Match {
  const f = q.family;
  const max = familyMax(f);
  let box: Box = { iface: ALL_IFACES, src: fullSet(f), dst: fullSet(f) };
  let unknown: string | null = null;
  for (const c of rule.conds) {
    switch (c.kind) {
      case "l4proto":
        if (c.protos.includes("tcp") === c.negate) return { never: true };
        break;
      case "dport":
        if (c.ranges.some(([lo, hi]) => lo <= q.port && q.port <= hi) === c.negate) {
          if (c.otherwise === undefined) return { never: true };
          unknown ??= c.otherwise;
        }
        break;
      case "family":
        if (c.family !== f) return { never: true };
        break;
      case "addr": {
        if (c.family !== f) return { never: true };
        const set = c.negate ? ivComplement(c.set, max) : c.set;
        if (c.dir === "src") box = { ...box, src: ivIntersect(box.src, set) };
        else box = { ...box, dst: ivIntersect(box.dst, set) };
        if (box.src.length === 0 || box.dst.length === 0) return { never: true };
        break;
      }
      case "iface":
        box = { ...box, iface: ifIntersect(box.iface, ifaceSet(c.names, c.negate)) };
        if (ifIsEmpty(box.iface)) return { never: true };
        break;
      case "ctstate":
        if (c.states.includes("new") === c.negate) return { never: true };
        break;
      case "const":
        if (!c.value) return { never: true };
        break;
      case "unknown":
        unknown ??= c.reason;
        break;
    }
  }
  return { never: false, box, unknown };
}

interface Event {
  kind: "accept" | "drop";
  region: Region;
  because: Because;
  explicit: boolean;
}

class Fatal extends Error {
  constructor(readonly marker: UnknownMarker) {
    super(marker.reason);
  }
}

interface ChainResult {
  accepted: Region;
  dropped: Region;
  ret: Region;
}

/** The choices tried for a rule astlint does not fully understand. */
function alternatives(rule: Rule): number {
  return rule.verdict.kind === "unknown" ? 3 : 2;
}

/**
 * The rule to name for a verdict reached in `rule`, called through `callers` (outermost first):
 * the innermost rule that names a destination port or an address (a generic `-j ACCEPT` in a
 * helper chain is less telling than the rule that sent the port there), else the rule itself.
 */
function deciding(rule: Rule, callers: Rule[]): Rule {
  if (rule.policy !== undefined) return rule;
  for (const r of [rule, ...[...callers].reverse()]) {
    if (r.conds.some((c) => c.kind === "dport" || c.kind === "addr")) return r;
  }
  return rule;
}

function becauseOf(rule: Rule): Because {
  return rule.policy !== undefined
    ? { policy: rule.policy, file: rule.src.file, line: rule.src.line }
    : { file: rule.src.file, line: rule.src.line, text: rule.src.text };
}

class Run {
  readonly events: Event[] = [];
  readonly points: Rule[] = [];
  private readonly max: bigint;

  constructor(
    private readonly rs: Ruleset,
    private readonly q: ReachabilityQuery,
    private readonly assign: Map<Rule, number>,
  ) {
    this.max = familyMax(q.family);
  }

  chain(id: string, input: Region, stack: string[], from: Rule | null, callers: Rule[] = []): ChainResult {
    const chain = this.rs.chains.get(id);
    if (!chain) {
      const src = from?.src ?? { file: this.rs.files[0] ?? "", line: 1, text: "" };
      throw new Fatal({ ...src, reason: `chain '${id}' is not defined in the files read` });
    }
    let remaining = input;
    let accepted: Region = [];
    let dropped: Region = [];
    let ret: Region = [];
    for (const rule of chain.rules) {
      if (regionIsEmpty(remaining)) break;
      const m = ruleMatch(rule, this.q);
      if (m.never) continue;
      let verdict = rule.verdict;
      if (m.unknown !== null || verdict.kind === "unknown") {
        const matched = regionIntersectBox(remaining, m.box);
        if (regionIsEmpty(matched)) continue;
        if (!this.points.includes(rule)) this.points.push(rule);
        const alt = this.assign.get(rule) ?? 0;
        if (alt === 0) continue;
        if (verdict.kind === "unknown") verdict = alt === 1 ? { kind: "accept" } : { kind: "drop" };
      }
      const matched = regionIntersectBox(remaining, m.box);
      if (regionIsEmpty(matched)) continue;
      switch (verdict.kind) {
        case "none":
          break;
        case "accept":
          this.events.push({ kind: "accept", region: matched, because: becauseOf(deciding(rule, callers)), explicit: rule.policy === undefined });
          accepted = regionUnion(accepted, matched);
          remaining = regionSubtractBox(remaining, m.box, this.max);
          break;
        case "drop":
        case "reject":
          this.events.push({ kind: "drop", region: matched, because: becauseOf(deciding(rule, callers)), explicit: rule.policy === undefined });
          dropped = regionUnion(dropped, matched);
          remaining = regionSubtractBox(remaining, m.box, this.max);
          break;
        case "return":
          ret = regionUnion(ret, matched);
          remaining = regionSubtractBox(remaining, m.box, this.max);
          break;
        case "jump":
        case "goto": {
          if (stack.includes(verdict.chain)) {
            throw new Fatal({ ...rule.src, reason: `the ${verdict.kind} to '${verdict.chain}' loops back to a chain already being walked` });
          }
          if (stack.length > 64) throw new Fatal({ ...rule.src, reason: "chains nest too deeply" });
          const sub = this.chain(verdict.chain, matched, [...stack, verdict.chain], rule, [...callers, rule]);
          accepted = regionUnion(accepted, sub.accepted);
          dropped = regionUnion(dropped, sub.dropped);
          remaining = regionSubtractBox(remaining, m.box, this.max);
          if (verdict.kind === "jump") remaining = regionUnion(remaining, sub.ret);
          else ret = regionUnion(ret, sub.ret);
          break;
        }
      }
    }
    return { accepted, dropped, ret: regionUnion(ret, remaining) };
  }

  base(b: BaseChain, all: Region): Region {
    let input = all;
    let bypass: Region = [];
    if (b.devices) {
      const devBox: Box = { iface: ifaceSet(b.devices, false), src: fullSet(this.q.family), dst: fullSet(this.q.family) };
      input = regionIntersectBox(all, devBox);
      bypass = regionSubtractBox(all, devBox, this.max);
    }
    const r = this.chain(b.chain, input, [b.chain], null);
    if (!regionIsEmpty(r.ret)) {
      this.events.push({ kind: b.policy === "accept" ? "accept" : "drop", region: r.ret, because: b.because, explicit: false });
    }
    const accepted = b.policy === "accept" ? regionUnion(r.accepted, r.ret) : r.accepted;
    return regionUnion(accepted, bypass);
  }
}

interface RunResult {
  accepted: Region;
  events: Event[];
  points: Rule[];
}

function runOnce(rs: Ruleset, q: ReachabilityQuery, bases: BaseChain[], assign: Map<Rule, number>): RunResult {
  const run = new Run(rs, q, assign);
  const all = universe(q);
  let accepted: Region = all;
  for (const b of bases) {
    accepted = regionIntersect(accepted, run.base(b, all));
  }
  return { accepted, events: run.events, points: run.points };
}

function classify(accepted: Region, family: Family): KnownVerdict {
  if (regionIsEmpty(accepted)) return "blocked";
  for (const cls of ifaceClasses(accepted)) {
    if (isLarge(sourcesOn(accepted, cls), family)) return "unrestricted";
  }
  return "restricted";
}

function score(r: Region): bigint {
  let best = 0n;
  for (const cls of ifaceClasses(r)) {
    const s = ivSize(sourcesOn(r, cls));
    if (s > best) best = s;
  }
  return best;
}

function pick(events: Event[], kind: "accept" | "drop", within: Region | null): Event | null {
  let best: Event | null = null;
  let bestScore = -1n;
  for (const e of events) {
    if (e.kind !== kind) continue;
    const s = score(within ? regionIntersect(e.region, within) : e.region);
    if (within && s === 0n && !regionIsEmpty(within)) continue;
    if (s > bestScore || (s === bestScore && best && !best.explicit && e.explicit)) {
      best = e;
      bestScore = s;
    }
  }
  return best;
}

function explain(verdict: KnownVerdict, r: RunResult, rs: Ruleset): Because {
  const fallback: Because = { policy: "no rule matched", file: rs.files[0] ?? "", line: 1 };
  if (verdict === "blocked") return (pick(r.events, "drop", null) ?? pick(r.events, "accept", null))?.because ?? fallback;
  return pick(r.events, "accept", r.accepted)?.because ?? fallback;
}

const MAX_LEAVES = 64;

function unknownBecause(m: UnknownMarker): RulesetVerdict {
  return { verdict: "unknown", because: { file: m.file, line: m.line, text: m.text }, reason: m.reason };
}

function pointReason(rule: Rule, q: ReachabilityQuery): string {
  const m = ruleMatch(rule, q);
  if (!m.never && m.unknown) return m.unknown;
  return rule.verdict.kind === "unknown" ? rule.verdict.reason : "not understood";
}

/** Evaluates one rule set for one query. */
export function evaluateRuleset(rs: Ruleset, q: ReachabilityQuery): RulesetVerdict {
  if (rs.fatal) return unknownBecause(rs.fatal);
  const bases = rs.bases.filter((b) => b.families.includes(q.family));
  if (bases.length === 0) {
    const fam = q.family === 4 ? "IPv4" : "IPv6";
    return {
      verdict: "unrestricted",
      because: rs.missingFamily[q.family] ?? { policy: `no input chain filters ${fam}`, file: rs.files[0] ?? "", line: 1 },
    };
  }
  if (universe(q).length === 0) {
    return { verdict: "blocked", because: { policy: "the socket listens on a loopback address only", file: rs.files[0] ?? "", line: 1 } };
  }
  const leaves: RunResult[] = [];
  let first: RunResult | null = null;
  try {
    const explore = (assign: Map<Rule, number>): void => {
      const r = runOnce(rs, q, bases, assign);
      first ??= r;
      const open = r.points.find((p) => !assign.has(p));
      if (!open) {
        leaves.push(r);
        if (leaves.length > MAX_LEAVES) throw new ComplexityError("too many rules astlint does not understand");
        return;
      }
      for (let alt = 0; alt < alternatives(open); alt++) explore(new Map(assign).set(open, alt));
    };
    explore(new Map());
  } catch (e) {
    if (e instanceof Fatal) return unknownBecause(e.marker);
    if (e instanceof ComplexityError) {
      const p = (first as RunResult | null)?.points[0];
      const src = p?.src ?? { file: rs.files[0] ?? "", line: 1, text: "" };
      return unknownBecause({ ...src, reason: e.message });
    }
    throw e;
  }
  const verdicts = leaves.map((l) => classify(l.accepted, q.family));
  const base = leaves[0];
  if (verdicts.every((v) => v === verdicts[0])) {
    return { verdict: verdicts[0], because: explain(verdicts[0], base, rs) };
  }
  const p = first!.points[0];
  return unknownBecause({ ...p.src, reason: pointReason(p, q) });
}
