// Turns a WaveformPage into Plotly traces and a layout: one line per entry and column, time in
// ns or µs from t0/dt, the legend with the entry's values and units, markers, mean, limits.
import type { WaveformPage } from "../../../shared/api/types.ts";
import { formatNumber } from "../../../shared/format/numbers.ts";
import type { WaveformSettings } from "../../stores/waveforms-slice.ts";
import { entryName, identityTooltip, shortName } from "../event-view/identity-text.ts";

export interface PlotLine {
  type: "scatter";
  mode: "lines";
  name: string;
  x: Float64Array;
  y: Float32Array;
  line: { width: number; color?: string; dash?: string };
  /** The entry's whole identity (cycle, file, detector, row, event), shown on hovering its legend entry. */
  detail?: string;
  /** Position in the entry list (for selecting a waveform). */
  customdata?: number[];
  showlegend?: boolean;
}

export interface PlotShape {
  type: "line";
  xref: "x" | "paper";
  yref: "y" | "paper";
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  line: { color: string; width: number; dash: string };
}

export interface WaveformFigure {
  data: PlotLine[];
  layout: {
    xaxis: { title: { text: string }; range?: [number, number]; autorange?: boolean };
    yaxis: { title: { text: string }; range?: [number, number]; autorange?: boolean };
    shapes: PlotShape[];
    showlegend: boolean;
    margin: { l: number; r: number; t: number; b: number };
  };
}

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

/** Factor from the waveform's time units to the chosen axis unit (µs or ns). */
export function timeScale(units: string, target: "ns" | "us"): number {
  const perNs: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };
  const factor = perNs[units.trim()];
  if (factor === undefined) return 1; // samples or unknown units are drawn as they are
  return target === "ns" ? factor : factor / 1e3;
}

function axisUnit(units: string, target: "ns" | "us"): string {
  if (!(units.trim() in { ns: 1, us: 1, µs: 1, ms: 1, s: 1 })) return units || "samples";
  return target === "us" ? "µs" : "ns";
}

/** Value with at most 4 significant digits and its units, e.g. `2614 keV`. */
export function formatValue(value: number, units: string | null): string {
  return formatNumber(value, units);
}

/** The legend line of one entry: `#12 V01240A (1084804) · row 6 · event 7 · cuspEmax_ctc_cal = 2614 keV · …`. */
export function legendText(page: WaveformPage, i: number, column: string, columns: number): string {
  const values = Object.entries(page.legend).map(
    ([name, v]) => `${name} = ${formatValue(v.values[i] ?? Number.NaN, v.units)}`,
  );
  const prefix = columns > 1 ? `${column} ` : "";
  const name = page.identity ? entryName(page.identity, i) : null;
  const who = `#${page.entries[i] ?? i}${name ? ` ${shortName(name)}` : ""}`;
  return [`${prefix}${who}`, ...values].join(" · ");
}

/** The tooltip of one entry's legend line: its position and every part of its identity. */
export function legendDetail(page: WaveformPage, i: number): string | undefined {
  const name = page.identity ? entryName(page.identity, i) : null;
  return name ? `entry #${page.entries[i] ?? i}\n${identityTooltip(name)}` : undefined;
}

/** The sample-wise mean of one column's waveforms (NaN samples skipped). */
export function meanTrace(values: Float32Array, rows: number, nSamples: number): Float32Array {
  const sum = new Float64Array(nSamples);
  const count = new Uint32Array(nSamples);
  for (let r = 0; r < rows; r++)
    for (let s = 0; s < nSamples; s++) {
      const v = values[r * nSamples + s]!;
      if (!Number.isNaN(v)) {
        sum[s]! += v;
        count[s]! += 1;
      }
    }
  return Float32Array.from(sum, (v, s) => (count[s] ? v / count[s] : Number.NaN));
}

function limits(pair: readonly [number | null, number | null]): [number, number] | undefined {
  const [lo, hi] = pair;
  return lo !== null && hi !== null && lo < hi ? [lo, hi] : undefined;
}

/**
 * log10 of a spectrum's densities (0 → NaN, not drawn): its decades are drawn on a linear axis, since the
 * lines are painted on a canvas with linear scales (canvas-lines.ts).
 */
export function log10Values(values: Float32Array): Float32Array {
  return values.map((v) => (v > 0 ? Math.log10(v) : Number.NaN));
}

