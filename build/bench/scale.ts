// Issue 19, bounded memory at scale: the first 1-D histogram over 10^7, 3·10^7, 10^8 (and 2·10^8) hits, each in a fresh
// service process (scale-probe.ts), with that process's peak resident memory. The bigger trees are the cached
// 10^7-hit tree of explore-100ch (100 channels, 20 cycles) repeated under new cycle keys: hard links to its hit
// files, so they cost no generation and no disk, while every file is still opened, read, inflated and binned
// (the repeated files' bytes come from the page cache). Twice per size: with the workers' default column
// cache (600 MB each) and with a 100 MB one, past which memory must not grow with the hits.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  COLUMN_CACHE_ENV,
  DEFAULT_COLUMN_CACHE_MB,
} from "../../electron/services/app/exploration/cache-budget.ts";
import {
  DATALOADER_CONFIG_NAME,
  FILEDB_CONFIG_NAME,
  METADATA_DIR,
  cycleKey,
  dataLoaderConfig,
  fileDbConfig,
  tierFilePath,
} from "../../electron/services/generator/layout.ts";
import { EXPLORE_TREE, EXPLORE_TREE_QUICK, exploreTree } from "./explore-100ch-tree.ts";
import type { ProbeResult } from "./scale-probe.ts";
import { TREE_CACHE_DIR } from "./tree-cache.ts";
import type { BenchOptions, BenchRow } from "./types.ts";

const PROBE = fileURLToPath(new URL("./scale-probe.js", import.meta.url));
/** The smaller column cache per worker: well below what one column of the 3·10^7-hit tree takes per worker. */
const SMALL_CACHE_MB = 100;
/** Written last into a finished repeated tree. */
const DONE_MARK = ".scale-tree-complete";

/**
 * The base tree's hit tier repeated `copies` times under new cycle keys (copy c of cycle i is cycle
 * c × cycles + i, so cal and phy alternate as in the base), with hit-only FileDB and DataLoader configs.
 */
function repeatedTree(base: string, cycles: number, copies: number): string {
  const root = join(TREE_CACHE_DIR, `scale-hit-x${copies}-${basename(base)}`);
  if (existsSync(join(root, DONE_MARK))) return root;
  rmSync(root, { recursive: true, force: true });
  for (let copy = 0; copy < copies; copy++)
    for (let cycle = 0; cycle < cycles; cycle++) {
      const target = join(root, tierFilePath(cycleKey(copy * cycles + cycle), "hit"));
      mkdirSync(dirname(target), { recursive: true });
      linkSync(join(base, tierFilePath(cycleKey(cycle), "hit")), target);
    }
  cpSync(join(base, METADATA_DIR), join(root, METADATA_DIR), { recursive: true });
  writeFileSync(join(root, FILEDB_CONFIG_NAME), `${JSON.stringify(fileDbConfig(["hit"]), null, 2)}\n`);
  writeFileSync(
    join(root, DATALOADER_CONFIG_NAME),
    `${JSON.stringify(dataLoaderConfig(["hit"]), null, 2)}\n`,
  );
  writeFileSync(join(root, DONE_MARK), `${new Date().toISOString()}\n`);
  return root;
}

/** Runs one fresh service process over `root` with the given column cache per worker. */
function runProbe(opts: BenchOptions, root: string, cacheMb: number): ProbeResult {
  const dataDir = mkdtempSync(join(opts.workDir, "app-"));
  try {
    const result = spawnSync(process.execPath, [PROBE, join(root, FILEDB_CONFIG_NAME), dataDir], {
      encoding: "utf8",
      env: { ...process.env, [COLUMN_CACHE_ENV]: String(cacheMb) },
      maxBuffer: 16 * 1024 * 1024,
    });
    if (result.status !== 0)
      throw new Error(
        `scale probe failed (${result.status ?? result.signal}): ${result.stderr.slice(-2000)}`,
      );
    return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as ProbeResult;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchScale(opts: BenchOptions): Promise<BenchRow[]> {
  const tree = opts.quick ? EXPLORE_TREE_QUICK : EXPLORE_TREE;
  const base = await exploreTree(opts.quick, opts.log);
  const rows: BenchRow[] = [];
  for (const cacheMb of [DEFAULT_COLUMN_CACHE_MB, SMALL_CACHE_MB]) {
    const cache = `column cache ${cacheMb} MB per worker`;
    // with the small cache also ~2·10^8 hits: the histograms' memory has reached its bound by 10^8
    const copiesList = opts.quick ? [1, 3] : cacheMb === SMALL_CACHE_MB ? [1, 3, 10, 20] : [1, 3, 10];
    for (const copies of copiesList) {
      const root = repeatedTree(base, tree.cycles, copies);
      const loadAtStart = loadavg()[0]!;
      const run = runProbe(opts, root, cacheMb);
      if (run.binned !== run.hits) throw new Error(`binned ${run.binned} of ${run.hits} hits`);
      const size = `${run.hits} hits`;
      const note =
        `${copies * tree.cycles} cycles × ${tree.channels} channels (${copies === 1 ? "the cached tree" : `the cached tree's hit files ${copies}× under new keys`}), ` +
        `hit tier only; fresh service process, ${cache}; open ${run.openSeconds.toFixed(1)} s; ` +
        `first histogram CPU ${run.firstHistogramCpuSeconds.toFixed(1)} s (main thread and workers), rebinned ${run.rebinnedSeconds.toFixed(2)} s; ` +
        `load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end (2 cores shared)`;
      const peak = Math.max(run.openVmHwm, run.vmHwm);
      rows.push({
        name: `first 1-D histogram over all hits (1000 bins of cuspEmax_ctc_cal), ${cache}`,
        size,
        unit: "s",
        median: run.firstHistogramSeconds,
        runs: 1,
        peakRssBytes: peak,
        note,
      });
      const same = `the same run as the histogram row above (${cache})`;
      rows.push({
        name: `service peak RSS while the histograms run (VmHWM reset after open and count), ${cache}`,
        size,
        unit: "MB",
        median: run.vmHwm / 1e6,
        runs: 1,
        note: `${same}; RSS ${(run.histogramStartRss / 1e6).toFixed(0)} MB when the histogram was asked for, ${(run.vmRss / 1e6).toFixed(0)} MB at the end`,
      });
      rows.push({
        name: `service peak RSS while opening and counting (scan workers included), ${cache}`,
        size,
        unit: "MB",
        median: run.openVmHwm / 1e6,
        runs: 1,
        note: same,
      });
      opts.log(
        `scale: ${size}, ${cache}: first histogram ${run.firstHistogramSeconds.toFixed(1)} s, peak RSS open ${(run.openVmHwm / 1e6).toFixed(0)} MB, from ${(run.histogramStartRss / 1e6).toFixed(0)} MB to a peak of ${(run.vmHwm / 1e6).toFixed(0)} MB in the histograms`,
      );
    }
  }
  return rows;
}
