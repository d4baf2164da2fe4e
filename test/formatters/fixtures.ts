/** Hand-built findings shared by the formatter tests (and their golden files). */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "@jest/globals";
import type { Finding } from "../../src/core/types.js";
import type { FormatContext } from "../../src/formatters/types.js";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../..");
export const CWD = "/work/project";

export function makeFindings(): Finding[] {
  return [
    {
      ruleId: "run-path-mismatch",
      severity: "error",
      file: "etc/systemd/system/asterisk-cli.socket",
      line: 6,
      column: 14,
      endLine: 6,
      endColumn: 44,
      message: "systemd binds /run/asterisk/asterisk.ctl but Asterisk expects /var/run/asterisk/asterisk.ctl",
      notes: [
        "systemd rewrites ListenStream=/var/run/... to /run/...; Asterisk compares the path literally and exits",
        "astrundir comes from etc/asterisk/asterisk.conf:3 [directories]",
      ],
      help: "use /run on both sides: `astrundir => /run/asterisk`",
      related: [
        {
          file: "etc/asterisk/asterisk.conf",
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 30,
          message: "astrundir is set here",
        },
      ],
    },
    {
      // Same rule, file and message (apart from a line reference) as the first one: the
      // fingerprints must still differ.
      ruleId: "run-path-mismatch",
      severity: "error",
      file: "etc/systemd/system/asterisk-cli.socket",
      line: 9,
      column: 14,
      endLine: 9,
      endColumn: 44,
      message: "systemd binds /run/asterisk/asterisk.ctl but Asterisk expects /var/run/asterisk/asterisk.ctl",
      notes: [],
      related: [],
    },
    {
      // A multi-line span with every character the formats must escape.
      ruleId: "execstop-cli-loop",
      severity: "warning",
      file: "etc/systemd/system/asterisk.service",
      line: 14,
      column: 1,
      endLine: 16,
      endColumn: 20,
      message: `ExecStop runs "asterisk -rx 'core stop now'" & 100% of stops loop, see: <man asterisk>`,
      notes: ["the CLI connection re-activates Asterisk as it stops,\nso it starts again"],
      help: "remove ExecStop=; with Type=notify, SIGTERM already performs 'core stop now'",
      related: [],
    },
    {
      // A file outside the working directory, with a space in its path.
      ruleId: "ami-bindaddr",
      severity: "info",
      file: "../other repo/manager.conf",
      line: 4,
      column: 10,
      endLine: 4,
      endColumn: 17,
      message: "AMI binds 0.0.0.0:5038 (manager.conf:4 bindaddr)",
      notes: [],
      related: [],
    },
    {
      // Special characters in the file name and a control character in the message.
      ruleId: "execstop-cli-loop",
      severity: "warning",
      file: "etc/systemd/system/getty@tty1,a%b.service",
      line: 2,
      column: 5,
      endLine: 2,
      endColumn: 5,
      message: "value \u0001 contains a control character, a <tag> & \"quotes\"",
      notes: [],
      help: "delete the \u0001 character",
      related: [],
    },
  ];
}

export function makeContext(overrides: Partial<FormatContext> = {}): FormatContext {
  return {
    cwd: CWD,
    version: "0.1.0",
    rules: new Map([
      [
        "run-path-mismatch",
        {
          id: "run-path-mismatch",
          severity: "error" as const,
          description: "The socket path systemd binds differs from the one Asterisk expects",
          docsMarkdown:
            "# run-path-mismatch\n\nsystemd rewrites `/var/run/` to `/run/`; Asterisk compares paths literally.\n\n## Fix\n\nUse `/run` on both sides.\n",
        },
      ],
      [
        "execstop-cli-loop",
        { id: "execstop-cli-loop", severity: "error" as const, description: "ExecStop runs the Asterisk CLI" },
      ],
    ]),
    files: [
      "etc/systemd/system/asterisk-cli.socket",
      "etc/systemd/system/asterisk.service",
      "etc/systemd/system/clean.service",
      "../other repo/manager.conf",
      "etc/systemd/system/getty@tty1,a%b.service",
    ],
    color: false,
    env: {},
    ...overrides,
  };
}

/**
 * Compares output with a committed golden file. `UPDATE_GOLDEN=1` rewrites the file (review the
 * diff before committing it).
 */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(here, "golden", name);
  if (process.env.UPDATE_GOLDEN === "1") fs.writeFileSync(file, actual);
  if (!fs.existsSync(file)) throw new Error(`golden file ${file} is missing (run with UPDATE_GOLDEN=1)`);
  expect(actual).toBe(fs.readFileSync(file, "utf8"));
}

/** Moves every finding (and related location) `n` lines down, as if lines were inserted above. */
export function shiftLines(findings: Finding[], n: number): Finding[] {
  return findings.map((f) => ({
    ...f,
    line: f.line + n,
    endLine: f.endLine + n,
    related: f.related.map((r) => ({ ...r, line: r.line + n, endLine: r.endLine === undefined ? undefined : r.endLine + n })),
  }));
}
