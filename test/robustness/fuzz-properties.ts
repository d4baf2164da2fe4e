/**
 * Property-based robustness checks (fast-check) for astlint's parsers of untrusted text:
 * the unit-file parser, the Asterisk config parser and the address / command-line parsers.
 *
 * Every target has one `check(input)` that runs all of its invariants on ONE input (a string
 * or raw bytes) and throws an Error naming the broken invariant:
 *   - parsing never throws (strings with lone surrogates, any bytes);
 *   - every node's position lies inside the input (line 1..lines, column 1..length+1,
 *     end >= start), lines counted independently of the parser;
 *   - the tokens re-joined give back the (decoded) input text;
 *   - parsing twice gives deep-equal results (and bytes that are valid UTF-8 parse exactly
 *     like the decoded string).
 *
 * `properties(numRuns)` wraps them for fast-check: `fuzz.test.ts` runs them at a small bound,
 * `scripts/fuzz.mjs` (`npm run fuzz`) at 100,000 cases and saves failing inputs under
 * test/robustness/regressions/ (see `encodeRegression` / `decodeRegression`), which
 * `fuzz.test.ts` replays.
 */
import fc from "fast-check";
import { isDeepStrictEqual } from "node:util";
import { parseUnitFile } from "../../src/parser/unit-parser.js";
import type { UnitFileAST } from "../../src/parser/unit-ast.js";
import { parseAsteriskConfig } from "../../src/parser/asterisk-parser.js";
import { asteriskTokens } from "../parser/asterisk-tokens.js";
import type { AstConfigAST } from "../../src/parser/asterisk-ast.js";
import { formatAddress, parseListenAddress, parseIPv4, parseIPv6 } from "../../src/net/socket-address.js";
import { parseAsteriskAddress } from "../../src/model/asterisk.js";
import { parseExecLine, splitWords } from "../../src/values/exec-command.js";

export type FuzzInput = string | Uint8Array;

export interface FuzzTarget {
  /** Short name, used in regression file names (`<name>-<hash>.bin`). */
  name: string;
  /** Runs every invariant on one input; throws on the first violation. */
  check(input: FuzzInput): void;
  /** Generators biased toward the syntax the target parses. */
  strings: fc.Arbitrary<string>;
  bytes: fc.Arbitrary<Uint8Array>;
}

class Violation extends Error {
  constructor(invariant: string, detail: string) {
    super(`${invariant}: ${detail}`);
    this.name = "Violation";
  }
}

function fail(invariant: string, detail: string): never {
  throw new Violation(invariant, detail);
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 300 ? s.slice(0, 297) + "..." : s;
}

// ---------------------------------------------------------------------------------------------
// Text helpers (independent of the code under test)
// ---------------------------------------------------------------------------------------------

const utf8Fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8Lossy = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** The string when the bytes are valid UTF-8, else null. */
export function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    return null;
  }
}

/** WTF-8: UTF-8 that also encodes lone surrogates (as ED A0..BF xx), so any JS string round-trips. */
export function wtf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

/** Decodes WTF-8 (lone surrogates kept); other invalid bytes become U+FFFD. */
export function wtf8Decode(b: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < b.length) {
    const b0 = b[i]!;
    if (b0 === 0xed && i + 2 < b.length && b[i + 1]! >= 0xa0 && b[i + 1]! <= 0xbf && (b[i + 2]! & 0xc0) === 0x80) {
      out += String.fromCharCode(0xd000 | ((b[i + 1]! & 63) << 6) | (b[i + 2]! & 63));
      i += 3;
      continue;
    }
    // Decode one well-formed sequence (or one invalid byte) with the standard decoder.
    let len = b0 < 0x80 ? 1 : b0 >= 0xf0 ? 4 : b0 >= 0xe0 ? 3 : b0 >= 0xc0 ? 2 : 1;
    if (i + len > b.length) len = 1;
    const piece = strictUtf8(b.subarray(i, i + len));
    if (piece === null) {
      out += "\uFFFD";
      i += 1;
    } else {
      out += piece;
      i += len;
    }
  }
  return out;
}

