// 1-D histograms over typed-array columns, filled file by file (Histogram1D) or in one call
// (histogram1d). The bin rule is numpy's, see binning.ts. Statistics follow ROOT's stats box:
// mean and std are computed from the exact in-range values (not bin centres), weighted when
// weights are given; std is the population RMS (ROOT's "Std Dev"). Entries, underflow, overflow
// and NaN are numbers of entries (unweighted), the counts per bin are sums of weights.
import {
  autoRange,
  checkMask,
  makeBinning,
  MinMaxAccumulator,
  type Binning,
  type EntryMask,
  type NumericArray,
} from "./binning.ts";
import { AnalysisError } from "./errors.ts";
import {
  fillLinear,
  fillLinearGrouped,
  hasFastLinearLoop,
  type GroupSlots,
  SUM_D,
  SUM_D2,
  SUM_ENTRIES,
  SUM_NAN,
  SUM_OVERFLOW,
  SUM_SLOTS,
  SUM_UNDERFLOW,
} from "./fill-linear.ts";

export interface Histogram1DStats {
  /** Entries inside the range (counted once each, whatever their weight). */
  entries: number;
  /** Sum of the weights of the in-range entries (= entries without weights). */
  sumWeights: number;
  /** Weighted mean of the in-range values; NaN when there are none. */
  mean: number;
  /** Weighted population standard deviation of the in-range values; NaN when there are none. */
  std: number;
  underflow: number;
  overflow: number;
  nan: number;
  /** Every entry looked at (mask applied): entries + underflow + overflow + nan. */
  total: number;
}

export interface Histogram1DResult {
  edges: Float64Array;
  /** Sum of weights per bin (counts without weights). */
  counts: Float64Array;
  log: boolean;
  stats: Histogram1DStats;
}

export interface Histogram1DOptions {
  bins: number;
  /** Fixed range; without it the range comes from the data (finite min/max, nicely rounded). */
  range?: readonly [number, number];
  /** Log-spaced (geometric) bins; the range must be above 0. */
  log?: boolean;
  /** One weight per value. */
  weights?: NumericArray;
  /** Include mask: value i counts when mask[i] !== 0. */
  mask?: EntryMask;
}

/** A histogram's counts and moment sums as plain data (sent between threads, merged elsewhere). */
export interface Histogram1DState {
  counts: Float64Array;
  shift: number;
  entries: number;
  underflow: number;
  overflow: number;
  nan: number;
  sumW: number;
  sumWd: number;
  sumWd2: number;
}

/** Running moments of in-range values, shifted by a constant for numerical stability. */
class Moments {
  entries = 0;
  underflow = 0;
  overflow = 0;
  nan = 0;
  sumW = 0;
  sumWd = 0;
  sumWd2 = 0;

  constructor(readonly shift: number) {}

  merge(other: Moments): void {
    if (other.shift !== this.shift) throw new AnalysisError("cannot merge moments with different shifts");
    this.entries += other.entries;
    this.underflow += other.underflow;
    this.overflow += other.overflow;
    this.nan += other.nan;
    this.sumW += other.sumW;
    this.sumWd += other.sumWd;
    this.sumWd2 += other.sumWd2;
  }

  /** Adds the totals of a fast linear fill (fill-linear.ts) from sums[at + SUM_*]; every weight there is 1. */
  addLinearSums(sums: Float64Array, at: number): void {
    this.entries += sums[at + SUM_ENTRIES]!;
    this.underflow += sums[at + SUM_UNDERFLOW]!;
    this.overflow += sums[at + SUM_OVERFLOW]!;
    this.nan += sums[at + SUM_NAN]!;
    // With weight 1, sumW counts the entries, w * d is d and w * d * d is d * d: the general loop's sums exactly.
    this.sumW += sums[at + SUM_ENTRIES]!;
    this.sumWd += sums[at + SUM_D]!;
    this.sumWd2 += sums[at + SUM_D2]!;
  }

  stats(): Histogram1DStats {
    const hasWeight = this.sumW !== 0;
    const meanShifted = hasWeight ? this.sumWd / this.sumW : NaN;
    const variance = hasWeight ? Math.max(0, this.sumWd2 / this.sumW - meanShifted * meanShifted) : NaN;
    return {
      entries: this.entries,
      sumWeights: this.sumW,
      mean: meanShifted + this.shift,
      std: Math.sqrt(variance),
      underflow: this.underflow,
      overflow: this.overflow,
      nan: this.nan,
      total: this.entries + this.underflow + this.overflow + this.nan,
    };
  }
}

