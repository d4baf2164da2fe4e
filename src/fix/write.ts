/**
 * Writing fixed files without losing data: a hidden temporary file in the same directory,
 * renamed over the original (mode and owner kept); a symbolic link is never replaced, a file
 * with several hard links is refused, and a file that changed since astlint read it is not
 * written. New files (drop-ins) are linked into place, so an existing one is never clobbered.
 */
import * as nodeFs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";

export class WriteRefused extends Error {}

function tempName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.astlint-${randomBytes(6).toString("hex")}`);
}

function writeTemp(tmp: string, data: Uint8Array, mode: number, owner?: { uid: number; gid: number }): void {
  const fd = nodeFs.openSync(tmp, nodeFs.constants.O_WRONLY | nodeFs.constants.O_CREAT | nodeFs.constants.O_EXCL, mode & 0o7777);
  try {
    let off = 0;
    while (off < data.length) off += nodeFs.writeSync(fd, data, off, data.length - off);
    nodeFs.fchmodSync(fd, mode & 0o7777);
    if (owner) {
      try {
        nodeFs.fchownSync(fd, owner.uid, owner.gid);
      } catch (e) {
        // Not root: the owner cannot be kept unless it is already ours.
        const st = nodeFs.fstatSync(fd);
        if (st.uid !== owner.uid || st.gid !== owner.gid) throw e;
      }
    }
    nodeFs.fsyncSync(fd);
  } finally {
    nodeFs.closeSync(fd);
  }
}

/**
 * Replaces `target` with `data` when its contents are still `expected`; creates it when
 * `expected` is null (and it does not exist). Throws WriteRefused with a one-line reason.
 */
export function writeFixedFile(target: string, data: Uint8Array, expected: Uint8Array | null): void {
  if (expected === null) {
    nodeFs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    const tmp = tempName(target);
    writeTemp(tmp, data, 0o644);
    try {
      nodeFs.linkSync(tmp, target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new WriteRefused(`it was created since astlint looked; not written`);
      throw e;
    } finally {
      nodeFs.rmSync(tmp, { force: true });
    }
    return;
  }
  const st = nodeFs.lstatSync(target);
  if (st.isSymbolicLink()) throw new WriteRefused(`it is a symbolic link; not replaced`);
  if (!st.isFile()) throw new WriteRefused(`it is not a regular file`);
  if (st.nlink > 1) throw new WriteRefused(`it has ${st.nlink} hard links; writing a new file would split them, so it is not written`);
  const current = nodeFs.readFileSync(target);
  if (!current.equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))) throw new WriteRefused(`it changed since astlint read it; not written`);
  const tmp = tempName(target);
  try {
    writeTemp(tmp, data, st.mode, { uid: st.uid, gid: st.gid });
    nodeFs.renameSync(tmp, target);
  } catch (e) {
    nodeFs.rmSync(tmp, { force: true });
    throw e;
  }
}
