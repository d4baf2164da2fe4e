/**
 * Writing fixed files through astlint's one writer (src/io/write-file.ts): a hidden temporary
 * file in the same directory renamed over the original, mode and owner kept; a symbolic link
 * is never replaced, a file with several hard links is refused, and a file that changed since
 * astlint read it is not written. New files (drop-ins) get their directories first and are
 * refused when the name appeared meanwhile.
 */
import * as nodeFs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic, WriteFileError } from "../io/write-file.js";

export class WriteRefused extends Error {}

/**
 * Replaces `target` with `data` when its contents are still `expected`; creates it when
 * `expected` is null (and it does not exist). Throws WriteRefused with a one-line reason.
 */
export function writeFixedFile(target: string, data: Uint8Array, expected: Uint8Array | null): void {
  try {
    if (expected === null) {
      nodeFs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
      writeFileAtomic(target, data, { expect: { absent: true }, mode: 0o644 });
    } else {
      writeFileAtomic(target, data, { expect: { content: expected } });
    }
  } catch (e) {
    if (e instanceof WriteFileError) throw new WriteRefused(e.message);
    throw e;
  }
}
