/**
 * Which Asterisk major a root runs, read without executing anything:
 * 1. the dpkg status database (/var/lib/dpkg/status): an installed `asterisk` (or `asteriskNN`,
 *    `asterisk-core`, `asteriskNN-core`) package's Version, epoch and Debian revision stripped;
 * 2. the rpm database: the installed (live) package headers of an SQLite rpmdb.sqlite or a
 *    Berkeley DB Packages file (src/model/rpmdb.ts), an `asterisk`/`asteriskNN`/`asterisk-core`/
 *    `asteriskNN-core` package's VERSION; an ndb Packages.db (SUSE), which astlint cannot parse,
 *    is searched as bytes for the header's NAME\0VERSION\0 strings;
 * 3. the Asterisk binary's version string, read as bytes: main/version.c compiles the version
 *    (`20.6.0`) and ASTERISK_VERSION_NUM (`200600`) as NUL-terminated strings; both must be
 *    present and agree, so a stray `18.1.2` in some other string is not taken.
 */
import type { RootFs } from "../io/fs.js";
import { rpmDatabasePackages } from "./rpmdb.js";

export interface DetectedAsteriskVersion {
  major: number;
  /** Full version string as found. */
  full: string;
  /** Where it was read, for the output: "dpkg status database (asterisk 1:20.6.0~dfsg-1)". */
  source: string;
}

/** N or N.x.y (also N.x.y-rc1, N.x.y~dfsg...) -> N. */
export function majorOf(version: string): number | null {
  const m = /^(?:\d+:)?(\d+)(?:\.\d+){0,2}(?:[-~+._a-zA-Z0-9]*)?$/.exec(version.trim());
  return m ? Number(m[1]) : null;
}

const PACKAGE_NAME = /^asterisk(?:\d+)?(?:-core)?$/;

/** Parses a dpkg status file's text: the installed Asterisk package's version, or null. */
export function asteriskFromDpkgStatus(text: string): { pkg: string; version: string } | null {
  for (const para of text.split(/\n\s*\n/)) {
    const pkg = /^Package:\s*(\S+)/m.exec(para)?.[1];
    if (!pkg || !PACKAGE_NAME.test(pkg)) continue;
    const status = /^Status:[ \t]*(\S[^\n]*)$/m.exec(para)?.[1] ?? "";
    if (!/\binstalled\b/.test(status) || /\bnot-installed\b|config-files/.test(status)) continue;
    const version = /^Version:\s*(\S+)/m.exec(para)?.[1];
    if (version) return { pkg, version };
  }
  return null;
}

/**
 * The Asterisk package of an rpm database file: its live headers when the format is known (SQLite,
 * Berkeley DB), else (ndb) the header's NAME and VERSION strings, which rpm stores NUL-terminated
 * one after the other (`\0asterisk\022.5.2\01.el9\0`), found as bytes. Several different
 * versions (e.g. stale headers in a file astlint cannot parse) give null, never a guess.
 */
export function asteriskFromRpmDatabase(bytes: Uint8Array): { pkg: string; version: string; release: string } | null {
  const live = rpmDatabasePackages(bytes);
  if (live !== null) {
    const hits = live.filter((p) => PACKAGE_NAME.test(p.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (hits.length === 0 || new Set(hits.map((p) => p.version)).size !== 1) return null;
    return { pkg: hits[0]!.name, version: hits[0]!.version, release: hits[0]!.release };
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new Map<string, { pkg: string; version: string; release: string }>();
  for (let i = buf.indexOf("\0asterisk"); i >= 0 && found.size < 2; i = buf.indexOf("\0asterisk", i + 1)) {
    // NAME, VERSION, RELEASE: a bounded window after each candidate, no copy of the file.
    const m = /^\0(asterisk(?:\d+)?(?:-core)?)\0(\d{2}\.\d+\.\d+)\0([^\0]{1,64})\0/.exec(buf.toString("latin1", i, i + 200));
    if (m) found.set(m[2]!, { pkg: m[1]!, version: m[2]!, release: m[3]! });
  }
  return found.size === 1 ? [...found.values()][0]! : null;
}

/** The binary's version string: `X.Y.Z` plus ASTERISK_VERSION_NUM (`XXYYZZ`) both present. */
export function asteriskFromBinaryBytes(bytes: Uint8Array): string | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  const re = /\0((1[0-9]|2[0-9])\.(\d{1,2})\.(\d{1,2})(?:-(?:rc|cert)\d+)?)\0/g;
  const found = new Set<string>();
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const num = `${m[2]}${m[3].padStart(2, "0")}${m[4].padStart(2, "0")}`;
    if (text.includes(`\0${num}\0`)) found.add(m[1]);
  }
  if (found.size !== 1) return null;
  return [...found][0]!;
}

const RPM_DBS = ["/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages.db", "/var/lib/rpm/Packages", "/usr/lib/sysimage/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/Packages.db"];
const MAX_DB = 256 * 1024 * 1024;
const MAX_BINARY = 256 * 1024 * 1024;

/** Detects the Asterisk version under a root; `binaries` are candidate binary paths (ExecStart's first). */
export function detectAsteriskVersion(fs: RootFs, binaries: string[]): DetectedAsteriskVersion | null {
  const status = fs.readText("/var/lib/dpkg/status", 64 * 1024 * 1024);
  if (status !== null) {
    const hit = asteriskFromDpkgStatus(status);
    const major = hit ? majorOf(hit.version) : null;
    if (hit && major !== null) return { major, full: hit.version, source: `dpkg status database (${hit.pkg} ${hit.version})` };
  }
  // A dpkg system keeps no rpm database worth reading (and it can be hundreds of MB). The first
  // one that can be read is the one rpm uses (a converted host may keep its old Packages file).
  for (const db of status === null ? RPM_DBS : []) {
    const r = fs.read(db, MAX_DB);
    if (!r.ok) continue;
    const hit = asteriskFromRpmDatabase(r.bytes);
    const major = hit ? majorOf(hit.version) : null;
    if (hit && major !== null) return { major, full: hit.version, source: `rpm database ${db} (${hit.pkg} ${hit.version}-${hit.release})` };
    break;
  }
  for (const b of [...new Set([...binaries, "/usr/sbin/asterisk", "/usr/local/sbin/asterisk"])]) {
    const r = fs.read(b, MAX_BINARY);
    if (!r.ok) continue;
    const v = asteriskFromBinaryBytes(r.bytes);
    const major = v ? majorOf(v) : null;
    if (v && major !== null) return { major, full: v, source: `version string of ${b} (${v})` };
  }
  return null;
}
