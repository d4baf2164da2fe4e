/**
 * Text edits: helpers on LF, CRLF and unterminated files, and properties — random edits and the
 * fixes rules compute on random unit files never change a byte outside their ranges, and never
 * remove a comment line.
 */
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { appendLinesEdit, applyEdits, deleteLinesEdit, EditIndex, insertLinesEdit, lineStarts, type EditTarget } from "../../src/fix/edits.js";
import { lint } from "../../src/lint.js";
import type { TextEdit } from "../../src/core/types.js";

const target = (text: string): EditTarget => ({ display: "f", path: "/f", text });

/**
 * The independent oracle for EditIndex: do two edits of the same file touch the same text?
 * Touching ranges do not; two insertions at one point do; a file created by one edit conflicts
 * with any other edit of it.
 */
function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  if (a.create || b.create) return true;
  const cmp = (l1: number, c1: number, l2: number, c2: number) => l1 - l2 || c1 - c2;
  const aEmpty = cmp(a.line, a.column, a.endLine, a.endColumn) === 0;
  const bEmpty = cmp(b.line, b.column, b.endLine, b.endColumn) === 0;
  const ab = cmp(a.endLine, a.endColumn, b.line, b.column);
  const ba = cmp(b.endLine, b.endColumn, a.line, a.column);
  if (ab < 0 || ba < 0) return false;
  if (ab === 0 || ba === 0) return aEmpty && bEmpty;
  return true;
}

describe("edit helpers", () => {
  test("deleting lines takes their terminators; a last line without one leaves the line before it untouched", () => {
    const t = "a\nb\nc";
    expect(applyEdits(t, [deleteLinesEdit(target(t), 2, 2)])).toBe("a\nc");
    expect(applyEdits(t, [deleteLinesEdit(target(t), 3, 3)])).toBe("a\nb\n");
    expect(applyEdits(t, [deleteLinesEdit(target(t), 2, 3)])).toBe("a\n");
    expect(applyEdits("a\r\nb", [deleteLinesEdit(target("a\r\nb"), 2, 2)])).toBe("a\r\n");
    expect(applyEdits("only", [deleteLinesEdit(target("only"), 1, 1)])).toBe("");
  });

  test("inserted and appended lines use the file's line ending", () => {
    const crlf = "[Unit]\r\nA=1\r\n";
    expect(applyEdits(crlf, [insertLinesEdit(target(crlf), 2, ["B=2"])])).toBe("[Unit]\r\nA=1\r\nB=2\r\n");
    expect(applyEdits("[Unit]\nA=1", [insertLinesEdit(target("[Unit]\nA=1"), 2, ["B=2"])])).toBe("[Unit]\nA=1\nB=2");
    expect(applyEdits(crlf, [appendLinesEdit(target(crlf), ["[Service]", "X=1"])])).toBe("[Unit]\r\nA=1\r\n\r\n[Service]\r\nX=1\r\n");
    expect(applyEdits("", [appendLinesEdit(target(""), ["[Service]"])])).toBe("[Service]\n");
  });

  test("overlapping edits are detected; touching ones are not, two insertions at one point are", () => {
    const e = (l: number, c: number, el: number, ec: number): TextEdit => ({ file: "f", line: l, column: c, endLine: el, endColumn: ec, text: "x" });
    const conflict = (a: TextEdit, b: TextEdit) => {
      const index = new EditIndex();
      index.add(a);
      return index.overlaps(b);
    };
    expect(conflict(e(1, 1, 1, 5), e(1, 5, 1, 7))).toBe(false);
    expect(conflict(e(1, 1, 1, 5), e(1, 4, 1, 7))).toBe(true);
    expect(conflict(e(2, 1, 2, 1), e(2, 1, 2, 1))).toBe(true);
    expect(conflict(e(2, 1, 2, 1), e(1, 1, 2, 1))).toBe(false);
    expect(conflict({ ...e(1, 1, 1, 1), create: true }, e(3, 1, 3, 2))).toBe(true);
    expect(conflict(e(1, 1, 1, 5), { ...e(1, 1, 1, 5), file: "g", path: "/g" })).toBe(false);
    expect(() => applyEdits("abc", [e(1, 1, 1, 3), e(1, 2, 1, 4)])).toThrow();
    expect(() => applyEdits("abc", [e(3, 1, 3, 2)])).toThrow();
  });
});

/** Byte offset of (line, column) computed independently: UTF-8 bytes of the line's UTF-16 prefix. */
function byteOffset(text: string, line: number, column: number): number {
  const starts = lineStarts(text);
  const s = line - 1 < starts.length ? starts[line - 1] : text.length;
  return Buffer.byteLength(text.slice(0, s + column - 1), "utf8");
}

