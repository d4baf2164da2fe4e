/**
 * Regular expressions over untrusted text run in linear time.
 *
 * 1. A census of every RegExp literal in src/ (read with the TypeScript parser, so comments and
 *    strings are not mistaken for regexes): no RegExp is built at run time, and none has the
 *    shapes that backtrack badly: an unbounded quantifier over a group that itself contains a
 *    quantifier (`(a+)+`), two adjacent unbounded quantifiers over overlapping characters
 *    (`\s*[\r\n]+`, `\s+!?\s*`), or an unanchored leading unbounded quantifier that can fail
 *    after scanning a run (`\s+#`). Proven-linear exceptions are listed with the reason.
 * 2. Every function that applies regexes to file content (unit files, Asterisk configs,
 *    EnvironmentFile=, firewall files, suppression comments, values quoted into messages) is
 *    fed pathological inputs (long runs of `\`, `%`, `[`, `=`, `;--`, `:`, blanks, ...). The
 *    time budget is a RATIO: a 100k-character input may take at most ~50x the time of a 10k
 *    one (linear code takes ~10x, quadratic ~100x). No absolute timing is asserted.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { fileURLToPath } from "node:url";
import { parseUnitFile } from "../../src/parser/unit-parser.js";
import { parseAsteriskConfig } from "../../src/parser/asterisk-parser.js";
import { collectDirectives } from "../../src/astlintrc/suppressions.js";
import { parseExecLine } from "../../src/values/exec-command.js";
import { parseIPv4, parseIPv6, parseListenAddress } from "../../src/net/socket-address.js";
import { expandEnv, parseAsteriskAddress, parseCNumber, unitEnvironment } from "../../src/model/asterisk.js";
import { expandSpecifiers, parseUnitName, unescapeUnitPart } from "../../src/model/unit-names.js";
import { unescapePercent, validateSpecifiers } from "../../src/values/specifiers.js";
import { checkValue } from "../../src/values/value-check.js";
import { PARSERS } from "../../src/data/directives.js";
import { suggestKey, suggestSection } from "../../src/values/directive-table.js";
import { detectIptablesFamily, parseIptablesSave, splitArgs } from "../../src/firewall/iptables.js";
import { parseShellVars } from "../../src/firewall/ufw.js";
import { addrFamily, parseAddrSpec } from "../../src/firewall/addr-set.js";
import { portRange } from "../../src/firewall/model.js";
import { parseXml } from "../../src/firewall/firewalld.js";
import { detectFormat } from "../../src/firewall/reachability.js";
import { compact } from "../../src/formatters/compact.js";
import { escapeControl } from "../../src/formatters/types.js";
import { normalizeMessageForFingerprint } from "../../src/formatters/fingerprints.js";
import { RootFs, type FsBackend } from "../../src/io/fs.js";
import type { Unit } from "../../src/model/model.js";
import type { Finding } from "../../src/core/types.js";
import { cpuPerCall, growth } from "../cost.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// ---------------------------------------------------------------------------------------------
// 1. Census
// ---------------------------------------------------------------------------------------------

interface Literal {
  module: string;
  line: number;
  source: string;
  flags: string;
  /** A chevrotain token `pattern:` (the lexer matches it sticky, at one offset only). */
  sticky?: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

