// uleb128_zigzag_diff: first differences (from an implicit 0), zig-zag mapped, written as
// unsigned LEB128 varints. No header, no padding; samples are int32 (lh5-format.md §2.2).
import { CodecError } from "./errors.ts";

/** Upper bound of the encoded size in bytes of `n` samples (5 bytes per 32-bit varint). */
export function uleb128MaxEncodedBytes(n: number): number {
  return 5 * n;
}

/** Encodes int32 samples; returns the bytes (a view of `out` when given). */
export function uleb128ZigzagDiffEncode(samples: ArrayLike<number>, out?: Uint8Array): Uint8Array {
  const bytes = out ?? new Uint8Array(uleb128MaxEncodedBytes(samples.length));
  let at = 0;
  let prev = 0;
  for (let k = 0; k < samples.length; k++) {
    const x = (samples[k] ?? 0) | 0;
    const d = (x - prev) | 0;
    prev = x;
    let z = ((d << 1) ^ (d >> 31)) >>> 0;
    while (z >= 0x80) {
      if (at >= bytes.length) throw new CodecError(`output buffer of ${bytes.length} bytes is too small`);
      bytes[at++] = (z & 0x7f) | 0x80;
      z >>>= 7;
    }
    if (at >= bytes.length) throw new CodecError(`output buffer of ${bytes.length} bytes is too small`);
    bytes[at++] = z;
  }
  return bytes.subarray(0, at);
}

/**
 * Decodes one waveform into `out` (from index 0); returns the number of samples.
 * Throws CodecError when a varint is cut off, too long, or `out` is too small.
 */
export function uleb128ZigzagDiffDecode(bytes: Uint8Array, out: Int32Array | Float64Array): number {
  let n = 0;
  let prev = 0;
  let at = 0;
  const len = bytes.length;
  while (at < len) {
    let z = 0;
    let shift = 0;
    let b: number;
    do {
      if (at >= len) throw new CodecError(`uleb128 varint cut off at byte ${at}`);
      if (shift > 28) throw new CodecError(`uleb128 varint longer than 5 bytes at byte ${at}`);
      b = bytes[at++] ?? 0;
      z |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    const d = (z >>> 1) ^ -(z & 1);
    prev = (prev + d) | 0;
    if (n >= out.length) throw new CodecError(`uleb128 stream holds more than ${out.length} samples`);
    out[n++] = prev;
  }
  return n;
}
