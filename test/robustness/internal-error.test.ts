/**
 * Errors inside astlint: a rule that throws becomes ONE `internal-error` finding naming the rule
 * and a file, the other rules still run, the exit code stays 0/1 (2 is for usage and fatal
 * errors only), and the stack trace is shown only with --debug.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from "@jest/globals";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Rule } from "../../src/rules/rule.js";

const boom: Rule = {
  meta: { id: "boom", severity: "warning", description: "a rule that crashes" },
  check(ctx) {
    const f = ctx.model.unitFiles.find((u) => u.unitName === "orphan.socket")!;
    ctx.report({ at: { file: f.display, line: 1, column: 1, endLine: 1, endColumn: 1 }, message: "seen before the crash" });
    throw new Error("kaboom");
  },
};

// The CLI runs ALL_RULES: add the crashing rule to them.
const real = (await import("../../src/rules/index.js")) as { ALL_RULES: Rule[] };
jest.unstable_mockModule("../../src/rules/index.js", () => ({ ALL_RULES: [...real.ALL_RULES, boom] }));
const { main } = await import("../../src/cli/main.js");
const { lint } = await import("../../src/lint.js");

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "astlint-crash-"));
  const dir = path.join(root, "etc/systemd/system");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "orphan.socket"), "[Socket]\nListenStream=127.0.0.1:7001\nService=nothere.service\n");
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("a rule that throws", () => {
  test("one internal-error finding naming the rule and the file; the other rules still run", async () => {
    const r = await lint({ paths: [], root, rules: [...real.ALL_RULES, boom] });
    const internal = r.findings.filter((f) => f.ruleId === "internal-error");
    expect(internal.length).toBe(1);
    expect(internal[0]!.severity).toBe("error");
    expect(internal[0]!.message).toMatch(/rule boom crashed/);
    expect(internal[0]!.file).toBe(path.join(root, "etc/systemd/system/orphan.socket"));
    expect(internal[0]!.message).toContain("kaboom");
    expect(internal[0]!.line).toBeGreaterThanOrEqual(1);
    expect(r.findings.some((f) => f.ruleId === "socket-service-missing")).toBe(true);
    expect(r.debug.join("\n")).toMatch(/rule boom crashed: Error: kaboom\n\s+at /);
  });

  test("the CLI: exit 1 (an error-level finding, not a fatal error), no stack trace without --debug", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), isTTY: false, env: {}, cwd: root };
    expect(await main(["--root", root, "--format", "json"], io)).toBe(1);
    expect(err.join("")).toBe("");
    const ids = (JSON.parse(out.join("")).findings as { ruleId: string }[]).map((f) => f.ruleId);
    expect(ids.filter((id) => id === "internal-error").length).toBe(1);
    expect(ids).toContain("socket-service-missing");
  });

  test("the CLI with --debug prints the stack trace on stderr", async () => {
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (s: string) => void err.push(s), isTTY: false, env: {}, cwd: root };
    expect(await main(["--root", root, "--debug"], io)).toBe(1);
    expect(err.join("")).toMatch(/rule boom crashed: Error: kaboom\n\s+at /);
  });
});
