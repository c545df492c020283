// Exports of real selections (LH5 read back by our reader, CSV, Arrow read by apache-arrow, Parquet read by
// hyparquet), entry-list files,
// live counts, and what happens with bad input: nothing half-written, clear errors.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { LgdoArray, LgdoTable } from "../../../../../shared/lgdo/model.ts";
import { DataLoader, countEntries } from "../../../../../electron/services/flow/loader/index.ts";
import { cycleKeyOf } from "../../../../../electron/services/flow/loader/provenance.ts";
import { Lh5File } from "../../../../../electron/services/lh5/reader.ts";
import { DATALOADER_CONFIG } from "../../../../fixtures/testdata.ts";
import { plainValues, testFileDb } from "./acceptance-helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "loader-export-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function q1Loader(): Promise<DataLoader> {
  const dl = await DataLoader.create(DATALOADER_CONFIG, await testFileDb());
  dl.setFiles("all");
  dl.setDatastreams([1084803, 1084804, 1121600], "ch");
  dl.setCuts({ hit: "trapEmax > 5000" });
  dl.setOutput({ columns: ["trapEmax", "timestamp"] });
  return dl;
}

const leftovers = (): string[] => readdirSync(tmp).filter((f) => f.includes(".tmp-"));

describe("exportTo", () => {
  it("writes LH5 that reads back equal to the in-memory load, in chunks", async () => {
    const dl = await q1Loader();
    const expected = (await dl.load()).table!;
    const path = join(tmp, "q1.lh5");
    const result = await dl.exportTo(path, { chunkRows: 4 });
    expect(result).toMatchObject({
      rows: 14,
      path,
      columns: ["hit_table", "hit_idx", "trapEmax", "file", "timestamp", "cycle"],
    });
    const file = Lh5File.open(path);
    const back = file.read("data") as LgdoTable;
    file.close();
    expect(back.nRows).toBe(14);
    for (const name of expected.columnOrder)
      expect(plainValues(back.columns[name]!), name).toEqual(plainValues(expected.columns[name]!));
    expect((back.columns.timestamp as LgdoArray).attrs.units).toBe("s");
    // provenance: the cycle key of each row's FileDB row
    const cycles = plainValues(back.columns.cycle!) as string[];
    const files = plainValues(expected.columns.file!) as number[];
    expect(cycles).toEqual(files.map((row) => cycleKeyOf(dl.db, row)));
    expect(cycles[0]).toMatch(/^l200-p03-r001-cal-\d{8}T\d{6}Z$/);
    expect(leftovers()).toEqual([]);
  });

  it("streams: never loads more than a chunk of rows at once (bounded memory)", async () => {
    const dl = await q1Loader();
    dl.setCuts({});
    dl.setOutput({ columns: ["waveform"] });
    const load = vi.spyOn(dl, "load");
    const result = await dl.exportTo(join(tmp, "chunks.lh5"), { chunkRows: 7 });
    expect(result.rows).toBe(120); // 3 HPGe channels × 10 rows × 4 cycles
    const sizes = await Promise.all(
      load.mock.results.map(async (r) => ((await r.value) as { table: LgdoTable }).table.nRows),
    );
    expect(sizes.length).toBe(Math.ceil(120 / 7));
    expect(Math.max(...sizes)).toBe(7);
  });

  it("writes CSV and Arrow with the same rows; waveforms as list columns", async () => {
    const dl = await q1Loader();
    const csv = await dl.exportTo(join(tmp, "q1.csv"));
    const lines = readFileSync(csv.path, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("hit_table,hit_idx,trapEmax,file,timestamp,cycle");
    expect(lines).toHaveLength(15);
    expect(lines[1]).toBe("1084804,0,16645.438,0,1679102510.3881276,l200-p03-r001-cal-20230318T012144Z");
    const arrowPath = join(tmp, "q1.arrow");
    await dl.exportTo(arrowPath);
    const table = tableFromIPC(readFileSync(arrowPath));
    expect(table.numRows).toBe(14);
    expect(Array.from(table.getChild("hit_idx")!.toArray() as BigInt64Array, Number)).toEqual([
      0, 2, 0, 1, 5, 5, 5, 3, 6, 3, 6, 9, 3, 6,
    ]);
    dl.setOutput({ columns: ["waveform"] });
    const wfPath = join(tmp, "wf.arrow");
    await dl.exportTo(wfPath, { chunkRows: 5 });
    const wf = tableFromIPC(readFileSync(wfPath));
    expect(wf.schema.fields.map((f) => f.name)).toEqual([
      "hit_table",
      "hit_idx",
      "file",
      "waveform_t0",
      "waveform_dt",
      "waveform_values",
      "cycle",
    ]);
    expect((wf.getChild("waveform_values")!.get(0) as { length: number }).length).toBe(8192);
  });

  it("writes Parquet (a row group per chunk) equal to the in-memory load; waveforms as LIST columns", async () => {
    const parquetRows = async (path: string): Promise<Record<string, unknown>[]> => {
      const file = readFileSync(path);
      const rows = await parquetReadObjects({
        file: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
      });
      // 64-bit integers come back as BigInt; the selections here are far below 2^53
      const plain = (v: unknown): unknown =>
        typeof v === "bigint" ? Number(v) : Array.isArray(v) ? v.map(plain) : v;
      return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
    };
    const dl = await q1Loader();
    const expected = (await dl.load()).table!;
    const q1 = await dl.exportTo(join(tmp, "q1.parquet"), { chunkRows: 4 });
    const rows = await parquetRows(q1.path);
    expect(Object.keys(rows[0]!)).toEqual([...expected.columnOrder, "cycle"]);
    for (const name of expected.columnOrder)
      expect(
        rows.map((r) => r[name]),
        name,
      ).toEqual(plainValues(expected.columns[name]!));
    dl.setOutput({ columns: ["waveform"] });
    const waveforms = (await dl.load()).table!.columns.waveform as LgdoTable;
    const wf = await dl.exportTo(join(tmp, "wf.parquet"), { chunkRows: 5 });
    const wfRows = await parquetRows(wf.path);
    expect(wfRows).toHaveLength(waveforms.nRows);
    for (const sub of ["t0", "dt", "values"])
      expect(
        wfRows.map((r) => r[`waveform_${sub}`]),
        sub,
      ).toEqual(plainValues(waveforms.columns[sub]!));
    expect((wfRows[0]!.waveform_values as number[]).length).toBe(8192);
    expect(leftovers()).toEqual([]);
  });

  it("never overwrites without being asked, and an empty selection writes nothing", async () => {
    const dl = await q1Loader();
    const path = join(tmp, "exists.csv");
    writeFileSync(path, "mine");
    await expect(dl.exportTo(path)).rejects.toThrow(/exists \(pass overwrite/);
    expect(readFileSync(path, "utf8")).toBe("mine");
    await dl.exportTo(path, { overwrite: true });
    expect(readFileSync(path, "utf8")).toContain("trapEmax");
    dl.setCuts({ hit: "trapEmax > 1e12" });
    const empty = join(tmp, "empty.lh5");
    await expect(dl.exportTo(empty)).rejects.toThrow(/selection is empty/);
    expect(existsSync(empty)).toBe(false);
    await expect(dl.exportTo(join(tmp, "x.txt"))).rejects.toThrow(/cannot tell the export format/);
    expect(leftovers()).toEqual([]);
  });
});

describe("entry lists on disk and live counts", () => {
  it("writes an entry list to LH5 (pygama never could) and reads it back to the same load", async () => {
    const dl = await q1Loader();
    const path = join(tmp, "entries.lh5");
    const entries = await dl.buildEntryList({
      tcmLevel: "tcm",
      mode: "any",
      saveOutputColumns: true,
      outputFile: path,
    });
    const back = DataLoader.readEntryList(path);
    expect(back.columnNames()).toEqual(entries.columnNames());
    expect(Array.from(back.evtIdx!)).toEqual(Array.from(entries.evtIdx!));
    expect(Array.from(back.tableColumn() as Float64Array)).toEqual(
      Array.from(entries.tableColumn() as Float64Array),
    );
    const a = (await dl.load({ entryList: entries })).table!;
    const b = (await dl.load({ entryList: back })).table!;
    expect(plainValues(b.columns.timestamp!)).toEqual(plainValues(a.columns.timestamp!));
    await expect(dl.buildEntryList({ outputFile: path })).rejects.toThrow(/exists/);
  });

  it("countEntries gives the total and per-channel counts of the cut", async () => {
    const dl = await q1Loader();
    expect(await countEntries(dl)).toEqual({
      total: 14,
      perChannel: { "1084803": 3, "1084804": 8, "1121600": 3 },
    });
  });
});

describe("bad input", () => {
  it("a misspelt cut column lists the columns and near matches, with its position", async () => {
    const dl = await q1Loader();
    let error: unknown;
    try {
      dl.setCuts({ hit: "trapEmx > 5000" });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: "UnknownColumnError", position: 0, end: 7 });
    expect(String(error)).toMatch(/did you mean 'trapEmax'/);
    expect(String(error)).toMatch(/Columns: .*AoE_Classifier/);
  });

  it("a syntax error gives its position; entry-list and array columns are refused", async () => {
    const dl = await q1Loader();
    expect(() => dl.setCuts({ hit: "trapEmax > " })).toThrow(
      expect.objectContaining({ name: "ExpressionError", position: 11 }),
    );
    expect(() => dl.setCuts({ hit: "hit_table == 1084803" })).toThrow(/entry-list column/);
    dl.setFiles("type == 'phy'");
    dl.setDatastreams([1057600], "ch");
    dl.setCuts({ hit: "energies > 1" });
    await expect(dl.buildEntryList()).rejects.toThrow(
      /column 'energies' .* is an array of shape \[10,100\]; cuts need one value per row/,
    );
    expect(() => dl.setCuts({ nolevel: "x > 1" })).toThrow(/cuts must map a level \(hit, tcm, evt\)/);
  });

  it("an unknown output column lists the columns; a column of no selected table is NaN with a warning", async () => {
    const dl = await q1Loader();
    dl.setOutput({ columns: ["timestmp"] });
    await expect(dl.load()).rejects.toThrow(/Unknown column 'timestmp'; did you mean 'timestamp'/);
    dl.setFiles("type == 'cal'");
    dl.setCuts({});
    dl.setOutput({ columns: ["energy_in_pe"] }); // a SiPM column; cal files only have HPGe tables
    const { table, warnings } = await dl.load();
    expect(plainValues(table!.columns.energy_in_pe!).every((v) => Number.isNaN(v))).toBe(true);
    expect(warnings.join()).toMatch(/'energy_in_pe' is in none of the selected tables/);
  });

  it("nothing selected and no output columns are errors; an empty selection warns", async () => {
    const dl = await DataLoader.create(DATALOADER_CONFIG, await testFileDb());
    await expect(dl.buildEntryList()).rejects.toThrow(/call setFiles\(\) first/);
    dl.setFiles("all");
    await expect(dl.load()).rejects.toThrow(/need to set output columns/);
    dl.setFiles("type == 'nothing'");
    expect((await dl.buildEntryList()).length).toBe(0);
    expect(dl.warnings.join()).toMatch(/selection is empty/);
  });
});
