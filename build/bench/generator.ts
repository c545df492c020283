// The data generator: realistic trees (100 germanium channels, LEGEND-200's layout) in hits per second, without
// the raw tier (DSP values drawn by the pulse model) and with it (waveforms rendered and measured); each engine's
// simulation alone in µs per hit; and trees of many small cycles, where files and tables, not hits, cost the time.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { calibrateChannel } from "../../electron/services/generator/calibration.ts";
import { makeChannels } from "../../electron/services/generator/channels.ts";
import { simulateCycle } from "../../electron/services/generator/cycle.ts";
import {
  TCM_TABLE,
  cycleKey,
  generateDataset,
  tierFilePath,
  type GenerateOptions,
} from "../../electron/services/generator/index.ts";
import { CYCLE_LIVE_SECONDS } from "../../electron/services/generator/layout.ts";
import { initH5 } from "../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../electron/services/lh5/reader.ts";
import { workerLimit } from "../../electron/workers/worker-limit.ts";
import type { BenchOptions, BenchRow } from "./types.ts";
import { median } from "./stats.ts";

/** LEGEND-200's array: about 100 germanium detectors in 10 strings. */
const REALISTIC_CHANNELS = 100;

interface TreeRun {
  seconds: number;
  cpuSeconds: number;
  bytes: number;
  files: number;
  hits: number;
}

/** Hits of a generated tree: the TCM of every cycle lists each hit once. */
function countHits(root: string, cycles: number): number {
  let hits = 0;
  for (let index = 0; index < cycles; index++) {
    const file = Lh5File.open(join(root, tierFilePath(cycleKey(index), "tcm")));
    try {
      const keys = file.read(`${TCM_TABLE}/table_key`);
      if (keys.kind !== "vov") throw new Error(`${TCM_TABLE}/table_key is not a vector of vectors`);
      hits += keys.cumulativeLength.at(-1) ?? 0;
    } finally {
      file.close();
    }
  }
  return hits;
}

/** Generates a fresh tree `runs` times; seconds and CPU of each run (worker threads included). */
async function timeTree(
  opts: BenchOptions,
  label: string,
  options: Omit<GenerateOptions, "seed">,
  runs: number,
): Promise<TreeRun[]> {
  const out: TreeRun[] = [];
  for (let run = 0; run < runs; run++) {
    const dir = join(opts.workDir, `${label}-${options.cycles}x${options.events}-${run}`);
    const started = performance.now();
    const cpu = process.cpuUsage(); // the whole process: worker threads included
    const result = await generateDataset(dir, { ...options, seed: run });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const hits =
      options.tiers?.includes("tcm") === false ? Number.NaN : countHits(result.root, options.cycles);
    out.push({
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      bytes: result.bytes,
      files: result.files,
      hits,
    });
    rmSync(dir, { recursive: true, force: true });
    opts.log(
      `${label}: ${options.cycles} × ${options.events} events, ${hits} hits in ${seconds.toFixed(1)} s`,
    );
  }
  return out;
}

/** One row per size of a realistic tree, in hits per second. */
async function realisticRows(
  opts: BenchOptions,
  name: string,
  label: string,
  sizes: ReadonlyArray<{ cycles: number; events: number }>,
  extra: Partial<GenerateOptions>,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of sizes) {
    const runs = size === sizes[0] && !opts.quick ? 2 : 1;
    const loadAtStart = loadavg()[0]!;
    const results = await timeTree(opts, label, { ...size, channels: REALISTIC_CHANNELS, ...extra }, runs);
    const seconds = median(results.map((r) => r.seconds));
    const cpu = median(results.map((r) => r.cpuSeconds));
    const { hits, bytes, files } = results[0]!;
    rows.push({
      name,
      size: `${hits} hits`,
      unit: "hits/s",
      median: hits / seconds,
      runs,
      note:
        `${size.cycles} cycles × ${REALISTIC_CHANNELS} channels × ${size.events} events; total ${seconds.toFixed(1)} s, ` +
        `CPU ${cpu.toFixed(1)} s (${((1e6 * cpu) / hits).toFixed(1)} µs per hit, all threads); ${files} files, ` +
        `${(bytes / 1e6).toFixed(1)} MB; pool of ${workerLimit()} workers when the size calls for it; ` +
        `load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end (2 cores shared)`,
    });
  }
  return rows;
}

