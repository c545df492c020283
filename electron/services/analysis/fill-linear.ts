// The fast fill loops of the common case: linear bins, no weights, float64 values (other column types are
// converted block by block, see forEachFloat64Block), with or without a mask. They give bit-identical
// results to the general loops in histogram.ts: same bin rule (binning.ts), same sums in the same order.
//
// Why they look as they do: V8 optimises a loop for the types and branches it has seen. A loop that first
// meets a branch or a store it has never run (an edge correction, an overflow, the write-back after the
// loop) throws its optimised code away there, and on-stack-replaced code can keep doing so on every call.
// So each loop takes typed arrays only (no object whose field types could change), sees only Float64Array
// values, and is run once over values that take every branch (primeLinearLoops) before its first real use.
// Its number constants come in a Float64Array too: a number parameter stays boxed and is checked again at
// each use inside the loop (measured: 1.5× the time of the loop on unboxed constants).
import {
  forEachFloat64Block,
  makeBinning,
  type Binning,
  type EntryMask,
  type NumericArray,
} from "./binning.ts";

/** Slots of a sums array: the running totals of one fill. */
export const SUM_ENTRIES = 0;
export const SUM_UNDERFLOW = 1;
export const SUM_OVERFLOW = 2;
export const SUM_NAN = 3;
/** Sum of (x - shift) and of (x - shift)² over the in-range values. */
export const SUM_D = 4;
export const SUM_D2 = 5;
export const SUM_SLOTS = 6;

/** Slots of a loop's constants: the binning's lo, hi and scale, the moments' shift, and bins - 1. */
const C_LO = 0;
const C_HI = 1;
const C_SCALE = 2;
const C_SHIFT = 3;
const C_LAST = 4;

function loopConstants(binning: Binning, shift: number): Float64Array {
  return Float64Array.of(binning.lo, binning.hi, binning.scale, shift, binning.bins - 1);
}

/** Linear bins whose index arithmetic stays finite (always, unless hi - lo overflows to Infinity). */
export function hasFastLinearLoop(binning: Binning): boolean {
  return !binning.log && Number.isFinite(binning.hi - binning.lo);
}

/**
 * Adds the values (where mask is not 0) to counts and to the running totals in `sums` (SUM_* slots),
 * which carry from block to block so a converted column adds up in the order of one loop over it.
 */
export function fillLinear(
  binning: Binning,
  counts: Float64Array,
  shift: number,
  sums: Float64Array,
  values: NumericArray,
  mask: EntryMask | undefined,
): void {
  primeLinearLoops();
  const constants = loopConstants(binning, shift);
  const edges = binning.edges;
  forEachFloat64Block(values, (block, offset) => {
    if (mask === undefined) fillLinearAll(block, constants, edges, counts, sums);
    else fillLinearMasked(block, mask, offset, constants, edges, counts, sums);
  });
}

/**
 * The unmasked loop. x >= lo makes (x - lo) * scale >= 0, so `| 0` is floor here (bins <= 10^7 < 2^31);
 * the index is then settled on the stored edges exactly as locateBin does.
 */
function fillLinearAll(
  values: Float64Array,
  constants: Float64Array,
  edges: Float64Array,
  counts: Float64Array,
  sums: Float64Array,
): void {
  const lo = constants[C_LO]!;
  const hi = constants[C_HI]!;
  const scale = constants[C_SCALE]!;
  const shift = constants[C_SHIFT]!;
  const last = constants[C_LAST]! | 0;
  let entries = sums[SUM_ENTRIES]!;
  let underflow = sums[SUM_UNDERFLOW]!;
  let overflow = sums[SUM_OVERFLOW]!;
  let nan = sums[SUM_NAN]!;
  let sumD = sums[SUM_D]!;
  let sumD2 = sums[SUM_D2]!;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x >= lo && x <= hi) {
      let k = ((x - lo) * scale) | 0;
      if (k > last) k = last;
      if (x < edges[k]!) k--;
      else if (k < last && x >= edges[k + 1]!) k++;
      counts[k]! += 1;
      const d = x - shift;
      entries++;
      sumD += d;
      sumD2 += d * d;
    } else if (x > hi) overflow++;
    else if (x !== x) nan++;
    else underflow++;
  }
  sums[SUM_ENTRIES] = entries;
  sums[SUM_UNDERFLOW] = underflow;
  sums[SUM_OVERFLOW] = overflow;
  sums[SUM_NAN] = nan;
  sums[SUM_D] = sumD;
  sums[SUM_D2] = sumD2;
}

/** 1 for a mask byte that includes its entry (any but 0), 0 for one that leaves it out. */
const MASK_WEIGHT = new Float64Array(256).fill(1);
MASK_WEIGHT[0] = 0;

/**
 * fillLinearAll over the entries whose mask byte (mask[offset + i]) is not 0. Without a branch on the
 * mask (a random cut mispredicts it, 1.3× the time): every entry adds its weight m = 0 or 1, and with
 * m = 1 each sum gets exactly what fillLinearAll adds, with m = 0 a zero that changes nothing (the sums
 * start at +0 and so never are -0, the one value + 0 would change).
 */
