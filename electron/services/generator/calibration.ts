// Each channel's DSP response to a clean single-site pulse: the factors that turn DSP energies into keV
// and A/E into a ratio that is 1 for single-site events, as a calibration on a source run would find.
import type { ChannelInfo } from "./channels.ts";
import { computeDsp } from "./dsp.ts";
import { PULSE_POSITION, WAVEFORM_SAMPLES, renderSignal } from "./pulse.ts";

export interface ChannelCalibration {
  /** DSP energy (ADC) per keV, one per estimator. */
  trapPerKeV: number;
  trapTPerKeV: number;
  cuspPerKeV: number;
  zacPerKeV: number;
  /** A_max / cuspEmax of a single-site pulse. */
  aoeNorm: number;
}

const REFERENCE_KEV = 1000;

export function calibrateChannel(channel: ChannelInfo): ChannelCalibration {
  const signal = new Float64Array(WAVEFORM_SAMPLES);
  renderSignal(
    {
      amplitude: REFERENCE_KEV * channel.gain,
      start: PULSE_POSITION,
      components: [{ fraction: 1, delay: 0, riseWidth: channel.riseWidth }],
      tau: channel.tau,
      baseline: 0,
      noise: 0,
    },
    signal,
  );
  const dsp = computeDsp(signal, channel.tau);
  return {
    trapPerKeV: dsp.trapEmax / REFERENCE_KEV,
    trapTPerKeV: dsp.trapTmax / REFERENCE_KEV,
    cuspPerKeV: dsp.cuspEmax / REFERENCE_KEV,
    zacPerKeV: dsp.zacEmax / REFERENCE_KEV,
    aoeNorm: dsp.aMax / dsp.cuspEmax,
  };
}