/** Throws unless weights (when given) are one per value. */
export function checkWeights(values: { length: number }, weights: NumericArray | undefined): void {
  if (weights !== undefined && weights.length !== values.length)
    throw new AnalysisError(`weights has ${weights.length} entries but values has ${values.length}`);
}

/**
 * A histogram with fixed binning that fills chunk by chunk (file by file) and merges with others of
 * the same binning, so per-file or per-worker partial histograms add up to the whole.
 */
export class Histogram1D {
  readonly binning: Binning;
  private readonly counts: Float64Array;
  private readonly moments: Moments;

  constructor(opts: { bins: number; range: readonly [number, number]; log?: boolean }) {
    this.binning = makeBinning(opts.bins, opts.range, opts.log ?? false);
    this.counts = new Float64Array(opts.bins);
    this.moments = new Moments((this.binning.lo + this.binning.hi) / 2);
  }

  fill(values: NumericArray, mask?: EntryMask, weights?: NumericArray): this {
    checkMask(values, mask, "values");
    checkWeights(values, weights);
    fillInto(this.binning, this.counts, this.moments, values, mask, weights);
    return this;
  }

  merge(other: Histogram1D): this {
    if (!sameBinning(this.binning, other.binning))
      throw new AnalysisError("cannot merge histograms with different binning");
    for (let k = 0; k < this.counts.length; k++) this.counts[k]! += other.counts[k]!;
    this.moments.merge(other.moments);
    return this;
  }

  /** Entries that are not masked out: in range, under, over or NaN. */
  get total(): number {
    const m = this.moments;
    return m.entries + m.underflow + m.overflow + m.nan;
  }

  /** Counts NaN entries (values a table lacks, as the loader's NaN rows). */
  addNan(count: number): this {
    this.moments.nan += count;
    return this;
  }

  /** Counts and moment sums as data (a copy), to merge into a histogram of the same binning elsewhere. */
  state(): Histogram1DState {
    const m = this.moments;
    return {
      counts: this.counts.slice(),
      shift: m.shift,
      entries: m.entries,
      underflow: m.underflow,
      overflow: m.overflow,
      nan: m.nan,
      sumW: m.sumW,
      sumWd: m.sumWd,
      sumWd2: m.sumWd2,
    };
  }

  result(): Histogram1DResult {
    return {
      edges: this.binning.edges.slice(),
      counts: this.counts.slice(),
      log: this.binning.log,
      stats: this.moments.stats(),
    };
  }
}

export function sameBinning(a: Binning, b: Binning): boolean {
  return a.bins === b.bins && a.lo === b.lo && a.hi === b.hi && a.log === b.log;
}

/** One-call histogram: auto range (from a first pass over the masked values) when none is given. */
export function histogram1d(values: NumericArray, opts: Histogram1DOptions): Histogram1DResult {
  checkMask(values, opts.mask, "values");
  const log = opts.log ?? false;
  const range = opts.range ?? autoRange(values, opts.bins, log, opts.mask);
  return new Histogram1D({ bins: opts.bins, range, log }).fill(values, opts.mask, opts.weights).result();
}

/** Every column class the reader returns (NumericData), for the warm-up. */
const COLUMN_CLASSES = [
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
] as const;

/**
 * Runs the fill and extent loops (Histogram1D, GroupedHistogram1D, MinMaxAccumulator) over small synthetic
 * columns of every numeric class, with and without a mask, so that V8 has optimised them before the first
 * real call (a cold 5×10^6-value fill costs 2–3× a warm one). A few tens of ms; once per thread, when idle.
 */
