/**
 * Which Asterisk major a root runs, read without executing anything:
 * 1. the dpkg status database (/var/lib/dpkg/status): an installed `asterisk` (or `asteriskNN`,
 *    `asterisk-core`, `asteriskNN-core`) package's Version, epoch and Debian revision stripped;
 * 2. the rpm databases are binary (SQLite, BerkeleyDB, ndb): astlint looks for an `asterisk`
 *    package header blob's name/version/release strings only in the SQLite/ndb/BDB files as plain
 *    bytes (`asteriskNN-core-20.6.0-1...`-style NEVRA strings);
 * 3. the Asterisk binary's version string, read as bytes: main/version.c compiles the version
 *    (`20.6.0`) and ASTERISK_VERSION_NUM (`200600`) as NUL-terminated strings; both must be
 *    present and agree, so a stray `18.1.2` in some other string is not taken.
 */
import type { RootFs } from "../io/fs.js";

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
 * rpm databases store each header's name, version and release as NUL-terminated strings; the
 * name `asterisk`/`asteriskNN`/`asterisk-core` immediately followed (next string) by a version
 * `N.x.y` is taken. Heuristic on bytes, never executes rpm.
 */
export function asteriskFromRpmBytes(bytes: Uint8Array): string | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  const re = /\0(asterisk(?:\d+)?(?:-core)?)\0(\d{2}\.\d+\.\d+)\0/g;
  const found = new Set<string>();
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) found.add(m[2]);
  if (found.size !== 1) return null;
  return [...found][0]!;
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
  // A dpkg system keeps no rpm database worth reading (and it can be hundreds of MB).
  for (const db of status === null ? RPM_DBS : []) {
    const r = fs.read(db, MAX_DB);
    if (!r.ok) continue;
    const v = asteriskFromRpmBytes(r.bytes);
    const major = v ? majorOf(v) : null;
    if (v && major !== null) return { major, full: v, source: `rpm database ${db} (asterisk ${v})` };
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
