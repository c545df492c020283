// ParquetSink: every element type, lists and nested tables written in several row groups, read back by an
// independent reader (hyparquet) and compared value by value with the LGDO chunks; bad input leaves nothing.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import type { Lgdo, LgdoArray, LgdoTable, NumericData } from "../../../../shared/lgdo/model.ts";
import { ExportError } from "../../../../electron/services/export/atomic.ts";
import { createSink, formatFromPath } from "../../../../electron/services/export/index.ts";
import { ParquetSink } from "../../../../electron/services/export/parquet.ts";
import { rowGroupRanges } from "../../../../electron/services/export/parquet-columns.ts";
import type { FlatColumn } from "../../../../electron/services/export/flatten.ts";
import { arr } from "../../../fixtures/lgdo.ts";

const tmp = mkdtempSync(join(tmpdir(), "export-parquet-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A deterministic pseudo-random sequence (no Math.random: failures must reproduce). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** A chunk of `n` rows with every element type, NaN/±Inf, extremes, a 2-d array, VoVs (with empty rows) and a nested table. */
function chunk(n: number, seed: number): LgdoTable {
  const rnd = lcg(seed);
  const ints = (lo: number, hi: number): number[] =>
    Array.from({ length: n }, (_, i) => (i === 0 ? lo : i === 1 ? hi : Math.floor(lo + rnd() * (hi - lo))));
  const lengths = Array.from({ length: n }, (_, i) => (i % 4 === 2 ? 0 : 1 + Math.floor(rnd() * 5)));
  const cumulative = Float64Array.from(
    lengths,
    (
      (sum) => (l: number) =>
        (sum += l)
    )(0),
  );
  const total = cumulative[n - 1] ?? 0;
  const floats = Float32Array.from({ length: n }, () => rnd() * 1e4 - 5e3);
  if (n > 3) [floats[1], floats[2], floats[3]] = [NaN, Infinity, -Infinity];
  const columns: Record<string, Lgdo> = {
    i8: arr("int8", Int8Array.from(ints(-128, 127)), [n]),
    u8: arr("uint8", Uint8Array.from(ints(0, 255)), [n]),
    i16: arr("int16", Int16Array.from(ints(-32768, 32767)), [n]),
    u16: arr("uint16", Uint16Array.from(ints(0, 65535)), [n]),
    i32: arr("int32", Int32Array.from(ints(-(2 ** 31), 2 ** 31 - 1)), [n]),
    u32: arr("uint32", Uint32Array.from(ints(0, 2 ** 32 - 1)), [n]),
    // int64 beyond 2^53 (exact in float64 as powers of two) and negative; uint64 up to 2^63 + 2^11.
    i64: arr(
      "int64",
      Float64Array.from(ints(-(2 ** 62), 2 ** 60), (v, i) => (i === 2 ? 2 ** 53 + 2 : v)),
      [n],
    ),
    u64: arr("uint64", Float64Array.from(ints(0, 2 ** 63 + 2 ** 11)), [n]),
    trapEmax: arr("float32", floats, [n], { attrs: { units: "ADC" } }),
    f64: arr(
      "float64",
      Float64Array.from({ length: n }, (_, i) => (i === 1 ? NaN : rnd() * 1e-300)),
      [n],
    ),
    is_valid: arr(
      "uint8",
      Uint8Array.from({ length: n }, () => (rnd() < 0.5 ? 1 : 0)),
      [n],
      {
        element: { kind: "bool" },
      },
    ),
    name: arr(
      "string",
      Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `V${i}, "α"` : "")),
      [n],
      {
        element: { kind: "string" },
      },
    ),
    energies: arr(
      "float32",
      Float32Array.from({ length: 3 * n }, () => rnd()),
      [n, 3],
      {
        form: "array_of_equalsized_arrays",
      },
    ),
    hits: {
      kind: "vov",
      cumulativeLength: cumulative,
      cumulativeLengthDtype: "int64",
      flattened: arr(
        "int32",
        Int32Array.from({ length: total }, () => Math.floor(rnd() * 1e6) - 5e5),
        [total],
      ),
      attrs: {},
    },
    big: {
      kind: "vov",
      cumulativeLength: cumulative,
      cumulativeLengthDtype: "uint32",
      flattened: arr(
        "int64",
        Float64Array.from({ length: total }, (_, i) => 2 ** 55 + i * 8),
        [total],
      ),
      attrs: {},
    },
    labels: {
      kind: "vov",
      cumulativeLength: cumulative,
      cumulativeLengthDtype: "uint32",
      flattened: arr(
        "string",
        Array.from({ length: total }, (_, i) => `l${i % 7}`),
        [total],
        {
          element: { kind: "string" },
        },
      ),
      attrs: {},
    },
    waveform: {
      kind: "table",
      nRows: n,
      columns: {
        t0: arr(
          "float64",
          Float64Array.from({ length: n }, () => rnd() * 100),
          [n],
        ),
      },
      columnOrder: ["t0"],
      attrs: {},
    },
  };
  return { kind: "table", nRows: n, columns, columnOrder: Object.keys(columns), attrs: {} };
}

