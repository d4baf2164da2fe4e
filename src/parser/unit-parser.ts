/**
 * systemd unit-file parser: bytes or text in, `UnitFileAST` (unit-ast.ts) out.
 *
 * Pipeline:
 *   1. text-decode.ts   UTF-8 → text, one U+FFFD per invalid byte (so columns match editors),
 *                       plus the characters systemd's UTF-8 check rejects;
 *   2. unit-lexer.ts    chevrotain Lexer, one token per physical line (comment / continued / other);
 *   3. unit-grammar.ts  chevrotain EmbeddedActionsParser grouping physical lines into logical
 *                       lines; its actions drive
 *   4. this file        the tree builder: BOM, line limits, joining, trimming, `[Section]`
 *                       headers, the first `=`, problems and exact positions.
 *
 * Behaviour mirrors config_parse()/parse_line() of systemd src/shared/conf-parser.c (v252) and
 * read_line_full() of src/basic/fileio.c; comments below cite the relevant rule.
 *
 * After the first fatal problem systemd stops reading the file, so the remaining problems would
 * never be printed by systemd: we keep building nodes for the rest of the file (rules and
 * editors still get positions), but collect NO further problems. `problems` therefore ends
 * with the one fatal problem when `fatal` is true.
 *
 * The parser never throws (for any bytes, any string including lone surrogates) and is linear
 * in the input size.
 */
import type { Location } from "../core/types.js";
import type {
  UnitAssignment,
  UnitComment,
  UnitFileAST,
  UnitSection,
  UnitSyntaxKind,
  UnitSyntaxProblem,
} from "./unit-ast.js";
import { decodeInput, lowerBound, utf8ByteLength } from "./text-decode.js";
import type { DecodedText } from "./text-decode.js";
import { tokenizeUnit } from "./unit-lexer.js";
import { parseUnitLines } from "./unit-grammar.js";
import type { PhysicalKind, UnitLineSink } from "./unit-grammar.js";

/**
 * LONG_LINE_MAX (src/basic/fileio.h). read_line_full() fails with ENOBUFS as soon as a line
 * holds this many bytes (terminator excluded), so the longest accepted physical line is
 * LONG_LINE_MAX - 1 bytes. A continuation fails when the joined text would exceed
 * LONG_LINE_MAX bytes (`strlen(continuation) + strlen(l) > LONG_LINE_MAX`).
 */
export const LONG_LINE_MAX = 1048576;

const SPACE = 0x20;
const TAB = 0x09;
const BOM = 0xfeff;

/** systemd's WHITESPACE is " \t\n\r"; inside one logical line only space and tab can occur. */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/**
 * Maps offsets of a joined logical line back to the file: a flat list of pieces, 4 numbers each
 * (flat to keep a continuation of millions of lines cheap):
 *   [j, f, line, lineStart] = offset in the joined text where the piece starts, file offset of
 *   the same character, 1-based line number, file offset of the start of that line.
 * `null` means the logical line is one physical line: offsets are file offsets on line `line`,
 * which starts at offset `lineStart`.
 */
type Segments = number[] | null;
const SEG = 4;

/** Index (multiple of SEG) of the last piece whose joined start is <= j. */
function segmentAt(segs: number[], j: number): number {
  let lo = 0;
  let hi = segs.length / SEG - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (segs[mid * SEG]! <= j) lo = mid;
    else hi = mid - 1;
  }
  return lo * SEG;
}

function lineAt(segs: Segments, line: number, j: number): number {
  return segs === null ? line : segs[segmentAt(segs, j) + 2]!;
}

function columnAt(segs: Segments, lineStart: number, j: number): number {
  if (segs === null) return j - lineStart + 1;
  const k = segmentAt(segs, j);
  return segs[k + 1]! + (j - segs[k]!) - segs[k + 3]! + 1;
}

/** Extra mapping data of a logical line continued over several physical lines. */
interface Continued {
  segs: number[];
  /** Offset of the value in the joined text. */
  valueStart: number;
}

class Assignment implements UnitAssignment {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  section: string | null;
  sectionNode: UnitSection | null;
  key: string;
  value: string;
  keyLoc: Location;
  valueLoc: Location;
  physicalLines: number[];
  // Private (invisible to Jest's equality and to JSON). null: one physical line, where the
  // value is contiguous and `valueLoc` is enough to map offsets.
  #continued: Continued | null;

