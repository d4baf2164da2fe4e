/**
 * GitLab Code Quality report (GitLab docs: ci/testing/code_quality "Code Quality report format"): a JSON array with
 * description, check_name, fingerprint (unique, stable when lines move), severity
 * (error→major, warning→minor, info→info) and location.path relative to CI_PROJECT_DIR
 * (or the working directory) with location.lines.begin.
 */
import type { Severity } from "../core/types.js";
import { fingerprints } from "./fingerprints.js";
import { escapeInline, jsonText, machinePath, type Formatter } from "./types.js";

const SEVERITY: Record<Severity, "major" | "minor" | "info"> = { error: "major", warning: "minor", info: "info" };

export const gitlab: Formatter = (findings, ctx) => {
  const env = ctx.env ?? process.env;
  const base = env.CI_PROJECT_DIR || ctx.cwd;
  const pathOf = (file: string) => machinePath(file, base, ctx.cwd);
  const prints = fingerprints(findings, (f) => pathOf(f.file), 64);
  const issues = findings.map((f, i) => ({
    type: "issue",
    description: escapeInline(f.help ? `${f.message} (help: ${f.help})` : f.message),
    check_name: f.ruleId,
    fingerprint: prints[i],
    severity: SEVERITY[f.severity],
    location: { path: pathOf(f.file), lines: { begin: Math.max(1, f.line), end: Math.max(1, f.line, f.endLine) } },
  }));
  return jsonText(issues);
};

export default gitlab;
