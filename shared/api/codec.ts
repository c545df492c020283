// Binary codec for contract values: a JSON header in which every typed array is replaced by a
// reference into a binary section, so columns cross HTTP as raw bytes, not per-element JSON.
// Layout: "LH5B" | uint32 LE header length | header (UTF-8 JSON) | zero padding to 8 | blobs (each 8-aligned).
// Non-finite numbers (NaN, ±Infinity), which JSON cannot hold, are encoded as {"$num": "NaN"}.

type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

type TypedArrayConstructor = {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): TypedArray;
  BYTES_PER_ELEMENT: number;
};

const CONSTRUCTORS: Record<string, TypedArrayConstructor> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
};

const MAGIC = [0x4c, 0x48, 0x35, 0x42]; // "LH5B"

/** TextEncoder/TextDecoder exist in Node and browsers; shared/ has no lib for them, so they are looked up. */
interface TextCodecs {
  encoder: { encode(text: string): Uint8Array };
  decoder: { decode(bytes: Uint8Array): string };
}
let textCodecs: TextCodecs | undefined;
function text(): TextCodecs {
  if (!textCodecs) {
    const g = globalThis as unknown as {
      TextEncoder: new () => TextCodecs["encoder"];
      TextDecoder: new (label: string, opts: { fatal: boolean }) => TextCodecs["decoder"];
    };
    textCodecs = { encoder: new g.TextEncoder(), decoder: new g.TextDecoder("utf-8", { fatal: true }) };
  }
  return textCodecs;
}

export class CodecError extends Error {
  override name = "CodecError";
}

const align8 = (n: number): number => (n + 7) & ~7;

function isTypedArray(value: unknown): value is TypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** Encodes a contract value (plain JSON plus typed arrays) into one buffer. */
export function encodeValue(value: unknown): Uint8Array {
  const blobs: TypedArray[] = [];
  let offset = 0;
  const header = JSON.stringify(value === undefined ? null : value, (_key, item: unknown) => {
    if (isTypedArray(item)) {
      const ref = { $ta: item.constructor.name, o: offset, n: item.length };
      blobs.push(item);
      offset = align8(offset + item.byteLength);
      return ref;
    }
    if (typeof item === "number" && !Number.isFinite(item)) return { $num: String(item) };
    return item;
  });
  const headerBytes = text().encoder.encode(header);
  const blobStart = align8(8 + headerBytes.length);
  const out = new Uint8Array(blobStart + offset);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  let at = blobStart;
  for (const blob of blobs) {
    out.set(new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength), at);
    at = align8(at + blob.byteLength);
  }
  return out;
}

/** Decodes what encodeValue produced. Throws CodecError on malformed input. */
export function decodeValue(input: Uint8Array | ArrayBuffer): unknown {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new CodecError("Not an LH5 Browser message");
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new CodecError("Truncated LH5 Browser message header");
  let header: string;
  try {
    header = text().decoder.decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    throw new CodecError("LH5 Browser message header is not UTF-8");
  }
  const blobStart = align8(8 + headerLength);
  // Views need 8-aligned storage: copy the blob section once when the input is not aligned.
  const aligned = (bytes.byteOffset + blobStart) % 8 === 0;
  const blobBuffer = aligned ? (bytes.buffer as ArrayBuffer) : bytes.slice(blobStart).buffer;
  const base = aligned ? bytes.byteOffset + blobStart : 0;
  const blobLength = bytes.length - blobStart;
  try {
    return JSON.parse(header, (_key, item: unknown) => {
      if (typeof item !== "object" || item === null) return item;
      const record = item as Record<string, unknown>;
      if (typeof record.$ta === "string") {
        const ctor = CONSTRUCTORS[record.$ta];
        const o = record.o;
        const n = record.n;
        if (!ctor || typeof o !== "number" || typeof n !== "number")
          throw new CodecError(`Bad typed array ${record.$ta}`);
        if (o < 0 || n < 0 || o + n * ctor.BYTES_PER_ELEMENT > blobLength)
          throw new CodecError(`Typed array ${record.$ta} reaches past the message`);
        return new ctor(blobBuffer, base + o, n);
      }
      if (typeof record.$num === "string" && Object.keys(record).length === 1) return Number(record.$num);
      return item;
    }) as unknown;
  } catch (error) {
    if (error instanceof CodecError) throw error;
    throw new CodecError(`LH5 Browser message header is not JSON: ${(error as Error).message}`);
  }
}
