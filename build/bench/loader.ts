// DataLoader against pygama (../shared/pygama-baseline.md): the load-cut and tcm-any selections on trees of
// 200 and 2000 copied p03 cycles (build_entry_list + load, seconds, ratio = pygama / ours); rows/s of
// event-oriented loads; export throughput (CSV, Arrow, LH5, Parquet) and peak memory of chunked waveform exports
// (LH5, Parquet) of generated data, which must stay bounded whatever the selection's size.
import { mkdirSync, rmSync, statSync } from "node:fs";
import { cpus as cpuList, loadavg } from "node:os";
import { join } from "node:path";
import { FileDB } from "../../electron/services/flow/filedb/index.ts";
import { DataLoader } from "../../electron/services/flow/loader/index.ts";
import { shardOverPool } from "../../electron/workers/shards.ts";
import { KEPT_FILES_IDLE_MS } from "../../electron/services/flow/loader/sources.ts";
import { generateDataset } from "../../electron/services/generator/index.ts";
import { initH5 } from "../../electron/services/lh5/h5.ts";
import { getDefaultPool } from "../../electron/workers/pool.ts";
import { DATALOADER_CONFIG } from "../../test/fixtures/testdata.ts";
import { copyTree } from "./trees.ts";
import type { BenchOptions, BenchRow } from "./types.ts";
import { median } from "./stats.ts";

/** pygama 2.3.8 build_entry_list + load, seconds, and its entry counts (pygama-baseline.md). */
const PYGAMA: Record<string, Record<number, { build: number; load: number; entries: number }>> = {
  "load-cut": {
    200: { build: 1.72, load: 0.8, entries: 700 },
    2000: { build: 17.4, load: 8.0, entries: 7000 },
  },
  "tcm-any": {
    200: { build: 3.35, load: 0.31, entries: 300 },
    2000: { build: 32.6, load: 2.78, entries: 3000 },
  },
};

function coreCount(): number {
  return cpuList().length;
}

function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Runs `work` while sampling the resident set every 10 ms (between its awaits); returns the largest growth. */
async function sampledRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, growth: peak - before };
  } finally {
    clearInterval(timer);
  }
}

/** Applies one of the baseline's selections. */
function select(dl: DataLoader, selection: "load-cut" | "tcm-any"): { tcmLevel?: string; mode?: "any" } {
  dl.reset();
  if (selection === "load-cut") {
    dl.setFiles("all");
    dl.setDatastreams([1084803, 1084804, 1121600], "ch");
    dl.setCuts({ hit: "trapEmax > 5000" });
    dl.setOutput({ columns: ["trapEmax", "timestamp"] });
    return {};
  }
  dl.setFiles("type == 'phy'");
  dl.setCuts({ hit: "daqenergy == 10221" });
  dl.setOutput({ columns: ["daqenergy", "channel"] });
  return { tcmLevel: "tcm", mode: "any" };
}

interface Timing {
  build: number;
  load: number;
  buildCpu: number;
  loadCpu: number;
  entries: number;
}

/** One build_entry_list + load of a selection: wall and CPU (all threads) seconds of each step. */
async function timeSelection(dl: DataLoader, selection: "load-cut" | "tcm-any"): Promise<Timing> {
  const opts = select(dl, selection);
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const c0 = cpu();
  const t0 = performance.now();
  const list = await dl.buildEntryList({ ...opts, saveOutputColumns: true });
  const c1 = cpu();
  const t1 = performance.now();
  await dl.load({ entryList: list });
  const c2 = cpu();
  const t2 = performance.now();
  return {
    build: (t1 - t0) / 1000,
    load: (t2 - t1) / 1000,
    buildCpu: c1 - c0,
    loadCpu: c2 - c1,
    entries: list.length,
  };
}

/**
 * The baseline's selections: a first run as a user's first job meets it (workers not started, no file
 * seen), then the pool is warmed and `runs` more give the medians of build, load and both, wall and CPU.
 */