/** The value of row `r` of an LGDO column as a Parquet reader returns it (64-bit integers as BigInt). */
function expectedValue(column: Lgdo, r: number): unknown {
  const scalar = (a: LgdoArray, v: number | string): unknown =>
    a.dtype === "int64" || a.dtype === "uint64" ? BigInt(v) : a.element.kind === "bool" ? v !== 0 : v;
  switch (column.kind) {
    case "array": {
      if (column.shape.length > 1) {
        const width = column.shape[1]!;
        return Array.from((column.data as NumericData).subarray(r * width, (r + 1) * width));
      }
      return scalar(column, column.data[r]!);
    }
    case "vov": {
      const start = r === 0 ? 0 : column.cumulativeLength[r - 1]!;
      const inner = column.flattened;
      if (inner.kind !== "array") throw new Error("test chunks hold one-level VoVs");
      const values: ArrayLike<number | string> = inner.data.slice(start, column.cumulativeLength[r]);
      return Array.from(values, (v) => scalar(inner, v));
    }
    default:
      throw new Error(`unexpected ${column.kind}`);
  }
}

/** The bytes of a file as the ArrayBuffer hyparquet reads. */
function fileBuffer(path: string): ArrayBuffer {
  const file = readFileSync(path);
  return file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
}

/** Every value of every row read back equals the chunks' (NaN equals NaN; float32 as stored). */
function expectSameRows(rows: Record<string, unknown>[], chunks: LgdoTable[]): void {
  let row = 0;
  for (const c of chunks) {
    for (let r = 0; r < c.nRows; r++, row++) {
      const got = rows[row]!;
      for (const name of c.columnOrder) {
        const column = c.columns[name]!;
        if (column.kind === "table") {
          expect(got[`${name}_t0`]).toEqual(expectedValue(column.columns.t0!, r));
        } else expect(got[name], `${name} row ${row}`).toEqual(expectedValue(column, r));
      }
    }
  }
  expect(rows).toHaveLength(row);
}

