import { describe, expect, it } from "vitest";
import { LH5Error } from "../../../electron/services/lh5/errors.ts";
import {
  CancelledError,
  deserializeError,
  serializeError,
  transferables,
} from "../../../electron/workers/protocol.ts";

describe("transferables", () => {
  it("finds every typed-array buffer once, deep inside results", () => {
    const a = new Float64Array(4);
    const b = new Uint8Array(2);
    const list = transferables({ a, nested: [{ b, again: a.subarray(1) }], label: "x", n: 3 });
    expect(list).toHaveLength(2);
    expect(list).toContain(a.buffer);
    expect(list).toContain(b.buffer);
  });

  it("leaves out excluded buffers (the wasm heap) and empty ones", () => {
    const heap = new ArrayBuffer(64);
    const view = new Uint8Array(heap, 8, 8);
    expect(transferables({ view, empty: new Float32Array(0) }, new Set([heap]))).toEqual([]);
  });
});

describe("errors as data", () => {
  it("round-trips an LH5Error with its fields", () => {
    const original = new LH5Error("corrupt", "/d/f.lh5", "ch1/raw", "cumulative_length decreases");
    const copy = deserializeError(structuredClone(serializeError(original)));
    expect(copy).toBeInstanceOf(LH5Error);
    expect(copy).toMatchObject({
      code: "corrupt",
      file: "/d/f.lh5",
      objectPath: "ch1/raw",
      message: original.message,
    });
  });

  it("keeps CancelledError and the name of other errors", () => {
    expect(deserializeError(serializeError(new CancelledError()))).toBeInstanceOf(CancelledError);
    expect(deserializeError(serializeError(new TypeError("bad")))).toMatchObject({
      name: "TypeError",
      message: "bad",
    });
    expect(deserializeError(serializeError("text"))).toMatchObject({ message: "text" });
  });
});
