// The row every benchmark suite returns; build/bench/run.ts collects them and report.ts writes BENCHMARKS.md.

export interface BenchRow {
  /** What is measured, e.g. "column read (waveform values)". Rows with the same name form one figure. */
  name: string;
  /** Input size, leading number first, e.g. "1000 cycles" or "224 MB": the report compares sizes by that number. */
  size: string;
  /** Unit of `median`, e.g. "s", "MB/s", "rows/s". */
  unit: string;
  /** Median over the repeated runs. */
  median: number;
  /** What the ratio compares with, e.g. "fs read of the same bytes" or "pygama 2.3.8". */
  ratioTo?: string;
  /** Our figure divided by the reference's, oriented so that > 1 means we are better (faster, higher throughput). */
  ratio?: number;
  note?: string;
  /** Number of timed runs behind the median. */
  runs?: number;
  /** Peak resident memory (bytes) seen while this figure was measured, if the suite tracks it. */
  peakRssBytes?: number;
}

/** Options the runner passes to every suite. */
export interface BenchOptions {
  /** Smaller inputs and fewer repeats, for a run in a few minutes. */
  quick: boolean;
  /** A scratch folder the suite may fill (trees, outputs); the runner deletes it afterwards. */
  workDir: string;
  /** Progress lines (stderr). */
  log: (line: string) => void;
}
