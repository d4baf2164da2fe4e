/** Test helpers: paths, temp trees, and running lint() on a tree. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { lint, type LintOptions } from "../src/lint.js";
import type { Finding } from "../src/core/types.js";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Writes a tree of files (path -> text or bytes; a text starting with "->" makes a symlink). */
export function makeTree(files: Record<string, string | Uint8Array>, dir?: string): string {
  const root = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "astlint-test-"));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (typeof content !== "string") fs.writeFileSync(p, content);
    else if (content.startsWith("->")) fs.symlinkSync(content.slice(2).trim(), p);
    else fs.writeFileSync(p, content);
  }
  return root;
}

/** Findings with file paths made relative to `root` (display paths start with the root). */
export function relativeFindings(findings: Finding[], root: string): Finding[] {
  const prefix = root.endsWith("/") ? root : root + "/";
  const rel = (f: string) => (f.startsWith(prefix) ? f.slice(prefix.length) : f);
  return findings.map((f) => ({ ...f, file: rel(f.file), related: f.related.map((r) => ({ ...r, file: rel(r.file) })) }));
}

/** Lints a tree as a root (`--root`), returning findings with root-relative paths. */
export async function lintRoot(root: string, options: Partial<LintOptions> = {}): Promise<Finding[]> {
  const r = await lint({ paths: [], root, ...options });
  return relativeFindings(r.findings, root);
}

export function byRule(findings: Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

export function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);
}
