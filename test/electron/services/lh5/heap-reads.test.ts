// Reads into a HeapArena (the exploration workers' staging block): the values equal read()'s, nothing that
// needs converting goes there, a full arena refuses instead of growing, and views are made from addresses.
// Also the decompression warm-up leaves no file behind.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LgdoArray, LgdoTable } from "../../../../shared/lgdo/model.ts";
import { getH5, initH5 } from "../../../../electron/services/lh5/h5.ts";
import { HeapArena } from "../../../../electron/services/lh5/heap-arena.ts";
import { Lh5File } from "../../../../electron/services/lh5/reader.ts";
import {
  WARM_UP_TABLE,
  removeWarmUpFile,
  writeWarmUpFile,
} from "../../../../electron/services/lh5/warm-reads.ts";
import { writeLh5 } from "../../../../electron/services/lh5/writer.ts";
import { arr } from "../../../fixtures/lgdo.ts";
import { PROD_REF_TIER_DIR } from "../../../fixtures/testdata.ts";

const DSP_P03 = join(PROD_REF_TIER_DIR, "dsp/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_dsp.lh5");
let dir: string;
let path: string;

beforeAll(async () => {
  await initH5();
  dir = mkdtempSync(join(tmpdir(), "lh5-heap-"));
  path = join(dir, "t.lh5");
  const n = 100_000; // two chunks and a bit, gzip'd
  const f64 = new Float64Array(n).map((_, i) => Math.sin(i) * 1000);
  const table: LgdoTable = {
    kind: "table",
    nRows: n,
    columns: {
      f64: arr("float64", f64, [n], { attrs: { units: "keV" } }),
      f32: arr("float32", Float32Array.from(f64), [n]),
      u16: arr(
        "uint16",
        new Uint16Array(n).map((_, i) => i % 65535),
        [n],
      ),
      i64: arr(
        "int64",
        new Float64Array(n).map((_, i) => i - 5),
        [n],
      ),
      flag: arr(
        "uint8",
        new Uint8Array(n).map((_, i) => i % 2),
        [n],
        { element: { kind: "bool" } },
      ),
      wide: arr(
        "float32",
        new Float32Array(n * 3).map((_, i) => i),
        [n, 3],
        { form: "array_of_equalsized_arrays" },
      ),
    },
    columnOrder: ["f64", "f32", "u16", "i64", "flag", "wide"],
    attrs: {},
  };
  writeLh5(path, { t: table }, { compression: "gzip" });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("HeapArena", () => {
  it("hands out 8-byte aligned addresses front to back and refuses past its capacity", () => {
    const arena = new HeapArena(1000);
    expect(arena.alloc(8)).toBeNull(); // not reserved yet
    expect(arena.touch(100)).toBe(false);
    expect(arena.reserve()).toBe(true);
    expect(arena.touch(600)).toBe(false); // touched in slices while idle
    expect(arena.touch(600)).toBe(true);
    const a = arena.alloc(3)!;
    const b = arena.alloc(16)!;
    expect(a % 8).toBe(0);
    expect(b).toBe(a + 8);
    expect(arena.alloc(1000)).toBeNull();
    expect(arena.usedBytes).toBe(24);
    arena.reset();
    expect(arena.alloc(1000)).toBe(a);
    arena.release();
    expect(arena.reserved).toBe(false);
  });
});

describe("Lh5File.readArrayToHeap", () => {
  it("gives read()'s values and attributes for float64, float32, uint16, bool and 2-d arrays", () => {
    const file = Lh5File.open(path);
    const arena = new HeapArena(8 * 1024 * 1024);
    arena.reserve();
    try {
      for (const name of ["f64", "f32", "u16", "flag", "wide"]) {
        const expected = file.read(`t/${name}`) as LgdoArray;
        const heap = file.readArrayToHeap(`t/${name}`, arena);
        expect(heap, name).not.toBeNull();
        const view = heap!.values.view();
        expect(view.constructor).toBe(expected.data.constructor);
        expect(Array.from(view)).toEqual(Array.from(expected.data as ArrayLike<number>));
        expect(heap!.values.shape).toEqual(expected.shape);
        expect(heap!.values.dtype).toBe(expected.dtype);
        expect(heap!.form).toBe(expected.form);
        expect(heap!.element).toEqual(expected.element);
        expect(heap!.attrs).toEqual(expected.attrs);
      }
      expect(file.readArrayToHeap("t/f64", arena)!.attrs.units).toBe("keV");
    } finally {
      arena.release();
      file.close();
    }
  });

  it("leaves 64-bit integers, tables and a full arena to read()", () => {
    const file = Lh5File.open(path);
    const arena = new HeapArena(100_000 * 8 + 4);
    arena.reserve();
    try {
      expect(file.readArrayToHeap("t/i64", arena)).toBeNull();
      expect(file.readArrayToHeap("t", arena)).toBeNull();
      expect(file.readArrayToHeap("t/f64", arena)).not.toBeNull();
      const used = arena.usedBytes;
      expect(file.readArrayToHeap("t/f32", arena)).toBeNull(); // 400 kB do not fit in the 4 bytes left
      expect(arena.usedBytes).toBe(used);
    } finally {
      arena.release();
      file.close();
    }
  });

  it("a view made after the wasm memory grew still shows the values (views are made from addresses)", () => {
    const file = Lh5File.open(DSP_P03);
    const arena = new HeapArena(1024 * 1024);
    arena.reserve();
    try {
      const heap = file.readArrayToHeap("ch1084803/dsp/trapEmax", arena)!;
      const expected = Array.from((file.read("ch1084803/dsp/trapEmax") as LgdoArray).data as Float32Array);
      const { module } = getH5();
      const before = module.HEAPU8.buffer;
      const big = module._malloc(before.byteLength); // more than the heap has free: it must grow
      expect(module.HEAPU8.buffer).not.toBe(before);
      module._free(big);
      expect(Array.from(heap.values.view())).toEqual(expected);
    } finally {
      arena.release();
      file.close();
    }
  });
});

describe("writeWarmUpFile", () => {
  it("writes a readable gzip'd table that removeWarmUpFile removes", () => {
    const warmDir = mkdtempSync(join(tmpdir(), "lh5-warm-"));
    try {
      const path = writeWarmUpFile(warmDir);
      const file = Lh5File.open(path);
      try {
        expect(file.tableColumns(WARM_UP_TABLE.name)).toEqual([...WARM_UP_TABLE.columns]);
        expect(file.nRows(WARM_UP_TABLE.name)).toBe(WARM_UP_TABLE.rows);
        const energy = file.read(`${WARM_UP_TABLE.name}/energy`) as LgdoArray;
        expect(energy.dtype).toBe("float64");
      } finally {
        file.close();
      }
      removeWarmUpFile(path);
      expect(readdirSync(warmDir)).toEqual([]);
    } finally {
      rmSync(warmDir, { recursive: true, force: true });
    }
  });

  it("throws where it cannot write, leaving nothing behind", () => {
    expect(() => writeWarmUpFile(join(dir, "no", "such", "dir"))).toThrow();
  });
});
