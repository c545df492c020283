import { describe, expect, it } from "vitest";
import {
  finiteMinMax,
  forEachFloat64Block,
  locateBin,
  makeBinning,
  MinMaxAccumulator,
  type Binning,
  type NumericArray,
} from "../../../../electron/services/analysis/binning.ts";
import {
  hasFastLinearLoop,
  PRIMING_BINS,
  PRIMING_RANGE,
  PRIMING_VALUES,
} from "../../../../electron/services/analysis/fill-linear.ts";
import {
  GroupedHistogram1D,
  Histogram1D,
  warmHistogramLoops,
  type Histogram1DState,
} from "../../../../electron/services/analysis/histogram.ts";
import { rng } from "../../../fixtures/rng.ts";

const scratch = new Float64Array(1);
const scratchBits = new BigInt64Array(scratch.buffer);
/** The double next to x towards +inf (up) or -inf (down); x finite and not 0. */
function nextDouble(x: number, up: boolean): number {
  scratch[0] = x;
  scratchBits[0]! += x > 0 === up ? 1n : -1n;
  return scratch[0];
}

/**
 * Values that find every corner of a binning: each edge and its two neighbouring doubles, lo, hi, just
 * outside, NaN, ±inf, ±0 and the centre (x - shift = 0), and random values in and around the range.
 */
function awkwardValues(binning: Binning, count: number, seed: number): Float64Array {
  const next = rng(seed);
  const { lo, hi, edges } = binning;
  const width = hi - lo;
  const out: number[] = [NaN, Infinity, -Infinity, lo, hi, lo - width, hi + width, -0, 0, (lo + hi) / 2];
  for (const edge of edges)
    if (edge !== 0 && Number.isFinite(edge)) out.push(edge, nextDouble(edge, true), nextDouble(edge, false));
  while (out.length < count) {
    const u = next();
    if (u < 0.02) out.push(NaN);
    else if (u < 0.04) out.push(next() < 0.5 ? Infinity : -Infinity);
    else if (u < 0.2) out.push(edges[Math.floor(next() * edges.length)]!);
    else out.push(lo - 0.1 * width + next() * 1.2 * width);
  }
  // Shuffle so that edge values meet the loop in every order, not only at the start.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return Float64Array.from(out);
}

function randomMask(length: number, seed: number, keep = 0.7): Uint8Array {
  const next = rng(seed);
  // Any non-zero byte includes the entry, not only 1.
  return Uint8Array.from({ length }, () => (next() < keep ? 1 + Math.floor(next() * 255) : 0));
}

/** The state as plain numbers, compared exactly (toEqual tells -0 from 0 and compares NaN as equal). */
function plain(state: Histogram1DState): Record<string, number | number[]> {
  return { ...state, counts: [...state.counts] };
}

/** Independent reference: locateBin per value and the moment sums in entry order, every weight 1. */
function referenceState(binning: Binning, values: NumericArray, mask?: Uint8Array): Histogram1DState {
  const shift = (binning.lo + binning.hi) / 2;
  const state: Histogram1DState = {
    counts: new Float64Array(binning.bins),
    shift,
    entries: 0,
    underflow: 0,
    overflow: 0,
    nan: 0,
    sumW: 0,
    sumWd: 0,
    sumWd2: 0,
  };
  let sumWd = 0;
  let sumWd2 = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask && mask[i] === 0) continue;
    const x = values[i]!;
    const k = locateBin(binning, x);
    if (k === -1) state.underflow++;
    else if (k === -2) state.overflow++;
    else if (k === -3) state.nan++;
    else {
      state.counts[k]! += 1;
      state.entries++;
      sumWd += x - shift;
      sumWd2 += (x - shift) * (x - shift);
    }
  }
  // A fill adds its own sums to the histogram's (which start at 0), as the loops do.
  state.sumW = 0 + state.entries;
  state.sumWd = 0 + sumWd;
  state.sumWd2 = 0 + sumWd2;
  return state;
}

