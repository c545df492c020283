// Waveform transforms for the waveform browser: what dspeed's WaveformBrowser gets from a DSP chain,
// as plain functions over typed arrays. Times (t0, dt, windows, rise, tau, …) are all in the unit of
// the waveform's dt (ns in LEGEND files); a time parameter becomes Math.round(time / dt) samples, as
// dspeed's unit conversion does. Recursive filters run in float64, whatever the input type.
import type { NumericArray } from "./binning.ts";
import { AnalysisError } from "./errors.ts";

/** One waveform: sample i is at time t0 + i * dt. */
export interface Waveform {
  t0: number;
  dt: number;
  values: NumericArray;
}

/** A transformed waveform (always float64 samples). */
export interface Trace {
  t0: number;
  dt: number;
  values: Float64Array;
}

function checkWaveform(wf: Waveform, what: string): void {
  if (!(wf.dt > 0) || !Number.isFinite(wf.dt))
    throw new AnalysisError(`${what}: waveform dt must be a positive number, got ${wf.dt}`);
  if (!Number.isFinite(wf.t0)) throw new AnalysisError(`${what}: waveform t0 must be finite, got ${wf.t0}`);
}

/** A time span in samples (rounded), checked to be within [min, max] samples. */
function toSamples(time: number, dt: number, name: string, min: number, max: number): number {
  if (!Number.isFinite(time)) throw new AnalysisError(`${name} must be a finite time, got ${time}`);
  const samples = Math.round(time / dt);
  if (samples < min || samples > max)
    throw new AnalysisError(
      `${name} = ${time} is ${samples} samples of ${dt}; it must be between ${min} and ${max} samples`,
    );
  return samples;
}

/** Mean of the samples whose times t satisfy start <= t - t0 < end (offsets from the first sample). */
export function baselineMean(wf: Waveform, start: number, end: number): number {
  checkWaveform(wf, "baseline");
  const n = wf.values.length;
  const first = toSamples(start, wf.dt, "baseline window start", 0, n - 1);
  const stop = toSamples(end, wf.dt, "baseline window end", first + 1, n);
  let sum = 0;
  for (let i = first; i < stop; i++) sum += wf.values[i]!;
  return sum / (stop - first);
}

/** Subtracts the mean of a window (offsets from the first sample, [start, end)). */
export function subtractBaseline(wf: Waveform, start: number, end: number): Trace {
  const baseline = baselineMean(wf, start, end);
  return subtractConstant(wf, baseline);
}

/** values - value, as float64. */
export function subtractConstant(wf: Waveform, value: number): Trace {
  const out = new Float64Array(wf.values.length);
  for (let i = 0; i < out.length; i++) out[i] = wf.values[i]! - value;
  return { t0: wf.t0, dt: wf.dt, values: out };
}

/** Divides every sample by `by` (WaveformBrowser's `norm`, e.g. by the entry's energy). */
export function normalize(wf: Waveform, by: number): Trace {
  if (!Number.isFinite(by) || by === 0)
    throw new AnalysisError(`cannot normalise by ${by}: the value must be finite and not 0`);
  const out = new Float64Array(wf.values.length);
  for (let i = 0; i < out.length; i++) out[i] = wf.values[i]! / by;
  return { t0: wf.t0, dt: wf.dt, values: out };
}

/** Shifts the time axis so that `time` becomes 0 (WaveformBrowser's `align`, e.g. at tp_0). Samples unchanged. */
export function align<T extends Waveform>(wf: T, time: number): T {
  if (!Number.isFinite(time)) throw new AnalysisError(`cannot align at ${time}: the time must be finite`);
  return { ...wf, t0: wf.t0 - time };
}

/**
 * Moving-window average over the `length` samples up to and including i, the samples before the
 * start taken equal to the first one (dspeed `moving_window_left`).
 */
