// The exploration service end to end (issues 7 and 8): a histogram and a live count over 10^7 entries of
// generated data, a page of 10 waveforms (raw and encoded) and export throughput, all through AppService.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { awaitJob } from "../../shared/api/jobs.ts";
import type { DataSelection } from "../../shared/api/types.ts";
import type { Lgdo, LgdoArray, LgdoTable } from "../../shared/lgdo/model.ts";
import { createRealBackend } from "../../electron/services/app/real-backend.ts";
import { AppService } from "../../electron/services/app/service.ts";
import { generateDataset } from "../../electron/services/generator/index.ts";
import { cycleKey, tierFilePath } from "../../electron/services/generator/layout.ts";
import { initH5 } from "../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../electron/services/lh5/reader.ts";
import { writeLh5 } from "../../electron/services/lh5/writer.ts";
import type { BenchOptions, BenchRow } from "./types.ts";
import { median } from "./stats.ts";

/** Hit columns kept in the big tree: an energy, A/E, a time and the timestamp. */
const COLUMNS = ["cuspEmax_ctc_cal", "AoE_Classifier", "trapTmax_cal", "timestamp"];
const FILES = 10;

/** Wall and CPU seconds of one run (CPU time shows the cost when other processes share the cores). */
interface Sample {
  wall: number;
  cpu: number;
}

async function sample(work: () => Promise<unknown>): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await work();
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  return (await sample(work)).wall;
}

/** A row of wall-clock seconds whose note also gives the median CPU seconds and the load average. */
function timeRow(name: string, size: string, samples: Sample[], note: string): BenchRow {
  const cpu = median(samples.map((s) => s.cpu));
  return {
    name,
    size,
    unit: "s",
    median: median(samples.map((s) => s.wall)),
    runs: samples.length,
    note: `${note}; CPU ${cpu.toFixed(3)} s, load average ${loadavg()[0]!.toFixed(1)}`,
  };
}

/** A column repeated until it has `rows` rows. */
function tile(column: LgdoArray, rows: number): LgdoArray {
  const source = column.data as Float64Array;
  const data = new (source.constructor as Float64ArrayConstructor)(rows);
  for (let start = 0; start < rows; start += source.length)
    data.set(source.subarray(0, Math.min(source.length, rows - start)), start);
  return { ...column, shape: [rows], data };
}

/**
 * A hit tier of `total` entries: the generator's hit tables (one cycle) tiled to size, written once and
 * copied to FILES cycles, with the generator's FileDB config beside them.
 */
export async function buildBigTree(opts: BenchOptions, total: number): Promise<string> {
  const seed = await generateDataset(join(opts.workDir, `seed-${total}`), {
    cycles: 1,
    channels: 4,
    events: opts.quick ? 400 : 1500,
    seed: 3,
    tiers: ["hit"],
  });
  const root = join(opts.workDir, `big-${total}`);
  mkdirSync(root, { recursive: true });
  // Only the hit tier exists here, so the config names only it (the loader's hit level then starts at hit).
  const config = JSON.parse(readFileSync(seed.filedbConfigPath, "utf8")) as Record<string, unknown>;
  for (const key of ["tier_dirs", "file_format", "table_format"]) {
    const perTier = config[key] as Record<string, string>;
    config[key] = { hit: perTier.hit };
  }
  writeFileSync(join(root, "filedb-config.json"), JSON.stringify(config, null, 2));
  const seedFile = Lh5File.open(join(seed.root, tierFilePath(cycleKey(0), "hit")));
  const objects: Record<string, Lgdo> = {};
  try {
    const tables = seedFile.keys().map((ch) => `${ch}/hit`);
    const rowsPerTable = Math.ceil(total / FILES / tables.length);
    for (const path of tables) {
      const table = seedFile.read(path, { columns: COLUMNS }) as LgdoTable;
      const columns = Object.fromEntries(
        COLUMNS.map((name) => [name, tile(table.columns[name] as LgdoArray, rowsPerTable)]),
      );
      objects[path] = { kind: "table", nRows: rowsPerTable, columns, columnOrder: [...COLUMNS], attrs: {} };
    }
  } finally {
    seedFile.close();
  }
  const first = join(root, tierFilePath(cycleKey(0), "hit"));
  mkdirSync(dirname(first), { recursive: true });
  writeLh5(first, objects);
  for (let i = 1; i < FILES; i++) {
    const path = join(root, tierFilePath(cycleKey(i), "hit"));
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(first, path);
  }
  opts.log(`explore: built a hit tier of ${total} entries in ${FILES} files`);
  return root;
}

