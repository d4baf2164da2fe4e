/**
 * The formatter contract, plus the few helpers the machine-readable formatters share
 * (path relativisation, fingerprints, XML escaping). Formatters are pure: everything they
 * need comes in through `findings` and the `FormatContext`.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Finding } from "../core/types.js";
import type { RuleMeta } from "../core/rule-meta.js";

export interface FormatContext {
  /** Working directory; machine formats print paths relative to it. */
  cwd: string;
  /** astlint's version (package.json). */
  version: string;
  /** The systemd version the units were checked against, and where it came from. */
  systemdVersion?: { version: number; source: string };
  /** Target Asterisk major and where it came from (when Asterisk configs were checked). */
  asteriskVersion?: { version: number; source: string };
  /** Metadata of the rules (at least those that appear in findings), with their docs page. */
  rules: Map<string, RuleMeta & { docsMarkdown?: string }>;
  /** Every linted file (display path), for formats that list clean files (junit, checkstyle). */
  files: string[];
  color: boolean;
  /** astlint's home page (PROJECT_URL when run from the CLI); SARIF emits informationUri/helpUri only when it is set. */
  homepage?: string;
  /**
   * Environment consulted by formats that honour CI variables (gitlab: CI_PROJECT_DIR).
   * Defaults to process.env; tests pass their own.
   */
  env?: Record<string, string | undefined>;
}

export type Formatter = (findings: Finding[], ctx: FormatContext) => string;

/** `a\b` -> `a/b` on Windows; a no-op on POSIX. */
function toForwardSlashes(p: string): string {
  return path.sep === "/" ? p : p.split(path.sep).join("/");
}

/**
 * Where a file lies relative to `base`: `{ inside: true, path: "etc/x.service" }` (forward
 * slashes, never `./`) when it is inside `base`, else `{ inside: false, path: <absolute> }`.
 */
function relativeTo(file: string, base: string): { inside: boolean; path: string } {
  const abs = path.resolve(base, file);
  const rel = path.relative(path.resolve(base), abs);
  if (rel === "" || rel === ".." || rel.startsWith(".." + path.sep) || path.isAbsolute(rel)) {
    return { inside: false, path: abs };
  }
  return { inside: true, path: toForwardSlashes(rel) };
}

/**
 * Path as shown by the machine formats: relative to `base` when inside it, else absolute.
 * A relative `file` is taken relative to `cwd` (default: `base`).
 */
export function machinePath(file: string, base: string, cwd = base): string {
  return relativeTo(path.resolve(cwd, file), base).path;
}

/** Percent-encodes one path segment for a relative URI reference (keeps `@`, `+`, `=`, `,`, ...). */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%(40|2B|3D|2C|24|26|3B)/g, (_m, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

/**
 * A file as a URI: relative (`etc/systemd/system/a%20b.service`, no `./`) when it lies inside
 * `base`, else an absolute `file://` URI. Both are percent-encoded.
 */
export function fileUri(file: string, base: string): { inside: boolean; uri: string } {
  const rel = relativeTo(file, base);
  if (rel.inside) return { inside: true, uri: rel.path.split("/").map(encodeSegment).join("/") };
  return { inside: false, uri: pathToFileURL(rel.path).href };
}

/** The directory `base` as an absolute `file://` URI ending in `/`. */
export function directoryUri(base: string): string {
  const href = pathToFileURL(path.resolve(base)).href;
  return href.endsWith("/") ? href : href + "/";
}

/** `\xNN` for a code unit up to 0xFF, `\uNNNN` above. */
function visible(c: string): string {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).toUpperCase().padStart(2, "0")}` : `\\u${n.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Shows C0 control characters (except tab and line breaks), DEL, C1 controls (U+0080-U+009F:
 * U+009B is a CSI to some terminals) and the bidirectional overrides and isolates (which reorder
 * what a reader sees) as `\xNN` / `\uNNNN`, so a hostile value cannot smuggle terminal escape
 * sequences into a log (GitHub renders ANSI codes). For formats that encode line breaks
 * themselves (XML, workflow commands); terminal text uses escapeInline().
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, visible);
}

/**
 * escapeControl() plus line breaks: the text stays on one line, so nothing from a file's
 * contents or name (a unit key, an `#exec` line, a directory called `x\n::error::`) can start a
 * line of its own in the report: no raw ESC, OSC, BEL, CR or LF.
 */
export function escapeInline(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, visible);
}

/**
 * JSON text with the characters JSON.stringify leaves raw but a terminal or viewer may act on
 * (DEL, C1 controls, bidirectional controls, U+2028/U+2029) written as `\uNNNN` escapes: the
 * same JSON value, nothing active when the report is printed.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) + "\n";
}

/** The finding's message followed by its notes (`= ...`) and help (`help: ...`), one per line, each escaped (escapeInline). */
export function detailLines(f: Finding): string[] {
  const lines = [escapeInline(f.message)];
  for (const note of f.notes ?? []) lines.push(`= ${escapeInline(note)}`);
  if (f.help) lines.push(`help: ${escapeInline(f.help)}`);
  return lines;
}

/**
 * Escapes text for XML 1.0 content or attribute values. Characters XML 1.0 cannot carry at all
 * (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) become visible `\xNN` /
 * `\uNNNN` text; in attributes tab, LF and CR become character references so that attribute-value
 * normalisation keeps them.
 */
export function xmlEscape(text: string, attribute = false): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i]!;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + text[i + 1];
        i++;
      } else {
        out += `\\u${c.toString(16).toUpperCase()}`;
      }
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      out += `\\u${c.toString(16).toUpperCase()}`;
      continue;
    }
    switch (ch) {
      case "&":
        out += "&amp;";
        continue;
      case "<":
        out += "&lt;";
        continue;
      case ">":
        out += "&gt;";
        continue;
      case '"':
        out += attribute ? "&quot;" : ch;
        continue;
      case "'":
        out += attribute ? "&apos;" : ch;
        continue;
      case "\t":
        out += attribute ? "&#9;" : ch;
        continue;
      case "\n":
        out += attribute ? "&#10;" : ch;
        continue;
      case "\r":
        out += "&#13;";
        continue;
    }
    if (c < 0x20) out += `\\x${c.toString(16).toUpperCase().padStart(2, "0")}`;
    else if (c === 0xfffe || c === 0xffff) out += `\\u${c.toString(16).toUpperCase()}`;
    else out += ch;
  }
  return out;
}

/** Groups findings by file, keeping first-appearance order of files and input order inside. */
export function groupByFile(findings: Finding[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  return byFile;
}
