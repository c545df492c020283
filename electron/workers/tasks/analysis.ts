// Worker tasks for the waveform browser's heavier computations: derived traces of a page (or more)
// of waveforms and the template of a whole selection, off the main thread, cancellable between rows.
// Inputs and outputs are typed-array blocks (transferred, not cloned).
import { computeDerivedTrace } from "../../services/analysis/derived-traces.ts";
import {
  blockRow,
  meanWaveform,
  type TemplateWaveform,
  type WaveformBlock,
} from "../../services/analysis/waveform.ts";
import type { NumericArray } from "../../services/analysis/binning.ts";
import type { TaskContext } from "../pool.ts";

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
