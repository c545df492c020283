// Worker tasks for the waveform browser's heavier computations: derived traces of a page (or more)
// of waveforms and the template of a whole selection, off the main thread, cancellable between rows.
// Inputs and outputs are typed-array blocks (transferred, not cloned). Also the exploration's per-cycle work.
import { computeDerivedTrace } from "../../services/analysis/derived-traces.ts";
import {
  blockRow,
  meanWaveform,
  type TemplateWaveform,
  type WaveformBlock,
} from "../../services/analysis/waveform.ts";
import type { NumericArray } from "../../services/analysis/binning.ts";
import type { TaskContext } from "../pool.ts";
import { ExpressionError } from "../../../shared/query/index.ts";
import {
  type CountTaskResult,
  type CycleProblem,
  CycleProblemError,
  type CycleTaskArgs,
  type EntriesTaskResult,
  type HistogramTaskArgs,
  type HistogramTaskResult,
  type ValuesTaskArgs,
  type ValuesTaskResult,
  clearCycleState,
  countCycles,
  entriesOfCycles,
  histogramCycles,
  valuesOfCycles,
  warmCycleReadSteps,
  warmCycleWork,
} from "../../services/app/exploration/cycle-work.ts";

export interface DerivedTracesArgs {
  /** A DERIVED_TRACES id. */
  id: string;
  params?: Record<string, number>;
  block: WaveformBlock;
  /** Rows to compute (default all), in output order. */
  rows?: Uint32Array;
}

/** Derived traces as a block: row j of `values` is the trace of input row rows[j]. */
export interface DerivedTracesResult {
  nRows: number;
  nSamples: number;
  t0: Float64Array;
  dt: Float64Array;
  values: Float64Array;
}

/** Progress of derivedTraces: rows done so far. */
export interface DerivedTracesProgress {
  done: number;
  total: number;
}

const ROWS_PER_CHECK = 256;

export function derivedTraces(args: DerivedTracesArgs, ctx: TaskContext): DerivedTracesResult {
  const { block } = args;
  const rows = args.rows ?? Uint32Array.from({ length: block.nRows }, (_, i) => i);
  const n = block.nSamples;
  const out: DerivedTracesResult = {
    nRows: rows.length,
    nSamples: n,
    t0: new Float64Array(rows.length),
    dt: new Float64Array(rows.length),
    values: new Float64Array(rows.length * n),
  };
  for (let j = 0; j < rows.length; j++) {
    if (j % ROWS_PER_CHECK === 0 && j > 0) {
      ctx.checkCancelled();
      ctx.progress({ done: j, total: rows.length } satisfies DerivedTracesProgress);
    }
    const trace = computeDerivedTrace(args.id, blockRow(block, rows[j]!), args.params ?? {});
    out.t0[j] = trace.t0;
    out.dt[j] = trace.dt;
    out.values.set(trace.values, j * n);
  }
  return out;
}

export interface TemplateArgs {
  block: WaveformBlock;
  rows?: Uint32Array;
  align?: NumericArray;
  baseline?: [number, number];
  normalizeBy?: NumericArray;
}

export function templateWaveform(args: TemplateArgs, ctx: TaskContext): TemplateWaveform {
  ctx.checkCancelled();
  const opts: Parameters<typeof meanWaveform>[1] = {};
  if (args.rows !== undefined) opts.rows = args.rows;
  if (args.align !== undefined) opts.align = args.align;
  if (args.baseline !== undefined) opts.baseline = args.baseline;
  if (args.normalizeBy !== undefined) opts.normalizeBy = args.normalizeBy;
  return meanWaveform(args.block, opts);
}

// ---- exploration: live counts, histograms and column values per cycle, over columns cached in the worker ----

/** A cycle task's answer: its result, or a problem the user must see (sent as data, keeps its text). */
export type CycleOutcome<T> = { value: T } | CycleProblem;

function runCycles<T>(work: () => T): CycleOutcome<T> {
  try {
    return { value: work() };
  } catch (error) {
    if (error instanceof ExpressionError)
      return { problem: error.message, name: error.name, position: error.position, end: error.end };
    if (error instanceof CycleProblemError) return { problem: error.message };
    throw error;
  }
}

/** Progress of a cycle task: cycles of its share done. */
export interface CycleProgress {
  done: number;
  total: number;
}

function reporter(ctx: TaskContext, total: number): (done: number) => void {
  return (done) => ctx.progress({ done, total } satisfies CycleProgress);
}

export function exploreHistogram(
  args: HistogramTaskArgs,
  ctx: TaskContext,
): CycleOutcome<HistogramTaskResult> {
  return runCycles(() => histogramCycles(args, () => ctx.checkCancelled(), reporter(ctx, args.rows.length)));
}

export function exploreCount(args: CycleTaskArgs, ctx: TaskContext): CycleOutcome<CountTaskResult> {
  return runCycles(() => countCycles(args, () => ctx.checkCancelled(), reporter(ctx, args.rows.length)));
}

export function exploreValues(args: ValuesTaskArgs, ctx: TaskContext): CycleOutcome<ValuesTaskResult> {
  return runCycles(() => valuesOfCycles(args, () => ctx.checkCancelled(), reporter(ctx, args.rows.length)));
}

export function exploreEntries(args: CycleTaskArgs, ctx: TaskContext): CycleOutcome<EntriesTaskResult> {
  return runCycles(() => entriesOfCycles(args, () => ctx.checkCancelled(), reporter(ctx, args.rows.length)));
}

/** Drops the worker's exploration caches (dataset closed); also warms the worker up after start. */
export function exploreClear(): boolean {
  clearCycleState();
  return true;
}

/** Loads this module in a fresh worker and warms the exploration's hot loops (see CycleWorkers.warm). */
export function exploreWarm(): boolean {
  warmCycleWork();
  return true;
}

/**
 * Readies the read path of a first draw while the worker is idle (see warmCycleReadSteps); yields to the
 * event loop between its steps, so that a cancel (real work is waiting) stops it within one step.
 */
export async function exploreWarmReads(_args: null, ctx: TaskContext): Promise<boolean> {
  const steps = warmCycleReadSteps();
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await new Promise((resolve) => setImmediate(resolve));
      ctx.checkCancelled();
    }
  } finally {
    steps.return(false); // runs its clean-up when stopped early
  }
}

/** The tasks of this module, as the pool calls them (`pool.run("analysis", …)`). */
export const api = {
  derivedTraces,
  templateWaveform,
  exploreHistogram,
  exploreCount,
  exploreValues,
  exploreEntries,
  exploreClear,
  exploreWarm,
  exploreWarmReads,
};
export type AnalysisApi = typeof api;
