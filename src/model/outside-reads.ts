/**
 * Repository mode reads only the paths given. What astlint therefore did not read is said, not
 * silently left out: an Asterisk `#include` or a config symbolic link that leads outside those
 * paths is an `unreadable-file` finding ("not read: outside the paths given"), so a report
 * never looks complete when part of the configuration was not looked at.
 *
 * Also here: how a host path is shown in repository mode (relative to the paths given, never
 * an absolute machine path when they were relative).
 */
import * as path from "node:path";
import type { AsteriskConfig } from "../asterisk/config-loader.js";
import type { Finding } from "../core/types.js";
import type { RootFs } from "../io/fs.js";

/**
 * A host path as the user would write it: under a path given, that path's spelling plus the
 * rest; elsewhere relative to the working directory when every path given was relative.
 */
export function repositoryDisplay(p: string, given: { abs: string; given: string }[], cwd: string): string {
  for (const g of given) {
    if (p === g.abs) return g.given;
    const prefix = g.abs.endsWith("/") ? g.abs : g.abs + "/";
    if (p.startsWith(prefix)) return path.join(g.given, p.slice(prefix.length));
  }
  if (given.length > 0 && given.every((g) => !path.isAbsolute(g.given))) return path.relative(cwd, p) || ".";
  return p;
}

const NOTE = "in repository mode astlint reads only the paths given; findings that depend on this file may be missing";

function finding(file: string, line: number, message: string, help: string): Finding {
  return { ruleId: "unreadable-file", severity: "warning", file, line, column: 1, endLine: line, endColumn: 1, message, notes: [NOTE], help, related: [] };
}

export function outsideReads(fs: RootFs, configs: Iterable<AsteriskConfig>, display: (p: string) => string): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && (seen.add(key), true);
  for (const c of configs) {
    for (const u of c.unknownIncludes) {
      if (!once(`${u.loc.file}\0${u.loc.line}\0${u.target}`)) continue;
      out.push(
        finding(
          u.loc.file,
          u.loc.line,
          `#include ${display(u.target)} was not read: it lies outside the paths given`,
          "add the included file (or its directory) to the paths given, or lint the whole tree with --root",
        ),
      );
    }
    // A config among the paths given that is a symbolic link leading out of them.
    if (!c.exists && fs.isAllowed(c.path) && fs.lstat(c.path)?.kind === "symlink") {
      const r = fs.resolve(c.path);
      if (!r.ok && r.error === "outside" && once(c.path)) {
        out.push(
          finding(
            display(c.path),
            1,
            `${display(c.path)} was not read: it is a symbolic link to ${fs.readlink(c.path) ?? "?"}, outside the paths given`,
            "add the link's target (or its directory) to the paths given, or lint the whole tree with --root",
          ),
        );
      }
    }
  }
  return out;
}
