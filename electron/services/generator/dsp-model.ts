// The DSP parameters a pulse would give, drawn without rendering its 1400 samples: the engine used when no raw
// tier is written. The samples around the rise are rendered with their noise and measured by the same code as a
// whole trace (pick-off times, the current's maximum, the pulse top). The rest of the trace is white noise on a
// known signal, so it enters through the statistics of that noise: the baseline's mean, spread and slope, the
// sums of the stretches the energy filters average, and the extremes of the pre-trigger and the far tail.
// Known difference: when a small pulse's maximum lies in the tail, a trace's walk back to the 90 % point can stop
// in the tail's noise; here it starts at the window's end, so tp_90 of pulses below ~100 keV is less spread.
import {
  BASELINE_END,
  CURRENT_SEARCH,
  ENERGY_WINDOWS,
  FLAT_TOP_DELAY,
  crossingBackward,
  maxCurrent,
  type DspParams,
} from "./dsp.ts";
import type { Rng } from "./prng.ts";
import { WAVEFORM_SAMPLES, digitise, renderSignal, type PulseShape } from "./pulse.ts";

/**
 * Rendered samples before and after the noiseless 50 % point. Before: the 3σ pick-off of the largest pulses
 * (rise width 7 × ln(65535 ADC / 12 ADC) ≈ 60 samples back) with some slack. After: the current's search
 * range, its half-width of 3 samples and 2 of slack for the measured 50 % point; this also holds the pulse top.
 */
const WINDOW_BEFORE = 65;
const WINDOW_AFTER = CURRENT_SEARCH.after + 5;
const WINDOW = WINDOW_BEFORE + WINDOW_AFTER;
/** Samples of the tail whose noise maximum is drawn at once (the signal drops < 0.3 % of itself across one). */
const TAIL_BLOCK = 64;

type EnergyName = keyof typeof ENERGY_WINDOWS;
const ENERGY_NAMES = Object.keys(ENERGY_WINDOWS) as EnergyName[];

/**
 * The energy windows cut the flat-top region into stretches (edges at every window start and end); each
 * window's noise is the sum of its stretches' noise, so overlapping windows share noise as on a real trace.
 */
const STRETCH_EDGES = [
  ...new Set(
    ENERGY_NAMES.flatMap((k) => [
      ENERGY_WINDOWS[k].start,
      ENERGY_WINDOWS[k].start + ENERGY_WINDOWS[k].length,
    ]),
  ),
].sort((a, b) => a - b);
const STRETCH_LENGTHS = STRETCH_EDGES.slice(1).map((edge, i) => edge - STRETCH_EDGES[i]!);
/** Per window, the indices of the stretches it covers. */
const WINDOW_STRETCHES = Object.fromEntries(
  ENERGY_NAMES.map((name) => {
    const { start, length } = ENERGY_WINDOWS[name];
    const covered = STRETCH_LENGTHS.map((_, j) => j).filter(
      (j) => STRETCH_EDGES[j]! >= start && STRETCH_EDGES[j + 1]! <= start + length,
    );
    return [name, covered];
  }),
) as Record<EnergyName, number[]>;

/** ln(1 + e^x) without overflow: the integral of the logistic. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** The noiseless signal at sample `i` (baseline excluded): what renderSignal writes there. */
function signalAt(shape: PulseShape, i: number): number {
  let value = 0;
  for (const c of shape.components) {
    const x = i - shape.start - c.delay;
    const tail = x > 0 ? Math.exp(-x / shape.tau) : 1;
    value += (shape.amplitude * c.fraction * tail) / (1 + Math.exp(-x / c.riseWidth));
  }
  return value;
}

