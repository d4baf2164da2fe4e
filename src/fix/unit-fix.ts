/**
 * Fixes to a unit stated as changes to its settings, turned into text edits the systemd way:
 * in place in the file that sets the value, or, for a vendor unit on a host
 * (fixVendor "drop-in"), in /etc/systemd/system/NAME.d/override.conf — what `systemctl edit`
 * writes — merged into an existing one, with the empty assignment list settings need to be
 * reset. A drop-in that sorts after override.conf and sets the key again is edited too when it
 * is the admin's; a vendor one would shadow the fix, and then there is no fix (the reason is
 * returned for the finding's notes).
 */
import * as path from "node:path";
import type { Fix, TextEdit } from "../core/types.js";
import type { Setting, SystemModel, Unit, UnitFile } from "../model/model.js";
import type { UnitAssignment } from "../core/unit-tree.js";
import { appendLinesEdit, createFileEdit, deletePhysicalLinesEdits, editableText, insertLinesEdit, replaceEdit, type EditTarget } from "./edits.js";

export type UnitOp =
  /** Make the effective value `value` (a single-valued setting). */
  | { kind: "set"; section: string; key: string; value: string }
  /** Unset a single-valued setting; a drop-in writes `Key=reset` (default: the empty reset). */
  | { kind: "remove"; section: string; key: string; reset?: string }
  /** Drop one entry of a list setting (ExecStop=, ListenStream=). */
  | { kind: "remove-entry"; setting: Setting }
  /** Rewrite one assignment's value; `list` when the key accumulates. */
  | { kind: "replace"; setting: Setting; value: string; list?: boolean };

export interface FixPolicy {
  model: SystemModel;
  fixVendor?: "drop-in" | "in-place";
}

const VENDOR_DIRS = ["/usr/lib/systemd/", "/lib/systemd/"];
const OVERRIDE = "override.conf";

export function isVendorPath(p: string): boolean {
  return VENDOR_DIRS.some((d) => p.startsWith(d));
}

function target(f: UnitFile): EditTarget {
  return { display: f.display, path: f.path, text: f.ast.text };
}

/** A unit file whose text edits can be stated. */
function editable(f: UnitFile): boolean {
  return !f.ast.fatal && editableText(f.ast.text);
}

/** Is this file the unit's own (its fragment, or a drop-in of its own name or template), not one shared with other units? */
function ownFile(unit: Unit, f: UnitFile): boolean {
  if (f.kind === "unit") return f === unit.fragment;
  const own = [unit.name, ...unit.aliases];
  const at = unit.name.indexOf("@");
  if (at > 0) own.push(unit.name.slice(0, at + 1) + unit.name.slice(unit.name.lastIndexOf(".")));
  return own.includes(f.unitName);
}

function settingsOf(unit: Unit, section: string, key: string): Setting[] {
  return unit.assignments.filter((s) => s.section === section && s.key === key);
}

const sectionEnds = new WeakMap<UnitFile["ast"], Map<string, { header: number; end: number }>>();

/**
 * Where each section of a file ends, computed once per file: the last header of that name and
 * the last physical line of its assignments (a file with thousands of fixes is scanned once).
 */
export function sectionEndsOf(uf: UnitFile): Map<string, { header: number; end: number }> {
  let m = sectionEnds.get(uf.ast);
  if (m) return m;
  m = new Map();
  for (const s of uf.ast.sections) m.set(s.name, { header: s.line, end: s.line });
  for (const a of uf.ast.assignments) {
    if (a.section === null) continue;
    const e = m.get(a.section);
    if (e && a.sectionNode?.line === e.header) e.end = Math.max(e.end, a.endLine);
  }
  sectionEnds.set(uf.ast, m);
  return m;
}

/** Lines to add to a file, by section, as edits (sections the file lacks are appended). */
function addLines(f: EditTarget, uf: UnitFile | null, bySection: Map<string, string[]>): TextEdit[] {
  const edits: TextEdit[] = [];
  const append: string[] = [];
  for (const [section, lines] of bySection) {
    const end = uf ? sectionEndsOf(uf).get(section) : undefined;
    if (end) edits.push(insertLinesEdit(f, end.end, lines));
    else append.push(...(append.length ? [""] : []), `[${section}]`, ...lines);
  }
  if (append.length) edits.push(appendLinesEdit(f, append));
  return edits;
}

class Builder {
  edits: TextEdit[] = [];
  /** Lines for override.conf, by section. */
  dropin = new Map<string, string[]>();
  /** Lines to add to a file in place, by file then section. */
  inPlace = new Map<UnitFile, Map<string, string[]>>();
  reason: string | null = null;

