import { describe, expect, it } from "vitest";
import {
  autoRange,
  finiteMinMax,
  locateBin,
  makeBinning,
  MinMaxAccumulator,
  niceRange,
  NOT_A_NUMBER,
  OVERFLOW,
  UNDERFLOW,
} from "../../../../electron/services/analysis/binning.ts";
import { AnalysisError } from "../../../../electron/services/analysis/errors.ts";
import {
  GroupedHistogram1D,
  Histogram1D,
  histogram1d,
  histogramByGroup,
} from "../../../../electron/services/analysis/histogram.ts";
import { rng } from "../../../fixtures/rng.ts";

/** Reference bin by linear search over the edges (numpy's rule, last bin closed). */
function bruteBin(edges: Float64Array, x: number): number {
  const n = edges.length - 1;
  if (Number.isNaN(x)) return NOT_A_NUMBER;
  if (x < edges[0]!) return UNDERFLOW;
  if (x > edges[n]!) return OVERFLOW;
  for (let k = 0; k < n - 1; k++) if (x >= edges[k]! && x < edges[k + 1]!) return k;
  return n - 1;
}

describe("histogram1d bin rule (numpy: half-open bins, last bin closed)", () => {
  it("puts values on inner edges in the upper bin and the top edge in the last bin", () => {
    const h = histogram1d(new Float64Array([0, 1, 2, 3, 4]), { bins: 4, range: [0, 4] });
    expect([...h.counts]).toEqual([1, 1, 1, 2]);
    expect([...h.edges]).toEqual([0, 1, 2, 3, 4]);
    expect(h.stats).toMatchObject({ entries: 5, underflow: 0, overflow: 0, nan: 0, total: 5 });
  });

  it("counts NaN apart and ±inf as under/overflow", () => {
    const values = new Float64Array([NaN, Infinity, -Infinity, 5, -1, 0.5, NaN]);
    const h = histogram1d(values, { bins: 2, range: [0, 1] });
    expect([...h.counts]).toEqual([0, 1]);
    expect(h.stats).toMatchObject({ entries: 1, underflow: 2, overflow: 2, nan: 2, total: 7 });
    expect(h.stats.mean).toBe(0.5);
  });

  it("handles empty input with zero counts and NaN moments", () => {
    const h = histogram1d(new Float32Array(0), { bins: 3 });
    expect([...h.counts]).toEqual([0, 0, 0]);
    expect([...h.edges]).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(h.stats.entries).toBe(0);
    expect(h.stats.mean).toBeNaN();
    expect(h.stats.std).toBeNaN();
  });

  it("refuses a range with min == max, min > max, non-finite ends, or bad bin counts", () => {
    expect(() => histogram1d(new Float64Array([1]), { bins: 2, range: [3, 3] })).toThrow(AnalysisError);
    expect(() => histogram1d(new Float64Array([1]), { bins: 2, range: [3, 1] })).toThrow(/max > min/);
    expect(() => histogram1d(new Float64Array([1]), { bins: 2, range: [0, Infinity] })).toThrow(/finite/);
    expect(() => histogram1d(new Float64Array([1]), { bins: 0 })).toThrow(/bins must be/);
    expect(() => histogram1d(new Float64Array([1]), { bins: 2.5 })).toThrow(/bins must be/);
  });

  it("auto-ranges all-equal data to numpy's [v - 0.5, v + 0.5]", () => {
    const h = histogram1d(new Int32Array([7, 7, 7]), { bins: 1 });
    expect([...h.edges]).toEqual([6.5, 7.5]);
    expect([...h.counts]).toEqual([3]);
    expect(h.stats.std).toBe(0);
  });

  it("agrees with a linear search over the edges on awkward ranges, including values exactly on edges", () => {
    const next = rng(42);
    for (const [lo, hi, bins] of [
      [0, 1, 10],
      [0.1, 0.7, 7],
      [-3.3, 1e4 / 3, 97],
      [1e9, 1e9 + 1, 13],
    ] as const) {
      const b = makeBinning(bins, [lo, hi]);
      const values = new Float64Array(4000);
      for (let i = 0; i < 2000; i++) values[i] = lo - 0.1 * (hi - lo) + next() * 1.2 * (hi - lo);
      for (let i = 2000; i < 4000; i++) values[i] = b.edges[i % (bins + 1)]!;
      const expected = new Float64Array(bins);
      for (const x of values) {
        const k = bruteBin(b.edges, x);
        expect(locateBin(b, x)).toBe(k);
        if (k >= 0) expected[k]! += 1;
      }
      expect([...histogram1d(values, { bins, range: [lo, hi] }).counts]).toEqual([...expected]);
    }
  });

  it("accepts every numeric column type", () => {
    const src = [0, 1, 2, 3, 250];
    for (const Ctor of [
      Int8Array,
      Uint8Array,
      Int16Array,
      Uint16Array,
      Int32Array,
      Uint32Array,
      Float32Array,
    ]) {
      const h = histogram1d(Ctor.from(src.map((v) => (Ctor === Int8Array ? v % 100 : v))), {
        bins: 4,
        range: [0, 4],
      });
      expect(h.stats.entries).toBe(4);
      expect([...h.counts]).toEqual([1, 1, 1, 1]);
    }
  });
});

