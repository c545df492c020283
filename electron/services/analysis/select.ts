// Linked views: the entries behind a histogram bin, a dragged range or a 2-D box, as row indices.
// The interval rule matches binning.ts exactly: lo <= x < hi, or lo <= x <= hi when the interval's
// upper edge is the histogram's last edge (`closedHigh`), so a bin's selection has exactly its count.
import { checkMask, type EntryMask, type NumericArray } from "./binning.ts";
import { AnalysisError } from "./errors.ts";

export interface IntervalOptions {
  /** Include x == hi (the last bin of a histogram is closed). */
  closedHigh?: boolean;
}

function checkInterval(lo: number, hi: number, what: string): void {
  if (Number.isNaN(lo) || Number.isNaN(hi) || !(hi >= lo))
    throw new AnalysisError(`${what} selection needs lo <= hi, got [${lo}, ${hi}]`);
}

/** Indices i (ascending) with values[i] in [lo, hi) (or [lo, hi] with closedHigh) and mask[i] set. */
export function selectInRange(
  values: NumericArray,
  lo: number,
  hi: number,
  mask?: EntryMask,
  opts: IntervalOptions = {},
): Uint32Array {
  checkInterval(lo, hi, "range");
  checkMask(values, mask, "values");
  const closedHigh = opts.closedHigh ?? false;
  const picked = new Uint32Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask !== undefined && mask[i] === 0) continue;
    const x = values[i]!;
    if (x >= lo && (x < hi || (closedHigh && x === hi))) picked[n++] = i;
  }
  return picked.slice(0, n);
}

export interface BoxOptions {
  closedHighX?: boolean;
  closedHighY?: boolean;
}

/** Indices i (ascending) with (x[i], y[i]) inside the box, same interval rule per axis. */
export function selectInBox(
  x: NumericArray,
  y: NumericArray,
  rangeX: readonly [number, number],
  rangeY: readonly [number, number],
  mask?: EntryMask,
  opts: BoxOptions = {},
): Uint32Array {
  if (x.length !== y.length)
    throw new AnalysisError(`x has ${x.length} entries but y has ${y.length}; they must pair up`);
  const [xlo, xhi] = rangeX;
  const [ylo, yhi] = rangeY;
  checkInterval(xlo, xhi, "x");
  checkInterval(ylo, yhi, "y");
  checkMask(x, mask, "x");
  const closedX = opts.closedHighX ?? false;
  const closedY = opts.closedHighY ?? false;
  const picked = new Uint32Array(x.length);
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    if (mask !== undefined && mask[i] === 0) continue;
    const xv = x[i]!;
    const yv = y[i]!;
    if (
      xv >= xlo &&
      (xv < xhi || (closedX && xv === xhi)) &&
      yv >= ylo &&
      (yv < yhi || (closedY && yv === yhi))
    )
      picked[n++] = i;
  }
  return picked.slice(0, n);
}

/**
 * Interval covering histogram bins first..last (inclusive), with closedHigh set when `last` is the
 * final bin: pass the result straight to selectInRange for "click a bin" or "drag over bins".
 */
export function binInterval(
  edges: Float64Array,
  first: number,
  last = first,
): { lo: number; hi: number; closedHigh: boolean } {
  const bins = edges.length - 1;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 0 || last < first || last >= bins)
    throw new AnalysisError(`bins ${first}..${last} are not within 0..${bins - 1}`);
  return { lo: edges[first]!, hi: edges[last + 1]!, closedHigh: last === bins - 1 };
}
