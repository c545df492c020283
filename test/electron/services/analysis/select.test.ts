import { describe, expect, it } from "vitest";
import { histogram1d } from "../../../../electron/services/analysis/histogram.ts";
import { histogram2d } from "../../../../electron/services/analysis/histogram2d.ts";
import { binInterval, selectInBox, selectInRange } from "../../../../electron/services/analysis/select.ts";

function wave(n: number, f: (i: number) => number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => f(i));
}

describe("selectInRange (click a bin → exactly its entries)", () => {
  it("returns ascending indices with lo <= x < hi, and x == hi only when closed", () => {
    const values = new Float32Array([3, 1, 2, 2, NaN, 1.5, Infinity]);
    expect([...selectInRange(values, 1, 2)]).toEqual([1, 5]);
    expect([...selectInRange(values, 1, 2, undefined, { closedHigh: true })]).toEqual([1, 2, 3, 5]);
    expect([
      ...selectInRange(values, 1, 2, new Uint8Array([1, 0, 1, 1, 1, 1, 1]), { closedHigh: true }),
    ]).toEqual([2, 3, 5]);
    expect(selectInRange(values, 5, 9)).toHaveLength(0);
    expect(() => selectInRange(values, 2, 1)).toThrow(/lo <= hi/);
  });

  it("selects, bin by bin, exactly the entries the histogram counted (edges from awkward ranges)", () => {
    const values = wave(20_000, (i) => Math.sin(i * 0.37) * 7 + (i % 13) * 0.1);
    // Include values exactly on edges.
    const h0 = histogram1d(values, { bins: 37, range: [-6.1, 6.3] });
    for (let k = 0; k < 38; k++) values[k] = h0.edges[k]!;
    const h = histogram1d(values, { bins: 37, range: [-6.1, 6.3] });
    let total = 0;
    for (let k = 0; k < 37; k++) {
      const { lo, hi, closedHigh } = binInterval(h.edges, k);
      const picked = selectInRange(values, lo, hi, undefined, { closedHigh });
      expect(picked.length).toBe(h.counts[k]);
      total += picked.length;
    }
    expect(total).toBe(h.stats.entries);
    const dragged = binInterval(h.edges, 3, 36);
    expect(dragged.closedHigh).toBe(true);
    const inDrag = selectInRange(values, dragged.lo, dragged.hi, undefined, dragged);
    expect(inDrag.length).toBe(h.counts.slice(3).reduce((a, b) => a + b, 0));
    expect(() => binInterval(h.edges, 5, 37)).toThrow(/not within/);
  });
});

describe("selectInBox (2-D box → entries)", () => {
  it("selects, cell by cell, exactly the entries the 2-D histogram counted", () => {
    const x = wave(8000, (i) => Math.sin(i) * 5);
    const y = wave(8000, (i) => Math.cos(i * 1.3) * 2);
    const h = histogram2d(x, y, { binsX: 6, binsY: 4, rangeX: [-5, 5], rangeY: [-2, 2] });
    for (let ix = 0; ix < 6; ix++)
      for (let iy = 0; iy < 4; iy++) {
        const bx = binInterval(h.edgesX, ix);
        const by = binInterval(h.edgesY, iy);
        const picked = selectInBox(x, y, [bx.lo, bx.hi], [by.lo, by.hi], undefined, {
          closedHighX: bx.closedHigh,
          closedHighY: by.closedHigh,
        });
        expect(picked.length).toBe(h.counts[ix * 4 + iy]);
      }
  });

  it("honours the mask and refuses unpaired columns", () => {
    const x = new Float64Array([1, 2, 3]);
    const y = new Float64Array([1, 2, 3]);
    expect([...selectInBox(x, y, [0, 5], [0, 5], new Uint8Array([1, 0, 1]))]).toEqual([0, 2]);
    expect(() => selectInBox(x, new Float64Array(2), [0, 1], [0, 1])).toThrow(/pair up/);
  });
});
