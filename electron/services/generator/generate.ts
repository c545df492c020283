// generateDataset: a LEGEND-like multi-tier dataset of any size on disk, with its FileDB and DataLoader
// configs and a channel map. Each cycle has its own random streams, so the output depends only on the seed.
import { setMaxListeners } from "node:events";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { initH5 } from "../lh5/h5.ts";
import { writeLh5 } from "../lh5/writer.ts";
import { WorkerPool } from "../../workers/pool.ts";
import { ProgressSum, shardOverPool } from "../../workers/shards.ts";
import { workerLimit } from "../../workers/worker-limit.ts";
import { calibrateChannel, type ChannelCalibration } from "./calibration.ts";
import { cyclesPerTask, ruleCycleUnits } from "./cost.ts";
import { auxChannels, makeChannels, type ChannelInfo } from "./channels.ts";
import { simulateCycle } from "./cycle.ts";
import {
  CHANNELMAP_DIR,
  CYCLE_LIVE_SECONDS,
  DATAFLOW_CONFIG_NAME,
  DATALOADER_CONFIG_NAME,
  FILEDB_CONFIG_NAME,
  METADATA_DIR,
  cycleKey,
  dataLoaderConfig,
  dataflowConfig,
  fileDbConfig,
  tierFilePath,
} from "./layout.ts";
import { CHANNELMAP_FILE, channelMapYaml, validityYaml } from "./metadata.ts";
import { GeneratorError, checkOptions, type CheckedOptions, type GenerateOptions } from "./options.ts";
import { tierObjects } from "./tables.ts";
import type { CycleRangeArgs } from "./cycles-task.ts";

export interface GeneratedDataset {
  /** Absolute dataset folder. */
  root: string;
  filedbConfigPath: string;
  dataloaderConfigPath: string;
  /** LEGEND metadata root (holds hardware/configuration/channelmaps). */
  metadataDir: string;
  channelMapDir: string;
  /** LH5 files written and their total size in bytes. */
  files: number;
  bytes: number;
}

/** Name of the file that records how a dataset was made. */
export const GENERATOR_RECORD_NAME = "generator.json";

function refuseNonEmpty(root: string, force: boolean): void {
  if (!existsSync(root)) return;
  if (!statSync(root).isDirectory()) throw new GeneratorError(`output '${root}' exists and is not a folder`);
  if (!force && readdirSync(root).length > 0) {
    throw new GeneratorError(`output folder '${root}' is not empty (pass force to write into it anyway)`);
  }
}

function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function writeSideFiles(root: string, { opts, channels }: DatasetSetup): void {
  writeText(join(root, FILEDB_CONFIG_NAME), `${JSON.stringify(fileDbConfig(opts.tiers), null, 2)}\n`);
  writeText(join(root, DATALOADER_CONFIG_NAME), `${JSON.stringify(dataLoaderConfig(opts.tiers), null, 2)}\n`);
  writeText(join(root, DATAFLOW_CONFIG_NAME), `${JSON.stringify(dataflowConfig(opts.tiers), null, 2)}\n`);
  writeText(join(root, CHANNELMAP_DIR, "validity.yaml"), validityYaml());
  writeText(join(root, CHANNELMAP_DIR, CHANNELMAP_FILE), channelMapYaml(channels, auxChannels()));
  const record = {
    generator: "lh5-browser generate",
    cycles: opts.cycles,
    channels: opts.channels,
    events: opts.events,
    seed: opts.seed,
    compress: opts.compress,
    encode: opts.encode,
    tiers: opts.tiers,
  };
  writeText(join(root, GENERATOR_RECORD_NAME), `${JSON.stringify(record, null, 2)}\n`);
}

/** The detectors of a dataset and their calibrations: made once, used for every cycle. */
export interface DatasetSetup {
  opts: CheckedOptions;
  channels: ChannelInfo[];
  calibrations: ChannelCalibration[];
}

export function prepareSetup(opts: CheckedOptions): DatasetSetup {
  const channels = makeChannels(opts.channels, opts.seed);
  return { opts, channels, calibrations: channels.map(calibrateChannel) };
}

/** Simulates cycle `index` and writes its tier files under `root`; returns files and bytes written. */
export function writeCycle(
  root: string,
  setup: DatasetSetup,
  index: number,
): { files: number; bytes: number } {
  const { opts, channels, calibrations } = setup;
  const key = cycleKey(index);
  const cycle = simulateCycle(
    {
      seed: opts.seed,
      index,
      type: key.type,
      start: key.start,
      duration: CYCLE_LIVE_SECONDS,
      events: opts.events,
      // Waveforms are rendered only when they are written; without them the DSP model draws the same parameters.
      waveforms: opts.tiers.includes("raw"),
    },
    channels,
    calibrations,
  );
  let bytes = 0;
  for (const tier of opts.tiers) {
    const path = join(root, tierFilePath(key, tier));
    mkdirSync(dirname(path), { recursive: true });
    writeLh5(path, tierObjects(cycle, channels, tier, opts.encode), {
      compression: opts.compress,
      overwrite: opts.force,
    });
    bytes += statSync(path).size;
  }
  return { files: opts.tiers.length, bytes };
}

