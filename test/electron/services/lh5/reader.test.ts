// Acceptance tests of Lh5File on the real LEGEND test data (read by path, never copied).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { radwareEncode, uleb128ZigzagDiffEncode } from "../../../../shared/codecs/index.ts";
import { lgdoLength } from "../../../../shared/lgdo/guards.ts";
import type {
  LgdoArray,
  LgdoEncodedArray,
  LgdoTable,
  LgdoVectorOfVectors,
} from "../../../../shared/lgdo/model.ts";
import { LH5Error } from "../../../../electron/services/lh5/errors.ts";
import { getH5, initH5 } from "../../../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../../../electron/services/lh5/reader.ts";
import { P14_RAW_FILE, PROD_REF_TIER_DIR, TESTDATA_DIR } from "../../../fixtures/testdata.ts";
import { range, takeRows, toPlain } from "./lgdo-helpers.ts";

function lh5Files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return lh5Files(path);
    return name.endsWith(".lh5") ? [path] : [];
  });
}

const RAW_P03 = join(PROD_REF_TIER_DIR, "raw/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_raw.lh5");
const HIT_P03 = join(PROD_REF_TIER_DIR, "hit/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_hit.lh5");
const TCM_P03 = join(PROD_REF_TIER_DIR, "tcm/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_tcm.lh5");

beforeAll(async () => {
  await initH5();
});

describe("every test file", () => {
  const files = lh5Files(TESTDATA_DIR);

  it("finds the test data", () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
  });

  it.each(files.map((f) => [f.slice(TESTDATA_DIR.length + 1), f]))(
    "%s: opens, lists, and every column of every table reads with the table's length",
    (_name, path) => {
      const file = Lh5File.open(path);
      try {
        const entries = file.list();
        const tables = entries.filter((e) => e.lgdoType?.kind === "table");
        expect(tables.length).toBeGreaterThan(0);
        for (const entry of tables) {
          const n = file.nRows(entry.path);
          const table = file.read(entry.path, { decode: true }) as LgdoTable;
          expect(table.nRows).toBe(n);
          expect(table.columnOrder).toEqual(file.tableColumns(entry.path));
          for (const name of table.columnOrder) {
            const col = table.columns[name];
            expect(col, `${entry.path}/${name}`).toBeDefined();
            if (col) expect(lgdoLength(col), `${entry.path}/${name}`).toBe(n);
          }
        }
      } finally {
        file.close();
      }
    },
  );
});

describe("reading every kind", () => {
  it("reads a waveform table with an array_of_equalsized_arrays and a uint32 VoV", () => {
    const file = Lh5File.open(RAW_P03);
    const raw = file.read("ch1084803/raw") as LgdoTable;
    expect(raw.columnOrder.slice(0, 3)).toEqual(["packet_id", "eventnumber", "timestamp"]); // unsorted on disk
    const wf = raw.columns.waveform as LgdoTable;
    expect(wf.columnOrder).toEqual(["t0", "dt", "values"]);
    const values = wf.columns.values as LgdoArray;
    expect(values.form).toBe("array_of_equalsized_arrays");
    expect(values.shape).toEqual([10, 8192]);
    expect(values.data).toBeInstanceOf(Uint16Array);
    expect((wf.columns.dt as LgdoArray).attrs.units).toBe("ns");
    const tracelist = raw.columns.tracelist as LgdoVectorOfVectors;
    expect(tracelist.cumulativeLengthDtype).toBe("uint32");
    expect(tracelist.cumulativeLength.length).toBe(10);
    file.close();
  });

  it("reads int64 VoVs as Float64Array and keeps the TCM attributes", () => {
    const file = Lh5File.open(TCM_P03);
    const tcm = file.read("hardware_tcm_1") as LgdoTable;
    expect(typeof tcm.attrs.tables).toBe("string");
    expect(tcm.attrs.hash_func).toBeDefined();
    const rit = tcm.columns.row_in_table as LgdoVectorOfVectors;
    expect(rit.cumulativeLengthDtype).toBe("int64");
    expect(rit.flattened.kind === "array" && rit.flattened.data).toBeInstanceOf(Float64Array);
    expect(rit.cumulativeLength.at(-1)).toBe(30);
    file.close();
  });

  it("reads bool columns stored as uint8 as 0/1 bytes", () => {
    const file = Lh5File.open(HIT_P03);
    const col = file.read("ch1084803/hit/is_discharge") as LgdoArray;
    expect(col.element.kind).toBe("bool");
    expect(col.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(col.data as Uint8Array).every((v) => v === 0 || v === 1)).toBe(true);
    file.close();
  });

  it("reads a plain group without datatype as an implicit struct, and a scalar string", () => {
    const file = Lh5File.open(RAW_P03);
    expect(file.typeOf("ch1084803")).toEqual({ kind: "struct", fields: ["raw"], implicit: true });
    const s = file.read("ch1084803");
    expect(s.kind).toBe("struct");
    file.close();
    const p14 = Lh5File.open(P14_RAW_FILE);
    const extra = p14.list("extra", { depth: 1 });
    const scalarString = extra.find((e) => e.kind === "dataset" && e.datatype === "string");
    if (scalarString) {
      const value = p14.read(scalarString.path);
      expect(value.kind === "scalar" && typeof value.value).toBe("string");
    }
    p14.close();
  });
});

