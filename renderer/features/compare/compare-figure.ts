// The comparison histogram as a Plotly figure: one step curve per layer over the same bin edges, in the layer's
// colour, named in the legend with its entry count; counts or unit area.
import type { Data, Layout } from "plotly.js-dist-min";
import { stepValues } from "../histogram/figure.ts";
import { layerColour, unitArea } from "./layers.ts";
import type { LayerHistogram } from "./use-compare-histograms.ts";

export interface CompareFigureOptions {
  normalised: boolean;
  logX: boolean;
  logCounts: boolean;
}

/** The layer's counts (all series summed: a comparison histogram is not split). */
export function layerCounts(histogram: LayerHistogram["histogram"]): Float64Array {
  const counts = new Float64Array(histogram.edges.length - 1);
  for (const series of histogram.series)
    for (let i = 0; i < counts.length; i++) counts[i]! += series.counts[i]!;
  return counts;
}

export function compareFigure(
  layers: readonly LayerHistogram[],
  options: CompareFigureOptions,
): { data: Data[]; layout: Partial<Layout> } {
  const first = layers[0]?.histogram;
  const column = first?.column ?? "";
  const units = first?.units ?? null;
  const data: Data[] = layers.map(({ layer, histogram }, index) => {
    const counts = layerCounts(histogram);
    const entries = counts.reduce((a, b) => a + b, 0);
    const y = options.normalised ? unitArea(counts, histogram.edges) : counts;
    return {
      type: "scatter",
      mode: "lines",
      name: `${layer.name} (${entries})`,
      // Plotly accepts typed arrays at run time; its types ask for plain arrays
      x: histogram.edges as unknown as number[],
      y: stepValues(y) as unknown as number[],
      line: { shape: "hv", width: 1.5, color: layerColour(index) },
    };
  });
  return {
    data,
    layout: {
      margin: { l: 60, r: 20, t: 30, b: 50 },
      autosize: true,
      showlegend: true,
      legend: { orientation: "h", y: 1.15 },
      title: { text: `${column}: ${layers.length} selections compared`, font: { size: 13 } },
      xaxis: {
        title: { text: units ? `${column} [${units}]` : column },
        type: options.logX ? "log" : "linear",
      },
      yaxis: {
        title: { text: options.normalised ? "entries / (total × bin width)" : "entries" },
        type: options.logCounts ? "log" : "linear",
      },
    },
  };
}
