// The typical pulse of a selection, as an analyst computes it in a notebook (mean, median and the 16–84 %
// band per sample) plus the persistence view (how many traces pass through each time × amplitude cell),
// accumulated page by page. Memory is fixed by the trace length and the number of amplitude bins, never by
// the number of traces, so a template over 10^6 pulses needs no more than one over 10.
//
// Mean: exact (float64 sums). Median and band: numpy.quantile's definition, over a per-sample amplitude
// histogram, so they are exact to one bin width (returned as `resolution`; the UI says so). The histogram's
// range is not known in advance: it starts at the first trace's span and doubles (merging pairs of bins,
// which loses no count) whenever a trace leaves it.
import type { WaveformTemplate } from "../../../shared/api/types.ts";
import { AnalysisError } from "./errors.ts";

export const DEFAULT_AMPLITUDE_BINS = 512;

/** The accumulated template: the contract's numbers (shared/api WaveformTemplate) and the trace length. */
export type TraceTemplate = Pick<
  WaveformTemplate,
  "traces" | "mean" | "median" | "low" | "high" | "resolution" | "density"
> & { nSamples: number };

export class TraceTemplateAccumulator {
  readonly nSamples: number;
  private readonly bins: number;
  private readonly sums: Float64Array;
  /** Finite samples seen per sample index (NaN samples are left out of the mean and the quantiles). */
  private readonly finite: Uint32Array;
  /** counts[s * bins + b]: traces whose sample s fell in amplitude bin b. */
  private readonly counts: Uint32Array;
  private lo = 0;
  private width = 0;
  private traces = 0;

  constructor(nSamples: number, amplitudeBins = DEFAULT_AMPLITUDE_BINS) {
    if (!Number.isInteger(nSamples) || nSamples < 1)
      throw new AnalysisError(`a template needs traces of at least 1 sample, got ${nSamples}`);
    if (
      !Number.isInteger(amplitudeBins) ||
      amplitudeBins < 2 ||
      amplitudeBins % 2 !== 0 ||
      amplitudeBins > 4096
    )
      throw new AnalysisError(`amplitude bins must be an even number from 2 to 4096, got ${amplitudeBins}`);
    this.nSamples = nSamples;
    this.bins = amplitudeBins;
    this.sums = new Float64Array(nSamples);
    this.finite = new Uint32Array(nSamples);
    this.counts = new Uint32Array(nSamples * amplitudeBins);
  }

  /** Adds `traceCount` traces stored row-major in `values` (each `nSamples` long). */
  addPage(values: ArrayLike<number>, traceCount: number): void {
    if (values.length !== traceCount * this.nSamples)
      throw new AnalysisError(
        `a page of ${traceCount} traces of ${this.nSamples} samples needs ${traceCount * this.nSamples} values, got ${values.length}`,
      );
    for (let t = 0; t < traceCount; t++) this.addTrace(values, t * this.nSamples);
  }

