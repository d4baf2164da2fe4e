/** Small helpers shared by rules (not a rule: excluded from the generated registry). */
import type { Location, RelatedLocation } from "../core/types.js";
import type { AsteriskInstance, AsteriskListener, Setting, ValueOrigin } from "../model/model.js";
import { parseBoolean } from "../values/check-core.js";

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

export function locRelated(loc: Location, message: string): RelatedLocation {
  return { file: loc.file, line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn, message };
}

/**
 * The service's ExecStart= value with Asterisk kept in the foreground: `-f` added after the
 * executable, a standalone `-F` removed. Null when that is not certain (safe_asterisk, several
 * commands, `F` bundled with other flags); the value itself when nothing changes.
 */
export function foregroundExecStart(inst: AsteriskInstance): string | null {
  const es = inst.execStart.value;
  const cmd = inst.command;
  if (inst.binaryName !== "asterisk" || cmd.start !== 0 || es.slice(cmd.end).trim() !== "") return null;
  const raw = cmd.words.map((w) => es.slice(w.start, w.end));
  if (inst.flags.has("F") && !raw.includes("-F")) return null;
  if (inst.flags.has("f") && !inst.flags.has("F")) return es;
  const words = raw.filter((w) => w !== "-F");
  const exeIndex = cmd.prefixes.includes("@") ? 1 : 0;
  if (!inst.flags.has("f")) words.splice(exeIndex + 1, 0, "-f");
  return words.join(" ");
}

/** True for the spellings systemd's parse_boolean accepts as true. */
export function isTrue(v: string | undefined): boolean {
  return v !== undefined && parseBoolean(v) === true;
}
