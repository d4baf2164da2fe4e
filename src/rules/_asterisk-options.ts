/**
 * Shared by the asterisk-*-option rules: every key of every classified Asterisk object, resolved
 * against the option tables of the target version (computed once per model), the wording of what
 * Asterisk does with a line, and reporting that names a template's inheritors once.
 */
import type { Location, Severity } from "../core/types.js";
import type { AstVar } from "../asterisk/config-loader.js";
import {
  findOption,
  majorsWith,
  objectKind,
  optionInMajor,
  type AsteriskObject,
  type Effect,
  type ObjectKind,
  type OptionSpec,
} from "../asterisk/schema.js";
import type { SystemModel } from "../model/model.js";
import type { Report, RuleContext } from "./rule.js";
import { lookupTable } from "../core/lookup-table.js";

export interface KeyUse {
  object: AsteriskObject;
  /** The kind the key is checked against (for pjsip_wizard.conf `endpoint/x`: pjsip.conf endpoint). */
  kind: ObjectKind;
  variable: AstVar;
  /** The key as checked (`x` of `endpoint/x`). */
  key: string;
  spec: OptionSpec | null;
  /** The spec exists in the target version. */
  inVersion: boolean;
  /** pjsip_wizard.conf pass-through prefix (`endpoint/`), when the key is one. */
  wizardPrefix?: string;
}

/** pjsip_wizard.conf `<prefix>/<option>` -> the pjsip.conf object the option is passed to (res/res_pjsip_config_wizard.c). */
const WIZARD_PREFIXES: Record<string, string> = lookupTable({
  endpoint: "endpoint",
  aor: "aor",
  inbound_auth: "auth",
  outbound_auth: "auth",
  identify: "identify",
  registration: "registration",
  phoneprov: "phoneprov",
});

/** Every key (own or inherited) of every matched object, in file order (computed once per run). */
export function keyUses(ctx: RuleContext): KeyUse[] {
  return ctx.derived("asterisk-options:key-uses", () => computeKeyUses(ctx.model));
}

function computeKeyUses(model: SystemModel): KeyUse[] {
  const v = model.asteriskVersion;
  const out: KeyUse[] = [];
  for (const o of model.asteriskObjects) {
    const kind = o.kind;
    // Free-key sections take any name, except features.conf [parkinglot_*], whose every key is
    // logged ("no longer configurable") and ignored.
    if (!kind || (kind.freeKeys && kind.unknownKey !== "warning-ignored")) continue;
    const wizard = kind.file === "pjsip_wizard.conf";
    for (const variable of o.section.vars) {
      const key = variable.key;
      if (key.length === 4 && key.toLowerCase() === "type") continue;
      const slash = wizard ? key.indexOf("/") : -1;
      if (slash > 0) {
        const prefix = key.slice(0, slash).toLowerCase();
        const target = WIZARD_PREFIXES[prefix];
        const sub = target ? objectKind("pjsip.conf", target) : null;
        if (sub) {
          const subKey = key.slice(slash + 1);
          const spec = findOption(sub, subKey);
          out.push({ object: o, kind: sub, variable, key: subKey, spec, inVersion: spec !== null && optionInMajor(spec, v), wizardPrefix: `${key.slice(0, slash)}/` });
          continue;
        }
      }
      const spec = findOption(kind, key);
      out.push({ object: o, kind, variable, key, spec, inVersion: spec !== null && optionInMajor(spec, v) });
    }
  }
  return out;
}

/** The severity of an effect: refused objects/files are errors, ignored lines warnings. */
export function effectSeverity(effect: Effect): Severity | null {
  if (effect === "object-rejected" || effect === "file-rejected") return "error";
  if (effect === "n/a") return null;
  return "warning";
}

/** The effect of an unknown key (wizard pass-through keys reject the wizard's objects; ari.conf 18 is aco). */
export function unknownKeyEffect(u: KeyUse): Effect {
  if (u.wizardPrefix) return "object-rejected";
  if (u.object.family === "aco" && u.kind.unknownKey === "object-rejected") return "file-rejected";
  return u.kind.unknownKey;
}

/** The effect of a bad value. */
export function badValueEffect(u: KeyUse): Effect {
  if (u.wizardPrefix) return "object-rejected";
  if (u.object.family === "aco" && u.kind.badValue === "object-rejected") return "file-rejected";
  const k = u.key.toLowerCase();
  // manager.conf users: a bad permit/deny deletes the user (main/manager.c __init_manager()).
  if (u.kind.file === "manager.conf" && u.kind.object === "user" && (k === "permit" || k === "deny")) return "object-rejected";
  return u.kind.badValue;
}

