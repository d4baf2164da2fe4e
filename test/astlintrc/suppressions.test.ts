import { describe, expect, it } from "@jest/globals";
import type { Finding } from "../../src/core/types.js";
import {
  DIRECTIVE_RULES,
  applySuppressions,
  collectDirectives,
  type CommentInput,
  type Directive,
} from "../../src/astlintrc/suppressions.js";

const KNOWN = new Set(["run-path-mismatch", "socket-address-mismatch", "execstop-cli-loop", "internal-error"]);

/** Comments of a unit file as the parser reports them: whole lines starting with `#` or `;`. */
function unitComments(text: string): CommentInput[] {
  const out: CommentInput[] = [];
  text.split("\n").forEach((line, i) => {
    const m = /^(\s*)[#;]/.exec(line);
    if (m) out.push({ text: line.slice(m[0].length), line: i + 1, column: m[1]!.length + 1 });
  });
  return out;
}

/** Comments of an Asterisk config: from the first unescaped `;` to the end of the line. */
function asteriskComments(text: string): CommentInput[] {
  const out: CommentInput[] = [];
  text.split("\n").forEach((line, i) => {
    const m = /(^|[^\\]);/.exec(line);
    if (!m) return;
    const at = m.index + m[1]!.length;
    out.push({ text: line.slice(at + 1), line: i + 1, column: at + 1, trailing: line.slice(0, at).trim() !== "" });
  });
  return out;
}

function finding(file: string, ruleId: string, line: number, column = 1): Finding {
  return {
    ruleId,
    severity: "error",
    file,
    line,
    column,
    endLine: line,
    endColumn: column + 5,
    message: `${ruleId} at ${line}`,
    notes: [],
    related: [],
  };
}

function run(file: string, directives: Directive[], findings: Finding[], reportUnused = false): Finding[] {
  return applySuppressions(findings, new Map([[file, directives]]), KNOWN, reportUnused);
}

const summary = (fs: Finding[]) => fs.map((f) => `${f.ruleId}@${f.line}:${f.column}`);

describe("collectDirectives", () => {
  it("parses the forms, rule lists, reasons and positions in a unit file", () => {
    const text = [
      "[Service]", // 1
      "# astlint-disable-next-line run-path-mismatch, execstop-cli-loop -- the socket is for tests", // 2
      "ExecStop=/usr/sbin/asterisk -rx 'core stop now'", // 3
      ";astlint-disable", // 4
      "  # astlint-enable execstop-cli-loop", // 5
      "# astlint-disable-file socket-address-mismatch", // 6
      "# just a comment mentioning astlint-disable", // 7
      "# astlint-disabled run-path-mismatch", // 8
    ].join("\n");
    const ds = collectDirectives(unitComments(text), "unit");
    expect(ds.map((d) => [d.type, d.line, d.rules.map((r) => r.id), d.reason])).toEqual([
      ["disable-next-line", 2, ["run-path-mismatch", "execstop-cli-loop"], "the socket is for tests"],
      ["disable", 4, [], undefined],
      ["enable", 5, ["execstop-cli-loop"], undefined],
      ["disable-file", 6, ["socket-address-mismatch"], undefined],
    ]);
    expect(ds[0]!.targetLine).toBe(3);
    // Columns: `# ` then the directive; rule IDs point at themselves.
    expect(ds[0]!.column).toBe(3);
    expect(ds[0]!.rules[0]).toEqual({ id: "run-path-mismatch", line: 2, column: 29, endColumn: 46 });
    expect(ds[0]!.rules[1]!.column).toBe(48);
    expect(ds[2]!.rules[0]!.column).toBe(20);
  });

  it("lets disable-next-line directives be stacked", () => {
    const text = ["# astlint-disable-next-line run-path-mismatch", "# astlint-disable-next-line execstop-cli-loop", "X=1"].join("\n");
    const ds = collectDirectives(unitComments(text), "unit");
    expect(ds.map((d) => d.targetLine)).toEqual([3, 3]);
  });

  it("accepts space-separated rule lists and a reason without rules", () => {
    const ds = collectDirectives([{ text: " astlint-disable run-path-mismatch execstop-cli-loop", line: 1, column: 1 }], "unit");
    expect(ds[0]!.rules.map((r) => r.id)).toEqual(["run-path-mismatch", "execstop-cli-loop"]);
    const all = collectDirectives([{ text: " astlint-disable-file -- generated file", line: 1, column: 1 }], "unit");
    expect(all[0]!.rules).toEqual([]);
    expect(all[0]!.reason).toBe("generated file");
  });

  it("recognises end-of-line disable-line only in Asterisk configs", () => {
    const text = [
      "[general]", // 1
      "bindaddr = 0.0.0.0 ; astlint-disable-line socket-address-mismatch", // 2
      "; astlint-disable-line socket-address-mismatch", // 3
      "port = 5038 ; plain comment", // 4
      "key = a\\;b ; astlint-disable-next-line", // 5
    ].join("\n");
    const ds = collectDirectives(asteriskComments(text), "asterisk");
    expect(ds.map((d) => [d.type, d.line, d.trailing, d.targetLine, d.misplaced !== undefined])).toEqual([
      ["disable-line", 2, true, 2, false],
      ["disable-line", 3, false, undefined, true],
      ["disable-next-line", 5, true, 6, false],
    ]);
    expect(ds[0]!.rules[0]!.column).toBe("bindaddr = 0.0.0.0 ; astlint-disable-line ".length + 1);
    const unit = collectDirectives([{ text: " astlint-disable-line run-path-mismatch", line: 4, column: 1 }], "unit");
    expect(unit[0]!.misplaced?.message).toMatch(/no effect in a unit file/);
  });
});

describe("applySuppressions in unit files", () => {
  const file = "etc/systemd/system/asterisk.service";
  const text = [
    "[Service]", // 1
    "# astlint-disable-next-line execstop-cli-loop -- tested elsewhere", // 2
    "ExecStop=/usr/sbin/asterisk -rx 'core stop now'", // 3
    "ExecStop=/bin/true", // 4
    "# astlint-disable run-path-mismatch", // 5
    "A=1", // 6
    "B=2", // 7
    "# astlint-enable run-path-mismatch", // 8
    "C=3", // 9
  ].join("\n");
  const directives = () => collectDirectives(unitComments(text), "unit");

  it("next-line suppresses only its rule on the next line", () => {
    const out = run(file, directives(), [
      finding(file, "execstop-cli-loop", 3),
      finding(file, "run-path-mismatch", 3),
      finding(file, "execstop-cli-loop", 4),
    ]);
    expect(summary(out)).toEqual(["run-path-mismatch@3:1", "execstop-cli-loop@4:1"]);
  });

  it("a disable/enable block covers the lines between", () => {
    const out = run(file, directives(), [
      finding(file, "run-path-mismatch", 6),
      finding(file, "run-path-mismatch", 7),
      finding(file, "socket-address-mismatch", 7),
      finding(file, "run-path-mismatch", 9),
    ]);
    expect(summary(out)).toEqual(["socket-address-mismatch@7:1", "run-path-mismatch@9:1"]);
  });

  it("disable without enable runs to the end of the file; disable-all with a targeted enable", () => {
    const t = ["# astlint-disable", "A=1", "# astlint-enable execstop-cli-loop", "B=2", "C=3"].join("\n");
    const out = run(file, collectDirectives(unitComments(t), "unit"), [
      finding(file, "run-path-mismatch", 2),
      finding(file, "execstop-cli-loop", 2),
      finding(file, "run-path-mismatch", 4),
      finding(file, "execstop-cli-loop", 5),
    ]);
    expect(summary(out)).toEqual(["execstop-cli-loop@5:1"]);
  });

  it("disable-file suppresses a rule anywhere in the file, and nothing in other files", () => {
    const t = ["X=1", "# astlint-disable-file run-path-mismatch"].join("\n");
    const other = "etc/systemd/system/other.service";
    const out = run(file, collectDirectives(unitComments(t), "unit"), [
      finding(file, "run-path-mismatch", 1),
      finding(file, "run-path-mismatch", 40),
      finding(file, "execstop-cli-loop", 1),
      finding(other, "run-path-mismatch", 1),
    ]);
    expect(out.map((f) => `${f.file}:${f.ruleId}`)).toEqual([`${file}:execstop-cli-loop`, `${other}:run-path-mismatch`]);
  });

  it("never suppresses internal-error", () => {
    const t = "# astlint-disable-file";
    const out = run(file, collectDirectives(unitComments(t), "unit"), [
      finding(file, "internal-error", 1),
      finding(file, "run-path-mismatch", 3),
    ]);
    expect(summary(out)).toEqual(["internal-error@1:1"]);
  });

  it("reports unknown rule IDs as errors at the ID, with a suggestion, and still applies known ones", () => {
    const t = ["# astlint-disable-next-line run-path-mismatc, execstop-cli-loop", "ExecStop=x"].join("\n");
    const out = run(file, collectDirectives(unitComments(t), "unit"), [
      finding(file, "execstop-cli-loop", 2),
      finding(file, "run-path-mismatch", 2),
    ]);
    expect(summary(out)).toEqual(["run-path-mismatch@2:1", "unknown-rule-in-directive@1:29"]);
    const unknown = out[1]!;
    expect(unknown).toEqual({
      ruleId: "unknown-rule-in-directive",
      severity: "error",
      file,
      line: 1,
      column: 29,
      endLine: 1,
      endColumn: 45,
      message: 'Unknown rule "run-path-mismatc" in astlint-disable-next-line: nothing is suppressed for it',
      notes: ["rule IDs have no namespace; `astlint --list-rules` lists them"],
      help: "did you mean `run-path-mismatch`? write `astlint-disable-next-line run-path-mismatch`",
      related: [],
    });
  });

  it("a directive with only unknown IDs suppresses nothing (and is not taken for 'all rules')", () => {
    const t = ["# astlint-disable-next-line systemd/unknown-key", "X=1"].join("\n");
    const out = run(file, collectDirectives(unitComments(t), "unit"), [finding(file, "run-path-mismatch", 2)], true);
    expect(summary(out)).toEqual(["run-path-mismatch@2:1", "unknown-rule-in-directive@1:29"]);
    expect(out[1]!.help).toBe("use a rule ID from `astlint --list-rules`, or remove this one from the directive");
  });

  it("reports unused directives only with reportUnused", () => {
    const t = [
      "# astlint-disable-next-line run-path-mismatch, execstop-cli-loop", // 1
      "ExecStop=x", // 2
      "# astlint-disable socket-address-mismatch", // 3
      "# astlint-enable socket-address-mismatch", // 4
      "# astlint-enable run-path-mismatch", // 5
      "# astlint-disable-file", // 6
    ].join("\n");
    const ds = collectDirectives(unitComments(t), "unit");
    const findings = [finding(file, "execstop-cli-loop", 2)];
    expect(summary(run(file, ds, findings, false))).toEqual([]);
    const out = run(file, ds, findings, true);
    expect(out.every((f) => f.ruleId === "unused-disable-directive" && f.severity === "warning")).toBe(true);
    expect(out.map((f) => [f.line, f.message, f.help])).toEqual([
      [
        1,
        '"astlint-disable-next-line run-path-mismatch, execstop-cli-loop" suppresses nothing for "run-path-mismatch": there is no run-path-mismatch finding on line 2',
        "remove `run-path-mismatch` from the directive",
      ],
      [3, '"astlint-disable socket-address-mismatch" suppresses nothing: there is no socket-address-mismatch finding in the lines it disables', "remove this directive"],
      [5, '"astlint-enable run-path-mismatch" re-enables nothing: "run-path-mismatch" is not disabled at line 5', "remove this directive"],
      [6, '"astlint-disable-file" suppresses nothing: there is no finding in this file', "remove this directive"],
    ]);
    expect(out[0]!.notes[0]).toMatch(/stale directive/);
    expect(out[0]!.column).toBe(3);
  });

  it("a used disable-file or disable-next-line is not reported", () => {
    const t = ["# astlint-disable-next-line", "X=1", "# astlint-disable-file execstop-cli-loop"].join("\n");
    const out = run(file, collectDirectives(unitComments(t), "unit"), [finding(file, "run-path-mismatch", 2), finding(file, "execstop-cli-loop", 9)], true);
    expect(out).toEqual([]);
  });

  it("reports a disable-line in a unit file even without reportUnused", () => {
    const t = "ExecStop=x\n# astlint-disable-line execstop-cli-loop";
    const out = run(file, collectDirectives(unitComments(t), "unit"), [finding(file, "execstop-cli-loop", 2), finding(file, "execstop-cli-loop", 1)]);
    expect(summary(out)).toEqual(["execstop-cli-loop@2:1", "execstop-cli-loop@1:1", "unused-disable-directive@2:3"]);
    expect(out[2]!.help).toBe("put `# astlint-disable-next-line execstop-cli-loop` on the line above the one it is about");
  });
});

describe("applySuppressions in Asterisk configs", () => {
  const file = "etc/asterisk/manager.conf";
  const text = [
    "[general]", // 1
    "enabled = yes", // 2
    "bindaddr = 0.0.0.0 ; astlint-disable-line socket-address-mismatch -- AMI is firewalled", // 3
    "; astlint-disable-next-line run-path-mismatch", // 4
    "port = 5038", // 5
    ";-- astlint-disable execstop-cli-loop --;", // 6 (block comment; text without the markers)
    "a = 1", // 7
    "; astlint-enable", // 8
    "b = 2", // 9
    "; astlint-disable-line socket-address-mismatch", // 10 (own line: no effect)
    "c = 3 ; astlint-disable-line nope", // 11
  ].join("\n");
  const comments = (): CommentInput[] =>
    asteriskComments(text).map((c) => (c.line === 6 ? { ...c, text: " astlint-disable execstop-cli-loop ", textColumn: 4 } : c));

  it("applies trailing disable-line, next-line and block comments", () => {
    const out = run(file, collectDirectives(comments(), "asterisk"), [
      finding(file, "socket-address-mismatch", 3, 12),
      finding(file, "run-path-mismatch", 3),
      finding(file, "run-path-mismatch", 5),
      finding(file, "execstop-cli-loop", 7),
      finding(file, "execstop-cli-loop", 9),
      finding(file, "socket-address-mismatch", 10),
      finding(file, "socket-address-mismatch", 11),
    ]);
    expect(summary(out)).toEqual([
      "run-path-mismatch@3:1",
      "execstop-cli-loop@9:1",
      "socket-address-mismatch@10:1",
      "socket-address-mismatch@11:1",
      "unused-disable-directive@10:3",
      "unknown-rule-in-directive@11:30",
    ]);
    expect(out[4]!.message).toBe('"astlint-disable-line socket-address-mismatch" on its own line has no effect: it applies to the line it ends');
    expect(out[4]!.help).toBe("move it to the end of the line it is about, or use `; astlint-disable-next-line socket-address-mismatch`");
  });

  it("places a directive inside a ;-- block comment with textColumn", () => {
    const d = collectDirectives(comments(), "asterisk").find((x) => x.line === 6)!;
    expect([d.type, d.column, d.rules[0]!.column]).toEqual(["disable", 5, 21]);
  });

  it("a trailing astlint-disable does not cover the code before it on its line", () => {
    const t = "a = 1 ; astlint-disable run-path-mismatch\nb = 2";
    const out = run(file, collectDirectives(asteriskComments(t), "asterisk"), [
      finding(file, "run-path-mismatch", 1),
      finding(file, "run-path-mismatch", 2),
    ]);
    expect(summary(out)).toEqual(["run-path-mismatch@1:1"]);
  });

  it("reports an unused trailing disable-line with its line", () => {
    const t = "a = 1 ; astlint-disable-line run-path-mismatch";
    const out = run(file, collectDirectives(asteriskComments(t), "asterisk"), [], true);
    expect(out.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
      [
        "unused-disable-directive",
        1,
        9,
        '"astlint-disable-line run-path-mismatch" suppresses nothing: there is no run-path-mismatch finding on line 1',
      ],
    ]);
  });
});

describe("DIRECTIVE_RULES", () => {
  it("describes the two directive rules with their severities", () => {
    expect(DIRECTIVE_RULES.map((r) => [r.id, r.severity])).toEqual([
      ["unknown-rule-in-directive", "error"],
      ["unused-disable-directive", "warning"],
    ]);
  });
});