/** Lets pending timers and I/O callbacks (progress output, abort) run between cycles. */
const yieldToEventLoop = (): Promise<void> => new Promise((done) => setImmediate(done));

interface Totals {
  files: number;
  bytes: number;
}

async function writeInThisThread(
  root: string,
  setup: DatasetSetup,
  options: GenerateOptions,
): Promise<Totals> {
  const totals = { files: 0, bytes: 0 };
  const total = setup.opts.cycles;
  for (let index = 0; index < total; index++) {
    options.signal?.throwIfAborted();
    const written = writeCycle(root, setup, index);
    totals.files += written.files;
    totals.bytes += written.bytes;
    options.onProgress?.(index + 1, total);
    if ((index + 1) % 8 === 0) await yieldToEventLoop();
  }
  return totals;
}

async function writeInWorkers(
  root: string,
  opts: CheckedOptions,
  workers: number,
  options: GenerateOptions,
): Promise<Totals> {
  const pool = new WorkerPool({ size: workers });
  // One controller stops every task when the caller aborts or any task fails.
  const stop = new AbortController();
  // every queued task listens on it until it runs: many listeners by design, not a leak
  setMaxListeners(0, stop.signal);
  const onAbort = (): void => stop.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const perTask = cyclesPerTask(opts);
  const progress = new ProgressSum(Math.ceil(opts.cycles / perTask), (done) =>
    options.onProgress?.(done, opts.cycles),
  );
  try {
    const tasks: Array<Promise<Totals>> = [];
    for (let first = 0; first < opts.cycles; first += perTask) {
      const args: CycleRangeArgs = {
        root,
        opts,
        first,
        count: Math.min(perTask, opts.cycles - first),
      };
      const report = progress.part(first / perTask);
      let written = 0;
      const task = pool.run("generate", "writeCycleRange", args, {
        signal: stop.signal,
        onProgress: () => report(++written),
      });
      tasks.push(
        task.catch((error: unknown) => {
          stop.abort(error);
          throw error;
        }),
      );
    }
    const results = await Promise.allSettled(tasks);
    options.signal?.throwIfAborted();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    return results.reduce(
      (sum, r) =>
        r.status === "fulfilled"
          ? { files: sum.files + r.value.files, bytes: sum.bytes + r.value.bytes }
          : sum,
      { files: 0, bytes: 0 },
    );
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    await pool.close();
  }
}

/**
 * Worker threads to use: as asked (at most one per task), else one per core (workerLimit) when shardOverPool's
 * rule, given the dataset in its unit of small cycles, says the work is worth starting workers for.
 */
function workerCount(opts: CheckedOptions, asked: number | undefined): number {
  if (asked !== undefined) return Math.min(asked, Math.ceil(opts.cycles / cyclesPerTask(opts)));
  const size = workerLimit();
  return shardOverPool({ size, liveWorkers: 0 }, "generatorCycle", ruleCycleUnits(opts)) ? size : 0;
}

/**
 * Generates a dataset into `outDir` (created if missing; refused if not empty unless `force`).
 * Big datasets are written by worker threads (`workers`, default one per core from about 7 s of work: 200 small
 * cycles, or a few large ones); the files are the same either way. Files already written stay when the signal
 * aborts; each LH5 file appears whole or not at all.
 */
export async function generateDataset(outDir: string, options: GenerateOptions): Promise<GeneratedDataset> {
  const opts = checkOptions(options);
  const root = resolve(outDir);
  refuseNonEmpty(root, opts.force);
  options.signal?.throwIfAborted();
  await initH5();
  mkdirSync(root, { recursive: true });
  const setup = prepareSetup(opts);
  writeSideFiles(root, setup);

  options.onProgress?.(0, opts.cycles);
  const workers = workerCount(opts, options.workers);
  const totals =
    workers > 0
      ? await writeInWorkers(root, opts, workers, options)
      : await writeInThisThread(root, setup, options);
  return {
    root,
    filedbConfigPath: join(root, FILEDB_CONFIG_NAME),
    dataloaderConfigPath: join(root, DATALOADER_CONFIG_NAME),
    metadataDir: join(root, METADATA_DIR),
    channelMapDir: join(root, CHANNELMAP_DIR),
    files: totals.files,
    bytes: totals.bytes,
  };
}