export function warmHistogramLoops(): void {
  const n = 4096;
  const source = new Float64Array(n);
  // Fractions from below 0 to above 1000 (every branch), with NaN, ±inf and both ends of the range.
  for (let i = 0; i < n; i++) source[i] = ((i * 7919) % 1300) - 150 + (i % 4) * 0.25;
  source.set([NaN, Infinity, -Infinity, 0, 1000], 0);
  const mask = Uint8Array.from(source, (_, i) => (i % 5 === 0 ? 0 : 1));
  const groupIds = Int32Array.from(source, (_, i) => i % 3);
  const columns = COLUMN_CLASSES.map((Column) => (Column === Float64Array ? source : new Column(source)));
  // V8 optimises these loops after a round or two; later rounds use only float64, which every class becomes.
  for (let round = 0; round < 6; round++) {
    for (const values of round < 2 ? columns : [source]) {
      const hist = new Histogram1D({ bins: round % 2 === 0 ? 1000 : 2000, range: [0, 1000] });
      hist.fill(values).fill(values, mask);
      const extent = new MinMaxAccumulator();
      extent.add(values);
      extent.add(values, mask);
      new GroupedHistogram1D({ bins: 100, range: [0, 1000] }).fill(
        values,
        groupIds,
        round < 2 ? mask : undefined,
      );
    }
  }
}

/** One pass over the values, counts and moments together: the fast loop when it applies, else the general one. */
function fillInto(
  binning: Binning,
  counts: Float64Array,
  moments: Moments,
  values: NumericArray,
  mask: EntryMask | undefined,
  weights: NumericArray | undefined,
): void {
  if (weights !== undefined || !hasFastLinearLoop(binning)) {
    fillGeneral(binning, counts, moments, values, mask, weights);
    return;
  }
  const sums = new Float64Array(SUM_SLOTS);
  fillLinear(binning, counts, moments.shift, sums, values, mask);
  moments.addLinearSums(sums, 0);
}

/**
 * The general loop (weights, log bins): locateBin inlined by hand; keep it in step with binning.ts.
 * fill-linear.ts's loops give bit-identical results for the cases they take.
 */
function fillGeneral(
  binning: Binning,
  counts: Float64Array,
  moments: Moments,
  values: NumericArray,
  mask: EntryMask | undefined,
  weights: NumericArray | undefined,
): void {
  const { lo, hi, edges, tLo, scale, log } = binning;
  const last = binning.bins - 1;
  const shift = moments.shift;
  let entries = 0;
  let underflow = 0;
  let overflow = 0;
  let nan = 0;
  let sumW = 0;
  let sumWd = 0;
  let sumWd2 = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask !== undefined && mask[i] === 0) continue;
    const x = values[i]!;
    if (x >= lo) {
      if (x <= hi) {
        let k = Math.floor(((log ? Math.log(x) : x) - tLo) * scale);
        if (k > last) k = last;
        else if (k < 0) k = 0;
        if (x < edges[k]!) k--;
        else if (k < last && x >= edges[k + 1]!) k++;
        const w = weights === undefined ? 1 : weights[i]!;
        const d = x - shift;
        counts[k]! += w;
        entries++;
        sumW += w;
        sumWd += w * d;
        sumWd2 += w * d * d;
      } else overflow++;
    } else if (x !== x) nan++;
    else underflow++;
  }
  moments.entries += entries;
  moments.underflow += underflow;
  moments.overflow += overflow;
  moments.nan += nan;
  moments.sumW += sumW;
  moments.sumWd += sumWd;
  moments.sumWd2 += sumWd2;
}

export interface GroupedHistogram1DResult {
  edges: Float64Array;
  log: boolean;
  /** Group ids in ascending order; groups[g] owns counts[g] and stats[g]. */
  groups: Int32Array;
  counts: Float64Array[];
  stats: Histogram1DStats[];
}

/**
 * Histograms split by a category (channel, file, …): one histogram per distinct group id, all with
 * the same binning so they overlay. Fills chunk by chunk like Histogram1D.
 */
export class GroupedHistogram1D {
  readonly binning: Binning;
  private readonly byGroup = new Map<number, { counts: Float64Array; moments: Moments }>();

  constructor(opts: { bins: number; range: readonly [number, number]; log?: boolean }) {
    this.binning = makeBinning(opts.bins, opts.range, opts.log ?? false);
  }

