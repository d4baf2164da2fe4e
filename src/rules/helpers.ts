/** Small helpers shared by rules (not a rule: excluded from the generated registry). */
import type { Location, RelatedLocation } from "../core/types.js";
import type { AsteriskListener, Setting, ValueOrigin } from "../model/model.js";
import { formatAddress } from "../net/socket-address.js";

/** `etc/asterisk/manager.conf:4` or `default`. */
export function where(o: ValueOrigin): string {
  return o.loc ? `${o.loc.file}:${o.loc.line}` : o.note ?? "default";
}

/** The parts of a listener's address that are defaults (config lines go to related locations). */
export function listenerOrigins(l: AsteriskListener): string {
  return l.origins
    .filter((o) => o.what !== "enabled" && o.what !== "tlsenable" && !o.loc)
    .map((o) => (o.loc ? `${o.what} = ${o.value} (${o.loc.file}:${o.loc.line})` : `${o.what}: ${o.note ?? "default"}`))
    .join("; ");
}

/** Related locations for the config lines a listener came from. */
export function listenerRelated(l: AsteriskListener): RelatedLocation[] {
  return l.origins
    .filter((o) => o.loc && o.what !== "enabled" && o.what !== "tlsenable")
    .map((o) => ({ file: o.loc!.file, line: o.loc!.line, column: o.loc!.column, message: `${o.what} = ${o.value}` }));
}

export function settingRelated(s: Setting, message: string): RelatedLocation {
  return { file: s.loc.file, line: s.loc.line, column: s.loc.column, endLine: s.loc.endLine, endColumn: s.loc.endColumn, message };
}

/** `ListenStream=5038` as written. */
export function written(s: Setting): string {
  return `${s.key}=${s.value}`;
}