describe("ParquetSink", () => {
  it("writes every type in one row group per chunk; hyparquet reads back every value", async () => {
    const path = join(tmp, "all.parquet");
    const chunks = [chunk(257, 1), chunk(1, 2), chunk(1000, 3)];
    const sink = new ParquetSink(path);
    for (const c of chunks) await sink.write(c);
    expect(existsSync(path)).toBe(false); // nothing visible before commit
    const { rows, bytes } = await sink.commit();
    expect(rows).toBe(1258);
    const buffer = fileBuffer(path);
    expect(bytes).toBe(buffer.byteLength);
    const meta = parquetMetadata(buffer);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([257, 1, 1000]);
    const leaves = Object.fromEntries(meta.schema.filter((s) => s.type).map((s) => [s.name, s]));
    expect(leaves.i8).toMatchObject({
      type: "INT32",
      logical_type: { type: "INTEGER", bitWidth: 8, isSigned: true },
    });
    expect(leaves.u64).toMatchObject({ type: "INT64", converted_type: "UINT_64" });
    expect(leaves.trapEmax!.type).toBe("FLOAT");
    expect(leaves.is_valid!.type).toBe("BOOLEAN");
    expect(leaves.name).toMatchObject({ type: "BYTE_ARRAY", converted_type: "UTF8" });
    expect(meta.schema.find((s) => s.name === "hits")).toMatchObject({ converted_type: "LIST" });
    expect(meta.key_value_metadata).toContainEqual({ key: "lh5_units", value: '{"trapEmax":"ADC"}' });
    const read = await parquetReadObjects({ file: buffer });
    expect(Object.keys(read[0]!)).toEqual([
      "i8",
      "u8",
      "i16",
      "u16",
      "i32",
      "u32",
      "i64",
      "u64",
      "trapEmax",
      "f64",
      "is_valid",
      "name",
      "energies",
      "hits",
      "big",
      "labels",
      "waveform_t0",
    ]);
    expectSameRows(read, chunks);
    expect(read[2]!.i64).toBe(2n ** 53n + 2n); // beyond 2^53, exact
    expect(read[1]!.u64).toBe(2n ** 63n + 2n ** 11n);
    expect(read[2]!.hits).toEqual([]); // an empty VoV row stays an empty list
  });

  it("is what createSink makes for .parquet", async () => {
    expect(formatFromPath("/a/b.PARQUET")).toBe("parquet");
    const path = join(tmp, "via-index.parquet");
    const sink = createSink(path);
    await sink.write(chunk(5, 9));
    await sink.commit();
    expectSameRows(await parquetReadObjects({ file: fileBuffer(path) }), [chunk(5, 9)]);
  });

  it("streams: each chunk's row groups are on disk before the next chunk comes (memory stays at one chunk)", async () => {
    const [nRows, width] = [200, 2000]; // 1.6 MB a chunk: more than one 1 MiB page
    const waveforms = (seed: number): LgdoTable => {
      const rnd = lcg(seed);
      const values = Float32Array.from({ length: nRows * width }, () => rnd()); // random: does not compress
      const column = arr("float32", values, [nRows, width], { form: "array_of_equalsized_arrays" });
      return { kind: "table", nRows, columns: { values: column }, columnOrder: ["values"], attrs: {} };
    };
    const path = join(tmp, "stream.parquet");
    const sink = new ParquetSink(path);
    const onDisk: number[] = [];
    for (let i = 0; i < 4; i++) {
      await sink.write(waveforms(i));
      const temp = readdirSync(tmp).find((f) => f.startsWith(".stream.parquet.tmp-"))!;
      onDisk.push(statSync(join(tmp, temp)).size);
    }
    const payload = nRows * width * 4;
    // 400k list elements a chunk: row groups of at most 2^15 of them (16 rows of 2000), each written as it is encoded
    onDisk.forEach((size, i) =>
      expect(size - (onDisk[i - 1] ?? 0), `chunk ${i}`).toBeGreaterThan(0.9 * payload),
    );
    await sink.commit();
    const groups = parquetMetadata(fileBuffer(path)).row_groups.map((g) => Number(g.num_rows));
    expect(groups).toEqual(Array.from({ length: 4 }, () => [...new Array<number>(12).fill(16), 8]).flat());
    const read = await parquetReadObjects({
      file: fileBuffer(path),
      rowStart: 3 * nRows + 7,
      rowEnd: 3 * nRows + 8,
    });
    const last = waveforms(3).columns.values as LgdoArray;
    expect(read[0]!.values).toEqual(Array.from((last.data as Float32Array).subarray(7 * width, 8 * width)));
  });

  it("refuses an existing file unless overwrite; abort and an empty selection leave nothing", async () => {
    const path = join(tmp, "exists.parquet");
    writeFileSync(path, "mine");
    expect(() => new ParquetSink(path)).toThrow(/exists \(pass overwrite/);
    const aborted = new ParquetSink(path, { overwrite: true });
    await aborted.write(chunk(10, 4));
    aborted.abort();
    expect(readFileSync(path, "utf8")).toBe("mine");
    const over = new ParquetSink(path, { overwrite: true });
    await over.write(chunk(3, 5));
    await over.commit();
    expect(readFileSync(path).subarray(0, 4).toString()).toBe("PAR1");
    const empty = new ParquetSink(join(tmp, "empty.parquet"));
    await expect(empty.commit()).rejects.toThrow(/selection is empty/);
    empty.abort();
    expect(readdirSync(tmp).filter((f) => f.startsWith(".") || f.startsWith("empty"))).toEqual([]);
  });

  it("does not replace a file that appeared during the export", async () => {
    const path = join(tmp, "late.parquet");
    const sink = new ParquetSink(path);
    await sink.write(chunk(4, 6));
    writeFileSync(path, "someone else");
    await expect(sink.commit()).rejects.toThrow(/appeared during the export/);
    expect(readFileSync(path, "utf8")).toBe("someone else");
  });

  it("an unsupported column is a clear ExportError naming it; chunks must keep their columns and types", async () => {
    const deep: LgdoTable = {
      kind: "table",
      nRows: 1,
      columnOrder: ["nested"],
      attrs: {},
      columns: {
        nested: {
          kind: "vov",
          cumulativeLength: Float64Array.from([1]),
          cumulativeLengthDtype: "uint32",
          flattened: {
            kind: "vov",
            cumulativeLength: Float64Array.from([2]),
            cumulativeLengthDtype: "uint32",
            flattened: arr("int32", Int32Array.from([1, 2]), [2]),
            attrs: {},
          },
          attrs: {},
        },
      },
    };
    const path = join(tmp, "deep.parquet");
    const sink = new ParquetSink(path);
    const error = await sink.write(deep).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).message).toMatch(/'nested' is a vector of vectors of vectors.*\.lh5/);
    sink.abort();
    const mixed = new ParquetSink(join(tmp, "mixed.parquet"));
    await mixed.write(chunk(2, 7));
    const other = chunk(2, 8);
    other.columnOrder = other.columnOrder.slice(1);
    await expect(mixed.write(other)).rejects.toThrow(/differ from the first chunk's/);
    const retyped = chunk(2, 8);
    retyped.columns.u16 = arr("float32", Float32Array.from([0.5, 1.5]), [2]);
    await expect(mixed.write(retyped)).rejects.toThrow(/column 'u16' changed type/);
    mixed.abort();
    expect(readdirSync(tmp).filter((f) => /deep|mixed/.test(f))).toEqual([]);
  });
});

