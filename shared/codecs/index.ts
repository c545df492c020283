// Whole-column encode/decode between LGDO encoded arrays and plain waveform arrays.
import type {
  NumericData,
  LgdoArray,
  LgdoEncodedArray,
  LgdoVectorOfVectors,
  WaveformCodec,
} from "../lgdo/model.ts";
import { CodecError } from "./errors.ts";
import { radwareDecode, radwareEncode, radwareMaxEncodedBytes } from "./radware.ts";
import { uleb128MaxEncodedBytes, uleb128ZigzagDiffDecode, uleb128ZigzagDiffEncode } from "./uleb128.ts";

export { CodecError } from "./errors.ts";
export * from "./radware.ts";
export * from "./uleb128.ts";

/** Decodes one waveform with the given codec into `out`; returns the sample count. */
export function decodeWaveform(
  codec: WaveformCodec,
  bytes: Uint8Array,
  out: Int32Array | Float64Array,
): number {
  return codec.name === "radware_sigcompress"
    ? radwareDecode(bytes, out, codec.shift)
    : uleb128ZigzagDiffDecode(bytes, out);
}

/** Encodes one waveform with the given codec. */
export function encodeWaveform(codec: WaveformCodec, samples: ArrayLike<number>): Uint8Array {
  return codec.name === "radware_sigcompress"
    ? radwareEncode(samples, codec.shift)
    : uleb128ZigzagDiffEncode(samples);
}

/**
 * Most samples decoded at once (2^28 int32 = 1 GiB): more is not a waveform column of an LH5 file but a
 * corrupt decoded_size, and typed arrays that large cannot be allocated anyway.
 */
export const MAX_DECODED_SAMPLES = 2 ** 28;

/** Most samples `bytes` encoded bytes can hold: uleb128 spends at least a byte per sample, radware's header is an int16. */
function maxDecodedSamples(codec: WaveformCodec, bytes: number): number {
  return codec.name === "radware_sigcompress" ? 32767 : bytes;
}

function maxEncodedBytes(codec: WaveformCodec, n: number): number {
  return codec.name === "radware_sigcompress" ? radwareMaxEncodedBytes(n) : uleb128MaxEncodedBytes(n);
}

/** The byte string of row `i` of a uint8 VoV. */
function rowBytes(encoded: LgdoVectorOfVectors, i: number): Uint8Array {
  const flat = encoded.flattened;
  if (flat.kind !== "array" || !(flat.data instanceof Uint8Array)) {
    throw new CodecError("encoded_data must be a vector of uint8 vectors");
  }
  const start = i === 0 ? 0 : (encoded.cumulativeLength[i - 1] ?? 0);
  const stop = encoded.cumulativeLength[i] ?? 0;
  if (stop < start || stop > flat.data.length) {
    throw new CodecError(`encoded row ${i} spans bytes [${start}, ${stop}) outside ${flat.data.length}`);
  }
  return flat.data.subarray(start, stop);
}

/**
 * Decodes an encoded array: ArrayOfEncodedEqualSizedArrays → 2-d int32 array
 * (array_of_equalsized_arrays), VectorOfEncodedVectors → VoV of int32. Each row must decode to
 * exactly its `decoded_size` samples.
 */
