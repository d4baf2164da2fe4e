/**
 * What one file can produce and cost is bounded by the input: at most 1,000 findings per rule per
 * file (then one saying how many more), in every format; work that grows linearly with the lines.
 */
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { main, readStdinCapped, type Io } from "../../src/cli/main.js";
import { MAX_FILE_BYTES } from "../../src/io/fs.js";
import { FORMAT_NAMES } from "../../src/formatters/index.js";
import { MAX_FINDINGS_PER_RULE_PER_FILE } from "../../src/engine.js";
import { lint } from "../../src/lint.js";
import { makeTree } from "../helpers.js";

function io(cwd: string) {
  const out: string[] = [];
  const value: Io = { stdout: (s) => out.push(s), stderr: () => {}, isTTY: false, env: {}, cwd };
  return { io: value, out: () => out.join("") };
}

describe("the finding cap", () => {
  test("1,501 duplicate lines: 1,000 findings and one saying 500 more, per file", async () => {
    expect(MAX_FINDINGS_PER_RULE_PER_FILE).toBe(1000);
    const dir = makeTree({
      "a.service": "[Service]\nExecStart=/bin/true\n" + "Nice=1\n".repeat(1501),
      "b.service": "[Service]\nExecStart=/bin/true\n" + "Nice=1\n".repeat(11),
    });
    const r = await lint({ paths: [dir] });
    const dup = (file: string) => r.findings.filter((f) => f.ruleId === "duplicate-directive" && f.file === path.join(dir, file));
    const a = dup("a.service");
    expect(a).toHaveLength(1001);
    const more = a.filter((f) => f.message.startsWith("500 more duplicate-directive findings in this file are not shown"));
    expect(more).toHaveLength(1);
    expect(more[0]!.message).toContain("at most 1,000 per rule per file");
    expect(more[0]!.severity).toBe("warning");
    expect(dup("b.service")).toHaveLength(10);
  });

  test("every format shows the capped list", async () => {
    const dir = makeTree({ "a.service": "[Service]\nExecStart=/bin/true\n" + "Nice=1\n".repeat(1201) });
    const seen: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const format of FORMAT_NAMES) {
      const t = io(dir);
      await main([".", "-f", format], t.io);
      // 1,000 findings, plus the summary quoting the first dropped one; JUnit shows each message
      // twice (the failure's message attribute and its text), SARIF too (message text and markdown).
      seen[format] = t.out().split("Nice=1 is set again").length - 1;
      expected[format] = format === "junit" || format === "sarif" ? 2002 : 1001;
      expect(t.out()).toContain("200 more duplicate-directive findings");
    }
    expect(seen).toEqual(expected);
  });
});

describe("standard input", () => {
  test("is read up to the cap, not to the end (- < /dev/zero)", () => {
    const fd = fs.openSync("/dev/zero", "r");
    try {
      expect(readStdinCapped(MAX_FILE_BYTES + 1, fd).length).toBe(MAX_FILE_BYTES + 1);
    } finally {
      fs.closeSync(fd);
    }
  });

  test("too large: one unreadable-file finding naming the input as given, not an internal path", async () => {
    const t = io(process.cwd());
    t.io.readStdin = () => new Uint8Array(MAX_FILE_BYTES + 1);
    await main(["-", "--stdin-filename", "big.service", "-f", "json"], t.io);
    const findings = JSON.parse(t.out()).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "unreadable-file", file: "big.service" });
    expect(findings[0].message).toBe("astlint could not read big.service: it is larger than astlint's 4 MiB limit (4194305 bytes)");
  });
});

describe("a huge unit is bounded by its size", () => {
  test("100,000 duplicate lines: capped findings, and well under 4 KB of memory per line", async () => {
    const dir = makeTree({ "big.service": "[Service]\nExecStart=/bin/true\n" + "Nice=1\n".repeat(100_000) });
    const before = process.memoryUsage().rss;
    const r = await lint({ paths: [path.join(dir, "big.service")] });
    const grown = process.memoryUsage().rss - before;
    const counts = new Map<string, number>();
    for (const f of r.findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    expect(counts.get("duplicate-directive")).toBe(MAX_FINDINGS_PER_RULE_PER_FILE + 1);
    for (const n of counts.values()) expect(n).toBeLessThanOrEqual(MAX_FINDINGS_PER_RULE_PER_FILE + 1);
    // The regression this guards against held ~4 KB per line (2.6 GB for 590,000 lines).
    expect(grown / 100_000).toBeLessThan(4096);
  }, 60_000);
});