  fill(values: NumericArray, groupIds: Int32Array, mask?: EntryMask, weights?: NumericArray): this {
    if (groupIds.length !== values.length)
      throw new AnalysisError(`groupIds has ${groupIds.length} entries but values has ${values.length}`);
    checkMask(values, mask, "values");
    checkWeights(values, weights);
    const slots = slotMap(groupIds, mask);
    const ids = slots.ids;
    const chunk = fillGrouped(this.binning, slots, values, mask, weights);
    const bins = this.binning.bins;
    for (let s = 0; s < ids.length; s++) {
      const target = this.slot(ids[s]!);
      const counts = chunk.counts.subarray(s * bins, (s + 1) * bins);
      for (let k = 0; k < bins; k++) target.counts[k]! += counts[k]!;
      target.moments.merge(chunk.moments[s]!);
    }
    return this;
  }

  /** Adds a partial histogram's state (same binning) to group `groupId`. */
  mergeState(groupId: number, state: Histogram1DState): this {
    if (state.counts.length !== this.binning.bins)
      throw new AnalysisError(`cannot merge ${state.counts.length} bins into ${this.binning.bins}`);
    const mine = this.slot(groupId);
    for (let k = 0; k < mine.counts.length; k++) mine.counts[k]! += state.counts[k]!;
    const other = new Moments(state.shift);
    other.entries = state.entries;
    other.underflow = state.underflow;
    other.overflow = state.overflow;
    other.nan = state.nan;
    other.sumW = state.sumW;
    other.sumWd = state.sumWd;
    other.sumWd2 = state.sumWd2;
    mine.moments.merge(other);
    return this;
  }

  merge(other: GroupedHistogram1D): this {
    if (!sameBinning(this.binning, other.binning))
      throw new AnalysisError("cannot merge histograms with different binning");
    for (const [groupId, theirs] of other.byGroup) {
      const mine = this.slot(groupId);
      for (let k = 0; k < mine.counts.length; k++) mine.counts[k]! += theirs.counts[k]!;
      mine.moments.merge(theirs.moments);
    }
    return this;
  }

  result(): GroupedHistogram1DResult {
    const groups = Int32Array.from([...this.byGroup.keys()]).sort();
    return {
      edges: this.binning.edges.slice(),
      log: this.binning.log,
      groups,
      counts: [...groups].map((g) => this.byGroup.get(g)!.counts.slice()),
      stats: [...groups].map((g) => this.byGroup.get(g)!.moments.stats()),
    };
  }

  private slot(groupId: number): { counts: Float64Array; moments: Moments } {
    let slot = this.byGroup.get(groupId);
    if (slot === undefined) {
      slot = {
        counts: new Float64Array(this.binning.bins),
        moments: new Moments((this.binning.lo + this.binning.hi) / 2),
      };
      this.byGroup.set(groupId, slot);
    }
    return slot;
  }
}

/** One-call split histogram; the auto range is common to all groups so they overlay. */
export function histogramByGroup(
  values: NumericArray,
  groupIds: Int32Array,
  opts: Histogram1DOptions,
): GroupedHistogram1DResult {
  checkMask(values, opts.mask, "values");
  const log = opts.log ?? false;
  const range = opts.range ?? autoRange(values, opts.bins, log, opts.mask);
  return new GroupedHistogram1D({ bins: opts.bins, range, log })
    .fill(values, groupIds, opts.mask, opts.weights)
    .result();
}

/**
 * Where each included entry's group goes: slot table[keys[i] - minKey], 0..ids.length-1, with ids in order
 * of first appearance. For ids within a modest span (channel ids, file numbers) keys are the group ids
 * themselves and table a lookup by id, so nothing is allocated per entry (a fresh array of 10^7 entries
 * costs more in page faults than the whole fill); for others keys are per-entry slots (from a Map) and
 * table is the identity.
 */
interface SlotMap extends GroupSlots {
  ids: number[];
}