export function movingAverage(wf: Waveform, length: number): Trace {
  checkWaveform(wf, "moving average");
  const n = wf.values.length;
  const len = toSamples(length, wf.dt, "moving-window length", 1, Math.max(1, n - 1));
  const v = wf.values;
  const out = new Float64Array(n);
  if (n === 0) return { t0: wf.t0, dt: wf.dt, values: out };
  let acc = v[0]!;
  out[0] = acc;
  for (let i = 1; i < n; i++) {
    acc += (v[i]! - (i >= len ? v[i - len]! : v[0]!)) / len;
    out[i] = acc;
  }
  return { t0: wf.t0, dt: wf.dt, values: out };
}

/**
 * Symmetric trapezoidal filter normalised by the rise (dspeed `trap_norm`): out[i] = (sum of the
 * `rise` samples ending at i − sum of the `rise` samples ending at i − rise − flat) / rise. Samples
 * before the start are taken as the mean of the first `rise` samples: the baseline goes on before the
 * trace, so an unsubtracted baseline of 15k ADC gives no 15k step at t = 0 (dspeed reads zeros there and
 * expects a baseline-subtracted input). A step of height A at sample s reads A from s + rise − 1 to
 * s + rise + flat − 1 (the flat top), then falls back to 0 over `rise` samples. The time axis is
 * kept (no delay compensation), as in dspeed.
 */
export function trapezoid(wf: Waveform, rise: number, flat: number): Trace {
  checkWaveform(wf, "trapezoid");
  const n = wf.values.length;
  const r = toSamples(rise, wf.dt, "trapezoid rise", 1, n);
  const f = toSamples(flat, wf.dt, "trapezoid flat top", 0, n);
  if (2 * r + f > n)
    throw new AnalysisError(
      `trapezoid rise ${rise} ×2 + flat top ${flat} (${2 * r + f} samples) is wider than the waveform (${n} samples)`,
    );
  const v = wf.values;
  let pad = 0;
  for (let i = 0; i < r; i++) pad += v[i]!;
  pad /= r;
  const at = (i: number) => (i >= 0 ? v[i]! : pad);
  const out = new Float64Array(n);
  // the running sum starts at 0: the filter of the constant padding before the trace is 0
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += at(i) - at(i - r) - at(i - r - f) + at(i - 2 * r - f);
    out[i] = acc / r;
  }
  return { t0: wf.t0, dt: wf.dt, values: out };
}

/**
 * Single pole-zero correction with decay time tau (dspeed `pole_zero`):
 * out[0] = in[0], out[i] = out[i−1] + in[i] − in[i−1]·exp(−dt/tau). An exponential decay with this
 * tau (on a zero baseline) becomes a step; subtract the baseline first.
 */
export function poleZero(wf: Waveform, tau: number): Trace {
  checkWaveform(wf, "pole-zero");
  if (!(tau > 0) || !Number.isFinite(tau))
    throw new AnalysisError(`pole-zero tau must be a positive time, got ${tau}`);
  const v = wf.values;
  const n = v.length;
  const out = new Float64Array(n);
  if (n === 0) return { t0: wf.t0, dt: wf.dt, values: out };
  const decay = Math.exp(-wf.dt / tau);
  out[0] = v[0]!;
  for (let i = 1; i < n; i++) out[i] = out[i - 1]! + v[i]! - v[i - 1]! * decay;
  return { t0: wf.t0, dt: wf.dt, values: out };
}

/**
 * Many waveforms of one column, as the reader returns a WaveformTable: t0 and dt per row and the
 * samples row-major (nRows × nSamples).
 */
export interface WaveformBlock {
  nRows: number;
  nSamples: number;
  t0: NumericArray;
  dt: NumericArray;
  values: NumericArray;
}

export interface TemplateWaveform extends Trace {
  /** Sample-wise standard deviation (population) across the waveforms covering the sample. */
  std: Float64Array;
  /** Number of waveforms covering each sample. */
  coverage: Uint32Array;
  /** Number of waveforms used. */
  used: number;
}

/** Row `row` of a block as a Waveform (a view, no copy). */
export function blockRow(block: WaveformBlock, row: number): Waveform {
  if (!Number.isInteger(row) || row < 0 || row >= block.nRows)
    throw new AnalysisError(`row ${row} is not within 0..${block.nRows - 1}`);
  const start = row * block.nSamples;
  return {
    t0: block.t0[row]!,
    dt: block.dt[row]!,
    values: block.values.subarray(start, start + block.nSamples),
  };
}