async function selectionRows(
  dl: DataLoader,
  cycles: number,
  runs: number,
  log: (l: string) => void,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const first = new Map<string, Timing>();
  for (const selection of ["load-cut", "tcm-any"] as const)
    first.set(selection, await timeSelection(dl, selection));
  await DataLoader.warmWorkers();
  for (const selection of ["load-cut", "tcm-any"] as const) {
    const timings: Timing[] = [];
    for (let run = 0; run < runs; run++) {
      // as pygama's fresh objects per run: the previous job's files are closed before the next starts
      // (the load still finds its own build's files open: that is one job)
      await new Promise((resolve) => setTimeout(resolve, KEPT_FILES_IDLE_MS + 500));
      timings.push(await timeSelection(dl, selection));
    }
    const cold = first.get(selection)!;
    const entries = timings[0]!.entries;
    const ref = PYGAMA[selection]![cycles];
    const pick = (f: (t: Timing) => number): number => median(timings.map(f));
    const total = pick((t) => t.build + t.load);
    log(
      `loader ${selection} ${cycles} cycles: ${total.toFixed(3)} s wall (first run ${(cold.build + cold.load).toFixed(3)} s), ` +
        `${pick((t) => t.buildCpu + t.loadCpu).toFixed(3)} s CPU (${entries} entries)`,
    );
    const counts = `${entries} entries${ref && ref.entries !== entries ? ` (pygama ${ref.entries}!)` : ""}`;
    const threads = shardOverPool({ size: 2, liveWorkers: 2 }, "loaderCycle", cycles)
      ? "2 worker threads, warmed before timing; each run starts after the previous job's files were closed"
      : "one thread";
    const load = `load average ${loadavg()[0]!.toFixed(1)} on ${coreCount()} cores`;
    const figure = (
      name: string,
      value: number,
      refSeconds: number | undefined,
      note: string,
      n = runs,
    ): BenchRow => ({
      name: `${selection}: ${name}`,
      size: `${cycles} cycles`,
      unit: "s",
      runs: n,
      median: value,
      note,
      ...(refSeconds !== undefined
        ? { ratioTo: "pygama 2.3.8 (wall, quiet machine)", ratio: refSeconds / value }
        : {}),
    });
    rows.push(
      figure(
        "build_entry_list + load (wall)",
        total,
        ref && ref.build + ref.load,
        `${counts}; build ${pick((t) => t.build).toFixed(3)} s; ${threads}; ${load}`,
      ),
      // CPU seconds of all threads: the figure a busy shared machine distorts least (pygama's is single-threaded)
      figure(
        "build_entry_list + load (CPU)",
        pick((t) => t.buildCpu + t.loadCpu),
        ref && ref.build + ref.load,
        `${counts}; ${threads}`,
      ),
      figure(
        "build_entry_list (wall)",
        pick((t) => t.build),
        ref?.build,
        threads,
      ),
      figure(
        "build_entry_list (CPU)",
        pick((t) => t.buildCpu),
        ref?.build,
        threads,
      ),
      figure(
        "load (wall)",
        pick((t) => t.load),
        ref?.load,
        threads,
      ),
      figure(
        "load (CPU)",
        pick((t) => t.loadCpu),
        ref?.load,
        threads,
      ),
      figure(
        "build_entry_list + load, first run (wall)",
        cold.build + cold.load,
        ref && ref.build + ref.load,
        `cold: no worker started, no file seen before (build ${cold.build.toFixed(3)} s, load ${cold.load.toFixed(3)} s; ` +
          `CPU ${(cold.buildCpu + cold.loadCpu).toFixed(3)} s); pygama's figures exclude its 1.7 s import`,
        1,
      ),
    );
  }
  return rows;
}

/** Hits and events per second of an event-oriented load through the TCM (no cut, two columns). */
async function evtRows(dl: DataLoader, cycles: number): Promise<BenchRow[]> {
  dl.reset();
  dl.setFiles("type == 'phy'");
  dl.setOutput({ columns: ["trapEmax", "channel"] });
  // Three loads (the first opens the files, the later ones find them kept), reported as the median.
  const runs = 3;
  const seconds: number[] = [];
  let hits = 0;
  let events = 0;
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    const { table, entryList } = await dl.load({ orientation: "evt", tcmLevel: "tcm" });
    seconds.push((performance.now() - t0) / 1000);
    hits = entryList.length;
    events = table!.nRows;
  }
  const medianSeconds = median(seconds);
  return [
    {
      name: "evt-oriented load (TCM, 2 columns)",
      size: `${cycles} cycles`,
      unit: "hits/s",
      median: hits / medianSeconds,
      runs,
      note: `${hits} hits in ${events} events, median ${medianSeconds.toFixed(2)} s`,
    },
  ];
}

