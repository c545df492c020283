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

/** Half-width (in rise widths) beyond which the logistic is 0 or 1 to float precision. */
const RISE_SPAN = 40;

/**
 * Writes the noiseless signal (baseline excluded) into `out[0..n)`. Kept apart from the noise so the
 * DSP calibration can run the same estimators on a clean pulse.
 */
export function renderSignal(shape: PulseShape, out: Float64Array): void {
  out.fill(0);
  const decay = Math.exp(-1 / shape.tau);
  for (const component of shape.components) {
    const height = shape.amplitude * component.fraction;
    const center = shape.start + component.delay;
    const w = component.riseWidth;
    const first = Math.max(0, Math.floor(center - RISE_SPAN * w));
    const lastRise = Math.min(out.length, Math.ceil(center + RISE_SPAN * w));
    for (let i = first; i < lastRise; i++) {
      const x = i - center;
      const rise = 1 / (1 + Math.exp(-x / w));
      out[i]! += height * rise * (x > 0 ? Math.exp(-x / shape.tau) : 1);
    }
    // After the rise only the tail remains: multiply by the per-sample decay instead of calling exp.
    let tail = height * Math.exp(-(lastRise - center) / shape.tau);
    for (let i = lastRise; i < out.length; i++) {
      out[i]! += tail;
      tail *= decay;
    }
  }
}

/**
 * Renders the ADC trace of one pulse into `out` (a row of the waveform matrix): baseline + signal +
 * Gaussian noise, rounded and clipped to 0..65535 like a 16-bit ADC. `scratch` has the row's length.
 */
export function renderWaveform(rng: Rng, shape: PulseShape, scratch: Float64Array, out: Uint16Array): void {
  renderSignal(shape, scratch);
  for (let i = 0; i < out.length; i++) {
    const value = Math.round(shape.baseline + scratch[i]! + shape.noise * rng.normal());
    out[i] = value < 0 ? 0 : value > 65535 ? 65535 : value;
  }
}
