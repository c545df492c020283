// DataLoader against pygama (../shared/pygama-baseline.md): the load-cut and tcm-any selections on trees of
// 200 and 2000 copied p03 cycles (build_entry_list + load, seconds, ratio = pygama / ours); rows/s of
// event-oriented loads; export throughput (CSV, Arrow, LH5) and peak memory of a chunked waveform export of
// generated data, which must stay bounded whatever the selection's size.
import { mkdirSync, rmSync, statSync } from "node:fs";
import { cpus as cpuList, loadavg } from "node:os";
import { join } from "node:path";
import { FileDB } from "../../electron/services/flow/filedb/index.ts";
import { DataLoader, PARALLEL_MIN_CYCLES } from "../../electron/services/flow/loader/index.ts";
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

async function selectionRows(
  dl: DataLoader,
  cycles: number,
  runs: number,
  log: (l: string) => void,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const selection of ["load-cut", "tcm-any"] as const) {
    const times: number[] = [];
    const builds: number[] = [];
    const cpus: number[] = [];
    let entries = 0;
    for (let run = 0; run < runs; run++) {
      const opts = select(dl, selection);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const list = await dl.buildEntryList({ ...opts, saveOutputColumns: true });
      const t1 = performance.now();
      await dl.load({ entryList: list });
      const t2 = performance.now();
      const used = process.cpuUsage(cpu0);
      cpus.push((used.user + used.system) / 1e6);
      builds.push((t1 - t0) / 1000);
      times.push((t2 - t0) / 1000);
      entries = list.length;
    }
    const ref = PYGAMA[selection]![cycles];
    const wall = median(times);
    const cpu = median(cpus);
    log(
      `loader ${selection} ${cycles} cycles: ${wall.toFixed(3)} s wall, ${cpu.toFixed(3)} s CPU (${entries} entries)`,
    );
    const common = { size: `${cycles} cycles`, unit: "s", runs };
    const counts = `${entries} entries${ref && ref.entries !== entries ? ` (pygama ${ref.entries}!)` : ""}`;
    const threads = cycles >= PARALLEL_MIN_CYCLES ? "worker threads" : "one thread";
    const wallRow: BenchRow = {
      ...common,
      name: `${selection}: build_entry_list + load (wall)`,
      median: wall,
      note: `${counts}; build ${median(builds).toFixed(3)} s; ${threads}; load average ${loadavg()[0]!.toFixed(1)} on ${coreCount()} cores`,
    };
    // CPU seconds of all threads: the figure a busy shared machine distorts least (pygama's is single-threaded).
    const cpuRow: BenchRow = {
      ...common,
      name: `${selection}: build_entry_list + load (CPU)`,
      median: cpu,
      note: `${counts}; ${threads}`,
    };
    if (ref) {
      for (const row of [wallRow, cpuRow]) {
        row.ratioTo = "pygama 2.3.8 (wall, quiet machine)";
        row.ratio = (ref.build + ref.load) / row.median;
      }
    }
    rows.push(wallRow, cpuRow);
  }
  return rows;
}

/** Hits and events per second of an event-oriented load through the TCM (no cut, two columns). */
async function evtRows(dl: DataLoader, cycles: number): Promise<BenchRow[]> {
  dl.reset();
  dl.setFiles("type == 'phy'");
  dl.setOutput({ columns: ["trapEmax", "channel"] });
  const t0 = performance.now();
  const { table, entryList } = await dl.load({ orientation: "evt", tcmLevel: "tcm" });
  const seconds = (performance.now() - t0) / 1000;
  return [
    {
      name: "evt-oriented load (TCM, 2 columns)",
      size: `${cycles} cycles`,
      unit: "hits/s",
      median: entryList.length / seconds,
      runs: 1,
      note: `${entryList.length} hits in ${table!.nRows} events, ${seconds.toFixed(2)} s`,
    },
  ];
}

/** Export throughput of a generated dataset, and the peak RSS of a chunked waveform export. */
async function exportRows(workDir: string, quick: boolean, log: (l: string) => void): Promise<BenchRow[]> {
  const root = join(workDir, "generated");
  const events = quick ? 500 : 2000;
  const cycles = quick ? 4 : 10;
  const dataset = await generateDataset(root, { cycles, channels: 6, events, seed: 1, compress: "gzip" });
  const dl = await DataLoader.create(dataset.dataloaderConfigPath);
  dl.setFiles("all");
  const rows: BenchRow[] = [];
  const rssBefore = peakRss();
  dl.setOutput({ columns: ["waveform"] });
  const t0 = performance.now();
  const wf = await dl.exportTo(join(workDir, "waveforms.lh5"), { chunkRows: 2000 });
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
  const columns = ["trapEmax", "cuspEmax_ctc_cal", "timestamp", "daqenergy"];
  const present = new Set(Object.values(dl.getTiersForCol(columns)).flat());
  dl.setOutput({ columns: columns.filter((c) => present.has(c)) });
  for (const ext of ["csv", "arrow", "lh5"] as const) {
    const start = performance.now();
    const result = await dl.exportTo(join(workDir, `columns.${ext}`), { chunkRows: 50_000 });
    const s = (performance.now() - start) / 1000;
    rows.push({
      name: `export ${result.columns.length} columns to ${ext}`,
      size: `${result.rows} rows`,
      unit: "rows/s",
      median: result.rows / s,
      runs: 1,
      note: `${(statSync(result.path).size / 1e6).toFixed(1)} MB, ${s.toFixed(2)} s`,
    });
  }
  dl.close();
  rmSync(root, { recursive: true, force: true });
  return rows;
}

export async function benchLoader(opts: BenchOptions): Promise<BenchRow[]> {
  await initH5();
  const rows: BenchRow[] = [];
  rows.push(...(await exportRows(opts.workDir, opts.quick, opts.log)));
  const tree = join(opts.workDir, "tree");
  mkdirSync(tree, { recursive: true });
  for (const cycles of opts.quick ? [200] : [200, 2000]) {
    opts.log(`loader: copying ${cycles} cycles`);
    const config = copyTree(tree, cycles);
    const db = await FileDB.create(config);
    await db.scanTablesColumns();
    const dl = await DataLoader.create(DATALOADER_CONFIG, db);
    rows.push(...(await selectionRows(dl, cycles, cycles >= 2000 ? 1 : 3, opts.log)));
    rows.push(...(await evtRows(dl, cycles)));
    dl.close();
  }
  await getDefaultPool().close();
  rmSync(tree, { recursive: true, force: true });
  return rows;
}
