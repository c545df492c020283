// Saved entry lists through the app service on prod-ref-l200: the q1 selection written in pygama's
// entry-list layout (equal to pygama's q1 entry list), opened again as a selection that every view uses
// exactly, and files that do not fit the dataset refused with the file named.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../../../shared/api/jobs.ts";
import type { DataSelection } from "../../../../shared/api/types.ts";
import type { LgdoArray, LgdoTable } from "../../../../shared/lgdo/model.ts";
import { createRealBackend } from "../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../electron/services/app/service.ts";
import { writeEntryList } from "../../../../electron/services/flow/loader/entry-file.ts";
import { EntryList } from "../../../../electron/services/flow/loader/index.ts";
import { initH5 } from "../../../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../../../electron/services/lh5/reader.ts";
import { ACCEPTANCE_DIR, FILEDB_CONFIG, PROD_REF_DIR } from "../../../fixtures/testdata.ts";

const Q1_CHANNELS = [1084803, 1084804, 1121600];
const q1: DataSelection = { rows: [], channels: Q1_CHANNELS, cuts: { hit: "trapEmax > 5000" } };

interface PygamaQ1 {
  file_list: number[];
  filedb: { df: { timestamp: string[] } };
  entry_list: { fields: Record<string, { data: number[] }> };
}
const pygama = JSON.parse(readFileSync(join(ACCEPTANCE_DIR, "q1-hit-cut.json"), "utf8")) as PygamaQ1;

let service: AppService;
let dataDir: string;
let outDir: string;
let timestamps: string[];

function readTable(path: string): LgdoTable {
  const file = Lh5File.open(path);
  try {
    return file.read("entries") as LgdoTable;
  } finally {
    file.close();
  }
}
const numbers = (column: unknown) => Array.from((column as LgdoArray).data as ArrayLike<number>);

beforeAll(async () => {
  await initH5();
  dataDir = mkdtempSync(join(tmpdir(), "lh5el-data-"));
  outDir = mkdtempSync(join(tmpdir(), "lh5el-out-"));
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir,
    backend: createRealBackend(),
    roots: [ACCEPTANCE_DIR, PROD_REF_DIR, outDir],
  });
  await awaitJob(service, await service.openDataset({ path: FILEDB_CONFIG }));
  const page = await service.queryInventory({ offset: 0, limit: 1000 });
  timestamps = page.keys.timestamp!;
});

