/**
 * Fix helpers shared by rules (not a rule: the `_` prefix keeps it out of the registry):
 * file-level edits for the generic unit-file rules, and which settings are safe to switch on.
 */
import type { Fix, Location, TextEdit } from "../core/types.js";
import type { UnitAssignment } from "../core/unit-tree.js";
import type { UnitFile } from "../model/model.js";
import { deletePhysicalLinesEdits, insertLinesEdit, appendLinesEdit, replaceEdit, type EditTarget } from "../fix/edits.js";
import { fileFix, isVendorPath, sectionEndsOf, unitFix, type FixPolicy } from "../fix/unit-fix.js";
import { unitsOfFile } from "./_unit-files.js";
import type { RuleContext } from "./rule.js";

export function fixPolicy(ctx: RuleContext): FixPolicy {
  return { model: ctx.model, fixVendor: ctx.options.fixVendor };
}

/**
 * Settings that are safe to switch on (a key or value systemd ignored becomes effective): they
 * cannot stop a service from starting, change its identity, listeners or sandboxing, or let
 * more clients connect. Anything else switched on is an unsafe fix.
 */
const SAFE_TO_ACTIVATE = new Set([
  "Unit\0Description",
  "Unit\0Documentation",
  "Unit\0After",
  "Unit\0Before",
  "Unit\0Wants",
  "Unit\0StartLimitIntervalSec",
  "Unit\0StartLimitBurst",
  "Install\0WantedBy",
  "Install\0Alias",
  "Install\0Also",
  "Install\0DefaultInstance",
  "Service\0Restart",
  "Service\0RestartSec",
  "Service\0TimeoutStopSec",
  "Service\0SyslogIdentifier",
  "Service\0StandardOutput",
  "Service\0StandardError",
  "Service\0LogLevelMax",
  "Service\0Nice",
  "Service\0LimitNOFILE",
  "Service\0LimitCORE",
  "Service\0KillSignal",
  "Service\0SuccessExitStatus",
  "Socket\0Backlog",
]);

export function safeToActivate(section: string, key: string): boolean {
  return SAFE_TO_ACTIVATE.has(`${section}\0${key}`);
}

type Meta = { safe: boolean; description: string };

/** Replaces a range of the file (a value, a key, a header name). */
export function replaceFix(ctx: RuleContext, uf: UnitFile, loc: Location, text: string, meta: Meta): Fix | undefined {
  return fileFix(fixPolicy(ctx), uf, (t) => [replaceEdit(t, loc, text)], meta);
}

/**
 * A new value for an assignment: in place, or, for a vendor file on the host, in the unit's
 * override.conf (`list`: the key accumulates, so the drop-in resets it and adds the entries
 * back). Only for a file that belongs to one unit.
 */
export function valueFix(ctx: RuleContext, uf: UnitFile, a: UnitAssignment, value: string, list: boolean, meta: Meta): Fix | undefined {
  const inPlace = replaceFix(ctx, uf, a.valueLoc, value, meta);
  if (inPlace || ctx.options.fixVendor !== "drop-in" || !isVendorPath(uf.path)) return inPlace;
  const units = unitsOfFile(ctx, uf);
  if (units.length !== 1) return undefined;
  const setting = units[0].assignments.find((x) => x.assignment === a);
  if (!setting) return undefined;
  const r = unitFix(fixPolicy(ctx), units[0], [{ kind: "replace", setting, value, list }], meta);
  return "edits" in r ? r : undefined;
}

/** Deletes a whole assignment (all its physical lines). */
export function deleteAssignmentFix(ctx: RuleContext, uf: UnitFile, a: UnitAssignment, meta: Meta): Fix | undefined {
  return fileFix(fixPolicy(ctx), uf, (t) => deletePhysicalLinesEdits(t, a.physicalLines), meta);
}

/** Lines added at the end of `section` in a file (the section is appended when missing). */
function addToSectionEdits(t: EditTarget, uf: UnitFile, section: string, lines: string[]): TextEdit {
  const e = sectionEndsOf(uf).get(section);
  if (!e) return appendLinesEdit(t, [`[${section}]`, ...lines]);
  return insertLinesEdit(t, e.end, lines);
}

/** A file's assignments by key, in file order (computed once per file and run). */
function assignmentsByKey(ctx: RuleContext, uf: UnitFile): Map<string, UnitAssignment[]> {
  return ctx.derived("fixes:assignments-by-key", () => computeAssignmentsByKey(uf), uf.ast);
}

function computeAssignmentsByKey(uf: UnitFile): Map<string, UnitAssignment[]> {
  const m = new Map<string, UnitAssignment[]>();
  for (const x of uf.ast.assignments) {
    const l = m.get(x.key);
    if (l) l.push(x);
    else m.set(x.key, [x]);
  }
  return m;
}

/** Moves an assignment to another section (with a new key name): added there, deleted here. */
export function moveAssignmentFix(ctx: RuleContext, uf: UnitFile, a: UnitAssignment, section: string, key: string, meta: Meta): Fix | undefined {
  // The section already says the same, and nothing later in the file sets the key again: the
  // moved line would only make that assignment dead (the next pass would delete it), so the
  // minimal fix is deleting the legacy line.
  const byKey = assignmentsByKey(ctx, uf);
  const same = [...new Set([key, a.key])].map((k) => {
    const l = byKey.get(k) ?? [];
    return l[l.length - 1] === a ? l[l.length - 2] : l[l.length - 1];
  }).filter((x) => x !== undefined);
  const last = same.sort((x, y) => x.keyLoc.line - y.keyLoc.line).pop();
  if (last && last.section === section && last.key === key && last.value === a.value) {
    return fileFix(fixPolicy(ctx), uf, (t) => deletePhysicalLinesEdits(t, a.physicalLines), meta);
  }
  return fileFix(fixPolicy(ctx), uf, (t) => [addToSectionEdits(t, uf, section, [`${key}=${a.value}`]), ...deletePhysicalLinesEdits(t, a.physicalLines)], meta);
}