async function openService(opts: BenchOptions, root: string, configName: string): Promise<AppService> {
  const service = new AppService({
    mode: "web",
    version: "bench",
    dataDir: join(opts.workDir, "app"),
    backend: createRealBackend(),
    roots: [root],
  });
  await awaitJob(service, await service.openDataset({ path: join(root, configName) }));
  return service;
}

async function benchHistogramAndCount(opts: BenchOptions, total: number, rows: BenchRow[]): Promise<void> {
  const size = `${total} entries`;
  const root = await buildBigTree(opts, total);
  const runs = opts.quick ? 2 : 3;
  const noCut: DataSelection = { rows: [], channels: [], cuts: {} };
  const cold: Sample[] = [];
  const rebinned: Sample[] = [];
  const counts: Sample[] = [];
  const cutHistograms: Sample[] = [];
  const linked: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    // A fresh open drops the caches: the first histogram is a cold click. Before it, what the UI does on
    // opening a dataset: list the channels and count the entries (this starts the exploration workers).
    const service = await openService(opts, root, "filedb-config.json");
    await service.listChannels({ rows: [] });
    await awaitJob(service, await service.countEntries({ selection: noCut }), { waitMs: 20 });
    const histogram = (selection: DataSelection, bins = 1000, range: [number, number] = [0, 3000]) =>
      sample(async () => {
        const result = await awaitJob(
          service,
          await service.histogram1d({ selection, column: "cuspEmax_ctc_cal", bins, range }),
          { waitMs: 20 },
        );
        const stats = result.series[0]!.stats;
        if (stats.entries + stats.underflow + stats.overflow + stats.nan === 0)
          throw new Error("empty histogram");
      });
    cold.push(await histogram(noCut));
    rebinned.push(await histogram(noCut, 2000 + run, [0, 4000]));
    linked.push(
      await sample(async () => {
        const page = await service.waveformPage({
          selection: noCut,
          columns: [],
          start: 0,
          count: 10,
          legendColumns: ["cuspEmax_ctc_cal"],
          valueRange: { column: "cuspEmax_ctc_cal", lo: 2600 + run, hi: 2620 + run },
        });
        if (page.totalEntries === 0) throw new Error("empty bin");
      }),
    );
    const cut = `cuspEmax_ctc_cal > ${500 + run}`;
    counts.push(
      await sample(async () => {
        const result = await awaitJob(
          service,
          await service.countEntries({ selection: { rows: [], channels: [], cuts: { hit: cut } } }),
          { waitMs: 20 },
        );
        if (result.total === 0) throw new Error("no entry passed the cut");
      }),
    );
    cutHistograms.push(
      await histogram({ rows: [], channels: [], cuts: { hit: `AoE_Classifier > ${-5 - run}` } }),
    );
    service.dispose();
    opts.log(
      `explore: histogram cold ${cold.at(-1)!.wall.toFixed(2)} s (CPU ${cold.at(-1)!.cpu.toFixed(2)}), ` +
        `rebinned ${rebinned.at(-1)!.wall.toFixed(2)} s, count ${counts.at(-1)!.wall.toFixed(2)} s (CPU ${counts.at(-1)!.cpu.toFixed(2)})`,
    );
  }
  rows.push(
    timeRow(
      "histogram 1D, first click (entry list built)",
      size,
      cold,
      `${FILES} gzip-compressed hit files, 1000 bins, through AppService jobs, after the channel list and initial count the UI asks for on opening; columns read and binned per file in the workers (goal < 0.5 s)`,
    ),
    timeRow("histogram 1D, other bins and range", size, rebinned, "column values cached in the workers"),
    timeRow(
      "entries of a histogram bin (linked view), first page",
      size,
      linked,
      "column values from the workers' cache, selectInRange, 10 entries with legend values (no waveforms in this tree)",
    ),
    timeRow(
      "histogram 1D with a new cut",
      size,
      cutHistograms,
      "cut on another column (read once), applied and binned in the workers",
    ),
    timeRow(
      "live count of a new cut",
      size,
      counts,
      "cuspEmax_ctc_cal > x, total and per channel, evaluated per file in the workers (goal < 1 s)",
    ),
  );
  await benchExport(opts, root, rows);
  rmSync(root, { recursive: true, force: true });
}