  constructor(
    file: string,
    line: number,
    column: number,
    endLine: number,
    endColumn: number,
    sectionNode: UnitSection | null,
    key: string,
    value: string,
    keyLoc: Location,
    valueLoc: Location,
    physicalLines: number[],
    continued: Continued | null,
  ) {
    this.file = file;
    this.line = line;
    this.column = column;
    this.endLine = endLine;
    this.endColumn = endColumn;
    this.section = sectionNode === null ? null : sectionNode.name;
    this.sectionNode = sectionNode;
    this.key = key;
    this.value = value;
    this.keyLoc = keyLoc;
    this.valueLoc = valueLoc;
    this.physicalLines = physicalLines;
    this.#continued = continued;
  }

  /**
   * Line and column (1-based, UTF-16 units) in the file of the character at `valueOffset` in
   * `value`. `valueOffset === value.length` gives the position just after the value; offsets are
   * clamped to [0, value.length]. For an empty value: the position right after `=`.
   */
  positionAt(valueOffset: number): { line: number; column: number } {
    const len = this.value.length;
    let off = Number.isFinite(valueOffset) ? Math.floor(valueOffset) : 0;
    if (off < 0) off = 0;
    if (off > len) off = len;
    const v = this.valueLoc;
    const c = this.#continued;
    if (len === 0) return { line: v.line, column: v.column };
    if (c === null) return { line: v.line, column: v.column + off };
    // The end maps to just after the last character (which may be on another line than the
    // character "at" that offset would be).
    if (off === len) return { line: v.endLine, column: v.endColumn };
    const j = c.valueStart + off;
    return { line: lineAt(c.segs, 0, j), column: columnAt(c.segs, 0, j) };
  }
}

/** Short printable rendering of a line for messages. */
function quote(s: string): string {
  let t = s.length > 80 ? s.slice(0, 77) + "…" : s;
  // eslint-disable-next-line no-control-regex
  t = t.replace(/[\u0000-\u001f\u007f]/g, (c) => "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0"));
  return t;
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, "0");
}

function badSectionCharacter(c: number): boolean {
  // string_is_safe(): no control characters 0x01-0x1F, no DEL, no quotes, no backslash.
  return (c >= 0x01 && c <= 0x1f) || c === 0x7f || c === 0x22 || c === 0x27 || c === 0x5c;
}

function describeSectionCharacter(c: number): string {
  if (c === 0x22) return "a double quote (\")";
  if (c === 0x27) return "a single quote (')";
  if (c === 0x5c) return "a backslash";
  if (c === 0x7f) return "DEL (U+007F)";
  if (c === TAB) return "a tab (U+0009)";
  return `control character U+${hex(c, 4)}`;
}

const INCLUDE_HINT = " (`.include` was removed in systemd v246; use a drop-in directory instead)";

class Builder implements UnitLineSink {
  readonly sections: UnitSection[] = [];
  readonly assignments: UnitAssignment[] = [];
  readonly comments: UnitComment[] = [];
  readonly problems: UnitSyntaxProblem[] = [];
  fatal = false;

  private readonly text: string;
  private currentSection: UnitSection | null = null;
  private bomSeen = false;
  private readonly hasBadCharacters: boolean;

  // Pieces of the logical line being collected (reused between logical lines).
  private pStart: number[] = [];
  private pEnd: number[] = [];
  private pLine: number[] = [];
  private pLineStart: number[] = [];
  private pContinued: boolean[] = [];
  private count = 0;
  /** Bytes of the continuation accumulated so far (strlen(continuation) in systemd). */
  private accBytes = 0;

  constructor(
    private readonly file: string,
    private readonly decoded: DecodedText,
  ) {
    this.text = decoded.text;
    this.hasBadCharacters =
      decoded.invalidByteOffsets.length > 0 ||
      decoded.loneSurrogateOffsets.length > 0 ||
      decoded.noncharacterOffsets.length > 0;
  }