describe("histogram1d statistics", () => {
  it("computes mean and population std from the exact values, weighted", () => {
    const values = new Float64Array([1, 2, 3, 4, 100]);
    const weights = new Float64Array([1, 1, 1, 1, 5]);
    const h = histogram1d(values, { bins: 4, range: [0, 8], weights });
    expect(h.stats.entries).toBe(4);
    expect(h.stats.sumWeights).toBe(4);
    expect(h.stats.mean).toBeCloseTo(2.5, 12);
    expect(h.stats.std).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(h.stats.overflow).toBe(1);
    const weighted = histogram1d(new Float64Array([1, 3]), {
      bins: 2,
      range: [0, 4],
      weights: new Float64Array([3, 1]),
    });
    expect([...weighted.counts]).toEqual([3, 1]);
    expect(weighted.stats.mean).toBeCloseTo(1.5, 12);
    expect(weighted.stats.std).toBeCloseTo(Math.sqrt(0.75), 12);
  });

  it("keeps precision for large offsets (timestamps)", () => {
    const values = new Float64Array(1001);
    for (let i = 0; i < values.length; i++) values[i] = 1.678e9 + (i - 500) * 1e-3;
    const h = histogram1d(values, { bins: 10 });
    expect(h.stats.entries).toBe(1001);
    expect(h.stats.mean).toBeCloseTo(1.678e9, 4);
    // Exact population std of an arithmetic sequence: step * sqrt((n^2 - 1) / 12).
    expect(h.stats.std).toBeCloseTo(1e-3 * Math.sqrt((1001 ** 2 - 1) / 12), 6);
  });

  it("applies the mask everywhere: counts, moments, under/overflow and NaN", () => {
    const values = new Float64Array([NaN, -5, 0.5, 1.5, 99]);
    const mask = new Uint8Array([0, 0, 1, 0, 1]);
    const h = histogram1d(values, { bins: 2, range: [0, 2], mask });
    expect([...h.counts]).toEqual([1, 0]);
    expect(h.stats).toMatchObject({ entries: 1, underflow: 0, overflow: 1, nan: 0, total: 2 });
    expect(() => histogram1d(values, { bins: 2, mask: new Uint8Array(3) })).toThrow(/mask has 3/);
    expect(() => histogram1d(values, { bins: 2, weights: new Float64Array(1) })).toThrow(/weights has 1/);
  });
});

describe("Histogram1D (file by file)", () => {
  it("filled in chunks and merged equals one pass", () => {
    const next = rng(7);
    const all = new Float32Array(10_000);
    for (let i = 0; i < all.length; i++) all[i] = next() * 120 - 10;
    const whole = histogram1d(all, { bins: 50, range: [0, 100] });
    const a = new Histogram1D({ bins: 50, range: [0, 100] }).fill(all.subarray(0, 3000));
    const b = new Histogram1D({ bins: 50, range: [0, 100] }).fill(all.subarray(3000, 7000));
    a.fill(all.subarray(7000));
    const merged = a.merge(b).result();
    expect([...merged.counts]).toEqual([...whole.counts]);
    expect(merged.stats.entries).toBe(whole.stats.entries);
    expect(merged.stats.underflow).toBe(whole.stats.underflow);
    expect(merged.stats.overflow).toBe(whole.stats.overflow);
    expect(merged.stats.mean).toBeCloseTo(whole.stats.mean, 9);
    expect(merged.stats.std).toBeCloseTo(whole.stats.std, 9);
  });

  it("refuses to merge different binnings", () => {
    const a = new Histogram1D({ bins: 10, range: [0, 1] });
    expect(() => a.merge(new Histogram1D({ bins: 10, range: [0, 2] }))).toThrow(/different binning/);
    expect(() => a.merge(new Histogram1D({ bins: 10, range: [0.1, 1], log: true }))).toThrow(
      /different binning/,
    );
  });

  it("returns copies: a result does not change with later fills", () => {
    const h = new Histogram1D({ bins: 2, range: [0, 2] }).fill(new Float64Array([0.5]));
    const first = h.result();
    h.fill(new Float64Array([0.5]));
    expect(first.counts[0]).toBe(1);
    expect(h.result().counts[0]).toBe(2);
  });
});