const RANGES: [number, number][] = [
  [0, 3000],
  [-1, 1],
  [0, 0.3],
  [0.1, 0.7],
  [1e6, 1e6 + 1],
  [-5.5, 1e-3],
  [1700000000.25, 1700003600.75],
];
const BIN_COUNTS = [1, 2, 3, 7, 10, 100, 1000, 2000, 4099];

describe("fast linear fill (no weights) agrees exactly with the general loop", () => {
  it("on awkward values for many ranges and bin counts, with and without a mask", () => {
    let seed = 1;
    for (const range of RANGES)
      for (const bins of BIN_COUNTS) {
        const binning = makeBinning(bins, range);
        expect(hasFastLinearLoop(binning)).toBe(true);
        const values = awkwardValues(binning, 3 * bins + 500, seed++);
        const ones = new Float64Array(values.length).fill(1);
        for (const mask of [undefined, randomMask(values.length, seed++)]) {
          const fast = new Histogram1D({ bins, range }).fill(values, mask).state();
          const general = new Histogram1D({ bins, range }).fill(values, mask, ones).state();
          const where = `range ${range.join(", ")}, ${bins} bins, mask ${mask !== undefined}`;
          expect(plain(fast), where).toEqual(plain(general));
          expect(plain(fast), where).toEqual(plain(referenceState(binning, values, mask)));
        }
      }
  });

  it("on float32 columns (rounded values) and on every integer class, also across conversion blocks", () => {
    const range: [number, number] = [-300, 3000];
    const next = rng(7);
    const length = 50_000; // over three conversion blocks of 16384, the last one short
    const wide = Float64Array.from({ length }, (_, i) =>
      i % 97 === 0 ? NaN : -400 + next() * 3600 + (i % 11 === 0 ? 0 : 0.5),
    );
    const mask = randomMask(length, 8);
    const columns: NumericArray[] = [
      Float32Array.from(wide),
      Int32Array.from(wide, (x) => Math.round(x) || 0),
      Uint32Array.from(wide, (x) => Math.max(0, Math.round(x) || 0)),
      Int16Array.from(wide, (x) => Math.round(x) || 0),
      Uint16Array.from(wide, (x) => Math.max(0, Math.round(x) || 0)),
      Int8Array.from(wide, (x) => Math.round(x / 10) % 128 || 0),
      Uint8Array.from(wide, (x) => Math.max(0, Math.round(x / 10)) % 256 || 0),
    ];
    for (const values of columns)
      for (const bins of [7, 1000, 2000]) {
        const ones = new Float64Array(length).fill(1);
        const as64 = Float64Array.from(values);
        for (const m of [undefined, mask]) {
          const fast = new Histogram1D({ bins, range }).fill(values, m).state();
          const where = `${values.constructor.name}, ${bins} bins, mask ${m !== undefined}`;
          expect(plain(fast), where).toEqual(
            plain(new Histogram1D({ bins, range }).fill(values, m, ones).state()),
          );
          expect(plain(fast), where).toEqual(plain(new Histogram1D({ bins, range }).fill(as64, m).state()));
        }
      }
  });

  it("adds up over many fills in the same order as the general loop (running sums, not per-chunk rounding)", () => {
    const range: [number, number] = [0, 1];
    const binning = makeBinning(100, range);
    const fast = new Histogram1D({ bins: 100, range });
    const general = new Histogram1D({ bins: 100, range });
    for (let chunk = 0; chunk < 20; chunk++) {
      const values = Float32Array.from(awkwardValues(binning, 20_000 + chunk * 37, 100 + chunk));
      const mask = chunk % 2 === 0 ? undefined : randomMask(values.length, 200 + chunk);
      fast.fill(values, mask);
      general.fill(values, mask, new Float32Array(values.length).fill(1));
    }
    expect(plain(fast.state())).toEqual(plain(general.state()));
    expect(fast.result().stats).toEqual(general.result().stats);
  });

  it("leaves log bins, weights and ranges too wide for the index arithmetic to the general loop", () => {
    expect(hasFastLinearLoop(makeBinning(10, [1, 1000], true))).toBe(false);
    expect(hasFastLinearLoop(makeBinning(10, [-1.5e308, 1.5e308]))).toBe(false);
    const h = new Histogram1D({ bins: 4, range: [-1.5e308, 1.5e308] }).fill(Float64Array.of(0, NaN, 1e308));
    expect(h.result().stats).toMatchObject({ nan: 1, total: 3 });
  });
});