  private report(kind: UnitSyntaxKind, loc: Location, message: string, fatal: boolean): void {
    // Once systemd has stopped reading the file it reports nothing more (see the file header).
    if (this.fatal) return;
    this.problems.push({
      file: loc.file,
      line: loc.line,
      column: loc.column,
      endLine: loc.endLine,
      endColumn: loc.endColumn,
      kind,
      message,
      fatal,
    });
    if (fatal) this.fatal = true;
  }

  /** read_line_full(): a physical line of LONG_LINE_MAX bytes or more fails the whole file. */
  private checkPhysicalLength(start: number, contentEnd: number, line: number): void {
    const units = contentEnd - start;
    if (this.fatal || units * 3 < LONG_LINE_MAX) return; // at most 3 bytes per UTF-16 unit
    const bytes = utf8ByteLength(this.decoded, start, contentEnd);
    if (bytes < LONG_LINE_MAX) return;
    this.report(
      "line-too-long",
      { file: this.file, line, column: 1, endLine: line, endColumn: units + 1 },
      `Line too long: ${bytes} bytes; systemd reads at most ${LONG_LINE_MAX - 1} bytes per line (1 MiB limit) and refuses to load the whole file (ENOBUFS)`,
      true,
    );
  }

  private addComment(start: number, contentEnd: number, line: number): void {
    const text = this.text;
    let i = start;
    while (i < contentEnd && isBlank(text.charCodeAt(i))) i++;
    const marker = text.charCodeAt(i) === 0x3b ? ";" : "#";
    this.comments.push({
      file: this.file,
      line,
      column: i - start + 1,
      endLine: line,
      endColumn: contentEnd - start + 1,
      text: text.slice(i + 1, contentEnd),
      marker,
    });
  }

  comment(start: number, contentEnd: number, line: number): void {
    this.checkPhysicalLength(start, contentEnd, line);
    this.addComment(start, contentEnd, line);
  }

  beginLogical(): void {
    this.count = 0;
    this.accBytes = 0;
  }

  physical(lineStart: number, contentEnd: number, line: number, kind: PhysicalKind): void {
    // 1. read_line() itself fails on an over-long line, before the comment check.
    this.checkPhysicalLength(lineStart, contentEnd, line);
    // 2. Comment lines are dropped, also inside a continuation.
    if (kind === "comment") {
      this.addComment(lineStart, contentEnd, line);
      return;
    }
    // 3. The first line that starts with a BOM loses it (once per file; after the comment check).
    let start = lineStart;
    if (!this.bomSeen && start < contentEnd && this.text.charCodeAt(start) === BOM) {
      start++;
      this.bomSeen = true;
    }
    // 4. Continuation length limit.
    if (this.count > 0) {
      const bytes = utf8ByteLength(this.decoded, start, contentEnd);
      if (!this.fatal && this.accBytes + bytes > LONG_LINE_MAX) {
        this.report(
          "line-too-long",
          { file: this.file, line, column: 1, endLine: line, endColumn: contentEnd - lineStart + 1 },
          `Continuation line too long: the joined line would be ${this.accBytes + bytes} bytes, over systemd's 1 MiB limit (${LONG_LINE_MAX} bytes); systemd refuses to load the whole file (ENOBUFS)`,
          true,
        );
      }
      this.accBytes += bytes;
    } else if (kind === "continued") {
      this.accBytes = utf8ByteLength(this.decoded, start, contentEnd);
    }
    const c = this.count++;
    this.pStart[c] = start;
    this.pEnd[c] = contentEnd;
    this.pLine[c] = line;
    this.pLineStart[c] = lineStart;
    this.pContinued[c] = kind === "continued";
  }

