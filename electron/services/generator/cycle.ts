// One DAQ cycle: events in time order, each a set of coincident hits in several detectors, rendered
// into waveforms and processed into dsp and hit parameters. All data are typed-array columns.
import type { ChannelInfo } from "./channels.ts";
import type { ChannelCalibration } from "./calibration.ts";
import { computeDsp } from "./dsp.ts";
import { Rng } from "./prng.ts";
import {
  PULSE_POSITION,
  WAVEFORM_DT_NS,
  WAVEFORM_SAMPLES,
  renderWaveform,
  type PulseComponent,
} from "./pulse.ts";
import { chargeSigmaKeV, sampleCalEvent, samplePhyEvent, type Deposit } from "./spectrum.ts";

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
  /** rows × WAVEFORM_SAMPLES ADC counts. */
  waveforms: Uint16Array;
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

interface PlannedHit {
  event: number;
  channel: number;
  deposit: Deposit;
}

/** Draws the events of a cycle and assigns their deposits to distinct channels. */
function planHits(spec: CycleSpec, nChannels: number, rng: Rng): { hits: PlannedHit[]; times: Float64Array } {
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
  const hits: PlannedHit[] = [];
  const maxHits = Math.min(MAX_HITS_PER_EVENT, nChannels);
  for (let e = 0; e < spec.events; e++) {
    const deposits = spec.type === "cal" ? sampleCalEvent(rng, maxHits) : samplePhyEvent(rng, maxHits);
    const used = new Set<number>();
    const eventHits: PlannedHit[] = [];
    for (const deposit of deposits) {
      let channel = eventHits.length === 0 && e < nChannels ? order[e]! : rng.int(nChannels);
      while (used.has(channel)) channel = (channel + 1) % nChannels;
      used.add(channel);
      eventHits.push({ event: e, channel, deposit });
    }
    // Within an event hits are ordered by table key (rawid), as pygama's build_tcm sorts ties.
    eventHits.sort((a, b) => a.channel - b.channel);
    hits.push(...eventHits);
  }
  return { hits, times };
}

function pulseComponents(rng: Rng, deposit: Deposit, riseWidth: number): PulseComponent[] {
  const jitter = 1 + 0.01 * rng.normal();
  if (deposit.highAoE) return [{ fraction: 1, delay: 0, riseWidth: riseWidth * (0.6 + 0.2 * rng.uniform()) }];
  if (!deposit.multiSite) return [{ fraction: 1, delay: 0, riseWidth: riseWidth * jitter }];
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

/** Renders and processes the hits of one channel (its own random stream: independent of the other channels). */
function simulateChannel(
  spec: CycleSpec,
  channel: ChannelInfo,
  calibration: ChannelCalibration,
  planned: Array<{ hit: PlannedHit; packetId: number; multiplicity: number }>,
  times: Float64Array,
): ChannelHits {
  const rng = new Rng(spec.seed, spec.index, 1 + channel.channelIndex);
  const rows = planned.length;
  const out: ChannelHits = {
    rows,
    eventIndex: new Int32Array(rows),
    packetId: new Uint32Array(rows),
    timestamp: new Float64Array(rows),
    numtraces: new Int32Array(rows),
    trueEnergy: new Float64Array(rows),
    daqenergy: new Uint16Array(rows),
    fpgaBaseline: new Uint16Array(rows),
    waveforms: new Uint16Array(rows * WAVEFORM_SAMPLES),
    dsp: emptyDsp(rows),
    hit: emptyHit(rows),
  };
  const scratch = new Float64Array(WAVEFORM_SAMPLES);
  const { dsp, hit } = out;
  for (let row = 0; row < rows; row++) {
    const { hit: planHit, packetId, multiplicity } = planned[row]!;
    const energy = planHit.deposit.energy;
    out.eventIndex[row] = planHit.event;
    out.packetId[row] = packetId;
    out.timestamp[row] = times[planHit.event]!;
    out.numtraces[row] = multiplicity;
    out.trueEnergy[row] = energy;
    const charge = energy + chargeSigmaKeV(energy) * rng.normal();
    const trace = out.waveforms.subarray(row * WAVEFORM_SAMPLES, (row + 1) * WAVEFORM_SAMPLES);
    renderWaveform(
      rng,
      {
        amplitude: charge * channel.gain,
        start: PULSE_POSITION + 4 * rng.normal(),
        components: pulseComponents(rng, planHit.deposit, channel.riseWidth),
        tau: channel.tau,
        baseline: channel.baseline,
        noise: channel.noise,
      },
      scratch,
      trace,
    );
    out.daqenergy[row] = Math.min(
      ADC_MAX,
      Math.max(0, Math.round(charge * channel.daqGain + 2 * rng.normal())),
    );
    out.fpgaBaseline[row] = Math.round(channel.baseline + rng.normal());

    const p = computeDsp(trace, channel.tau);
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

    const cuspKeV = p.cuspEmax / calibration.cuspPerKeV;
    hit.cuspEmax_ctc_cal[row] = cuspKeV;
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
  return out;
}

/** Simulates one cycle across all channels. `calibrations[i]` belongs to `channels[i]`. */
export function simulateCycle(
  spec: CycleSpec,
  channels: readonly ChannelInfo[],
  calibrations: readonly ChannelCalibration[],
): SimulatedCycle {
  const rng = new Rng(spec.seed, spec.index, 0);
  const { hits, times } = planHits(spec, channels.length, rng);

  const perChannel: Array<Array<{ hit: PlannedHit; packetId: number; multiplicity: number }>> = channels.map(
    () => [],
  );
  const rowOfHit = new Float64Array(hits.length);
  const cumulativeLength = new Float64Array(spec.events);
  const tableKey = new Int32Array(hits.length);
  for (let h = 0, e = 0; h < hits.length;) {
    let end = h;
    while (end < hits.length && hits[end]!.event === e) end++;
    for (let k = h; k < end; k++) {
      const planned = hits[k]!;
      const list = perChannel[planned.channel]!;
      rowOfHit[k] = list.length;
      tableKey[k] = channels[planned.channel]!.rawid;
      list.push({ hit: planned, packetId: k, multiplicity: end - h });
    }
    cumulativeLength[e] = end;
    h = end;
    e++;
  }

  const channelHits = channels.map((channel, i) =>
    simulateChannel(spec, channel, calibrations[i]!, perChannel[i]!, times),
  );

  const events = summariseEvents(spec, hits, rowOfHit, cumulativeLength, tableKey, channelHits, times, rng);
  return { spec, channels: channelHits, tcm: { cumulativeLength, tableKey, rowInTable: rowOfHit }, events };
}

function summariseEvents(
  spec: CycleSpec,
  hits: PlannedHit[],
  rowOfHit: Float64Array,
  cumulativeLength: Float64Array,
  tableKey: Int32Array,
  channelHits: ChannelHits[],
  times: Float64Array,
  rng: Rng,
): CycleEvents {
  const n = spec.events;
  const events: CycleEvents = {
    timestamp: times.slice(),
    multiplicity: new Int32Array(n),
    energySum: new Float64Array(n),
    energy: new Float64Array(hits.length),
    rawid: tableKey.slice(),
    hitIdx: rowOfHit.slice(),
    muonVeto: new Uint8Array(n),
    larVeto: new Uint8Array(n),
  };
  let start = 0;
  for (let e = 0; e < n; e++) {
    const end = cumulativeLength[e]!;
    let sum = 0;
    for (let k = start; k < end; k++) {
      const energy = channelHits[hits[k]!.channel]!.hit.cuspEmax_ctc_cal[rowOfHit[k]!]!;
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
