// DSP parameters computed from a generated waveform, in the spirit of dspeed's LEGEND processing chain:
// baseline statistics, pole-zero-corrected flat-top energies, current amplitude (A_max) and pick-off times.
// They are measured on the trace itself, so dsp values are consistent with the raw waveforms.

export interface DspParams {
  blMean: number;
  blStd: number;
  blSlope: number;
  wfMax: number;
  wfMin: number;
  tpMax: number;
  tp0: number;
  tp10: number;
  tp50: number;
  tp90: number;
  /** Energy estimators (ADC): trapezoid, short trapezoid, cusp-like and ZAC-like flat tops. */
  trapEmax: number;
  trapTmax: number;
  cuspEmax: number;
  zacEmax: number;
  /** Maximum of the current (ADC per sample) and where it occurs (samples). */
  aMax: number;
  tpAoeMax: number;
}

/** Samples before this index are baseline. */
export const BASELINE_END = 500;
/** Flat tops start this many samples after the 50 % point: past the rise and any second cluster. */
export const FLAT_TOP_DELAY = 60;
/** The energy filters' windows (samples, from the flat-top start) over which the pole-zero-corrected trace is averaged. */
export const ENERGY_WINDOWS = {
  trapEmax: { start: 0, length: 200 },
  trapTmax: { start: 0, length: 48 },
  cuspEmax: { start: 0, length: 400 },
  zacEmax: { start: 20, length: 300 },
} as const;
/** Half-width of the current estimator (samples). */
const CURRENT_HALF_WIDTH = 3;
/** The current's maximum is searched from this many samples before the 50 % point to this many after. */
export const CURRENT_SEARCH = { before: 40, after: 60 } as const;

/** Sample index where `trace` first reaches `level` going backwards from `from`, linearly interpolated. */
export function crossingBackward(trace: ArrayLike<number>, from: number, level: number): number {
  for (let i = from; i > 0; i--) {
    if (trace[i - 1]! < level) {
      const lo = trace[i - 1]!;
      const hi = trace[i]!;
      return i - 1 + (hi === lo ? 0 : (level - lo) / (hi - lo));
    }
  }
  return 0;
}

/** Mean of the pole-zero-corrected signal over [start, start + length). */
function flatTop(
  trace: ArrayLike<number>,
  baseline: number,
  tau: number,
  origin: number,
  start: number,
  length: number,
): number {
  const end = Math.min(trace.length, start + length);
  const step = Math.exp(1 / tau);
  let weight = Math.exp((start - origin) / tau); // pole-zero correction e^((i - origin)/τ), one factor per sample
  let sum = 0;
  for (let i = start; i < end; i++) {
    sum += (trace[i]! - baseline) * weight;
    weight *= step;
  }
  return end > start ? sum / (end - start) : Number.NaN;
}

/** The current's maximum (ADC per sample) near `origin` and where it is; the search stays inside `trace`. */
export function maxCurrent(trace: ArrayLike<number>, origin: number): { aMax: number; tpAoeMax: number } {
  const h = CURRENT_HALF_WIDTH;
  const lo = Math.max(h, origin - CURRENT_SEARCH.before);
  const hi = Math.min(trace.length - h, origin + CURRENT_SEARCH.after);
  let aMax = -Infinity;
  let tpAoeMax = origin;
  for (let i = lo; i < hi; i++) {
    const current = (trace[i + h]! - trace[i - h]!) / (2 * h);
    if (current > aMax) {
      aMax = current;
      tpAoeMax = i;
    }
  }
  return { aMax, tpAoeMax };
}

/** Computes the DSP parameters of one trace; `tau` is the channel's decay constant in samples (known from its characterisation). */
export function computeDsp(trace: ArrayLike<number>, tau: number): DspParams {
  const n = trace.length;
  let sum = 0;
  let sumX = 0;
  let sumXX = 0;
  let sumXY = 0;
  for (let i = 0; i < BASELINE_END; i++) {
    const v = trace[i]!;
    sum += v;
    sumX += i;
    sumXX += i * i;
    sumXY += i * v;
  }
  const blMean = sum / BASELINE_END;
  let variance = 0;
  for (let i = 0; i < BASELINE_END; i++) variance += (trace[i]! - blMean) ** 2;
  const blStd = Math.sqrt(variance / BASELINE_END);
  const blSlope = (BASELINE_END * sumXY - sumX * sum) / (BASELINE_END * sumXX - sumX * sumX);

  let wfMax = -Infinity;
  let wfMin = Infinity;
  let tpMax = 0;
  for (let i = 0; i < n; i++) {
    const v = trace[i]!;
    if (v > wfMax) {
      wfMax = v;
      tpMax = i;
    }
    if (v < wfMin) wfMin = v;
  }
  const height = wfMax - blMean;
  const tp50 = crossingBackward(trace, tpMax, blMean + 0.5 * height);
  const tp10 = crossingBackward(trace, tpMax, blMean + 0.1 * height);
  const tp90 = crossingBackward(trace, tpMax, blMean + 0.9 * height);
  const tp0 = crossingBackward(trace, Math.floor(tp10), blMean + 3 * blStd);

  const origin = Math.round(tp50);
  const top = origin + FLAT_TOP_DELAY;
  const energy = (window: { start: number; length: number }): number =>
    flatTop(trace, blMean, tau, origin, top + window.start, window.length);
  const trapEmax = energy(ENERGY_WINDOWS.trapEmax);
  const trapTmax = energy(ENERGY_WINDOWS.trapTmax);
  const cuspEmax = energy(ENERGY_WINDOWS.cuspEmax);
  const zacEmax = energy(ENERGY_WINDOWS.zacEmax);
  const { aMax, tpAoeMax } = maxCurrent(trace, origin);
  return {
    blMean,
    blStd,
    blSlope,
    wfMax,
    wfMin,
    tpMax,
    tp0,
    tp10,
    tp50,
    tp90,
    trapEmax,
    trapTmax,
    cuspEmax,
    zacEmax,
    aMax,
    tpAoeMax,
  };
}