describe("partial reads", () => {
  const cases: Array<[string, string]> = [
    [RAW_P03, "ch1084803/raw"],
    [TCM_P03, "hardware_tcm_1"],
    [P14_RAW_FILE, "ch1107202/raw"],
  ];

  it.each(cases)("%s %s: row ranges and index lists equal the rows of a full read", (path, table) => {
    const file = Lh5File.open(path);
    const full = file.read(table) as LgdoTable;
    const n = full.nRows;
    const picks: number[][] = [range(0, n), range(1, Math.min(n, 4)), [0, n - 1], [n - 1], [], [0, 0, 1]];
    for (const rows of picks) {
      expect(toPlain(file.read(table, { indices: rows }))).toEqual(toPlain(takeRows(full, rows)));
    }
    expect(toPlain(file.read(table, { rows: [1, n] }))).toEqual(toPlain(takeRows(full, range(1, n))));
    expect(toPlain(file.read(table, { rows: [0, n + 100] }))).toEqual(toPlain(full));
    expect((file.read(table, { rows: [n, n + 5] }) as LgdoTable).nRows).toBe(0);
    file.close();
  });

  it("reads a column subset in datatype order", () => {
    const file = Lh5File.open(RAW_P03);
    const t = file.read("ch1084803/raw", { columns: ["timestamp", "packet_id"] }) as LgdoTable;
    expect(t.columnOrder).toEqual(["packet_id", "timestamp"]);
    expect(() => file.read("ch1084803/raw", { columns: ["nope"] })).toThrow(/no column 'nope'/);
    file.close();
  });

  /** Row ranges [start, stop) of the dataset reads made through h5wasm's get_dataset_data (null = whole). */
  function spyDataReads(): { ranges(): ([number, number] | null)[]; restore(): void } {
    const { module } = getH5();
    const spy = vi.spyOn(module, "get_dataset_data");
    return {
      ranges: () =>
        spy.mock.calls.map((c) => {
          const [, , count, offset] = c;
          if (count === null || offset === null) return null;
          const start = Number(offset[0]);
          return [start, start + Number(count[0])];
        }),
      restore: () => spy.mockRestore(),
    };
  }

  it("reads only the requested rows: one hyperslab per block, never a whole dataset", () => {
    const file = Lh5File.open(RAW_P03);
    const reads = spyDataReads();
    const wf = file.read("ch1084803/raw/waveform", { rows: [3, 5] }) as LgdoTable;
    expect((wf.columns.values as LgdoArray).shape).toEqual([2, 8192]);
    const ranges = reads.ranges();
    reads.restore();
    expect(ranges.length).toBeGreaterThan(0);
    for (const range of ranges) {
      expect(range).not.toBeNull();
      expect(range![1] - range![0]).toBeLessThanOrEqual(2);
    }
    file.close();
  });

  it("reads a VoV row range from the matching block of cumulative_length and flattened_data", () => {
    const file = Lh5File.open(TCM_P03);
    const full = file.read("hardware_tcm_1/row_in_table") as LgdoVectorOfVectors;
    const reads = spyDataReads();
    const part = file.read("hardware_tcm_1/row_in_table", { rows: [10, 12] }) as LgdoVectorOfVectors;
    const calls = reads.ranges();
    reads.restore();
    expect(calls[0]).toEqual([9, 12]); // the offset before row 10, then rows 10 and 11
    const start = full.cumulativeLength[9] ?? 0;
    const stop = full.cumulativeLength[11] ?? 0;
    expect(calls[1]).toEqual([start, stop]);
    expect(toPlain(part)).toEqual(toPlain(takeRows(full, [10, 11])));
    file.close();
  });

  it("refuses unsorted and out-of-range indices and bad ranges", () => {
    const file = Lh5File.open(RAW_P03);
    const code = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (error) {
        return error instanceof LH5Error ? error.code : "other";
      }
      return undefined;
    };
    expect(code(() => file.read("ch1084803/raw", { indices: [3, 1] }))).toBe("range");
    expect(code(() => file.read("ch1084803/raw", { indices: [10] }))).toBe("range");
    expect(code(() => file.read("ch1084803/raw", { indices: [-1] }))).toBe("range");
    expect(code(() => file.read("ch1084803/raw", { rows: [5, 2] }))).toBe("range");
    expect(code(() => file.read("ch1084803/raw", { rows: [-1, 2] }))).toBe("range");
    file.close();
  });
});

