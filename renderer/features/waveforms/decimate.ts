// Draw what the screen can show: per horizontal pixel column the minimum and maximum sample (an
// envelope), so 10 × 8192-sample waveforms become ~2 points per pixel and drawing stays fast.
// Every drawn point is an original sample; a view narrow enough shows every sample unchanged.
import type { PlotLine, WaveformFigure } from "./waveform-figure.ts";

/**
 * Indices of the samples in [from, to) to draw on `columns` pixel columns: all of them when there are
 * at most 2 per column, else per column (samples [from + ⌊b·n/columns⌋, from + ⌊(b+1)·n/columns⌋)) the
 * index of its minimum and of its maximum, in sample order; a column of NaN keeps one NaN (a gap). The
 * first and last sample are always kept, so the line spans the same x range as the full data.
 */
export function envelopeIndices(
  values: ArrayLike<number>,
  from: number,
  to: number,
  columns: number,
): Int32Array {
  const n = Math.max(0, to - from);
  const width = Math.max(1, Math.floor(columns));
  if (n <= 2 * width) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = from + i;
    return all;
  }
  const out = new Int32Array(2 * width + 2);
  let used = 0;
  out[used++] = from;
  for (let b = 0; b < width; b++) {
    const lo = from + Math.floor((b * n) / width);
    const hi = from + Math.floor(((b + 1) * n) / width);
    let iMin = -1;
    let iMax = -1;
    for (let i = lo; i < hi; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      if (iMin < 0 || v < values[iMin]!) iMin = i;
      if (iMax < 0 || v > values[iMax]!) iMax = i;
    }
    const first = iMin < 0 ? lo : Math.min(iMin, iMax);
    const second = iMin < 0 ? lo : Math.max(iMin, iMax);
    if (first !== out[used - 1]) out[used++] = first;
    if (second !== out[used - 1]) out[used++] = second;
  }
  if (out[used - 1] !== to - 1) out[used++] = to - 1;
  return out.slice(0, used);
}

/** First index with x[i] >= value in ascending x (x.length when none). */
export function lowerBound(x: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The samples of one line to draw for an x range (null = all), one beyond each edge so lines reach it. */
export function decimateLine(
  line: PlotLine,
  xRange: readonly [number, number] | null,
  columns: number,
): PlotLine {
  const n = line.y.length;
  let from = 0;
  let to = n;
  if (xRange) {
    from = Math.max(0, lowerBound(line.x, Math.min(xRange[0], xRange[1])) - 1);
    to = Math.min(n, lowerBound(line.x, Math.max(xRange[0], xRange[1])) + 1);
  }
  if (from === 0 && to === n && n <= 2 * columns) return line;
  const picked = envelopeIndices(line.y, from, to, columns);
  // plain loops: TypedArray.from with a map function goes through the iterator protocol (~10× slower)
  const x = new Float64Array(picked.length);
  const y = new Float32Array(picked.length);
  for (let j = 0; j < picked.length; j++) {
    x[j] = line.x[picked[j]!]!;
    y[j] = line.y[picked[j]!]!;
  }
  return { ...line, x, y };
}

/** The figure with every line reduced to what `columns` pixel columns show of the x range. */
export function decimateFigure(
  figure: WaveformFigure,
  xRange: readonly [number, number] | null,
  columns: number,
): WaveformFigure {
  return { ...figure, data: figure.data.map((line) => decimateLine(line, xRange, columns)) };
}