/** Checks that `after` equals `before` outside the edits' byte ranges, in order. */
function unchangedOutside(before: string, after: string, edits: TextEdit[]): void {
  const b = Buffer.from(before, "utf8");
  const a = Buffer.from(after, "utf8");
  const ranges = edits
    .map((e) => ({ s: byteOffset(before, e.line, e.column), e: byteOffset(before, e.endLine, e.endColumn), t: Buffer.from(e.text, "utf8") }))
    .sort((x, y) => x.s - y.s || x.e - y.e);
  let pa = 0;
  let pb = 0;
  for (const r of ranges) {
    const keep = b.subarray(pb, r.s);
    expect(a.subarray(pa, pa + keep.length).equals(keep)).toBe(true);
    pa += keep.length;
    expect(a.subarray(pa, pa + r.t.length).equals(r.t)).toBe(true);
    pa += r.t.length;
    pb = r.e;
  }
  expect(a.subarray(pa).equals(b.subarray(pb))).toBe(true);
}

const lineArb = fc.oneof(
  fc.constantFrom("", "# comment ÄÖ", "; another", "  # indented", "x=é😀", "[Unit]"),
  fc.string({ unit: fc.constantFrom("a", "=", " ", "é", "😀", "\\", "\t") }),
);
const textArb = fc.tuple(fc.array(lineArb, { maxLength: 12 }), fc.array(fc.constantFrom("\n", "\r\n"), { minLength: 12, maxLength: 12 }), fc.boolean()).map(([lines, eols, final]) =>
  lines.map((l, i) => l + (i < lines.length - 1 || final ? eols[i] : "")).join(""),
);

describe("properties", () => {
  test("random non-overlapping edits change nothing outside their ranges (UTF-8 bytes)", () => {
    fc.assert(
      fc.property(textArb, fc.array(fc.tuple(fc.nat(), fc.nat(4), fc.string({ maxLength: 4 })), { maxLength: 4 }), (text, raw) => {
        // Edits at code-point boundaries, sorted and made disjoint.
        const cps: number[] = [];
        for (let i = 0; i <= text.length; i++) if (i === text.length || !(text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff)) cps.push(i);
        const starts = lineStarts(text);
        const pos = (off: number) => {
          let l = 0;
          while (l + 1 < starts.length && starts[l + 1] <= off) l++;
          return { line: l + 1, column: off - starts[l] + 1 };
        };
        let last = 0;
        const edits: TextEdit[] = [];
        for (const [a, len, t] of raw.map(([a, l, t]) => [cps[a % cps.length], l, t] as const).sort((x, y) => x[0] - y[0])) {
          if (a < last) continue;
          const endIdx = Math.min(cps.indexOf(a) + len, cps.length - 1);
          const e = cps[endIdx];
          const s = pos(a);
          const en = pos(e);
          edits.push({ file: "f", line: s.line, column: s.column, endLine: en.line, endColumn: en.column, text: t });
          last = e + 1;
        }
        unchangedOutside(text, applyEdits(text, edits), edits);
      }),
      { numRuns: 25 },
    );
  });

  test("the fixes rules compute on random unit files touch only their ranges and keep comment lines", async () => {
    const pieces = fc.constantFrom(
      "# a comment",
      "; a comment too",
      "",
      "[Unit]",
      "[unit]",
      "[Install]",
      "[install]",
      "[Service]",
      "Description=d ÄÖ😀",
      "BindTo=network.target",
      "ConditionNull=true",
      "Descripton=typo",
      "PIDFile=/var/run/x.pid",
      "StandardOutput=syslog",
      "StartLimitBurst=5",
      "Restart=on-falure",
      "Restart=always",
      "ExecStart=/usr/bin/x \\",
      "  --flag",
      "WantedBy=multi-user.target",
    );
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-fixprop-"));
    const file = path.join(root, "etc/systemd/system/x.service");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let fixesSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(pieces, { minLength: 1, maxLength: 14 }), fc.constantFrom("\n", "\r\n"), async (lines, eol) => {
        const text = lines.join(eol) + eol;
        fs.writeFileSync(file, text);
        const r = await lint({ paths: [], root, systemdVersion: 252 });
        for (const f of r.findings) {
          if (!f.fix) continue;
          fixesSeen++;
          const after = applyEdits(text, f.fix.edits);
          unchangedOutside(text, after, f.fix.edits);
          // No edit removes a comment line.
          const kept = (t: string) => t.split(/\r?\n/).filter((l) => /^\s*[#;]/.test(l)).sort();
          expect(kept(after)).toEqual(expect.arrayContaining(kept(text)));
          // CRLF files stay CRLF.
          if (eol === "\r\n") expect(after.replace(/\r\n/g, "")).not.toContain("\n");
        }
      }),
      { numRuns: 60 },
    );
    expect(fixesSeen).toBeGreaterThan(20);
  });
});

