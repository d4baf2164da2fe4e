/**
 * Asterisk version detection from rpm databases written by rpm 4.18 itself
 * (scripts/make-rpmdb-fixtures.sh made test/model/rpmdb/*.gz and says how): SQLite rpmdb.sqlite
 * (RHEL 9, Fedora) and a Berkeley DB Packages file (RHEL 7/8) read back by rpm's bdb_ro backend.
 * Each database is put under a temporary root where astlint looks for it; no rpm is needed here.
 */
import { describe, expect, it } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { nodeBackend, type FsBackend } from "../../src/io/fs.js";
import { lint } from "../../src/lint.js";
import { asteriskFromRpmDatabase } from "../../src/model/asterisk-version.js";
import { rpmDatabasePackages, rpmHeaderPackage } from "../../src/model/rpmdb.js";
import { makeTree } from "../helpers.js";
import { settledGrowth } from "../cost.js";

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "rpmdb");
const db = (name: string) => new Uint8Array(gunzipSync(fs.readFileSync(path.join(DIR, name))));
const nevr = (bytes: Uint8Array) => rpmDatabasePackages(bytes)?.map((p) => `${p.name}-${p.version}-${p.release}`).sort();
const FEATURES = "[featuremap]\nautomon = *1\n";

async function detect(dbPath: string, bytes: Uint8Array, extra: Record<string, string> = {}) {
  const root = makeTree({ "etc/asterisk/features.conf": FEATURES, [dbPath]: bytes, ...extra });
  const r = await lint({ paths: [], root });
  return { version: r.asteriskVersion, source: r.asteriskVersionSource };
}

