import { describe, expect, it } from "@jest/globals";
import { compact } from "../../src/formatters/compact.js";
import { getFormatter } from "../../src/formatters/index.js";
import { expectGolden, makeContext, makeFindings } from "./fixtures.js";

// The errorformat `%f:%l:%c: %t%*[^:]: %m` as a regex, plus the trailing `[rule]`.
const LINE = /^(.+?):(\d+):(\d+): (error|warning|info): (.*) \[([a-z0-9-]+)\]$/;

describe("compact formatter", () => {
  it("matches the golden output", () => {
    expectGolden("compact.txt", compact(makeFindings(), makeContext()));
  });

  it("prints one parsable line per finding", () => {
    const findings = makeFindings();
    const lines = compact(findings, makeContext()).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(findings.length);
    lines.forEach((line, i) => {
      const m = LINE.exec(line);
      expect(m).not.toBeNull();
      const f = findings[i]!;
      expect(m!.slice(1)).toEqual([
        f.file,
        String(f.line),
        String(f.column),
        f.severity,
        f.message.replace(/\s*\n\s*/g, " ").replace(/\u0001/g, "\\x01"),
        f.ruleId,
      ]);
    });
    expect(lines[0]).toBe(
      "etc/systemd/system/asterisk-cli.socket:6:14: error: systemd binds /run/asterisk/asterisk.ctl but Asterisk expects /var/run/asterisk/asterisk.ctl [run-path-mismatch]",
    );
  });

  it("keeps a message with a line break on one line", () => {
    const f = { ...makeFindings()[0]!, message: "first\nsecond" };
    expect(compact([f], makeContext())).toBe("etc/systemd/system/asterisk-cli.socket:6:14: error: first second [run-path-mismatch]\n");
  });

  it("shows control characters instead of emitting them", () => {
    const f = { ...makeFindings()[0]!, message: "bad \u001b[31mred\u007f" };
    expect(compact([f], makeContext())).toContain(": error: bad \\x1B[31mred\\x7F [run-path-mismatch]");
  });

  it("is also registered as unix", async () => {
    const unix = await getFormatter("unix");
    expect(unix(makeFindings(), makeContext())).toBe(compact(makeFindings(), makeContext()));
  });
});
