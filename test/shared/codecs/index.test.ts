import { describe, expect, it } from "vitest";
import {
  CodecError,
  MAX_DECODED_SAMPLES,
  decodeEncodedArray,
  encodeArray,
} from "../../../shared/codecs/index.ts";
import type { LgdoArray, LgdoVectorOfVectors } from "../../../shared/lgdo/model.ts";

const aoesa: LgdoArray = {
  kind: "array",
  form: "array_of_equalsized_arrays",
  element: { kind: "real" },
  dtype: "uint16",
  shape: [3, 4],
  data: Uint16Array.from([100, 101, 99, 100, 65535, 0, 65535, 0, 5, 5, 5, 5]),
  attrs: { units: "ADC" },
};

describe("encodeArray / decodeEncodedArray", () => {
  it("encodes a 2-d array as array_of_encoded_equalsized_arrays with codec attributes", () => {
    const enc = encodeArray(aoesa, { name: "radware_sigcompress", shift: -32768 });
    expect(enc.form).toBe("array_of_encoded_equalsized_arrays");
    expect(enc.decodedSize).toBe(4);
    expect(enc.attrs).toEqual({ units: "ADC", codec: "radware_sigcompress", codec_shift: -32768 });
    expect(enc.encoded.cumulativeLength.length).toBe(3);
    const dec = decodeEncodedArray(enc);
    expect(dec.kind).toBe("array");
    if (dec.kind !== "array") return;
    expect(dec.shape).toEqual([3, 4]);
    expect(Array.from(dec.data as Int32Array)).toEqual(Array.from(aoesa.data as Uint16Array));
    expect(dec.attrs).toEqual({ units: "ADC" });
  });

  it("encodes a VoV as vector_of_encoded_vectors with one decoded size per row", () => {
    const vov: LgdoVectorOfVectors = {
      kind: "vov",
      cumulativeLength: Float64Array.from([3, 3, 8]),
      cumulativeLengthDtype: "int64",
      flattened: {
        kind: "array",
        form: "array",
        element: { kind: "real" },
        dtype: "int32",
        shape: [8],
        data: Int32Array.from([1, -2, 3, 1000000, -1000000, 0, 7, 7]),
        attrs: {},
      },
      attrs: {},
    };
    const enc = encodeArray(vov, { name: "uleb128_zigzag_diff" });
    expect(enc.form).toBe("vector_of_encoded_vectors");
    expect(Array.from(enc.decodedSize as Float64Array)).toEqual([3, 0, 5]);
    const dec = decodeEncodedArray(enc);
    if (dec.kind !== "vov" || dec.flattened.kind !== "array") throw new Error("expected a VoV");
    expect(Array.from(dec.cumulativeLength)).toEqual([3, 3, 8]);
    expect(Array.from(dec.flattened.data as Int32Array)).toEqual([1, -2, 3, 1000000, -1000000, 0, 7, 7]);
  });

  it("refuses a row whose decoded length differs from decoded_size", () => {
    const enc = encodeArray(aoesa, { name: "uleb128_zigzag_diff" });
    expect(() => decodeEncodedArray({ ...enc, decodedSize: 5 })).toThrow(CodecError);
    expect(() => decodeEncodedArray({ ...enc, decodedSize: 3 })).toThrow(CodecError);
  });

  it("refuses a decoded_size of 2^40 before allocating anything (no 'Invalid typed array length')", () => {
    for (const codec of [
      { name: "uleb128_zigzag_diff" } as const,
      { name: "radware_sigcompress", shift: 0 } as const,
    ]) {
      const enc = encodeArray(aoesa, codec);
      expect(() => decodeEncodedArray({ ...enc, decodedSize: 2 ** 40 })).toThrow(
        new CodecError(
          `row 0: decoded_size ${2 ** 40} cannot come from ${enc.encoded.cumulativeLength[0]} bytes of ${codec.name}`,
        ),
      );
    }
  });

  it("refuses decoded sizes that add up to more than MAX_DECODED_SAMPLES", () => {
    // 2^14 rows of 2^15 bytes that each claim 2^15 samples: every row is plausible, the sum is not
    const rows = 2 ** 14;
    const width = 2 ** 15;
    const ends = new Float64Array(rows).map((_, i) => (i + 1) * width);
    const enc = encodeArray(aoesa, { name: "uleb128_zigzag_diff" });
    const huge = {
      ...enc,
      encoded: {
        ...enc.encoded,
        cumulativeLength: ends,
        flattened: { ...enc.encoded.flattened, shape: [rows * width], data: new Uint8Array(1) },
      },
      decodedSize: width,
    };
    expect(rows * width).toBe(2 * MAX_DECODED_SAMPLES);
    expect(() => decodeEncodedArray(huge)).toThrow(/more than 268435456 samples/);
  });
});
