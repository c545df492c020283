// One DAQ cycle: events in time order, each a set of coincident hits in several detectors, processed into
// dsp and hit parameters: measured on rendered waveforms when the raw tier is written, else drawn from the
// pulse model (dsp-model.ts) at a fraction of the cost. All data are typed-array columns.
import type { ChannelInfo } from "./channels.ts";
import type { ChannelCalibration } from "./calibration.ts";
import { computeDsp, type DspParams } from "./dsp.ts";
import { DspModel } from "./dsp-model.ts";
import { Rng } from "./prng.ts";
import {
  PULSE_POSITION,
  WAVEFORM_DT_NS,
  WAVEFORM_SAMPLES,
  renderWaveform,
  type PulseComponent,
  type PulseShape,
} from "./pulse.ts";
import { chargeSigmaKeV, sampleCalEvent, samplePhyEvent } from "./spectrum.ts";

export type CycleType = "cal" | "phy";

export interface CycleSpec {
  seed: number;
  /** Global cycle number: selects the random streams, so cycles can be made in any order. */
  index: number;
  type: CycleType;
  /** Unix time (s) of the cycle start. */
  start: number;
  /** Seconds covered by the cycle's events. */
  duration: number;
  events: number;
  /**
   * Render every hit's waveform and measure the DSP on it (needed when the raw tier is written), or draw the
   * DSP parameters from the pulse model (same distributions, no waveforms kept).
   */
  waveforms: boolean;
}

/** The hits of one channel in one cycle, rows in time order. */
export interface ChannelHits {
  rows: number;
  eventIndex: Int32Array;
  packetId: Uint32Array;
  timestamp: Float64Array;
  numtraces: Int32Array;
  trueEnergy: Float64Array;
  daqenergy: Uint16Array;
  fpgaBaseline: Uint16Array;
  /** rows × WAVEFORM_SAMPLES ADC counts; null when the cycle was simulated without waveforms. */
  waveforms: Uint16Array | null;
  dsp: DspColumns;
  hit: HitColumns;
}

export interface DspColumns {
  bl_mean: Float32Array;
  bl_std: Float32Array;
  bl_slope: Float32Array;
  wf_max: Float32Array;
  wf_min: Float32Array;
  tp_max: Float32Array;
  tp_0_est: Float32Array;
  tp_10: Float32Array;
  tp_50: Float32Array;
  tp_90: Float32Array;
  trapEmax: Float32Array;
  trapTmax: Float32Array;
  cuspEmax: Float32Array;
  zacEmax: Float32Array;
  A_max: Float32Array;
  tp_aoe_max: Float32Array;
}

export interface HitColumns {
  cuspEmax_ctc_cal: Float64Array;
  trapEmax_ctc_cal: Float64Array;
  zacEmax_ctc_cal: Float64Array;
  trapTmax_cal: Float64Array;
  AoE_Corrected: Float64Array;
  AoE_Classifier: Float64Array;
  AoE_Low_Cut: Uint8Array;
  AoE_Double_Sided_Cut: Uint8Array;
  is_valid_cal: Uint8Array;
  is_valid_baseline: Uint8Array;
  is_valid_t0: Uint8Array;
  is_saturated: Uint8Array;
  is_discharge: Uint8Array;
}

/** The time-coincidence map: per event, the hits (table key = rawid, row in that channel's table). */
export interface CycleTcm {
  cumulativeLength: Float64Array;
  tableKey: Int32Array;
  rowInTable: Float64Array;
}

/** Event-level summary, row-aligned with the TCM. */
export interface CycleEvents {
  timestamp: Float64Array;
  multiplicity: Int32Array;
  energySum: Float64Array;
  /** Per-hit calibrated energies and channels, segmented by `tcm.cumulativeLength`. */
  energy: Float64Array;
  rawid: Int32Array;
  hitIdx: Float64Array;
  muonVeto: Uint8Array;
  larVeto: Uint8Array;
}

export interface SimulatedCycle {
  spec: CycleSpec;
  channels: ChannelHits[];
  tcm: CycleTcm;
  events: CycleEvents;
}

/** Most detectors one event touches. */
const MAX_HITS_PER_EVENT = 3;
const ADC_MAX = 65535;
/** Bits of a planned hit's `kind`: two charge clusters (low A/E), or a fast surface pulse (high A/E). */
const MULTI_SITE = 1;
const HIGH_AOE = 2;

/** The hits of a cycle in event order (an event's hits sorted by channel), as parallel columns. */
interface HitPlan {
  /** Per event: time (s) and the exclusive end of its hits. */
  times: Float64Array;
  cumulativeLength: Float64Array;
  /** Per hit: its event, channel index, deposited energy (keV) and MULTI_SITE | HIGH_AOE bits. */
  event: Int32Array;
  channel: Int32Array;
  energy: Float64Array;
  kind: Uint8Array;
}

