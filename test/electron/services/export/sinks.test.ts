import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import type { LgdoTable } from "../../../../shared/lgdo/model.ts";
import { ArrowSink } from "../../../../electron/services/export/arrow.ts";
import { CsvSink } from "../../../../electron/services/export/csv.ts";
import { ExportError } from "../../../../electron/services/export/atomic.ts";
import { arr } from "../../../fixtures/lgdo.ts";

const tmp = mkdtempSync(join(tmpdir(), "export-sinks-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A chunk with an int64 id, a float32 with NaN, a bool, a string, a 2-d array, a VoV and a nested table. */
function chunk(offset: number): LgdoTable {
  const columns = {
    hit_table: arr("int64", Float64Array.from([1084803, 1084804]), [2]),
    trapEmax: arr("float32", Float32Array.from([0.1 + offset, NaN]), [2], { attrs: { units: "ADC" } }),
    is_valid: arr("uint8", Uint8Array.from([1, 0]), [2], { element: { kind: "bool" } }),
    name: arr("string", ['V01, "a"', "B00"], [2], { element: { kind: "string" } }),
    energies: arr("float32", Float32Array.from([1, 2, 3, 4]), [2, 2], { form: "array_of_equalsized_arrays" }),
    hits: {
      kind: "vov" as const,
      cumulativeLength: Float64Array.from([1, 3]),
      cumulativeLengthDtype: "int64" as const,
      flattened: arr("int32", Int32Array.from([7, 8, 9]), [3]),
      attrs: {},
    },
    waveform: {
      kind: "table" as const,
      nRows: 2,
      columns: { t0: arr("float64", Float64Array.from([16, 32]), [2]) },
      columnOrder: ["t0"],
      attrs: {},
    },
  };
  return { kind: "table", nRows: 2, columns, columnOrder: Object.keys(columns), attrs: {} };
}

describe("CsvSink", () => {
  it("writes a header and rows, NaN empty, bools True/False, lists and quoting", async () => {
    const path = join(tmp, "out.csv");
    const sink = new CsvSink(path);
    await sink.write(chunk(0));
    await sink.write(chunk(1));
    expect(existsSync(path)).toBe(false); // nothing visible before commit
    const { rows } = await sink.commit();
    expect(rows).toBe(4);
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("hit_table,trapEmax,is_valid,name,energies,hits,waveform_t0");
    expect(lines[1]).toBe('1084803,0.1,True,"V01, ""a""","[1, 2]",[7],16');
    expect(lines[2]).toBe('1084804,,False,B00,"[3, 4]","[8, 9]",32');
    expect(lines[3]!.startsWith("1084803,1.1,")).toBe(true);
    expect(lines).toHaveLength(5);
  });

  it("refuses an existing file unless overwrite, and abort leaves nothing", async () => {
    const path = join(tmp, "exists.csv");
    writeFileSync(path, "keep");
    expect(() => new CsvSink(path)).toThrow(ExportError);
    expect(readFileSync(path, "utf8")).toBe("keep");
    const sink = new CsvSink(join(tmp, "aborted.csv"));
    await sink.write(chunk(0));
    sink.abort();
    expect(readdirSync(tmp).filter((f) => f.includes("aborted"))).toEqual([]);
    const over = new CsvSink(path, { overwrite: true });
    await over.write(chunk(0));
    await over.commit();
    expect(readFileSync(path, "utf8")).toContain("hit_table");
  });

  it("does not replace a file that appeared during the export", async () => {
    const path = join(tmp, "race.csv");
    const sink = new CsvSink(path);
    await sink.write(chunk(0));
    writeFileSync(path, "other");
    await expect(sink.commit()).rejects.toThrow(/appeared during the export/);
    expect(readFileSync(path, "utf8")).toBe("other");
    expect(readdirSync(tmp).filter((f) => f.startsWith(".race.csv"))).toEqual([]);
  });
});

describe("ArrowSink", () => {
  it("writes an Arrow IPC file that apache-arrow reads back with the same values and types", async () => {
    const path = join(tmp, "out.arrow");
    const sink = new ArrowSink(path);
    await sink.write(chunk(0));
    await sink.write(chunk(1));
    const { rows, bytes } = await sink.commit();
    expect(rows).toBe(4);
    expect(bytes).toBeGreaterThan(0);
    const table = tableFromIPC(readFileSync(path));
    expect(table.numRows).toBe(4);
    expect(table.schema.fields.map((f) => f.name)).toEqual([
      "hit_table",
      "trapEmax",
      "is_valid",
      "name",
      "energies",
      "hits",
      "waveform_t0",
    ]);
    expect(String(table.schema.fields[0]!.type)).toBe("Int64");
    expect(table.schema.fields[1]!.metadata.get("units")).toBe("ADC");
    expect(table.getChild("hit_table")!.toArray()).toEqual(
      BigInt64Array.from([1084803n, 1084804n, 1084803n, 1084804n]),
    );
    const trap = table.getChild("trapEmax")!.toArray() as Float32Array;
    expect(trap[0]).toBeCloseTo(0.1, 6);
    expect(Number.isNaN(trap[1])).toBe(true);
    expect(table.getChild("is_valid")!.toArray()).toEqual([true, false, true, false]);
    expect(table.getChild("name")!.get(0)).toBe('V01, "a"');
    expect(Array.from(table.getChild("energies")!.get(1) as Iterable<number>)).toEqual([3, 4]);
    expect(Array.from(table.getChild("hits")!.get(1) as Iterable<number>)).toEqual([8, 9]);
    expect(Array.from(table.getChild("hits")!.get(3) as Iterable<number>)).toEqual([8, 9]);
    expect(table.getChild("waveform_t0")!.toArray()).toEqual(Float64Array.from([16, 32, 16, 32]));
  });

  it("refuses an empty selection with a clear error and leaves no file", async () => {
    const path = join(tmp, "empty.arrow");
    const sink = new ArrowSink(path);
    await expect(sink.commit()).rejects.toThrow(/selection is empty/);
    sink.abort();
    expect(readdirSync(tmp).filter((f) => f.includes("empty.arrow"))).toEqual([]);
  });
});