/** Encodes a counterexample as the bytes of a regression file. */
export function encodeRegression(input: FuzzInput): Uint8Array {
  return typeof input === "string" ? wtf8Encode(input) : input;
}

/** The inputs a regression file stands for: the raw bytes and their WTF-8 reading as a string. */
export function decodeRegression(bytes: Uint8Array): FuzzInput[] {
  return [bytes, wtf8Decode(bytes)];
}

/**
 * Physical lines as systemd's read_line_full() splits them (src/basic/fileio.c): a terminator
 * is `\n` and `\r` each at most once, in any order, optionally followed by one NUL, or a lone
 * NUL. Returns the length (UTF-16 units, terminator excluded) of each line.
 */
export function systemdLineLengths(text: string): number[] {
  const lengths: number[] = [];
  let i = 0;
  const n = text.length;
  let start = 0;
  while (i < n) {
    const c = text[i];
    if (c !== "\n" && c !== "\r" && c !== "\0") {
      i++;
      continue;
    }
    lengths.push(i - start);
    let seenLF = false;
    let seenCR = false;
    while (i < n) {
      const t = text[i];
      if (t === "\0") {
        i++;
        break;
      }
      if (t === "\n" && !seenLF) seenLF = true;
      else if (t === "\r" && !seenCR) seenCR = true;
      else break;
      i++;
    }
    start = i;
  }
  if (start < n) lengths.push(n - start);
  return lengths;
}

/** Physical lines as Asterisk reads them (fgets: `\n` ends a line; `\r` stays in the line). */
export function newlineLineLengths(text: string): number[] {
  const lengths: number[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\n") {
      lengths.push(i - start);
      start = i + 1;
    }
  }
  if (start < text.length) lengths.push(text.length - start);
  return lengths;
}

interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Checks that a location lies inside the text whose line lengths are given. */
function checkSpan(what: string, s: Span, lineLengths: number[], allowLineAfterLast = false) {
  const lines = Math.max(lineLengths.length, 1);
  const maxLine = allowLineAfterLast ? lines + 1 : lines;
  const len = (l: number) => lineLengths[l - 1] ?? 0;
  for (const k of ["line", "column", "endLine", "endColumn"] as const) {
    if (!Number.isInteger(s[k])) fail("position-inside-input", `${what}.${k} is not an integer: ${show(s)}`);
  }
  if (s.line < 1 || s.line > maxLine) fail("position-inside-input", `${what} line ${s.line} outside 1..${maxLine}`);
  if (s.endLine < 1 || s.endLine > maxLine) fail("position-inside-input", `${what} endLine ${s.endLine} outside 1..${maxLine}`);
  if (s.column < 1 || s.column > len(s.line) + 1) {
    fail("position-inside-input", `${what} column ${s.column} outside 1..${len(s.line) + 1} on line ${s.line}: ${show(s)}`);
  }
  if (s.endColumn < 1 || s.endColumn > len(s.endLine) + 1) {
    fail("position-inside-input", `${what} endColumn ${s.endColumn} outside 1..${len(s.endLine) + 1} on line ${s.endLine}: ${show(s)}`);
  }
  if (s.endLine < s.line || (s.endLine === s.line && s.endColumn < s.column)) {
    fail("end-after-start", `${what} ends before it starts: ${show(s)}`);
  }
}

function checkTokens(what: string, tokens: { type: string; image: string; offset: number }[], text: string) {
  let off = 0;
  for (const t of tokens) {
    if (typeof t.type !== "string" || t.type === "") fail("tokens", `${what}: token without a type at offset ${t.offset}`);
    if (t.offset !== off) fail("tokens", `${what}: token at offset ${t.offset}, expected ${off}`);
    if (t.image.length === 0) fail("tokens", `${what}: empty token at offset ${off}`);
    off += t.image.length;
  }
  const joined = tokens.map((t) => t.image).join("");
  if (joined !== text) fail("tokens-rejoin", `${what}: tokens re-joined (${joined.length} chars) differ from the input (${text.length} chars)`);
}

