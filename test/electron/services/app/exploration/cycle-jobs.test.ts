// The cycle workers' counts, histograms and column values on the real prod-ref-l200 files equal the
// DataLoader's: heterogeneous cycles (a cycle without raw file, tables lacking a cut column, a column only
// some tables have, columns in several tiers), channel subsets and file queries.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { awaitJob } from "../../../../../shared/api/jobs.ts";
import type { DataSelection, Histogram1d } from "../../../../../shared/api/types.ts";
import { createRealBackend } from "../../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../../electron/services/app/service.ts";
import { ExplorationContext } from "../../../../../electron/services/app/exploration/context.ts";
import { ColumnValueCache } from "../../../../../electron/services/app/exploration/column-cache.ts";
import {
  countInWorkers,
  entryListsInWorkers,
  histogramInWorkers,
  valuesInWorkers,
} from "../../../../../electron/services/app/exploration/cycle-jobs.ts";
import { SelectionEngine } from "../../../../../electron/services/app/exploration/engine.ts";
import { cycleWorkers } from "../../../../../electron/services/app/exploration/cycle-workers.ts";
import {
  clearCycleState,
  countCycles,
  cycleCacheBytes,
  histogramCycles,
  settleStagedColumns,
  stagedColumnBytes,
} from "../../../../../electron/services/app/exploration/cycle-work.ts";
import { countPerChannel } from "../../../../../electron/services/app/exploration/counts.ts";
import { histogram1dOnLoader } from "../../../../../electron/services/app/exploration/histograms.ts";
import {
  EntryListCache,
  buildForRow,
  prepareSelection,
} from "../../../../../electron/services/app/exploration/selection.ts";
import { DataLoader } from "../../../../../electron/services/flow/loader/index.ts";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";
import { getH5, initH5 } from "../../../../../electron/services/lh5/h5.ts";
import { ACCEPTANCE_DIR, FILEDB_CONFIG, PROD_REF_DIR } from "../../../../fixtures/testdata.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let dataDir: string;
let service: AppService;
let ctx: ExplorationContext;
let loader: DataLoader;

beforeAll(async () => {
  await initH5();
  dataDir = mkdtempSync(join(tmpdir(), "lh5e-cycles-"));
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir,
    backend: createRealBackend(),
    roots: [ACCEPTANCE_DIR, PROD_REF_DIR],
  });
  const info = await awaitJob(service, await service.openDataset({ path: FILEDB_CONFIG }));
  const db = await FileDB.create(FILEDB_CONFIG);
  await db.scanTablesColumns();
  loader = await DataLoader.create(null, db);
  ctx = new ExplorationContext(info, {
    db,
    tiers: db.tiers,
    keyNames: db.keyNames,
    nRows: db.nRows,
    dataDir: db.config.dataDir,
    problems: [],
    tablesScanned: true,
    config: null,
    column: (name: string) => db.column(name),
    query: (q: string) => db.query(q),
  } as unknown as ConstructorParameters<typeof ExplorationContext>[1]); // the service's FileDB adapter shape
});