afterAll(() => {
  service?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe("saveEntryList", () => {
  it("writes q1's entry list in pygama's layout, equal to pygama's q1 entry list (no saved columns)", async () => {
    const path = join(outDir, "q1.lh5");
    const saved = await awaitJob(service, await service.saveEntryList({ selection: q1, outputPath: path }));
    expect(saved).toMatchObject({ outputPath: path, entries: 14 });
    expect(saved.bytes).toBeGreaterThan(0);
    const table = readTable(path);
    expect([...table.columnOrder].sort()).toEqual(["file", "hit_idx", "hit_table"]);
    const expected = pygama.entry_list.fields;
    expect(numbers(table.columns.hit_table)).toEqual(expected.hit_table!.data);
    expect(numbers(table.columns.hit_idx)).toEqual(expected.hit_idx!.data);
    // our `file` is the row in our FileDB, pygama's the position in its file list: the cycles are the same
    const ours = numbers(table.columns.file).map((row) => timestamps[row]);
    expect(ours).toEqual(expected.file!.data.map((f) => pygama.filedb.df.timestamp[f]));
  });

  it("refuses an existing file before any work, and overwrites only when asked", async () => {
    const path = join(outDir, "exists.lh5");
    writeFileSync(path, "keep me");
    await expect(service.saveEntryList({ selection: q1, outputPath: path })).rejects.toMatchObject({
      code: "exists",
    });
    expect(readFileSync(path, "utf8")).toBe("keep me");
    const saved = await awaitJob(
      service,
      await service.saveEntryList({ selection: q1, outputPath: path, overwrite: true }),
    );
    expect(saved.entries).toBe(14);
    expect(readTable(path).nRows).toBe(14);
  });

  it("refuses folders the user did not open, and a cancelled save leaves no file", async () => {
    await expect(
      service.saveEntryList({ selection: q1, outputPath: join(tmpdir(), "not-opened", "x.lh5") }),
    ).rejects.toThrow(/not-opened/);
    const path = join(outDir, "cancelled.lh5");
    const other: DataSelection = { rows: [], channels: [], cuts: { hit: "trapEmax > 4321" } };
    const handle = await service.saveEntryList({ selection: other, outputPath: path });
    await service.cancelJob({ jobId: handle.jobId });
    await expect(awaitJob(service, handle)).rejects.toThrow(/cancel/i);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(existsSync(path)).toBe(false);
  });
});

describe("loadEntryList", () => {
  let q1Path: string;
  beforeAll(async () => {
    q1Path = join(outDir, "q1-load.lh5");
    await awaitJob(service, await service.saveEntryList({ selection: q1, outputPath: q1Path }));
  });

  it("opens a saved list as a selection: counts, histograms and waveform pages use exactly its entries", async () => {
    const loaded = await service.loadEntryList({ path: q1Path });
    expect(loaded).toMatchObject({ path: q1Path, entries: 14, parentLevel: "hit", tcmLevel: null });
    expect(loaded.rows).toHaveLength(4);
    expect([...loaded.channelIds].sort()).toEqual(Q1_CHANNELS);
    // rows, channels and cuts sent along are ignored: the list is the selection
    const selection: DataSelection = {
      rows: [0],
      channels: [1084803],
      cuts: { hit: "trapEmax > 1e9" },
      entryList: loaded.entryListId,
    };
    const count = await awaitJob(service, await service.countEntries({ selection }));
    const direct = await awaitJob(service, await service.countEntries({ selection: q1 }));
    expect(count.total).toBe(14);
    expect([...count.channelIds]).toEqual([...direct.channelIds]);
    expect([...count.channelCounts]).toEqual([...direct.channelCounts]);
    const request = { column: "trapEmax", bins: 40, range: [0, 20000] as [number, number] };
    const fromList = await awaitJob(service, await service.histogram1d({ selection, ...request }));
    const fromCut = await awaitJob(service, await service.histogram1d({ selection: q1, ...request }));
    expect([...fromList.series[0]!.counts]).toEqual([...fromCut.series[0]!.counts]);
    expect(fromList.series[0]!.stats.entries).toBe(14);
    const pageOf = (sel: DataSelection) =>
      service.waveformPage({ selection: sel, columns: ["waveform"], start: 0, count: 20 });
    const [page, cutPage] = [await pageOf(selection), await pageOf(q1)];
    expect(page.totalEntries).toBe(14);
    expect(page.entries.length).toBe(14);
    expect([...page.traces[0]!.values]).toEqual([...cutPage.traces[0]!.values]);
  });

  it("reads lists saved in the app's exports folder (the default place), and nothing outside the allowed folders", async () => {
    const inData = join((await service.getAppInfo()).exportDir, "entries-default.lh5");
    await awaitJob(service, await service.saveEntryList({ selection: q1, outputPath: inData }));
    expect((await service.loadEntryList({ path: inData })).entries).toBe(14);
    await expect(service.loadEntryList({ path: "/etc/passwd" })).rejects.toThrow(/passwd/);
  });

  it("refuses files that are no entry list or do not fit the dataset, naming the file", async () => {
    const junk = join(outDir, "junk.lh5");
    writeFileSync(junk, "not hdf5");
    await expect(service.loadEntryList({ path: junk })).rejects.toThrow(
      /junk\.lh5: not a readable entry list/,
    );
    const make = (file: number[], table: number[]) =>
      new EntryList({
        parentLevel: "hit",
        file: Int32Array.from(file),
        tableCode: new Int32Array(file.length),
        tableIds: table,
        idx: new Int32Array(file.length),
      });
    const farRow = join(outDir, "far-row.lh5");
    writeEntryList(make([9999], [1084803]), farRow);
    await expect(service.loadEntryList({ path: farRow })).rejects.toThrow(
      /far-row\.lh5: entry 0 names cycle 9999/,
    );
    const noTable = join(outDir, "no-table.lh5");
    const q1Row = numbers(readTable(q1Path).columns.file)[0]!;
    writeEntryList(make([q1Row], [42]), noTable);
    await expect(service.loadEntryList({ path: noTable })).rejects.toThrow(/names table 42/);
    const otherLevel = join(outDir, "other-level.lh5");
    writeEntryList(
      new EntryList({
        parentLevel: "psd",
        file: new Int32Array(1),
        tableCode: new Int32Array(1),
        tableIds: [1084803],
        idx: new Int32Array(1),
      }),
      otherLevel,
    );
    await expect(service.loadEntryList({ path: otherLevel })).rejects.toThrow(/level 'psd'/);
    await expect(service.loadEntryList({ path: join(tmpdir(), "elsewhere.lh5") })).rejects.toThrow(
      /elsewhere/,
    );
  });

  it("an unknown entry list id is an error, never all entries", async () => {
    const selection: DataSelection = { rows: [], channels: [], cuts: {}, entryList: "el-unknown" };
    await expect(service.countEntries({ selection })).rejects.toThrow(/load the entry list file again/);
  });
});
