/**
 * Does systemd accept a value for a directive? The question PID 1 answers line by line while it
 * loads a unit (src/core/load-fragment.c at v252): an accepted value takes effect, a rejected one
 * is ignored (or, for the few fatal cases, stops the file). Shared by the model (what a service
 * ends up with) and the rules.
 */
import type { UnitType } from "../core/types.js";
import { lookupDirective } from "./directive-table.js";
import { checkValue, type ValueProblem } from "./value-check.js";

type Memo<T> = Map<string, T>;

/** The map under `key` in `outer`, made on first use. */
function inner<K, T>(outer: Map<K, Map<string, T>>, key: K): Map<string, T> {
  let m = outer.get(key);
  if (!m) outer.set(key, (m = new Map()));
  return m;
}

/**
 * What systemd does with a value: takes it ("ok"), logs and ignores the line ("ignored"), stops
 * reading the file and fails the unit ("fatal"), or does not know the directive ("unknown").
 */
export type ValueVerdict = "ok" | "ignored" | "fatal" | "unknown";

/**
 * checkValue() answers by (version, value, key, section, unit type, parser and instance): the
 * model's verdicts and the rules' findings ask about the same lines, and a file copied many
 * times repeats its values. Bounded (cleared when full) and pure: the answer depends on these
 * strings alone. Nested maps keyed by the strings the parser already made (a concatenated key
 * would be built and hashed on every call).
 */
const problemMemo = new Map<number, Memo<Memo<Memo<Memo<Memo<ValueProblem | null>>>>>>();
let problemEntries = 0;
const MAX_PROBLEM_ENTRIES = 100_000;

/**
 * checkValue(parser, value) for `[section] key=value` in a unit of this type, memoised; `instance`
 * is the instance name of the file's unit when the value has `%` specifiers (%i and %I are then
 * known).
 */
export function valueProblem(parser: string, unitType: UnitType, section: string, key: string, value: string, version: number, instance?: string): ValueProblem | null {
  const byParser = inner(inner(inner(inner(inner(problemMemo, version), value), key), section), unitType);
  const last = instance ? `${parser}\0${instance}` : parser;
  let r = byParser.get(last);
  if (r === undefined) {
    r = checkValue(parser, value, { version, section, key, unitType, ...(instance ? { instance } : {}) });
    if (++problemEntries > MAX_PROBLEM_ENTRIES) {
      problemMemo.clear();
      problemEntries = 0;
    } else byParser.set(last, r);
  }
  return r;
}

/**
 * What systemd `version` does with `[section] key=value` in a unit of this type (a non-empty
 * value). Both look-ups it makes are memoised (lookupDirective() and valueProblem()).
 */
export function valueVerdict(unitType: UnitType, section: string, key: string, value: string, version: number): ValueVerdict {
  const l = lookupDirective(unitType, section, key, version);
  if (l.status !== "known") return "unknown";
  const p = valueProblem(l.info.parser, unitType, section, key, value, version);
  return p === null ? "ok" : p.fatal ? "fatal" : "ignored";
}

/** Is `value` a value systemd `version` accepts for `[section] key` of this unit type? */
export function acceptedValue(unitType: UnitType, section: string, key: string, value: string, version: number): boolean {
  return valueVerdict(unitType, section, key, value, version) === "ok";
}
