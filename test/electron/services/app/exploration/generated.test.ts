// The exploration service on a small generated dataset (encoded waveforms, evt cuts through the TCM):
// counts and histograms equal the DataLoader's, cancellation stops work between files, exports read back.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../../../../shared/api/jobs.ts";
import type { DataSelection, JobProgress } from "../../../../../shared/api/types.ts";
import { createRealBackend } from "../../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../../electron/services/app/service.ts";
import type { JobManager } from "../../../../../electron/services/app/jobs.ts";
import { ExplorationContext } from "../../../../../electron/services/app/exploration/context.ts";
import { EntryListCache } from "../../../../../electron/services/app/exploration/selection.ts";
import { Selection } from "../../../../../electron/services/app/exploration/selection-value.ts";
import { generateDataset, type GeneratedDataset } from "../../../../../electron/services/generator/index.ts";
import { DataLoader } from "../../../../../electron/services/flow/loader/index.ts";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";
import { Lh5File } from "../../../../../electron/services/lh5/reader.ts";

const CYCLES = 6;
let root: string;
let dataset: GeneratedDataset;
let service: AppService;
let loader: DataLoader;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "lh5e-gen-"));
  dataset = await generateDataset(join(root, "data"), {
    cycles: CYCLES,
    channels: 3,
    events: 80,
    seed: 11,
    encode: "uleb128",
  });
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir: join(root, "app"),
    backend: createRealBackend(),
    roots: [dataset.root],
  });
  await awaitJob(service, await service.openDataset({ path: dataset.filedbConfigPath }));
  const db = await FileDB.create(dataset.filedbConfigPath);
  await db.scanTablesColumns();
  loader = await DataLoader.create(null, db);
});

afterAll(() => {
  service?.dispose();
  loader?.close();
  rmSync(root, { recursive: true, force: true });
});

const all: DataSelection = { rows: [], channels: [], cuts: {} };

