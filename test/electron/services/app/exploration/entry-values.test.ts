// Values of a selected hit across tiers, evt included: the evt value is read at the hit's event found
// through the TCM, equal to what the DataLoader loads for a TCM entry list and to the evt file's row.
// On a generated dataset (prod-ref-l200 has no evt tier).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../../../../shared/api/jobs.ts";
import type { DataSelection } from "../../../../../shared/api/types.ts";
import {
  eventIndices,
  eventLevelOf,
  loadAligned,
} from "../../../../../electron/services/app/exploration/entry-values.ts";
import { LruMap } from "../../../../../electron/services/app/exploration/selection.ts";
import { createRealBackend } from "../../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../../electron/services/app/service.ts";
import { DataLoader, EntryList } from "../../../../../electron/services/flow/loader/index.ts";
import { generateDataset, type GeneratedDataset } from "../../../../../electron/services/generator/index.ts";
import { Lh5File } from "../../../../../electron/services/lh5/reader.ts";

let root: string;
let dataset: GeneratedDataset;
let loader: DataLoader;
let service: AppService;
let evtColumn: string;
/** Every hit through the TCM, with its event: the loader's own mapping. */
let viaTcm: EntryList;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "lh5e-evtvalues-"));
  dataset = await generateDataset(join(root, "data"), { cycles: 2, channels: 3, events: 40, seed: 5 });
  loader = await DataLoader.create(null, dataset.filedbConfigPath);
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir: join(root, "app"),
    backend: createRealBackend(),
    roots: [dataset.root],
  });
  await awaitJob(service, await service.openDataset({ path: dataset.filedbConfigPath }));
  const columns = await service.listColumns({ rows: [], tiers: ["evt"] });
  evtColumn = columns.find((c) => c.lgdoType === "array<1>{real}" && c.dtype !== "bool")!.name;
  loader.setFiles("all");
  viaTcm = await loader.buildEntryList({ tcmLevel: "tcm" });
});

afterAll(() => {
  service?.dispose();
  loader?.close();
  rmSync(root, { recursive: true, force: true });
});

/** The hit-level entry list of the same hits as `viaTcm` (no event numbers). */
function hitsOnly(list: EntryList): EntryList {
  return new EntryList({
    parentLevel: list.parentLevel,
    file: list.file,
    tableCode: list.tableCode,
    tableIds: [...list.tableIds],
    idx: list.idx,
  });
}

describe("evt values through the TCM", () => {
  it("finds each hit's event in its cycle's TCM, as build_entry_list(tcm_level) does", () => {
    expect(viaTcm.length).toBeGreaterThan(20);
    const levels = eventLevelOf(loader, "hit")!;
    expect(levels.child.name).toBe("evt");
    const found = eventIndices(loader, hitsOnly(viaTcm), levels.tcm, new LruMap(2));
    expect([...found]).toEqual([...viaTcm.evtIdx!]);
  });

  it("reads the evt column at the hit's event, equal to load's and to the evt file's row", async () => {
    const hits = hitsOnly(viaTcm);
    const [aligned] = await loadAligned(loader, hits, [evtColumn]);
    expect(aligned!.values.some(Number.isNaN)).toBe(false);
    expect(new Set(aligned!.values).size).toBeGreaterThan(1);
    loader.setFiles("all");
    loader.setOutput({ columns: [evtColumn] });
    const loaded = (await loader.load({ entryList: viaTcm })).table!.columns[evtColumn]!;
    if (loaded.kind !== "array") throw new Error("not an array");
    expect([...aligned!.values]).toEqual(Array.from(loaded.data as ArrayLike<number>, Number));
    // one entry checked against the file itself: evt table row = its event number
    const k = hits.length - 1;
    const path = loader.db.filePath(hits.file[k]!, "evt")!;
    const file = Lh5File.open(path);
    try {
      const tables = (loader.db.column("evt_tables") as unknown as (string | number)[][])[hits.file[k]!]!;
      const values = tables.flatMap((tb) => {
        const table = loader.getTableName("evt", tb);
        if (!file.tableColumns(table).includes(evtColumn)) return [];
        const column = file.read(`${table}/${evtColumn}`, { indices: [viaTcm.evtIdx![k]!] });
        return column.kind === "array" ? [Number((column.data as ArrayLike<number>)[0])] : [];
      });
      expect(values).toEqual([aligned!.values[k]]);
    } finally {
      file.close();
    }
  });

  it("shows evt values in a waveform page's legend (the values table), next to hit values", async () => {
    const selection: DataSelection = { rows: [], channels: [], cuts: {} };
    const page = await service.waveformPage({
      selection,
      columns: [],
      start: 3,
      count: 1,
      legendColumns: ["cuspEmax_ctc_cal", evtColumn],
    });
    loader.reset();
    loader.setFiles("all");
    const entries = await loader.buildEntryList();
    const one = entries.take(Int32Array.of(3));
    const [hit, evt] = await loadAligned(loader, one, ["cuspEmax_ctc_cal", evtColumn]);
    expect(page.legend.cuspEmax_ctc_cal!.values[0]).toBe(hit!.values[0]);
    expect(Number.isNaN(evt!.values[0]!)).toBe(false);
    expect(page.legend[evtColumn]!.values[0]).toBe(evt!.values[0]);
  });
});
