/**
 * Text edits in finding coordinates (1-based lines and UTF-16 columns, end exclusive), built
 * from the text a parser read and applied to the same text. Lines are split at "\n" only: a
 * "\r" before it belongs to the line (CRLF files keep their terminators because edits never
 * span one unless they replace whole lines, and inserted lines use the file's own ending).
 */
import type { Location, TextEdit } from "../core/types.js";

/**
 * Answers per text, for the few texts in use: a rule builds a fix per finding, and a file with
 * thousands of findings must not be scanned once per fix. (A string's hash is kept with the
 * string, so looking up the same file text is cheap.)
 */
class TextMemo<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly compute: (text: string) => T) {}
  get(text: string): T {
    let v = this.map.get(text);
    if (v === undefined) {
      if (this.map.size >= 16) this.map.delete(this.map.keys().next().value!);
      v = this.compute(text);
      this.map.set(text, v);
    }
    return v;
  }
}

const startsMemo = new TextMemo((text) => {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
});

/** Offsets where each line starts (do not modify the array: it is shared). */
export function lineStarts(text: string): number[] {
  return startsMemo.get(text);
}

/** The file's line terminator: CRLF when its first line ends so, else LF. */
function eolOf(text: string): string {
  const i = text.indexOf("\n");
  return i > 0 && text[i - 1] === "\r" ? "\r\n" : "\n";
}

/**
 * Can edits be stated for this text? Not when the lines the parser saw are not "\n"-lines
 * (a bare CR or a NUL ends a line for systemd), nor when it had invalid UTF-8 (U+FFFD stands
 * for bytes that cannot be written back).
 */
export function editableText(text: string): boolean {
  return editableMemo.get(text);
}

const editableMemo = new TextMemo((text) => !/\r(?!\n)|\0|\uFFFD/.test(text));

/** Offset of (line, column), or -1 when the position is not in the text. */
function offsetAt(text: string, starts: number[], line: number, column: number): number {
  if (line === starts.length + 1 && column === 1) return text.length;
  const s = starts[line - 1];
  if (s === undefined || column < 1) return -1;
  const end = line < starts.length ? starts[line] : text.length;
  const off = s + column - 1;
  return off <= end ? off : -1;
}

/** A file to build edits for: its display path, in-root path and text as read. */
export interface EditTarget {
  display: string;
  path: string;
  text: string;
}

export function replaceEdit(t: EditTarget, loc: Pick<Location, "line" | "column" | "endLine" | "endColumn">, text: string): TextEdit {
  return { file: t.display, path: t.path, line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn, text };
}

/** Deletes physical lines line..endLine with their terminators ((line,1)-(endLine+1,1)). */
export function deleteLinesEdit(t: EditTarget, line: number, endLine: number): TextEdit {
  const starts = lineStarts(t.text);
  if (endLine < starts.length) return replaceEdit(t, { line, column: 1, endLine: endLine + 1, endColumn: 1 }, "");
  // The last line has no terminator: delete up to the end of the file and leave the line before
  // it as it is (with its terminator). Taking that terminator instead would touch a line the fix
  // does not change, and the diff would show it removed and added again.
  const lastLen = t.text.length - starts[endLine - 1];
  return replaceEdit(t, { line, column: 1, endLine, endColumn: lastLen + 1 }, "");
}

/**
 * Deletes the given physical lines (an assignment continued over several lines, without the
 * comment lines between them, which stay): one edit per run of consecutive lines.
 */
export function deletePhysicalLinesEdits(t: EditTarget, lines: number[]): TextEdit[] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const out: TextEdit[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(deleteLinesEdit(t, sorted[i], sorted[j]));
    i = j + 1;
  }
  return out;
}

/** Inserts whole lines (without terminators) after physical line `after` (0: at the top). */
export function insertLinesEdit(t: EditTarget, after: number, lines: string[]): TextEdit {
  const starts = lineStarts(t.text);
  const eol = eolOf(t.text);
  if (after < starts.length) return replaceEdit(t, { line: after + 1, column: 1, endLine: after + 1, endColumn: 1 }, lines.map((l) => l + eol).join(""));
  // After the last line, which has no terminator (or the file is empty).
  const lastLen = t.text.length - starts[starts.length - 1];
  const pos = { line: starts.length, column: lastLen + 1, endLine: starts.length, endColumn: lastLen + 1 };
  const lead = t.text.length === 0 ? "" : eol;
  return replaceEdit(t, pos, lead + lines.join(eol) + (t.text.length === 0 ? eol : ""));
}

