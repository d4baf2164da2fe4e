/**
 * Fixes the writer would refuse are not offered. --fix writes through src/fix/write.ts, which
 * never replaces a name that appeared since astlint looked (so never an empty or masked
 * override.conf: systemd skips those, and replacing one would unmask what the admin masked),
 * never writes through a symbolic link, and refuses a file with several hard links. A finding
 * whose fix would be refused shows no fix (no JSON/SARIF edit, not counted as fixable), and says
 * why in a note instead; alternatives (suggestions) that would be refused are dropped.
 */
import * as path from "node:path";
import type { Finding, Fix, TextEdit } from "../core/types.js";
import type { RootFs } from "../io/fs.js";

/** Why the writer would refuse to write this edit's file, or null when it would write it. */
function refusal(fs: RootFs, e: TextEdit): string | null {
  const p = e.path ?? e.file;
  if (e.create) {
    const st = fs.lstat(p);
    if (st) {
      if (st.kind === "symlink") {
        const target = fs.readlink(p);
        return target === "/dev/null" ? `${e.file} is masked (a link to /dev/null)` : `${e.file} is a symbolic link`;
      }
      if (st.kind === "file" && st.size === 0) return `${e.file} exists and is empty (systemd skips it, as if masked)`;
      return `${e.file} already exists`;
    }
    // Every existing ancestor must be a real directory: mkdir -p creates the rest, and the
    // kernel would follow a symbolic link there without re-rooting it (out of --root).
    for (let d = path.posix.dirname(p); d !== "/" && d !== "."; d = path.posix.dirname(d)) {
      const ds = fs.lstat(d);
      if (!ds) continue;
      if (ds.kind === "symlink") return `${d} is a symbolic link, and astlint does not create files through one`;
      if (ds.kind !== "dir") return `${path.posix.dirname(e.file)} is not a directory`;
    }
    return null;
  }
  const r = fs.resolve(p);
  if (!r.ok || r.kind !== "file") return `${e.file} is not a regular file astlint can read`;
  const nlink = fs.lstat(r.path)?.nlink ?? 1;
  if (nlink > 1) return `${e.file} has ${nlink} hard links (replacing one name would split them)`;
  return null;
}

/** Why the fix cannot be written as a whole, or null. */
function fixRefusal(fs: RootFs, fix: Fix, cache: Map<string, string | null>): string | null {
  for (const e of fix.edits) {
    const key = `${e.create ? "+" : ""}${e.path ?? e.file}`;
    let why = cache.get(key);
    if (why === undefined) {
      why = refusal(fs, e);
      cache.set(key, why);
    }
    if (why !== null) return why;
  }
  return null;
}

/** The findings, with the fixes and suggestions --fix could not write taken off. */
export function withoutRefusedFixes(findings: Finding[], fs: RootFs): Finding[] {
  const cache = new Map<string, string | null>();
  return findings.map((f) => {
    if (!f.fix && !f.suggestions) return f;
    let out = f;
    if (f.fix) {
      const why = fixRefusal(fs, f.fix, cache);
      if (why !== null) {
        const { fix: _dropped, ...rest } = out;
        out = { ...rest, notes: [...rest.notes, `no automatic fix: ${why}, and --fix never replaces it: make the change by hand`] };
      }
    }
    if (f.suggestions) {
      const kept = f.suggestions.filter((s) => fixRefusal(fs, s, cache) === null);
      if (kept.length !== f.suggestions.length) {
        const { suggestions: _dropped, ...rest } = out;
        out = kept.length > 0 ? { ...rest, suggestions: kept } : rest;
      }
    }
    return out;
  });
}