/** Axis titles for the view: amplitude over time, its derivative, or a power spectral density over frequency. */
export function axisTitles(units: string, settings: WaveformSettings): { xTitle: string; yTitle: string } {
  const amplitude = settings.normalizeBy ? `amplitude / ${settings.normalizeBy}` : "ADC";
  if (settings.view === "spectrum")
    return {
      xTitle: `frequency (${units})`,
      yTitle: `log₁₀ PSD (${amplitude}² / ${units})`,
    };
  const time = axisUnit(units, settings.timeUnit);
  const xTitle = settings.alignAt ? `time − ${settings.alignAt} (${time})` : `time (${time})`;
  if (settings.view === "derivative")
    return { xTitle, yTitle: `dv/dt (${amplitude} / ${units || "sample"})` };
  return { xTitle, yTitle: settings.normalizeBy ? amplitude : "amplitude (ADC)" };
}

export function waveformFigure(page: WaveformPage, settings: WaveformSettings): WaveformFigure {
  const rows = page.entries.length;
  const data: PlotLine[] = [];
  const shapes: PlotShape[] = [];
  const units = page.traces.find((t) => t.timeUnits)?.timeUnits ?? "";
  const spectrum = settings.view === "spectrum";
  // a spectrum's axis is frequency (the service gives MHz for ns samples): no time unit to convert
  const scale = spectrum ? 1 : timeScale(units, settings.timeUnit);
  page.traces.forEach((trace, c) => {
    for (let i = 0; i < rows; i++) {
      const x = new Float64Array(trace.nSamples);
      const t0 = trace.t0[i]!;
      const dt = trace.dt[i]!;
      for (let s = 0; s < trace.nSamples; s++) x[s] = (t0 + s * dt) * scale;
      data.push({
        type: "scatter",
        mode: "lines",
        name: legendText(page, i, trace.column, page.traces.length),
        ...(page.identity ? { detail: legendDetail(page, i) } : {}),
        x,
        y: spectrum
          ? log10Values(trace.values.subarray(i * trace.nSamples, (i + 1) * trace.nSamples))
          : trace.values.subarray(i * trace.nSamples, (i + 1) * trace.nSamples),
        line: { width: 1, color: PALETTE[i % PALETTE.length]!, ...(c > 0 ? { dash: "dot" } : {}) },
        customdata: [i],
      });
    }
    if (settings.showMean && rows > 0) {
      const x = new Float64Array(trace.nSamples);
      // the mean is drawn on the first entry's time axis (aligned traces share it after align)
      for (let s = 0; s < trace.nSamples; s++) x[s] = (trace.t0[0]! + s * trace.dt[0]!) * scale;
      data.push({
        type: "scatter",
        mode: "lines",
        name: `mean of ${rows} (${trace.column})`,
        x,
        y: spectrum
          ? log10Values(meanTrace(trace.values, rows, trace.nSamples))
          : meanTrace(trace.values, rows, trace.nSamples),
        line: { width: 3, color: "#000000" },
      });
    }
  });
  // Markers: a time column as a vertical line (shifted like the trace when aligned), an amplitude
  // column as a horizontal line, one per entry in the entry's colour.
  const alignValues = settings.alignAt ? page.legend[settings.alignAt]?.values : undefined;
  // time and amplitude markers mean nothing on a spectrum's axes
  for (const column of spectrum ? [] : settings.timeMarkers) {
    const values = page.legend[column]?.values;
    if (!values) continue;
    for (let i = 0; i < rows; i++) {
      const t = (values[i]! - (alignValues?.[i] ?? 0)) * scale;
      if (Number.isFinite(t))
        shapes.push({
          type: "line",
          xref: "x",
          yref: "paper",
          x0: t,
          x1: t,
          y0: 0,
          y1: 1,
          line: { color: PALETTE[i % PALETTE.length]!, width: 1, dash: "dash" },
        });
    }
  }
  for (const column of spectrum ? [] : settings.amplitudeMarkers) {
    const values = page.legend[column]?.values;
    if (!values) continue;
    for (let i = 0; i < rows; i++) {
      const a = values[i]!;
      if (Number.isFinite(a))
        shapes.push({
          type: "line",
          xref: "paper",
          yref: "y",
          x0: 0,
          x1: 1,
          y0: a,
          y1: a,
          line: { color: PALETTE[i % PALETTE.length]!, width: 1, dash: "dot" },
        });
    }
  }
  const xRange = limits(settings.xLimits);
  const yRange = limits(settings.yLimits);
  const { xTitle, yTitle } = axisTitles(units, settings);
  return {
    data,
    layout: {
      xaxis: { title: { text: xTitle }, ...(xRange ? { range: xRange } : { autorange: true }) },
      yaxis: { title: { text: yTitle }, ...(yRange ? { range: yRange } : { autorange: true }) },
      shapes,
      // the legend is HTML beside the plot (WaveformPlot): Plotly's costs a large part of each draw
      showlegend: false,
      margin: { l: 60, r: 10, t: 10, b: 45 },
    },
  };
}
