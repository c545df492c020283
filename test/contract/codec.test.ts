// The binary codec that carries contract values over HTTP: typed arrays as raw bytes.
import { describe, expect, it } from "vitest";
import { CodecError, decodeValue, encodeValue } from "../../shared/api/codec.ts";
import { ApiError, serializeError, unwrap } from "../../shared/api/errors.ts";

describe("codec", () => {
  it("round-trips JSON values with every typed array kind, views and non-finite numbers", () => {
    const backing = new Float64Array([0, 1.5, 2.5, 3.5]);
    const value = {
      text: "ünïcødé ✓",
      list: [1, null, true, "x"],
      f64: new Float64Array([1.5, Number.NaN, -Infinity]),
      f32: new Float32Array([0.25]),
      i8: new Int8Array([-1, 2, 3]),
      u8: new Uint8Array([255]),
      i16: new Int16Array([-300]),
      u16: new Uint16Array([65535]),
      i32: new Int32Array([-70000, 5]),
      u32: new Uint32Array([4_000_000_000]),
      big: new BigInt64Array([-5n]),
      view: backing.subarray(1, 3),
      empty: new Float64Array(0),
      stats: { mean: Number.NaN, overflow: Infinity },
    };
    const decoded = decodeValue(encodeValue(value)) as typeof value;
    expect(decoded.text).toBe(value.text);
    expect(decoded.list).toEqual(value.list);
    for (const key of [
      "f64",
      "f32",
      "i8",
      "u8",
      "i16",
      "u16",
      "i32",
      "u32",
      "big",
      "view",
      "empty",
    ] as const) {
      expect(decoded[key].constructor).toBe(value[key].constructor);
      expect(Array.from(decoded[key] as ArrayLike<unknown>)).toEqual(
        Array.from(value[key] as ArrayLike<unknown>),
      );
    }
    expect(decoded.stats.mean).toBeNaN();
    expect(decoded.stats.overflow).toBe(Infinity);
  });

  it("moves a million doubles as bytes (8 MB plus a small header)", () => {
    const column = Float64Array.from({ length: 1_000_000 }, (_, i) => i * 0.5);
    const bytes = encodeValue({ column });
    expect(bytes.length).toBeLessThan(8_000_000 + 200);
    const decoded = decodeValue(bytes) as { column: Float64Array };
    expect(decoded.column[999_999]).toBe(499_999.5);
  });

  it("decodes from an unaligned buffer", () => {
    const bytes = encodeValue({ a: new Float64Array([1, 2]) });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(Array.from((decodeValue(shifted.subarray(3)) as { a: Float64Array }).a)).toEqual([1, 2]);
  });

  it("refuses malformed messages with a CodecError", () => {
    expect(() => decodeValue(new Uint8Array([1, 2, 3]))).toThrow(CodecError);
    const bytes = encodeValue({ a: new Float64Array([1, 2]) });
    expect(() => decodeValue(bytes.subarray(0, bytes.length - 8))).toThrow(/reaches past the message/);
    const lying = bytes.slice();
    new DataView(lying.buffer).setUint32(4, 1_000_000, true);
    expect(() => decodeValue(lying)).toThrow(/Truncated/);
  });
});

describe("errors as data", () => {
  it("keep name, message, code, position and file across the boundary", () => {
    const error = Object.assign(new Error("Unknown column 'tpye'"), {
      name: "UnknownColumnError",
      position: 4,
      end: 8,
    });
    const data = serializeError(error);
    expect(data).toEqual({
      name: "UnknownColumnError",
      message: "Unknown column 'tpye'",
      position: 4,
      end: 8,
    });
    const back = decodeValue(encodeValue({ ok: false, error: data })) as Parameters<typeof unwrap>[0];
    try {
      unwrap(back);
      expect.unreachable();
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(ApiError);
      expect(thrown).toMatchObject({ name: "UnknownColumnError", position: 4, end: 8 });
    }
  });
});
