import { describe, expect, it } from "vitest";
import type { Histogram1d, Histogram2d } from "../../../../shared/api/types.ts";
import {
  columnKey,
  isNumericColumn,
  numericColumns,
  parseColumnKey,
} from "../../../../renderer/features/histogram/columns.ts";
import { histogram1dCsv, histogram2dCsv } from "../../../../renderer/features/histogram/csv.ts";
import {
  histogram1dFigures,
  histogram2dFigure,
  stepValues,
} from "../../../../renderer/features/histogram/figure.ts";
import { COLUMNS } from "../exploration-api.ts";

const stats = { entries: 6, mean: 1, std: 1, underflow: 1, overflow: 2, nan: 0 };
const H1: Histogram1d = {
  column: "trapEmax",
  units: "ADC",
  edges: Float64Array.from([0, 10, 20, 30]),
  series: [
    { label: "ch1084803", counts: Float64Array.from([1, 2, 3]), stats },
    { label: 'ch1084804, "b"', counts: Float64Array.from([0, 5, 0]), stats },
  ],
};
const H2: Histogram2d = {
  xEdges: Float64Array.from([0, 1, 2]),
  yEdges: Float64Array.from([0, 10, 20]),
  counts: Float64Array.from([1, 0, 100, 4]),
  stats: { x: stats, y: stats },
};
const OPTIONS = { logX: false, logY: false, logCounts: false, layout: "overlay" as const };

describe("histogram figures", () => {
  it("draws steps over the edges (last count repeated)", () => {
    expect(Array.from(stepValues(Float64Array.from([1, 2, 3])))).toEqual([1, 2, 3, 3]);
    const [figure] = histogram1dFigures(H1, OPTIONS);
    expect(figure?.data).toHaveLength(2);
    const trace = figure!.data[0] as { x: Float64Array; y: Float64Array; name: string };
    expect(Array.from(trace.x)).toEqual([0, 10, 20, 30]);
    expect(Array.from(trace.y)).toEqual([1, 2, 3, 3]);
    expect(trace.name).toBe("ch1084803");
    expect(figure!.layout.xaxis).toMatchObject({ title: { text: "trapEmax [ADC]" }, type: "linear" });
  });

  it("splits into one plot per series and sets log axes", () => {
    const figures = histogram1dFigures(H1, { ...OPTIONS, layout: "split", logX: true, logCounts: true });
    expect(figures.map((f) => f.key)).toEqual(["ch1084803", 'ch1084804, "b"']);
    expect(figures[0]!.layout.xaxis).toMatchObject({ type: "log" });
    expect(figures[0]!.layout.yaxis).toMatchObject({ type: "log" });
  });

  it("drags to select a range (1D along x), set in the figure rather than by a relayout after each draw", () => {
    const [overlay] = histogram1dFigures(H1, OPTIONS);
    expect(overlay!.layout).toMatchObject({ dragmode: "select", selectdirection: "h" });
    const split = histogram1dFigures(H1, { ...OPTIONS, layout: "split" });
    expect(split.map((f) => f.layout.dragmode)).toEqual(["select", "select"]);
    expect(histogram2dFigure(H2, "a", "b", { logCounts: false }).layout).toMatchObject({
      dragmode: "select",
      selectdirection: "any",
    });
  });

  it("lets tick labels overflow instead of measuring each against the div", () => {
    const [figure] = histogram1dFigures(H1, OPTIONS);
    const heatmap = histogram2dFigure(H2, "a", "b", { logCounts: false });
    for (const layout of [figure!.layout, heatmap.layout]) {
      expect(layout.xaxis).toMatchObject({ ticklabeloverflow: "allow" });
      expect(layout.yaxis).toMatchObject({ ticklabeloverflow: "allow" });
    }
  });

  it("shows a legend for overlaid series and a lone labelled series, not for the column's own series", () => {
    expect(histogram1dFigures(H1, OPTIONS)[0]!.layout.showlegend).toBe(true);
    const oneChannel = { ...H1, series: [H1.series[0]!] };
    expect(histogram1dFigures(oneChannel, OPTIONS)[0]!.layout.showlegend).toBe(true);
    const unsplit = { ...H1, series: [{ ...H1.series[0]!, label: "trapEmax" }] };
    const [figure] = histogram1dFigures(unsplit, OPTIONS);
    expect(figure!.layout.showlegend).toBe(false);
    expect(figure!.layout.title).toMatchObject({ text: "trapEmax" });
    expect((figure!.data[0] as { name: string }).name).toBe("trapEmax");
    expect(histogram1dFigures(H1, { ...OPTIONS, layout: "split" })[0]!.layout.showlegend).toBe(false);
  });

  it("maps 2D counts to heatmap rows, empty bins blank, log colour scale", () => {
    const linear = histogram2dFigure(H2, "a", "b", { logCounts: false });
    expect((linear.data[0] as { z: unknown }).z).toEqual([
      [1, null],
      [100, 4],
    ]);
    const log = histogram2dFigure(H2, "a", "b", { logCounts: true });
    expect((log.data[0] as { z: unknown }).z).toEqual([
      [0, null],
      [2, Math.log10(4)],
    ]);
  });
});

describe("bins as CSV", () => {
  it("writes one row per bin with each series, quoting labels", () => {
    expect(histogram1dCsv(H1)).toBe('lo,hi,ch1084803,"ch1084804, ""b"""\n0,10,1,0\n10,20,2,5\n20,30,3,0\n');
  });

  it("writes 2D bins with x fastest", () => {
    expect(histogram2dCsv(H2)).toBe(
      "x_lo,x_hi,y_lo,y_hi,count\n0,1,0,10,1\n1,2,0,10,0\n0,1,10,20,100\n1,2,10,20,4\n",
    );
  });
});

describe("numeric columns", () => {
  it("keeps scalar numeric columns, not waveforms", () => {
    expect(numericColumns(COLUMNS).map((c) => c.name)).toEqual([
      "cuspEmax_ctc_cal",
      "multiplicity",
      "trapEmax",
      "trapTmax",
    ]);
    expect(isNumericColumn({ ...COLUMNS[0]!, lgdoType: null, dtype: "uint16" })).toBe(true);
    expect(isNumericColumn({ ...COLUMNS[0]!, lgdoType: null, dtype: null })).toBe(false);
  });

  it("round-trips column keys", () => {
    expect(parseColumnKey(columnKey("dsp", "trapEmax"))).toEqual({ tier: "dsp", name: "trapEmax" });
    expect(parseColumnKey(columnKey(null, "x"))).toEqual({ tier: null, name: "x" });
  });
});