/** Where a key is, for messages: `template [phone]` for an inherited line, else the section. */
export function whereText(u: { object: AsteriskObject; variable: AstVar }): string {
  const t = u.variable.inheritedFrom;
  return t !== undefined ? `template [${t}] of ${u.object.config.name}` : `${sectionLabel(u.object)} of ${u.object.config.name}`;
}

/** How a section is named in messages: `[6001] (type=endpoint)`, `[general]`. */
function sectionLabel(o: AsteriskObject): string {
  const t = o.typeVar ? ` (type=${o.typeVar.value})` : "";
  return `[${o.name}]${t}`;
}

/** What Asterisk does with the line / object / file, in words. */
export function effectText(effect: Effect, u: { object: AsteriskObject; kind: ObjectKind; wizardPrefix?: string; variable?: AstVar }, what: "key" | "value"): string {
  const o = u.object;
  const file = o.config.name;
  const template = u.variable?.inheritedFrom;
  switch (effect) {
    case "object-rejected":
      if (u.wizardPrefix) return `Asterisk does not create the ${u.kind.object} object the wizard [${o.name}] generates`;
      if (template !== undefined && file !== "manager.conf") {
        return `Asterisk does not create any ${u.kind.object} that inherits template [${template}] (ERROR "Could not create an object of type '${u.kind.object}'" for each); on a reload the old ones stay`;
      }
      if (file === "manager.conf") return `Asterisk deletes the AMI user [${o.name}] ("Invalid ACL")`;
      return `Asterisk does not create the ${u.kind.object} "${o.name}" (ERROR "Could not create an object of type '${u.kind.object}' with id '${o.name}'"); on a reload the old one stays`;
    case "file-rejected":
      if (file === "modules.conf") return `Asterisk refuses modules.conf and does not start ("Module initialization failed")`;
      return `Asterisk refuses the whole ${file}: the module declines to load (a reload keeps the previous configuration)`;
    case "warning-ignored":
      return `Asterisk logs a WARNING and ignores the ${what === "key" ? "line" : "value"}`;
    case "notice-ignored":
      return `Asterisk logs a NOTICE ("Invalid keyword") and ignores the line`;
    case "debug-ignored":
      return `Asterisk ignores the line (it only logs a debug message)`;
    case "silently-ignored":
      return `Asterisk ignores the line without a word`;
    case "error-ignored":
      return `Asterisk logs an ERROR and ignores the line`;
    case "default-kept":
      return `Asterisk logs a warning and keeps the default`;
    default:
      return `Asterisk accepts it`;
  }
}

/** "in Asterisk 22 (the newest released major; no version stated or found)". */
export function versionLabel(model: SystemModel): string {
  return model.asteriskVersionKnown ? `Asterisk ${model.asteriskVersion} (${model.asteriskVersionSource})` : `Asterisk ${model.asteriskVersion} (the newest released major; no version was stated or found)`;
}

/** "Asterisk 18, 20 and 21". */
export function majorsText(spec: OptionSpec): string {
  const m = majorsWith(spec);
  if (m.length === 0) return "no Asterisk major";
  const last = m[m.length - 1]!;
  return `Asterisk ${m.length === 1 ? `${last}` : `${m.slice(0, -1).join(", ")} and ${last}`}`;
}

/**
 * Reports one finding per location (a template line inherited by many sections is one finding,
 * naming the sections that inherit it). Call `add` for each use, then `flush`.
 */
export class OncePerLine {
  private readonly pending = new Map<string, { report: Report; inheritors: string[]; seen: Set<string> }>();
  constructor(private readonly ctx: RuleContext) {}

  add(key: string, at: Location, make: () => Report, inheritedFrom: string | undefined, objectName: string): void {
    const k = `${at.file}\0${at.line}\0${at.column}\0${key}`;
    const hit = this.pending.get(k);
    if (hit) {
      if (inheritedFrom !== undefined && !hit.seen.has(objectName)) {
        hit.seen.add(objectName);
        if (hit.inheritors.length < 8) hit.inheritors.push(objectName);
      }
      return;
    }
    const seen = new Set<string>(inheritedFrom !== undefined ? [objectName] : []);
    this.pending.set(k, { report: make(), inheritors: [...seen], seen });
  }

  flush(): void {
    for (const { report, inheritors, seen } of this.pending.values()) {
      if (inheritors.length > 0) {
        const shown = inheritors.map((n) => `[${n}]`).join(", ");
        const more = seen.size > inheritors.length ? ` and ${seen.size - inheritors.length} more` : "";
        report.notes = [`the line is in a template; it applies to every section that inherits it: ${shown}${more}`, ...(report.notes ?? [])];
      }
      this.ctx.report(report);
    }
    this.pending.clear();
  }
}