  constructor(
    readonly unit: Unit,
    readonly policy: FixPolicy,
  ) {}

  get dropinPath(): string {
    return `/etc/systemd/system/${this.unit.name}.d/${OVERRIDE}`;
  }

  /** A file astlint may edit in place (else the change goes to a drop-in, or cannot be made). */
  inPlaceOk(f: UnitFile): boolean {
    if (this.policy.fixVendor === "drop-in" && isVendorPath(f.path)) return false;
    return editable(f) && ownFile(this.unit, f);
  }

  get dropinMode(): boolean {
    return this.policy.fixVendor === "drop-in";
  }

  /** Does a drop-in sorting after override.conf touch the key? */
  laterFiles(): UnitFile[] {
    return this.unit.dropins.filter((d) => path.posix.basename(d.path) > OVERRIDE);
  }

  /** Why a file is not edited in place, for the finding's notes. */
  whyNot(f: UnitFile): string {
    if (this.policy.fixVendor === "drop-in" && isVendorPath(f.path)) return `${f.display} is a vendor file`;
    if (!ownFile(this.unit, f)) return `${f.display} also applies to other units`;
    return `${f.display} cannot be edited safely (not valid UTF-8, unusual line ends, or a file systemd refuses)`;
  }

  fail(reason: string): void {
    this.reason ??= reason;
  }

  addTo(map: Map<string, string[]>, section: string, line: string): void {
    const l = map.get(section);
    if (l) l.push(line);
    else map.set(section, [line]);
  }

  addInPlace(f: UnitFile, section: string, line: string): void {
    let m = this.inPlace.get(f);
    if (!m) this.inPlace.set(f, (m = new Map()));
    this.addTo(m, section, line);
  }

  deleteAssignment(a: UnitAssignment | Setting, f: UnitFile): void {
    const asg = "assignment" in a ? a.assignment : a;
    this.edits.push(...deletePhysicalLinesEdits(target(f), asg.physicalLines));
  }

  /** Settings of the key in vendor drop-ins after override.conf: they would shadow a drop-in fix. */
  shadowing(section: string, key: string): Setting | undefined {
    const later = new Set(this.laterFiles());
    return settingsOf(this.unit, section, key).find((s) => later.has(s.file) && !this.inPlaceOk(s.file));
  }

  set(section: string, key: string, value: string): void {
    const all = settingsOf(this.unit, section, key);
    const last = all[all.length - 1];
    if (last && this.inPlaceOk(last.file)) {
      this.edits.push(replaceEdit(target(last.file), last.valueLoc, value));
      return;
    }
    if (!last) {
      const frag = this.unit.fragment;
      if (frag && this.inPlaceOk(frag)) {
        this.addInPlace(frag, section, `${key}=${value}`);
        return;
      }
    }
    if (!this.dropinMode) return this.fail(last ? this.whyNot(last.file) : this.unit.fragment ? this.whyNot(this.unit.fragment) : `${this.unit.name} has no unit file to add ${key}= to`);
    const sh = this.shadowing(section, key);
    if (sh) return this.fail(`a fix in ${this.dropinPath} would be shadowed by ${sh.file.display}:${sh.loc.line}, which sets ${key}= again`);
    this.addTo(this.dropin, section, `${key}=${value}`);
  }

  remove(section: string, key: string, reset = ""): void {
    const all = settingsOf(this.unit, section, key);
    if (all.length === 0) return;
    if (all.every((s) => this.inPlaceOk(s.file))) {
      for (const s of all) this.deleteAssignment(s, s.file);
      return;
    }
    if (!this.dropinMode) return this.fail(this.whyNot(all.find((s) => !this.inPlaceOk(s.file))!.file));
    const sh = this.shadowing(section, key);
    if (sh) return this.fail(`a fix in ${this.dropinPath} would be shadowed by ${sh.file.display}:${sh.loc.line}, which sets ${key}= again`);
    const later = new Set(this.laterFiles());
    for (const s of all) if (later.has(s.file)) this.deleteAssignment(s, s.file);
    this.addTo(this.dropin, section, `${key}=${reset}`);
  }

