// Histograms (bins from the Node side) to Plotly figures: steps for 1D (overlaid or one plot per
// series), a heatmap over the bin edges for 2D. Typed arrays go to Plotly as they are.
import type { Data, Layout } from "plotly.js-dist-min";
import type { Histogram1d, Histogram2d } from "../../../shared/api/types.ts";

export interface Figure {
  key: string;
  data: Data[];
  layout: Partial<Layout>;
}

export interface FigureOptions {
  logX: boolean;
  logY: boolean;
  /** 1D: log counts axis; 2D: log colour scale. */
  logCounts: boolean;
  layout: "overlay" | "split";
  yColumn?: string;
  /** A series' name on screen (split by channel: the detector's name for its table); the label itself when absent. */
  seriesName?: (label: string) => string;
}

/** Step-curve y values: the counts with the last repeated (one value per edge). */
export function stepValues(counts: Float64Array): Float64Array {
  const out = new Float64Array(counts.length + 1);
  out.set(counts);
  out[counts.length] = counts[counts.length - 1] ?? 0;
  return out;
}

function axisTitle(column: string, units: string | null): string {
  return units ? `${column} [${units}]` : column;
}

const BASE_LAYOUT: Partial<Layout> = {
  margin: { l: 60, r: 20, t: 30, b: 50 },
  autosize: true,
  showlegend: true,
  legend: { orientation: "h", y: 1.08 },
};

/** Above this many series the legend leaves the top for a compact column on the right. */
export const COMPACT_LEGEND_SERIES = 6;

/**
 * A legend that stays readable however many series: a few sit in a row above the plot; more go in a
 * column of small entries on the right, which Plotly scrolls when it is taller than the plot (a row of
 * 50 names would wrap over the whole plot).
 */
export function legendLayout(series: number): Partial<Layout> {
  if (series <= COMPACT_LEGEND_SERIES) return { legend: { orientation: "h", y: 1.08 } };
  return {
    legend: {
      orientation: "v",
      x: 1.01,
      xanchor: "left",
      y: 1,
      yanchor: "top",
      font: { size: 10 },
      tracegroupgap: 0,
      itemwidth: 30,
    },
    margin: { ...BASE_LAYOUT.margin, r: 10 },
  };
}

/**
 * Tick labels are not measured against the div (Plotly's default "hide past div" takes a bounding box per
 * label, a forced layout each): the margins leave them room.
 */
const TICK_LABELS = { ticklabeloverflow: "allow" } as const;

/**
 * Dragging selects a range (1D: along x) for the linked waveform view; set in the figure so that Plotly
 * draws it so, not a second relayout after each draw (zoom stays in the mode bar).
 */
function dragLayout(kind: "1d" | "2d"): Partial<Layout> {
  return { dragmode: "select", selectdirection: kind === "1d" ? "h" : "any" };
}

export function histogram1dFigures(histogram: Histogram1d, options: FigureOptions): Figure[] {
  const x = histogram.edges;
  const nameOf = options.seriesName ?? ((label: string) => label);
  const trace = (series: Histogram1d["series"][number], fill: boolean): Data => ({
    type: "scatter",
    mode: "lines",
    name: nameOf(series.label),
    // Plotly accepts typed arrays at run time; its types ask for plain arrays
    x: x as unknown as number[],
    y: stepValues(series.counts) as unknown as number[],
    line: { shape: "hv", width: 1.5 },
    fill: fill ? "tozeroy" : "none",
  });
  const layout = (title: string): Partial<Layout> => ({
    ...BASE_LAYOUT,
    ...dragLayout("1d"),
    title: { text: title, font: { size: 13 } },
    xaxis: {
      title: { text: axisTitle(histogram.column, histogram.units) },
      type: options.logX ? "log" : "linear",
      ...TICK_LABELS,
    },
    yaxis: { title: { text: "entries" }, type: options.logCounts ? "log" : "linear", ...TICK_LABELS },
  });
  const single = histogram.series.length === 1;
  if (options.layout === "overlay" || single)
    return [
      {
        key: "all",
        data: histogram.series.map((series) => trace(series, single)),
        // a lone series named as the column (no split) would only repeat the title in a legend
        layout: {
          ...layout(histogram.column),
          ...legendLayout(histogram.series.length),
          showlegend: !(single && histogram.series[0]!.label === histogram.column),
        },
      },
    ];
  return histogram.series.map((series) => ({
    key: series.label,
    data: [trace(series, true)],
    layout: { ...layout(`${histogram.column} · ${nameOf(series.label)}`), showlegend: false },
  }));
}

/** Adds a fitted curve (counts per bin) to the plot that shows `series` (the overlay plot, or that series' own). */
export function withFitCurve(
  figures: Figure[],
  curve: { x: Float64Array; y: Float64Array },
  series: string,
): Figure[] {
  const trace: Data = {
    type: "scatter",
    mode: "lines",
    name: "fit",
    x: curve.x as unknown as number[],
    y: curve.y as unknown as number[],
    line: { color: "#d62728", width: 2 },
    hoverinfo: "x+y",
  };
  return figures.map((figure) =>
    figure.key === "all" || figure.key === series
      ? { ...figure, data: [...figure.data, trace], layout: { ...figure.layout, showlegend: true } }
      : figure,
  );
}

/**
 * The stand-in drawn (hidden) while the first 1D histogram fills: the plot's element, frame and interactions
 * are made then, so the bins arriving only redraw it. Same key and shape as the figure that replaces it.
 */
export function pendingHistogram1dFigure(column: string, options: FigureOptions): Figure {
  const empty = { entries: 0, mean: Number.NaN, std: Number.NaN, underflow: 0, overflow: 0, nan: 0 };
  const [figure] = histogram1dFigures(
    {
      column,
      units: null,
      edges: Float64Array.of(0, 1),
      series: [{ label: column, counts: Float64Array.of(0), stats: empty }],
    },
    options,
  );
  return figure!;
}

export function histogram2dFigure(
  histogram: Histogram2d,
  xColumn: string,
  yColumn: string,
  options: Pick<FigureOptions, "logCounts">,
): Figure {
  const nx = histogram.xEdges.length - 1;
  const ny = histogram.yEdges.length - 1;
  const z: (number | null)[][] = [];
  for (let row = 0; row < ny; row++) {
    const line: (number | null)[] = new Array<number | null>(nx);
    for (let col = 0; col < nx; col++) {
      const count = histogram.counts[row * nx + col]!;
      // empty bins are blank, as in ROOT's COLZ
      line[col] = count > 0 ? (options.logCounts ? Math.log10(count) : count) : null;
    }
    z.push(line);
  }
  return {
    key: "2d",
    data: [
      {
        type: "heatmap",
        x: histogram.xEdges as unknown as number[],
        y: histogram.yEdges as unknown as number[],
        z,
        colorscale: "Viridis",
        colorbar: { title: { text: options.logCounts ? "log₁₀ entries" : "entries" } },
        hoverongaps: false,
      },
    ],
    layout: {
      ...BASE_LAYOUT,
      ...dragLayout("2d"),
      showlegend: false,
      title: { text: `${yColumn} vs ${xColumn}`, font: { size: 13 } },
      xaxis: { title: { text: axisTitle(xColumn, histogram.units?.x ?? null) }, ...TICK_LABELS },
      yaxis: { title: { text: axisTitle(yColumn, histogram.units?.y ?? null) }, ...TICK_LABELS },
    },
  };
}
