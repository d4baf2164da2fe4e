/**
 * --fix, the command line's loop over lint() (src/fix/ holds the edits it applies): lint, apply
 * the fixes that do not overlap, lint the fixed text again, and repeat (at most MAX_PASSES times), all over
 * an in-memory overlay, so that nothing is written until the result is known, and --diff writes
 * nothing at all.
 */
import type { Finding, Fix, TextEdit } from "../core/types.js";
import { lint, type LintOptions, type LintResult } from "../lint.js";
import type { FsBackend } from "../io/fs.js";
import { applyEdits, EditConflict, EditIndex } from "../fix/edits.js";
import { OverlayBackend, OverlayFiles } from "../fix/overlay.js";

const MAX_PASSES = 10;

/** One file --fix changes (or creates). */
export interface FileChange {
  /** Display path (as in findings). */
  display: string;
  /** Path inside the root. */
  path: string;
  /** Path on the host (where it is written). */
  host: string;
  /** Contents as first read; null for a file the fixes create. */
  before: Uint8Array | null;
  after: Uint8Array;
  /** Is it an Asterisk configuration file (else a unit file or drop-in)? */
  asterisk: boolean;
}

export interface FixRun {
  /** The lint of the fixed text: what is left. */
  result: LintResult;
  changes: FileChange[];
  /** Fixes applied, over all passes. */
  applied: Fix[];
  passes: number;
  /** Fixes were still left to apply after the last pass (overlapping fixes cycling). */
  unfinished: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** Is the fix applied by this run (safe ones, and unsafe ones with --unsafe-fixes)? */
function wanted(f: Finding, unsafe: boolean): f is Finding & { fix: Fix } {
  return f.fix !== undefined && (f.fix.safe || unsafe);
}

/** Fixes that can be applied together in one pass: none overlaps an earlier one (identical ones once). */
function chooseFixes(findings: Finding[], unsafe: boolean): Fix[] {
  const chosen: Fix[] = [];
  const seen = new Set<string>();
  const index = new EditIndex();
  for (const f of findings) {
    if (!wanted(f, unsafe)) continue;
    const key = JSON.stringify(f.fix.edits);
    if (seen.has(key)) continue;
    // Within one fix, edits never overlap each other (they are built on one text).
    if (f.fix.edits.some((e) => index.overlaps(e))) continue;
    seen.add(key);
    chosen.push(f.fix);
    for (const e of f.fix.edits) index.add(e);
  }
  return chosen;
}

/**
 * The order to write the changed files in: each fix that spans files lists them so that any
 * prefix of its writes is a valid configuration, so its files are written in that order (a
 * topological order over all applied fixes; on a cycle, the order files were first changed).
 */
export function writeOrder(changes: FileChange[], applied: Fix[]): FileChange[] {
  const byPath = new Map(changes.map((c) => [c.path, c]));
  const after = new Map<string, Set<string>>(); // path -> paths that must be written after it
  const indegree = new Map<string, number>(changes.map((c) => [c.path, 0]));
  for (const fix of applied) {
    const files = [...new Set(fix.edits.map((e) => e.path ?? e.file))].filter((p) => byPath.has(p));
    for (let i = 0; i + 1 < files.length; i++) {
      const next = after.get(files[i]) ?? new Set<string>();
      if (!next.has(files[i + 1])) {
        next.add(files[i + 1]);
        indegree.set(files[i + 1], indegree.get(files[i + 1])! + 1);
      }
      after.set(files[i], next);
    }
  }
  const out: FileChange[] = [];
  const ready = changes.filter((c) => indegree.get(c.path) === 0);
  while (ready.length > 0) {
    const c = ready.shift()!;
    out.push(c);
    for (const n of after.get(c.path) ?? []) {
      indegree.set(n, indegree.get(n)! - 1);
      if (indegree.get(n) === 0) ready.push(byPath.get(n)!);
    }
  }
  return out.length === changes.length ? out : changes;
}

export async function runFixes(options: LintOptions, unsafe: boolean): Promise<FixRun> {
  // The fixed text over whatever a plain lint reads through (the confined host, or an injected
  // backend): every pass resolves and opens files exactly as `astlint` without --fix would.
  const overlay = new OverlayFiles();
  const outer = options.fsLayer;
  const fsLayer = (base: FsBackend) => overlay.over(outer ? outer(base) : base);
  const originals = new Map<string, Omit<FileChange, "after">>();
  const applied: Fix[] = [];
  let result: LintResult;
  let passes = 0;
  let unfinished = false;
  for (;;) {
    result = await lint({ ...options, fsLayer });
    const fixes = chooseFixes(result.findings, unsafe);
    if (fixes.length === 0) break;
    if (passes === MAX_PASSES) {
      unfinished = true;
      break;
    }
    passes++;
    const asteriskPaths = new Set([...result.model.asteriskFiles.values()].map((f) => f.path));
    // Edits by file, in the order the fixes list them.
    const byFile = new Map<string, TextEdit[]>();
    for (const fix of fixes) {
      for (const e of fix.edits) {
        const p = e.path ?? e.file;
        const l = byFile.get(p);
        if (l) l.push(e);
        else byFile.set(p, [e]);
      }
    }
    const fs = result.fs;
    const view = fs.backend instanceof OverlayBackend ? fs.backend : overlay.over(fs.backend);
    let changed = false;
    for (const [p, edits] of byFile) {
      let host: string;
      let before: Uint8Array | null;
      let text: string;
      if (edits.some((e) => e.create)) {
        if (edits.length !== 1 || fs.lstat(p)) continue;
        host = fs.hostPath(p);
        before = null;
        text = "";
      } else {
        const r = fs.resolve(p);
        if (!r.ok || r.kind !== "file") continue;
        host = fs.hostPath(r.path);
        const read = fs.read(p);
        if (!read.ok) continue;
        before = read.bytes;
        try {
          text = utf8.decode(read.bytes);
        } catch {
          continue; // invalid UTF-8: no fix (the rules do not offer one; this is a second guard)
        }
      }
      let after: string;
      try {
        after = edits[0].create ? edits[0].text : applyEdits(text, edits);
      } catch (e) {
        if (e instanceof EditConflict) continue;
        throw e;
      }
      if (after === text && !edits[0].create) continue;
      if (!originals.has(host)) originals.set(host, { display: edits[0].file, path: p, host, before, asterisk: asteriskPaths.has(p) });
      view.set(host, encoder.encode(after));
      changed = true;
    }
    if (!changed) break;
    applied.push(...fixes);
  }
  const changes: FileChange[] = [];
  for (const o of originals.values()) {
    const after = overlay.files.get(o.host)!;
    if (o.before && Buffer.from(o.before).equals(Buffer.from(after))) continue;
    changes.push({ ...o, after });
  }
  return { result, changes: writeOrder(changes, applied), applied, passes, unfinished };
}
