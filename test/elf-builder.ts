/** Minimal ELF files for tests of the binaries phase and asterisk-without-libsystemd. */

/** A 64-bit little-endian ELF with one PT_LOAD, a PT_DYNAMIC and the given DT_NEEDED names. */
export function tinyElf(needed: string[]): Buffer {
  const strtab = Buffer.from("\0" + needed.map((n) => n + "\0").join(""), "latin1");
  const ehsize = 64, phentsize = 56, phnum = 2;
  const dynOff = ehsize + phentsize * phnum;
  const dynEntries: [number, number][] = [];
  let o = 1;
  for (const n of needed) {
    dynEntries.push([1, o]);
    o += n.length + 1;
  }
  const strOff = dynOff + (dynEntries.length + 3) * 16;
  const vaddrBase = 0x400000;
  dynEntries.push([5, vaddrBase + strOff], [10, strtab.length], [0, 0]);
  const size = strOff + strtab.length;
  const b = Buffer.alloc(size);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(62, 18); // x86-64
  b.writeBigUInt64LE(BigInt(ehsize), 32); // e_phoff
  b.writeUInt16LE(ehsize, 52);
  b.writeUInt16LE(phentsize, 54);
  b.writeUInt16LE(phnum, 56);
  const ph = (i: number, type: number, off: number, filesz: number) => {
    const p = ehsize + i * phentsize;
    b.writeUInt32LE(type, p);
    b.writeBigUInt64LE(BigInt(off), p + 8);
    b.writeBigUInt64LE(BigInt(vaddrBase + off), p + 16);
    b.writeBigUInt64LE(BigInt(filesz), p + 32);
  };
  ph(0, 1, 0, size);
  ph(1, 2, dynOff, dynEntries.length * 16);
  dynEntries.forEach(([tag, val], i) => {
    b.writeBigInt64LE(BigInt(tag), dynOff + i * 16);
    b.writeBigUInt64LE(BigInt(val), dynOff + i * 16 + 8);
  });
  strtab.copy(b, strOff);
  return b;
}