function fillLinearMasked(
  values: Float64Array,
  mask: EntryMask,
  maskOffset: number,
  constants: Float64Array,
  edges: Float64Array,
  counts: Float64Array,
  sums: Float64Array,
): void {
  const lo = constants[C_LO]!;
  const hi = constants[C_HI]!;
  const scale = constants[C_SCALE]!;
  const shift = constants[C_SHIFT]!;
  const last = constants[C_LAST]! | 0;
  const offset = maskOffset | 0;
  let entries = sums[SUM_ENTRIES]!;
  let underflow = sums[SUM_UNDERFLOW]!;
  let overflow = sums[SUM_OVERFLOW]!;
  let nan = sums[SUM_NAN]!;
  let sumD = sums[SUM_D]!;
  let sumD2 = sums[SUM_D2]!;
  for (let i = 0; i < values.length; i++) {
    const m = MASK_WEIGHT[mask[offset + i]!]!;
    const x = values[i]!;
    if (x >= lo && x <= hi) {
      let k = ((x - lo) * scale) | 0;
      if (k > last) k = last;
      if (x < edges[k]!) k--;
      else if (k < last && x >= edges[k + 1]!) k++;
      counts[k]! += m;
      // |x - shift| <= (hi - lo) / 2 is finite, so m = 0 gives ±0 here, never NaN.
      const d = m * (x - shift);
      entries += m;
      sumD += d;
      sumD2 += d * d;
    } else if (x > hi) overflow += m;
    else if (x !== x) nan += m;
    else underflow += m;
  }
  sums[SUM_ENTRIES] = entries;
  sums[SUM_UNDERFLOW] = underflow;
  sums[SUM_OVERFLOW] = overflow;
  sums[SUM_NAN] = nan;
  sums[SUM_D] = sumD;
  sums[SUM_D2] = sumD2;
}

/** Where entry i's group goes: slot table[keys[i] - minKey] (histogram.ts's SlotMap). */
export interface GroupSlots {
  keys: Int32Array;
  minKey: number;
  table: Int32Array;
}

/**
 * fillLinear split by group: entry i goes to counts[slot * bins + k] and to the totals in
 * sums[slot * SUM_SLOTS + SUM_*]. One loop for both mask cases (this is not the workers' path).
 */
export function fillLinearGrouped(
  binning: Binning,
  counts: Float64Array,
  shift: number,
  sums: Float64Array,
  slots: GroupSlots,
  values: NumericArray,
  mask: EntryMask | undefined,
): void {
  primeLinearLoops();
  const constants = loopConstants(binning, shift);
  const edges = binning.edges;
  const { keys, minKey, table } = slots;
  forEachFloat64Block(values, (block, offset) =>
    fillLinearGroupedBlock(block, mask, keys, table, minKey, offset, constants, edges, counts, sums),
  );
}

function fillLinearGroupedBlock(
  values: Float64Array,
  mask: EntryMask | undefined,
  keys: Int32Array,
  table: Int32Array,
  keyBase: number,
  blockOffset: number,
  constants: Float64Array,
  edges: Float64Array,
  counts: Float64Array,
  sums: Float64Array,
): void {
  const lo = constants[C_LO]!;
  const hi = constants[C_HI]!;
  const scale = constants[C_SCALE]!;
  const shift = constants[C_SHIFT]!;
  const last = constants[C_LAST]! | 0;
  const bins = last + 1;
  const offset = blockOffset | 0;
  const minKey = keyBase | 0;
  for (let i = 0; i < values.length; i++) {
    if (mask !== undefined && mask[offset + i] === 0) continue;
    const x = values[i]!;
    const slot = table[keys[offset + i]! - minKey]!;
    const at = slot * SUM_SLOTS;
    if (x >= lo && x <= hi) {
      let k = ((x - lo) * scale) | 0;
      if (k > last) k = last;
      if (x < edges[k]!) k--;
      else if (k < last && x >= edges[k + 1]!) k++;
      counts[slot * bins + k]! += 1;
      const d = x - shift;
      sums[at + SUM_ENTRIES]! += 1;
      sums[at + SUM_D]! += d;
      sums[at + SUM_D2]! += d * d;
    } else if (x > hi) sums[at + SUM_OVERFLOW]! += 1;
    else if (x !== x) sums[at + SUM_NAN]! += 1;
    else sums[at + SUM_UNDERFLOW]! += 1;
  }
}

/**
 * A binning and values that take every branch of the loops: both ends, both edge corrections (the
 * arithmetic index one too high at -0.428…66, one too low at 0.428…84), under, over, ±inf and NaN.
 * Fractions throughout, so V8 records doubles, as real data gives.
 */
export const PRIMING_RANGE: readonly [number, number] = [-1, 1];
export const PRIMING_BINS = 7;
export const PRIMING_VALUES: readonly number[] = [
  -1,
  1,
  -0.42857142857142866,
  0.4285714285714284,
  0.1,
  -0.55,
  0.9,
  NaN,
  -Infinity,
  Infinity,
  -1.5,
  1.5,
];

let primed = false;

/** Runs every loop once over PRIMING_VALUES (once per thread), so V8 has seen all their branches. */
function primeLinearLoops(): void {
  if (primed) return;
  primed = true;
  const binning = makeBinning(PRIMING_BINS, PRIMING_RANGE);
  const constants = loopConstants(binning, 0.25);
  const edges = binning.edges;
  const values = Float64Array.from(PRIMING_VALUES);
  const mask = Uint8Array.from(PRIMING_VALUES, (_, i) => i % 3);
  const keys = Int32Array.from(values, (_, i) => 5 + (i % 2));
  const table = Int32Array.of(0, 1);
  const counts = new Float64Array(2 * PRIMING_BINS);
  const sums = new Float64Array(2 * SUM_SLOTS);
  for (let round = 0; round < 4; round++) {
    fillLinearAll(values, constants, edges, counts, sums);
    fillLinearMasked(values, mask, 0, constants, edges, counts, sums);
    fillLinearGroupedBlock(values, mask, keys, table, 5, 0, constants, edges, counts, sums);
    fillLinearGroupedBlock(values, undefined, keys, table, 5, 0, constants, edges, counts, sums);
  }
}