async function benchExport(opts: BenchOptions, root: string, rows: BenchRow[]): Promise<void> {
  const service = await openService(opts, root, "filedb-config.json");
  try {
    const selection: DataSelection = { rows: [0], channels: [], cuts: {} };
    for (const format of ["csv", "arrow"] as const) {
      const times: number[] = [];
      let exported = { rows: 0, bytes: 0 };
      const runs = opts.quick ? 1 : 3;
      for (let run = 0; run < runs; run++) {
        const outputPath = join(root, `export-${run}.${format}`);
        times.push(
          await seconds(async () => {
            exported = await awaitJob(
              service,
              await service.exportSelection({ selection, columns: COLUMNS, format, outputPath }),
              { waitMs: 20 },
            );
          }),
        );
        rmSync(outputPath, { force: true });
      }
      const t = median(times);
      const size = `${exported.rows} rows`;
      const note = `${COLUMNS.length} columns plus entry columns, one cycle`;
      rows.push(
        { name: `export ${format}`, size, unit: "rows/s", median: exported.rows / t, runs, note },
        {
          name: `export ${format}`,
          size,
          unit: "MB/s",
          median: exported.bytes / 1e6 / t,
          runs,
          note: "output bytes",
        },
      );
    }
  } finally {
    service.dispose();
  }
}

/** Pages of 10 waveforms from a one-cycle raw tier of `events` events (the page size is fixed; the tier's is not). */
async function benchWaveformPages(opts: BenchOptions, events: number, rows: BenchRow[]): Promise<void> {
  for (const encode of ["none", "uleb128"] as const) {
    const dataset = await generateDataset(join(opts.workDir, `wf-${encode}-${events}`), {
      cycles: 1,
      channels: 2,
      events,
      seed: 9,
      tiers: ["raw"],
      encode,
    });
    const runs = opts.quick ? 2 : 5;
    const first: Sample[] = [];
    const next: Sample[] = [];
    for (let run = 0; run < runs; run++) {
      const service = await openService(opts, dataset.root, "filedb-config.json");
      const selection: DataSelection = { rows: [], channels: [], cuts: {} };
      const page = (start: number) =>
        sample(async () => {
          const result = await service.waveformPage({ selection, columns: ["waveform"], start, count: 10 });
          if (result.traces[0]!.nSamples === 0) throw new Error("empty waveform page");
        });
      // Starts stay below 40 so the smaller tier has them too; each run opens afresh, so nothing is cached.
      first.push(await page(20 * (run % 2)));
      next.push(await page(20 * (run % 2) + 10));
      service.dispose();
    }
    const label = encode === "none" ? "raw" : "encoded (uleb128)";
    rows.push(
      timeRow(
        `waveform page of 10, ${label}, first`,
        `${events} events (1 cycle)`,
        first,
        "freshly opened dataset: entry list, block read and decode (goal < 0.2 s)",
      ),
      timeRow(
        `waveform page of 10, ${label}, next`,
        `${events} events (1 cycle)`,
        next,
        "the following page (blocks cached)",
      ),
    );
    opts.log(
      `explore: waveform pages (${label}) first ${first.at(-1)!.wall.toFixed(3)} s, next ${next.at(-1)!.wall.toFixed(3)} s`,
    );
  }
}

export async function benchExplore(options: Partial<BenchOptions> = {}): Promise<BenchRow[]> {
  await initH5();
  const ownDir = options.workDir === undefined;
  const opts: BenchOptions = {
    quick: options.quick ?? false,
    workDir: options.workDir ?? mkdtempSync(join(tmpdir(), "lh5-bench-explore-")),
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  };
  const rows: BenchRow[] = [];
  try {
    // Every figure at two sizes so the report shows how it grows (issue 9): the raw tier behind a waveform
    // page at N and 10N events (quick: 50 and 200), the hit tier at 10^6 and 10^7 entries (quick: 10^5, 10^6).
    for (const events of opts.quick ? [50, 200] : [60, 600]) await benchWaveformPages(opts, events, rows);
    for (const total of opts.quick ? [100_000, 1_000_000] : [1_000_000, 10_000_000]) {
      await benchHistogramAndCount(opts, total, rows);
    }
  } finally {
    if (ownDir) rmSync(opts.workDir, { recursive: true, force: true });
  }
  return rows;
}
