/**
 * Sets of packets, as the evaluator sees them. Everything about the packet is fixed by the
 * query (a new TCP connection to one port of one family) except three things that differ from
 * one remote host to the next: the interface it arrives on (never `lo`), its source address
 * (never loopback) and, for a wildcard listener, which of the host's addresses it is sent to.
 * A Region is a union of boxes over those three dimensions; rule matches are boxes, so chain
 * walking is exact set arithmetic.
 */
import { type IvSet, ivIntersect, ivIsEmpty, ivSubtract, ivUnion, EMPTY } from "./addr-set.js";

/** A set of interface names: finite (`names`) or everything but `names` (cofinite). Never holds `lo`. */
export interface IfSet {
  cofinite: boolean;
  names: ReadonlySet<string>;
}

export const ALL_IFACES: IfSet = { cofinite: true, names: new Set() };

export function ifaceSet(names: Iterable<string>, negate: boolean): IfSet {
  const set = new Set([...names].filter((n) => n !== "lo"));
  return negate ? { cofinite: true, names: set } : { cofinite: false, names: set };
}

export function ifIsEmpty(a: IfSet): boolean {
  return !a.cofinite && a.names.size === 0;
}

export function ifIntersect(a: IfSet, b: IfSet): IfSet {
  if (a.cofinite && b.cofinite) return { cofinite: true, names: new Set([...a.names, ...b.names]) };
  if (a.cofinite) return { cofinite: false, names: new Set([...b.names].filter((n) => !a.names.has(n))) };
  if (b.cofinite) return { cofinite: false, names: new Set([...a.names].filter((n) => !b.names.has(n))) };
  return { cofinite: false, names: new Set([...a.names].filter((n) => b.names.has(n))) };
}

function ifComplement(a: IfSet): IfSet {
  return { cofinite: !a.cofinite, names: a.names };
}

function ifSubtract(a: IfSet, b: IfSet): IfSet {
  return ifIntersect(a, ifComplement(b));
}

/** Does the set hold the interface `name` (null: an interface not named anywhere)? */
function ifHas(a: IfSet, name: string | null): boolean {
  if (name === null) return a.cofinite;
  return a.cofinite ? !a.names.has(name) : a.names.has(name);
}

export interface Box {
  iface: IfSet;
  src: IvSet;
  dst: IvSet;
}

export type Region = Box[];

export class ComplexityError extends Error {}

const MAX_BOXES = 4096;

function boxEmpty(b: Box): boolean {
  return ifIsEmpty(b.iface) || ivIsEmpty(b.src) || ivIsEmpty(b.dst);
}

function boxIntersect(a: Box, b: Box): Box | null {
  const r = { iface: ifIntersect(a.iface, b.iface), src: ivIntersect(a.src, b.src), dst: ivIntersect(a.dst, b.dst) };
  return boxEmpty(r) ? null : r;
}

/** a \ b as disjoint boxes. */
function boxSubtract(a: Box, b: Box, max: bigint): Box[] {
  const common = boxIntersect(a, b);
  if (!common) return [a];
  const out: Box[] = [];
  const p1: Box = { iface: ifSubtract(a.iface, b.iface), src: a.src, dst: a.dst };
  if (!boxEmpty(p1)) out.push(p1);
  const p2: Box = { iface: common.iface, src: ivSubtract(a.src, b.src, max), dst: a.dst };
  if (!boxEmpty(p2)) out.push(p2);
  const p3: Box = { iface: common.iface, src: common.src, dst: ivSubtract(a.dst, b.dst, max) };
  if (!boxEmpty(p3)) out.push(p3);
  return out;
}

function checkSize(r: Region): Region {
  if (r.length > MAX_BOXES) throw new ComplexityError("the rule set is too complex to evaluate");
  return r;
}

export function regionIntersectBox(r: Region, b: Box): Region {
  const out: Region = [];
  for (const a of r) {
    const x = boxIntersect(a, b);
    if (x) out.push(x);
  }
  return out;
}

export function regionSubtractBox(r: Region, b: Box, max: bigint): Region {
  const out: Region = [];
  for (const a of r) out.push(...boxSubtract(a, b, max));
  return checkSize(out);
}

export function regionIntersect(a: Region, b: Region): Region {
  const out: Region = [];
  for (const x of a) for (const y of b) {
    const z = boxIntersect(x, y);
    if (z) out.push(z);
  }
  return checkSize(out);
}

export function regionUnion(a: Region, b: Region): Region {
  return checkSize([...a, ...b]);
}

export function regionIsEmpty(r: Region): boolean {
  return r.length === 0;
}

/** Interface names a region mentions (the classes worth looking at), plus null for "any other". */
export function ifaceClasses(r: Region): (string | null)[] {
  const names = new Set<string>();
  for (const b of r) for (const n of b.iface.names) names.add(n);
  return [null, ...[...names].sort()];
}

/** Source addresses the region holds for packets arriving on `iface` (to any destination). */
export function sourcesOn(r: Region, iface: string | null): IvSet {
  let out: IvSet = EMPTY;
  for (const b of r) if (ifHas(b.iface, iface) && !ivIsEmpty(b.dst)) out = ivUnion(out, b.src);
  return out;
}