  /** First character systemd's utf8_is_valid() rejects in the current pieces (file offset), or null. */
  private firstBadCharacter(): { offset: number; what: string; width: number } | null {
    if (!this.hasBadCharacters) return null;
    const d = this.decoded;
    for (let p = 0; p < this.count; p++) {
      const s = this.pStart[p]!;
      const e = this.pEnd[p]!;
      let best = -1;
      let what = "";
      let width = 1;
      const ib = lowerBound(d.invalidByteOffsets, s);
      if (ib < d.invalidByteOffsets.length && d.invalidByteOffsets[ib]! < e) {
        best = d.invalidByteOffsets[ib]!;
        what = `byte 0x${hex(d.invalidByteValues[ib]!, 2)}`;
      }
      const ls = lowerBound(d.loneSurrogateOffsets, s);
      if (ls < d.loneSurrogateOffsets.length && d.loneSurrogateOffsets[ls]! < e && (best < 0 || d.loneSurrogateOffsets[ls]! < best)) {
        best = d.loneSurrogateOffsets[ls]!;
        what = `lone surrogate U+${hex(this.text.charCodeAt(best), 4)}, which has no UTF-8 encoding`;
        width = 1;
      }
      const nc = lowerBound(d.noncharacterOffsets, s);
      if (nc < d.noncharacterOffsets.length && d.noncharacterOffsets[nc]! < e && (best < 0 || d.noncharacterOffsets[nc]! < best)) {
        best = d.noncharacterOffsets[nc]!;
        const cp = this.text.codePointAt(best)!;
        what = `noncharacter U+${hex(cp, 4)}, which systemd's UTF-8 check rejects`;
        width = cp > 0xffff ? 2 : 1;
      }
      if (best >= 0) return { offset: best, what, width };
    }
    return null;
  }

  // Mapping of the logical line being classified (see lineAt/columnAt).
  private segs: Segments = null;
  private mapLine = 0;
  private mapLineStart = 0;

  /** The current pieces joined, each final backslash replaced by a space (linear, no O(n²) concatenation). */
  private joinPieces(total: number): string {
    const text = this.text;
    const n = this.count;
    if (n <= 32) {
      const parts: string[] = [];
      for (let p = 0; p < n; p++) {
        const ps = this.pStart[p]!;
        const pe = this.pEnd[p]!;
        if (this.pContinued[p]) parts.push(text.slice(ps, pe - 1), " ");
        else parts.push(text.slice(ps, pe));
      }
      return parts.join("");
    }
    // Many pieces (a continuation over thousands of lines): copy code units into one buffer
    // instead of allocating two strings per piece.
    const buf = new Uint16Array(total);
    let j = 0;
    for (let p = 0; p < n; p++) {
      const ps = this.pStart[p]!;
      const pe = this.pEnd[p]!;
      for (let i = ps; i < pe; i++) buf[j++] = text.charCodeAt(i);
      if (this.pContinued[p]) buf[j - 1] = SPACE;
    }
    const chunks: string[] = [];
    for (let i = 0; i < total; i += 0x2000) {
      chunks.push(String.fromCharCode.apply(null, buf.subarray(i, Math.min(total, i + 0x2000)) as unknown as number[]));
    }
    return chunks.join("");
  }

  /** Location of [a, b) in the current logical line; zero-width ranges sit just after `after`. */
  private loc(a: number, b: number, after: number): Location {
    const segs = this.segs;
    if (b > a) {
      return {
        file: this.file,
        line: lineAt(segs, this.mapLine, a),
        column: columnAt(segs, this.mapLineStart, a),
        endLine: lineAt(segs, this.mapLine, b - 1),
        endColumn: columnAt(segs, this.mapLineStart, b - 1) + 1,
      };
    }
    const line = lineAt(segs, this.mapLine, after);
    const column = columnAt(segs, this.mapLineStart, after) + 1;
    return { file: this.file, line, column, endLine: line, endColumn: column };
  }

  /** Location of the single character at FILE offset `f` (inside one of the pieces), `width` units wide. */
  private fileCharLoc(f: number, width: number): Location {
    let line = this.mapLine;
    let lineStart = this.mapLineStart;
    if (this.segs !== null) {
      // Last piece whose file start is <= f (pieces are in file order).
      const segs = this.segs;
      for (let k = 0; k < segs.length && segs[k + 1]! <= f; k += SEG) {
        line = segs[k + 2]!;
        lineStart = segs[k + 3]!;
      }
    }
    const column = f - lineStart + 1;
    return { file: this.file, line, column, endLine: line, endColumn: column + width };
  }

