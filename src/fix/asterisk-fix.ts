/**
 * Edits to Asterisk configuration files (main/config.c syntax): replace a value, delete a
 * line, add `key => value` to a section. Asterisk lines end at "\n" only, as edits.ts splits.
 */
import type { TextEdit } from "../core/types.js";
import type { SystemModel } from "../model/model.js";
import type { AsteriskConfig } from "../asterisk/config-loader.js";
import type { Fix, Location } from "../core/types.js";
import { editDistance } from "../values/directive-table.js";
import { appendLinesEdit, deleteLinesEdit, editableText, insertLinesEdit, replaceEdit, type EditTarget } from "./edits.js";

/**
 * The one name closest to `word` (case-insensitive edit distance, as the did-you-mean of the
 * schema rules), or null when none is close or two are equally close: a fix must not guess.
 */
export function certainName(word: string, near: string | null, candidates: Iterable<string>): string | null {
  if (!near) return null;
  const lower = word.toLowerCase();
  const d = editDistance(lower, near.toLowerCase());
  const tied = new Set<string>();
  for (const c of candidates) if (editDistance(lower, c.toLowerCase()) === d) tied.add(c.toLowerCase());
  return tied.size === 1 ? near : null;
}

/** A fix replacing one range of an Asterisk config (a key or a value), when its file can be edited. */
export function asteriskReplaceFix(model: SystemModel, at: Location, text: string, meta: { safe: boolean; description: string }): Fix | undefined {
  const t = asteriskTarget(model, at.file);
  return t ? { ...meta, edits: [replaceEdit(t, at, text)] } : undefined;
}

/** The Asterisk file shown as `display`, when its text can be edited. */
export function asteriskTarget(model: SystemModel, display: string): EditTarget | null {
  for (const f of model.asteriskFiles.values()) {
    if (f.display !== display) continue;
    if (!editableText(f.ast.text) || f.ast.problems.some((p) => p.invalidatesFile)) return null;
    return { display: f.display, path: f.path, text: f.ast.text };
  }
  return null;
}

/** Deletes the line(s) of a `key = value` assignment. */
export function deleteAsteriskLine(t: EditTarget, loc: { line: number; endLine: number }): TextEdit {
  return deleteLinesEdit(t, loc.line, loc.endLine);
}

/**
 * Adds `key => value` to the last non-template section `section` of the config's top file
 * (appending `[section]` when it has none). Null when the section is only in an included file.
 */
export function addAsteriskOption(model: SystemModel, conf: AsteriskConfig, section: string, line: string): TextEdit | null {
  const top = conf.files[0];
  if (!top) return null;
  const t = asteriskTarget(model, top.display);
  if (!t) return null;
  let header: number | null = null;
  for (const l of top.ast.lines) {
    if (l.kind === "section" && l.name.trim().toLowerCase() === section && !l.template && !l.inherits.length) header = l.line;
  }
  const sec = conf.sections.find((s) => s.name.toLowerCase() === section && !s.template);
  if (header === null) {
    if (sec) return null; // the section lives in an included file
    return appendLinesEdit(t, [`[${section}]`, line]);
  }
  // After the section's last assignment in the top file.
  let last = header;
  let inside = false;
  for (const l of top.ast.lines) {
    if (l.kind === "section") inside = l.line === header;
    else if (inside && l.kind === "assignment") last = l.endLine;
  }
  return insertLinesEdit(t, last, [line]);
}
