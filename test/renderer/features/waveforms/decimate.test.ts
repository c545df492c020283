import { describe, expect, it } from "vitest";
import {
  decimateFigure,
  decimateLine,
  envelopeIndices,
} from "../../../../renderer/features/waveforms/decimate.ts";
import { relayoutRange } from "../../../../renderer/features/waveforms/WaveformPlot.tsx";
import type { PlotLine, WaveformFigure } from "../../../../renderer/features/waveforms/waveform-figure.ts";

/** A noisy pulse of n samples with a NaN gap, from a fixed linear congruential sequence. */
function pulse(n: number): Float32Array {
  let state = 12345;
  const noise = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 40;
  const y = Float32Array.from({ length: n }, (_, i) => (i > n / 2 ? 9000 * Math.exp(-(i - n / 2) / 900) : 0));
  for (let i = 0; i < n; i++) y[i] = y[i]! + noise() + 14000;
  y.fill(Number.NaN, 1000, 1040);
  return y;
}

function line(y: Float32Array, t0 = 0, dt = 16): PlotLine {
  return {
    type: "scatter",
    mode: "lines",
    name: "wf",
    x: Float64Array.from(y, (_, i) => t0 + i * dt),
    y,
    line: { width: 1 },
  };
}

/** min and max of the non-NaN values in [lo, hi), or null when all are NaN. */
function extremes(y: ArrayLike<number>, lo: number, hi: number): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = lo; i < hi; i++)
    if (!Number.isNaN(y[i]!)) {
      min = Math.min(min, y[i]!);
      max = Math.max(max, y[i]!);
    }
  return min === Infinity ? null : [min, max];
}

describe("min/max decimation", () => {
  it("keeps every sample when there are at most two per pixel column", () => {
    const y = pulse(8192);
    expect([...envelopeIndices(y, 0, 8192, 4096)]).toEqual([...Array(8192).keys()]);
    expect([...envelopeIndices(y, 100, 300, 100)]).toEqual(Array.from({ length: 200 }, (_, i) => 100 + i));
  });

  it("draws, per pixel column, exactly the column's minimum and maximum sample in sample order", () => {
    const y = pulse(8192);
    for (const columns of [1, 7, 500, 913, 1300]) {
      const picked = envelopeIndices(y, 0, y.length, columns);
      expect(picked.length).toBeLessThanOrEqual(2 * columns + 2);
      expect([picked[0], picked.at(-1)]).toEqual([0, y.length - 1]);
      for (let k = 1; k < picked.length; k++) expect(picked[k]!).toBeGreaterThan(picked[k - 1]!);
      for (let b = 0; b < columns; b++) {
        const lo = Math.floor((b * y.length) / columns);
        const hi = Math.floor(((b + 1) * y.length) / columns);
        const inColumn = [...picked].filter((i) => i >= lo && i < hi).map((i) => y[i]!);
        const full = extremes(y, lo, hi);
        if (full === null) expect(inColumn.length > 0 && inColumn.every(Number.isNaN)).toBe(true);
        else expect(extremes(inColumn, 0, inColumn.length)).toEqual(full);
      }
    }
  });

  it("reduces a line to the visible x range, one sample beyond each edge, exact when zoomed in", () => {
    const y = pulse(8192);
    const full = line(y, 1000, 16);
    const zoomed = decimateLine(full, [1000 + 16 * 4000.5, 1000 + 16 * 4400.5], 900);
    expect([...zoomed.y]).toEqual([...y.subarray(4000, 4402)]);
    expect([...zoomed.x]).toEqual([...full.x.subarray(4000, 4402)]);
    const wide = decimateLine(full, null, 900);
    expect(wide.y.length).toBeLessThanOrEqual(1802);
    expect(wide.x[0]).toBe(full.x[0]);
    expect(wide.x.at(-1)).toBe(full.x.at(-1));
    expect(extremes(wide.y, 0, wide.y.length)).toEqual(extremes(y, 0, y.length));
    // each drawn point is an original sample: x on the t0 + k·dt grid and y the sample at k
    wide.x.forEach((x, j) => expect(wide.y[j]).toEqual(y[(x - 1000) / 16]));
    // a short line is handed back as it is
    const short = line(y.slice(0, 100));
    expect(decimateLine(short, null, 900)).toBe(short);
  });

  it("decimates every line of a figure and keeps its layout", () => {
    const figure = {
      data: [line(pulse(8192)), line(pulse(8192), 64)],
      layout: { showlegend: true },
    } as unknown as WaveformFigure;
    const out = decimateFigure(figure, null, 300);
    expect(out.layout).toBe(figure.layout);
    expect(out.data.map((d) => d.y.length <= 602)).toEqual([true, true]);
  });
});

describe("zoom events", () => {
  it("reads x and y ranges, autorange and untouched axes from plotly_relayout", () => {
    expect(relayoutRange({ "xaxis.range[0]": 1, "xaxis.range[1]": 5 }, "xaxis")).toEqual([1, 5]);
    expect(relayoutRange({ "xaxis.range": [2, 3] }, "xaxis")).toEqual([2, 3]);
    expect(relayoutRange({ "xaxis.autorange": true, "yaxis.autorange": true }, "yaxis")).toBeNull();
    expect(relayoutRange({ autosize: true }, "xaxis")).toBeUndefined();
  });
});
