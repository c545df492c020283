import { describe, expect, it } from "vitest";
import type { WaveformPageRequest } from "../../../../shared/api/types.ts";
import { binRange, dragRange } from "../../../../renderer/features/waveforms/link-histogram.ts";
import {
  formatValue,
  meanTrace,
  timeScale,
  waveformFigure,
} from "../../../../renderer/features/waveforms/waveform-figure.ts";
import { transformsOf, waveformRequest } from "../../../../renderer/features/waveforms/waveform-request.ts";
import type { HistogramResult } from "../../../../renderer/features/histogram/use-histogram-job.ts";
import { createAppStore } from "../../../../renderer/stores/store.ts";
import {
  DEFAULT_WAVEFORM_SETTINGS,
  type WaveformSettings,
} from "../../../../renderer/stores/waveforms-slice.ts";
import { fakePage, SAMPLES } from "./fake-pages.ts";

const selection = { rows: [0, 1], channels: [1084803], cuts: { hit: "trapEmax > 100" } };
const settings = (over: Partial<WaveformSettings> = {}): WaveformSettings => ({
  ...DEFAULT_WAVEFORM_SETTINGS,
  ...over,
});

describe("waveform requests", () => {
  it("orders transforms as WaveformBrowser does: baseline, DSP step, norm, align", () => {
    const s = settings({
      baselineSamples: 100,
      derived: { kind: "trapezoid", rise: 800, flat: 160 },
      normalizeBy: "cuspEmax_ctc_cal",
      alignAt: "tp_0_est",
    });
    expect(transformsOf(s)).toEqual([
      { kind: "baseline", samples: 100 },
      { kind: "trapezoid", rise: 800, flat: 160 },
      { kind: "normalize", column: "cuspEmax_ctc_cal" },
      { kind: "align", column: "tp_0_est" },
    ]);
    expect(transformsOf(settings())).toEqual([]);
    expect(transformsOf(settings({ derived: { kind: "pole-zero", tau: 5e4 } }))).toEqual([
      { kind: "pole-zero", tau: 5e4 },
    ]);
    expect(transformsOf(settings({ derived: { kind: "moving-average", window: 48 } }))).toEqual([
      { kind: "moving-average", window: 48 },
    ]);
  });

  it("asks for a page, or a seeded sample from 0, with the linked view's range and marker columns", () => {
    const range = { column: "trapEmax", lo: 10, hi: 20 };
    const paged = waveformRequest(
      selection,
      settings({ legendColumns: ["AoE"], timeMarkers: ["tp_0_est"], amplitudeMarkers: ["AoE"] }),
      30,
      range,
    );
    expect(paged).toMatchObject({ start: 30, count: 10, columns: ["waveform"], valueRange: range });
    expect(paged.legendColumns).toEqual(["AoE", "tp_0_est"]);
    expect(paged.randomSeed).toBeUndefined();
    const sample = waveformRequest(selection, settings({ randomSeed: 42 }), 30, null);
    expect(sample).toMatchObject({ start: 0, randomSeed: 42 });
    expect(sample.valueRange).toBeUndefined();
  });
});

