// Regular binning shared by the 1-D, 2-D and grouped histograms and by bin selection.
//
// Bin rule (numpy.histogram's, stated once here): bin k holds edges[k] <= x < edges[k+1]; the LAST bin
// is closed, edges[n-1] <= x <= edges[n]. x < edges[0] (and -inf) is underflow, x > edges[n] (and +inf)
// is overflow, NaN is counted apart. The index is computed arithmetically and then corrected against
// the stored edges (as numpy does), so membership is decided by exactly the edges the UI shows and
// `selectInRange(values, edges[k], edges[k+1])` returns exactly the entries counted in bin k.
import type { NumericData } from "../../../shared/lgdo/model.ts";
import { AnalysisError } from "./errors.ts";

/** Any numeric column the reader returns (64-bit integers arrive as Float64Array). */
export type NumericArray = NumericData;

/** Include mask: entry i counts when mask[i] !== 0. */
export type EntryMask = Uint8Array;

export interface Binning {
  bins: number;
  /** Log-spaced edges (geometric) instead of equal widths. */
  log: boolean;
  lo: number;
  hi: number;
  /** bins + 1 edges, edges[0] = lo and edges[bins] = hi exactly. */
  edges: Float64Array;
  /** Index arithmetic, precomputed: k ≈ floor((t(x) - tLo) * scale), t = ln for log bins. */
  tLo: number;
  scale: number;
}

/** locateBin results outside 0..bins-1. */
export const UNDERFLOW = -1;
export const OVERFLOW = -2;
export const NOT_A_NUMBER = -3;

export const MAX_BINS = 10_000_000;

/** Validates bins and range and builds the edges (numpy.linspace / numpy.geomspace layout). */
export function makeBinning(bins: number, range: readonly [number, number], log = false): Binning {
  if (!Number.isInteger(bins) || bins < 1 || bins > MAX_BINS)
    throw new AnalysisError(`bins must be an integer from 1 to ${MAX_BINS}, got ${bins}`);
  const [lo, hi] = range;
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    throw new AnalysisError(`histogram range must be finite, got [${lo}, ${hi}]`);
  if (!(hi > lo)) throw new AnalysisError(`histogram range must have max > min, got [${lo}, ${hi}]`);
  if (log && !(lo > 0)) throw new AnalysisError(`log-spaced bins need a range above 0, got [${lo}, ${hi}]`);
  const edges = new Float64Array(bins + 1);
  if (log) {
    const logLo = Math.log10(lo);
    const logStep = (Math.log10(hi) - logLo) / bins;
    for (let k = 0; k <= bins; k++) edges[k] = 10 ** (logLo + k * logStep);
  } else {
    const step = (hi - lo) / bins;
    for (let k = 0; k <= bins; k++) edges[k] = lo + k * step;
  }
  edges[0] = lo;
  edges[bins] = hi;
  const tLo = log ? Math.log(lo) : lo;
  const scale = bins / ((log ? Math.log(hi) : hi) - tLo);
  return { bins, log, lo, hi, edges, tLo, scale };
}

/**
 * Bin index of x under the rule above, or UNDERFLOW / OVERFLOW / NOT_A_NUMBER.
 * Small enough for V8 to inline into the fill loops.
 */
export function locateBin(binning: Binning, x: number): number {
  const { lo, hi, bins, edges } = binning;
  if (!(x >= lo)) return x !== x ? NOT_A_NUMBER : UNDERFLOW;
  if (x > hi) return OVERFLOW;
  let k = Math.floor(((binning.log ? Math.log(x) : x) - binning.tLo) * binning.scale);
  if (k >= bins) k = bins - 1;
  else if (k < 0) k = 0;
  // Rounding in the arithmetic can be one bin off next to an edge: settle it on the stored edges.
  if (x < edges[k]!) k -= 1;
  else if (k < bins - 1 && x >= edges[k + 1]!) k += 1;
  return k;
}

/** Minimum and maximum of the finite values (NaN and ±inf ignored); undefined when there are none. */
export function finiteMinMax(
  values: NumericArray,
  mask?: EntryMask,
  positiveOnly = false,
): { min: number; max: number } | undefined {
  const acc = new MinMaxAccumulator(positiveOnly);
  acc.add(values, mask);
  return acc.result();
}

/** Values per block when a column that is not float64 is converted for the hot loops (128 KiB, stays in L2). */
const BLOCK_VALUES = 16_384;
let blockBuffer: Float64Array | null = null;

/**
 * Calls `visit` with the values as Float64Array pieces in order, each with the index of its first value:
 * a Float64Array as itself, any other type converted block by block (a native copy) into one reused
 * buffer. The hot loops then see a single array class, so V8 keeps them monomorphic and the code a
 * warm-up optimised is the code a real call of any column type runs. `visit` must not keep the block
 * nor call forEachFloat64Block itself (one buffer per thread).
 */
export function forEachFloat64Block(
  values: NumericArray,
  visit: (block: Float64Array, offset: number) => void,
): void {
  if (values instanceof Float64Array) {
    visit(values, 0);
    return;
  }
  blockBuffer ??= new Float64Array(BLOCK_VALUES);
  for (let from = 0; from < values.length; from += BLOCK_VALUES) {
    const to = Math.min(from + BLOCK_VALUES, values.length);
    const block = to - from === BLOCK_VALUES ? blockBuffer : blockBuffer.subarray(0, to - from);
    block.set(values.subarray(from, to));
    visit(block, from);
  }
}

