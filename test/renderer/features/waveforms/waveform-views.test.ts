// The derivative and spectrum views: their transforms come last, the axes say what is drawn, a spectrum's
// decades are drawn as log10 and its markers are left out.
import { describe, expect, it } from "vitest";
import {
  axisTitles,
  log10Values,
  waveformFigure,
} from "../../../../renderer/features/waveforms/waveform-figure.ts";
import { transformsOf } from "../../../../renderer/features/waveforms/waveform-request.ts";
import {
  DEFAULT_WAVEFORM_SETTINGS,
  type WaveformSettings,
} from "../../../../renderer/stores/waveforms-slice.ts";
import { fakePage, SAMPLES } from "./fake-pages.ts";

const settings = (over: Partial<WaveformSettings> = {}): WaveformSettings => ({
  ...DEFAULT_WAVEFORM_SETTINGS,
  ...over,
});
const selection = { rows: [0], channels: [], cuts: {} };

describe("waveform views", () => {
  it("put the derivative or the spectrum after every other transform", () => {
    expect(transformsOf(settings({ view: "derivative", baselineSamples: 50, alignAt: "tp_0_est" }))).toEqual([
      { kind: "baseline", samples: 50 },
      { kind: "align", column: "tp_0_est" },
      { kind: "derivative" },
    ]);
    expect(transformsOf(settings({ view: "spectrum", normalizeBy: "cuspEmax" })).at(-1)).toEqual({
      kind: "spectrum",
    });
    expect(transformsOf(settings({ view: "samples" }))).toEqual([]);
  });

  it("title the axes for what is drawn", () => {
    expect(axisTitles("ns", settings())).toEqual({ xTitle: "time (ns)", yTitle: "amplitude (ADC)" });
    expect(axisTitles("ns", settings({ view: "derivative" })).yTitle).toBe("dv/dt (ADC / ns)");
    expect(axisTitles("MHz", settings({ view: "spectrum" }))).toEqual({
      xTitle: "frequency (MHz)",
      yTitle: "log₁₀ PSD (ADC² / MHz)",
    });
  });

  it("draw a spectrum's densities as log10, without time or amplitude markers", () => {
    const request = { selection, columns: ["waveform"], start: 0, count: 2, legendColumns: ["tp_0_est"] };
    const page = fakePage(request, 5);
    page.traces[0]!.timeUnits = "MHz";
    const figure = waveformFigure(
      page,
      settings({ view: "spectrum", timeMarkers: ["tp_0_est"], timeUnit: "us" }),
    );
    const y = figure.data[0]!.y;
    const raw = page.traces[0]!.values.subarray(0, SAMPLES);
    for (let s = 0; s < SAMPLES; s++) {
      if (raw[s]! > 0) expect(y[s]).toBeCloseTo(Math.log10(raw[s]!), 5);
      else expect(y[s]).toBeNaN();
    }
    // frequency is not converted like time (µs here would scale a time axis by 1/1000)
    const x = figure.data[0]!.x;
    expect(x[1]! - x[0]!).toBeCloseTo(page.traces[0]!.dt[0]!, 9);
    expect(figure.layout.shapes).toEqual([]);
    expect(figure.layout.xaxis.title.text).toBe("frequency (MHz)");
  });

  it("log10 leaves no -Infinity for empty bins", () => {
    expect([...log10Values(Float32Array.from([100, 0, -1, 1]))]).toEqual([2, NaN, NaN, 0]);
  });
});
