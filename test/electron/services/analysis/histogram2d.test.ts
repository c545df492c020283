import { describe, expect, it } from "vitest";
import { Histogram2D, histogram2d } from "../../../../electron/services/analysis/histogram2d.ts";

describe("histogram2d", () => {
  it("lays counts out as numpy's H[ix, iy] (x is the row) with both last bins closed", () => {
    const x = new Float64Array([0, 0, 1, 2, 2]);
    const y = new Float64Array([0, 10, 10, 0, 20]);
    const h = histogram2d(x, y, { binsX: 2, binsY: 2, rangeX: [0, 2], rangeY: [0, 20] });
    // x bins [0,1) [1,2]; y bins [0,10) [10,20]
    expect([...h.counts]).toEqual([1, 1, 1, 2]);
    expect(h.binsX).toBe(2);
    expect([...h.edgesY]).toEqual([0, 10, 20]);
    expect(h.stats).toMatchObject({ entries: 5, outside: 0, nan: 0, total: 5 });
  });

  it("reports correlation ±1 for straight lines and the marginal means and stds", () => {
    const x = Float64Array.from({ length: 101 }, (_, i) => i);
    const up = histogram2d(
      x,
      x.map((v) => 2 * v + 1),
      { binsX: 10, binsY: 10 },
    );
    expect(up.stats.correlation).toBeCloseTo(1, 12);
    expect(up.stats.meanX).toBeCloseTo(50, 12);
    expect(up.stats.meanY).toBeCloseTo(101, 12);
    expect(up.stats.stdY).toBeCloseTo(2 * up.stats.stdX, 10);
    const down = histogram2d(
      x,
      x.map((v) => -v),
      { binsX: 10, binsY: 10 },
    );
    expect(down.stats.correlation).toBeCloseTo(-1, 12);
    const flat = histogram2d(x, new Float64Array(101).fill(3), { binsX: 10, binsY: 1 });
    expect(flat.stats.correlation).toBeNaN();
  });

  it("counts NaN pairs and entries outside per axis and side", () => {
    const x = new Float64Array([NaN, 0.5, -1, 5, 0.5, -1, 0.5]);
    const y = new Float64Array([0.5, NaN, 0.5, 0.5, 9, 9, 0.5]);
    const h = histogram2d(x, y, { binsX: 1, binsY: 1, rangeX: [0, 1], rangeY: [0, 1] });
    expect(h.stats).toMatchObject({
      entries: 1,
      nan: 2,
      outside: 4,
      underflowX: 2,
      overflowX: 1,
      underflowY: 0,
      overflowY: 2,
      total: 7,
    });
  });

  it("applies the mask, fills in chunks and merges to the one-pass result", () => {
    const n = 5000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 10);
    const y = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.7) * 3);
    const mask = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1));
    const opts = { binsX: 20, binsY: 15, rangeX: [-8, 8] as const, rangeY: [-3, 3] as const };
    const whole = histogram2d(x, y, { ...opts, mask });
    const a = new Histogram2D(opts).fill(x.subarray(0, 2000), y.subarray(0, 2000), mask.subarray(0, 2000));
    const b = new Histogram2D(opts).fill(x.subarray(2000), y.subarray(2000), mask.subarray(2000));
    const merged = a.merge(b).result();
    expect([...merged.counts]).toEqual([...whole.counts]);
    expect(merged.stats.entries).toBe(whole.stats.entries);
    expect(merged.stats.correlation).toBeCloseTo(whole.stats.correlation, 10);
    expect(whole.stats.total).toBe(mask.reduce((s, m) => s + m, 0));
  });

  it("refuses unpaired columns and mismatched merges", () => {
    expect(() => histogram2d(new Float64Array(2), new Float64Array(3), { binsX: 2, binsY: 2 })).toThrow(
      /pair up/,
    );
    const a = new Histogram2D({ binsX: 2, binsY: 2, rangeX: [0, 1], rangeY: [0, 1] });
    const b = new Histogram2D({ binsX: 2, binsY: 3, rangeX: [0, 1], rangeY: [0, 1] });
    expect(() => a.merge(b)).toThrow(/different binning/);
  });
});
