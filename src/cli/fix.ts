/**
 * The command line's side of --fix and --diff: run the fix passes, then print a unified diff
 * (--diff), print the fixed standard input, or write the changed files through the atomic
 * writer, and say what to reload on a host.
 */
import { structuredPatch } from "diff";
import { lint, type LintOptions, type LintResult } from "../lint.js";
import { runFixes, type FileChange } from "./fix-run.js";
import { writeFixedFile, WriteRefused } from "../fix/write.js";
import type { CliOptions } from "./options.js";

const decoder = new TextDecoder("utf-8");

/** A unified diff of the changes (a new file as a `--- /dev/null` hunk), paths as in findings. */
function unifiedDiff(changes: FileChange[], name: (display: string) => string = (d) => d): string {
  let out = "";
  for (const c of [...changes].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0))) {
    const before = c.before ? decoder.decode(c.before) : "";
    const after = decoder.decode(c.after);
    const p = structuredPatch(name(c.display), name(c.display), before, after, undefined, undefined, { context: 3 });
    if (p.hunks.length === 0) continue;
    out += `--- ${c.before ? name(c.display) : "/dev/null"}\n+++ ${name(c.display)}\n`;
    for (const h of p.hunks) {
      // An empty side starts at line 0 (GNU diff's convention for a new file).
      const oldStart = h.oldLines === 0 ? h.oldStart - (h.oldStart > 0 ? 1 : 0) : h.oldStart;
      const newStart = h.newLines === 0 ? h.newStart - (h.newStart > 0 ? 1 : 0) : h.newStart;
      out += `@@ -${oldStart}${h.oldLines === 1 ? "" : `,${h.oldLines}`} +${newStart}${h.newLines === 1 ? "" : `,${h.newLines}`} @@\n`;
      for (const l of h.lines) out += l + "\n";
    }
  }
  return out;
}

export interface FixOutcome {
  result: LintResult;
  /** Exit code decided here (--diff), or undefined to go on with the report. */
  exit?: number;
  /** Files not written (one line each), for exit code 2 after the report. */
  failures: string[];
  /** Standard input, fixed (when linting `-`). */
  stdinText?: string;
  /** Lines for standard error after the report (reload hints, summary). */
  after: string[];
}

export async function runFixCommand(
  opts: CliOptions,
  lintOptions: LintOptions,
  io: { stdout: (s: string) => void },
  stdin: { path: string; shown: string } | undefined,
): Promise<FixOutcome> {
  const run = await runFixes(lintOptions, opts.unsafeFixes);
  const name = (d: string) => (stdin && d === stdin.path ? stdin.shown : d);
  if (opts.diff) {
    const diff = unifiedDiff(run.changes, name);
    io.stdout(diff);
    return { result: run.result, exit: diff === "" ? 0 : 1, failures: [], after: [] };
  }
  const after: string[] = [];
  const failures: string[] = [];
  if (stdin) {
    const own = run.changes.find((c) => c.display === stdin.path);
    const text = own ? decoder.decode(own.after) : undefined;
    return { result: run.result, failures, after, stdinText: text };
  }
  let units = 0;
  let asterisk = 0;
  let written = 0;
  for (const c of run.changes) {
    try {
      writeFixedFile(c.host, c.after, c.before);
      written++;
      if (c.asterisk) asterisk++;
      else units++;
    } catch (e) {
      // The writer's message is one line naming the file.
      failures.push(e instanceof WriteRefused ? e.message : `cannot write ${c.display}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  // Something was not written: report what is really on disk.
  const result = failures.length > 0 ? await lint(lintOptions) : run.result;
  if (run.unfinished) after.push(`fixes were still left after ${run.passes} passes (they keep overlapping); run --fix again`);
  if (written > 0) after.push(`fixed ${written} file${written === 1 ? "" : "s"} (${run.applied.length} fix${run.applied.length === 1 ? "" : "es"})`);
  if (run.result.host && (units > 0 || asterisk > 0)) {
    if (units > 0) after.push("run `systemctl daemon-reload` for systemd to read the changed units");
    if (asterisk > 0) after.push("run `asterisk -rx 'core reload'` for Asterisk to read the changed configuration (settings in asterisk.conf need a restart)");
  }
  return { result, failures, after };
}
