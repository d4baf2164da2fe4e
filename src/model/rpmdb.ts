/**
 * The installed packages of an rpm database, read from its bytes (rpm is never run).
 *
 * rpm keeps one header blob per installed package (rpm's lib/header.c layout: index count and
 * data length as big-endian uint32, 16-byte index entries tag/type/offset/count, then the data;
 * NAME 1000, VERSION 1001, RELEASE 1002 are STRING, EPOCH 1003 INT32) in a `Packages` store:
 * - SQLite (rpm >= 4.16, RHEL 9, Fedora 33+: rpmdb.sqlite): table `Packages (hnum INTEGER PRIMARY
 *   KEY, blob BLOB)`, found through sqlite_schema and read by walking its table b-tree (SQLite's
 *   file format: https://www.sqlite.org/fileformat2.html, overflow pages included);
 * - Berkeley DB (RHEL 7/8: Packages): a hash database whose data items are the blobs, inline or in
 *   overflow-page chains (Berkeley DB 5.3's dbinc/db_page.h).
 * Only live records count: a package removed or upgraded leaves its old header in the file's free
 * space (SQLite freeblocks and freelist pages, Berkeley DB freed overflow pages), which a scan of
 * the raw bytes would take for an installed package. Checked against databases written by rpm
 * 4.18 (scripts/make-rpmdb-fixtures.sh). Bad bytes give null, never an exception or a loop: every
 * page is visited at most once and reassembled payloads are bounded by the file's size.
 *
 * Why no library: Node 20 has no built-in SQLite (node:sqlite is Node 22.5+); better-sqlite3 is a
 * native addon (a compiler at install time, which npm and pre-commit installs of astlint must not
 * need); sql.js and @sqlite.org/sqlite-wasm are SQLite compiled to WebAssembly (~650 KB of WASM
 * to ship beside the bundle and inside the single executable, and a second copy of a database of
 * up to 256 MiB in WASM memory) to read one table of one file. No maintained JavaScript library
 * reads Berkeley DB at all. Reading only the `Packages` table's b-tree is ~100 lines, tested on
 * real databases.
 */

export interface RpmPackage {
  name: string;
  version: string;
  release: string;
  epoch: number | null;
}