/** Export throughput of a generated dataset, and the peak RSS of a chunked waveform export. */
async function exportRows(
  workDir: string,
  quick: boolean,
  cycles: number,
  log: (l: string) => void,
): Promise<BenchRow[]> {
  const root = join(workDir, `generated-${cycles}`);
  const events = quick ? 500 : 2000;
  const dataset = await generateDataset(root, { cycles, channels: 6, events, seed: 1, compress: "gzip" });
  const dl = await DataLoader.create(dataset.dataloaderConfigPath);
  dl.setFiles("all");
  const rows: BenchRow[] = [];
  const rssBefore = peakRss();
  dl.setOutput({ columns: ["waveform"] });
  const t0 = performance.now();
  const wf = await dl.exportTo(join(workDir, `waveforms-${cycles}.lh5`), { chunkRows: 2000 });
  const seconds = (performance.now() - t0) / 1000;
  const bytes = statSync(wf.path).size;
  const growth = Math.max(0, peakRss() - rssBefore);
  log(
    `loader export waveforms: ${wf.rows} rows, ${(bytes / 1e6).toFixed(1)} MB, peak RSS growth ${(growth / 1e6).toFixed(0)} MB`,
  );
  rows.push({
    name: "export waveforms to LH5 in 2000-row chunks",
    size: `${wf.rows} rows`,
    unit: "rows/s",
    median: wf.rows / seconds,
    runs: 1,
    peakRssBytes: peakRss(),
    note: `${(bytes / 1e6).toFixed(1)} MB written; peak RSS grew ${(growth / 1e6).toFixed(0)} MB during the export`,
  });
  // Parquet: the same chunks; ru_maxrss already holds the LH5 export's peak, so the growth is sampled instead.
  const pq0 = performance.now();
  const pq = await sampledRssGrowth(() =>
    dl.exportTo(join(workDir, `waveforms-${cycles}.parquet`), { chunkRows: 2000 }),
  );
  const pqSeconds = (performance.now() - pq0) / 1000;
  const pqBytes = statSync(pq.result.path).size;
  log(
    `loader export waveforms parquet: ${pq.result.rows} rows, ${(pqBytes / 1e6).toFixed(1)} MB, sampled RSS growth ${(pq.growth / 1e6).toFixed(0)} MB`,
  );
  rows.push({
    name: "export waveforms to Parquet in 2000-row chunks",
    size: `${pq.result.rows} rows`,
    unit: "rows/s",
    median: pq.result.rows / pqSeconds,
    runs: 1,
    note: `${(pqBytes / 1e6).toFixed(1)} MB written; RSS sampled every 10 ms grew ${(pq.growth / 1e6).toFixed(0)} MB during the export`,
  });
  const columns = ["trapEmax", "cuspEmax_ctc_cal", "timestamp", "daqenergy"];
  const present = new Set(Object.values(dl.getTiersForCol(columns)).flat());
  dl.setOutput({ columns: columns.filter((c) => present.has(c)) });
  for (const ext of ["csv", "arrow", "lh5", "parquet"] as const) {
    // Three exports to the same path (overwritten), reported as the median.
    const runs = 3;
    const seconds: number[] = [];
    let result: Awaited<ReturnType<DataLoader["exportTo"]>> | undefined;
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      result = await dl.exportTo(join(workDir, `columns-${cycles}.${ext}`), {
        chunkRows: 50_000,
        overwrite: true,
      });
      seconds.push((performance.now() - start) / 1000);
    }
    const s = median(seconds);
    rows.push({
      name: `export ${result!.columns.length} columns to ${ext}`,
      size: `${result!.rows} rows`,
      unit: "rows/s",
      median: result!.rows / s,
      runs,
      note: `${(statSync(result!.path).size / 1e6).toFixed(1)} MB, median ${s.toFixed(2)} s`,
    });
  }
  dl.close();
  rmSync(root, { recursive: true, force: true });
  return rows;
}

export async function benchLoader(opts: BenchOptions): Promise<BenchRow[]> {
  await initH5();
  const rows: BenchRow[] = [];
  // Exports of a generated dataset of 1 and 10 cycles (quick: 1 and 4) so the report shows how they grow.
  for (const cycles of opts.quick ? [1, 4] : [1, 10]) {
    rows.push(...(await exportRows(opts.workDir, opts.quick, cycles, opts.log)));
  }
  const tree = join(opts.workDir, "tree");
  mkdirSync(tree, { recursive: true });
  for (const cycles of opts.quick ? [200] : [200, 2000]) {
    opts.log(`loader: copying ${cycles} cycles`);
    const config = copyTree(tree, cycles);
    const db = await FileDB.create(config);
    await db.scanTablesColumns();
    const dl = await DataLoader.create(DATALOADER_CONFIG, db);
    rows.push(...(await selectionRows(dl, cycles, cycles >= 2000 ? 2 : 3, opts.log)));
    rows.push(...(await evtRows(dl, cycles)));
    dl.close();
  }
  await getDefaultPool().close();
  rmSync(tree, { recursive: true, force: true });
  return rows;
}
