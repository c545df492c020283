import { describe, expect, it } from "vitest";
import {
  autoRanges,
  type LineContext,
  paintLines,
  pickLine,
  type PlotArea,
} from "../../../../renderer/features/waveforms/canvas-lines.ts";
import type { PlotLine } from "../../../../renderer/features/waveforms/waveform-figure.ts";

function line(x: number[], y: number[], extra: Partial<PlotLine> = {}): PlotLine {
  return {
    type: "scatter",
    mode: "lines",
    name: "wf",
    x: Float64Array.from(x),
    y: Float32Array.from(y),
    line: { width: 1, color: "#ff0000" },
    ...extra,
  };
}

/** A stand-in 2D context that records each stroked path as its points (moveTo starts a new run). */
function recorder() {
  const strokes: { color: unknown; width: number; dash: number[]; runs: [number, number][][] }[] = [];
  let runs: [number, number][][] = [];
  let dash: number[] = [];
  const context: LineContext & { cleared: number[] | null; transform: number[] | null } = {
    strokeStyle: "",
    lineWidth: 0,
    lineJoin: "miter",
    cleared: null,
    transform: null,
    beginPath: () => (runs = []),
    moveTo: (x: number, y: number) => runs.push([[x, y]]),
    lineTo: (x: number, y: number) => runs.at(-1)!.push([x, y]),
    stroke: () =>
      strokes.push({ color: context.strokeStyle, width: context.lineWidth, dash: [...dash], runs }),
    setLineDash: (d: number[]) => (dash = d),
    clearRect: (...r: number[]) => (context.cleared = r),
    setTransform: ((...m: number[]) => (context.transform = m)) as LineContext["setTransform"],
  };
  return { context, strokes };
}

const AREA: PlotArea = { left: 60, top: 10, width: 100, height: 50 };

describe("autoRanges", () => {
  it("spans x tightly and pads y by 5 % of the finite values' span", () => {
    const ranges = autoRanges([line([0, 10, 20], [1, Number.NaN, 5]), line([5, 30], [3, -3])]);
    expect(ranges.x).toEqual([0, 30]);
    expect(ranges.y[0]).toBeCloseTo(-3.4, 10);
    expect(ranges.y[1]).toBeCloseTo(5.4, 10);
  });
  it("gives a flat line ±1 and no data [0, 1]", () => {
    expect(autoRanges([line([0, 1], [7, 7])]).y).toEqual([6, 8]);
    expect(autoRanges([line([2], [Number.NaN])])).toEqual({ x: [1, 3], y: [0, 1] });
    expect(autoRanges([])).toEqual({ x: [0, 1], y: [0, 1] });
  });
});

describe("paintLines", () => {
  it("maps samples to the area's pixels (y up), breaks at NaN, keeps the order, colour, width and dash", () => {
    const { context, strokes } = recorder();
    const lines = [
      line([0, 10, 20, 30, 40], [0, 10, Number.NaN, 5, 10]),
      line([0, 40], [10, 0], { line: { width: 3, color: "#000000", dash: "dot" } }),
    ];
    paintLines(context, lines, AREA, [0, 40], [0, 10], 2);
    expect(context.transform).toEqual([2, 0, 0, 2, 0, 0]);
    expect(context.cleared).toEqual([0, 0, 100, 50]);
    expect(strokes).toHaveLength(2);
    expect(strokes[0]).toEqual({
      color: "#ff0000",
      width: 1,
      dash: [],
      runs: [
        [
          [0, 50],
          [25, 0],
        ],
        [
          [75, 25],
          [100, 0],
        ],
      ],
    });
    expect(strokes[1]).toEqual({
      color: "#000000",
      width: 3,
      dash: [3, 3],
      runs: [
        [
          [0, 0],
          [100, 50],
        ],
      ],
    });
  });
});

describe("pickLine", () => {
  // a rising line and a falling one crossing at x = 20 (pixel 50, 25)
  const lines = [line([0, 40], [0, 10]), line([0, 20, 40], [10, 5, 0], { customdata: [7] })];
  it("finds the line drawn nearest to the pixel, within the tolerance", () => {
    expect(pickLine(lines, AREA, [0, 40], [0, 10], 10, 45)).toBe(0); // near (4, 1) on the rising line
    expect(pickLine(lines, AREA, [0, 40], [0, 10], 10, 7)).toBe(1);
    expect(pickLine(lines, AREA, [0, 40], [0, 10], 90, 47)).toBe(1);
    expect(pickLine(lines, AREA, [0, 40], [0, 10], 10, 25)).toBeNull(); // between them
    expect(pickLine(lines, AREA, [0, 40], [0, 10], 10, 25, 20)).not.toBeNull();
  });
  it("takes the topmost (last) line on a tie, and follows a zoomed x range", () => {
    expect(pickLine(lines, AREA, [0, 40], [0, 10], 50, 25)).toBe(1);
    // zoomed to x 20..40: pixel 0 is x = 20, where the lines cross
    expect(pickLine(lines, AREA, [20, 40], [0, 10], 0, 25)).toBe(1);
    expect(pickLine(lines, AREA, [20, 40], [0, 10], 100, 0)).toBe(0);
  });
  it("skips segments that touch a NaN", () => {
    const gap = [line([0, 10, 20], [5, Number.NaN, 5])];
    expect(pickLine(gap, AREA, [0, 20], [0, 10], 50, 25)).toBeNull();
    expect(pickLine([line([0, 10, 20], [5, 5, 5])], AREA, [0, 20], [0, 10], 50, 25)).toBe(0);
  });
});
