/**
 * Reads the DT_NEEDED entries of an ELF executable (no subprocess, no readelf): ELF header ->
 * program headers -> PT_DYNAMIC -> DT_NEEDED string offsets into DT_STRTAB (mapped through the
 * PT_LOAD segments). Used to tell whether Asterisk was built with libsystemd (Asterisk main/io.c, main/asterisk.c `asterisk_daemon()` (`ast_sd_notify("READY=1")`)).
 */

export type ElfInfo = { elf: false } | { elf: true; needed: string[]; dynamic: boolean };

export function readElfNeeded(b: Uint8Array): ElfInfo {
  if (b.length < 52 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46) return { elf: false };
  const is64 = b[4] === 2;
  const le = b[5] === 1;
  if ((b[4] !== 1 && b[4] !== 2) || (b[5] !== 1 && b[5] !== 2)) return { elf: false };
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (o: number) => dv.getUint16(o, le);
  const u32 = (o: number) => dv.getUint32(o, le);
  const addr = (o: number) => (is64 ? Number(dv.getBigUint64(o, le)) : u32(o));
  const inRange = (o: number, n: number) => o >= 0 && o + n <= b.length;
  try {
    const phoff = is64 ? addr(0x20) : u32(0x1c);
    const phentsize = u16(is64 ? 0x36 : 0x2a);
    const phnum = u16(is64 ? 0x38 : 0x2c);
    if (phnum === 0 || phentsize < (is64 ? 56 : 32) || !inRange(phoff, phnum * phentsize)) return { elf: true, needed: [], dynamic: false };
    const loads: { vaddr: number; off: number; filesz: number }[] = [];
    let dynOff = -1;
    let dynSize = 0;
    for (let i = 0; i < Math.min(phnum, 4096); i++) {
      const p = phoff + i * phentsize;
      const type = u32(p);
      const off = is64 ? addr(p + 8) : u32(p + 4);
      const vaddr = is64 ? addr(p + 16) : u32(p + 8);
      const filesz = is64 ? addr(p + 32) : u32(p + 16);
      if (type === 1) loads.push({ vaddr, off, filesz });
      if (type === 2) {
        dynOff = off;
        dynSize = filesz;
      }
    }
    if (dynOff < 0) return { elf: true, needed: [], dynamic: false };
    const entSize = is64 ? 16 : 8;
    const neededOffsets: number[] = [];
    let strtab = -1;
    let strsz = 0;
    for (let o = dynOff; o + entSize <= dynOff + dynSize && inRange(o, entSize); o += entSize) {
      const tag = is64 ? Number(dv.getBigInt64(o, le)) : dv.getInt32(o, le);
      const val = is64 ? addr(o + 8) : u32(o + 4);
      if (tag === 0) break;
      if (tag === 1) neededOffsets.push(val);
      if (tag === 5) strtab = val;
      if (tag === 10) strsz = val;
    }
    const seg = loads.find((l) => strtab >= l.vaddr && strtab < l.vaddr + l.filesz);
    const strOff = seg ? strtab - seg.vaddr + seg.off : strtab;
    const needed: string[] = [];
    for (const n of neededOffsets) {
      let start = strOff + n;
      if (!inRange(start, 1) || (strsz && n >= strsz)) continue;
      let end = start;
      while (end < b.length && b[end] !== 0 && end - start < 4096) end++;
      needed.push(Buffer.from(b.buffer, b.byteOffset + start, end - start).toString("latin1"));
    }
    return { elf: true, needed, dynamic: true };
  } catch {
    return { elf: false };
  }
}
