// ChunkSizer and lgdoBytes: how many entries an export loads at once, from the bytes its rows took.
import { describe, expect, it } from "vitest";
import type { LgdoTable } from "../../../../shared/lgdo/model.ts";
import { ChunkSizer, FIRST_CHUNK_ROWS, lgdoBytes } from "../../../../electron/services/export/chunk-size.ts";
import { arr } from "../../../fixtures/lgdo.ts";

describe("lgdoBytes", () => {
  it("counts typed-array payloads, VoV lengths, nested tables and strings", () => {
    const waveform: LgdoTable = {
      kind: "table",
      nRows: 2,
      columnOrder: ["t0", "values"],
      columns: {
        t0: arr("float32", new Float32Array(2), [2]),
        values: arr("uint16", new Uint16Array(2 * 1400), [2, 1400]),
      },
      attrs: {},
    };
    const table: LgdoTable = {
      kind: "table",
      nRows: 2,
      columnOrder: ["energy", "name", "hits", "waveform"],
      columns: {
        energy: arr("float64", new Float64Array(2), [2]),
        name: arr("string", ["ab", "c"], [2], { element: { kind: "string" } }),
        hits: {
          kind: "vov",
          cumulativeLength: Float64Array.from([3, 5]),
          cumulativeLengthDtype: "int64",
          flattened: arr("int32", new Int32Array(5), [5]),
          attrs: {},
        },
        waveform,
      },
      attrs: {},
    };
    const strings = 16 + 2 * 2 + (16 + 2 * 1);
    expect(lgdoBytes(table)).toBe(16 + strings + (16 + 20) + (8 + 2 * 1400 * 2));
  });
});

describe("ChunkSizer", () => {
  it("starts small, then fits as many rows as the budget holds at the widest row seen", () => {
    const sizer = new ChunkSizer(1_000_000, 100_000);
    expect(sizer.nextRows()).toBe(FIRST_CHUNK_ROWS);
    sizer.observe(64, 64 * 2_800); // waveform rows: 2.8 kB each
    expect(sizer.nextRows()).toBe(Math.floor(1_000_000 / 2_800));
    sizer.observe(357, 357 * 1_000); // narrower rows do not make the next chunk bigger
    expect(sizer.nextRows()).toBe(Math.floor(1_000_000 / 2_800));
    sizer.observe(100, 100 * 10_000); // a wider one makes it smaller
    expect(sizer.nextRows()).toBe(100);
  });

  it("never asks for more than maxRows nor fewer than one row", () => {
    const narrow = new ChunkSizer(1 << 30, 500);
    expect(narrow.nextRows()).toBe(64);
    narrow.observe(64, 64 * 8);
    expect(narrow.nextRows()).toBe(500);
    const wide = new ChunkSizer(1000, 100_000);
    wide.observe(2, 2 * 1_000_000);
    expect(wide.nextRows()).toBe(1);
    expect(new ChunkSizer(1000, 10).nextRows()).toBe(10);
    expect(() => new ChunkSizer(0)).toThrow(RangeError);
    expect(() => new ChunkSizer(1000, 0)).toThrow(RangeError);
  });
});
