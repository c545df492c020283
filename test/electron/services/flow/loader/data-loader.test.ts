// pygama's tests/flow/test_data_loader.py cases (flow-spec §5.4) and the TCM numbers of §2.5, on the real files.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LgdoArray, LgdoTable, LgdoVectorOfVectors } from "../../../../../shared/lgdo/model.ts";
import { DataLoader } from "../../../../../electron/services/flow/loader/index.ts";
import { DATALOADER_CONFIG, FILEDB_CONFIG } from "../../../../fixtures/testdata.ts";
import { plainValues, testFileDb } from "./acceptance-helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "dataloader-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function loader(): Promise<DataLoader> {
  return DataLoader.create(DATALOADER_CONFIG, await testFileDb());
}

const values = (table: LgdoTable, name: string): unknown[] => plainValues(table.columns[name]!);

describe("pygama test_data_loader cases", () => {
  it("test_init_variants: a folder (config.json), nested file[a/b] and folder[a/b]", async () => {
    const db = await testFileDb();
    const dir = join(tmp, "configs");
    mkdirSync(join(dir, "nested"), { recursive: true });
    symlinkSync(DATALOADER_CONFIG, join(dir, "config.json"));
    const text = JSON.stringify({ nest1: { nest2: { levels: { hit: { tiers: ["raw", "dsp", "hit"] } } } } });
    writeFileSync(join(dir, "nested", "data-loader-config-nested.json"), text);
    writeFileSync(join(dir, "nested", "config.json"), text);
    expect((await DataLoader.create(dir, db)).levels.map((l) => l.name)).toEqual(["hit", "tcm", "evt"]);
    expect(
      (await DataLoader.create(`${dir}/nested/data-loader-config-nested.json[nest1/nest2]`, db)).levels,
    ).toHaveLength(1);
    expect((await DataLoader.create(`${dir}/nested[nest1/nest2]`, db)).levels).toHaveLength(1);
  });

  it("test_simple_load: 180 rows, columns hit_table, hit_idx, file, timestamp in file → table → row order", async () => {
    const dl = await loader();
    dl.setFiles("all");
    dl.setOutput({ columns: ["timestamp"] });
    const { table } = await dl.load();
    expect(table!.columnOrder).toEqual(["hit_table", "hit_idx", "file", "timestamp"]);
    expect(table!.nRows).toBe(180);
    const files = values(table!, "file") as number[];
    expect(files.filter((f) => f === 0)).toHaveLength(30);
    expect(files.filter((f) => f === 3)).toHaveLength(60);
    expect((table!.columns.timestamp as LgdoArray).dtype).toBe("float64");
    expect(values(table!, "hit_idx").slice(0, 11)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
  });

  it("test_simple_chunked_load: chunks of 2 rows give 90 chunks with the same keys", async () => {
    const dl = await loader();
    dl.setFiles("all");
    dl.setOutput({ columns: ["timestamp"] });
    let chunks = 0;
    for await (const chunk of dl.loadIterator({ chunkRows: 2 })) {
      expect(chunk.table!.nRows).toBe(2);
      expect(chunk.table!.columnOrder).toEqual(["hit_table", "hit_idx", "file", "timestamp"]);
      chunks++;
    }
    expect(chunks).toBe(90);
  });

  it("test_load_wfs: waveform tables of 8192 uint16 samples; the pd view flattens them", async () => {
    const dl = await loader();
    dl.setFiles("all");
    dl.setOutput({ columns: ["waveform"] });
    const { table } = await dl.load();
    const wf = table!.columns.waveform as LgdoTable;
    expect(wf.kind).toBe("table");
    const samples = wf.columns.values as LgdoArray;
    expect(samples.shape).toEqual([180, 8192]);
    expect(samples.dtype).toBe("uint16");
    dl.setOutput({ fmt: "pd.DataFrame" });
    const flat = (await dl.load()).table!;
    expect(flat.columnOrder).toEqual([
      "hit_table",
      "hit_idx",
      "file",
      "waveform_t0",
      "waveform_dt",
      "waveform_values",
    ]);
  });

  it("test_no_merge: per-file tables of 30, 30, 60, 60 rows without `file`", async () => {
    const dl = await loader();
    dl.setFiles("all");
    dl.setOutput({ columns: ["timestamp"], mergeFiles: false });
    const { perFile } = await dl.load();
    expect([...perFile!.keys()]).toEqual([0, 1, 2, 3]);
    expect([...perFile!.values()].map((t) => t.nRows)).toEqual([30, 30, 60, 60]);
    expect(perFile!.get(0)!.columnOrder).toEqual(["hit_table", "hit_idx", "timestamp"]);
  });

  it("test_set_files, test_set_keylist: by query and by timestamps; replace vs append", async () => {
    const dl = await loader();
    dl.setFiles("timestamp == '20230318T012144Z'");
    expect(dl.getFileList()).toEqual([0]);
    dl.setFiles(["20230318T012144Z", "20230318T012228Z"]);
    expect(dl.getFileList()).toEqual([0, 1]);
    dl.setFiles("type == 'phy'");
    expect(dl.getFileList()).toEqual([2, 3]);
    dl.setFiles("type == 'cal'", { append: true });
    expect(dl.getFileList()).toEqual([0, 1, 2, 3]);
    expect(() => dl.setFiles([])).toThrow(/empty list/);
    expect(() => dl.setFiles(["20990101T000000Z"])).toThrow(/no cycle with timestamp 20990101T000000Z/);
  });

  it("test_set_datastreams: tables in the given order; ids, names and append", async () => {
    const dl = await loader();
    dl.setFiles("timestamp == '20230318T012144Z'");
    dl.setDatastreams([1084803, 1084804, 1121600], "ch");
    dl.setOutput({ columns: ["eventnumber"], mergeFiles: false });
    const { perFile } = await dl.load();
    const table = perFile!.get(0)!;
    expect(table.nRows).toBe(30);
    expect([...new Set(values(table, "hit_table"))]).toEqual([1084803, 1084804, 1121600]);
    dl.setDatastreams(["ch1121600", "ch1084803/raw"], "ch");
    const entries = await dl.buildEntryList();
    expect([...new Set(Array.from(entries.tableColumn() as Float64Array))]).toEqual([1121600, 1084803]);
    dl.setDatastreams([1121600, 1057600], "ch");
    dl.setDatastreams([1084803], "ch", { append: true });
    dl.setFiles("type == 'phy'");
    expect([...new Set(Array.from((await dl.buildEntryList()).tableColumn() as Float64Array))]).toEqual([
      1057600, 1084803, 1121600,
    ]);
    expect(() => dl.setDatastreams([1], "grpx")).toThrow(/no level uses the table keyword 'grpx'/);
    expect(() => dl.setDatastreams(["V99999Z"], "ch")).toThrow(/not a table id or name/);
  });

  it("test_set_cuts: is_valid_cal == False gives (file 0, row 3) and (file 1, row 7)", async () => {
    const dl = await loader();
    dl.setFiles("type == 'cal'");
    dl.setCuts({ hit: "is_valid_cal == False" });
    dl.setDatastreams([1084803], "ch");
    dl.setOutput({ columns: ["is_valid_cal"] });
    const { table } = await dl.load();
    expect(values(table!, "file")).toEqual([0, 1]);
    expect(values(table!, "hit_idx")).toEqual([3, 7]);
    expect(values(table!, "is_valid_cal")).toEqual([0, 0]);
    // a bare bool column and ~ work too
    dl.setCuts({ hit: "~is_valid_cal" });
    expect((await dl.buildEntryList()).length).toBe(2);
  });

  it("test_setter_overwrite: second pass replaces files, datastreams and cuts", async () => {
    const dl = await loader();
    dl.setFiles("all");
    dl.setDatastreams([1084803, 1084804, 1121600], "ch");
    dl.setCuts({ hit: "trapEmax > 5000" });
    dl.setOutput({ columns: ["trapEmax"] });
    const data = (await dl.load()).table!;
    expect(data.nRows).toBe(14);
    dl.setFiles("timestamp == '20230318T012144Z'");
    dl.setDatastreams([1084803, 1121600], "ch");
    dl.setCuts({ hit: "trapEmax > 0" });
    const data2 = (await dl.load()).table!;
    expect(data2.nRows).toBe(20);
    expect(values(data2, "hit_table")).not.toContain(1084804); // values, not pandas index labels
    expect(new Set(values(data2, "file"))).toEqual(new Set([0]));
    const count = (t: LgdoTable): number => values(t, "hit_table").filter((v) => v === 1084803).length;
    expect([count(data), count(data2)]).toEqual([3, 10]);
  });

  it("test_outputs / test_browse selection: 40 SiPM rows with per-hit arrays", async () => {
    const dl = await loader();
    dl.setFiles("type == 'phy'");
    dl.setDatastreams([1057600, 1059201], "ch");
    dl.setOutput({ fmt: "pd.DataFrame", columns: ["timestamp", "channel", "energies", "energy_in_pe"] });
    const { table } = await dl.load();
    expect(table!.nRows).toBe(40);
    expect((table!.columns.channel as LgdoArray).dtype).toBe("uint32");
    expect(values(table!, "channel")[0]).toBe(135);
    expect((table!.columns.energies as LgdoArray).shape).toEqual([40, 100]);
  });
});

describe("TCM entry lists (flow-spec §2.5 numbers, with pygama's faults fixed)", () => {
  async function phy(): Promise<DataLoader> {
    const dl = await loader();
    dl.setFiles("type == 'phy'");
    return dl;
  }

  it("no cut: 120 entries; events exploded in TCM order with evt_idx per file", async () => {
    const entries = await (await phy()).buildEntryList({ tcmLevel: "tcm" });
    expect(entries.length).toBe(120);
    expect(entries.columnNames()).toEqual(["evt_idx", "hit_table", "hit_idx", "file"]);
    expect(Array.from(entries.evtIdx!.slice(0, 7))).toEqual([0, 0, 0, 0, 0, 0, 1]);
  });

  it("daqenergy == 10221: only → 1 entry, any → 6", async () => {
    const dl = await phy();
    dl.setCuts({ hit: "daqenergy == 10221" });
    const only = await dl.buildEntryList({ tcmLevel: "tcm", mode: "only" });
    expect([only.length, only.file[0], only.evtIdx![0], only.tableIdAt(0), only.idx[0]]).toEqual([
      1, 2, 5, 1084803, 5,
    ]);
    expect((await dl.buildEntryList({ tcmLevel: "tcm", mode: "any" })).length).toBe(6);
  });

  it("trapEmax > 5000: no TCM 10; TCM only 10 (pygama 70: SiPM tables lacking trapEmax are dropped); any 24", async () => {
    const dl = await phy();
    dl.setCuts({ hit: "trapEmax > 5000" });
    expect((await dl.buildEntryList()).length).toBe(10);
    const only = await dl.buildEntryList({ tcmLevel: "tcm", mode: "only" });
    expect(only.length).toBe(10);
    expect(dl.warnings.join("\n")).toMatch(/has no column 'trapEmax'; its entries are dropped/);
    const any = await dl.buildEntryList({ tcmLevel: "tcm", mode: "any" });
    expect(any.length).toBe(24);
    const events = new Set(Array.from(any.evtIdx!, (ev, i) => `${any.file[i]}:${ev}`));
    expect([...events]).toEqual(["2:5", "3:3", "3:6", "3:9"]);
    dl.setDatastreams([1084803, 1084804, 1121600], "ch");
    expect((await dl.buildEntryList({ tcmLevel: "tcm", mode: "any" })).length).toBe(12);
  });

  it("the cal TCM explodes as flow-spec §3.1 shows", async () => {
    const dl = await loader();
    dl.setFiles("timestamp == '20230318T012144Z'");
    const entries = await dl.buildEntryList({ tcmLevel: "tcm" });
    const first = Array.from({ length: 6 }, (_, i) => [
      entries.evtIdx![i],
      entries.tableIdAt(i),
      entries.idx[i],
      entries.file[i],
    ]);
    expect(first).toEqual([
      [0, 1084804, 0, 0],
      [1, 1084803, 0, 0],
      [1, 1121600, 0, 0],
      [2, 1084804, 1, 0],
      [3, 1084804, 2, 0],
      [3, 1121600, 1, 0],
    ]);
  });

  it("evt orientation: one row per event, hit columns as vectors", async () => {
    const dl = await phy();
    dl.setCuts({ hit: "trapEmax > 5000" });
    dl.setOutput({ columns: ["trapEmax", "channel"] });
    const { table } = await dl.load({ orientation: "evt", mode: "any" });
    expect(table!.nRows).toBe(4);
    expect(values(table!, "file")).toEqual([2, 3, 3, 3]);
    expect(values(table!, "evt_idx")).toEqual([5, 3, 6, 9]);
    const channels = table!.columns.channel as LgdoVectorOfVectors;
    expect(channels.kind).toBe("vov");
    expect(plainValues(channels)[0]).toEqual([135, 142, 158, 99, 100, 66]);
    const trap = plainValues(table!.columns.trapEmax!)[0] as number[];
    expect(trap.slice(0, 3).every(Number.isNaN)).toBe(true); // SiPM hits have no trapEmax: NaN, not garbage
    expect(trap[3]).toBeGreaterThan(5000);
  });

  it("rejects a bad mode up front, a missing TCM table and a non-TCM level", async () => {
    const dl = await phy();
    await expect(dl.buildEntryList({ tcmLevel: "tcm", mode: "foo" as "any" })).rejects.toThrow(
      /mode must be 'any' or 'only'/,
    );
    await expect(dl.buildEntryList({ tcmLevel: "tcm", tcmTable: 5 })).rejects.toThrow(
      /TCM table 5 is not in level 'tcm'/,
    );
    await expect(dl.buildEntryList({ tcmLevel: "hit" })).rejects.toThrow(/'hit' is not a TCM level/);
  });
});

describe("standard levels from a FileDB config alone", () => {
  it("hit = raw, dsp, hit; tcm; evt", async () => {
    const dl = await DataLoader.create(FILEDB_CONFIG, await testFileDb());
    expect(dl.levels.map((l) => [l.name, l.tiers])).toEqual([
      ["hit", ["raw", "dsp", "hit"]],
      ["tcm", ["tcm"]],
      ["evt", ["evt"]],
    ]);
  });
});