const dynamicRegexes: string[] = [];
const literals: Literal[] = [];
for (const file of sourceFiles(path.join(REPO, "src"))) {
  const module = path.relative(REPO, file);
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = (node as ts.RegularExpressionLiteral).text;
      const slash = text.lastIndexOf("/");
      const parent = node.parent;
      const sticky = ts.isPropertyAssignment(parent) && parent.name.getText() === "pattern";
      literals.push({ module, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, source: text.slice(1, slash), flags: text.slice(slash + 1), sticky });
    }
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText() === "RegExp") {
      dynamicRegexes.push(`${module}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

interface Atom {
  text: string;
  min: number;
  max: number;
  group: boolean;
  anchor: boolean;
  /** A group's own body had a quantifier somewhere inside. */
  quantifiedInside: boolean;
}

/** Splits a regex body into sequences of atoms (one sequence per alternative of each group). */
function sequences(body: string): Atom[][] {
  const seqs: Atom[][] = [];
  const stack: { atoms: Atom[]; start: number; quantified: boolean; alt: boolean }[] = [{ atoms: [], start: 0, quantified: false, alt: false }];
  let i = 0;
  const quantifier = (): { min: number; max: number } => {
    const c = body[i];
    let q: { min: number; max: number; len: number } | null = null;
    if (c === "*") q = { min: 0, max: Infinity, len: 1 };
    else if (c === "+") q = { min: 1, max: Infinity, len: 1 };
    else if (c === "?") q = { min: 0, max: 1, len: 1 };
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(body.slice(i));
      if (m) q = { min: Number(m[1]), max: m[2] === undefined ? Number(m[1]) : m[3] === "" ? Infinity : Number(m[3]), len: m[0].length };
    }
    if (!q) return { min: 1, max: 1 };
    i += q.len;
    if (body[i] === "?") i++; // lazy
    stack[stack.length - 1]!.quantified = true;
    return q;
  };
  while (i < body.length) {
    const c = body[i]!;
    let text: string;
    if (c === "\\") {
      const e = body[i + 1];
      text = e === "u" && body[i + 2] !== "{" ? body.slice(i, i + 6) : e === "x" ? body.slice(i, i + 4) : body.slice(i, i + 2);
      i += text.length;
    } else if (c === "[") {
      const s = i++;
      if (body[i] === "^") i++;
      if (body[i] === "]") i++;
      while (i < body.length && body[i] !== "]") i += body[i] === "\\" ? 2 : 1;
      i++;
      text = body.slice(s, i);
    } else if (c === "(") {
      stack.push({ atoms: [], start: i, quantified: false, alt: false });
      i++;
      if (body[i] === "?") {
        i++;
        if (body[i] === "<" && body[i + 1] !== "=" && body[i + 1] !== "!") {
          while (body[i] !== ">") i++;
          i++;
        } else i++;
      }
      continue;
    } else if (c === ")") {
      const g = stack.pop()!;
      seqs.push(g.atoms);
      i++;
      const inside = g.quantified;
      const q = quantifier();
      if (inside) stack[stack.length - 1]!.quantified = true;
      const only = g.atoms.length === 1 && !g.alt ? g.atoms[0]! : null;
      if (only && !only.group && !only.anchor && q.min === 1 && q.max === 1 && !body.slice(g.start, g.start + 3).match(/^\(\?[=!<]/)) {
        // `([^=]+)`: a capture around one atom behaves like the atom.
        stack[stack.length - 1]!.atoms.push(only);
      } else {
        stack[stack.length - 1]!.atoms.push({ text: body.slice(g.start, i), ...q, group: true, anchor: false, quantifiedInside: inside });
      }
      continue;
    } else if (c === "|") {
      seqs.push(stack[stack.length - 1]!.atoms);
      stack[stack.length - 1]!.atoms = [];
      stack[stack.length - 1]!.alt = true;
      i++;
      continue;
    } else if (c === "^" || c === "$") {
      i++;
      stack[stack.length - 1]!.atoms.push({ text: c, min: 1, max: 1, group: false, anchor: true, quantifiedInside: false });
      continue;
    } else {
      text = c;
      i++;
    }
    const q = quantifier();
    stack[stack.length - 1]!.atoms.push({ text, ...q, group: false, anchor: false, quantifiedInside: false });
  }
  seqs.push(stack[0]!.atoms);
  return seqs;
}

const SAMPLE_CHARS: string[] = [];
for (let c = 0; c < 0x250; c++) SAMPLE_CHARS.push(String.fromCharCode(c));
SAMPLE_CHARS.push("\u00a0", "\u2028", "\u3000", "\ufeff");

/** The sample characters a single (non-group) atom matches. */
function charsOf(a: Atom, flags: string): Set<string> | null {
  if (a.anchor || a.group) return null;
  const bare = a.text.replace(/(\*|\+|\?|\{\d+(,\d*)?\})\??$/, "");
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${bare})$`, flags.replace(/[gy]/g, ""));
  } catch {
    return null;
  }
  return new Set(SAMPLE_CHARS.filter((ch) => re.test(ch)));
}