function guard<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Violation) throw e;
    fail("never-throws", `${what} threw ${(e as Error)?.stack ?? String(e)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

const LONE_SURROGATE = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const ANY_CHAR = fc.oneof(
  fc.string({ unit: "binary", maxLength: 3 }),
  fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
  LONE_SURROGATE,
);

/** Byte pieces that are not valid UTF-8 or are otherwise interesting at the byte level. */
const BAD_BYTES: number[][] = [
  [0xff],
  [0xfe],
  [0x80],
  [0xbf],
  [0xc0, 0xaf], // overlong '/'
  [0xc3], // truncated 2-byte
  [0xe2, 0x82], // truncated 3-byte
  [0xe2, 0x82, 0x41],
  [0xed, 0xa0, 0x80], // encoded surrogate
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf0, 0x9f, 0x98], // truncated 4-byte
  [0xef, 0xbb, 0xbf], // BOM
  [0xef, 0xbf, 0xbe], // U+FFFE
  [0xef, 0xb7, 0x90], // U+FDD0
  [0xef, 0xbf, 0xbd], // a real U+FFFD
  [0x00],
];

function textArb(fragments: string[], maxPieces: number, long: string[] = []): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...fragments) },
    { weight: 3, arbitrary: ANY_CHAR },
    { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
    ...(long.length > 0 ? [{ weight: 1, arbitrary: fc.constantFrom(...long) }] : []),
  );
  return fc.array(piece, { maxLength: maxPieces }).map((a) => a.join(""));
}

function bytesArb(fragments: string[], maxPieces: number, long: string[] = []): fc.Arbitrary<Uint8Array> {
  const enc = new TextEncoder();
  const encoded = fragments.map((f) => Array.from(enc.encode(f)));
  const piece = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...encoded) },
    { weight: 4, arbitrary: fc.constantFrom(...BAD_BYTES) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 6 }).map((u) => Array.from(u)) },
    ...(long.length > 0 ? [{ weight: 1, arbitrary: fc.constantFrom(...long.map((l) => Array.from(enc.encode(l)))) }] : []),
  );
  return fc.array(piece, { maxLength: maxPieces }).map((a) => Uint8Array.from(a.flat()));
}

const COMMON = [" ", "\t", "\n", "\r", "\r\n", "\n\r", "\0", "\\", "\uFEFF", "=", "#", ";", "[", "]", "\"", "'", "x", "é", "😀", "\uFFFE", "\uFDD0", "\u0001", "\u007f"];

const UNIT_FRAGMENTS = [
  ...COMMON,
  "[Unit]",
  "[Service]",
  "[Socket]",
  "[Install]",
  "[ Service ]",
  "[X-Foo]",
  "[Se\"rv]",
  "Description",
  "ExecStart",
  "ListenStream",
  "Key",
  "A B",
  "=value",
  " = ",
  "\\\n",
  "\\\\\n",
  "\\ \n",
  "\\\r\n",
  "\n\n",
  "#comment\n",
  ";comment\n",
  "  # indented\n",
  ".include /x.service",
  "%n",
  "%%",
  "/bin/true",
  "\n[Service]\nExecStart=",
];

const ASTERISK_FRAGMENTS = [
  ...COMMON,
  "[general]",
  "[tpl](!)",
  "[n](+)",
  "[n](tpl)",
  "[n](!,tpl)",
  "(",
  ")",
  "(!)",
  "(+)",
  "!",
  "+",
  ",",
  "=>",
  "+=",
  " = ",
  "enabled = yes",
  "bindaddr",
  "#include",
  "#tryinclude",
  "#exec",
  "#include \"x.conf\"",
  "#include <y.conf>",
  " *.conf",
  "#",
  ";--",
  "--;",
  ";---",
  "\\;",
  "\\[",
  "\\\u0001",
  "<",
  ">",
  "\n",
  "\n[general]\n",
];

const LISTEN_FRAGMENTS = [
  "/",
  "/run/",
  "/var/run/",
  "@",
  "vsock:",
  "[",
  "]",
  ":",
  "::",
  "%",
  "#",
  ".",
  "0",
  "1",
  "5038",
  "65535",
  "65536",
  "0x",
  "0b",
  "0o",
  "+",
  "-",
  "127.0.0.1",
  "::1",
  "::ffff:",
  "fe80::1",
  "eth0",
  "a",
  "f",
  " ",
  "\n",
  "\0",
  "\\",
];

const EXEC_FRAGMENTS = [
  " ",
  "\t",
  "\n",
  "\r",
  ";",
  " ; ",
  "\\;",
  "\\",
  "\\\\",
  "\\x",
  "\\x41",
  "\\x00",
  "\\0",
  "\\101",
  "\\u",
  "\\u00e9",
  "\\ud800",
  "\\U",
  "\\U0001F600",
  "\\U00110000",
  "\\n",
  "\\s",
  "\\q",
  "\"",
  "'",
  "-",
  "@",
  ":",
  "+",
  "!",
  "!!",
  "|",
  "/bin/sh",
  "asterisk",
  "-f",
  "-C",
  "%i",
  "$VAR",
  "${X}",
];

const ASTERISK_ADDRESS_FRAGMENTS = ["[", "]", ":", "::", ".", "1", "127", "0", "255", "256", "5038", "::1", "fe80::", "%", " ", "\t", "a", "f", "0.0.0.0", "\0"];

// ---------------------------------------------------------------------------------------------
// Unit-file parser
// ---------------------------------------------------------------------------------------------

/** A plain, comparable snapshot of a unit AST (tokens materialised). */
function unitSnapshot(ast: UnitFileAST) {
  return {
    file: ast.file,
    text: ast.text,
    sections: ast.sections,
    assignments: ast.assignments.map((a) => ({ ...a, positions: positionsOf(a) })),
    comments: ast.comments,
    problems: ast.problems,
    fatal: ast.fatal,
    tokens: ast.tokens,
  };
}

function positionsOf(a: UnitFileAST["assignments"][number]): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  const n = a.value.length;
  const step = Math.max(1, Math.floor(n / 8));
  for (let k = 0; k <= n; k += step) out.push(a.positionAt(k));
  out.push(a.positionAt(n));
  return out;
}

function checkUnit(input: FuzzInput): void {
  const ast = guard("parseUnitFile", () => parseUnitFile(input, "fuzz.service"));
  const again = guard("parseUnitFile", () => parseUnitFile(input, "fuzz.service"));

  // The decoded text.
  if (typeof input === "string") {
    if (ast.text !== input) fail("text", "string input: ast.text differs from the input");
  } else {
    const valid = strictUtf8(input);
    if (valid !== null && ast.text !== valid) fail("text", "valid UTF-8 input: ast.text differs from the decoded bytes");
    if (valid === null && ast.text.length > input.length) fail("text", "decoded text longer than the bytes");
  }

  // Tokens.
  const tokens = guard("tokens", () => ast.tokens);
  checkTokens("unit", tokens, ast.text);
  const lineLengths = systemdLineLengths(ast.text);
  // The unit lexer's tokens are whole physical lines (one, or a run of blank ones).
  for (let i = 0; i + 1 < tokens.length; i++) {
    const last = tokens[i]!.image[tokens[i]!.image.length - 1];
    if (last !== "\n" && last !== "\r" && last !== "\0") fail("tokens", `token ${i} (${tokens[i]!.type}) does not end a physical line`);
  }
  const tokenLines = tokens.reduce((n, t) => n + systemdLineLengths(t.image).length, 0);
  if (tokenLines !== lineLengths.length) fail("tokens", `tokens hold ${tokenLines} physical lines, the text ${lineLengths.length}`);

  // Positions.
  for (const s of ast.sections) {
    if (s.file !== "fuzz.service") fail("position-inside-input", `section has file ${s.file}`);
    checkSpan("section", s, lineLengths);
    checkSpan("section.nameLoc", s.nameLoc, lineLengths);
  }
  for (const a of ast.assignments) {
    checkSpan("assignment", a, lineLengths);
    checkSpan("assignment.keyLoc", a.keyLoc, lineLengths);
    checkSpan("assignment.valueLoc", a.valueLoc, lineLengths);
    for (const l of a.physicalLines) {
      if (!Number.isInteger(l) || l < 1 || l > lineLengths.length) fail("position-inside-input", `physical line ${l} of ${lineLengths.length}`);
    }
    const positions = guard("positionAt", () => positionsOf(a));
    for (const p of positions) checkSpan("assignment.positionAt", { line: p.line, column: p.column, endLine: p.line, endColumn: p.column }, lineLengths);
    if (a.key.length === 0) fail("structure", "assignment with an empty key");
  }
  for (const c of ast.comments) checkSpan("comment", c, lineLengths);
  for (const p of ast.problems) checkSpan(`problem ${p.kind}`, p, lineLengths);

  // Problems: at most one fatal problem, and it is the last one.
  const fatals = ast.problems.filter((p) => p.fatal);
  if (ast.fatal !== fatals.length > 0) fail("structure", `fatal=${ast.fatal} with ${fatals.length} fatal problems`);
  if (fatals.length > 1 || (fatals.length === 1 && ast.problems[ast.problems.length - 1] !== fatals[0])) {
    fail("structure", "problems continue after the fatal one");
  }

  // Deterministic.
  if (!isDeepStrictEqual(unitSnapshot(ast), unitSnapshot(again))) fail("deterministic", "two parses of the same input differ");

  // Bytes that are valid UTF-8 parse exactly like their text.
  if (typeof input !== "string") {
    const valid = strictUtf8(input);
    if (valid !== null) {
      const fromText = guard("parseUnitFile", () => parseUnitFile(valid, "fuzz.service"));
      if (!isDeepStrictEqual(unitSnapshot(ast), unitSnapshot(fromText))) fail("deterministic", "bytes and their decoded text parse differently");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Asterisk config parser
// ---------------------------------------------------------------------------------------------

function asteriskSnapshot(ast: AstConfigAST) {
  return { file: ast.file, text: ast.text, lines: ast.lines, comments: ast.comments, problems: ast.problems, tokens: asteriskTokens(ast.text) };
}

function checkAsterisk(input: FuzzInput): void {
  const ast = guard("parseAsteriskConfig", () => parseAsteriskConfig(input, "fuzz.conf"));
  const again = guard("parseAsteriskConfig", () => parseAsteriskConfig(input, "fuzz.conf"));

  if (typeof input === "string") {
    if (ast.text !== input) fail("text", "string input: ast.text differs from the input");
  } else {
    const valid = strictUtf8(input);
    if (valid !== null && ast.text !== valid) fail("text", "valid UTF-8 input: ast.text differs from the decoded bytes");
  }

  const tokens = guard("tokens", () => asteriskTokens(ast.text));
  checkTokens("asterisk", tokens, ast.text);
  const lineLengths = newlineLineLengths(ast.text);

  for (const l of ast.lines) {
    checkSpan(`line ${l.kind}`, l, lineLengths);
    if (l.kind === "section") checkSpan("section.nameLoc", l.nameLoc, lineLengths);
    else if (l.kind === "assignment") {
      checkSpan("assignment.keyLoc", l.keyLoc, lineLengths);
      checkSpan("assignment.valueLoc", l.valueLoc, lineLengths);
    } else checkSpan("directive.argumentLoc", l.argumentLoc, lineLengths);
  }
  for (const c of ast.comments) checkSpan("comment", c, lineLengths);
  for (const p of ast.problems) checkSpan(`problem ${p.kind}`, p, lineLengths);

  if (!isDeepStrictEqual(asteriskSnapshot(ast), asteriskSnapshot(again))) fail("deterministic", "two parses of the same input differ");
  if (typeof input !== "string") {
    const valid = strictUtf8(input);
    if (valid !== null) {
      const fromText = guard("parseAsteriskConfig", () => parseAsteriskConfig(valid, "fuzz.conf"));
      if (!isDeepStrictEqual(asteriskSnapshot(ast), asteriskSnapshot(fromText))) fail("deterministic", "bytes and their decoded text parse differently");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Address and command-line parsers (string APIs: bytes are read as UTF-8, WTF-8 and Latin-1)
// ---------------------------------------------------------------------------------------------

function stringsOf(input: FuzzInput): string[] {
  if (typeof input === "string") return [input];
  return [...new Set([utf8Lossy.decode(input), wtf8Decode(input), Buffer.from(input).toString("latin1")])];
}

function checkListenOne(v: string): void {
  const a = guard("parseListenAddress", () => parseListenAddress(v));
  const b = guard("parseListenAddress", () => parseListenAddress(v));
  if (!isDeepStrictEqual(a, b)) fail("deterministic", `two parses of ${show(v)} differ`);
  switch (a.kind) {
    case "inet": {
      if (!Number.isInteger(a.port) || a.port < 1 || a.port > 65535) fail("structure", `port ${a.port} for ${show(v)}`);
      if (a.family === 4 ? !parseIPv4(a.address) : !parseIPv6(a.address)) fail("structure", `address ${a.address} does not parse again`);
      const text = guard("formatAddress", () => formatAddress(a));
      const back = guard("parseListenAddress", () => parseListenAddress(text));
      if (back.kind !== "inet" || back.address !== a.address || back.port !== a.port || back.family !== a.family) {
        fail("round-trip", `${show(v)} -> ${text} -> ${show(back)}`);
      }
      break;
    }
    case "unix":
      if (!v.startsWith("/") || !a.path.startsWith("/")) fail("structure", `unix path ${show(a.path)} for ${show(v)}`);
      break;
    case "abstract":
      if (!v.startsWith("@")) fail("structure", `abstract ${show(a.name)} for ${show(v)}`);
      break;
    case "vsock":
      if (!Number.isInteger(a.port) || a.port < 0) fail("structure", `vsock port ${a.port}`);
      break;
    case "invalid":
      if (typeof a.reason !== "string" || a.reason.length === 0) fail("structure", `invalid without a reason for ${show(v)}`);
      break;
    default:
      fail("structure", `unknown kind ${show(a)}`);
  }
}

function checkAsteriskAddressOne(v: string): void {
  const a = guard("parseAsteriskAddress", () => parseAsteriskAddress(v));
  const b = guard("parseAsteriskAddress", () => parseAsteriskAddress(v));
  if (!isDeepStrictEqual(a, b)) fail("deterministic", `two parses of ${show(v)} differ`);
  if (a === null) return;
  if (!v.includes(a.address)) fail("position-inside-input", `address ${show(a.address)} is not part of ${show(v)}`);
  if (a.family === 4 ? !parseIPv4(a.address) : !parseIPv6(a.address)) fail("structure", `address ${a.address} does not parse again`);
  if (a.port !== null && (!Number.isInteger(a.port) || a.port < 0)) fail("structure", `port ${a.port}`);
}

const EXEC_WS = new Set([" ", "\t", "\n", "\r"]);
const onlyWs = (s: string) => [...s].every((c) => EXEC_WS.has(c));

function checkExecOne(v: string): void {
  for (const options of [{}, { viaShell: true }]) {
    const p = guard("parseExecLine", () => parseExecLine(v, options));
    const q = guard("parseExecLine", () => parseExecLine(v, options));
    if (!isDeepStrictEqual(p, q)) fail("deterministic", `two parses of ${show(v)} differ`);
    const split = guard("splitWords", () => splitWords(v));
    // Words: inside the value, in order, separated by whitespace only; re-joined they give the value.
    let at = 0;
    let rebuilt = "";
    for (const w of split.words) {
      if (!(Number.isInteger(w.start) && Number.isInteger(w.end) && w.start >= at && w.end > w.start && w.end <= v.length)) {
        fail("position-inside-input", `word [${w.start},${w.end}) after ${at} in a value of ${v.length}`);
      }
      const gap = v.slice(at, w.start);
      if (!onlyWs(gap)) fail("tokens-rejoin", `non-blank text ${show(gap)} between words of ${show(v)}`);
      rebuilt += gap + v.slice(w.start, w.end);
      at = w.end;
    }
    if (split.error) {
      const e = split.error.offset;
      if (!(e >= at && e < v.length)) fail("position-inside-input", `error offset ${e} (last word ended at ${at}, length ${v.length})`);
      if (!onlyWs(v.slice(at, e))) fail("tokens-rejoin", `text skipped before the error at ${e}`);
      rebuilt += v.slice(at);
    } else {
      if (!onlyWs(v.slice(at))) fail("tokens-rejoin", `text ${show(v.slice(at))} after the last word`);
      rebuilt += v.slice(at);
    }
    if (rebuilt !== v) fail("tokens-rejoin", `words re-joined differ from ${show(v)}`);
    for (const u of split.unknownEscapes) {
      if (!(u.offset >= 0 && u.offset < v.length && v.startsWith(u.text, u.offset))) fail("position-inside-input", `unknown escape ${show(u)}`);
    }
    // Commands: ordered, inside the value, made of the split's words.
    const starts = new Set(split.words.map((w) => `${w.start}:${w.end}`));
    let prevEnd = 0;
    for (const c of p.commands) {
      if (!(c.start >= prevEnd && c.end >= c.start && c.end <= v.length)) fail("position-inside-input", `command [${c.start},${c.end}) in ${v.length}`);
      prevEnd = c.end;
      if (c.words.length === 0) fail("structure", "command without words");
      for (const w of c.words) if (!starts.has(`${w.start}:${w.end}`)) fail("structure", `command word [${w.start},${w.end}) is not a word of the value`);
      if (!c.words[0]!.text.startsWith(c.prefixes)) fail("structure", `prefixes ${show(c.prefixes)} are not on the first word`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Targets and properties
// ---------------------------------------------------------------------------------------------

const LONG_UNIT = ["x".repeat(5000), "\\".repeat(257) + "\n", "=".repeat(1000)];
const LONG_ASTERISK = ["x".repeat(8189), "x".repeat(8191), ";--".repeat(130), "--;".repeat(130)];

export const TARGETS: FuzzTarget[] = [
  {
    name: "unit",
    check: checkUnit,
    strings: textArb(UNIT_FRAGMENTS, 40, LONG_UNIT),
    bytes: bytesArb(UNIT_FRAGMENTS, 40, LONG_UNIT),
  },
  {
    name: "asterisk",
    check: checkAsterisk,
    strings: textArb(ASTERISK_FRAGMENTS, 40, LONG_ASTERISK),
    bytes: bytesArb(ASTERISK_FRAGMENTS, 40, LONG_ASTERISK),
  },
  {
    name: "listen-address",
    check: (input) => stringsOf(input).forEach(checkListenOne),
    strings: textArb(LISTEN_FRAGMENTS, 12),
    bytes: bytesArb(LISTEN_FRAGMENTS, 12),
  },
  {
    name: "asterisk-address",
    check: (input) => stringsOf(input).forEach(checkAsteriskAddressOne),
    strings: textArb(ASTERISK_ADDRESS_FRAGMENTS, 12),
    bytes: bytesArb(ASTERISK_ADDRESS_FRAGMENTS, 12),
  },
  {
    name: "exec-line",
    check: (input) => stringsOf(input).forEach(checkExecOne),
    strings: textArb(EXEC_FRAGMENTS, 16),
    bytes: bytesArb(EXEC_FRAGMENTS, 16),
  },
];

export function targetByName(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}

export interface FuzzProperty {
  /** `<target>/strings` or `<target>/bytes`. */
  id: string;
  target: FuzzTarget;
  kind: "strings" | "bytes";
  property: fc.IProperty<[FuzzInput]>;
}

/** One property per target and input kind. */
export function properties(): FuzzProperty[] {
  const out: FuzzProperty[] = [];
  for (const target of TARGETS) {
    out.push({
      id: `${target.name}/strings`,
      target,
      kind: "strings",
      property: fc.property(target.strings as fc.Arbitrary<FuzzInput>, (s) => {
        target.check(s);
      }),
    });
    out.push({
      id: `${target.name}/bytes`,
      target,
      kind: "bytes",
      property: fc.property(target.bytes as fc.Arbitrary<FuzzInput>, (b) => {
        target.check(b);
      }),
    });
  }
  return out;
}

/** Runs one property for `numRuns` cases; the details carry the (shrunk) counterexample. */
export function runProperty(p: FuzzProperty, numRuns: number, seed?: number): fc.RunDetails<[FuzzInput]> {
  return fc.check(p.property, { numRuns, ...(seed !== undefined ? { seed } : {}) });
}