describe("rpm databases written by rpm 4.18", () => {
  it("SQLite (EPEL naming): asterisk 22.5.2 beside asterisk-devel, asterisk-sounds-core-en 1.6.1 and 24 other packages", async () => {
    const bytes = db("sqlite-epel.rpmdb.sqlite.gz");
    const pkgs = nevr(bytes)!;
    expect(pkgs).toHaveLength(27);
    expect(pkgs.filter((p) => p.startsWith("asterisk"))).toEqual(["asterisk-22.5.2-1.el9", "asterisk-devel-22.5.2-1.el9", "asterisk-sounds-core-en-1.6.1-1.el9"]);
    expect(await detect("var/lib/rpm/rpmdb.sqlite", bytes)).toEqual({ version: 22, source: "rpm database /var/lib/rpm/rpmdb.sqlite (asterisk 22.5.2-1.el9)" });
    // Fedora keeps it under /usr/lib/sysimage/rpm
    expect((await detect("usr/lib/sysimage/rpm/rpmdb.sqlite", bytes)).source).toBe("rpm database /usr/lib/sysimage/rpm/rpmdb.sqlite (asterisk 22.5.2-1.el9)");
  });

  it("SQLite after `rpm -U` from 20.11.1 to 22.5.2: the old header left in free space does not count", async () => {
    const bytes = db("sqlite-upgraded.rpmdb.sqlite.gz");
    // the stale header is really there: a scan of the bytes sees both versions
    const raw = Buffer.from(bytes);
    expect(raw.includes("\0asterisk\x0020.11.1\x001.el9\0", 0, "latin1")).toBe(true);
    expect(raw.includes("\0asterisk\x0022.5.2\x001.el9\0", 0, "latin1")).toBe(true);
    expect(nevr(bytes)).toEqual(["asterisk-22.5.2-1.el9", "asterisk-sounds-core-en-1.6.1-1.el9"]);
    expect(await detect("var/lib/rpm/rpmdb.sqlite", bytes)).toEqual({ version: 22, source: "rpm database /var/lib/rpm/rpmdb.sqlite (asterisk 22.5.2-1.el9)" });
  });

  it("SQLite after `rpm -e asterisk`: nothing detected from the database although the header bytes remain", async () => {
    const bytes = db("sqlite-erased.rpmdb.sqlite.gz");
    expect(Buffer.from(bytes).includes("\0asterisk\x0022.5.2\x001.el9\0", 0, "latin1")).toBe(true);
    expect(nevr(bytes)).toEqual(["asterisk-sounds-core-en-1.6.1-1.el9"]);
    expect(asteriskFromRpmDatabase(bytes)).toBeNull();
    const d = await detect("var/lib/rpm/rpmdb.sqlite", bytes);
    expect(d.version).toBe(22);
    expect(d.source).toContain("no version stated or found");
    // the binary's version string is the next source
    const withBinary = await detect("var/lib/rpm/rpmdb.sqlite", bytes, { "usr/sbin/asterisk": "\x7fELF\0Asterisk %s\0" + "20.15.2\0" + "201502\0" });
    expect(withBinary).toEqual({ version: 20, source: "version string of /usr/sbin/asterisk (20.15.2)" });
  });

  it("SQLite (Sangoma/FreePBX naming): asterisk22 and asterisk22-core", async () => {
    const bytes = db("sqlite-sangoma.rpmdb.sqlite.gz");
    expect(nevr(bytes)).toEqual(["asterisk-core-sounds-en-gsm-1.6.1-1.sng7", "asterisk22-22.5.2-1.sng7", "asterisk22-core-22.5.2-1.sng7"]);
    expect(await detect("var/lib/rpm/rpmdb.sqlite", bytes)).toEqual({ version: 22, source: "rpm database /var/lib/rpm/rpmdb.sqlite (asterisk22 22.5.2-1.sng7)" });
  });

  it("Berkeley DB Packages (RHEL 7/8): the EPEL host's headers, overflow pages included", async () => {
    const bytes = db("bdb-epel.Packages.gz");
    expect(nevr(bytes)).toEqual(nevr(db("sqlite-epel.rpmdb.sqlite.gz")));
    expect(await detect("var/lib/rpm/Packages", bytes)).toEqual({ version: 22, source: "rpm database /var/lib/rpm/Packages (asterisk 22.5.2-1.el9)" });
  });

  it("the first readable database is the one rpm uses: a leftover Packages beside rpmdb.sqlite is not read", async () => {
    const root = makeTree({ "etc/asterisk/features.conf": FEATURES, "var/lib/rpm/rpmdb.sqlite": db("sqlite-erased.rpmdb.sqlite.gz"), "var/lib/rpm/Packages": db("bdb-epel.Packages.gz") });
    expect((await lint({ paths: [], root })).asteriskVersionSource).toContain("no version stated or found");
  });

  it("a database over 256 MiB is not read (the next source is used)", async () => {
    const root = makeTree({ "etc/asterisk/features.conf": FEATURES, "usr/sbin/asterisk": "\0" + "21.5.0\0" + "210500\0" });
    fs.mkdirSync(path.join(root, "var/lib/rpm"), { recursive: true });
    const big = path.join(root, "var/lib/rpm/rpmdb.sqlite");
    fs.writeFileSync(big, "");
    fs.truncateSync(big, 257 * 1024 * 1024); // sparse: nothing is written
    const opened: string[] = [];
    const backend: FsBackend = { ...nodeBackend, readFile: (p, max) => (opened.push(p), nodeBackend.readFile(p, max)) };
    const r = await lint({ paths: [], root, fsBackend: backend });
    expect(opened.filter((p) => p.includes("/var/lib/rpm/"))).toEqual([]);
    expect(r.asteriskVersionSource).toBe("version string of /usr/sbin/asterisk (21.5.0)");
  });

  it("damaged databases give no version and no exception", () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (const name of ["sqlite-epel.rpmdb.sqlite.gz", "bdb-epel.Packages.gz"]) {
      const good = db(name);
      for (let n = 0; n < 60; n++) {
        const bad = good.slice(0, n % 3 === 0 ? Math.floor(rand() * good.length) : good.length);
        for (let k = 0; k < 40; k++) bad[Math.floor(rand() * bad.length)] = Math.floor(rand() * 256);
        const pkgs = rpmDatabasePackages(bad);
        expect(pkgs === null || Array.isArray(pkgs)).toBe(true);
        const hit = asteriskFromRpmDatabase(bad);
        expect(hit === null || typeof hit.version === "string").toBe(true);
      }
    }
    // a page that points at itself (b-tree cycle) is refused, not walked forever
    const cyc = db("sqlite-epel.rpmdb.sqlite.gz");
    // page 1 (sqlite_schema) is an interior page: make its right-most child page 1 itself
    expect(cyc[100]).toBe(5);
    cyc.set([0, 0, 0, 1], 100 + 8);
    expect(rpmDatabasePackages(cyc)).toBeNull();
  });

  it("rpm header blobs: NAME/VERSION/RELEASE/EPOCH by tag, out-of-range offsets refused", () => {
    const strings = "asterisk\0" + "20.6.0\0" + "3.fc40\0";
    const data = new Uint8Array([...Buffer.from(strings, "latin1"), 0, 0, 0, 0, 0, 0, 0, 1]);
    const entry = (tag: number, type: number, off: number) => [tag, type, off, 1].flatMap((v) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]);
    const head = (entries: number[][]) => new Uint8Array([...[entries.length, data.length].flatMap((v) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]), ...entries.flat(), ...data]);
    expect(rpmHeaderPackage(head([entry(1000, 6, 0), entry(1001, 6, 9), entry(1002, 6, 16), entry(1003, 4, 27)]))).toEqual({ name: "asterisk", version: "20.6.0", release: "3.fc40", epoch: 1 });
    expect(rpmHeaderPackage(head([entry(1000, 6, 0), entry(1001, 6, 9), entry(1002, 6, 999)]))).toBeNull();
    expect(rpmHeaderPackage(head([entry(1000, 6, 0), entry(1001, 6, 9)]))).toBeNull();
    expect(rpmHeaderPackage(new Uint8Array([0, 0, 0, 1, 255, 255, 255, 255]))).toBeNull();
  });

  it("a hostile header (many NAME entries over data without a NUL) is read in linear time", () => {
    // n NAME entries all at offset 0 over 64n bytes with no NUL: looking for the NUL through all
    // the data for every entry was quadratic (~100x for 10x); it is now one bounded look.
    const hostile = (n: number): Uint8Array => {
      const dl = 64 * n;
      const b = new Uint8Array(8 + 16 * n + dl).fill(0x41);
      const dv = new DataView(b.buffer);
      dv.setUint32(0, n);
      dv.setUint32(4, dl);
      for (let i = 0; i < n; i++) {
        dv.setUint32(8 + 16 * i, 1000);
        dv.setUint32(12 + 16 * i, 6);
        dv.setUint32(16 + 16 * i, 0);
        dv.setUint32(20 + 16 * i, 1);
      }
      return b;
    };
    expect(rpmHeaderPackage(hostile(1000))).toBeNull();
    expect(settledGrowth(hostile, rpmHeaderPackage, 1000, 40)).toBeLessThan(40);
  });
});