  /** List settings: drop `gone` (or replace it with `value`), keeping the other entries. */
  rewriteList(setting: Setting, value: string | null): void {
    if (this.inPlaceOk(setting.file)) {
      if (value === null) this.deleteAssignment(setting, setting.file);
      else this.edits.push(replaceEdit(target(setting.file), setting.valueLoc, value));
      return;
    }
    if (!this.dropinMode) return this.fail(this.whyNot(setting.file));
    const { section, key } = setting;
    const later = new Set(this.laterFiles());
    if (later.has(setting.file)) return this.fail(`${setting.file.display} sorts after ${OVERRIDE}, so a drop-in fix would not reach ${key}=${setting.value}`);
    // Reset the list in override.conf and add back the entries set before it.
    const effective = this.unit.getList(section, key);
    this.addTo(this.dropin, section, `${key}=`);
    for (const s of effective) {
      if (later.has(s.file)) continue;
      if (s === setting) {
        if (value !== null) this.addTo(this.dropin, section, `${key}=${value}`);
      } else this.addTo(this.dropin, section, `${key}=${s.value}`);
    }
  }

  finish(): TextEdit[] | null {
    if (this.reason) return null;
    const out: TextEdit[] = [];
    // Additions first: a partial write then leaves both the old and the new setting, never neither.
    if (this.dropin.size > 0) {
      const existing = this.unit.dropins.find((d) => path.posix.basename(d.path) === OVERRIDE && !isVendorPath(d.path));
      if (existing) {
        if (!editable(existing)) {
          this.fail(this.whyNot(existing));
          return null;
        }
        out.push(...this.mergeOverride(existing));
      } else {
        // A new file; if the name exists after all (an empty or masked override.conf, which systemd
        // skips), --fix does not apply the edit and the writer refuses to replace it.
        const p = this.dropinPath;
        const lines: string[] = [];
        for (const [section, ls] of this.dropin) lines.push(...(lines.length ? [""] : []), `[${section}]`, ...ls);
        out.push(createFileEdit(this.policy.model.display(p), p, lines));
      }
    }
    for (const [f, m] of this.inPlace) out.push(...addLines(target(f), f, m));
    out.push(...this.edits);
    return out;
  }

  /** Merges the drop-in lines into an existing override.conf: its own assignments of those keys are replaced. */
  mergeOverride(f: UnitFile): TextEdit[] {
    const edits: TextEdit[] = [];
    const add = new Map<string, string[]>();
    for (const [section, lines] of this.dropin) {
      const keys = new Set(lines.map((l) => l.slice(0, l.indexOf("="))));
      for (const a of f.ast.assignments) if (a.section === section && keys.has(a.key)) edits.push(...deletePhysicalLinesEdits(target(f), a.physicalLines));
      add.set(section, lines);
    }
    // Insert before deleting: positions of the insertion are taken from the original text.
    return [...addLines(target(f), f, add), ...edits];
  }
}

/**
 * A fix that applies `ops` to `unit`, or a reason why none can be made (a file that cannot be
 * edited, a drop-in that would be shadowed).
 */
export function unitFix(policy: FixPolicy, unit: Unit, ops: UnitOp[], meta: { safe: boolean; description: string }): Fix | { reason: string } {
  const b = new Builder(unit, policy);
  for (const op of ops) {
    if (op.kind === "set") b.set(op.section, op.key, op.value);
    else if (op.kind === "remove") b.remove(op.section, op.key, op.reset);
    else if (op.kind === "remove-entry") b.rewriteList(op.setting, null);
    else if (op.list) b.rewriteList(op.setting, op.value);
    else if (b.inPlaceOk(op.setting.file)) b.edits.push(replaceEdit(target(op.setting.file), op.setting.valueLoc, op.value));
    else b.set(op.setting.section, op.setting.key, op.value);
  }
  const edits = b.finish();
  if (!edits || edits.length === 0) return { reason: b.reason ?? "nothing to change" };
  return { safe: meta.safe, description: meta.description, edits };
}

/** Edits inside one unit file, when the file can be edited (the generic rules' fixes on the line they report). */
export function fileFix(policy: FixPolicy, f: UnitFile, edits: (t: EditTarget) => TextEdit[], meta: { safe: boolean; description: string }): Fix | undefined {
  if (!editable(f)) return undefined;
  if (policy.fixVendor === "drop-in" && isVendorPath(f.path)) return undefined;
  return { safe: meta.safe, description: meta.description, edits: edits(target(f)) };
}

/** Attaches a unitFix() result to a report: the fix, or its reason as a note. */
export function withFix<R extends { fix?: Fix; notes?: string[] }>(report: R, result: Fix | { reason: string } | undefined): R {
  if (!result) return report;
  if ("edits" in result) return { ...report, fix: result };
  if (result.reason === "nothing to change") return report;
  return { ...report, notes: [...(report.notes ?? []), `no automatic fix: ${result.reason}`] };
}