describe("on a generated dataset", () => {
  it("evt orientation: hit_idx is the list of each event's hits, though the evt tier has a hit_idx of its own", async () => {
    loader.reset();
    loader.setFiles("all");
    loader.setOutput({ columns: ["cuspEmax_ctc_cal"] });
    expect(loader.getTiersForCol(["hit_idx"]).evt).toEqual(["hit_idx"]);
    const entries = await loader.buildEntryList({ tcmLevel: "tcm" });
    const { table } = await loader.load({ entryList: entries, orientation: "evt" });
    const hitIdx = table!.columns.hit_idx!;
    const energies = table!.columns.cuspEmax_ctc_cal!;
    if (hitIdx.kind !== "vov" || energies.kind !== "vov") throw new Error("expected vectors per event");
    expect([...hitIdx.cumulativeLength]).toEqual([...energies.cumulativeLength]);
    expect(hitIdx.cumulativeLength.at(-1)).toBe(entries.length);
  });

  it("counts a hit cut as build_entry_list does", async () => {
    const selection: DataSelection = { rows: [], channels: [], cuts: { hit: "cuspEmax_ctc_cal > 500" } };
    const count = await awaitJob(service, await service.countEntries({ selection }));
    loader.reset();
    loader.setFiles("all");
    loader.setCuts({ hit: "cuspEmax_ctc_cal > 500" });
    const entries = await loader.buildEntryList();
    expect(entries.length).toBeGreaterThan(0);
    expect(count.total).toBe(entries.length);
  });

  it("counts an evt cut through the TCM as build_entry_list(tcm_level) does", async () => {
    const columns = await service.listColumns({ rows: [], tiers: ["evt"] });
    const evtColumn = columns.find((c) => c.dtype !== null && c.lgdoType === "array<1>{real}")?.name;
    expect(evtColumn).toBeDefined();
    const cut = `${evtColumn} >= 0`;
    const selection: DataSelection = { rows: [], channels: [], cuts: { evt: cut } };
    const count = await awaitJob(service, await service.countEntries({ selection }));
    loader.reset();
    loader.setFiles("all");
    loader.setCuts({ evt: cut });
    const entries = await loader.buildEntryList({ tcmLevel: "tcm" });
    expect(count.total).toBe(entries.length);
  });

  it("lists channels with names from the generated channel map and entries equal to the loader's", async () => {
    const list = await service.listChannels({ rows: [] });
    expect(list.metadataFound).toBe(true);
    expect(list.channels.length).toBeGreaterThanOrEqual(3);
    expect(list.channels.every((c) => c.name !== null && c.system !== null)).toBe(true);
    loader.reset();
    loader.setFiles("all");
    const entries = await loader.buildEntryList();
    expect(list.entries.reduce((a, b) => a + b, 0)).toBe(entries.length);
  });

  it("reports progress per file and stops between files when cancelled", async () => {
    const ctx = new ExplorationContext((await service.getDataset())!, fileDbHolder(loader.db));
    const cache = new EntryListCache(ctx);
    const controller = new AbortController();
    const seen: JobProgress[] = [];
    const selection = Selection.of(ctx, { rows: [], channels: [], cuts: { hit: "cuspEmax_ctc_cal > 1" } });
    const run = cache.build(selection, {
      signal: controller.signal,
      progress: (p) => {
        seen.push(p);
        if (p.done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/cancelled|aborted/);
    expect(seen.at(-1)!.done).toBe(2);
    expect(seen.at(-1)!.total).toBe(CYCLES);
    // nothing half-built is cached
    expect(cache.cached(selection)).toBeUndefined();
  });

  it("fills a histogram split by file, entries equal to load's rows per file", async () => {
    const hist = await awaitJob(
      service,
      await service.histogram1d({ selection: all, column: "cuspEmax_ctc_cal", bins: 100, splitBy: "file" }),
    );
    expect(hist.series.length).toBe(CYCLES);
    loader.reset();
    loader.setFiles("all");
    loader.setOutput({ columns: ["cuspEmax_ctc_cal"] });
    const table = (await loader.load()).table!;
    const total = hist.series.reduce(
      (n, s) => n + s.stats.entries + s.stats.underflow + s.stats.overflow + s.stats.nan,
      0,
    );
    expect(total).toBe(table.nRows);
  });

  it("decodes encoded waveforms exactly as Lh5File.read(decode) does", async () => {
    const page = await service.waveformPage({ selection: all, columns: ["waveform"], start: 60, count: 10 });
    loader.reset();
    loader.setFiles("all");
    const entries = await loader.buildEntryList();
    const trace = page.traces[0]!;
    for (let k = 0; k < 10; k++) {
      const e = 60 + k;
      const file = Lh5File.open(loader.db.filePath(entries.file[e]!, "raw")!);
      const wf = file.read(`${loader.db.getTableName("raw", entries.tableIdAt(e))}/waveform`, {
        indices: [entries.idx[e]!],
        decode: true,
      });
      file.close();
      if (wf.kind !== "table" || wf.columns.values?.kind !== "array")
        throw new Error("not a decoded waveform table");
      expect([...trace.values.subarray(k * trace.nSamples, (k + 1) * trace.nSamples)]).toEqual([
        ...wf.columns.values.data,
      ]);
    }
  });

  it("serves a second page from the block cache", async () => {
    const explorer = (service as unknown as { explorer: { blocks: { hits: number; misses: number } } })
      .explorer;
    await service.waveformPage({ selection: all, columns: ["waveform"], start: 0, count: 10 });
    const misses = explorer.blocks.misses;
    await service.waveformPage({ selection: all, columns: ["waveform"], start: 10, count: 10 });
    expect(explorer.blocks.misses).toBe(misses);
  });

  it("builds waveform pages and prefetches as jobs: a newer page of the same view cancels the older", async () => {
    const jobs = (service as unknown as { jobs: JobManager }).jobs;
    const kinds: string[] = [];
    const stop = jobs.onEvent((status) => kinds.push(`${status.kind} ${status.state}`));
    try {
      const view = { selection: all, columns: ["waveform"], count: 5 };
      const older = service.waveformPage({ ...view, start: 20 });
      const newer = service.waveformPage({ ...view, start: 25 });
      const prefetch = service.waveformPage({ ...view, start: 30, prefetch: true });
      await expect(older).rejects.toMatchObject({ name: "Cancelled" });
      expect((await newer).entries[0]).toBe(25);
      expect((await prefetch).entries[0]).toBe(30);
      expect(kinds).toEqual(
        expect.arrayContaining(["waveform-page cancelled", "waveform-page done", "waveform-prefetch done"]),
      );
    } finally {
      stop();
    }
  });

  it("exports CSV of the selection and the rows read back equal load's", async () => {
    const out = join(dataset.root, "export.csv");
    const result = await awaitJob(
      service,
      await service.exportSelection({
        selection: { rows: [0, 1], channels: [], cuts: {} },
        columns: ["cuspEmax_ctc_cal", "waveform"],
        format: "csv",
        outputPath: out,
      }),
    );
    loader.reset();
    loader.setFileRows([0, 1]);
    loader.setOutput({ columns: ["cuspEmax_ctc_cal"] });
    const table = (await loader.load()).table!;
    expect(result.rows).toBe(table.nRows);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    // waveforms are left out unless asked for
    expect(lines[0]!.split(",")).toEqual(["hit_table", "hit_idx", "file", "cuspEmax_ctc_cal", "cycle"]);
    expect(lines.length - 1).toBe(table.nRows);
    expect(readdirSync(dataset.root).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });
});

/** The shape of the service's FileDB adapter (it exposes the FileDB as `db`). */
function fileDbHolder(db: FileDB) {
  return {
    db,
    tiers: db.tiers,
    keyNames: db.keyNames,
    nRows: db.nRows,
    dataDir: db.config.dataDir,
    folders: [db.config.dataDir],
    configPath: null,
    listedFiles: () => [],
    problems: [],
    tablesScanned: true,
    config: null,
    column: (name: string) => db.column(name),
    query: (q: string) => db.query(q),
  };
}
