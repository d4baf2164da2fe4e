/**
 * Lossless-position text decoding for the parsers.
 *
 * Positions in astlint are UTF-16 code units of the line *as decoded from UTF-8 with each
 * invalid byte replaced by exactly one U+FFFD* (see src/core/types.ts). `TextDecoder` replaces
 * "maximal subparts" (so `E2 82 41` gives one U+FFFD, not two), which would shift columns, hence
 * this small decoder.
 *
 * Besides the text, the decoder reports which characters systemd's `utf8_is_valid()`
 * (src/basic/utf8.c) rejects:
 *   - every invalid input byte (each one became a U+FFFD; a correctly encoded U+FFFD in the input
 *     is valid and is NOT listed),
 *   - lone UTF-16 surrogates when the input is a JS string (they have no UTF-8 encoding),
 *   - Unicode noncharacters U+FDD0..U+FDEF and U+xxFFFE/U+xxFFFF, which are well-formed UTF-8 but
 *     fail systemd's `unichar_is_valid()`.
 */

export interface DecodedText {
  /** The decoded text (invalid bytes became one U+FFFD each). */
  text: string;
  /** Sorted offsets (in `text`) of the U+FFFD characters that stand for one invalid input byte. */
  invalidByteOffsets: number[];
  /** The original byte value for each entry of `invalidByteOffsets`. */
  invalidByteValues: number[];
  /** Sorted offsets of lone surrogates (string input only). */
  loneSurrogateOffsets: number[];
  /** Sorted offsets of noncharacters (U+FDD0..U+FDEF, U+xxFFFE, U+xxFFFF; astral ones point at the high surrogate). */
  noncharacterOffsets: number[];
}

const fatalDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Quick pre-check: no surrogate and no BMP noncharacter at all (the common, ASCII-ish case). */
const SUSPICIOUS = /[\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF]/;

/** Decodes bytes as UTF-8, one U+FFFD per invalid byte. Never throws. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  let text: string | undefined;
  try {
    text = fatalDecoder.decode(bytes);
  } catch {
    text = undefined;
  }
  if (text !== undefined) return finish(text, [], [], false);
  return decodeSlow(bytes);
}

/** Wraps a JS string (already decoded) and lists the characters systemd would reject. */
export function fromString(text: string): DecodedText {
  return finish(text, [], [], true);
}

/** Decodes `Uint8Array | string` input. */
export function decodeInput(input: Uint8Array | string): DecodedText {
  if (typeof input === "string") return fromString(input);
  return decodeUtf8(input);
}

function finish(text: string, invalidByteOffsets: number[], invalidByteValues: number[], stringInput: boolean): DecodedText {
  const loneSurrogateOffsets: number[] = [];
  const noncharacterOffsets: number[] = [];
  if (SUSPICIOUS.test(text)) {
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0xd800) continue;
      if (c <= 0xdbff) {
        const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d <= 0xdfff) {
          // Astral noncharacters U+1FFFE, U+1FFFF, ..., U+10FFFF: high surrogate ends in 0x3F, low is DFFE/DFFF.
          if ((c & 0x3f) === 0x3f && d >= 0xdffe) noncharacterOffsets.push(i);
          i++;
        } else if (stringInput) {
          loneSurrogateOffsets.push(i);
        }
      } else if (c <= 0xdfff) {
        if (stringInput) loneSurrogateOffsets.push(i);
      } else if ((c >= 0xfdd0 && c <= 0xfdef) || c >= 0xfffe) {
        noncharacterOffsets.push(i);
      }
    }
  }
  return { text, invalidByteOffsets, invalidByteValues, loneSurrogateOffsets, noncharacterOffsets };
}

const CHUNK = 0x2000;

/** Byte-by-byte decoder (only used when the input is not valid UTF-8). */
function decodeSlow(bytes: Uint8Array): DecodedText {
  const n = bytes.length;
  // Every byte yields at most one UTF-16 unit (4-byte sequences yield 2 units for 4 bytes).
  const units = new Uint16Array(n);
  const invalidByteOffsets: number[] = [];
  const invalidByteValues: number[] = [];
  let u = 0;
  let i = 0;
  while (i < n) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      units[u++] = b0;
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    let cp = 0;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      if (b0 === 0xe0) lo = 0xa0; // no overlongs
      else if (b0 === 0xed) hi = 0x9f; // no surrogates
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      if (b0 === 0xf0) lo = 0x90; // no overlongs
      else if (b0 === 0xf4) hi = 0x8f; // nothing above U+10FFFF
    }
    let ok = need > 0;
    if (ok) {
      // First continuation byte has the restricted range, the others 80..BF.
      for (let k = 1; k <= need; k++) {
        const b = bytes[i + k];
        if (b === undefined) {
          ok = false;
          break;
        }
        const l = k === 1 ? lo : 0x80;
        const h = k === 1 ? hi : 0xbf;
        if (b < l || b > h) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (b & 0x3f);
      }
    }
    if (!ok) {
      invalidByteOffsets.push(u);
      invalidByteValues.push(b0);
      units[u++] = 0xfffd;
      i++;
      continue;
    }
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      units[u++] = 0xd800 + (v >> 10);
      units[u++] = 0xdc00 + (v & 0x3ff);
    } else {
      units[u++] = cp;
    }
    i += need + 1;
  }
  const parts: string[] = [];
  for (let s = 0; s < u; s += CHUNK) {
    const e = Math.min(u, s + CHUNK);
    parts.push(String.fromCharCode.apply(null, units.subarray(s, e) as unknown as number[]));
  }
  return finish(parts.join(""), invalidByteOffsets, invalidByteValues, false);
}

/** Index of the first element of the sorted array `arr` that is >= `value` (arr.length if none). */
export function lowerBound(arr: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of entries of the sorted array `arr` inside [start, end). */
function countInRange(arr: ArrayLike<number>, start: number, end: number): number {
  if (arr.length === 0 || end <= start) return 0;
  return lowerBound(arr, end) - lowerBound(arr, start);
}

/**
 * UTF-8 length in bytes of `text[start, end)` as the file holds it: invalid-byte U+FFFDs count 1
 * byte (they were one byte), lone surrogates 3 (what Node writes for them), pairs 4.
 */
export function utf8ByteLength(decoded: DecodedText, start: number, end: number): number {
  const text = decoded.text;
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes - 2 * countInRange(decoded.invalidByteOffsets, start, end);
}
