/**
 * Physical lines of unit-file text as systemd's read_line_full() (src/basic/fileio.c) ends them:
 * a line ends at LF, CR, NUL or a run of distinct ones of them (CRLF, LFCR, CR NUL …), each
 * character at most once per terminator, nothing after a NUL.
 */

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;

/** Offset of the first terminator character at or after `i` (or text.length). */
export function contentEndFrom(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR || c === NUL) return i;
    i++;
  }
  return n;
}

/** Given `i` at the first terminator character of a line, the offset just after that terminator. */
export function terminatorEnd(text: string, i: number): number {
  const n = text.length;
  let seen = 0; // bit 1 = NUL, 2 = LF, 4 = CR
  while (i < n) {
    if (seen & 1) break; // nothing follows a NUL in the same terminator
    const c = text.charCodeAt(i);
    const bit = c === LF ? 2 : c === CR ? 4 : c === NUL ? 1 : 0;
    if (bit === 0 || seen & bit) break;
    seen |= bit;
    i++;
  }
  return i;
}

/** Offsets where the physical lines of `text` start. */
export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  let i = 0;
  while (i < text.length) {
    const e = contentEndFrom(text, i);
    if (e >= text.length) break;
    i = terminatorEnd(text, e);
    starts.push(i);
  }
  return starts;
}
