import { describe, expect, it } from "vitest";
import { binsToCsv } from "../../../../electron/services/analysis/bins-csv.ts";
import { histogram1d, histogramByGroup } from "../../../../electron/services/analysis/histogram.ts";
import { histogram2d } from "../../../../electron/services/analysis/histogram2d.ts";

describe("binsToCsv", () => {
  it("writes one line per 1-D bin with full-precision edges", () => {
    const h = histogram1d(new Float64Array([0.05, 0.25, 0.25]), { bins: 3, range: [0, 0.3] });
    expect(binsToCsv(h, { countLabel: "trapEmax" })).toBe(
      "bin_low,bin_high,trapEmax\n0,0.09999999999999999,1\n0.09999999999999999,0.19999999999999998,0\n0.19999999999999998,0.3,2\n",
    );
  });

  it("writes one column per group, labels quoted when needed", () => {
    const h = histogramByGroup(new Float64Array([0.5, 1.5, 1.5]), new Int32Array([2, 1, 2]), {
      bins: 2,
      range: [0, 2],
    });
    const csv = binsToCsv(h, { groupLabel: (g) => (g === 1 ? 'V01, "top"' : `ch${g}`) });
    expect(csv).toBe('bin_low,bin_high,"V01, ""top""",ch2\n0,1,0,1\n1,2,1,1\n');
  });

  it("writes x and y edges per cell for 2-D histograms", () => {
    const h = histogram2d(new Float64Array([0.5]), new Float64Array([1.5]), {
      binsX: 1,
      binsY: 2,
      rangeX: [0, 1],
      rangeY: [0, 2],
    });
    expect(binsToCsv(h)).toBe("x_low,x_high,y_low,y_high,count\n0,1,0,1,0\n0,1,1,2,1\n");
  });
});
