/**
 * SARIF 2.1.0 for GitHub code scanning (OASIS SARIF 2.1.0; GitHub docs "SARIF support for code scanning"): one run,
 * one unique rule descriptor per rule used, one physical location per result with a
 * repository-relative URI (absolute `file://` outside the working directory), related
 * locations, and `partialFingerprints` that survive lines moving.
 */
import type { Finding, Fix, RelatedLocation, Severity } from "../core/types.js";
import type { RuleMeta } from "../core/rule-meta.js";
import { ruleDocsUrl } from "../core/project.js";
import { fingerprints } from "./fingerprints.js";
import { detailLines, directoryUri, escapeInline, jsonText, fileUri, type FormatContext, type Formatter } from "./types.js";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
/** Key of astlint's own entry in `partialFingerprints` (bump the suffix if the recipe changes). */
export const FINGERPRINT_KEY = "astlint/v1";
const SRCROOT = "%SRCROOT%";
const MAX_DESCRIPTION = 1024;

type Level = "error" | "warning" | "note";

function level(severity: Severity): Level {
  return severity === "info" ? "note" : severity;
}

/** `run-path-mismatch` -> `RunPathMismatch` (SARIF validator rule SARIF2012 wants a name). */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + "…";
}

/** The first paragraph of a docs page that is not a heading, as plain-ish text. */
function firstParagraph(markdown: string): string | undefined {
  const paragraphs = markdown.replace(/\r\n?/g, "\n").split(/\n\s*\n/);
  for (const p of paragraphs) {
    const text = p.trim();
    if (!text || /^#{1,6}\s/.test(text) || text.startsWith("```") || text.startsWith("---")) continue;
    return text.replace(/\s*\n\s*/g, " ");
  }
  return undefined;
}

/**
 * Escapes Markdown-active characters in plain text, leaving `code spans` (which astlint
 * messages use for values to paste) untouched.
 */
export function escapeMarkdown(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/([\\*_[\]<>|~#])/g, "\\$1")))
    .join("");
}

function markdownMessage(f: Finding): string {
  const parts = [escapeMarkdown(escapeInline(f.message))];
  if (f.notes?.length) parts.push(f.notes.map((n) => `- ${escapeMarkdown(escapeInline(n))}`).join("\n"));
  if (f.help) parts.push(`**help:** ${escapeMarkdown(escapeInline(f.help))}`);
  return parts.join("\n\n");
}

/** Documentation URL of a rule derived from the homepage, at the tag of `version` (GitHub repositories get a blob URL). */
export function ruleHelpUri(homepage: string, id: string, version?: string): string | undefined {
  return ruleDocsUrl(id, version, homepage);
}

/** GitHub code scanning's `security-severity` (a CVSS-like score, as a string) per default severity. */
export const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.0", info: "2.0" };

function region(loc: { line: number; column: number; endLine?: number; endColumn?: number }) {
  const startLine = Math.max(1, loc.line);
  const startColumn = Math.max(1, loc.column);
  let endLine = Math.max(startLine, loc.endLine ?? startLine);
  let endColumn = Math.max(1, loc.endColumn ?? startColumn);
  if (endLine === startLine && endColumn < startColumn) endColumn = startColumn;
  return { startLine, startColumn, endLine, endColumn };
}

function artifactLocation(file: string, cwd: string) {
  const { inside, uri } = fileUri(file, cwd);
  return inside ? { uri, uriBaseId: SRCROOT } : { uri };
}

function ruleDescriptor(id: string, meta: (RuleMeta & { docsMarkdown?: string }) | undefined, ctx: FormatContext) {
  const description = meta?.description?.trim() || id;
  const docs = meta?.docsMarkdown?.trim();
  const full = (docs && firstParagraph(docs)) || description;
  const descriptor: Record<string, unknown> = {
    id,
    name: pascalCase(id) || id,
    shortDescription: { text: truncate(description, MAX_DESCRIPTION) },
    fullDescription: { text: truncate(full, MAX_DESCRIPTION) },
    help: docs ? { text: docs, markdown: docs } : { text: description },
  };
  if (ctx.homepage) {
    const helpUri = ruleHelpUri(ctx.homepage, id, ctx.version);
    if (helpUri) descriptor.helpUri = helpUri;
  }
  if (meta?.severity) descriptor.defaultConfiguration = { level: level(meta.severity) };
  // Rules about who can reach what (meta.security) are security alerts for code scanning.
  if (meta?.security) descriptor.properties = { tags: ["security"], "security-severity": SECURITY_SEVERITY[meta.severity] };
  return descriptor;
}

function relatedLocation(r: RelatedLocation, id: number, cwd: string) {
  return {
    id,
    physicalLocation: { artifactLocation: artifactLocation(r.file, cwd), region: region(r) },
    message: { text: r.message || "related location" },
  };
}

/** A SARIF `fix`: the edits grouped by file, each a deleted region and the inserted text. */
function sarifFix(fix: Fix, cwd: string) {
  const byFile = new Map<string, Fix["edits"]>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  return {
    description: { text: `${fix.description}${fix.safe ? "" : " (unsafe: review before applying)"}` },
    artifactChanges: [...byFile].map(([file, edits]) => ({
      artifactLocation: artifactLocation(file, cwd),
      replacements: edits.map((e) => ({ deletedRegion: region(e), insertedContent: { text: e.text } })),
    })),
  };
}

export const sarif: Formatter = (findings, ctx) => {
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const prints = fingerprints(findings, (f) => fileUri(f.file, ctx.cwd).uri);

  const driver: Record<string, unknown> = { name: "astlint", version: ctx.version };
  if (/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(ctx.version)) {
    driver.semanticVersion = ctx.version;
  }
  if (ctx.homepage) {
    try {
      driver.informationUri = new URL(ctx.homepage).href;
    } catch {
      // not an absolute URI: the schema would reject it, so leave it out
    }
  }
  driver.rules = ruleIds.map((id) => ruleDescriptor(id, ctx.rules.get(id), ctx));

  const results = findings.map((f, i) => {
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      level: level(f.severity),
      message: { text: detailLines(f).join("\n"), markdown: markdownMessage(f) },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.file, ctx.cwd), region: region(f) } }],
      partialFingerprints: { [FINGERPRINT_KEY]: prints[i] },
    };
    if (f.related?.length) result.relatedLocations = f.related.map((r, n) => relatedLocation(r, n + 1, ctx.cwd));
    const fixes = [...(f.fix ? [f.fix] : []), ...(f.suggestions ?? [])];
    if (fixes.length) result.fixes = fixes.map((x) => sarifFix(x, ctx.cwd));
    return result;
  });

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(ctx.cwd) } },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return jsonText(log);
};

export default sarif;
