import { describe, expect, it } from "vitest";
import type { Histogram2d } from "../../../../shared/api/types.ts";
import { fitPeak } from "../../../../shared/fit/fit.ts";
import { fitFixture } from "../../../fixtures/fits/fixtures.ts";
import { fitRangeFor, visibleXRange } from "../../../../renderer/features/histogram/fit-range.ts";
import {
  fitCsv,
  fitJson,
  fitTableRows,
  fitTsv,
  formatWithError,
} from "../../../../renderer/features/histogram/fit-table.ts";
import { withFitCurve } from "../../../../renderer/features/histogram/figure.ts";
import {
  binnedCorrelation,
  binnedMoments,
  projection,
  statsRow,
} from "../../../../renderer/features/histogram/stats.ts";

const cleanGauss = fitFixture("clean-gauss");

describe("stats box numbers", () => {
  it("binned moments: mean, std and skewness of bin centres", () => {
    // centres 1, 3, 5 with counts 1, 1, 2: mean 3.5, variance 2.75, third moment -2.25
    const m = binnedMoments([0, 2, 4, 6], [1, 1, 2]);
    expect(m.sum).toBe(4);
    expect(m.mean).toBeCloseTo(3.5, 14);
    expect(m.std).toBeCloseTo(Math.sqrt(2.75), 14);
    expect(m.skewness).toBeCloseTo(-2.25 / 2.75 ** 1.5, 14);
    expect(binnedMoments([0, 1, 2, 3], [5, 0, 5]).skewness).toBeCloseTo(0, 14);
  });

  it("errors as ROOT's stats box: σ/√N for the mean, σ/√(2N) for the std, √(6/N) for the skewness", () => {
    const stats = { entries: 400, mean: 10, std: 2, underflow: 3, overflow: 1, nan: 2 };
    const row = statsRow(stats, [0, 10, 20], [150, 250]);
    expect(row.meanError).toBeCloseTo(0.1, 14);
    expect(row.stdError).toBeCloseTo(2 / Math.sqrt(800), 14);
    expect(row.skewnessError).toBeCloseTo(Math.sqrt(6 / 400), 14);
    expect(row.integral).toBe(400);
    expect([row.underflow, row.overflow, row.nan]).toEqual([3, 1, 2]);
  });

  it("2-D correlation and projections from the bins", () => {
    const diagonal: Histogram2d = {
      xEdges: Float64Array.from([0, 1, 2, 3]),
      yEdges: Float64Array.from([0, 10, 20, 30]),
      counts: Float64Array.from([5, 0, 0, 0, 5, 0, 0, 0, 5]),
      stats: {
        x: { entries: 15, mean: 1.5, std: 1, underflow: 0, overflow: 0, nan: 0 },
        y: { entries: 15, mean: 15, std: 10, underflow: 0, overflow: 0, nan: 0 },
      },
    };
    expect(binnedCorrelation(diagonal)).toBeCloseTo(1, 14);
    expect(
      binnedCorrelation({ ...diagonal, counts: Float64Array.from([0, 0, 5, 0, 5, 0, 5, 0, 0]) }),
    ).toBeCloseTo(-1, 14);
    expect(
      binnedCorrelation({ ...diagonal, counts: Float64Array.from([1, 0, 1, 0, 0, 0, 1, 0, 1]) }),
    ).toBeCloseTo(0, 14);
    expect([
      ...projection({ ...diagonal, counts: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]) }, "x"),
    ]).toEqual([12, 15, 18]);
    expect([
      ...projection({ ...diagonal, counts: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]) }, "y"),
    ]).toEqual([6, 15, 24]);
  });
});

describe("fit range, table and exports", () => {
  const edges = Float64Array.from({ length: 101 }, (_, i) => 1000 + i);
  it("takes the dragged range, a window around a clicked bin, the zoomed range or all bins", () => {
    expect(fitRangeFor(edges, { lo: 1020.5, hi: 1060.2 }, [1000, 1010])).toEqual({
      range: [1020.5, 1060.2],
      source: "selection",
    });
    expect(fitRangeFor(edges, { lo: 1050, hi: 1051 }, null)).toEqual({
      range: [1035, 1066],
      source: "clicked bin",
    });
    expect(fitRangeFor(edges, { lo: 1002, hi: 1003 }, null).range).toEqual([1000, 1018]);
    expect(fitRangeFor(edges, null, [1010, 1030])).toEqual({ range: [1010, 1030], source: "visible" });
    expect(fitRangeFor(edges, null, [900, 1200])).toEqual({ range: [1000, 1100], source: "all bins" });
    expect(fitRangeFor(edges, null, null)).toEqual({ range: [1000, 1100], source: "all bins" });
  });

  it("reads a zoomed plot's x range, not an autoranged one", () => {
    const div = (layout: unknown) => Object.assign(document.createElement("div"), { layout });
    expect(visibleXRange(div({ xaxis: { range: [30, 10], autorange: false } }))).toEqual([10, 30]);
    expect(visibleXRange(div({ xaxis: { range: [0, 1], autorange: true } }))).toBeNull();
    expect(visibleXRange(undefined)).toBeNull();
  });

  it("rounds a value to its error's second significant digit", () => {
    expect(formatWithError(2614.53217, 0.01234)).toEqual({ value: "2614.532", error: "0.012" });
    expect(formatWithError(40123.7, 212.3)).toEqual({ value: "40124", error: "212" });
    expect(formatWithError(0.5, NaN)).toEqual({ value: "0.50000", error: "" });
  });

  it("tab-separated, CSV and JSON text carry every row at full precision", () => {
    const result = fitPeak(cleanGauss, { model: "gauss" });
    const rows = fitTableRows(result);
    expect(rows.map((r) => r.name)).toEqual(["n_sig", "mu", "sigma", "fwhm", "chi2/ndf", "p"]);
    const tsv = fitTsv(result).trimEnd().split("\n");
    expect(tsv[0]).toBe("parameter\tvalue\terror");
    expect(tsv[2]).toBe(`mu\t${result.parameters[1]!.value}\t${result.parameters[1]!.error}`);
    expect(tsv[5]).toBe(`chi2/ndf\t${result.chi2 / result.ndf}\t`);
    expect(fitCsv(result).split("\n")[3]).toBe(
      `sigma,${result.parameters[2]!.value},${result.parameters[2]!.error}`,
    );
    const json = JSON.parse(fitJson(result, { column: "energy", units: "keV", series: "all" })) as {
      parameters: Record<string, { value: number }>;
      column: string;
      chi2Kind: string;
      covariance: number[][];
    };
    expect(json.column).toBe("energy");
    expect(json.parameters.mu!.value).toBe(result.parameters[1]!.value);
    expect(json.chi2Kind).toContain("likelihood ratio");
    expect(json.covariance.length).toBe(3);
  });

  it("draws the fitted curve on the plot of the fitted series only", () => {
    const curve = { x: Float64Array.of(1, 2), y: Float64Array.of(3, 4) };
    const figures = [
      { key: "a", data: [{ type: "scatter" as const, name: "a" }], layout: {} },
      { key: "b", data: [{ type: "scatter" as const, name: "b" }], layout: {} },
    ];
    const drawn = withFitCurve(figures, curve, "b");
    expect(drawn[0]!.data.length).toBe(1);
    expect(drawn[1]!.data.map((d) => d.name)).toEqual(["b", "fit"]);
    expect(withFitCurve([{ ...figures[0]!, key: "all" }], curve, "a")[0]!.data.length).toBe(2);
  });
});
