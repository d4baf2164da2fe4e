/**
 * Calendar expressions of OnCalendar= (calendar_spec_from_string() of systemd
 * src/shared/calendarspec.c at v252) and the timer value check.
 */
import { directiveInfo } from "./directive-table.js";
import { hasSpecifiers, unescapePercent } from "./specifiers.js";
import { type Check, IGNORED, closest, problem, q } from "./check-core.js";
import { timespanCheck } from "./check-scalars.js";

// ---------------------------------------------------------------------------------------
// Calendar expressions (OnCalendar=, calendar_spec_from_string() of src/shared/calendarspec.c)

interface CalComponent {
  start: number;
  stop: number;
  repeat: number;
}
type CalChain = CalComponent[] | null; // null = "*"

/** A cursor over the expression; every parse step throws CAL_INVALID on a syntax error. */
const CAL_INVALID = new Error("invalid calendar expression");

const WEEKDAY_NAMES: [string, number][] = [
  ["monday", 0], ["mon", 0], ["tuesday", 1], ["tue", 1], ["wednesday", 2], ["wed", 2],
  ["thursday", 3], ["thu", 3], ["friday", 4], ["fri", 4], ["saturday", 5], ["sat", 5], ["sunday", 6], ["sun", 6],
];

const CAL_SHORTHANDS = new Set([
  "minutely", "hourly", "daily", "monthly", "weekly", "yearly", "annually", "quarterly",
  "semiannually", "semi-annually", "biannually", "bi-annually",
]);

class CalCursor {
  constructor(
    readonly s: string,
    public i = 0,
  ) {}
  cur(): string {
    return this.s[this.i] ?? "";
  }
  at(k: number): string {
    return this.s[this.i + k] ?? "";
  }
  skipSpaces(): void {
    while (this.s[this.i] === " ") this.i++;
  }
}

function calWeekdays(c: CalCursor): void {
  let l = -1;
  let first = true;
  for (;;) {
    const rest = c.s.slice(c.i).toLowerCase();
    const day = WEEKDAY_NAMES.find(([name]) => rest.startsWith(name));
    if (!day) {
      if (first) return;
      throw CAL_INVALID;
    }
    const [name, nr] = day;
    if (!["", "-", ".", ",", " "].includes(c.at(name.length))) throw CAL_INVALID;
    if (l >= 0 && l > nr) throw CAL_INVALID;
    c.i += name.length;
    if (c.cur() === "") return;
    if (c.cur() === " ") {
      c.skipSpaces();
      return;
    }
    if (c.cur() === ".") {
      if (l >= 0 || c.at(1) !== ".") throw CAL_INVALID;
      l = nr;
      c.i += 2;
    } else if (c.cur() === "-") {
      if (l >= 0) throw CAL_INVALID;
      l = nr;
      c.i += 1;
    } else if (c.cur() === ",") {
      l = -1;
      c.i += 1;
    }
    if (c.cur() === "" || c.cur() === " ") {
      c.skipSpaces();
      if (l >= 0) throw CAL_INVALID;
      return;
    }
    first = false;
  }
}

/** parse_component_decimal(): digits (strtoul), for seconds with an optional fraction; in µs for seconds. */
function calDecimal(c: CalCursor, usec: boolean): number {
  const m = /^[0-9]+/.exec(c.s.slice(c.i));
  if (!m) throw CAL_INVALID;
  let value = Number(m[0]);
  if (m[0].length > 12 || value > 2147483647) throw CAL_INVALID;
  c.i += m[0].length;
  if (usec) {
    value *= 1000000;
    if (c.cur() === "." && c.at(1) !== ".") {
      c.i++;
      const f = /^[0-9]+/.exec(c.s.slice(c.i));
      if (!f) throw CAL_INVALID;
      value += Number(f[0].slice(0, 6).padEnd(6, "0"));
      c.i += f[0].length;
    }
    if (value > 2147483647) throw CAL_INVALID;
  }
  return value;
}

function calComponent(c: CalCursor, usec: boolean): CalComponent {
  const start = calDecimal(c, usec);
  let stop = -1;
  let repeat = 0;
  if (c.cur() === "." && c.at(1) === ".") {
    c.i += 2;
    stop = calDecimal(c, usec);
    repeat = usec ? 1000000 : 1;
  }
  if (c.cur() === "/") {
    c.i++;
    repeat = calDecimal(c, usec);
    if (repeat === 0) throw CAL_INVALID;
  }
  if (!["", " ", ",", "-", "~", ":"].includes(c.cur())) throw CAL_INVALID;
  return { start, stop, repeat };
}

function calChain(c: CalCursor, usec: boolean): CalChain {
  if (c.cur() === "*") {
    c.i++;
    return usec ? [{ start: 0, stop: -1, repeat: 1000000 }] : null;
  }
  const chain = [calComponent(c, usec)];
  while (c.cur() === ",") {
    c.i++;
    chain.push(calComponent(c, usec));
  }
  return chain;
}

interface CalSpec {
  year: CalChain;
  month: CalChain;
  day: CalChain;
  hour: CalChain;
  minute: CalChain;
  second: CalChain;
  endOfMonth: boolean;
}