/** Appends lines at the end of the file, after a blank line when the file has content. */
export function appendLinesEdit(t: EditTarget, lines: string[]): TextEdit {
  const starts = lineStarts(t.text);
  const eol = eolOf(t.text);
  const endsWithEol = t.text.length === 0 || t.text.endsWith("\n");
  const lastLine = t.text.slice(starts[starts.length - 1]);
  const pos = endsWithEol
    ? { line: starts.length, column: 1, endLine: starts.length, endColumn: 1 }
    : { line: starts.length, column: lastLine.length + 1, endLine: starts.length, endColumn: lastLine.length + 1 };
  // The file ends with an empty line already (or is empty): no blank line to add.
  const tail = t.text.endsWith("\r\n") ? t.text.slice(0, -2) : t.text.endsWith("\n") ? t.text.slice(0, -1) : null;
  const prevBlank = t.text.length === 0 || (tail !== null && (tail === "" || tail.endsWith("\n")));
  const lead = (endsWithEol ? "" : eol) + (prevBlank ? "" : eol);
  return replaceEdit(t, pos, lead + lines.map((l) => l + eol).join(""));
}

/** A new file with these lines. */
export function createFileEdit(display: string, path: string, lines: string[]): TextEdit {
  return { file: display, path, line: 1, column: 1, endLine: 1, endColumn: 1, text: lines.map((l) => l + "\n").join(""), create: true };
}

export class EditConflict extends Error {}

/**
 * Applies edits to one file's text. Throws EditConflict when two edits overlap or one points
 * outside the text. Two insertions at the same place are applied in the given order.
 */
export function applyEdits(text: string, edits: Pick<TextEdit, "line" | "column" | "endLine" | "endColumn" | "text">[]): string {
  const starts = lineStarts(text);
  const ranges = edits.map((e, i) => {
    const s = offsetAt(text, starts, e.line, e.column);
    const end = offsetAt(text, starts, e.endLine, e.endColumn);
    if (s < 0 || end < s) throw new EditConflict(`edit ${e.line}:${e.column}-${e.endLine}:${e.endColumn} is outside the text`);
    return { s, end, text: e.text, i };
  });
  ranges.sort((a, b) => a.s - b.s || a.end - b.end || a.i - b.i);
  let out = "";
  let pos = 0;
  for (const r of ranges) {
    if (r.s < pos) throw new EditConflict("overlapping edits");
    out += text.slice(pos, r.s) + r.text;
    pos = r.end;
  }
  return out + text.slice(pos);
}

const pos = (line: number, column: number) => line * 4_194_304 + column;

/**
 * Accepted edits by file, sorted, to test a new edit against its neighbours only (a pass over a
 * file with thousands of fixes stays O(n log n)). Two edits overlap when they touch the same text;
 * touching ranges do not, two insertions at one point do (test/fix/edits.test.ts checks it against
 * a pairwise oracle).
 */
export class EditIndex {
  private readonly byFile = new Map<string, { s: number; e: number }[]>();

  private list(e: TextEdit): { s: number; e: number }[] {
    const key = e.path ?? e.file;
    let l = this.byFile.get(key);
    if (!l) this.byFile.set(key, (l = []));
    return l;
  }

  /** Does `e` overlap an edit already added? A file created by one fix overlaps any other edit of it. */
  overlaps(e: TextEdit): boolean {
    const l = this.list(e);
    if (e.create) return l.length > 0;
    if (l.length > 0 && l[0].s === -1) return true;
    const s = pos(e.line, e.column);
    const en = pos(e.endLine, e.endColumn);
    // First accepted edit whose end is >= s.
    let lo = 0;
    let hi = l.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (l[mid].e < s) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < l.length && l[i].s <= en; i++) {
      const x = l[i];
      const touching = x.e === s || en === x.s;
      if (!touching) return true;
      if (x.s === x.e && s === en && x.s === s) return true; // two insertions at one point
    }
    return false;
  }

  add(e: TextEdit): void {
    const l = this.list(e);
    if (e.create) {
      l.splice(0, 0, { s: -1, e: -1 });
      return;
    }
    const item = { s: pos(e.line, e.column), e: pos(e.endLine, e.endColumn) };
    let lo = 0;
    let hi = l.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (l[mid].s < item.s || (l[mid].s === item.s && l[mid].e <= item.e)) lo = mid + 1;
      else hi = mid;
    }
    l.splice(lo, 0, item);
  }
}
