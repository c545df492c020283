// The waveform figure as Plotly draws it for an image file. On screen the lines are painted on a canvas
// over an empty Plotly plot (canvas-lines.ts), so Plotly's own image of that plot has axes and no lines;
// for an export the lines become Plotly scatter traces (paths in SVG), reduced to what the image's pixel
// columns show of the visible range, over the same axes, ranges and markers.
import type { Dash, Data, Layout, Shape } from "plotly.js-dist-min";
import type { Range } from "./canvas-lines.ts";
import { decimateLine } from "./decimate.ts";
import type { WaveformFigure } from "./waveform-figure.ts";

/** Up to this many lines the exported figure carries a legend (more would cover the plot). */
export const EXPORT_LEGEND_LINES = 12;

/**
 * The exported figure: every line as a scatter trace within the visible x range, `columns` pixel columns
 * wide (≈ 2 points per column, as on screen), axes fixed to the ranges on screen.
 */
export function waveformExportFigure(
  figure: WaveformFigure,
  ranges: { x: Range; y: Range },
  columns: number,
): { data: Data[]; layout: Partial<Layout> } {
  const legend = figure.data.length <= EXPORT_LEGEND_LINES;
  const data = figure.data.map((full): Data => {
    const line = decimateLine(full, ranges.x, columns);
    return {
      type: "scatter",
      mode: "lines",
      name: line.name,
      // Plotly takes typed arrays at run time; its types ask for plain arrays
      x: line.x as unknown as number[],
      y: line.y as unknown as number[],
      line: { ...line.line, dash: line.line.dash as Dash | undefined },
      connectgaps: false,
      hoverinfo: "skip",
      showlegend: legend,
    };
  });
  const { margin, xaxis, yaxis, shapes } = figure.layout;
  return {
    data,
    layout: {
      xaxis: { title: { text: xaxis.title.text }, range: [...ranges.x], autorange: false },
      yaxis: { title: { text: yaxis.title.text }, range: [...ranges.y], autorange: false },
      shapes: shapes.map((shape): Partial<Shape> => ({
        ...shape,
        line: { ...shape.line, dash: shape.line.dash as Dash },
      })),
      showlegend: legend,
      ...(legend
        ? { legend: { orientation: "v", x: 1.01, xanchor: "left", y: 1, yanchor: "top", font: { size: 10 } } }
        : {}),
      margin: { ...margin, t: Math.max(margin.t, 20) },
    },
  };
}
