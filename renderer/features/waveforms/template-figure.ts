// The figure of a waveform template: the 16–84 % band as a filled area, the median and the mean as lines;
// or the persistence view, a heatmap of how many traces cross each time × amplitude cell, in log colour.
import type { Data, Layout } from "plotly.js-dist-min";
import type { WaveformTemplate } from "../../../shared/api/types.ts";
import { timeScale } from "./waveform-figure.ts";

export interface TemplateFigure {
  data: Data[];
  layout: Partial<Layout>;
}

/** Times of the template's samples in the display unit (ns or µs). */
function sampleTimes(template: WaveformTemplate, scale: number): Float64Array {
  return Float64Array.from(template.mean, (_, s) => (template.t0 + s * template.dt) * scale);
}

export function templateFigure(
  template: WaveformTemplate,
  timeUnit: "ns" | "us",
  persistence: boolean,
): TemplateFigure {
  const scale = timeScale(template.timeUnits, timeUnit);
  const unit = timeUnit === "us" && template.timeUnits === "ns" ? "µs" : template.timeUnits;
  const layout: Partial<Layout> = {
    xaxis: { title: { text: `time (${unit})` } },
    yaxis: { title: { text: "amplitude (ADC)" } },
    margin: { l: 60, r: 10, t: 10, b: 45 },
    legend: { orientation: "h", y: 1.02, yanchor: "bottom" },
  };
  if (persistence) {
    const { amplitudeEdges, columns, samplesPerColumn, counts } = template.density;
    const rows = amplitudeEdges.length - 1;
    const x = Float64Array.from(
      { length: columns },
      (_, c) => (template.t0 + (c * samplesPerColumn + (samplesPerColumn - 1) / 2) * template.dt) * scale,
    );
    const y = Float64Array.from(
      { length: rows },
      (_, b) => (amplitudeEdges[b]! + amplitudeEdges[b + 1]!) / 2,
    );
    // log colour: a cell crossed once is as visible as one crossed by every trace; empty cells stay blank
    const z = Array.from({ length: rows }, (_, b) =>
      Array.from({ length: columns }, (_, c) => {
        const n = counts[b * columns + c]!;
        return n > 0 ? Math.log10(n) : null;
      }),
    );
    return {
      data: [
        {
          type: "heatmap",
          x: Array.from(x),
          y: Array.from(y),
          z,
          colorscale: "Viridis",
          colorbar: { title: { text: "log₁₀ traces" } },
          hovertemplate: "t %{x}<br>amplitude %{y}<br>log₁₀ traces %{z:.2f}<extra></extra>",
        },
      ],
      layout,
    };
  }
  const x = Array.from(sampleTimes(template, scale));
  return {
    data: [
      {
        type: "scatter",
        mode: "lines",
        x,
        y: Array.from(template.low),
        line: { width: 0 },
        showlegend: false,
        hoverinfo: "skip",
      },
      {
        type: "scatter",
        mode: "lines",
        x,
        y: Array.from(template.high),
        fill: "tonexty",
        fillcolor: "rgba(31, 119, 180, 0.25)",
        line: { width: 0 },
        name: "16–84 %",
      },
      {
        type: "scatter",
        mode: "lines",
        x,
        y: Array.from(template.median),
        line: { width: 2, color: "#1f77b4" },
        name: "median",
      },
      {
        type: "scatter",
        mode: "lines",
        x,
        y: Array.from(template.mean),
        line: { width: 1.5, color: "#000000", dash: "dash" },
        name: "mean",
      },
    ],
    layout,
  };
}