  endLogical(): void {
    const n = this.count;
    if (n === 0) return;
    const text = this.text;

    // Join the pieces: each final backslash becomes one space (same length, so offsets of a
    // piece map 1:1 to the file). A single physical line is used in place, without copying.
    let str: string;
    let from: number;
    let to: number;
    if (n === 1 && !this.pContinued[0]) {
      str = text;
      from = this.pStart[0]!;
      to = this.pEnd[0]!;
      this.segs = null;
      this.mapLine = this.pLine[0]!;
      this.mapLineStart = this.pLineStart[0]!;
    } else {
      const segs: number[] = [];
      let j = 0;
      for (let p = 0; p < n; p++) {
        segs.push(j, this.pStart[p]!, this.pLine[p]!, this.pLineStart[p]!);
        j += this.pEnd[p]! - this.pStart[p]!;
      }
      str = this.joinPieces(j);
      from = 0;
      to = str.length;
      this.segs = segs;
      this.mapLine = segs[2]!;
      this.mapLineStart = segs[3]!;
    }

    // strstrip(); an empty logical line is ignored.
    let s = from;
    while (s < to && isBlank(str.charCodeAt(s))) s++;
    let e = to;
    while (e > s && isBlank(str.charCodeAt(e - 1))) e--;
    if (s === e) return;

    let reported = false; // one problem per logical line

    // utf8_is_valid() runs before anything else and is fatal.
    const bad = this.firstBadCharacter();
    if (bad !== null) {
      this.report(
        "invalid-utf8",
        this.fileCharLoc(bad.offset, bad.width),
        `Line is not valid UTF-8 (${bad.what}): systemd logs "String is not UTF-8 clean" and refuses to load the whole file`,
        true,
      );
      reported = true;
    }

    // Section header: first character `[`, last character must be `]`.
    if (str.charCodeAt(s) === 0x5b) {
      if (str.charCodeAt(e - 1) !== 0x5d) {
        if (!reported) {
          this.report(
            "invalid-section-header",
            this.loc(s, e, s),
            `Invalid section header '${quote(str.slice(s, e))}': the line must end with ']'; systemd refuses to load the whole file`,
            true,
          );
        }
        return;
      }
      const name = str.slice(s + 1, e - 1);
      const whole = this.loc(s, e, s);
      const node: UnitSection = {
        file: whole.file,
        line: whole.line,
        column: whole.column,
        endLine: whole.endLine,
        endColumn: whole.endColumn,
        name,
        nameLoc: this.loc(s + 1, e - 1, s),
      };
      if (!reported) {
        for (let i = s + 1; i < e - 1; i++) {
          const c = str.charCodeAt(i);
          if (badSectionCharacter(c)) {
            const l = this.loc(i, i + 1, i);
            this.report(
              "bad-section-characters",
              l,
              `Bad characters in section header '${quote(str.slice(s, e))}': ${describeSectionCharacter(c)} is not allowed in a section name; systemd refuses to load the whole file`,
              true,
            );
            break;
          }
        }
      }
      this.sections.push(node);
      this.currentSection = node;
      return;
    }

    // The first `=` (bounded search: `str` may be the whole file).
    let eq = -1;
    for (let i = s; i < e; i++) {
      if (str.charCodeAt(i) === 0x3d) {
        eq = i;
        break;
      }
    }
    const includeHint = e - s > 9 && str.startsWith(".include ", s) ? INCLUDE_HINT : "";

    // Before the first header: "Assignment outside of section. Ignoring." (checked before the `=`).
    if (this.currentSection === null && !reported) {
      this.report(
        "outside-section",
        this.loc(s, e, s),
        `Assignment outside of section: systemd ignores this line (it comes before the first [Section] header)${includeHint}`,
        false,
      );
      reported = true;
    }
    if (eq < 0) {
      if (!reported) this.report("missing-equals", this.loc(s, e, s), `Missing '=': systemd ignores this line${includeHint}`, false);
      return;
    }
    if (eq === s) {
      if (!reported) this.report("missing-key", this.loc(s, e, s), "Missing key name before '=': systemd ignores this line", false);
      return;
    }

    let ke = eq;
    while (ke > s && isBlank(str.charCodeAt(ke - 1))) ke--;
    let vs = eq + 1;
    while (vs < e && isBlank(str.charCodeAt(vs))) vs++;
    const hasValue = vs < e;
    const segs = this.segs;
    const mapLine = this.mapLine;
    const mapLineStart = this.mapLineStart;
    const physicalLines: number[] = n === 1 ? [this.pLine[0]!] : this.pLine.slice(0, n);
    this.assignments.push(
      new Assignment(
        this.file,
        lineAt(segs, mapLine, s),
        columnAt(segs, mapLineStart, s),
        lineAt(segs, mapLine, e - 1),
        columnAt(segs, mapLineStart, e - 1) + 1,
        this.currentSection,
        str.slice(s, ke),
        hasValue ? str.slice(vs, e) : "",
        this.loc(s, ke, s),
        hasValue ? this.loc(vs, e, vs) : this.loc(eq + 1, eq + 1, eq),
        physicalLines,
        segs === null ? null : { segs, valueStart: hasValue ? vs : eq + 1 },
      ),
    );
  }
}

