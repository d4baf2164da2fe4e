/**
 * The fuzz properties of fuzz-properties.ts at a small bound (so `npm test` stays fast), plus
 * every saved regression input under test/robustness/regressions/ (written by `npm run fuzz`).
 * FUZZ_RUNS=N overrides the bound.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { decodeRegression, properties, runProperty, systemdLineLengths, targetByName, TARGETS, wtf8Decode, wtf8Encode } from "./fuzz-properties.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const REGRESSIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), "regressions");

describe("fuzz properties (small bound)", () => {
  for (const p of properties()) {
    test(`${p.id}: never throws, positions inside the input, tokens re-join, deterministic`, () => {
      const details = runProperty(p, RUNS);
      if (details.failed) {
        const input = details.counterexample?.[0];
        throw new Error(
          `${p.id} failed after ${details.numRuns} runs (seed ${details.seed}, path ${details.counterexamplePath}):\n` +
            `${(details.errorInstance as Error)?.message}\ninput: ${JSON.stringify(typeof input === "string" ? input : Array.from(input ?? []))}`,
        );
      }
    });
  }
});

describe("saved regression inputs", () => {
  const files = fs.existsSync(REGRESSIONS) ? fs.readdirSync(REGRESSIONS).filter((f) => f.endsWith(".bin")).sort() : [];
  test("every regression file names a known target", () => {
    for (const f of files) {
      const name = f.replace(/-[0-9a-f]+\.bin$/, "");
      expect(TARGETS.map((t) => t.name)).toContain(name);
    }
  });
  for (const f of files) {
    test(`replays ${f}`, () => {
      const target = targetByName(f.replace(/-[0-9a-f]+\.bin$/, ""))!;
      const bytes = new Uint8Array(fs.readFileSync(path.join(REGRESSIONS, f)));
      for (const input of decodeRegression(bytes)) target.check(input);
    });
  }
});

describe("fuzz helpers", () => {
  test("WTF-8 round-trips any string, lone surrogates included", () => {
    for (const s of ["", "abc", "é😀", "\uD800", "a\uDC00b", "\uDBFF\uDFFF", "\uFFFD\u0000"]) {
      expect(wtf8Decode(wtf8Encode(s))).toBe(s);
    }
  });
  test("physical lines split like read_line_full()", () => {
    expect(systemdLineLengths("")).toEqual([]);
    expect(systemdLineLengths("a\nb")).toEqual([1, 1]);
    expect(systemdLineLengths("a\r\nb\n")).toEqual([1, 1]);
    expect(systemdLineLengths("a\n\rb\r\rc")).toEqual([1, 1, 0, 1]);
    expect(systemdLineLengths("a\n\0b\0\nc")).toEqual([1, 1, 0, 1]);
    expect(systemdLineLengths("\n\n")).toEqual([0, 0]);
  });
});