  /**
   * Adds one trace: values[offset … offset + nSamples). With `shift`, its sample i counts as template
   * sample i + shift (traces aligned at a time: shift = round((t0 - t0 of the template) / dt)); samples
   * shifted out of the template are left out, so the template's ends average fewer traces.
   */
  addTrace(values: ArrayLike<number>, offset = 0, shift = 0): void {
    const n = this.nSamples;
    const from = Math.max(0, shift);
    const to = Math.min(n, n + shift);
    let min = Infinity;
    let max = -Infinity;
    for (let s = from; s < to; s++) {
      const v = values[offset + s - shift]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.traces++;
    if (min === Infinity) return; // every sample NaN or shifted out: counted as a trace, adds nothing
    this.cover(min, max);
    const { bins, lo, width, counts, sums, finite } = this;
    const top = bins - 1;
    for (let s = from; s < to; s++) {
      const v = values[offset + s - shift]!;
      if (v !== v) continue;
      sums[s]! += v;
      finite[s]!++;
      const b = Math.floor((v - lo) / width);
      counts[s * bins + (b > top ? top : b)]!++;
    }
  }

  /** Widens the histogram's range (doubling it, merging bins in pairs) until it holds [min, max]. */
  private cover(min: number, max: number): void {
    if (this.width === 0) {
      // first trace: its span, with room on both sides for the next ones
      const span = max - min;
      const width = span > 0 ? (span * 1.5) / this.bins : Math.max(Math.abs(min) * 1e-3, 1e-6);
      this.width = width;
      this.lo = min - (this.bins * width - span) / 2;
      return;
    }
    while (max >= this.lo + this.bins * this.width) this.doubleUp();
    while (min < this.lo) this.doubleDown();
  }

  /** Same low edge, bins twice as wide: old bins 2k and 2k+1 become bin k. */
  private doubleUp(): void {
    const { bins, counts, nSamples } = this;
    for (let s = 0; s < nSamples; s++) {
      const row = s * bins;
      for (let k = 0; k < bins / 2; k++) counts[row + k] = counts[row + 2 * k]! + counts[row + 2 * k + 1]!;
      counts.fill(0, row + bins / 2, row + bins);
    }
    this.width *= 2;
  }

  /** The range extended below by its own length, bins twice as wide: old bin j becomes bin (bins + j) / 2. */
  private doubleDown(): void {
    const { bins, counts, nSamples } = this;
    for (let s = 0; s < nSamples; s++) {
      const row = s * bins;
      // from the top down: bin k reads bins 2k - bins and 2k - bins + 1, none of them written yet
      for (let k = bins - 1; k >= bins / 2; k--) {
        const j = 2 * k - bins;
        counts[row + k] = counts[row + j]! + counts[row + j + 1]!;
      }
      counts.fill(0, row, row + bins / 2);
    }
    this.lo -= this.bins * this.width;
    this.width *= 2;
  }

  /** The template so far; `densityColumns` caps the persistence view's time columns (samples are summed). */
  result(densityColumns = 1000): TraceTemplate {
    const { nSamples, bins, counts, lo, width } = this;
    const mean = new Float64Array(nSamples);
    const median = new Float64Array(nSamples);
    const low = new Float64Array(nSamples);
    const high = new Float64Array(nSamples);
    for (let s = 0; s < nSamples; s++) {
      const n = this.finite[s]!;
      mean[s] = n > 0 ? this.sums[s]! / n : NaN;
      low[s] = this.quantile(s, n, 0.16);
      median[s] = this.quantile(s, n, 0.5);
      high[s] = this.quantile(s, n, 0.84);
    }
    const samplesPerColumn = Math.max(1, Math.ceil(nSamples / Math.max(1, Math.floor(densityColumns))));
    const columns = Math.ceil(nSamples / samplesPerColumn);
    const density = new Float64Array(bins * columns);
    for (let s = 0; s < nSamples; s++) {
      const c = Math.floor(s / samplesPerColumn);
      for (let b = 0; b < bins; b++) density[b * columns + c]! += counts[s * bins + b]!;
    }
    const amplitudeEdges = new Float64Array(bins + 1);
    for (let b = 0; b <= bins; b++) amplitudeEdges[b] = lo + b * width;
    return {
      traces: this.traces,
      nSamples,
      mean,
      median,
      low,
      high,
      resolution: width,
      density: { amplitudeEdges, columns, samplesPerColumn, counts: density },
    };
  }

  /**
   * The q-quantile of sample s as numpy.quantile's default defines it (order statistics at q·(n-1),
   * interpolated), each order statistic placed inside its bin as if the bin's values were spread evenly
   * through it, so each is within one bin of the true one, and so is the result.
   */
  private quantile(s: number, n: number, q: number): number {
    if (n === 0) return NaN;
    const position = q * (n - 1);
    const k = Math.floor(position);
    const below = this.orderStatistic(s, k);
    const fraction = position - k;
    return fraction > 0 ? below + fraction * (this.orderStatistic(s, k + 1) - below) : below;
  }

  /** The k-th smallest (0-based) finite value of sample s, placed within its bin. */
  private orderStatistic(s: number, k: number): number {
    const { bins, counts, lo, width } = this;
    let before = 0;
    for (let b = 0; b < bins; b++) {
      const c = counts[s * bins + b]!;
      if (k < before + c) return lo + width * (b + (k - before + 0.5) / c);
      before += c;
    }
    return lo + width * bins;
  }
}
