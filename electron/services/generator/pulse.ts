// Germanium detector pulses as a charge-sensitive preamplifier records them: a noisy baseline, a rise
// of a few hundred ns (two steps for multi-site events) and a slow exponential tail, as 16-bit ADC counts.
import type { Rng } from "./prng.ts";

/** Sampling of the generated waveforms (like the windowed waveforms of the 2025 raw files). */
export const WAVEFORM_SAMPLES = 1400;
export const WAVEFORM_DT_NS = 16;
/** Sample index around which the trigger puts the pulse. */
export const PULSE_POSITION = 600;

/** One charge cluster: its share of the amplitude, its delay (samples) and rise width (samples). */
export interface PulseComponent {
  fraction: number;
  delay: number;
  riseWidth: number;
}

export interface PulseShape {
  /** Amplitude above baseline in ADC counts (before the tail decays). */
  amplitude: number;
  /** Start (50 % point of the first rise), in samples. */
  start: number;
  components: PulseComponent[];
  /** Preamplifier decay constant in samples. */
  tau: number;
  baseline: number;
  noise: number;
}

/** Half-width (in rise widths) beyond which the logistic is 0 or 1 to well below an ADC count (e^-20 ≈ 2e-9). */
const RISE_SPAN = 20;

/**
 * Writes the noiseless signal (baseline excluded) of samples [first, first + out.length) into `out`. Kept
 * apart from the noise so the DSP calibration can run the same estimators on a clean pulse, and so the DSP
 * model can render only the samples around the rise. Exponentials advance by one factor per sample (no
 * `Math.exp` per sample): the logistic's e^(-x/w) and the tail's e^(-x/τ) are geometric in x.
 */
export function renderSignal(shape: PulseShape, out: Float64Array, first = 0): void {
  out.fill(0);
  const end = first + out.length;
  const tailStep = Math.exp(-1 / shape.tau);
  for (const component of shape.components) {
    const height = shape.amplitude * component.fraction;
    const center = shape.start + component.delay;
    const w = component.riseWidth;
    const riseFirst = Math.max(first, Math.floor(center - RISE_SPAN * w));
    const riseEnd = Math.min(end, Math.max(riseFirst, Math.ceil(center + RISE_SPAN * w)));
    // e^(-x/w) of the logistic 1/(1 + e^(-x/w)) and the tail e^(-x/τ), x = i - center
    let logisticTerm = Math.exp(-(riseFirst - center) / w);
    const logisticStep = Math.exp(-1 / w);
    let tail = Math.exp(-(riseFirst - center) / shape.tau);
    for (let i = riseFirst; i < riseEnd; i++) {
      out[i - first]! += (height * (i > center ? tail : 1)) / (1 + logisticTerm);
      logisticTerm *= logisticStep;
      tail *= tailStep;
    }
    // After the rise only the tail remains.
    const tailFirst = Math.max(riseEnd, first, Math.ceil(center + RISE_SPAN * w));
    let value = height * Math.exp(-(tailFirst - center) / shape.tau);
    for (let i = tailFirst; i < end; i++) {
      out[i - first]! += value;
      value *= tailStep;
    }
  }
}

/**
 * Renders the ADC trace of one pulse into `out` (a row of the waveform matrix): baseline + signal +
 * Gaussian noise, rounded and clipped to 0..65535 like a 16-bit ADC. `scratch` has the row's length.
 */
export function renderWaveform(rng: Rng, shape: PulseShape, scratch: Float64Array, out: Uint16Array): void {
  renderSignal(shape, scratch);
  digitise(rng, shape, scratch, out);
}

/** Adds baseline and noise to the signal in `signal` and writes rounded, clipped 16-bit ADC counts to `out`. */
export function digitise(
  rng: Rng,
  shape: PulseShape,
  signal: Float64Array,
  out: Uint16Array | Float64Array,
): void {
  const { baseline, noise } = shape;
  const deviates = noiseScratch(signal.length);
  rng.fillNormal(deviates, signal.length);
  for (let i = 0; i < signal.length; i++) {
    const value = Math.round(baseline + signal[i]! + noise * deviates[i]!);
    out[i] = value < 0 ? 0 : value > 65535 ? 65535 : value;
  }
}

/** One buffer of normal deviates per thread, grown to the longest trace digitised. */
let noiseBuffer = new Float64Array(WAVEFORM_SAMPLES);
function noiseScratch(length: number): Float64Array {
  if (noiseBuffer.length < length) noiseBuffer = new Float64Array(length);
  return noiseBuffer;
}
