// One engine (issue #19): evt cuts and detector names in the cycle workers. On a generated dataset with a TCM,
// an evt tier and a channel map, the engine's entry lists, counts, column values and histograms of selections
// with an evt cut (alone, with a hit cut, with channels, on chosen cycles) equal the DataLoader's
// build_entry_list(tcm_level) and load, entry by entry in event order; selections by detector name, system and
// string equal setDatastreams'; and no DataLoader is opened in the service for them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { awaitJob } from "../../../../../shared/api/jobs.ts";
import type { DataSelection } from "../../../../../shared/api/types.ts";
import { createRealBackend } from "../../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../../electron/services/app/service.ts";
import type { Exploration } from "../../../../../electron/services/app/exploration/index.ts";
import { countPerChannel } from "../../../../../electron/services/app/exploration/counts.ts";
import { entryListsInWorkers } from "../../../../../electron/services/app/exploration/cycle-jobs.ts";
import { cycleWorkers } from "../../../../../electron/services/app/exploration/cycle-workers.ts";
import { generateDataset } from "../../../../../electron/services/generator/index.ts";
import { DataLoader, type EntryList } from "../../../../../electron/services/flow/loader/index.ts";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";

let root: string;
let service: AppService;
let explorer: Exploration;
let loader: DataLoader;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "lh5e-evt-"));
  const dataset = await generateDataset(join(root, "data"), { cycles: 5, channels: 4, events: 120, seed: 7 });
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir: join(root, "app"),
    backend: createRealBackend(),
    roots: [dataset.root],
  });
  await awaitJob(service, await service.openDataset({ path: dataset.filedbConfigPath }));
  explorer = (service as unknown as { exploration(): Exploration }).exploration();
  const db = await FileDB.create(dataset.filedbConfigPath);
  await db.scanTablesColumns();
  loader = await DataLoader.create(null, db, { metadataDir: dataset.metadataDir }); // detector names as the service resolves them
});

afterAll(() => {
  service?.dispose();
  loader?.close();
  rmSync(root, { recursive: true, force: true });
});

const HIT = "cuspEmax_ctc_cal";

const SELECTIONS: [string, DataSelection][] = [
  ["an evt cut alone", { rows: [], channels: [], cuts: { evt: "multiplicity > 1" } }],
  [
    "an evt cut and a hit cut",
    { rows: [], channels: [], cuts: { evt: "(energy_sum > 200) & (lar_veto == 0)", hit: `${HIT} > 300` } },
  ],
  ["an evt cut on two chosen cycles", { rows: [3, 1], channels: [], cuts: { evt: "multiplicity >= 2" } }],
  ["an evt cut nothing passes", { rows: [], channels: [], cuts: { evt: "multiplicity > 1000" } }],
];

/** The DataLoader's entries for a selection, built through the TCM as the exploration used to build them. */
async function loaderEntries(selection: DataSelection, channels: readonly number[] = []): Promise<EntryList> {
  loader.reset();
  if (selection.rows.length > 0) loader.setFileRows(selection.rows);
  else loader.setFiles("all");
  if (channels.length > 0) loader.setDatastreams([...channels]);
  loader.setCuts({ ...selection.cuts });
  return loader.buildEntryList({ tcmLevel: "tcm" });
}

/** Entries as comparable rows: file, table id, row, event. */
function rowsOf(entries: EntryList): string[] {
  return Array.from(
    entries.idx,
    (idx, e) => `${entries.file[e]}:${String(entries.tableIdAt(e))}:${idx}:${entries.evtIdx?.[e]}`,
  );
}

