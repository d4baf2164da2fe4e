/**
 * Does systemd accept a value for a directive? The question PID 1 answers line by line while it
 * loads a unit (src/core/load-fragment.c at v252): an accepted value takes effect, a rejected one
 * is ignored (or, for the few fatal cases, stops the file). Shared by the model (what a service
 * ends up with) and the rules.
 */
import type { UnitType } from "../core/types.js";
import { lookupDirective } from "./directive-table.js";
import { checkValue } from "./value-check.js";

type Memo<T> = Map<string, T>;

/** The map under `key` in `outer`, made on first use. */
function inner<K, T>(outer: Map<K, Map<string, T>>, key: K): Map<string, T> {
  let m = outer.get(key);
  if (!m) outer.set(key, (m = new Map()));
  return m;
}

/** acceptedValue() answers by (version, value, key, section, unit type); bounded, pure. */
const acceptedMemo = new Map<number, Memo<Memo<Memo<Memo<boolean>>>>>();
let acceptedEntries = 0;
const MAX_ACCEPTED_ENTRIES = 100_000;

/** Is `value` a value systemd `version` accepts for `[section] key` of this unit type? */
export function acceptedValue(unitType: UnitType, section: string, key: string, value: string, version: number): boolean {
  const byType = inner(inner(inner(inner(acceptedMemo, version), value), key), section);
  let r = byType.get(unitType);
  if (r === undefined) {
    const l = lookupDirective(unitType, section, key, version);
    r = l.status === "known" && checkValue(l.info.parser, value, { version, section, key, unitType }) === null;
    if (++acceptedEntries > MAX_ACCEPTED_ENTRIES) {
      acceptedMemo.clear();
      acceptedEntries = 0;
    } else byType.set(unitType, r);
  }
  return r;
}