/**
 * Mean (template) waveform of the chosen rows, after shifting each row's time axis by its
 * alignment time (align[row], e.g. tp_0; omitted = no shift). Rows must share dt; each row lands on
 * the common grid at the nearest whole sample. `baseline` ([start, end) offsets) subtracts each
 * row's own baseline first; `normalizeBy[row]` divides each row (e.g. by energy). Samples covered by
 * only some rows are averaged over those rows (see coverage).
 */
export function meanWaveform(
  block: WaveformBlock,
  opts: {
    rows?: Uint32Array;
    align?: NumericArray;
    baseline?: readonly [number, number];
    normalizeBy?: NumericArray;
  } = {},
): TemplateWaveform {
  const { nRows, nSamples } = block;
  if (block.values.length !== nRows * nSamples || block.t0.length !== nRows || block.dt.length !== nRows)
    throw new AnalysisError(
      `waveform block is inconsistent: ${nRows} rows × ${nSamples} samples but ${block.values.length} values, ` +
        `${block.t0.length} t0 and ${block.dt.length} dt`,
    );
  for (const [name, column] of [
    ["align", opts.align],
    ["normalizeBy", opts.normalizeBy],
  ] as const)
    if (column !== undefined && column.length !== nRows)
      throw new AnalysisError(`${name} has ${column.length} entries but the block has ${nRows} rows`);
  const rows = opts.rows ?? Uint32Array.from({ length: nRows }, (_, i) => i);
  if (rows.length === 0) throw new AnalysisError("mean waveform of no waveforms: the selection is empty");
  const dt = block.dt[rows[0]!]!;
  const starts = new Float64Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j]!;
    if (row >= nRows) throw new AnalysisError(`row ${row} is not within 0..${nRows - 1}`);
    if (block.dt[row] !== dt)
      throw new AnalysisError(`waveforms with different dt (${dt} and ${block.dt[row]}) cannot be averaged`);
    starts[j] = block.t0[row]! - (opts.align ? opts.align[row]! : 0);
  }
  if (!(dt > 0)) throw new AnalysisError(`waveform dt must be a positive number, got ${dt}`);
  // Common grid: starts at the earliest aligned start; each row lands at a whole-sample offset.
  let gridT0 = Infinity;
  for (const s of starts) if (s < gridT0) gridT0 = s;
  if (!Number.isFinite(gridT0)) throw new AnalysisError("alignment times must be finite");
  const offsets = new Int32Array(rows.length);
  let length = 0;
  for (let j = 0; j < rows.length; j++) {
    offsets[j] = Math.round((starts[j]! - gridT0) / dt);
    length = Math.max(length, offsets[j]! + nSamples);
  }
  if (length > 64 * nSamples)
    throw new AnalysisError(
      `alignment spreads the waveforms over ${length} samples; check the alignment column`,
    );
  const sum = new Float64Array(length);
  const sumSq = new Float64Array(length);
  const coverage = new Uint32Array(length);
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j]!;
    const wf = blockRow(block, row);
    const base = opts.baseline ? baselineMean(wf, opts.baseline[0], opts.baseline[1]) : 0;
    const scale = opts.normalizeBy ? opts.normalizeBy[row]! : 1;
    if (!Number.isFinite(scale) || scale === 0)
      throw new AnalysisError(`cannot normalise row ${row} by ${scale}: the value must be finite and not 0`);
    const at = offsets[j]!;
    for (let i = 0; i < nSamples; i++) {
      const y = (wf.values[i]! - base) / scale;
      sum[at + i]! += y;
      sumSq[at + i]! += y * y;
      coverage[at + i]! += 1;
    }
  }
  const mean = new Float64Array(length);
  const std = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const c = coverage[i]!;
    mean[i] = c > 0 ? sum[i]! / c : NaN;
    std[i] = c > 0 ? Math.sqrt(Math.max(0, sumSq[i]! / c - mean[i]! * mean[i]!)) : NaN;
  }
  return { t0: gridT0, dt, values: mean, std, coverage, used: rows.length };
}