/** Whether channel `ch` already has a hit among hits [first, end) (one event's, at most MAX_HITS_PER_EVENT). */
function takenInEvent(channel: Int32Array, first: number, end: number, ch: number): boolean {
  for (let k = first; k < end; k++) if (channel[k] === ch) return true;
  return false;
}

/** Draws the events of a cycle and assigns their deposits to distinct channels. */
function planHits(spec: CycleSpec, nChannels: number, rng: Rng): HitPlan {
  const times = new Float64Array(spec.events);
  const mean = spec.duration / (spec.events + 1);
  let t = spec.start;
  for (let e = 0; e < spec.events; e++) {
    t += rng.exponential(mean);
    times[e] = t;
  }
  // The first events visit every channel once in a random order, so no channel table is empty when events ≥ channels.
  const order = Array.from({ length: nChannels }, (_, i) => i);
  for (let i = nChannels - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const maxHits = Math.min(MAX_HITS_PER_EVENT, nChannels);
  const capacity = spec.events * maxHits;
  const event = new Int32Array(capacity);
  const channel = new Int32Array(capacity);
  const energy = new Float64Array(capacity);
  const kind = new Uint8Array(capacity);
  const cumulativeLength = new Float64Array(spec.events);
  let count = 0;
  for (let e = 0; e < spec.events; e++) {
    const deposits = spec.type === "cal" ? sampleCalEvent(rng, maxHits) : samplePhyEvent(rng, maxHits);
    const first = count;
    for (const deposit of deposits) {
      let ch = count === first && e < nChannels ? order[e]! : rng.int(nChannels);
      while (takenInEvent(channel, first, count, ch)) ch = (ch + 1) % nChannels;
      // Within an event hits are ordered by table key (rawid), as pygama's build_tcm sorts ties: insert in place.
      let k = count;
      for (; k > first && channel[k - 1]! > ch; k--) {
        channel[k] = channel[k - 1]!;
        energy[k] = energy[k - 1]!;
        kind[k] = kind[k - 1]!;
      }
      channel[k] = ch;
      energy[k] = deposit.energy;
      kind[k] = (deposit.multiSite ? MULTI_SITE : 0) | (deposit.highAoE ? HIGH_AOE : 0);
      event[count] = e;
      count++;
    }
    cumulativeLength[e] = count;
  }
  return {
    times,
    cumulativeLength,
    event: event.slice(0, count),
    channel: channel.slice(0, count),
    energy: energy.slice(0, count),
    kind: kind.slice(0, count),
  };
}

function pulseComponents(rng: Rng, kind: number, riseWidth: number): PulseComponent[] {
  const jitter = 1 + 0.01 * rng.normal();
  if (kind & HIGH_AOE) return [{ fraction: 1, delay: 0, riseWidth: riseWidth * (0.6 + 0.2 * rng.uniform()) }];
  if (!(kind & MULTI_SITE)) return [{ fraction: 1, delay: 0, riseWidth: riseWidth * jitter }];
  const fraction = 0.25 + 0.5 * rng.uniform();
  return [
    { fraction, delay: 0, riseWidth: riseWidth * jitter },
    { fraction: 1 - fraction, delay: 10 + 30 * rng.uniform(), riseWidth: riseWidth * jitter },
  ];
}

function emptyDsp(rows: number): DspColumns {
  const f = (): Float32Array => new Float32Array(rows);
  return {
    bl_mean: f(),
    bl_std: f(),
    bl_slope: f(),
    wf_max: f(),
    wf_min: f(),
    tp_max: f(),
    tp_0_est: f(),
    tp_10: f(),
    tp_50: f(),
    tp_90: f(),
    trapEmax: f(),
    trapTmax: f(),
    cuspEmax: f(),
    zacEmax: f(),
    A_max: f(),
    tp_aoe_max: f(),
  };
}

function emptyHit(rows: number): HitColumns {
  const d = (): Float64Array => new Float64Array(rows);
  const b = (): Uint8Array => new Uint8Array(rows);
  return {
    cuspEmax_ctc_cal: d(),
    trapEmax_ctc_cal: d(),
    zacEmax_ctc_cal: d(),
    trapTmax_cal: d(),
    AoE_Corrected: d(),
    AoE_Classifier: d(),
    AoE_Low_Cut: b(),
    AoE_Double_Sided_Cut: b(),
    is_valid_cal: b(),
    is_valid_baseline: b(),
    is_valid_t0: b(),
    is_saturated: b(),
    is_discharge: b(),
  };
}

/** Stores one hit's DSP parameters (times in ns) in row `row`. */
function storeDsp(dsp: DspColumns, row: number, p: DspParams): void {
  dsp.bl_mean[row] = p.blMean;
  dsp.bl_std[row] = p.blStd;
  dsp.bl_slope[row] = p.blSlope;
  dsp.wf_max[row] = p.wfMax;
  dsp.wf_min[row] = p.wfMin;
  dsp.tp_max[row] = p.tpMax * WAVEFORM_DT_NS;
  dsp.tp_0_est[row] = p.tp0 * WAVEFORM_DT_NS;
  dsp.tp_10[row] = p.tp10 * WAVEFORM_DT_NS;
  dsp.tp_50[row] = p.tp50 * WAVEFORM_DT_NS;
  dsp.tp_90[row] = p.tp90 * WAVEFORM_DT_NS;
  dsp.trapEmax[row] = p.trapEmax;
  dsp.trapTmax[row] = p.trapTmax;
  dsp.cuspEmax[row] = p.cuspEmax;
  dsp.zacEmax[row] = p.zacEmax;
  dsp.A_max[row] = p.aMax;
  dsp.tp_aoe_max[row] = p.tpAoeMax * WAVEFORM_DT_NS;
}

/** Calibrates one hit's DSP parameters into hit parameters (energies in keV, A/E, quality flags) in row `row`. */
function storeHit(
  hit: HitColumns,
  row: number,
  p: DspParams,
  channel: ChannelInfo,
  calibration: ChannelCalibration,
  rng: Rng,
): void {
  hit.cuspEmax_ctc_cal[row] = p.cuspEmax / calibration.cuspPerKeV;
  hit.trapEmax_ctc_cal[row] = p.trapEmax / calibration.trapPerKeV;
  hit.zacEmax_ctc_cal[row] = p.zacEmax / calibration.zacPerKeV;
  hit.trapTmax_cal[row] = p.trapTmax / calibration.trapTPerKeV;
  const aoe = p.aMax / p.cuspEmax / calibration.aoeNorm;
  // Width of the single-site A/E band: a constant part plus the current's noise relative to its height.
  const currentNoise = (channel.noise * Math.SQRT2) / 6;
  const aoeSigma = Math.hypot(0.008, currentNoise / Math.max(1e-9, calibration.aoeNorm * p.cuspEmax));
  const classifier = (aoe - 1) / aoeSigma;
  hit.AoE_Corrected[row] = aoe;
  hit.AoE_Classifier[row] = classifier;
  hit.AoE_Low_Cut[row] = classifier > -1.5 ? 1 : 0;
  hit.AoE_Double_Sided_Cut[row] = classifier > -1.5 && classifier < 3 ? 1 : 0;
  const saturated = p.wfMax >= ADC_MAX;
  const validBaseline =
    Math.abs(p.blMean - channel.baseline) < 10 * channel.noise && p.blStd < 2 * channel.noise;
  const validT0 = p.tp0 > 0.3 * WAVEFORM_SAMPLES && p.tp0 < 0.6 * WAVEFORM_SAMPLES;
  const discharge = rng.chance(0.002);
  hit.is_saturated[row] = saturated ? 1 : 0;
  hit.is_valid_baseline[row] = validBaseline ? 1 : 0;
  hit.is_valid_t0[row] = validT0 ? 1 : 0;
  hit.is_discharge[row] = discharge ? 1 : 0;
  hit.is_valid_cal[row] = !saturated && validBaseline && validT0 && !discharge ? 1 : 0;
}

/**
 * Simulates the hits `hitIds` (indices into the plan, in time order) of one channel, from its own random stream:
 * independent of the other channels.
 */
function simulateChannel(
  spec: CycleSpec,
  channel: ChannelInfo,
  calibration: ChannelCalibration,
  plan: HitPlan,
  hitIds: Int32Array,
): ChannelHits {
  const rng = new Rng(spec.seed, spec.index, 1 + channel.channelIndex);
  const rows = hitIds.length;
  const waveforms = spec.waveforms ? new Uint16Array(rows * WAVEFORM_SAMPLES) : null;
  const out: ChannelHits = {
    rows,
    eventIndex: new Int32Array(rows),
    packetId: new Uint32Array(rows),
    timestamp: new Float64Array(rows),
    numtraces: new Int32Array(rows),
    trueEnergy: new Float64Array(rows),
    daqenergy: new Uint16Array(rows),
    fpgaBaseline: new Uint16Array(rows),
    waveforms,
    dsp: emptyDsp(rows),
    hit: emptyHit(rows),
  };
  const scratch = new Float64Array(waveforms ? WAVEFORM_SAMPLES : 0);
  const model = new DspModel();
  for (let row = 0; row < rows; row++) {
    const k = hitIds[row]!;
    const event = plan.event[k]!;
    const energy = plan.energy[k]!;
    out.eventIndex[row] = event;
    out.packetId[row] = k;
    out.timestamp[row] = plan.times[event]!;
    out.numtraces[row] = plan.cumulativeLength[event]! - (event > 0 ? plan.cumulativeLength[event - 1]! : 0);
    out.trueEnergy[row] = energy;
    const charge = energy + chargeSigmaKeV(energy) * rng.normal();
    const shape: PulseShape = {
      amplitude: charge * channel.gain,
      start: PULSE_POSITION + 4 * rng.normal(),
      components: pulseComponents(rng, plan.kind[k]!, channel.riseWidth),
      tau: channel.tau,
      baseline: channel.baseline,
      noise: channel.noise,
    };
    let params: DspParams;
    if (waveforms) {
      const trace = waveforms.subarray(row * WAVEFORM_SAMPLES, (row + 1) * WAVEFORM_SAMPLES);
      renderWaveform(rng, shape, scratch, trace);
      params = computeDsp(trace, channel.tau);
    } else {
      params = model.draw(rng, shape);
    }
    out.daqenergy[row] = Math.min(
      ADC_MAX,
      Math.max(0, Math.round(charge * channel.daqGain + 2 * rng.normal())),
    );
    out.fpgaBaseline[row] = Math.round(channel.baseline + rng.normal());
    storeDsp(out.dsp, row, params);
    storeHit(out.hit, row, params, channel, calibration, rng);
  }
  return out;
}

/** Simulates one cycle across all channels. `calibrations[i]` belongs to `channels[i]`. */
export function simulateCycle(
  spec: CycleSpec,
  channels: readonly ChannelInfo[],
  calibrations: readonly ChannelCalibration[],
): SimulatedCycle {
  const rng = new Rng(spec.seed, spec.index, 0);
  const plan = planHits(spec, channels.length, rng);
  const nHits = plan.event.length;

  // Each channel's rows are its hits in event order: a counting sort of the hits by channel.
  const rowsOf = new Int32Array(channels.length + 1);
  for (let k = 0; k < nHits; k++) rowsOf[plan.channel[k]! + 1]!++;
  for (let c = 0; c < channels.length; c++) rowsOf[c + 1]! += rowsOf[c]!;
  const next = rowsOf.slice(0, channels.length);
  const hitsByChannel = new Int32Array(nHits);
  const rowInTable = new Float64Array(nHits);
  const tableKey = new Int32Array(nHits);
  for (let k = 0; k < nHits; k++) {
    const c = plan.channel[k]!;
    rowInTable[k] = next[c]! - rowsOf[c]!;
    hitsByChannel[next[c]!++] = k;
    tableKey[k] = channels[c]!.rawid;
  }

  const channelHits = channels.map((channel, c) =>
    simulateChannel(spec, channel, calibrations[c]!, plan, hitsByChannel.subarray(rowsOf[c], rowsOf[c + 1])),
  );
  const tcm = { cumulativeLength: plan.cumulativeLength, tableKey, rowInTable };
  return { spec, channels: channelHits, tcm, events: summariseEvents(spec, plan, tcm, channelHits, rng) };
}

function summariseEvents(
  spec: CycleSpec,
  plan: HitPlan,
  tcm: CycleTcm,
  channelHits: ChannelHits[],
  rng: Rng,
): CycleEvents {
  const n = spec.events;
  const nHits = plan.event.length;
  const events: CycleEvents = {
    timestamp: plan.times.slice(),
    multiplicity: new Int32Array(n),
    energySum: new Float64Array(n),
    energy: new Float64Array(nHits),
    rawid: tcm.tableKey.slice(),
    hitIdx: tcm.rowInTable.slice(),
    muonVeto: new Uint8Array(n),
    larVeto: new Uint8Array(n),
  };
  let start = 0;
  for (let e = 0; e < n; e++) {
    const end = plan.cumulativeLength[e]!;
    let sum = 0;
    for (let k = start; k < end; k++) {
      const energy = channelHits[plan.channel[k]!]!.hit.cuspEmax_ctc_cal[tcm.rowInTable[k]!]!;
      events.energy[k] = energy;
      sum += energy;
    }
    const multiplicity = end - start;
    events.multiplicity[e] = multiplicity;
    events.energySum[e] = sum;
    // Muons cross the array rarely and light up everything; the argon veto sees most Compton scatters.
    events.muonVeto[e] = rng.chance(spec.type === "phy" ? 0.01 : 0.002) ? 1 : 0;
    events.larVeto[e] = rng.chance(multiplicity > 1 ? 0.6 : 0.15) || events.muonVeto[e] === 1 ? 1 : 0;
    start = end;
  }
  return events;
}
