// Writer round trips and on-disk layout (legend-pydataobj's, lh5-format.md §1).
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeArray } from "../../../../shared/codecs/index.ts";
import type {
  Lgdo,
  LgdoArray,
  LgdoHistogram,
  LgdoScalar,
  LgdoStruct,
  LgdoTable,
  LgdoVectorOfVectors,
} from "../../../../shared/lgdo/model.ts";
import { LH5Error } from "../../../../electron/services/lh5/errors.ts";
import { getH5, initH5 } from "../../../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../../../electron/services/lh5/reader.ts";
import { Lh5Writer, writeLh5 } from "../../../../electron/services/lh5/writer.ts";
import { P14_RAW_FILE, PROD_REF_TIER_DIR } from "../../../fixtures/testdata.ts";
import { range, takeRows, toPlain } from "./lgdo-helpers.ts";

const RAW_P03 = join(PROD_REF_TIER_DIR, "raw/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_raw.lh5");
const TCM_P03 = join(PROD_REF_TIER_DIR, "tcm/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_tcm.lh5");
let dir: string;

beforeAll(async () => {
  await initH5();
  dir = mkdtempSync(join(tmpdir(), "lh5-writer-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const arr = (data: LgdoArray["data"], dtype: LgdoArray["dtype"], attrs = {}): LgdoArray => ({
  kind: "array",
  form: "array",
  element: dtype === "string" ? { kind: "string" } : { kind: "real" },
  dtype,
  shape: [data.length],
  data,
  attrs,
});

function vov(lengths: number[], values: LgdoArray | LgdoVectorOfVectors): LgdoVectorOfVectors {
  let total = 0;
  return {
    kind: "vov",
    cumulativeLength: Float64Array.from(lengths, (n) => (total += n)),
    cumulativeLengthDtype: "int64",
    flattened: values,
    attrs: {},
  };
}

/** A table with every column kind the writer supports, rows [offset, offset + n). */
function sampleTable(n: number, offset: number): LgdoTable {
  const ids = Float64Array.from(range(offset, offset + n), (i) => i * 1_000_000_007);
  const flags = Uint8Array.from(range(offset, offset + n), (i) => i % 2);
  const names = range(offset, offset + n).map((i) => `det${i}`);
  // every value is a function of the absolute row, so chunks concatenate to the whole table
  const rows = range(offset, offset + n);
  const hitLengths = rows.map((i) => i % 3);
  const hitValues = rows.flatMap((i) => range(0, i % 3).flatMap((h) => [i + h / 4, i + h / 4 + 0.125]));
  const nested = vov(
    hitLengths,
    vov(
      hitValues.filter((_, k) => k % 2 === 0).map(() => 2),
      arr(Float32Array.from(hitValues), "float32"),
    ),
  );
  const traceValues = rows.flatMap((i) => range(0, i % 3).map((h) => i * 1000 - 7 + h));
  const wf: LgdoArray = {
    kind: "array",
    form: "array_of_equalsized_arrays",
    element: { kind: "real" },
    dtype: "uint16",
    shape: [n, 16],
    data: Uint16Array.from(range(offset * 16, (offset + n) * 16), (k) => 15000 + ((k * 7) % 50)),
    attrs: {},
  };
  const waveform = (values: Lgdo): LgdoTable => ({
    kind: "table",
    nRows: n,
    columns: {
      t0: arr(new Float32Array(n).fill(-100), "float32", { units: "ns" }),
      dt: arr(new Float32Array(n).fill(16), "float32", { units: "ns" }),
      values,
    },
    columnOrder: ["t0", "dt", "values"],
    attrs: {},
  });
  return {
    kind: "table",
    nRows: n,
    columns: {
      id: arr(ids, "int64", { description: "big ids" }),
      energy: arr(
        Float64Array.from(ids, (v) => v / 7),
        "float64",
        { units: "keV" },
      ),
      flag: { ...arr(flags, "uint8"), element: { kind: "bool" } },
      name: arr(names, "string"),
      hits: nested,
      waveform: waveform(wf),
      waveform_enc: waveform(encodeArray(wf, { name: "radware_sigcompress", shift: -32768 })),
      trace_enc: encodeArray(vov(hitLengths, arr(Int32Array.from(traceValues), "int32")), {
        name: "uleb128_zigzag_diff",
      }),
    },
    columnOrder: ["id", "energy", "flag", "name", "hits", "waveform", "waveform_enc", "trace_enc"],
    attrs: { description: "sample" },
  };
}

/** The same object with column order as the reader reports it (datatype order = sorted on write). */
function sortedColumns(obj: Lgdo): Lgdo {
  if (obj.kind === "table") {
    const columns: Record<string, Lgdo> = {};
    for (const k of Object.keys(obj.columns).sort()) columns[k] = sortedColumns(obj.columns[k] as Lgdo);
    return { ...obj, columns, columnOrder: Object.keys(columns) };
  }
  if (obj.kind === "struct") {
    const fields: Record<string, Lgdo> = {};
    for (const k of Object.keys(obj.fields).sort()) fields[k] = sortedColumns(obj.fields[k] as Lgdo);
    return { ...obj, fields, fieldOrder: Object.keys(fields) };
  }
  return obj;
}

describe("writeLh5 round trips", () => {
  it.each(["none", "gzip", "zstd"] as const)(
    "a table of every column kind, compression %s",
    (compression) => {
      const path = join(dir, `sample-${compression}.lh5`);
      const table = sampleTable(7, 0);
      writeLh5(path, { "ch1/raw": table }, { compression });
      const file = Lh5File.open(path);
      expect(toPlain(file.read("ch1/raw"))).toEqual(toPlain(sortedColumns(table)));
      file.close();
    },
  );

  it.each([
    [RAW_P03, "ch1084803/raw"],
    [TCM_P03, "hardware_tcm_1"],
    [P14_RAW_FILE, "ch1105600/raw"],
  ])("real data: %s %s reads back identical (values, types, attributes)", (src, table) => {
    const input = Lh5File.open(src);
    const original = input.read(table);
    input.close();
    const path = join(dir, `copy-${table.replace(/\//g, "_")}.lh5`);
    writeLh5(path, { [table]: original });
    const file = Lh5File.open(path);
    expect(toPlain(file.read(table))).toEqual(toPlain(sortedColumns(original)));
    file.close();
  });

  it("scalars, structs and histograms", () => {
    const scalar = (value: number | string | boolean, dtype: LgdoScalar["dtype"]): LgdoScalar => ({
      kind: "scalar",
      element:
        typeof value === "boolean"
          ? { kind: "bool" }
          : typeof value === "string"
            ? { kind: "string" }
            : { kind: "real" },
      dtype,
      value,
      attrs: { units: "s" },
    });
    const struct: LgdoStruct = {
      kind: "struct",
      fields: {
        b: scalar(3.5, "float64"),
        a: scalar("json {…}", "string"),
        c: scalar(true, "uint8"),
        d: scalar(2 ** 40, "int64"),
      },
      fieldOrder: ["b", "a", "c", "d"],
      attrs: { description: "meta" },
    };
    const hist: LgdoHistogram = {
      kind: "histogram",
      weights: { ...arr(Float64Array.from([1, 2, 3, 4, 5, 6]), "float64"), shape: [3, 2] },
      axes: [
        { edges: Float64Array.from([0, 1, 2, 4]), closedLeft: true, attrs: { units: "keV" } },
        { edges: { first: 0, last: 10, step: 5 }, closedLeft: false, attrs: {} },
      ],
      isDensity: false,
      attrs: {},
    };
    const path = join(dir, "misc.lh5");
    writeLh5(path, { meta: struct, "hists/h": hist });
    const file = Lh5File.open(path);
    expect(toPlain(file.read("meta"))).toEqual(toPlain({ ...sortedColumns(struct) }));
    expect(file.typeOf("hists/h").kind).toBe("histogram");
    expect(toPlain(file.read("hists/h"))).toEqual(
      toPlain({ ...hist, weights: { ...hist.weights, form: "array" } }),
    );
    file.close();
  });
});

describe("on-disk layout", () => {
  it("follows legend-pydataobj: sorted datatype fields, uint8 bools, fixed strings, int64 cumulative_length", () => {
    const path = join(dir, "layout.lh5");
    writeLh5(path, { "ch1/raw": sampleTable(5, 0) }, { compression: "gzip" });
    const file = Lh5File.open(path);
    const byPath = new Map(file.list().map((e) => [e.path, e]));
    expect(byPath.get("ch1")?.datatype).toBe("struct{raw}");
    expect(byPath.get("ch1/raw")?.datatype).toBe(
      "table{energy,flag,hits,id,name,trace_enc,waveform,waveform_enc}",
    );
    expect(byPath.get("ch1/raw")?.attrs).toEqual({ description: "sample" });
    expect(byPath.get("ch1/raw/flag")).toMatchObject({ datatype: "array<1>{bool}", dtype: "uint8" });
    expect(byPath.get("ch1/raw/name")).toMatchObject({ datatype: "array<1>{string}", dtype: "string" });
    expect(byPath.get("ch1/raw/hits")?.datatype).toBe("array<1>{array<1>{array<1>{real}}}");
    expect(byPath.get("ch1/raw/hits/cumulative_length")).toMatchObject({ dtype: "int64", shape: [5] });
    expect(byPath.get("ch1/raw/waveform")?.datatype).toBe("table{dt,t0,values}");
    expect(byPath.get("ch1/raw/waveform/values")?.datatype).toBe("array_of_equalsized_arrays<1,1>{real}");
    expect(byPath.get("ch1/raw/waveform_enc/values")).toMatchObject({
      datatype: "array_of_encoded_equalsized_arrays<1,1>{real}",
      attrs: { codec: "radware_sigcompress", codec_shift: -32768 },
    });
    expect(byPath.get("ch1/raw/waveform_enc/values/decoded_size")).toMatchObject({
      datatype: "real",
      shape: [],
    });
    expect(byPath.get("ch1/raw/waveform_enc/values/encoded_data/flattened_data")?.filters).toEqual([]);
    expect(byPath.get("ch1/raw/trace_enc")?.datatype).toBe("array<1>{encoded_array<1>{real}}");
    expect(byPath.get("ch1/raw/energy")?.filters?.map((f) => f.id)).toEqual([1]);
    // strings are fixed-length, not variable-length
    const { h5 } = getH5();
    const raw = new h5.File(path, "r");
    const meta = (raw.get("/ch1/raw/name") as InstanceType<typeof h5.Dataset>).metadata;
    expect(meta.vlen).toBe(false);
    expect(meta.size).toBe(4);
    const energy = (raw.get("/ch1/raw/energy") as InstanceType<typeof h5.Dataset>).metadata;
    expect(energy.chunks).not.toBeNull();
    raw.close();
    // cumulative_length without a leading 0: row 0 has 0 hits, so its end offset is 0
    const cl = file.read("ch1/raw/hits/cumulative_length") as LgdoArray;
    expect(Array.from(cl.data as Float64Array)).toEqual([0, 1, 3, 3, 4]);
    file.close();
  });
});

describe("safety", () => {
  it("never overwrites unless asked, and leaves no temp files", () => {
    const path = join(dir, "once.lh5");
    writeLh5(path, { x: arr(Float64Array.from([1]), "float64") });
    let error: unknown;
    try {
      writeLh5(path, { x: arr(Float64Array.from([2]), "float64") });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LH5Error);
    expect((error as LH5Error).code).toBe("exists");
    writeLh5(path, { x: arr(Float64Array.from([3]), "float64") }, { overwrite: true });
    const file = Lh5File.open(path);
    expect(Array.from((file.read("x") as LgdoArray).data as Float64Array)).toEqual([3]);
    file.close();
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("writes nothing at the path before commit, and nothing at all after abort", () => {
    const path = join(dir, "streamed.lh5");
    const writer = Lh5Writer.create(path);
    writer.appendTable("t", sampleTable(3, 0));
    expect(existsSync(path)).toBe(false);
    writer.abort();
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith("streamed"))).toEqual([]);
  });

  it("refuses bad objects with a clear error and writes nothing", () => {
    const path = join(dir, "bad.lh5");
    const badVov = vov([2, 5], arr(Float64Array.from([1, 2, 3]), "float64"));
    expect(() => writeLh5(path, { v: badVov })).toThrow(/cumulative_length ends at 7, flattened_data has 3/);
    const badShape = { ...arr(Float64Array.from([1, 2, 3]), "float64"), shape: [2, 2] };
    expect(() => writeLh5(path, { a: badShape })).toThrow(LH5Error);
    expect(() => writeLh5(path, { big: arr(Float64Array.from([2 ** 60]), "int64") })).toThrow(
      /not a valid int64/,
    );
    expect(existsSync(path)).toBe(false);
  });
});

describe("Lh5Writer.appendTable", () => {
  it("extends every column kind chunk by chunk", () => {
    const path = join(dir, "appended.lh5");
    const writer = Lh5Writer.create(path, { compression: "zstd" });
    const chunks = [sampleTable(4, 0), sampleTable(0, 4), sampleTable(5, 4), sampleTable(1, 9)];
    for (const chunk of chunks) writer.appendTable("geds/raw", chunk);
    writer.commit();
    const whole = sampleTable(10, 0);
    const file = Lh5File.open(path);
    expect(file.nRows("geds/raw")).toBe(10);
    const back = file.read("geds/raw");
    // the uleb128 VoV column: decoded sizes follow the rows
    expect(toPlain(back)).toEqual(toPlain(sortedColumns(whole)));
    expect(toPlain(file.read("geds/raw", { indices: [3, 4, 9] }))).toEqual(
      toPlain(takeRows(sortedColumns(whole), [3, 4, 9])),
    );
    file.close();
  });

  it("refuses a chunk with other columns or longer fixed-width strings", () => {
    const writer = Lh5Writer.create(join(dir, "mismatch.lh5"));
    writer.appendTable("t", sampleTable(2, 0));
    const missing = sampleTable(2, 2);
    delete missing.columns.energy;
    expect(() => writer.appendTable("t", missing)).toThrow(/differ/);
    const longer = sampleTable(2, 1000);
    expect(() => writer.appendTable("t", longer)).toThrow(/longer than the column's fixed width/);
    writer.abort();
  });
});