describe("fast grouped fill agrees exactly with the general grouped loop", () => {
  it("per group: counts and statistics, with and without a mask, over conversion blocks", () => {
    const range: [number, number] = [-1, 1];
    for (const bins of [3, 7, 1000]) {
      const binning = makeBinning(bins, range);
      const values = Float32Array.from(awkwardValues(binning, 40_000, bins));
      const next = rng(bins);
      const groupIds = Int32Array.from(values, () => 10 + Math.floor(next() * 5) * 3);
      const ones = new Float64Array(values.length).fill(1);
      for (const mask of [undefined, randomMask(values.length, 99)]) {
        const fast = new GroupedHistogram1D({ bins, range }).fill(values, groupIds, mask).result();
        const general = new GroupedHistogram1D({ bins, range }).fill(values, groupIds, mask, ones).result();
        expect([...fast.groups]).toEqual([...general.groups]);
        expect(fast.counts.map((c) => [...c])).toEqual(general.counts.map((c) => [...c]));
        expect(fast.stats).toEqual(general.stats);
        // And each group equals a one-group histogram of its own entries.
        const g = fast.groups.indexOf(13);
        const own = Uint8Array.from(values, (_, i) =>
          groupIds[i] === 13 && (!mask || mask[i] !== 0) ? 1 : 0,
        );
        expect([...fast.counts[g]!]).toEqual([
          ...new Histogram1D({ bins, range }).fill(values, own).result().counts,
        ]);
      }
    }
  });
});

describe("grouped fill: slot lookup", () => {
  it("numbers groups in order of first appearance among included entries, for narrow and wide id spans", () => {
    const values = Float64Array.of(0.5, 1.5, 2.5, 0.25, 1.75, NaN, 2.25);
    const mask = Uint8Array.of(0, 1, 1, 1, 1, 1, 1);
    for (const ids of [
      [7, 3, 9, 7, 3, 9, 3],
      [2_000_000_000, -2_000_000_000, 5, 2_000_000_000, -2_000_000_000, 5, -2_000_000_000],
    ]) {
      const groupIds = Int32Array.from(ids);
      const ones = new Float64Array(values.length).fill(1);
      for (const m of [undefined, mask]) {
        const fast = new GroupedHistogram1D({ bins: 3, range: [0, 3] }).fill(values, groupIds, m).result();
        const general = new GroupedHistogram1D({ bins: 3, range: [0, 3] })
          .fill(values, groupIds, m, ones)
          .result();
        expect(fast).toEqual(general);
        expect([...fast.groups]).toEqual([...new Set(ids)].sort((a, b) => a - b));
        const second = fast.groups.indexOf(ids[1]!);
        // ids[1]'s entries are 1, 4 and 6: 1.5 and 1.75 in bin 1, 2.25 in bin 2.
        expect([...fast.counts[second]!]).toEqual([0, 2, 1]);
        expect(fast.stats[second]!.total).toBe(3);
      }
    }
  });

  it("takes an empty chunk (no entries) without error", () => {
    const h = new GroupedHistogram1D({ bins: 2, range: [0, 1] });
    h.fill(new Float32Array(0), new Int32Array(0));
    h.fill(new Float32Array(0), new Int32Array(0), new Uint8Array(0), new Float32Array(0));
    expect(h.result().groups.length).toBe(0);
  });
});