function slotMap(groupIds: Int32Array, mask: EntryMask | undefined): SlotMap {
  const ids: number[] = [];
  if (groupIds.length === 0) return { ids, keys: groupIds, minKey: 0, table: new Int32Array(0) };
  let minId = groupIds[0]!;
  let maxId = minId;
  for (let i = 1; i < groupIds.length; i++) {
    const g = groupIds[i]!;
    if (g < minId) minId = g;
    else if (g > maxId) maxId = g;
  }
  if (maxId - minId < 4_000_000) {
    const table = new Int32Array(maxId - minId + 1).fill(-1);
    for (let i = 0; i < groupIds.length; i++) {
      if (mask !== undefined && mask[i] === 0) continue;
      const at = groupIds[i]! - minId;
      if (table[at]! < 0) {
        table[at] = ids.length;
        ids.push(groupIds[i]!);
      }
    }
    return { ids, keys: groupIds, minKey: minId, table };
  }
  const slots = new Int32Array(groupIds.length);
  const slotOf = new Map<number, number>();
  let lastId = 0;
  let lastSlot = -1;
  for (let i = 0; i < groupIds.length; i++) {
    if (mask !== undefined && mask[i] === 0) continue;
    const g = groupIds[i]!;
    // Entries come in runs of one channel or file: look the map up only when the id changes.
    if (lastSlot < 0 || g !== lastId) {
      let s = slotOf.get(g);
      if (s === undefined) {
        s = ids.length;
        slotOf.set(g, s);
        ids.push(g);
      }
      lastId = g;
      lastSlot = s;
    }
    slots[i] = lastSlot;
  }
  return { ids, keys: slots, minKey: 0, table: Int32Array.from(ids, (_, s) => s) };
}

/** counts[slot * bins + k] and per-slot moments of one chunk: the fast loop when it applies, else the general one. */
function fillGrouped(
  binning: Binning,
  slots: SlotMap,
  values: NumericArray,
  mask: EntryMask | undefined,
  weights: NumericArray | undefined,
): { counts: Float64Array; moments: Moments[] } {
  if (weights !== undefined || !hasFastLinearLoop(binning)) {
    return fillGroupedGeneral(binning, slots, values, mask, weights);
  }
  const nSlots = slots.ids.length;
  const shift = (binning.lo + binning.hi) / 2;
  const counts = new Float64Array(nSlots * binning.bins);
  const sums = new Float64Array(nSlots * SUM_SLOTS);
  fillLinearGrouped(binning, counts, shift, sums, slots, values, mask);
  const moments: Moments[] = [];
  for (let s = 0; s < nSlots; s++) {
    const m = new Moments(shift);
    m.addLinearSums(sums, s * SUM_SLOTS);
    moments.push(m);
  }
  return { counts, moments };
}

/** The general grouped loop (weights, log bins), binning inlined as in fillGeneral. */
function fillGroupedGeneral(
  binning: Binning,
  slots: SlotMap,
  values: NumericArray,
  mask: EntryMask | undefined,
  weights: NumericArray | undefined,
): { counts: Float64Array; moments: Moments[] } {
  const { lo, hi, edges, tLo, scale, log, bins } = binning;
  const nSlots = slots.ids.length;
  const { keys, minKey, table } = slots;
  const last = bins - 1;
  const shift = (lo + hi) / 2;
  const counts = new Float64Array(nSlots * bins);
  const entries = new Float64Array(nSlots);
  const underflow = new Float64Array(nSlots);
  const overflow = new Float64Array(nSlots);
  const nan = new Float64Array(nSlots);
  const sumW = new Float64Array(nSlots);
  const sumWd = new Float64Array(nSlots);
  const sumWd2 = new Float64Array(nSlots);
  for (let i = 0; i < values.length; i++) {
    if (mask !== undefined && mask[i] === 0) continue;
    const x = values[i]!;
    const s = table[keys[i]! - minKey]!;
    if (x >= lo) {
      if (x <= hi) {
        let k = Math.floor(((log ? Math.log(x) : x) - tLo) * scale);
        if (k > last) k = last;
        else if (k < 0) k = 0;
        if (x < edges[k]!) k--;
        else if (k < last && x >= edges[k + 1]!) k++;
        const w = weights === undefined ? 1 : weights[i]!;
        const d = x - shift;
        counts[s * bins + k]! += w;
        entries[s]! += 1;
        sumW[s]! += w;
        sumWd[s]! += w * d;
        sumWd2[s]! += w * d * d;
      } else overflow[s]! += 1;
    } else if (x !== x) nan[s]! += 1;
    else underflow[s]! += 1;
  }
  const moments: Moments[] = [];
  for (let s = 0; s < nSlots; s++) {
    const m = new Moments(shift);
    m.entries = entries[s]!;
    m.underflow = underflow[s]!;
    m.overflow = overflow[s]!;
    m.nan = nan[s]!;
    m.sumW = sumW[s]!;
    m.sumWd = sumWd[s]!;
    m.sumWd2 = sumWd2[s]!;
    moments.push(m);
  }
  return { counts, moments };
}