/** Hits per second of one engine's simulation alone (events, DSP, hit, TCM; nothing written), one thread. */
function simulationRow(events: number, waveforms: boolean): BenchRow {
  const channels = makeChannels(REALISTIC_CHANNELS, 1);
  const calibrations = channels.map(calibrateChannel);
  const seconds: number[] = [];
  let hits = 0;
  const runs = 3;
  for (let run = 0; run < runs; run++) {
    const key = cycleKey(run);
    const spec = {
      seed: 1,
      index: run,
      type: key.type,
      start: key.start,
      duration: CYCLE_LIVE_SECONDS,
      events,
    };
    const started = performance.now();
    const cycle = simulateCycle({ ...spec, waveforms }, channels, calibrations);
    seconds.push((performance.now() - started) / 1000);
    hits = cycle.channels.reduce((n, c) => n + c.rows, 0);
  }
  const s = median(seconds);
  return {
    name: waveforms
      ? "simulate only: waveforms rendered and measured (raw written)"
      : "simulate only: DSP values drawn by the pulse model (no raw)",
    size: `${hits} hits`,
    unit: "hits/s",
    median: hits / s,
    runs,
    note: `one cycle of ${REALISTIC_CHANNELS} channels × ${events} events, one thread; ${((1e6 * s) / hits).toFixed(1)} µs per hit`,
  };
}

/** Seconds to write `bytes` spread over `files` new files with plain fs: the physical limit of the same output. */
function timePlainWrites(dir: string, files: number, bytes: number): number {
  mkdirSync(dir, { recursive: true });
  const chunk = new Uint8Array(Math.max(1, Math.round(bytes / files))).fill(7);
  const started = performance.now();
  for (let i = 0; i < files; i++) writeFileSync(join(dir, `f${i}.bin`), chunk);
  const seconds = (performance.now() - started) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}

/** Trees of many small cycles (2 channels × 10 events, 5 tiers): files and tables per second matter here. */
async function smallCycleRows(opts: BenchOptions): Promise<BenchRow[]> {
  const sizes = opts.quick ? [20, 200] : [200, 2000];
  const rows: BenchRow[] = [];
  for (const [label, extra, what] of [
    ["gzip", { compress: "gzip", encode: "none" }, "generate small-cycle tree (gzip, plain waveforms)"],
    [
      "zstd-radware",
      { compress: "zstd", encode: "radware" },
      "generate small-cycle tree (zstd, radware waveforms)",
    ],
  ] as const) {
    for (const cycles of sizes) {
      const runs = cycles === sizes[0] ? 3 : 1;
      const results = await timeTree(opts, label, { cycles, channels: 2, events: 10, ...extra }, runs);
      const s = median(results.map((r) => r.seconds));
      const { bytes, files } = results[0]!;
      const cpuPerCycle = (1000 * median(results.map((r) => r.cpuSeconds))) / cycles;
      const plainSeconds = timePlainWrites(join(opts.workDir, `plain-${label}-${cycles}`), files, bytes);
      rows.push({
        name: what,
        size: `${cycles} cycles`,
        unit: "cycles/s",
        median: cycles / s,
        runs,
        ratioTo: "fs.writeFileSync of the same bytes in as many files (the physical limit)",
        ratio: plainSeconds / s,
        note:
          `2 ch × 10 events per cycle, 5 tiers; ${files} files, ${(bytes / 1e6).toFixed(1)} MB; ` +
          `CPU ${cpuPerCycle.toFixed(0)} ms per cycle (all threads); 10,000 cycles ≈ ${((10000 * s) / cycles / 60).toFixed(1)} min`,
      });
    }
  }
  return rows;
}

export async function benchGenerator(opts: BenchOptions): Promise<BenchRow[]> {
  await initH5();
  const rows: BenchRow[] = [];
  // ~10^6 and ~10^7 hits (the tree: 20 cycles, ~2000 hit tables); quick: ~2·10^4 and ~10^5
  const noRawSizes = opts.quick
    ? [
        { cycles: 2, events: 10_000 },
        { cycles: 4, events: 25_000 },
      ]
    : [
        { cycles: 20, events: 45_000 },
        { cycles: 20, events: 450_000 },
      ];
  rows.push(
    ...(await realisticRows(
      opts,
      "generate realistic tree without raw (dsp, hit, tcm, evt; gzip)",
      "no-raw",
      noRawSizes,
      { tiers: ["dsp", "hit", "tcm", "evt"], compress: "gzip" },
    )),
  );
  const rawSizes = opts.quick
    ? [
        { cycles: 1, events: 1_000 },
        { cycles: 2, events: 2_000 },
      ]
    : [
        { cycles: 2, events: 5_000 },
        { cycles: 4, events: 10_000 },
      ];
  rows.push(
    ...(await realisticRows(
      opts,
      "generate realistic tree with raw (all tiers; gzip, plain waveforms)",
      "raw",
      rawSizes,
      { compress: "gzip", encode: "none" },
    )),
  );
  for (const events of opts.quick ? [5_000, 20_000] : [20_000, 200_000])
    rows.push(simulationRow(events, false));
  for (const events of opts.quick ? [500, 2_000] : [2_000, 10_000]) rows.push(simulationRow(events, true));
  rows.push(...(await smallCycleRows(opts)));
  return rows;
}