/** Where the noiseless rise reaches half its height (samples): the first cluster's centre for one cluster. */
function halfRisePoint(shape: PulseShape): number {
  const { components } = shape;
  if (components.length === 1) return shape.start + components[0]!.delay;
  const rise = (t: number): number => {
    let sum = 0;
    for (const c of components)
      sum += c.fraction / (1 + Math.exp(-(t - shape.start - c.delay) / c.riseWidth));
    return sum;
  };
  let lo = shape.start - 100;
  let hi = shape.start + 200;
  for (let i = 0; i < 30; i++) {
    const mid = 0.5 * (lo + hi);
    if (rise(mid) < 0.5) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Mean over samples [start, start + length) of the pole-zero-corrected noiseless signal (origin `origin`),
 * past every cluster's centre: each cluster's logistic summed by its integral (the midpoint rule, exact to far
 * below an ADC count for rise widths of a few samples).
 */
function flatTopSignal(shape: PulseShape, origin: number, start: number, length: number): number {
  let sum = 0;
  for (const c of shape.components) {
    const center = shape.start + c.delay;
    const w = c.riseWidth;
    const riseSum =
      w * (softplus((start + length - 0.5 - center) / w) - softplus((start - 0.5 - center) / w));
    // past its centre the cluster decays as e^(-(i-center)/τ); the correction e^((i-origin)/τ) leaves a constant
    sum += shape.amplitude * c.fraction * Math.exp((center - origin) / shape.tau) * riseSum;
  }
  return sum / length;
}

/** Draws DSP parameters of pulses; one per channel, its scratch arrays reused for every hit. */
export class DspModel {
  private readonly signal = new Float64Array(WINDOW);
  private readonly samples = new Float64Array(WINDOW);
  private readonly stretchNoise = new Float64Array(STRETCH_LENGTHS.length);

  /** One energy filter: the noiseless flat top plus its window's noise, less the baseline estimate's error. */
  private energy(name: EnergyName, shape: PulseShape, origin: number, blError: number): number {
    const { start, length } = ENERGY_WINDOWS[name];
    let noise = 0;
    for (const j of WINDOW_STRETCHES[name]) noise += this.stretchNoise[j]!;
    return flatTopSignal(shape, origin, origin + FLAT_TOP_DELAY + start, length) + noise / length - blError;
  }

  /** The parameters computeDsp would measure on a trace of `shape`, drawn from the same noise. */
  draw(rng: Rng, shape: PulseShape): DspParams {
    const n = WAVEFORM_SAMPLES;
    // Rounding to ADC counts adds noise of variance 1/12 to every sample.
    const sigma = Math.sqrt(shape.noise ** 2 + 1 / 12);

    // Baseline: mean, spread and slope of BASELINE_END samples of white noise are independent.
    const blError = (sigma * rng.normal()) / Math.sqrt(BASELINE_END);
    const blMean = shape.baseline + blError;
    const dof = BASELINE_END - 1; // n × variance / σ² is χ² with n − 1 degrees of freedom, near normal here
    const blStd = sigma * Math.sqrt(Math.max(0, dof + Math.sqrt(2 * dof) * rng.normal()) / BASELINE_END);
    const blSlope = sigma * rng.normal() * Math.sqrt(12 / (BASELINE_END * (BASELINE_END ** 2 - 1)));

    // The rise, rendered and digitised like a trace.
    const first = Math.min(
      n - WINDOW,
      Math.max(BASELINE_END, Math.floor(halfRisePoint(shape)) - WINDOW_BEFORE),
    );
    renderSignal(shape, this.signal, first);
    const samples = this.samples;
    digitise(rng, shape, this.signal, samples);
    let wfMax = -Infinity;
    let tpMax = first;
    let wfMin = Infinity;
    for (let i = 0; i < WINDOW; i++) {
      const v = samples[i]!;
      if (v > wfMax) {
        wfMax = v;
        tpMax = first + i;
      }
      if (v < wfMin) wfMin = v;
    }

    // The pre-trigger samples (pure noise) hold the trace's minimum; the slowly decaying tail may hold its
    // maximum when the pulse is small. The tail is taken in blocks, each block's noise maximum drawn at once,
    // until the signal has decayed too far (5 σ) below the maximum so far for any later block to beat it.
    const preMin = Math.round(shape.baseline - shape.noise * rng.maxOfNormals(first));
    wfMin = Math.max(0, Math.min(wfMin, preMin));
    const tailFirst = first + WINDOW;
    for (let block = tailFirst; block < n; block += TAIL_BLOCK) {
      const blockSignal = signalAt(shape, block);
      if (shape.baseline + blockSignal + 5 * shape.noise < wfMax) break;
      const length = Math.min(TAIL_BLOCK, n - block);
      const offset = Math.floor(rng.uniform() * length);
      const drop = (blockSignal / shape.tau) * offset;
      const value = Math.round(shape.baseline + blockSignal - drop + shape.noise * rng.maxOfNormals(length));
      if (value > wfMax) {
        wfMax = Math.min(65535, value);
        tpMax = block + offset;
      }
    }

    // Pick-off times walk back from the maximum as on a trace (from the window's end when it lies in the tail).
    const height = wfMax - blMean;
    const from = tpMax < tailFirst ? tpMax - first : WINDOW - 1;
    const tp50 = first + crossingBackward(samples, from, blMean + 0.5 * height);
    const tp10 = first + crossingBackward(samples, from, blMean + 0.1 * height);
    const tp90 = first + crossingBackward(samples, from, blMean + 0.9 * height);
    const tp0 = first + crossingBackward(samples, Math.floor(tp10) - first, blMean + 3 * blStd);

    // Energies: the noiseless flat tops plus their windows' noise, less the baseline estimate's error.
    const origin = Math.round(tp50);
    for (let j = 0; j < STRETCH_LENGTHS.length; j++)
      this.stretchNoise[j] = sigma * Math.sqrt(STRETCH_LENGTHS[j]!) * rng.normal();
    const current = maxCurrent(samples, origin - first);

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
      trapEmax: this.energy("trapEmax", shape, origin, blError),
      trapTmax: this.energy("trapTmax", shape, origin, blError),
      cuspEmax: this.energy("cuspEmax", shape, origin, blError),
      zacEmax: this.energy("zacEmax", shape, origin, blError),
      aMax: current.aMax,
      tpAoeMax: first + current.tpAoeMax,
    };
  }
}