/** First pass of a file-by-file histogram: min and max of finite values over every chunk. */
export class MinMaxAccumulator {
  /** [min, max] so far and the floor values must be above: unboxed numbers for the loop (see fill-linear.ts). */
  private readonly extent: Float64Array;

  /** positiveOnly: ignore values <= 0 too (for log-spaced bins). */
  constructor(positiveOnly = false) {
    this.extent = Float64Array.of(Infinity, -Infinity, positiveOnly ? 0 : -Infinity);
  }

  add(values: NumericArray, mask?: EntryMask): void {
    checkMask(values, mask, "values");
    primeMinMax();
    const extent = this.extent;
    forEachFloat64Block(values, (block, offset) => minMaxBlock(block, mask, offset, extent));
  }

  merge(other: MinMaxAccumulator): void {
    if (other.extent[0]! < this.extent[0]!) this.extent[0] = other.extent[0]!;
    if (other.extent[1]! > this.extent[1]!) this.extent[1] = other.extent[1]!;
  }

  result(): { min: number; max: number } | undefined {
    const min = this.extent[0]!;
    const max = this.extent[1]!;
    return min <= max ? { min, max } : undefined;
  }
}

/** Folds the values above the floor and below +inf (mask[offset + i] !== 0) into extent = [min, max, floor]. */
function minMaxBlock(
  values: Float64Array,
  mask: EntryMask | undefined,
  blockOffset: number,
  extent: Float64Array,
): void {
  let min = extent[0]!;
  let max = extent[1]!;
  const floor = extent[2]!;
  const offset = blockOffset | 0;
  for (let i = 0; i < values.length; i++) {
    if (mask !== undefined && mask[offset + i] === 0) continue;
    const x = values[i]!;
    // NaN fails every comparison; ±inf are excluded explicitly.
    if (x > floor && x < Infinity) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  extent[0] = min;
  extent[1] = max;
}

let minMaxPrimed = false;

/** Runs minMaxBlock once over values that take every branch, before its first real use (see fill-linear.ts). */
function primeMinMax(): void {
  if (minMaxPrimed) return;
  minMaxPrimed = true;
  const values = Float64Array.of(0.5, -0.25, 2.5, NaN, Infinity, -Infinity, 1.5, -1.5);
  const mask = Uint8Array.of(1, 0, 1, 1, 1, 1, 0, 1);
  for (let round = 0; round < 4; round++)
    for (const floor of [0, -Infinity]) {
      const extent = Float64Array.of(Infinity, -Infinity, floor);
      minMaxBlock(values, undefined, 0, extent);
      minMaxBlock(values, mask, 0, extent);
    }
}

// Up to 50: Math.log10 may floor one decade low, so the list spans two decades.
const NICE_STEPS = [1, 2, 2.5, 5, 10, 20, 25, 50];

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above `raw`. */
function niceStepAtLeast(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const factor of NICE_STEPS) if (factor * magnitude >= raw * (1 - 1e-12)) return factor * magnitude;
  return 100 * magnitude;
}

/** A nice step strictly above `step` (to widen a binning that missed max). */
function nextNiceStep(step: number): number {
  const grown = niceStepAtLeast(step * 1.000001);
  return grown > step ? grown : step * 2;
}

/**
 * Range for `bins` bins covering [min, max] with a round bin width (1, 2, 2.5, 5 × 10^k) and a lower
 * edge on a multiple of it, as ROOT's automatic binning does. min == max gives numpy's [v - 0.5, v + 0.5]
 * (decades around v for log bins). Log bins get whole decades.
 */
export function niceRange(min: number, max: number, bins: number, log = false): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max)
    throw new AnalysisError(`cannot choose a range from min ${min} and max ${max}`);
  if (log) {
    if (!(min > 0)) throw new AnalysisError(`log-spaced bins need values above 0, smallest is ${min}`);
    const lo = 10 ** Math.floor(Math.log10(min));
    let hi = 10 ** Math.ceil(Math.log10(max));
    if (hi < max) hi *= 10; // 10 ** ceil can round below max for exact powers
    return hi > lo ? [lo, hi] : [lo, lo * 10];
  }
  if (min === max) return [min - 0.5, max + 0.5];
  const firstStep = niceStepAtLeast((max - min) / bins);
  let step = firstStep;
  // The last bin is closed, so hi == max is inside; widen the step a little until max fits.
  for (let attempt = 0; attempt < 4; attempt++) {
    const lo = Math.floor(min / step) * step;
    const hi = lo + bins * step;
    if (hi >= max && Number.isFinite(hi)) return [lo, hi];
    step = nextNiceStep(step);
  }
  // A round lower edge would need a much wider step (e.g. one bin across 0): start at min instead.
  return [min, Math.max(max, min + bins * firstStep)];
}

/** Range from the data when none is given: nice-rounded finite min/max, or [0, 1] for no finite values. */
export function autoRange(
  values: NumericArray,
  bins: number,
  log = false,
  mask?: EntryMask,
): [number, number] {
  const extent = finiteMinMax(values, mask, log);
  if (extent === undefined) return log ? [1, 10] : [0, 1];
  return niceRange(extent.min, extent.max, bins, log);
}

/** Throws unless mask (when given) is one entry per value. */
export function checkMask(values: { length: number }, mask: EntryMask | undefined, what: string): void {
  if (mask !== undefined && mask.length !== values.length)
    throw new AnalysisError(`mask has ${mask.length} entries but ${what} has ${values.length}`);
}
