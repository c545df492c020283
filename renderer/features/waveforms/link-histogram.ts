// The linked view: a click on a histogram bin or a dragged range (1D) / box (2D) becomes the
// waveform browser's entry filter (a WaveformValueRange the Node side applies to the entry list).
import type { WaveformValueRange } from "../../../shared/api/types.ts";
import { loadPlotly } from "../../components/PlotlyChart.tsx";
import type { HistogramResult } from "../histogram/use-histogram-job.ts";

interface ClickPoint {
  pointIndex?: number | number[];
  x?: unknown;
  y?: unknown;
}

function axisPart(column: string, tier: string | null): { column: string; tier?: string } {
  return tier ? { column, tier } : { column };
}

/** The range of bin `k` of `edges`; the last bin includes its upper edge, as numpy's histogram does. */
function bin(edges: Float64Array, k: number): { lo: number; hi: number; closedHigh: boolean } | null {
  const n = edges.length - 1;
  const index = Math.min(k, n - 1); // the step curve's last point repeats the last bin
  if (index < 0 || !Number.isFinite(edges[index]!) || !Number.isFinite(edges[index + 1]!)) return null;
  return { lo: edges[index]!, hi: edges[index + 1]!, closedHigh: index === n - 1 };
}

/** The entries of the clicked bin (1D: point index over the edges; 2D heatmap: [row, column]). */
export function binRange(result: HistogramResult, point: ClickPoint): WaveformValueRange | null {
  const x = result.settings.x;
  if (result.mode === "1d") {
    if (typeof point.pointIndex !== "number") return null;
    const b = bin(result.histogram.edges, point.pointIndex);
    return b && { ...axisPart(x.column, x.tier), ...b };
  }
  if (!Array.isArray(point.pointIndex)) return null;
  const [row, col] = point.pointIndex as [number, number];
  const bx = bin(result.histogram.xEdges, col);
  const by = bin(result.histogram.yEdges, row);
  if (!bx || !by) return null;
  const y = result.settings.y;
  return {
    ...axisPart(x.column, x.tier),
    ...bx,
    column2: y.column,
    ...(y.tier ? { tier2: y.tier } : {}),
    lo2: by.lo,
    hi2: by.hi,
    closedHigh2: by.closedHigh,
  };
}

/** The entries inside a dragged x range (1D) or box (2D). */
export function dragRange(
  result: HistogramResult,
  xRange: readonly [number, number],
  yRange?: readonly [number, number],
): WaveformValueRange | null {
  const [lo, hi] = [Math.min(...xRange), Math.max(...xRange)];
  if (!(hi > lo)) return null;
  const x = result.settings.x;
  if (result.mode === "1d" || !yRange) return { ...axisPart(x.column, x.tier), lo, hi };
  const [lo2, hi2] = [Math.min(...yRange), Math.max(...yRange)];
  if (!(hi2 > lo2)) return null;
  const y = result.settings.y;
  return {
    ...axisPart(x.column, x.tier),
    lo,
    hi,
    column2: y.column,
    ...(y.tier ? { tier2: y.tier } : {}),
    lo2,
    hi2,
  };
}

interface PlotEvents {
  on(event: string, handler: (event: unknown) => void): void;
  removeAllListeners?(event: string): void;
}

interface PlotAxis {
  type?: string;
  _offset?: number;
  p2c?: (pixels: number) => number;
}

/** The data values under the mouse of a click on a 2-D plot (linear axes), else the clicked bin's centre. */
function clickedValues(element: HTMLDivElement, event: unknown, point: ClickPoint): [number, number] | null {
  const mouse = (event as { event?: MouseEvent }).event;
  const layout = (element as unknown as { _fullLayout?: { xaxis?: PlotAxis; yaxis?: PlotAxis } })._fullLayout;
  const toData = (axis: PlotAxis | undefined, pixels: number | undefined): number | null =>
    axis?.type === "linear" &&
    typeof axis.p2c === "function" &&
    typeof axis._offset === "number" &&
    pixels !== undefined
      ? axis.p2c(pixels - axis._offset)
      : null;
  const box = element.getBoundingClientRect();
  const x = toData(layout?.xaxis, mouse ? mouse.clientX - box.left : undefined);
  const y = toData(layout?.yaxis, mouse ? mouse.clientY - box.top : undefined);
  if (x !== null && y !== null && Number.isFinite(x) && Number.isFinite(y)) return [x, y];
  return typeof point.x === "number" && typeof point.y === "number" ? [point.x, point.y] : null;
}

/**
 * Attaches bin clicks and range/box selection of a drawn histogram to `show` (idempotent per draw). With
 * `pick`, a click on a 2-D bin goes there instead, with the clicked point (the nearest entry becomes current).
 */
export function linkHistogram(
  element: HTMLDivElement,
  result: HistogramResult,
  show: (range: WaveformValueRange) => void,
  pick?: (range: WaveformValueRange, at: readonly [number, number]) => void,
): void {
  const plot = element as unknown as PlotEvents;
  if (typeof plot.on !== "function") return;
  plot.removeAllListeners?.("plotly_click");
  plot.removeAllListeners?.("plotly_selected");
  plot.on("plotly_click", (event) => {
    const point = (event as { points?: ClickPoint[] }).points?.[0];
    const range = point ? binRange(result, point) : null;
    const at = point && result.mode === "2d" && pick ? clickedValues(element, event, point) : null;
    if (range && at && pick) pick(range, at);
    else if (range) show(range);
  });
  plot.on("plotly_selected", (event) => {
    const box = (event as { range?: { x?: [number, number]; y?: [number, number] } } | undefined)?.range;
    const range = box?.x ? dragRange(result, box.x, result.mode === "2d" ? box.y : undefined) : null;
    if (range) show(range);
  });
  // dragging selects a range (1D: along x only) instead of zooming; zoom stays in the mode bar
  const full = (element as unknown as { _fullLayout?: { dragmode?: string } })._fullLayout;
  if (full?.dragmode !== "select")
    void loadPlotly().then((Plotly) =>
      Plotly.relayout(element, { dragmode: "select", selectdirection: result.mode === "1d" ? "h" : "any" }),
    );
}