describe("--fix on random unit files", () => {
  test("converges: a second run changes nothing, and the parser finds no new problem", async () => {
    const { runFixes } = await import("../../src/cli/fix-run.js");
    const pieces = fc.constantFrom(
      "# c",
      "",
      "[Unit]",
      "[install]",
      "[Service]",
      "BindTo=a.service",
      "ConditionNull=true",
      "Descripton=x",
      "PIDFile=/var/run/x.pid",
      "StandardOutput=syslog",
      "StartLimitBurst=5",
      "StartLimitInterval=5",
      "Restart=on-falure",
      "Restart=always",
      "WatchdogSec=5",
      "ExecStart=/usr/bin/x \\",
      "  --flag",
      "WantedBy=multi-user.target",
    );
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-fixconv-"));
    const file = path.join(root, "etc/systemd/system/x.service");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await fc.assert(
      fc.asyncProperty(fc.array(pieces, { minLength: 1, maxLength: 12 }), fc.constantFrom("\n", "\r\n"), async (lines, eol) => {
        fs.writeFileSync(file, lines.join(eol) + eol);
        const options = { paths: [], root, systemdVersion: 252 };
        // What the parser finds wrong (independent of which findings a section hides): fixes add none.
        const problems = (r: { model: { unitFiles: { ast: { problems: unknown[] } }[] } }) => r.model.unitFiles.reduce((n, f) => n + f.ast.problems.length, 0);
        const before = await lint(options);
        const first = await runFixes(options, true);
        expect(first.unfinished).toBe(false);
        expect(problems(first.result)).toBeLessThanOrEqual(problems(before));
        for (const c of first.changes) fs.writeFileSync(c.host, c.after);
        const second = await runFixes(options, true);
        expect(second.changes.map((c) => c.display)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

describe("never wider", () => {
  test("a socket moves only to an address no more hosts can reach", async () => {
    const { notWider } = await import("../../src/rules/socket-address-mismatch.js");
    const { parseListenAddress } = await import("../../src/net/socket-address.js");
    const w = (a: string, b: string) => notWider(parseListenAddress(a), parseListenAddress(b));
    expect(w("5038", "0.0.0.0:5038")).toBe(true); // dual-stack [::] -> IPv4 wildcard
    expect(w("0.0.0.0:5038", "127.0.0.1:5038")).toBe(true);
    expect(w("0.0.0.0:5038", "192.0.2.1:5038")).toBe(true);
    expect(w("127.0.0.1:5038", "[::1]:5038")).toBe(true);
    expect(w("127.0.0.1:5038", "0.0.0.0:5038")).toBe(false);
    expect(w("127.0.0.1:5038", "192.0.2.1:5038")).toBe(false);
    expect(w("0.0.0.0:5038", "[::]:5038")).toBe(false); // adds IPv6
    expect(w("192.0.2.1:5038", "198.51.100.1:5038")).toBe(false); // another network: not known to be narrower
  });
});

describe("write order", () => {
  test("the files of a fix spanning files are written in the fix's order; a cycle keeps first-change order", async () => {
    const { writeOrder } = await import("../../src/cli/fix-run.js");
    const change = (p: string) => ({ display: p, path: p, host: p, before: null, after: new Uint8Array(), asterisk: false });
    const edit = (p: string) => ({ file: p, path: p, line: 1, column: 1, endLine: 1, endColumn: 1, text: "" });
    const fix = (...ps: string[]) => ({ safe: true, description: "", edits: ps.map(edit) });
    const names = (cs: { path: string }[]) => cs.map((c) => c.path);
    expect(names(writeOrder([change("/conf"), change("/unit"), change("/x")], [fix("/unit", "/conf"), fix("/x")]))).toEqual(["/unit", "/x", "/conf"]);
    expect(names(writeOrder([change("/a"), change("/b")], [fix("/a", "/b"), fix("/b", "/a")]))).toEqual(["/a", "/b"]);
  });
});

describe("EditIndex", () => {
  test("agrees with editsOverlap on random edits", async () => {
    const editArb = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 4 })).map(
      ([line, column, dl, len]): TextEdit => ({ file: "f", line, column, endLine: line + dl, endColumn: dl === 0 ? column + len : 1 + len, text: "" }),
    );
    fc.assert(
      fc.property(fc.array(editArb, { maxLength: 8 }), editArb, (accepted, e) => {
        const index = new EditIndex();
        const kept: TextEdit[] = [];
        for (const a of accepted) {
          if (kept.some((k) => editsOverlap(k, a))) continue;
          kept.push(a);
          index.add(a);
        }
        expect(index.overlaps(e)).toBe(kept.some((k) => editsOverlap(k, e)));
      }),
      { numRuns: 500 },
    );
  });
});