afterAll(() => {
  service?.dispose();
  loader?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const SELECTIONS: [string, DataSelection][] = [
  ["every cycle and channel, no cut", { rows: [], channels: [], cuts: {} }],
  [
    "a cut on a column only the geds tables have",
    { rows: [], channels: [], cuts: { hit: "cuspEmax_ctc_cal > 100" } },
  ],
  [
    "three channels out of order and a dsp cut",
    { rows: [], channels: [1121600, 1084803, 1084804], cuts: { hit: "trapEmax > 1000" } },
  ],
  [
    "channels absent from some cycles (one from all), no cut",
    { rows: [], channels: [1057600, 1084803, 999], cuts: {} },
  ],
  ["phy cycles by file query", { rows: [], fileQuery: "type == 'phy'", channels: [], cuts: {} }],
  [
    "chosen rows with a compound cut",
    { rows: [4, 1], channels: [], cuts: { hit: "(trapEmax > 200) & (timestamp > 0)" } },
  ],
];

/** The DataLoader set up as the service sets it up for a selection. */
function loaderFor(selection: DataSelection, columns: string[]): DataLoader {
  loader.reset();
  if (selection.rows.length > 0) loader.setFileRows(selection.rows);
  else if (selection.fileQuery) loader.setFiles(selection.fileQuery);
  else loader.setFiles("all");
  if (selection.channels.length > 0) loader.setDatastreams(selection.channels);
  if (selection.cuts.hit) loader.setCuts({ hit: selection.cuts.hit });
  if (columns.length > 0) loader.setOutput({ columns });
  return loader;
}

/** The selection as the engine makes it (parsed and checked once). */
function select(selection: DataSelection) {
  return new SelectionEngine(ctx).select(selection);
}

/** What the engine hands the cycle workers for a selection and columns, or null (the loader's path). */
function planOf(selection: DataSelection, columns: { column: string; tier?: string }[] = []) {
  const engine = new SelectionEngine(ctx);
  return engine.workerPlan(engine.select(selection), columns);
}

function plan(selection: DataSelection, columns: string[] = []) {
  const found = planOf(
    selection,
    columns.map((column) => ({ column })),
  );
  if (!found) throw new Error("expected the cycle workers to cover this selection");
  return found;
}

/** The arguments every cycle task gets for a plan (as runShares sends them to one worker). */
function cycleTaskArgs(found: Awaited<ReturnType<typeof plan>>) {
  return {
    scope: found.scope,
    catalog: found.catalog.toData(found.rows),
    level: found.level,
    rows: found.rows,
    tables: found.tables,
    cut: found.cut,
    evt: found.evt,
  };
}

describe("the engine's choice of path", () => {
  it("checks an evt cut's columns first, resolves detector names per cycle, and leaves other levels' columns to the loader's path", () => {
    // (an evt cut is checked against the evt level's columns first; these files have none)
    expect(() => select({ rows: [], channels: [], cuts: { evt: "x > 1" } })).toThrow(/Unknown column 'x'/);
    expect(planOf({ rows: [], channels: ["V00048B"], cuts: {} })?.tablesByRow?.size).toBe(ctx.fileDb.nRows);
    expect(planOf({ rows: [], channels: ["V99999Z"], cuts: {} })).toBeNull();
    expect(planOf({ rows: [], channels: [], cuts: {} }, [{ column: "trapEmax" }])).not.toBeNull();
  });

  it("checks a selection, plans it and counts it in the workers without opening a DataLoader", async () => {
    const create = vi.spyOn(DataLoader, "create");
    try {
      const engine = new SelectionEngine(ctx);
      const selection = engine.select({ rows: [], channels: [1084803], cuts: { hit: "trapEmax > 1000" } });
      expect(selection.hitCut?.columns).toEqual(["trapEmax"]);
      const count = await engine.count(selection, {});
      expect(count.total).toBeGreaterThan(0);
      expect(create).not.toHaveBeenCalled();
    } finally {
      create.mockRestore();
    }
  });

  it("rejects a cut typo and an unknown column as the loader does", async () => {
    expect(() => select({ rows: [], channels: [], cuts: { hit: "trapEmx > 1" } })).toThrow(/trapEmx/);
    const engine = new SelectionEngine(ctx);
    await expect(
      engine.columns(engine.select({ rows: [], channels: [], cuts: {} }), [{ column: "nosuchcolumn" }]),
    ).rejects.toThrow(/nosuchcolumn/);
  });
});

describe.each(SELECTIONS)("%s", (_name, selection) => {
  it("counts per channel equal the loader's entry lists", async () => {
    const count = await countInWorkers(plan(selection), {});
    const reference = countPerChannel(
      (await new EntryListCache(ctx).build(select(selection))).perFile.values(),
    );
    expect(count.total).toBe(reference.total);
    expect([...count.channelIds]).toEqual([...reference.channelIds]);
    expect([...count.channelCounts]).toEqual([...reference.channelCounts]);
    const entries = await loaderFor(selection, []).buildEntryList();
    expect(count.total).toBe(entries.length);
  });

  it("entry lists equal the loader's, cycle by cycle", async () => {
    const lists = await entryListsInWorkers(plan(selection), {});
    const prepared = await prepareSelection(ctx, select(selection));
    try {
      const expected = new Map<number, Awaited<ReturnType<typeof buildForRow>>>();
      for (const row of prepared.rows) {
        const entries = await buildForRow(prepared, row);
        if (entries.length > 0) expected.set(row, entries);
      }
      expect([...lists.keys()]).toEqual([...expected.keys()]);
      for (const [row, entries] of expected) {
        const mine = lists.get(row)!;
        expect(mine.parentLevel).toBe(entries.parentLevel);
        expect([...mine.tableIds]).toEqual([...entries.tableIds]);
        expect([...mine.file]).toEqual([...entries.file]);
        expect([...mine.tableCode]).toEqual([...entries.tableCode]);
        expect([...mine.idx]).toEqual([...entries.idx]);
        expect(mine.columnNames()).toEqual(entries.columnNames());
      }
    } finally {
      prepared.loader.close();
    }
  });

  it("column values equal load's rows, NaN where a table lacks the column", async () => {
    const columns = ["cuspEmax_ctc_cal", "trapEmax", "timestamp"];
    const { values } = await valuesInWorkers(plan(selection, columns), columns, {});
    const table = (await loaderFor(selection, columns).load()).table!;
    columns.forEach((name, c) => {
      const column = table.columns[name]!;
      if (column.kind !== "array") throw new Error(`${name} is not an array`);
      expect(values[c]!.length).toBe(table.nRows);
      expect([...values[c]!]).toEqual([...(column.data as Float64Array)].map(Number));
    });
  });

  it.each(["none", "channel", "file"] as const)(
    "1D histogram split by %s equals the loader path",
    async (splitBy) => {
      for (const range of [[0, 5000] as [number, number], undefined]) {
        const req = { selection, column: "cuspEmax_ctc_cal", bins: 37, splitBy, ...(range ? { range } : {}) };
        const fast = await new SelectionEngine(ctx).histogram1d(select(selection), req, {});
        const general = await histogram1dOnLoader(
          ctx,
          new EntryListCache(ctx),
          new ColumnValueCache(),
          select(selection),
          req,
          {},
        );
        expectSameHistogram(fast, general);
      }
    },
  );
});

function expectSameHistogram(fast: Histogram1d, general: Histogram1d): void {
  expect([...fast.edges]).toEqual([...general.edges]);
  expect(fast.units).toBe(general.units);
  expect(fast.series.map((s) => s.label)).toEqual(general.series.map((s) => s.label));
  fast.series.forEach((series, k) => {
    const other = general.series[k]!;
    expect([...series.counts]).toEqual([...other.counts]);
    const { mean, std, ...counts } = series.stats;
    const { mean: otherMean, std: otherStd, ...otherCounts } = other.stats;
    expect(counts).toEqual(otherCounts);
    if (Number.isNaN(otherMean)) expect(mean).toBeNaN();
    else expect(mean).toBeCloseTo(otherMean, 6);
    if (Number.isNaN(otherStd)) expect(std).toBeNaN();
    else expect(std).toBeCloseTo(otherStd, 6);
  });
}

describe("the worker path", () => {
  it("has entries: the fixture's histograms are not empty", async () => {
    const found = await histogramInWorkers(
      plan({ rows: [], channels: [], cuts: {} }, ["trapEmax"]),
      { column: "trapEmax", bins: 10, splitBy: "none" },
      {},
    );
    expect(found.result.stats[0]!.total).toBeGreaterThan(100);
  });

  it("refuses a column that is not one number per row, naming it", async () => {
    const selection: DataSelection = { rows: [3], channels: [], cuts: {} };
    const job = service.histogram1d({ selection, column: "waveform", bins: 10 });
    await expect(awaitJob(service, await job)).rejects.toThrow(/waveform.*not a scalar numeric column/);
  });

  it("a cut on a column that is not one number per row fails with the cut's span, as the loader's does", async () => {
    const selection: DataSelection = { rows: [3], channels: [], cuts: { hit: "energies > 5" } };
    const handle = await service.countEntries({ selection });
    const error = await awaitJob(service, handle).then(
      () => null,
      (e: unknown) => e as { name: string; message: string; position?: number; end?: number },
    );
    expect(error?.name).toBe("ExpressionTypeError");
    expect(error?.message).toMatch(/energies/);
    expect([error?.position, error?.end]).toEqual([0, "energies".length]);
  });

  it("aligned columns for the linked view come from the workers and are cached", async () => {
    const selection: DataSelection = { rows: [], channels: [], cuts: { hit: "trapEmax > 1000" } };
    const engine = new SelectionEngine(ctx);
    const [first] = await engine.columns(engine.select(selection), [{ column: "trapEmax" }]);
    const [again] = await engine.columns(engine.select(selection), [{ column: "trapEmax" }]);
    expect(again).toBe(first);
    expect(first!.every((v) => v > 1000)).toBe(true);
  });

  it("an automatic range is found once: a redraw with other bins or split runs only the binning pass", async () => {
    const workers = cycleWorkers();
    const run = vi.spyOn(workers, "run");
    try {
      const engine = new SelectionEngine(ctx);
      const selection: DataSelection = { rows: [], channels: [], cuts: { hit: "trapEmax > 700" } };
      const passes = () => run.mock.calls.filter(([fn]) => fn === "exploreHistogram").length;
      const first = await engine.histogram1d(
        engine.select(selection),
        { selection, column: "trapEmax", bins: 30 },
        {},
      );
      expect(passes()).toBe(2); // the extent, then the bins
      const req = { selection, column: "trapEmax", bins: 45, splitBy: "channel" as const };
      const redraw = await engine.histogram1d(engine.select(selection), req, {});
      expect(passes()).toBe(3);
      expect(first.series[0]!.stats.entries).toBeGreaterThan(0);
      expectSameHistogram(
        redraw,
        await new SelectionEngine(ctx).histogram1d(engine.select(selection), req, {}),
      );
    } finally {
      run.mockRestore();
    }
  });

  it("a rebinned histogram reuses the columns and masks cached in the worker", () => {
    const found = plan({ rows: [], channels: [], cuts: { hit: "trapEmax > 500" } }, ["trapEmax"]);
    const args = { ...cycleTaskArgs(found), column: "trapEmax", splitBy: "none" as const };
    const none = () => undefined;
    const first = histogramCycles({ ...args, bins: 10, range: [0, 20000] }, none, none);
    const bytes = cycleCacheBytes();
    expect(bytes).toBeGreaterThan(0);
    const second = histogramCycles({ ...args, bins: 20, range: [0, 20000] }, none, none);
    expect(cycleCacheBytes()).toBe(bytes);
    const sum = (r: typeof first) => r.groups[0]!.state.counts.reduce((a, b) => a + b, 0);
    expect(sum(second)).toBe(sum(first));
    expect(second.cycles).toEqual(first.cycles);
  });

  it("a first histogram bins its column in the staging arena; the column is cached once settled", async () => {
    const selection: DataSelection = { rows: [], channels: [], cuts: { hit: "trapEmax > 500" } };
    const found = plan(selection, ["trapTmax"]);
    const args = {
      ...cycleTaskArgs(found),
      column: "trapTmax",
      splitBy: "channel" as const,
      bins: 40,
      range: [0, 60000] as [number, number],
    };
    const none = () => undefined;
    try {
      histogramCycles(args, none, none); // the cut column and mask are cached; trapTmax is staged
      const cached = cycleCacheBytes();
      expect(stagedColumnBytes()).toBeGreaterThan(0);
      const staged = histogramCycles(args, none, none); // served from the arena, not read again
      expect(cycleCacheBytes()).toBe(cached);
      settleStagedColumns();
      expect(stagedColumnBytes()).toBe(0);
      expect(cycleCacheBytes()).toBeGreaterThan(cached);
      const settled = histogramCycles(args, none, none);
      expect(settled).toEqual(staged);
      // and the same bins as the loader's path
      const viaLoader = await histogram1dOnLoader(
        ctx,
        new EntryListCache(ctx),
        new ColumnValueCache(),
        select(selection),
        { selection, column: "trapTmax", bins: 40, range: [0, 60000], splitBy: "channel" },
        {},
      );
      const total = (counts: ArrayLike<number>[]) =>
        counts.reduce((sum, c) => sum + Array.from(c).reduce((a, b) => a + b, 0), 0);
      expect(total(staged.groups.map((g) => g.state.counts))).toBe(
        total(viaLoader.series.map((s) => s.counts)),
      );
      expect(total(viaLoader.series.map((s) => s.counts))).toBeGreaterThan(0);
    } finally {
      clearCycleState();
    }
  });

  it("staged columns move into the cache by themselves a little after their histogram", async () => {
    const found = plan({ rows: [], channels: [], cuts: {} }, ["trapTmax"]);
    const none = () => undefined;
    try {
      const args = { ...cycleTaskArgs(found), column: "trapTmax", splitBy: "none" as const, bins: 10 };
      const staged = histogramCycles({ ...args, range: [0, 60000] }, none, none);
      expect(stagedColumnBytes()).toBeGreaterThan(0);
      const cached = cycleCacheBytes();
      await vi.waitFor(() => expect(stagedColumnBytes()).toBe(0), { timeout: 5000, interval: 20 });
      expect(cycleCacheBytes()).toBeGreaterThan(cached);
      expect(histogramCycles({ ...args, range: [0, 60000] }, none, none)).toEqual(staged);
    } finally {
      clearCycleState();
    }
  });

  it("a staged column used by a cut is moved into the cache first, so later reads cannot detach it", () => {
    const found = plan({ rows: [], channels: [], cuts: {} }, ["trapTmax"]);
    const none = () => undefined;
    const cut = select({
      rows: [],
      channels: [],
      cuts: { hit: "(trapTmax > 100) & (trapEmax > 500)" },
    }).hitCut;
    try {
      const expected = countCycles({ ...cycleTaskArgs(found), cut }, none, none); // every column read plainly
      clearCycleState();
      const hist = { ...cycleTaskArgs(found), column: "trapTmax", splitBy: "none" as const, bins: 10 };
      histogramCycles({ ...hist, range: [0, 60000] }, none, none); // trapTmax staged
      expect(stagedColumnBytes()).toBeGreaterThan(0);
      const before = cycleCacheBytes();
      const { module } = getH5();
      const grow = module._malloc(module.HEAPU8.buffer.byteLength); // the wasm memory grows: old views detach
      module._free(grow);
      const counted = countCycles({ ...cycleTaskArgs(found), cut }, none, none);
      expect(counted).toEqual(expected);
      expect(stagedColumnBytes()).toBe(0); // every staged piece the cut used was moved into the cache
      expect(cycleCacheBytes()).toBeGreaterThan(before);
      expect(counted.cycles.some((c) => c.counts.some((n) => n > 0))).toBe(true);
    } finally {
      clearCycleState();
    }
  });

  it("a cancelled histogram ends as cancelled", async () => {
    const selection: DataSelection = { rows: [], channels: [], cuts: { hit: "trapEmax > 3" } };
    const handle = await service.histogram1d({ selection, column: "trapTmax", bins: 10 });
    await service.cancelJob({ jobId: handle.jobId });
    expect((await service.getJob({ jobId: handle.jobId })).state).toBe("cancelled");
  });
});