describe("log-spaced bins", () => {
  it("has geometric edges and sends values <= 0 to underflow", () => {
    const h = histogram1d(new Float64Array([0, -1, 1, 10, 100, 1000, 5]), {
      bins: 3,
      range: [1, 1000],
      log: true,
    });
    expect(h.edges[1]).toBeCloseTo(10, 12);
    expect(h.edges[2]).toBeCloseTo(100, 12);
    expect([...h.counts]).toEqual([2, 1, 2]);
    expect(h.stats.underflow).toBe(2);
    expect(h.log).toBe(true);
  });

  it("auto-ranges over whole decades of the positive values and refuses a range at or below 0", () => {
    const h = histogram1d(new Float64Array([-3, 0, 2.5, 480]), { bins: 3, log: true });
    expect([...h.edges].map((e) => Math.round(e * 1e9) / 1e9)).toEqual([1, 10, 100, 1000]);
    expect(h.stats).toMatchObject({ entries: 2, underflow: 2 });
    expect(() => histogram1d(new Float64Array([1]), { bins: 3, range: [0, 10], log: true })).toThrow(
      /above 0/,
    );
  });

  it("agrees with a linear search over its edges", () => {
    const next = rng(3);
    const b = makeBinning(37, [0.5, 7000], true);
    for (let i = 0; i < 5000; i++) {
      const x = i % 2 === 0 ? 0.4 * 10 ** (next() * 4.3) : b.edges[i % 38]!;
      expect(locateBin(b, x)).toBe(bruteBin(b.edges, x));
    }
  });
});

describe("automatic range", () => {
  it("rounds to a 1/2/2.5/5 × 10^k bin width with a lower edge on a multiple of it", () => {
    expect(niceRange(0.3, 9.7, 10)).toEqual([0, 10]);
    expect(niceRange(1234, 5678, 100)).toEqual([1200, 6200]);
    expect(niceRange(-7, 3, 4)).toEqual([-10, 10]);
    // One bin across 0 cannot start on a multiple of a round width: it starts at min.
    const [lo, hi] = niceRange(-1.2e-4, 2.4e-5, 1);
    expect(lo).toBe(-1.2e-4);
    expect(hi).toBeCloseTo(0.8e-4, 15);
  });

  it("always covers [min, max] (checked on random extents)", () => {
    const next = rng(11);
    for (let trial = 0; trial < 2000; trial++) {
      const scale = 10 ** Math.floor(next() * 12 - 6);
      const min = (next() - 0.5) * 100 * scale;
      const max = min + next() * 50 * scale;
      const bins = 1 + Math.floor(next() * 300);
      const [lo, hi] = niceRange(min, max, bins);
      expect(lo).toBeLessThanOrEqual(min);
      expect(hi).toBeGreaterThanOrEqual(max);
      expect(hi).toBeGreaterThan(lo);
    }
  });

  it("ignores NaN and ±inf when finding min and max, also across chunks", () => {
    expect(finiteMinMax(new Float64Array([NaN, -Infinity, 3, Infinity, -2]))).toEqual({ min: -2, max: 3 });
    expect(finiteMinMax(new Float64Array([NaN, Infinity]))).toBeUndefined();
    expect(autoRange(new Float64Array([NaN]), 5)).toEqual([0, 1]);
    const acc = new MinMaxAccumulator();
    acc.add(new Float32Array([5, 6]));
    const other = new MinMaxAccumulator();
    other.add(new Int16Array([-4, 2]), new Uint8Array([0, 1]));
    acc.merge(other);
    expect(acc.result()).toEqual({ min: 2, max: 6 });
  });
});

describe("histogramByGroup (split or overlay by channel / file)", () => {
  it("gives each group the histogram of its own entries, on one common binning", () => {
    const values = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const groups = new Int32Array([1084803, 1084804, 1084803, 1084803, 1084804, 7, 7, 1084803]);
    const mask = new Uint8Array([1, 1, 1, 1, 1, 1, 0, 1]);
    const split = histogramByGroup(values, groups, { bins: 4, range: [0, 8], mask });
    expect([...split.groups]).toEqual([7, 1084803, 1084804]);
    expect([...split.counts[0]!]).toEqual([0, 0, 0, 1]);
    expect([...split.counts[1]!]).toEqual([1, 1, 1, 1]);
    expect([...split.counts[2]!]).toEqual([0, 1, 1, 0]);
    expect(split.stats[1]!.mean).toBeCloseTo((1 + 3 + 4 + 8) / 4, 12);
    const total = histogram1d(values, { bins: 4, range: [0, 8], mask });
    const summed = split.counts.reduce((acc, c) => acc.map((v, k) => v + c[k]!), new Float64Array(4));
    expect([...summed]).toEqual([...total.counts]);
  });

  it("uses one automatic range for all groups and merges per group", () => {
    const a = histogramByGroup(new Float64Array([0, 10]), new Int32Array([1, 2]), { bins: 10 });
    expect(a.edges[0]).toBe(0);
    expect(a.edges[10]).toBe(10);
    const h1 = new GroupedHistogram1D({ bins: 2, range: [0, 2] }).fill(
      new Float64Array([0.5]),
      new Int32Array([4]),
    );
    const h2 = new GroupedHistogram1D({ bins: 2, range: [0, 2] }).fill(
      new Float64Array([1.5, 0.2]),
      new Int32Array([4, 9]),
      undefined,
      new Float64Array([2, 1]),
    );
    const merged = h1.merge(h2).result();
    expect([...merged.groups]).toEqual([4, 9]);
    expect([...merged.counts[0]!]).toEqual([1, 2]);
    expect([...merged.counts[1]!]).toEqual([1, 0]);
    expect(() => histogramByGroup(new Float64Array(2), new Int32Array(3), { bins: 2 })).toThrow(
      /groupIds has 3/,
    );
  });
});
