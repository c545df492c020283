// radware-sigcompress v1.0 (D. Radford, MIT) as LEGEND stores it: 16-bit words kept big-endian
// in a byte string, samples shifted by `shift` into int16. Bit-exact with the C encoder; see
// ../shared/lh5-format.md §2.1 for the stream layout.
import { CodecError } from "./errors.ts";

const MASK = new Uint16Array([
  0, 1, 3, 7, 15, 31, 63, 127, 255, 511, 1023, 2047, 4095, 8191, 16383, 32767, 65535,
]);

/** Wraps to a signed 16-bit value, as the C code's `short` casts do. */
const toInt16 = (x: number): number => (x << 16) >> 16;

/** Upper bound of the encoded size in bytes of `n` samples. */
export function radwareMaxEncodedBytes(n: number): number {
  // every block but the last spans a full 48-sample window: ≤ 4 header words + ≤ 16 bits per sample
  return 2 * (2 + n + 5 * (Math.ceil(n / 48) + 1));
}

/**
 * Encodes samples (each must fit int16 after adding `shift`). Returns the encoded bytes
 * (a view of `out` when given). The padding word is 0.
 */
export function radwareEncode(samples: ArrayLike<number>, shift: number, out?: Uint8Array): Uint8Array {
  const n = samples.length;
  if (n > 32767) throw new CodecError(`radware_sigcompress holds at most 32767 samples, got ${n}`);
  const capacity = radwareMaxEncodedBytes(n) / 2;
  const words = new Uint16Array(capacity);
  const s = new Int16Array(n);
  for (let k = 0; k < n; k++) s[k] = (samples[k] ?? 0) + shift;

  words[0] = n;
  let iso = 1;
  let bp = 0;
  let j = 0;
  while (j < n) {
    // pick the mode and bit width from a window of up to 48 samples
    const sj = s[j] ?? 0;
    let max1 = sj;
    let min1 = sj;
    let max2 = -16000;
    let min2 = 16000;
    let nb1 = 2;
    let nb2 = 2;
    let nw = 1;
    let i = j + 1;
    for (; i < n && i < j + 48; i++, nw++) {
      const si = s[i] ?? 0;
      const ds = si - (s[i - 1] ?? 0);
      if (max1 < si) max1 = si;
      if (min1 > si) min1 = si;
      if (max2 < ds) max2 = ds;
      if (min2 > ds) min2 = ds;
    }
    if (max1 - min1 <= max2 - min2) {
      nb2 = 99;
      while (max1 - min1 > (MASK[nb1] ?? 0)) nb1++;
      for (; i < n && i < j + 128; i++, nw++) {
        const si = s[i] ?? 0;
        if (max1 < si) max1 = si;
        let dd1 = max1 - min1;
        if (min1 > si) dd1 = max1 - si;
        if (dd1 > (MASK[nb1] ?? 0)) break;
        if (min1 > si) min1 = si;
      }
    } else {
      nb1 = 99;
      while (max2 - min2 > (MASK[nb2] ?? 0)) nb2++;
      for (; i < n && i < j + 128; i++, nw++) {
        const ds = (s[i] ?? 0) - (s[i - 1] ?? 0);
        if (max2 < ds) max2 = ds;
        let dd2 = max2 - min2;
        if (min2 > ds) dd2 = max2 - ds;
        if (dd2 > (MASK[nb2] ?? 0)) break;
        if (min2 > ds) min2 = ds;
      }
    }

    if (bp > 0) iso++;
    words[iso++] = nw;
    bp = 0;
    const nb = nb1 <= nb2 ? nb1 : nb2;
    let first: number;
    let base: number;
    if (nb1 <= nb2) {
      words[iso++] = nb1;
      words[iso++] = min1 & 0xffff;
      first = j;
      base = min1;
    } else {
      words[iso++] = nb2 + 32;
      words[iso++] = sj & 0xffff;
      words[iso++] = min2 & 0xffff;
      first = j + 1;
      base = min2;
    }
    for (let k = first; k < j + nw; k++) {
      const v = nb1 <= nb2 ? (s[k] ?? 0) - base : (s[k] ?? 0) - (s[k - 1] ?? 0) - base;
      const dd = (v << (32 - bp - nb)) >>> 0;
      words[iso] = (words[iso] ?? 0) | (dd >>> 16);
      bp += nb;
      if (bp > 15) {
        iso++;
        words[iso] = dd & 0xffff;
        bp -= 16;
      }
    }
    j += nw;
  }
  if (bp > 0) iso++;
  if (iso % 2 > 0) iso++;

  const nBytes = 2 * iso;
  const bytes = out ?? new Uint8Array(nBytes);
  if (bytes.length < nBytes) throw new CodecError(`output buffer of ${bytes.length} bytes is too small`);
  for (let w = 0; w < iso; w++) {
    const word = words[w] ?? 0;
    bytes[2 * w] = word >>> 8;
    bytes[2 * w + 1] = word & 0xff;
  }
  return bytes.subarray(0, nBytes);
}

/** Number of samples recorded in an encoded waveform's header. */
export function radwareDecodedLength(bytes: Uint8Array): number {
  if (bytes.length < 2) throw new CodecError("radware_sigcompress stream shorter than its header");
  return toInt16(((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0));
}

/**
 * Decodes one waveform into `out` (from index 0); returns the number of samples written.
 * Throws CodecError on a stream that is truncated, malformed or longer than `out`.
 */
export function radwareDecode(bytes: Uint8Array, out: Int32Array | Float64Array, shift: number): number {
  const nWords = bytes.length >>> 1;
  const word = (k: number): number => (k < nWords ? ((bytes[2 * k] ?? 0) << 8) | (bytes[2 * k + 1] ?? 0) : 0);
  const total = radwareDecodedLength(bytes);
  if (total < 0) throw new CodecError(`radware_sigcompress header gives a negative length ${total}`);
  if (total > out.length)
    throw new CodecError(`radware_sigcompress holds ${total} samples, room for ${out.length}`);
  let isi = 1;
  let iso = 0;
  let prev = 0;
  while (isi < nWords && iso < total) {
    if (isi + 2 > nWords) break;
    const nw = word(isi++);
    let nb = word(isi++);
    const diffMode = nb >= 32;
    if (diffMode) nb -= 32;
    if (nb > 16) throw new CodecError(`radware_sigcompress block at word ${isi - 2} uses ${nb} bits`);
    const mask = MASK[nb] ?? 0;
    let k = 0;
    if (diffMode) {
      prev = toInt16(word(isi++));
      out[iso++] = prev - shift;
      k = 1;
    }
    const min = toInt16(word(isi++));
    let bp = 0;
    for (; k < nw && iso < total; k++) {
      if (isi >= nWords) throw new CodecError(`radware_sigcompress stream truncated after ${iso} samples`);
      const combined = ((word(isi) << 16) | word(isi + 1)) >>> 0;
      const v = nb === 0 ? 0 : (combined >>> (32 - bp - nb)) & mask;
      bp += nb;
      if (bp > 15) {
        bp -= 16;
        isi++;
      }
      prev = diffMode ? toInt16(prev + min + v) : min + v;
      out[iso++] = prev - shift;
    }
    if (bp > 0) isi++;
  }
  if (iso !== total) throw new CodecError(`radware_sigcompress decoded ${iso} of ${total} samples`);
  return total;
}