describe("MinMaxAccumulator over converted blocks", () => {
  it("finds the finite (or positive) extent of masked float32 and integer columns", () => {
    const next = rng(3);
    const length = 40_000;
    const wide = Float64Array.from({ length }, (_, i) => (i % 50 === 0 ? NaN : (next() - 0.3) * 1e4));
    wide[30_000] = Infinity;
    wide[30_001] = -Infinity;
    const mask = randomMask(length, 4, 0.5);
    for (const values of [Float32Array.from(wide), Int32Array.from(wide, (x) => Math.round(x) || 0), wide])
      for (const m of [undefined, mask])
        for (const positiveOnly of [false, true]) {
          let min = Infinity;
          let max = -Infinity;
          for (let i = 0; i < length; i++) {
            const x = values[i]!;
            if ((m && m[i] === 0) || !Number.isFinite(x) || (positiveOnly && !(x > 0))) continue;
            min = Math.min(min, x);
            max = Math.max(max, x);
          }
          expect(finiteMinMax(values, m, positiveOnly)).toEqual({ min, max });
        }
  });

  it("merges accumulators and reports nothing for no finite values", () => {
    const a = new MinMaxAccumulator();
    a.add(Float32Array.of(NaN, Infinity));
    expect(a.result()).toBeUndefined();
    const b = new MinMaxAccumulator();
    b.add(Int16Array.of(-7, 12));
    a.merge(b);
    a.add(Float64Array.of(3.5, 40.25));
    expect(a.result()).toEqual({ min: -7, max: 40.25 });
  });
});

describe("forEachFloat64Block", () => {
  it("passes a Float64Array through and converts others in order, with each block's offset", () => {
    const f64 = new Float64Array(5);
    const seen: [Float64Array, number][] = [];
    forEachFloat64Block(f64, (block, offset) => seen.push([block, offset]));
    expect(seen).toEqual([[f64, 0]]);
    expect(seen[0]![0]).toBe(f64);
    const ints = Int32Array.from({ length: 40_000 }, (_, i) => i - 20_000);
    const copied: number[] = [];
    const offsets: number[] = [];
    forEachFloat64Block(ints, (block, offset) => {
      offsets.push(offset);
      copied.push(...block);
    });
    expect(offsets).toEqual([0, 16_384, 32_768]);
    expect(copied).toEqual([...ints]);
  });
});

describe("loop priming and warm-up", () => {
  it("the priming values take both edge corrections of the index arithmetic", () => {
    const binning = makeBinning(PRIMING_BINS, PRIMING_RANGE);
    const arithmetic = (x: number) =>
      Math.min(Math.floor((x - binning.lo) * binning.scale), PRIMING_BINS - 1);
    const corrections = new Set<number>();
    for (const x of PRIMING_VALUES) {
      if (!(x >= binning.lo && x <= binning.hi)) continue;
      corrections.add(locateBin(binning, x) - arithmetic(x));
    }
    expect([...corrections].sort()).toEqual([-1, 0, 1]);
    const outside = PRIMING_VALUES.filter((x) => !(x >= binning.lo && x <= binning.hi));
    expect(outside.some((x) => x !== x)).toBe(true);
    expect(outside.some((x) => x > binning.hi)).toBe(true);
    expect(outside.some((x) => x < binning.lo)).toBe(true);
  });

  it("warmHistogramLoops leaves no trace in later histograms", () => {
    const values = Float32Array.of(0.5, 2.5, NaN, 1e9, -1);
    const before = new Histogram1D({ bins: 4, range: [0, 4] }).fill(values).result();
    warmHistogramLoops();
    const after = new Histogram1D({ bins: 4, range: [0, 4] }).fill(values).result();
    expect(after).toEqual(before);
    expect([...after.counts]).toEqual([1, 0, 1, 0]);
  });
});