/** parse_date(): `[[YEAR-]MONTH-DAY]` or `MONTH~DAY` (last days); a leading chain followed by `:` is the time. */
function calDate(c: CalCursor, spec: CalSpec): void {
  if (c.cur() === "") return;
  if (c.cur() === "@") throw CAL_UNSURE;
  const t = new CalCursor(c.s, c.i);
  const first = calChain(t, false);
  if (t.cur() === "" || t.cur() === ":") return;
  if (t.cur() === "~") spec.endOfMonth = true;
  else if (t.cur() !== "-") throw CAL_INVALID;
  t.i++;
  const second = calChain(t, false);
  if (t.cur() === "" || t.cur() === " ") {
    t.skipSpaces();
    c.i = t.i;
    spec.month = first;
    spec.day = second;
    return;
  }
  if (spec.endOfMonth) throw CAL_INVALID;
  if (t.cur() === "~") spec.endOfMonth = true;
  else if (t.cur() !== "-") throw CAL_INVALID;
  t.i++;
  const third = calChain(t, false);
  if (t.cur() !== "" && t.cur() !== " ") throw CAL_INVALID;
  t.skipSpaces();
  c.i = t.i;
  spec.year = first;
  spec.month = second;
  spec.day = third;
}

/** parse_calendar_time(): `HOUR:MINUTE[:SECOND]`, or nothing (00:00:00). */
function calTime(c: CalCursor, spec: CalSpec): void {
  if (c.cur() === "") return;
  spec.hour = calChain(c, false);
  if (c.cur() !== ":") throw CAL_INVALID;
  c.i++;
  spec.minute = calChain(c, false);
  if (c.cur() === "") return;
  if (c.cur() !== ":") throw CAL_INVALID;
  c.i++;
  spec.second = calChain(c, true);
  if (c.cur() !== "") throw CAL_INVALID;
}

/** Thrown where astlint does not model systemd exactly (`@EPOCH`): the value is not reported. */
const CAL_UNSURE = new Error("unsure");

function calYearFix(n: number): number {
  return n < 70 ? n + 2000 : n < 100 ? n + 1900 : n;
}

/**
 * chain_valid(): every start (and range end) inside [from, to]; a repetition not larger than
 * the field. Stricter conditions of systemd (a repetition that never fits) are not modelled,
 * so that a value is never reported wrongly.
 */
function calChainValid(chain: CalChain, from: number, to: number, year = false): boolean {
  if (!chain) return true;
  return chain.every((cc) => {
    const start = year ? calYearFix(cc.start) : cc.start;
    const stop = cc.stop >= 0 && year ? calYearFix(cc.stop) : cc.stop;
    if (start < from || start > to) return false;
    if (stop >= 0 && (stop < from || stop > to || stop < start)) return false;
    return true;
  });
}

/** "ok", "invalid", or "unsure" for the part of the expression without a time zone. */
function calendarCore(p: string): "ok" | "invalid" | "unsure" {
  if (p === "") return "invalid";
  if (CAL_SHORTHANDS.has(p.toLowerCase())) return "ok";
  const spec: CalSpec = { year: null, month: null, day: null, hour: null, minute: null, second: null, endOfMonth: false };
  const c = new CalCursor(p);
  try {
    calWeekdays(c);
    calDate(c, spec);
    calTime(c, spec);
    if (c.cur() !== "") return "invalid";
  } catch (e) {
    if (e === CAL_UNSURE) return "unsure";
    if (e === CAL_INVALID) return "invalid";
    throw e;
  }
  const valid =
    calChainValid(spec.year, 1970, 2199, true) &&
    calChainValid(spec.month, 1, 12) &&
    calChainValid(spec.day, 1, 31) &&
    calChainValid(spec.hour, 0, 23) &&
    calChainValid(spec.minute, 0, 59) &&
    calChainValid(spec.second, 0, 59999999);
  return valid ? "ok" : "invalid";
}

/**
 * calendar_spec_from_string() (`systemd-analyze calendar`): false only when systemd rejects
 * the expression whatever the host's time zones are. A trailing ` UTC` is always a time zone;
 * another last word may be a time zone name (tz database of the host, local zone
 * abbreviations), so the expression counts as valid when it parses without that word.
 */
export function isValidCalendarSpec(value: string): boolean {
  const utc = / utc$/i.test(value) && value.length > 4;
  const p = utc ? value.slice(0, -4) : value;
  const whole = calendarCore(p);
  if (whole !== "invalid" || utc) return whole !== "invalid";
  const space = p.lastIndexOf(" ");
  if (space < 0) return false;
  const zone = p.slice(space + 1);
  if (!/^[A-Za-z0-9_+\-/]+$/.test(zone) || !/[A-Za-z]/.test(zone)) return false;
  return calendarCore(p.slice(0, space)) !== "invalid";
}

export const checkTimer: Check = (value, ctx) => {
  const ltype = directiveInfo(ctx.section, ctx.key)?.ltype;
  if (!ltype) return null;
  if (hasSpecifiers(value)) return null;
  if (ltype === "TIMER_CALENDAR") {
    const v = unescapePercent(value);
    if (isValidCalendarSpec(v)) return null;
    const s = /^[A-Za-z-]+$/.test(v) ? closest(v, [...CAL_SHORTHANDS]) : undefined;
    return problem(
      `${q(value)} is not a valid calendar expression for ${ctx.key}= (e.g. "daily", "Mon..Fri *-*-* 09:00:00", "*-*-01 04:00", "*:0/15"; check with systemd-analyze calendar): ${IGNORED}${s ? `; did you mean ${q(s)}?` : ""}`,
      s ? { suggestion: s } : {},
    );
  }
  return timespanCheck(false)(unescapePercent(value), ctx);
};