const u16be = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const u32be = (b: Uint8Array, o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
const u16le = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32le = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

class Corrupt extends Error {}

/** Longest NAME, VERSION or RELEASE string read from a header. */
const MAX_HEADER_STRING = 4096;

function latin1(b: Uint8Array, start: number, end: number): string {
  return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString("latin1");
}

/** NAME, VERSION, RELEASE and EPOCH of one rpm header blob; null when it is not one. */
export function rpmHeaderPackage(blob: Uint8Array): RpmPackage | null {
  if (blob.length < 8) return null;
  const il = u32be(blob, 0);
  const dl = u32be(blob, 4);
  const data = 8 + 16 * il;
  if (il < 1 || il > 0xffff || data + dl > blob.length) return null;
  const end = data + dl;
  // A name, version or release is short: the NUL is looked for in the next 4 KiB only, so a
  // hostile header of 65,535 entries over megabytes of data without a NUL stays linear.
  const str = (off: number): string | null => {
    if (off >= dl) return null;
    const from = data + off;
    const nul = blob.subarray(from, Math.min(end, from + MAX_HEADER_STRING)).indexOf(0);
    return nul < 0 ? null : latin1(blob, from, from + nul);
  };
  let name: string | null = null;
  let version: string | null = null;
  let release: string | null = null;
  let epoch: number | null = null;
  for (let i = 0; i < il; i++) {
    const e = 8 + 16 * i;
    const tag = u32be(blob, e);
    const type = u32be(blob, e + 4);
    const off = u32be(blob, e + 8);
    if (type === 6 && tag === 1000 && name === null) name = str(off);
    else if (type === 6 && tag === 1001 && version === null) version = str(off);
    else if (type === 6 && tag === 1002 && release === null) release = str(off);
    else if (type === 4 && tag === 1003 && off + 4 <= dl) epoch = u32be(blob, data + off);
  }
  return name && version && release ? { name, version, release, epoch } : null;
}

// ---- SQLite ----------------------------------------------------------------------------------

function varint(b: Uint8Array, pos: number): [number, number] {
  let v = 0;
  for (let i = 0; i < 9; i++) {
    if (pos + i >= b.length) throw new Corrupt();
    const c = b[pos + i]!;
    if (i === 8) return [v * 256 + c, pos + 9];
    v = v * 128 + (c & 0x7f);
    if (c < 0x80) return [v, pos + i + 1];
  }
  throw new Corrupt();
}

/** The values of an SQLite record: numbers, null, or the bytes of a text or blob. */
function recordValues(p: Uint8Array): (number | null | Uint8Array)[] {
  const [hdrSize, start] = varint(p, 0);
  if (hdrSize > p.length) throw new Corrupt();
  const out: (number | null | Uint8Array)[] = [];
  let h = start;
  let body = hdrSize;
  while (h < hdrSize) {
    const [t, next] = varint(p, h);
    h = next;
    if (t === 0) out.push(null);
    else if (t >= 1 && t <= 6) {
      const len = [0, 1, 2, 3, 4, 6, 8][t]!;
      if (body + len > p.length) throw new Corrupt();
      let v = 0;
      for (let i = 0; i < len; i++) v = v * 256 + p[body + i]!;
      out.push(v);
      body += len;
    } else if (t === 7) {
      out.push(null);
      body += 8;
    } else if (t === 8 || t === 9) out.push(t - 8);
    else if (t >= 12) {
      const len = Math.floor((t - 12) / 2);
      if (body + len > p.length) throw new Corrupt();
      out.push(p.subarray(body, body + len));
      body += len;
    } else throw new Corrupt();
  }
  return out;
}

/** Calls `row` with the payload of every row of the table b-tree rooted at `root`. */
function sqliteTable(db: Uint8Array, pageSize: number, usable: number, root: number, row: (payload: Uint8Array) => void): void {
  const pages = Math.floor(db.length / pageSize);
  const seen = new Set<number>();
  let budget = 2 * db.length; // bytes reassembled in all; a valid file needs at most its size
  const page = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > pages || seen.has(n)) throw new Corrupt();
    seen.add(n);
    return (n - 1) * pageSize;
  };
  const stack = [root];
  while (stack.length > 0) {
    const base = page(stack.pop()!);
    const hdr = base === 0 ? 100 : base;
    const type = db[hdr];
    const cells = u16be(db, hdr + 3);
    if (type === 5) {
      for (let i = 0; i < cells; i++) stack.push(u32be(db, base + u16be(db, hdr + 12 + 2 * i)));
      stack.push(u32be(db, hdr + 8));
    } else if (type === 13) {
      for (let i = 0; i < cells; i++) {
        const ptr = u16be(db, hdr + 8 + 2 * i);
        if (ptr >= pageSize) throw new Corrupt();
        const [size, p1] = varint(db, base + ptr);
        const [, p2] = varint(db, p1);
        if (size > db.length || (budget -= size) < 0) throw new Corrupt();
        const x = usable - 35;
        const m = Math.floor(((usable - 12) * 32) / 255) - 23;
        const k = m + ((size - m) % (usable - 4));
        const local = size <= x ? size : k <= x ? k : m;
        if (p2 + local + (local < size ? 4 : 0) > base + pageSize) throw new Corrupt();
        const payload = new Uint8Array(size);
        payload.set(db.subarray(p2, p2 + local));
        let off = local;
        let next = local < size ? u32be(db, p2 + local) : 0;
        while (off < size) {
          const ov = page(next);
          const n = Math.min(usable - 4, size - off);
          payload.set(db.subarray(ov + 4, ov + 4 + n), off);
          off += n;
          next = u32be(db, ov);
        }
        row(payload);
      }
    } else throw new Corrupt();
  }
}

