/**
 * Fingerprints of findings for code-scanning formats (SARIF partialFingerprints, GitLab Code
 * Quality): their own module, so that only those formats load node:crypto (its start-up costs a
 * few milliseconds that every other run would pay).
 */
import { createHash } from "node:crypto";
import type { Finding } from "../core/types.js";

/**
 * The message without what moves when lines are inserted above it: `file.conf:12` references
 * and `line 12` / `lines 3-5` phrases. Port numbers and other values stay.
 */
export function normalizeMessageForFingerprint(message: string): string {
  return message
    .replace(/(\.[A-Za-z][\w-]*):\d+(?::\d+)?\b/g, "$1")
    .replace(/\b(lines?)\s+\d+(?:\s*(?:-|\u2013|to)\s*\d+)?\b/gi, "$1");
}

function compareFindingPosition(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn;
}

/**
 * Stable, unique fingerprints: sha256 over rule ID, path (as given by `pathOf`), the message
 * without line numbers and the occurrence index among findings sharing those three (in line
 * order). Inserting lines above a finding does not change it; two identical findings in one
 * file still get different values. Returned in the order of `findings`.
 */
export function fingerprints(findings: Finding[], pathOf: (f: Finding) => string, length = 32): string[] {
  const groups = new Map<string, number[]>();
  const keys = findings.map((f, i) => {
    const key = JSON.stringify([f.ruleId, pathOf(f), normalizeMessageForFingerprint(f.message)]);
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
    return key;
  });
  const occurrence = new Array<number>(findings.length).fill(0);
  for (const indices of groups.values()) {
    indices.sort((a, b) => compareFindingPosition(findings[a]!, findings[b]!) || a - b);
    indices.forEach((findingIndex, n) => {
      occurrence[findingIndex] = n;
    });
  }
  const seen = new Set<string>();
  return keys.map((key, i) => {
    let input = `${key}#${occurrence[i]}`;
    let hash = createHash("sha256").update(input).digest("hex").slice(0, length);
    // A truncated-hash collision is astronomically unlikely; re-hash rather than emit a duplicate.
    while (seen.has(hash)) {
      input += "'";
      hash = createHash("sha256").update(input).digest("hex").slice(0, length);
    }
    seen.add(hash);
    return hash;
  });
}
