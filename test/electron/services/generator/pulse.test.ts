// Pulse rendering: a window of samples equals the same samples of the whole trace; the analytic pieces the DSP model uses.
import { describe, expect, it } from "vitest";
import {
  WAVEFORM_SAMPLES,
  renderSignal,
  type PulseShape,
} from "../../../../electron/services/generator/pulse.ts";

const multiSite: PulseShape = {
  amplitude: 8000,
  start: 603.4,
  components: [
    { fraction: 0.4, delay: 0, riseWidth: 6.2 },
    { fraction: 0.6, delay: 27.5, riseWidth: 6.2 },
  ],
  tau: 27000,
  baseline: 15000,
  noise: 5,
};

describe("renderSignal", () => {
  it("renders any window of samples exactly as those samples of the whole trace", () => {
    const whole = new Float64Array(WAVEFORM_SAMPLES);
    renderSignal(multiSite, whole);
    for (const [first, length] of [
      [0, 100],
      [540, 130],
      [590, 20],
      [700, 700],
      [1300, 100],
    ] as const) {
      const window = new Float64Array(length);
      renderSignal(multiSite, window, first);
      for (let i = 0; i < length; i++) expect(window[i]).toBeCloseTo(whole[first + i]!, 9);
    }
  });

  it("rises as a logistic and decays with the preamplifier's time constant", () => {
    const single: PulseShape = { ...multiSite, components: [{ fraction: 1, delay: 0, riseWidth: 5 }] };
    const out = new Float64Array(WAVEFORM_SAMPLES);
    renderSignal(single, out);
    const at = (i: number): number =>
      (single.amplitude * Math.exp(-(i - single.start) / single.tau)) /
      (1 + Math.exp(-(i - single.start) / 5));
    for (const i of [500, 590, 600, 603, 604, 610, 650, 700, 1399]) {
      const expected = i > single.start ? at(i) : single.amplitude / (1 + Math.exp(-(i - single.start) / 5));
      expect(Math.abs(out[i]! - expected)).toBeLessThan(1e-6 * single.amplitude);
    }
  });
});