export function decodeEncodedArray(enc: LgdoEncodedArray): LgdoArray | LgdoVectorOfVectors {
  const nRows = enc.encoded.cumulativeLength.length;
  const sizeOf = (i: number): number =>
    typeof enc.decodedSize === "number" ? enc.decodedSize : (enc.decodedSize[i] ?? 0);
  const cumulative = new Float64Array(nRows);
  const ends = enc.encoded.cumulativeLength;
  let total = 0;
  for (let i = 0; i < nRows; i++) {
    const size = sizeOf(i);
    if (!Number.isInteger(size) || size < 0) throw new CodecError(`row ${i}: bad decoded_size ${size}`);
    // checked before anything is allocated: a corrupt size must not become a huge array
    const rowBytes = (ends[i] ?? 0) - (i === 0 ? 0 : (ends[i - 1] ?? 0));
    if (size > maxDecodedSamples(enc.codec, rowBytes)) {
      throw new CodecError(
        `row ${i}: decoded_size ${size} cannot come from ${rowBytes} bytes of ${enc.codec.name}`,
      );
    }
    total += size;
    if (total > MAX_DECODED_SAMPLES) {
      throw new CodecError(
        `decoding ${i + 1} rows would give more than ${MAX_DECODED_SAMPLES} samples (decoded_size ${size})`,
      );
    }
    cumulative[i] = total;
  }
  const out = new Int32Array(total);
  for (let i = 0; i < nRows; i++) {
    const start = i === 0 ? 0 : (cumulative[i - 1] ?? 0);
    const size = sizeOf(i);
    const n = decodeWaveform(enc.codec, rowBytes(enc.encoded, i), out.subarray(start, start + size));
    if (n !== size) throw new CodecError(`row ${i}: decoded ${n} samples, decoded_size says ${size}`);
  }
  const { codec: _codec, codec_shift: _shift, ...attrs } = enc.attrs;
  if (enc.form === "array_of_encoded_equalsized_arrays") {
    const width = typeof enc.decodedSize === "number" ? enc.decodedSize : 0;
    return {
      kind: "array",
      form: "array_of_equalsized_arrays",
      element: enc.element,
      dtype: "int32",
      shape: [nRows, width],
      data: out,
      attrs,
    };
  }
  return {
    kind: "vov",
    cumulativeLength: cumulative,
    cumulativeLengthDtype: "uint32",
    flattened: {
      kind: "array",
      form: "array",
      element: enc.element,
      dtype: "int32",
      shape: [total],
      data: out,
      attrs: {},
    },
    attrs,
  };
}

/** Rows of a 2-d array or a VoV of numbers, as (start, stop) into one flat typed array. */
function rowsOf(values: LgdoArray | LgdoVectorOfVectors): {
  flat: NumericData;
  bounds: (i: number) => [number, number];
  nRows: number;
} {
  if (values.kind === "array") {
    if (Array.isArray(values.data) || values.shape.length !== 2) {
      throw new CodecError("only 2-d numeric arrays (array_of_equalsized_arrays) can be encoded");
    }
    const width = values.shape[1] ?? 0;
    return { flat: values.data, nRows: values.shape[0] ?? 0, bounds: (i) => [i * width, (i + 1) * width] };
  }
  const flat = values.flattened;
  if (flat.kind !== "array" || Array.isArray(flat.data))
    throw new CodecError("only a VoV of numbers can be encoded");
  const cl = values.cumulativeLength;
  return { flat: flat.data, nRows: cl.length, bounds: (i) => [i === 0 ? 0 : (cl[i - 1] ?? 0), cl[i] ?? 0] };
}

/**
 * Encodes a 2-d array (→ array_of_encoded_equalsized_arrays) or a VoV (→ vector_of_encoded_vectors)
 * with a waveform codec, as legend-pydataobj writes them (codec attributes on the object).
 */
export function encodeArray(values: LgdoArray | LgdoVectorOfVectors, codec: WaveformCodec): LgdoEncodedArray {
  const { flat, bounds, nRows } = rowsOf(values);
  const chunks: Uint8Array[] = [];
  const cumulative = new Float64Array(nRows);
  const sizes = new Float64Array(nRows);
  let total = 0;
  let scratch = new Uint8Array(0);
  for (let i = 0; i < nRows; i++) {
    const [a, b] = bounds(i);
    const row = flat.subarray(a, b);
    const need = maxEncodedBytes(codec, b - a);
    if (scratch.length < need) scratch = new Uint8Array(need);
    const bytes =
      codec.name === "radware_sigcompress"
        ? radwareEncode(row, codec.shift, scratch)
        : uleb128ZigzagDiffEncode(row, scratch);
    chunks.push(bytes.slice());
    total += bytes.length;
    cumulative[i] = total;
    sizes[i] = b - a;
  }
  const data = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    data.set(chunk, at);
    at += chunk.length;
  }
  const attrs =
    codec.name === "radware_sigcompress"
      ? { ...values.attrs, codec: codec.name, codec_shift: codec.shift }
      : { ...values.attrs, codec: codec.name };
  const element = values.kind === "array" ? values.element : { kind: "real" as const };
  return {
    kind: "encoded",
    form: values.kind === "array" ? "array_of_encoded_equalsized_arrays" : "vector_of_encoded_vectors",
    element,
    codec,
    encoded: {
      kind: "vov",
      cumulativeLength: cumulative,
      cumulativeLengthDtype: "uint32",
      flattened: {
        kind: "array",
        form: "array",
        element: { kind: "real" },
        dtype: "uint8",
        shape: [total],
        data,
        attrs: {},
      },
      attrs: {},
    },
    decodedSize: values.kind === "array" ? (values.shape[1] ?? 0) : sizes,
    attrs,
  };
}
