/**
 * JUnit XML for Jenkins' junit step and GitLab's artifacts:reports:junit:
 * one `<testsuite>` per file, one failing `<testcase>` per finding (classname = path,
 * name = `rule@line:col`), and one passing testcase for each clean file, so the totals show
 * what was checked. Never an empty `<testsuites/>`.
 */
import type { Finding } from "../core/types.js";
import { detailLines, escapeInline, groupByFile, machinePath, xmlEscape, type Formatter } from "./types.js";

interface Suite {
  name: string;
  cases: string[];
  failures: number;
}

function failingCase(f: Finding, path: string, cwd: string): string {
  const a = (s: string) => xmlEscape(s, true);
  const body = [`${escapeInline(path)}:${f.line}:${f.column}: ${f.severity}: ${escapeInline(f.message)} [${f.ruleId}]`, ...detailLines(f).slice(1)];
  for (const r of f.related ?? []) body.push(`related: ${escapeInline(machinePath(r.file, cwd))}:${r.line}:${r.column}: ${escapeInline(r.message)}`);
  return (
    `    <testcase classname="${a(path)}" name="${a(`${f.ruleId}@${f.line}:${f.column}`)}" time="0">\n` +
    `      <failure type="${f.severity}" message="${a(escapeInline(f.message))}">${xmlEscape(body.join("\n"))}</failure>\n` +
    `    </testcase>\n`
  );
}

function passingCase(classname: string, name: string): string {
  return `    <testcase classname="${xmlEscape(classname, true)}" name="${xmlEscape(name, true)}" time="0"/>\n`;
}

export const junit: Formatter = (findings, ctx) => {
  const byFile = groupByFile(findings);
  const suites: Suite[] = [];
  for (const [file, list] of byFile) {
    const path = machinePath(file, ctx.cwd);
    suites.push({ name: path, cases: list.map((f) => failingCase(f, path, ctx.cwd)), failures: list.length });
  }
  for (const file of ctx.files) {
    if (byFile.has(file)) continue;
    const path = machinePath(file, ctx.cwd);
    suites.push({ name: path, cases: [passingCase(path, "astlint")], failures: 0 });
  }
  if (suites.length === 0) suites.push({ name: "astlint", cases: [passingCase("astlint", "no files linted")], failures: 0 });

  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<testsuites name="astlint" tests="${tests}" failures="${failures}" errors="0" time="0">\n`;
  for (const s of suites) {
    out += `  <testsuite name="${xmlEscape(s.name, true)}" tests="${s.cases.length}" failures="${s.failures}" errors="0" skipped="0" time="0">\n`;
    out += s.cases.join("");
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
};

export default junit;