/** Calls `blob` with each header blob of the Packages table, one at a time (none is kept). */
function sqlitePackages(db: Uint8Array, blob: (b: Uint8Array) => void): void {
  let pageSize = u16be(db, 16);
  if (pageSize === 1) pageSize = 65536;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw new Corrupt();
  const usable = pageSize - db[20]!;
  if (usable < 480) throw new Corrupt();
  let root: number | null = null;
  sqliteTable(db, pageSize, usable, 1, (p) => {
    const [type, name, , rootpage] = recordValues(p);
    if (type instanceof Uint8Array && name instanceof Uint8Array && typeof rootpage === "number" && latin1(type, 0, type.length) === "table" && latin1(name, 0, name.length) === "Packages") root = rootpage;
  });
  if (root === null) throw new Corrupt();
  sqliteTable(db, pageSize, usable, root, (p) => {
    const b = recordValues(p).find((v) => v instanceof Uint8Array);
    if (b instanceof Uint8Array) blob(b);
  });
}

// ---- Berkeley DB hash ------------------------------------------------------------------------

const DB_HASHMAGIC = 0x061561;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
const PAGE_HEADER = 26;

/** Calls `blob` with each data item of a Berkeley DB hash database, one at a time. */
function bdbPackages(db: Uint8Array, blob: (b: Uint8Array) => void): void {
  const le = u32le(db, 12) === DB_HASHMAGIC;
  if (!le && u32be(db, 12) !== DB_HASHMAGIC) throw new Corrupt();
  const u16 = le ? u16le : u16be;
  const u32 = le ? u32le : u32be;
  const pageSize = u32(db, 20);
  // metaflags: checksummed or encrypted pages have a longer header (rpm writes neither).
  if (db[25] !== P_HASHMETA || db[24] !== 0 || db[26] !== 0 || pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw new Corrupt();
  const pages = Math.floor(db.length / pageSize);
  const usedOverflow = new Set<number>();
  for (let pg = 1; pg < pages; pg++) {
    const base = pg * pageSize;
    const type = db[base + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = u16(db, base + 20);
    if (PAGE_HEADER + 2 * entries > pageSize) throw new Corrupt();
    // Items are key/data pairs, packed from the end of the page down: item i ends where i-1 starts.
    for (let i = 1; i < entries; i += 2) {
      const at = u16(db, base + PAGE_HEADER + 2 * i);
      const endAt = u16(db, base + PAGE_HEADER + 2 * (i - 1));
      if (at < PAGE_HEADER || at >= endAt || endAt > pageSize) throw new Corrupt();
      const item = base + at;
      if (db[item] === H_KEYDATA) blob(db.subarray(item + 1, base + endAt));
      else if (db[item] === H_OFFPAGE) {
        let next = u32(db, item + 4);
        const total = u32(db, item + 8);
        if (total > db.length) throw new Corrupt();
        const data = new Uint8Array(total);
        let off = 0;
        while (off < total) {
          if (next < 1 || next >= pages || usedOverflow.has(next)) throw new Corrupt();
          usedOverflow.add(next);
          const ov = next * pageSize;
          const len = u16(db, ov + 22);
          if (db[ov + 25] !== P_OVERFLOW || PAGE_HEADER + len > pageSize || off + len > total) throw new Corrupt();
          data.set(db.subarray(ov + PAGE_HEADER, ov + PAGE_HEADER + len), off);
          off += len;
          if (len === 0) throw new Corrupt();
          next = u32(db, ov + 16);
        }
        blob(data);
      }
    }
  }
}

/**
 * The packages recorded in an rpm database file (SQLite or Berkeley DB hash), by reading its
 * live records; null when the bytes are neither (or are damaged), e.g. an ndb Packages.db.
 */
export function rpmDatabasePackages(db: Uint8Array): RpmPackage[] | null {
  try {
    const out: RpmPackage[] = [];
    const add = (blob: Uint8Array) => {
      const p = rpmHeaderPackage(blob);
      if (p) out.push(p);
    };
    if (db.length >= 100 && latin1(db, 0, 16) === "SQLite format 3\0") sqlitePackages(db, add);
    else if (db.length >= 512) bdbPackages(db, add);
    else return null;
    return out;
  } catch (e) {
    if (e instanceof Corrupt || e instanceof RangeError) return null;
    throw e;
  }
}
