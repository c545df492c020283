// The waveform lines on a <canvas> over Plotly's plot area (Plotly draws only the axes, grid and
// markers): one path per line instead of an SVG path Plotly builds point by point, so a page of 10
// lines draws in a few ms. Axis ranges are ours (Plotly has no data to autorange over), and a click is
// mapped back to the nearest line here.
import { lowerBound } from "./decimate.ts";
import type { PlotLine } from "./waveform-figure.ts";

export type Range = [number, number];

/** The plot area in CSS pixels, relative to the Plotly element. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Smallest and largest finite value of `values` (null when there is none). */
function extent(values: ArrayLike<number>, into: Range | null): Range | null {
  let lo = into ? into[0] : Infinity;
  let hi = into ? into[1] : -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v; // NaN fails both comparisons
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * The ranges Plotly's autorange would pick for lines: x tight from first to last sample, y padded
 * by 5 % of the span each side (a flat line ±1); [0, 1] for an axis without finite values.
 */
export function autoRanges(lines: readonly PlotLine[]): { x: Range; y: Range } {
  let x: Range | null = null;
  let y: Range | null = null;
  for (const line of lines) {
    x = extent(line.x, x);
    y = extent(line.y, y);
  }
  const xRange: Range = x ? (x[0] < x[1] ? x : [x[0] - 1, x[0] + 1]) : [0, 1];
  if (!y) return { x: xRange, y: [0, 1] };
  const pad = y[1] > y[0] ? 0.05 * (y[1] - y[0]) : 1;
  return { x: xRange, y: [y[0] - pad, y[1] + pad] };
}

/** Maps data to area pixels (linear axes, y up), as Plotly's l2p does. */
function scales(area: PlotArea, x: Range, y: Range) {
  const sx = area.width / (x[1] - x[0]);
  const sy = area.height / (y[1] - y[0]);
  return {
    px: (v: number) => (v - x[0]) * sx,
    py: (v: number) => area.height - (v - y[0]) * sy,
    dataX: (p: number) => x[0] + p / sx,
  };
}

/** Plotly's dash patterns for the styles the figure uses (dot: max(width, 3) px on and off). */
function dashPattern(dash: string | undefined, width: number): number[] {
  if (dash === "dot") return [Math.max(width, 3), Math.max(width, 3)];
  if (dash === "dash") return [3 * Math.max(width, 3), 3 * Math.max(width, 3)];
  return [];
}

/** The drawing calls used, so tests can record them without a real canvas. */
export type LineContext = Pick<
  CanvasRenderingContext2D,
  "beginPath" | "moveTo" | "lineTo" | "stroke" | "setLineDash" | "clearRect" | "setTransform"
> & { strokeStyle: unknown; lineWidth: number; lineJoin: CanvasLineJoin };

/**
 * Clears the area's canvas and strokes each line in order (later ones on top); a NaN sample breaks
 * the line (Plotly's connectgaps false). `scale` is the device pixel ratio the canvas was sized for.
 */
export function paintLines(
  context: LineContext,
  lines: readonly PlotLine[],
  area: PlotArea,
  x: Range,
  y: Range,
  scale = 1,
): void {
  context.setTransform(scale, 0, 0, scale, 0, 0);
  context.clearRect(0, 0, area.width, area.height);
  const { px, py } = scales(area, x, y);
  context.lineJoin = "round";
  for (const line of lines) {
    context.strokeStyle = line.line.color ?? "#000000";
    context.lineWidth = line.line.width;
    context.setLineDash(dashPattern(line.line.dash, line.line.width));
    context.beginPath();
    let open = false;
    for (let i = 0; i < line.y.length; i++) {
      const v = line.y[i]!;
      const t = line.x[i]!;
      if (Number.isNaN(v) || Number.isNaN(t)) {
        open = false;
        continue;
      }
      if (open) context.lineTo(px(t), py(v));
      else context.moveTo(px(t), py(v));
      open = true;
    }
    context.stroke();
  }
}

/** Distance in pixels from (qx, qy) to the segment (ax, ay)–(bx, by). */
function segmentDistance(qx: number, qy: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 > 0 ? Math.min(1, Math.max(0, ((qx - ax) * dx + (qy - ay) * dy) / length2)) : 0;
  return Math.hypot(qx - (ax + t * dx), qy - (ay + t * dy));
}

/**
 * The position in `lines` of the line drawn nearest to area pixel (qx, qy), within `tolerance` pixels
 * (the topmost on a tie), or null: only the segments near qx are looked at.
 */
export function pickLine(
  lines: readonly PlotLine[],
  area: PlotArea,
  x: Range,
  y: Range,
  qx: number,
  qy: number,
  tolerance = 5,
): number | null {
  const { px, py, dataX } = scales(area, x, y);
  let best: number | null = null;
  let bestDistance = tolerance;
  lines.forEach((line, k) => {
    const from = Math.max(0, lowerBound(line.x, dataX(qx - tolerance)) - 1);
    const to = Math.min(line.x.length - 1, lowerBound(line.x, dataX(qx + tolerance)));
    for (let i = from; i < to; i++) {
      const a = line.y[i]!;
      const b = line.y[i + 1]!;
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      const d = segmentDistance(qx, qy, px(line.x[i]!), py(a), px(line.x[i + 1]!), py(b));
      if (d <= bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    if (from === to && line.x.length === 1) {
      const d = Math.hypot(qx - px(line.x[0]!), qy - py(line.y[0]!));
      if (d <= bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
  });
  return best;
}