describe("waveform figure", () => {
  const request = (over: Partial<WaveformPageRequest> = {}): WaveformPageRequest => ({
    selection,
    columns: ["waveform"],
    start: 3,
    count: 4,
    legendColumns: ["energy"],
    ...over,
  });

  it("draws one line per entry and column on a time axis from t0/dt in ns or µs", () => {
    const page = fakePage(request({ columns: ["waveform_windowed", "waveform_presummed"] }), 100);
    const ns = waveformFigure(page, settings());
    expect(ns.data).toHaveLength(8);
    expect(Array.from(ns.data[0]!.x.subarray(0, 3))).toEqual([0, 16, 32]);
    expect(ns.layout.xaxis.title.text).toBe("time (ns)");
    expect(ns.data[0]!.name).toBe("waveform_windowed #3 · energy = 103 keV");
    expect(ns.data[4]!.line.dash).toBe("dot");
    const us = waveformFigure(page, settings({ timeUnit: "us" }));
    expect(us.data[0]!.x[1]).toBeCloseTo(0.016, 12);
    expect(us.layout.xaxis.title.text).toBe("time (µs)");
  });

  it("adds the mean of the page, markers (time shifted by the alignment) and axis limits", () => {
    const page = fakePage(request({ legendColumns: ["energy", "tp"] }), 100);
    page.legend.tp = { values: Float64Array.of(100, 200, 300, 400), units: "ns" };
    const figure = waveformFigure(
      page,
      settings({
        showMean: true,
        timeMarkers: ["tp"],
        amplitudeMarkers: ["energy"],
        alignAt: "tp",
        xLimits: [-500, 1000],
        yLimits: [null, 5],
      }),
    );
    const mean = figure.data.at(-1)!;
    expect(mean.name).toBe("mean of 4 (waveform)");
    expect(mean.y[0]).toBe(0);
    expect(mean.y[SAMPLES - 1]).toBeCloseTo((3 + 4 + 5 + 6) / 4, 6);
    const vertical = figure.layout.shapes.filter((s) => s.xref === "x");
    expect(vertical.map((s) => s.x0)).toEqual([0, 0, 0, 0]); // tp − tp after alignment
    const horizontal = figure.layout.shapes.filter((s) => s.yref === "y");
    expect(horizontal.map((s) => s.y0)).toEqual([103, 104, 105, 106]);
    expect(figure.layout.xaxis.range).toEqual([-500, 1000]);
    expect(figure.layout.yaxis.range).toBeUndefined(); // half a limit is no limit
    expect(figure.layout.xaxis.title.text).toBe("time − tp (ns)");
  });

  it("formats values, scales time units and averages around NaN gaps", () => {
    expect(formatValue(2614.5123, "keV")).toBe("2614.51 keV");
    expect(formatValue(0.000012, null)).toBe("1.2e-5");
    expect(formatValue(Number.NaN, "keV")).toBe("–");
    expect(timeScale("us", "ns")).toBe(1000);
    expect(timeScale("ns", "us")).toBe(0.001);
    expect(timeScale("samples", "us")).toBe(1);
    const mean = meanTrace(Float32Array.of(1, Number.NaN, 3, 5), 2, 2);
    expect(Array.from(mean)).toEqual([2, 5]);
  });
});

describe("linked view ranges", () => {
  const h1: HistogramResult = {
    mode: "1d",
    settings: {
      ...createAppStore().getState().histogram,
      x: { column: "trapEmax", tier: "dsp", bins: 4, lo: null, hi: null, log: false },
    },
    histogram: { column: "trapEmax", units: "ADC", edges: Float64Array.of(0, 10, 20, 30, 40), series: [] },
  };

  it("turns a bin click into its half-open range (the last bin closed, as numpy)", () => {
    expect(binRange(h1, { pointIndex: 1 })).toEqual({
      column: "trapEmax",
      tier: "dsp",
      lo: 10,
      hi: 20,
      closedHigh: false,
    });
    expect(binRange(h1, { pointIndex: 4 })).toMatchObject({ lo: 30, hi: 40, closedHigh: true });
    expect(binRange(h1, {})).toBeNull();
  });

  it("turns a 2D cell click and a drag into a box", () => {
    const base = createAppStore().getState().histogram;
    const h2: HistogramResult = {
      mode: "2d",
      settings: {
        ...base,
        mode: "2d",
        x: { ...base.x, column: "trapEmax", tier: null },
        y: { ...base.y, column: "AoE", tier: "hit" },
      },
      histogram: {
        xEdges: Float64Array.of(0, 1, 2),
        yEdges: Float64Array.of(0, 5, 10),
        counts: new Float64Array(4),
        stats: h1.histogram.series[0]?.stats as never,
      },
    };
    expect(binRange(h2, { pointIndex: [1, 0] })).toEqual({
      column: "trapEmax",
      lo: 0,
      hi: 1,
      closedHigh: false,
      column2: "AoE",
      tier2: "hit",
      lo2: 5,
      hi2: 10,
      closedHigh2: true,
    });
    expect(dragRange(h2, [2, 0.5], [1, 4])).toEqual({
      column: "trapEmax",
      lo: 0.5,
      hi: 2,
      column2: "AoE",
      tier2: "hit",
      lo2: 1,
      hi2: 4,
    });
    expect(dragRange(h1, [12, 18])).toEqual({ column: "trapEmax", tier: "dsp", lo: 12, hi: 18 });
    expect(dragRange(h1, [3, 3])).toBeNull();
  });
});

describe("waveforms slice", () => {
  it("pages within the entries, and a linked range starts from its first entry", () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().waveformPaged(-5);
    expect(s().waveformStart).toBe(0);
    s().waveformTotalKnown(25);
    s().waveformPaged(40);
    expect(s().waveformStart).toBe(24);
    s().waveformEntrySelected(3);
    s().showEntriesInRange({ column: "trapEmax", lo: 1, hi: 2 });
    expect(s()).toMatchObject({ waveformStart: 0, waveformTotal: null, selectedEntry: null });
    expect(s().selectedRange).toEqual({ column: "trapEmax", lo: 1, hi: 2 });
    s().waveformsChanged({ perPage: 0 });
    expect(s().waveforms.perPage).toBe(1);
  });
});
