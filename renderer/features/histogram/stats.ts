// The stats box's numbers, as ROOT's: mean and std from the service (exact, from the entries) with their
// errors σ/√N and σ/√(2N); the integral in range, skewness (with ROOT's error √(6/N)) and, for 2-D, the
// correlation factor computed from the bins (bin centres, as TH1::GetSkewness and TH2::GetCorrelationFactor
// do when a range is set).
import type { Histogram2d, HistogramStats } from "../../../shared/api/types.ts";

export interface StatsRow {
  entries: number;
  mean: number;
  meanError: number;
  std: number;
  stdError: number;
  /** Sum of the bin contents (the entries in range, or their weights). */
  integral: number;
  skewness: number;
  skewnessError: number;
  underflow: number;
  overflow: number;
  nan: number;
}

/** Sum, mean, std and skewness of bin centres weighted by the counts. */
export function binnedMoments(
  edges: ArrayLike<number>,
  counts: ArrayLike<number>,
): { sum: number; mean: number; std: number; skewness: number } {
  let sum = 0;
  let first = 0;
  for (let k = 0; k < counts.length; k++) {
    const centre = (edges[k]! + edges[k + 1]!) / 2;
    sum += counts[k]!;
    first += counts[k]! * centre;
  }
  const mean = first / sum;
  let second = 0;
  let third = 0;
  for (let k = 0; k < counts.length; k++) {
    const d = (edges[k]! + edges[k + 1]!) / 2 - mean;
    second += counts[k]! * d * d;
    third += counts[k]! * d * d * d;
  }
  const std = Math.sqrt(second / sum);
  return { sum, mean, std, skewness: third / sum / std ** 3 };
}

export function statsRow(
  stats: HistogramStats,
  edges: ArrayLike<number>,
  counts: ArrayLike<number>,
): StatsRow {
  const n = stats.entries;
  const binned = binnedMoments(edges, counts);
  return {
    entries: n,
    mean: stats.mean,
    meanError: stats.std / Math.sqrt(n),
    std: stats.std,
    stdError: stats.std / Math.sqrt(2 * n),
    integral: binned.sum,
    skewness: binned.skewness,
    skewnessError: Math.sqrt(6 / n),
    underflow: stats.underflow,
    overflow: stats.overflow,
    nan: stats.nan,
  };
}

/** Pearson's correlation of x and y over the bins of a 2-D histogram (bin centres). */
export function binnedCorrelation(histogram: Histogram2d): number {
  const nx = histogram.xEdges.length - 1;
  const ny = histogram.yEdges.length - 1;
  const centre = (edges: Float64Array, k: number) => (edges[k]! + edges[k + 1]!) / 2;
  let w = 0;
  let sx = 0;
  let sy = 0;
  for (let row = 0; row < ny; row++)
    for (let col = 0; col < nx; col++) {
      const c = histogram.counts[row * nx + col]!;
      w += c;
      sx += c * centre(histogram.xEdges, col);
      sy += c * centre(histogram.yEdges, row);
    }
  const mx = sx / w;
  const my = sy / w;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let row = 0; row < ny; row++)
    for (let col = 0; col < nx; col++) {
      const c = histogram.counts[row * nx + col]!;
      const dx = centre(histogram.xEdges, col) - mx;
      const dy = centre(histogram.yEdges, row) - my;
      sxx += c * dx * dx;
      syy += c * dy * dy;
      sxy += c * dx * dy;
    }
  return sxy / Math.sqrt(sxx * syy);
}

/** The 2-D histogram's projection on one axis (for that axis's binned moments). */
export function projection(histogram: Histogram2d, axis: "x" | "y"): Float64Array {
  const nx = histogram.xEdges.length - 1;
  const ny = histogram.yEdges.length - 1;
  const out = new Float64Array(axis === "x" ? nx : ny);
  for (let row = 0; row < ny; row++)
    for (let col = 0; col < nx; col++) out[axis === "x" ? col : row]! += histogram.counts[row * nx + col]!;
  return out;
}