function intersects(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function nestedQuantifiers(l: Literal): string[] {
  const out: string[] = [];
  for (const seq of sequences(l.source)) {
    for (const a of seq) if (a.group && a.max === Infinity && a.quantifiedInside) out.push(`nested quantifier ${a.text}`);
  }
  return out;
}

function overlappingNeighbours(l: Literal): string[] {
  const out: string[] = [];
  for (const seq of sequences(l.source)) {
    for (let i = 0; i < seq.length; i++) {
      if (seq[i]!.max !== Infinity) continue;
      const A = charsOf(seq[i]!, l.flags);
      if (!A) continue;
      for (let j = i + 1; j < seq.length; j++) {
        const B = charsOf(seq[j]!, l.flags);
        if (B && seq[j]!.max === Infinity && intersects(A, B)) {
          out.push(`${seq[i]!.text} ... ${seq[j]!.text} overlap`);
          break;
        }
        if (seq[j]!.min > 0) break;
      }
    }
  }
  return out;
}

/** `\s+#`: unanchored, starts with an unbounded run that a later required atom can make fail. */
function unanchoredLeadingRun(l: Literal): string[] {
  const top = sequences(l.source);
  const seq = top[top.length - 1]!;
  if (l.sticky || l.flags.includes("y") || top.length !== 1 || seq.length < 2) return [];
  const first = seq[0]!;
  if (first.anchor || first.group || first.max !== Infinity || l.source.startsWith("(?<!")) return [];
  // After the run, something required can fail: then the search restarts at every character of
  // the run and rescans it (quadratic). `(?<!\s)\s+#` (starts only at the run's first blank)
  // and runs that always succeed (`\s+`, `[^,]+`) are fine.
  const next = seq.slice(1).find((a) => a.min > 0);
  return next ? [`unanchored leading ${first.text} followed by required ${next.text}`] : [];
}

/**
 * Literals the shape checks flag that are nevertheless linear, with the reason. Key:
 * `module: /source/`.
 */
const PROVEN_LINEAR: Record<string, string> = {
  // Each repetition starts with a literal `.` that the inner class excludes: one way to split.
  "src/values/check-sockets.ts: /^:[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+$/": "the `.` separator is outside the repeated class",
  // Formatters and docs only (not file content), or runs that cannot fail after the first atom:
  "src/formatters/sarif.ts: /\\s*\\n\\s*/": "applied to astlint's own rule docs, not to file content",
};

describe("census of the RegExp literals in src/", () => {
  test("the census found them", () => {
    expect(literals.length).toBeGreaterThan(50);
  });

  test("no RegExp is built at run time (it could not be reviewed here)", () => {
    expect(dynamicRegexes).toEqual([]);
  });

  const flagged = (check: (l: Literal) => string[]) =>
    literals
      .map((l) => ({ key: `${l.module}: /${l.source}/`, where: `${l.module}:${l.line} /${l.source}/${l.flags}`, problems: check(l) }))
      .filter((x) => x.problems.length > 0 && !(x.key in PROVEN_LINEAR))
      .map((x) => `${x.where}: ${x.problems.join("; ")}`);

  test("no unbounded quantifier over a group that contains a quantifier", () => {
    expect(flagged(nestedQuantifiers)).toEqual([]);
  });

  test("no adjacent unbounded quantifiers over overlapping characters", () => {
    expect(flagged(overlappingNeighbours)).toEqual([]);
  });

  test("no unanchored leading run that can fail after scanning it", () => {
    expect(flagged(unanchoredLeadingRun)).toEqual([]);
  });

  test("the analysis recognises the bad shapes", () => {
    const lit = (source: string, flags = ""): Literal => ({ module: "x", line: 1, source, flags });
    expect(nestedQuantifiers(lit("^(a+)+$"))).not.toEqual([]);
    expect(nestedQuantifiers(lit("(?:\\s*,)*"))).not.toEqual([]);
    expect(nestedQuantifiers(lit("^(\\d{1,3}(?:\\.\\d{1,3}){3})$"))).toEqual([]);
    expect(overlappingNeighbours(lit("\\s*[\\r\\n]+\\s*", "g"))).not.toEqual([]);
    expect(overlappingNeighbours(lit("\\s-[sd]\\s+!?\\s*[0-9a-f]*:"))).not.toEqual([]);
    expect(overlappingNeighbours(lit("^\\s*([^=]+)\\s*=\\s*(.*)$"))).not.toEqual([]);
    expect(overlappingNeighbours(lit("\\s-[sd]\\s+(?:!\\s*)?[0-9a-f]*:"))).toEqual([]);
    expect(unanchoredLeadingRun(lit("\\s+#.*$"))).not.toEqual([]);
    expect(unanchoredLeadingRun(lit("(?<!\\s)\\s+#.*$"))).toEqual([]);
    expect(unanchoredLeadingRun(lit("\\s+", "g"))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Pathological inputs, time measured as a ratio
// ---------------------------------------------------------------------------------------------

/**
 * CPU milliseconds per call (cpuNow: time sliced away on a busy machine does not count): the
 * best of `trials` batches of calls lasting at least `batchMs` (and 3 ms) each.
 */
function perCall(fn: (s: string) => unknown, input: string, trials: number, batchMs: number): number {
  let best = Infinity;
  for (let trial = 0; trial < trials; trial++) best = Math.min(best, cpuPerCall(fn, input, Math.max(batchMs, 3)));
  return best;
}

/** A pathological string of about `n` characters. */
type Pattern = { name: string; make(n: number): string };
const rep = (unit: string, n: number) => unit.repeat(Math.max(1, Math.floor(n / unit.length)));
const run = (unit: string, tail = "\u0001!"): Pattern => ({ name: JSON.stringify(unit + "…" + tail), make: (n) => rep(unit, n) + tail });

const PATTERNS: Pattern[] = [
  run("\\"),
  run("\\", ""),
  run("%"),
  run("["),
  run("="),
  run(";--"),
  run("--;"),
  run(":"),
  run(" "),
  run("\t"),
  run("a"),
  run("0"),
  run("$"),
  run("${a"),
  run('"'),
  run("'"),
  run("-"),
  run("."),
  run("#"),
  run("\n"),
  run("\r"),
  run("a="),
  run("%%"),
  run("\\x"),
  run("1."),
  { name: "' -s' + blanks", make: (n) => " -s" + " ".repeat(n) + "x" },
  { name: "'[' + blanks", make: (n) => "[" + " ".repeat(n) },
  { name: "'a' + blanks + 'b'", make: (n) => "a" + " ".repeat(n) + "b" },
  // `.` stops at CR and U+2028 (a unit value can hold U+2028): `\s*(.*)$` then backtracks.
  { name: "blanks + 'x\\u2028y\\rz'", make: (n) => " ".repeat(n) + "x\u2028y\rz" },
  { name: "'/' run + 'x'", make: (n) => "/".repeat(n) + "x" },
  { name: "'&lt;' run", make: (n) => rep("&lt;", n) },
  { name: "'<a>' run", make: (n) => rep("<a>", n) },
];

/** Fewer patterns (and 1k/10k sizes) for the per-parser value checks: there are ~100 parsers. */
const VALUE_PATTERNS: Pattern[] = [run("\\"), run("0"), run(" "), { name: "'a' + blanks + 'x\\u2028y'", make: (n) => "a" + " ".repeat(n) + "x\u2028y" }];

/**
 * Fails when `fn` grows faster than linearly on any pattern: `big` characters may take at most
 * 50x the time of `small` (= big / 10) characters; linear code takes ~10x, quadratic ~100x.
 * A ratio over 50 is measured again more carefully and then confirmed on 4 x big (at most 8x the
 * time of big, minima of alternating runs), so that a one-off pause, a busy machine or an
 * allocation-size threshold between the two sizes does not fail a linear function.
 */
function expectLinear(fn: (s: string) => unknown, patterns: Pattern[] = PATTERNS, big = 100_000) {
  const small = big / 10;
  const slow: string[] = [];
  for (const p of patterns) {
    const smallInput = p.make(small);
    fn(smallInput); // warm-up
    const tSmall = perCall(fn, smallInput, 1, 1);
    // A quadratic function at `big` could take minutes: when `small` is already slow, compare
    // small / 10 -> small first and stop there.
    if (tSmall > 50) {
      const r = tSmall / Math.max(perCall(fn, p.make(small / 10), 3, 2), 1e-4);
      if (r > 50) {
        slow.push(`${p.name}: ${small} characters take ${r.toFixed(0)}x the time of ${small / 10}`);
        continue;
      }
    }
    const bigInput = p.make(big);
    let ratio = perCall(fn, bigInput, 1, 0) / Math.max(tSmall, 1e-4);
    if (ratio <= 50) continue;
    ratio = perCall(fn, bigInput, 3, 5) / Math.max(perCall(fn, smallInput, 5, 5), 1e-4);
    if (ratio <= 50) continue;
    // Confirmed on 4 x big against big, alternating and keeping minima (load only adds time):
    // linear code grows ~4x, quadratic ~16x.
    const confirm = growth(p.make, fn, big, 4, 3);
    if (confirm > 8) slow.push(`${p.name}: ${big} characters take ${ratio.toFixed(0)}x the time of ${small}, ${4 * big} ${confirm.toFixed(1)}x the time of ${big}`);
  }
  expect(slow).toEqual([]);
}

const enc = new TextEncoder();

/** A Unit with the given [Service] assignments (identity specifier expansion). */
function fakeUnit(assignments: { key: string; value: string }[]): Unit {
  return {
    assignments: assignments.map((a) => ({ section: "Service", key: a.key, value: a.value })),
    expand: (v: string) => v,
  } as unknown as Unit;
}

/** A RootFs whose only file is /env with the given text. */
function envFs(text: string): RootFs {
  const bytes = enc.encode(text);
  const backend: FsBackend = {
    lstat: (p) => (p === "/fake/env" ? { kind: "file", size: bytes.length } : { kind: "dir", size: 0 }),
    readlink: () => {
      throw Object.assign(new Error("EINVAL"), { code: "EINVAL" });
    },
    readdir: () => [],
    readFile: (_p, max) => bytes.subarray(0, max),
  };
  return new RootFs("/fake", backend);
}

function finding(message: string): Finding {
  return { ruleId: "x", severity: "warning", file: "f", line: 1, column: 1, endLine: 1, endColumn: 1, message, notes: [message], help: message, related: [] };
}

const UNIT_NAME = parseUnitName("foo@bar.service")!;

/**
 * Each entry: the module, the regexes of it the function applies to file content (listed so
 * the census above and this table stay in step: every one must still exist in the module),
 * and the function to drive.
 */
const CASES: { module: string; regexes: string[]; name: string; fn: (s: string) => unknown; patterns?: Pattern[] }[] = [
  {
    module: "src/parser/unit-parser.ts",
    regexes: ["[\\u0000-\\u001f\\u007f]"],
    name: "parseUnitFile (text)",
    fn: (s) => parseUnitFile(s, "x.service"),
  },
  {
    module: "src/parser/text-decode.ts",
    regexes: ["[\\uD800-\\uDFFF\\uFDD0-\\uFDEF\\uFFFE\\uFFFF]"],
    name: "parseUnitFile (bytes)",
    fn: (s) => parseUnitFile(enc.encode("[Service]\nExecStart=" + s + "\uFFFE\uD800"), "x.service"),
  },
  {
    module: "src/parser/unit-parser.ts",
    regexes: [],
    name: "parseUnitFile of an invalid section header",
    fn: (s) => parseUnitFile("[" + s, "x.service").problems,
  },
  {
    module: "src/parser/asterisk-lexer.ts",
    regexes: ["\\x00[^\\n]*", "[\\x01-\\x09\\x0b-\\x20]+", ";--(?!-)", "--;(?!--(?!-))", "-+?(?=--;(?!--(?!-)))|-+", "[^\\x00-\\x20;\\\\[\\]()#,=+-]+"],
    name: "parseAsteriskConfig",
    fn: (s) => parseAsteriskConfig(s, "x.conf"),
  },
  {
    module: "src/parser/asterisk-parser.ts",
    regexes: [],
    name: "parseAsteriskConfig of a section with a value",
    fn: (s) => parseAsteriskConfig("[general]\nkey = " + s + "\n[x](" + s, "x.conf"),
  },
  {
    module: "src/astlintrc/suppressions.ts",
    regexes: ["^(\\s*)astlint-(disable-next-line|disable-line|disable-file|disable|enable)(?=\\s|$)", "\\s-{2,}(?:\\s|$)", "\\r?\\n", "[^\\s,]+"],
    name: "collectDirectives",
    fn: (s) => [
      collectDirectives([{ text: " astlint-disable " + s, line: 1, column: 1 }], "unit"),
      collectDirectives([{ text: " astlint-disable-next-line a," + s + " -- " + s, line: 1, column: 1 }], "asterisk"),
      collectDirectives([{ text: s, line: 1, column: 1 }], "unit"),
    ],
  },
  {
    module: "src/values/exec-command.ts",
    regexes: ["^[0-9a-fA-F]{2}$", "^[0-7]{3}$", "^[0-9a-fA-F]{4}$", "^[0-9a-fA-F]{8}$"],
    name: "parseExecLine",
    fn: (s) => parseExecLine("/bin/x " + s),
  },
  {
    module: "src/net/socket-address.ts",
    regexes: ["^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$", "^[0-9a-fA-F]{1,4}$", "^\\[([^\\]]*)\\](?::(.*))?$", "^vsock:([^:]*):(.*)$"],
    name: "parseListenAddress / parseIPv4 / parseIPv6",
    fn: (s) => [parseListenAddress(s), parseListenAddress("[" + s), parseListenAddress("vsock:" + s), parseListenAddress("1.2.3.4:" + s + "%" + s), parseIPv4(s), parseIPv6(s)],
  },
  {
    module: "src/model/asterisk.ts",
    regexes: ["^\\[([^\\]]+)\\](?::(\\d+))?$", "^(\\d{1,3}(?:\\.\\d{1,3}){3})(?::(\\d+))?$", "^0[xX][0-9a-fA-F]+$", "^[1-9]\\d*$|^0$"],
    name: "parseAsteriskAddress / parseCNumber",
    fn: (s) => [parseAsteriskAddress(s), parseAsteriskAddress("[" + s), parseAsteriskAddress("1.2.3.4:" + s), parseCNumber(s), parseCNumber("0x" + s)],
  },
  {
    module: "src/model/asterisk.ts",
    regexes: ["\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}|\\$([A-Za-z_][A-Za-z0-9_]*)", "\"([^\"]*)\"|'([^']*)'|(\\S+)", "^(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(|\\S.*)$"],
    name: "expandEnv / unitEnvironment (Environment= and EnvironmentFile=)",
    fn: (s) => [
      expandEnv(s, new Map([["a", "1"]])),
      unitEnvironment(fakeUnit([{ key: "Environment", value: s }]), null),
      unitEnvironment(fakeUnit([{ key: "EnvironmentFile", value: "/env" }]), envFs("A=" + s + "\nexport " + s + "\n" + s)),
    ],
  },
  {
    module: "src/model/asterisk.ts",
    regexes: [":(\\d+)$"],
    name: "bindaddr port suffix (inside buildInstance)",
    fn: (s) => /:(\d+)$/.exec(s),
  },
  {
    module: "src/model/unit-names.ts",
    regexes: ["^[A-Za-z0-9:_.\\\\@-]+$"],
    name: "parseUnitName / unescapeUnitPart / expandSpecifiers",
    fn: (s) => [parseUnitName(s + ".service"), parseUnitName("a@" + s + ".service"), unescapeUnitPart(s), expandSpecifiers(s, { name: UNIT_NAME })],
  },
  {
    module: "src/values/specifiers.ts",
    regexes: ["^[A-Za-z0-9]$"],
    name: "validateSpecifiers / unescapePercent",
    fn: (s) => [validateSpecifiers(s, "unit", 252), unescapePercent(s)],
  },
  {
    module: "src/firewall/iptables.ts",
    regexes: ["^#.*ip6tables-save", "\\s-[sd]\\s+(?:!\\s*)?[0-9a-fA-F]*:"],
    name: "detectIptablesFamily / splitArgs / parseIptablesSave",
    fn: (s) => [detectIptablesFamily(s, "rules"), splitArgs("-A INPUT " + s), parseIptablesSave("*filter\n-A INPUT -s " + s + "\nCOMMIT\n", "rules.v4")],
  },
  {
    module: "src/firewall/ufw.ts",
    regexes: ["(?<!\\s)\\s+#.*$"],
    name: "parseShellVars",
    fn: (s) => parseShellVars("A=x" + s + "\n" + s + "=1\nB=" + s + "#c\n"),
  },
  {
    module: "src/firewall/addr-set.ts",
    regexes: ["^\\d{1,3}$"],
    name: "addrFamily / parseAddrSpec",
    fn: (s) => [addrFamily(s), parseAddrSpec(s, 4), parseAddrSpec(s, 6)],
  },
  {
    module: "src/firewall/model.ts",
    regexes: ["^([^:-]*)(?:[-:]([^:-]*))?$"],
    name: "portRange",
    fn: (s) => portRange(s),
  },
  {
    module: "src/firewall/firewalld.ts",
    regexes: ["&lt;"],
    name: "parseXml",
    fn: (s) => parseXml('<zone a="' + s + '">' + s + "</zone>"),
  },
  {
    module: "src/firewall/reachability.ts",
    regexes: ["^\\*(filter|raw|mangle|nat|security)[ \\t\\r]*$", "^:[A-Z]+ (ACCEPT|DROP|-)", "^[ \\t]*(table|flush[ \\t]+ruleset|add[ \\t]+(rule|table|chain)|include|define)\\b"],
    name: "detectFormat",
    fn: (s) => detectFormat(s),
  },
  {
    module: "src/formatters/compact.ts",
    regexes: ["\\s+", "[\\r\\n]"],
    name: "compact formatter / escapeControl / normalizeMessageForFingerprint (messages quote file content)",
    fn: (s) => [compact([finding(s)], {} as never), escapeControl(s), normalizeMessageForFingerprint(s)],
  },
];

describe("regexes over file content run in linear time (100k input <= ~50x the 10k time)", () => {
  test("every regex listed below still exists in its module", () => {
    const missing: string[] = [];
    for (const c of CASES) {
      for (const r of c.regexes) {
        if (!literals.some((l) => l.module === c.module && l.source === r)) missing.push(`${c.module}: /${r}/`);
      }
    }
    expect(missing).toEqual([]);
  });

  for (const c of CASES) {
    test(`${c.module}: ${c.name}`, () => expectLinear(c.fn, c.patterns));
  }

  test("src/values/directive-table.ts: did-you-mean for unknown keys and sections (edit distance, no regex)", () => {
    expectLinear((s) => [suggestKey("service", "Service", s, 252), suggestKey("socket", "Socket", "Listen" + s, 252), suggestSection("service", s)], VALUE_PATTERNS);
  });

  test("src/values/value-check.ts: checkValue for every parser of the directive table", () => {
    const slow: string[] = [];
    for (const parser of PARSERS) {
      try {
        expectLinear((s) => checkValue(parser, s, { version: 252, section: "Service", key: "X", unitType: "service" }), VALUE_PATTERNS, 10_000);
      } catch (e) {
        slow.push(`${parser}: ${(e as Error).message}`);
      }
    }
    expect(slow).toEqual([]);
  });
});
