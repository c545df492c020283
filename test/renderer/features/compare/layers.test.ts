import { describe, expect, it } from "vitest";
import type { Histogram1d } from "../../../../shared/api/types.ts";
import { compareFigure, layerCounts } from "../../../../renderer/features/compare/compare-figure.ts";
import {
  cutVsNotCut,
  layerColour,
  selectionName,
  unionRange,
  unitArea,
} from "../../../../renderer/features/compare/layers.ts";

const stats = (entries: number) => ({ entries, mean: 0, std: 0, underflow: 0, overflow: 0, nan: 0 });
const h = (edges: number[], counts: number[]): Histogram1d => ({
  column: "trapEmax",
  units: "ADC",
  edges: Float64Array.from(edges),
  series: [
    { label: "trapEmax", counts: Float64Array.from(counts), stats: stats(counts.reduce((a, b) => a + b)) },
  ],
});

describe("comparison layers", () => {
  it("negates the hit cut, else the event cut, and keeps the other level's", () => {
    const both = cutVsNotCut({ rows: [1], channels: [], cuts: { hit: "a > 1", evt: "b < 2" } })!;
    expect(both[1].selection.cuts).toEqual({ hit: "not (a > 1)", evt: "b < 2" });
    const evt = cutVsNotCut({ rows: [], channels: [], cuts: { evt: "b < 2" } })!;
    expect(evt.map((l) => l.selection.cuts.evt)).toEqual(["b < 2", "not (b < 2)"]);
    expect(cutVsNotCut({ rows: [], channels: [], cuts: { hit: "a > 1" }, entryList: "el1" })).toBeNull();
  });

  it("names a selection by its cuts, channels and cycles", () => {
    expect(selectionName({ rows: [0, 1], channels: [7], cuts: { hit: "a > 1" } })).toBe(
      "a > 1 · 1 channel · 2 cycles",
    );
    expect(selectionName({ rows: [], channels: [], cuts: {}, fileQuery: "type == 'phy'" })).toBe(
      "all entries · type == 'phy'",
    );
  });

  it("bins every layer over the union of their ranges, ignoring empty layers", () => {
    expect(unionRange([h([0, 1, 2], [1, 1]), h([1, 3, 5], [0, 2]), h([9, 10], [0])])).toEqual([0, 5]);
    expect(unionRange([h([9, 10], [0])])).toBeNull();
  });

  it("scales to unit area", () => {
    const scaled = unitArea(Float64Array.of(1, 3), Float64Array.of(0, 2, 4));
    expect([...scaled]).toEqual([0.125, 0.375]);
    expect(scaled[0]! * 2 + scaled[1]! * 2).toBe(1);
  });

  it("draws a step curve per layer in its colour, counts or unit area, with entries in the legend", () => {
    const layers = [
      {
        layer: { id: 1, name: "cut", selection: { rows: [], channels: [], cuts: {} } },
        histogram: h([0, 1, 2], [2, 2]),
      },
      {
        layer: { id: 2, name: "not cut", selection: { rows: [], channels: [], cuts: {} } },
        histogram: h([0, 1, 2], [1, 0]),
      },
    ];
    const counts = compareFigure(layers, { normalised: false, logX: false, logCounts: false });
    expect(counts.data.map((d) => (d as { name: string }).name)).toEqual(["cut (4)", "not cut (1)"]);
    expect(counts.data.map((d) => (d as { line: { color: string } }).line.color)).toEqual([
      layerColour(0),
      layerColour(1),
    ]);
    expect(Array.from((counts.data[1] as { y: ArrayLike<number> }).y)).toEqual([1, 0, 0]);
    const unit = compareFigure(layers, { normalised: true, logX: false, logCounts: false });
    expect(Array.from((unit.data[0] as { y: ArrayLike<number> }).y)).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from((unit.data[1] as { y: ArrayLike<number> }).y)).toEqual([1, 0, 0]);
    expect([...layerCounts(h([0, 1, 2], [3, 4]))]).toEqual([3, 4]);
  });
});