describe("evt cuts in the cycle workers equal the DataLoader through the TCM", () => {
  it.each(SELECTIONS)("%s: entries (event order), counts, values and histogram", async (_name, selection) => {
    const engine = explorer.engine;
    const chosen = engine.select(selection);
    const plan = engine.workerPlan(chosen, [{ column: HIT }]);
    expect(plan?.evt?.cut.text).toBe(selection.cuts.evt);
    const expected = await loaderEntries(selection);
    if (selection.cuts.evt !== "multiplicity > 1000") expect(expected.length).toBeGreaterThan(10);

    const perCycle = await entryListsInWorkers(plan!, {});
    const inWorkers = [...perCycle.values()];
    expect(inWorkers.flatMap(rowsOf)).toEqual(rowsOf(expected));
    expect(inWorkers.every((list) => list.tcmLevel === "tcm" && list.childLevel === "evt")).toBe(true);

    const count = await engine.count(chosen, {});
    const want = countPerChannel([expected]);
    expect(count.total).toBe(expected.length);
    expect([...count.channelIds]).toEqual([...want.channelIds]);
    expect([...count.channelCounts]).toEqual([...want.channelCounts]);

    const [values] = await engine.columns(chosen, [{ column: HIT }]);
    loader.setOutput({ columns: [HIT] });
    const table = (await loader.load({ entryList: expected })).table;
    const column = table?.columns[HIT];
    if (expected.length > 0) {
      if (column?.kind !== "array") throw new Error("expected an array column");
      expect([...values!]).toEqual(Array.from(column.data as ArrayLike<number>, Number));
    } else expect(values!.length).toBe(0);

    const hist = await awaitJob(
      service,
      await service.histogram1d({ selection, column: HIT, bins: 50, range: [0, 3000], splitBy: "channel" }),
    );
    const filled = hist.series.map(
      (s) => s.stats.entries + s.stats.underflow + s.stats.overflow + s.stats.nan,
    );
    expect(filled.reduce((a, b) => a + b, 0)).toBe(expected.length);
  });

  it("an evt cut on chosen channels keeps those channels' hits of the passing events", async () => {
    const all = await service.listChannels({ rows: [] });
    const channels = all.channels.slice(1, 3).map((c) => c.rawid!);
    const selection: DataSelection = { rows: [], channels, cuts: { evt: "multiplicity > 1" } };
    const expected = await loaderEntries(selection, channels);
    expect(expected.length).toBeGreaterThan(0);
    const engine = explorer.engine;
    const plan = engine.workerPlan(engine.select(selection), []);
    const perCycle = await entryListsInWorkers(plan!, {});
    expect([...perCycle.values()].flatMap(rowsOf)).toEqual(rowsOf(expected));
  });

  it("reads no LH5 in the main process through a DataLoader for an evt cut: count, values, histogram, entries", async () => {
    const workers = cycleWorkers();
    workers.warm();
    await vi.waitFor(() => expect(workers.ready).toBe(true), { timeout: 60_000, interval: 50 });
    const create = vi.spyOn(DataLoader, "create");
    try {
      const selection: DataSelection = {
        rows: [],
        channels: [],
        cuts: { evt: "multiplicity >= 2", hit: `${HIT} > 50` },
      };
      const count = await awaitJob(service, await service.countEntries({ selection }));
      expect(count.total).toBeGreaterThan(0);
      await awaitJob(
        service,
        await service.histogram1d({ selection, column: HIT, bins: 20, splitBy: "none" }),
      );
      const entries = await explorer.entryList(selection);
      expect(entries.length).toBe(count.total);
      expect(entries.evtIdx?.length).toBe(count.total);
      const [values] = await explorer.engine.columns(explorer.engine.select(selection), [{ column: HIT }]);
      expect(values!.length).toBe(count.total);
      expect(create).not.toHaveBeenCalled();
    } finally {
      create.mockRestore();
    }
  });
});

describe("detector names, systems and strings resolve per cycle without a DataLoader", () => {
  /** Channel words of the generated channel map: two detector names and a string of detectors. */
  async function words(): Promise<(string | number)[][]> {
    const list = await service.listChannels({ rows: [] });
    const named = list.channels.filter((c) => c.name !== null);
    const string = named.find((c) => c.string !== null)!.string!;
    return [
      [named[0]!.name!, named[2]!.name!],
      ["geds"],
      [`string:${string}`],
      [named[1]!.name!, named[3]!.rawid!],
    ];
  }

  it("equals the loader's entries for hit and evt cuts, and opens no loader", async () => {
    for (const channels of await words()) {
      const cutsList: DataSelection["cuts"][] = [{ hit: `${HIT} > 100` }, { evt: "multiplicity > 1" }];
      for (const cuts of cutsList) {
        const selection: DataSelection = { rows: [], channels, cuts };
        loader.reset();
        loader.setFiles("all");
        loader.setDatastreams(channels);
        loader.setCuts({ ...cuts });
        const expected = await loader.buildEntryList(cuts.evt ? { tcmLevel: "tcm" } : {});
        expect(expected.length).toBeGreaterThan(0);
        const create = vi.spyOn(DataLoader, "create");
        try {
          const engine = explorer.engine;
          const chosen = engine.select(selection);
          const plan = engine.workerPlan(chosen, []);
          expect(plan?.tablesByRow?.size).toBe(chosen.rows.length);
          const perCycle = await entryListsInWorkers(plan!, {});
          expect([...perCycle.values()].flatMap(rowsOf), JSON.stringify(selection)).toEqual(rowsOf(expected));
          expect((await engine.count(chosen, {})).total).toBe(expected.length);
          expect(create).not.toHaveBeenCalled();
        } finally {
          create.mockRestore();
        }
      }
    }
  });

  it("leaves a word the channel map does not know to the loader's path, which names it", async () => {
    const engine = explorer.engine;
    const chosen = engine.select({ rows: [], channels: ["V99999Z"], cuts: {} });
    expect(engine.workerPlan(chosen, [])).toBeNull();
    await expect(engine.count(chosen, {})).rejects.toThrow(/V99999Z/);
  });
});