/**
 * What the grammar tells the builder about a text, recorded as numbers: [op, start, end, line]
 * per call. The calls depend on the text alone (the builder, which makes the file's nodes, runs
 * again for every file), so a file whose text was seen before — the same vendor unit installed
 * under several names, a tree copied many times — skips the lexer and the grammar and replays
 * them. A text is recorded the second time it is seen (most files of a run are distinct, and
 * recording costs), replayed from the third on. Only small texts are kept, and at most
 * MAX_RECORDED_CHARS of them per process.
 */
const recorded = new Map<string, Int32Array>();
/** Texts parsed once, not recorded yet. */
const seenOnce = new Set<string>();
let recordedChars = 0;
const MAX_RECORD_TEXT = 64 * 1024;
const MAX_RECORDED_CHARS = 16 * 1024 * 1024;
const OP_COMMENT = 0;
const OP_BEGIN = 1;
const OP_PHYSICAL = 2;
const OP_END = 3;
const KINDS: readonly PhysicalKind[] = ["continued", "last", "comment"];

function parseLinesInto(text: string, sink: UnitLineSink): void {
  if (text.length > MAX_RECORD_TEXT) {
    parseUnitLines(tokenizeUnit(text), sink);
    return;
  }
  const ops = recorded.get(text);
  if (ops !== undefined) {
    for (let i = 0; i < ops.length; i += 5) {
      switch (ops[i]) {
        case OP_COMMENT:
          sink.comment(ops[i + 1], ops[i + 2], ops[i + 3]);
          break;
        case OP_BEGIN:
          sink.beginLogical();
          break;
        case OP_PHYSICAL:
          sink.physical(ops[i + 1], ops[i + 2], ops[i + 3], KINDS[ops[i + 4]]);
          break;
        default:
          sink.endLogical();
      }
    }
    return;
  }
  if (!seenOnce.has(text)) {
    if (recordedChars + text.length > MAX_RECORDED_CHARS) {
      recorded.clear();
      seenOnce.clear();
      recordedChars = 0;
    }
    seenOnce.add(text);
    recordedChars += text.length;
    parseUnitLines(tokenizeUnit(text), sink);
    return;
  }
  seenOnce.delete(text);
  const out: number[] = [];
  parseUnitLines(tokenizeUnit(text), {
    comment(start, contentEnd, line) {
      out.push(OP_COMMENT, start, contentEnd, line, 0);
      sink.comment(start, contentEnd, line);
    },
    beginLogical() {
      out.push(OP_BEGIN, 0, 0, 0, 0);
      sink.beginLogical();
    },
    physical(start, contentEnd, line, kind) {
      out.push(OP_PHYSICAL, start, contentEnd, line, KINDS.indexOf(kind));
      sink.physical(start, contentEnd, line, kind);
    },
    endLogical() {
      out.push(OP_END, 0, 0, 0, 0);
      sink.endLogical();
    },
  });
  // Its characters were counted when it was first seen.
  recorded.set(text, Int32Array.from(out));
}

/**
 * Parses one unit file (or drop-in). `input` is the raw file content (preferred: invalid UTF-8
 * is then detected byte by byte) or already-decoded text. `file` is the display path stored in
 * every location. Never throws.
 */
export function parseUnitFile(input: Uint8Array | string, file: string): UnitFileAST {
  const decoded = decodeInput(input);
  const text = decoded.text;
  const builder = new Builder(file, decoded);
  parseLinesInto(text, builder);

  const ast: UnitFileAST = {
    file,
    text,
    sections: builder.sections,
    assignments: builder.assignments,
    comments: builder.comments,
    problems: builder.problems,
    fatal: builder.fatal,
  };
  return ast;
}
