import { describe, expect, it } from "vitest";
import { CodecError } from "../../../shared/codecs/errors.ts";
import { uleb128ZigzagDiffDecode, uleb128ZigzagDiffEncode } from "../../../shared/codecs/uleb128.ts";

function roundTrip(samples: ArrayLike<number>): number[] {
  const bytes = uleb128ZigzagDiffEncode(samples);
  const out = new Int32Array(samples.length);
  expect(uleb128ZigzagDiffDecode(bytes, out)).toBe(samples.length);
  return Array.from(out);
}

describe("uleb128_zigzag_diff", () => {
  it("writes zig-zag mapped differences as LEB128 bytes", () => {
    // diffs 0, -1, +2, +64 → zig-zag 0, 1, 4, 128 → 128 needs two bytes
    expect(Array.from(uleb128ZigzagDiffEncode([0, -1, 1, 65]))).toEqual([0, 1, 4, 0x80, 0x01]);
  });

  it("round-trips presummed-size values and int32 extremes (wrapping differences)", () => {
    const values = [120044, 120050, 119990, 2147483647, -2147483648, 0, -1, 2147483647, 7];
    expect(roundTrip(values)).toEqual(values);
  });

  it("round-trips random data", () => {
    let seed = 99;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    const values = Int32Array.from({ length: 5000 }, () => next() | 0);
    expect(roundTrip(values)).toEqual(Array.from(values));
    expect(roundTrip([])).toEqual([]);
  });

  it("refuses cut-off and over-long varints and a too small output", () => {
    expect(() => uleb128ZigzagDiffDecode(new Uint8Array([0x80]), new Int32Array(4))).toThrow(CodecError);
    expect(() =>
      uleb128ZigzagDiffDecode(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), new Int32Array(4)),
    ).toThrow(/longer than 5 bytes/);
    expect(() => uleb128ZigzagDiffDecode(new Uint8Array([1, 2, 3]), new Int32Array(2))).toThrow(CodecError);
  });
});
