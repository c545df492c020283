// Peak resident memory of `lh5-browser load CONFIG --columns waveform -o OUT`, one child process per run as a
// user runs it, exporting the waveforms of one cycle (N rows) and of ten cycles (10×N rows) of one generated
// dataset, for every format. Exports stream chunk by chunk, so 10× the rows must take less than 1.5× the
// memory; the ratio column says how far inside that bound each format stays (> 1 = within it).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { generateDataset } from "../../electron/services/generator/index.ts";
import { runCli, type CliRun } from "../../test/fixtures/cli-child.ts";
import { median } from "./stats.ts";
import type { BenchOptions, BenchRow } from "./types.ts";

const FORMATS = ["lh5", "csv", "arrow", "parquet"] as const;
/** 10× the rows may take at most this factor of the memory. */
const RSS_GROWTH_BOUND = 1.5;
const MB = 1e6;

/** Cycle timestamps of a generated dataset, from its raw file names, in order. */
function cycleTimestamps(root: string): string[] {
  const names = readdirSync(root, { recursive: true, encoding: "utf8" });
  const stamps = names.flatMap((name) => /-(\d{8}T\d{6}Z)-tier_raw\.lh5$/.exec(name)?.[1] ?? []);
  return [...new Set(stamps)].sort();
}

interface Figure {
  rows: number;
  peakRss: number;
  seconds: number;
  runs: number;
}

/** `runs` exports of a selection to `ext`, each in its own process: medians of peak RSS and wall time. */
async function measure(
  config: string,
  files: string[],
  ext: string,
  out: string,
  runs: number,
  log: (line: string) => void,
): Promise<Figure> {
  const results: CliRun[] = [];
  let rows = 0;
  for (let run = 0; run < runs; run++) {
    const result = await runCli([
      "load",
      config,
      ...(files.length > 0 ? ["--files", files.join(",")] : []),
      "--columns",
      "waveform",
      "-o",
      out,
      "--overwrite",
    ]);
    if (result.status !== 0) throw new Error(`load -o ${ext} failed: ${result.stderr.trim()}`);
    rows = Number(/^wrote (\d+) rows/.exec(result.stdout)?.[1] ?? NaN);
    log(
      `export-memory ${ext}: ${rows} rows in ${result.seconds.toFixed(1)} s, peak RSS ${(result.peakRssBytes / MB).toFixed(0)} MB`,
    );
    results.push(result);
  }
  return {
    rows,
    peakRss: median(results.map((r) => r.peakRssBytes)),
    seconds: median(results.map((r) => r.seconds)),
    runs,
  };
}

export interface ExportMemoryPlan {
  /** Events per cycle of the generated dataset (about 1.1 waveform rows per event with 6 channels). */
  events: number;
  /** Child processes per figure (the median is reported). */
  runs: number;
  formats: readonly (typeof FORMATS)[number][];
}

export function benchExportMemory(opts: BenchOptions): Promise<BenchRow[]> {
  return exportMemoryRows(opts, {
    events: opts.quick ? 400 : 2000,
    runs: opts.quick ? 1 : 3,
    formats: FORMATS,
  });
}

/** The suite's rows for one plan: per format, peak RSS and rows/s at N and 10×N rows. */
export async function exportMemoryRows(
  opts: BenchOptions,
  { events, runs, formats }: ExportMemoryPlan,
): Promise<BenchRow[]> {
  opts.log(`export-memory: generating 10 cycles × 6 channels × ${events} events`);
  const dataset = await generateDataset(join(opts.workDir, "generated"), {
    cycles: 10,
    channels: 6,
    events,
    seed: 1,
    compress: "gzip",
  });
  const first = cycleTimestamps(dataset.root)[0];
  if (first === undefined) throw new Error("the generated dataset has no raw file");
  const rows: BenchRow[] = [];
  for (const ext of formats) {
    const out = join(opts.workDir, `waveforms.${ext}`);
    const small = await measure(dataset.dataloaderConfigPath, [first], ext, out, runs, opts.log);
    const large = await measure(dataset.dataloaderConfigPath, [], ext, out, runs, opts.log);
    const growth = large.peakRss / small.peakRss;
    const rowsRatio = large.rows / small.rows;
    for (const [figure, cycles] of [
      [small, 1],
      [large, 10],
    ] as const) {
      const within =
        figure === large
          ? {
              ratioTo: `${RSS_GROWTH_BOUND} × the peak RSS at N rows`,
              ratio: (RSS_GROWTH_BOUND * small.peakRss) / large.peakRss,
            }
          : {};
      rows.push({
        name: `load -o waveforms to ${ext}: peak RSS of the process`,
        size: `${figure.rows} rows`,
        unit: "MB",
        median: figure.peakRss / MB,
        runs: figure.runs,
        peakRssBytes: figure.peakRss,
        ...within,
        note:
          `${cycles} cycle${cycles > 1 ? "s" : ""} of 1400-sample waveforms, one process per run` +
          (figure === large ? `; ×${rowsRatio.toFixed(1)} rows → ×${growth.toFixed(2)} peak RSS` : ""),
      });
      rows.push({
        name: `load -o waveforms to ${ext}: rows per second`,
        size: `${figure.rows} rows`,
        unit: "rows/s",
        median: figure.rows / figure.seconds,
        runs: figure.runs,
        note: `median ${figure.seconds.toFixed(1)} s for the whole command (start-up, FileDB, export)`,
      });
    }
  }
  return rows;
}