describe("rowGroupRanges", () => {
  const list = (lengths: number[]): FlatColumn => {
    const offsets = new Float64Array(lengths.length + 1);
    lengths.forEach((l, i) => (offsets[i + 1] = offsets[i]! + l));
    return {
      name: "l",
      kind: "list",
      dtype: "uint16",
      offsets,
      values: new Uint16Array(offsets[lengths.length]!),
    };
  };
  const scalar: FlatColumn = {
    name: "s",
    kind: "number",
    dtype: "float64",
    isBool: false,
    data: new Float64Array(6),
  };

  it("cuts rows into groups of at most maxListSlots list elements (an empty list is one slot)", () => {
    expect(rowGroupRanges([scalar, list([4, 4, 0, 3, 5, 1])], 6, 8)).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
    ]);
    // two list columns add up; a row wider than the limit is a group of its own
    expect(rowGroupRanges([list([2, 9, 1, 1, 2, 2]), list([2, 0, 1, 1, 2, 2])], 6, 8)).toEqual([
      [0, 1],
      [1, 2],
      [2, 5],
      [5, 6],
    ]);
  });

  it("keeps minRows rows together, and scalar columns in one group", () => {
    expect(rowGroupRanges([list([4, 4, 4, 4, 4])], 5, 4, 2)).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
    expect(rowGroupRanges([scalar], 6, 1)).toEqual([[0, 6]]);
    expect(rowGroupRanges([scalar], 0, 1)).toEqual([]);
  });
});

describe("hyparquet-writer", () => {
  it("is used through its public entry point only (no src/ internals, so it can be upgraded)", () => {
    const dir = fileURLToPath(new URL("../../../../electron/services/export/", import.meta.url));
    const imports = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(/from "(hyparquet-writer[^"]*)"/g)])
      .map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(new Set(imports)).toEqual(new Set(["hyparquet-writer"]));
  });
});
