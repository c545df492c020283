// The data generator: cycles per second for whole multi-tier trees at two sizes (plain gzip and encoded
// waveforms with zstd), and the simulation alone, which shows how much of the time the HDF5 writing takes.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { calibrateChannel } from "../../electron/services/generator/calibration.ts";
import { shardOverPool } from "../../electron/workers/shards.ts";
import { makeChannels } from "../../electron/services/generator/channels.ts";
import { simulateCycle } from "../../electron/services/generator/cycle.ts";
import { generateDataset, type GenerateOptions } from "../../electron/services/generator/index.ts";
import { CYCLE_LIVE_SECONDS, cycleKey } from "../../electron/services/generator/layout.ts";
import { initH5 } from "../../electron/services/lh5/h5.ts";
import type { BenchOptions, BenchRow } from "./types.ts";
import { median } from "./stats.ts";

const CHANNELS = 2;
const EVENTS = 10;

/** Seconds and bytes of generating a fresh tree of `cycles` cycles, `runs` times. */
async function timeTrees(
  opts: BenchOptions,
  label: string,
  cycles: number,
  runs: number,
  extra: Partial<GenerateOptions>,
): Promise<{ seconds: number[]; cpuSeconds: number[]; bytes: number; files: number }> {
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let bytes = 0;
  let files = 0;
  for (let run = 0; run < runs; run++) {
    const dir = join(opts.workDir, `${label}-${cycles}-${run}`);
    const started = performance.now();
    const cpu = process.cpuUsage(); // the whole process: worker threads included
    const result = await generateDataset(dir, {
      cycles,
      channels: CHANNELS,
      events: EVENTS,
      seed: run,
      ...extra,
    });
    seconds.push((performance.now() - started) / 1000);
    const used = process.cpuUsage(cpu);
    cpuSeconds.push((used.user + used.system) / 1e6);
    bytes = result.bytes;
    files = result.files;
    rmSync(dir, { recursive: true, force: true });
    opts.log(`${label}: ${cycles} cycles in ${seconds.at(-1)!.toFixed(1)} s`);
  }
  return { seconds, cpuSeconds, bytes, files };
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

/** Hits per second of the simulation alone (waveforms, DSP, hit, TCM), no file written. */
function timeSimulation(cycles: number, runs: number): { seconds: number[]; hits: number } {
  const channels = makeChannels(CHANNELS, 1);
  const calibrations = channels.map(calibrateChannel);
  const seconds: number[] = [];
  let hits = 0;
  for (let run = 0; run < runs; run++) {
    hits = 0;
    const started = performance.now();
    for (let index = 0; index < cycles; index++) {
      const key = cycleKey(index);
      const cycle = simulateCycle(
        {
          seed: run,
          index,
          type: key.type,
          start: key.start,
          duration: CYCLE_LIVE_SECONDS,
          events: EVENTS,
          waveforms: true,
        },
        channels,
        calibrations,
      );
      for (const c of cycle.channels) hits += c.rows;
    }
    seconds.push((performance.now() - started) / 1000);
  }
  return { seconds, hits };
}

export async function benchGenerator(opts: BenchOptions): Promise<BenchRow[]> {
  await initH5();
  const sizes = opts.quick ? [20, 200] : [200, 2000];
  // the small size three times for a median, the large one once (it takes minutes)
  const runsFor = (cycles: number): number => (cycles === sizes[0] ? 3 : 1);
  const rows: BenchRow[] = [];
  const shape = `${CHANNELS} ch × ${EVENTS} events per cycle, 5 tiers`;
  for (const [label, extra, what] of [
    ["gzip", { compress: "gzip", encode: "none" }, "generate tree (gzip, plain waveforms)"],
    ["zstd-radware", { compress: "zstd", encode: "radware" }, "generate tree (zstd, radware waveforms)"],
  ] as const) {
    for (const cycles of sizes) {
      const runs = runsFor(cycles);
      const { seconds, cpuSeconds, bytes, files } = await timeTrees(opts, label, cycles, runs, extra);
      const s = median(seconds);
      const cpuPerCycle = (1000 * median(cpuSeconds)) / cycles;
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
          `${shape}; ${files} files, ${(bytes / 1e6).toFixed(1)} MB, ${(bytes / 1e6 / s).toFixed(1)} MB/s; ` +
          `CPU ${cpuPerCycle.toFixed(0)} ms per cycle (all threads); 10,000 cycles ≈ ${((10000 * s) / cycles / 60).toFixed(1)} min ` +
          `at this speed${shardOverPool({ size: 2, liveWorkers: 0 }, "generatorCycle", cycles) ? ", written by one worker per core" : ", one thread"}`,
      });
    }
  }
  for (const cycles of sizes) {
    const runs = runsFor(cycles);
    const { seconds, hits } = timeSimulation(cycles, runs);
    rows.push({
      name: "simulate only (waveforms, DSP, hit, TCM; no writing)",
      size: `${cycles} cycles`,
      unit: "cycles/s",
      median: cycles / median(seconds),
      runs,
      note: `${hits} hits, ${(hits / median(seconds)).toFixed(0)} hits/s`,
    });
  }
  return rows;
}