describe("p14 raw file: encoded waveforms against physics", () => {
  const channels = (file: Lh5File): string[] => file.keys().filter((k) => k.startsWith("ch"));
  const mean = (a: ArrayLike<number>, from: number, n: number): number => {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[from + k] ?? 0;
    return s / n;
  };

  it("decodes both codecs to decoded_size samples whose baselines match the FPGA baseline", () => {
    const file = Lh5File.open(P14_RAW_FILE);
    let rows = 0;
    for (const ch of channels(file)) {
      const t = file.read(`${ch}/raw`, {
        decode: true,
        columns: ["baseline", "presum_rate", "waveform_windowed", "waveform_presummed"],
      }) as LgdoTable;
      const enc = file.read(`${ch}/raw/waveform_windowed/values`) as LgdoEncodedArray;
      const encP = file.read(`${ch}/raw/waveform_presummed/values`) as LgdoEncodedArray;
      expect(enc.codec).toEqual({ name: "radware_sigcompress", shift: -32768 });
      expect(encP.codec).toEqual({ name: "uleb128_zigzag_diff" });
      const windowed = (t.columns.waveform_windowed as LgdoTable).columns.values as LgdoArray;
      const presummed = (t.columns.waveform_presummed as LgdoTable).columns.values as LgdoArray;
      expect(windowed.shape).toEqual([t.nRows, enc.decodedSize]);
      expect(presummed.shape).toEqual([t.nRows, encP.decodedSize]);
      expect(windowed.shape[1]).toBe(1400);
      expect(presummed.shape[1]).toBe(781);
      const baseline = (t.columns.baseline as LgdoArray).data;
      const presumRate = (t.columns.presum_rate as LgdoArray).data;
      for (let i = 0; i < t.nRows; i++) {
        const fpga = baseline[i] as number;
        const factor = presumRate[i] as number;
        expect(factor).toBe(8);
        const wBase = mean(windowed.data as Int32Array, i * 1400, 100);
        const pBase = mean(presummed.data as Int32Array, i * 781, 12) / factor; // 12 × 8 ≈ 100 samples
        // the presummed trace is the windowed one summed over `factor` samples
        expect(Math.abs(pBase - wBase) / fpga).toBeLessThan(0.005);
        // and both sit on the FPGA's own baseline estimate
        expect(Math.abs(wBase - fpga) / fpga).toBeLessThan(0.03);
        rows++;
      }
    }
    expect(rows).toBe(7);
    file.close();
  });

  it("re-encodes every stored waveform to its exact stored bytes", () => {
    const file = Lh5File.open(P14_RAW_FILE);
    let compared = 0;
    for (const ch of channels(file)) {
      for (const [column, encode] of [
        ["waveform_windowed", (x: Int32Array) => radwareEncode(x, -32768)],
        ["waveform_presummed", (x: Int32Array) => uleb128ZigzagDiffEncode(x)],
      ] as const) {
        const enc = file.read(`${ch}/raw/${column}/values`) as LgdoEncodedArray;
        const dec = file.read(`${ch}/raw/${column}/values`, { decode: true }) as LgdoArray;
        const width = dec.shape[1] ?? 0;
        const stored = (enc.encoded.flattened as LgdoArray).data as Uint8Array;
        for (let i = 0; i < (dec.shape[0] ?? 0); i++) {
          const start = i === 0 ? 0 : (enc.encoded.cumulativeLength[i - 1] ?? 0);
          const bytes = stored.subarray(start, enc.encoded.cumulativeLength[i]);
          const again = encode((dec.data as Int32Array).subarray(i * width, (i + 1) * width));
          expect(again.length).toBe(bytes.length);
          if (column === "waveform_windowed") {
            // the radware padding word is whatever the Python encoder's buffer held (0xE947 in one row)
            expect(Array.from(again.subarray(0, -2))).toEqual(Array.from(bytes.subarray(0, -2)));
          } else {
            expect(Array.from(again)).toEqual(Array.from(bytes));
          }
          compared++;
        }
      }
    }
    expect(compared).toBe(14);
    file.close();
  });

  it("shows each hard-linked table once, with its other path as an alias", () => {
    const file = Lh5File.open(P14_RAW_FILE);
    const entries = file.list();
    const paths = new Set(entries.map((e) => e.path));
    expect(new Set(paths).size).toBe(entries.length);
    for (const ch of channels(file)) {
      const entry = entries.find((e) => e.path === `${ch}/raw`);
      expect(entry?.aliases).toHaveLength(1);
      expect(entry?.aliases[0]).toMatch(/^raw\/[BVCP]\d{5}[A-Z]$/);
      expect(paths.has(entry?.aliases[0] ?? "")).toBe(false);
    }
    const zstd = entries.find((e) => e.path.endsWith("/baseline"));
    expect(zstd?.filters?.map((f) => f.id)).toEqual([2, 32015]);
    file.close();
  });

  it("reads zstd columns correctly (no garbage: plugin registered)", () => {
    const file = Lh5File.open(P14_RAW_FILE);
    const b = file.read("ch1105600/raw/baseline") as LgdoArray;
    expect(Array.from(b.data as Uint16Array)).toEqual([15008]);
    const abs = file.read("ch1105600/raw/abs_delta_mu_usec") as LgdoArray;
    expect(Array.from(abs.data as Int32Array)).toEqual([468]);
    file.close();
  });
});

describe("listing", () => {
  it("lists metadata with depth limits and LGDO types", () => {
    const file = Lh5File.open(RAW_P03);
    const top = file.list("", { depth: 1 });
    expect(top.map((e) => e.path)).toEqual(file.keys());
    expect(top.every((e) => e.kind === "group" && e.lgdoType?.kind === "struct")).toBe(true);
    const all = file.list("ch1084803");
    const values = all.find((e) => e.path === "ch1084803/raw/waveform/values");
    expect(values).toMatchObject({ kind: "dataset", shape: [10, 8192], dtype: "uint16" });
    expect(values?.lgdoType).toMatchObject({ kind: "array", form: "array_of_equalsized_arrays" });
    expect(all.every((e) => e.path.startsWith("ch1084803/"))).toBe(true);
    file.close();
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});
