// The LGDO tables of each tier for one simulated cycle, laid out like LEGEND's production files:
// `ch{rawid:07d}/raw|dsp|hit` per channel, `hardware_tcm_1` (current TCM format) and `evt`.
import { encodeArray } from "../../../shared/codecs/index.ts";
import type { Lgdo, LgdoTable, WaveformCodec } from "../../../shared/lgdo/model.ts";
import type { ChannelInfo } from "./channels.ts";
import type { ChannelHits, SimulatedCycle } from "./cycle.ts";
import { boolColumn, matrixColumn, realColumn, table, vovColumn } from "./lgdo.ts";
import { WAVEFORM_DT_NS, WAVEFORM_SAMPLES } from "./pulse.ts";

export type WaveformEncoding = "none" | "radware" | "uleb128";
export type Tier = "raw" | "dsp" | "hit" | "tcm" | "evt";
export const TIERS: readonly Tier[] = ["raw", "dsp", "hit", "tcm", "evt"];

/** Name of a channel's table in a tier, as in the `ch{ch:07d}/<tier>` table format. */
export function channelTableName(rawid: number, tier: "raw" | "dsp" | "hit"): string {
  return `ch${String(rawid).padStart(7, "0")}/${tier}`;
}
export const TCM_TABLE = "hardware_tcm_1";
export const EVT_TABLE = "evt";

/** The FlashCam clock: 250 MHz ticks between pulse-per-second marks. */
const TICKS_PER_SECOND = 250_000_000;
/** FlashCam `event_type` of sparse-mode readout (the ADC boards trigger on their own). */
const SPARSE_EVENT_TYPE = 11;

const CODECS: Record<Exclude<WaveformEncoding, "none">, WaveformCodec> = {
  radware: { name: "radware_sigcompress", shift: -32768 },
  uleb128: { name: "uleb128_zigzag_diff" },
};

function filled<T extends Float32Array | Uint8Array | Uint16Array | Int32Array | Uint32Array>(
  array: T,
  value: number,
): T {
  array.fill(value);
  return array;
}

function waveformTable(hits: ChannelHits, encoding: WaveformEncoding): LgdoTable {
  const ns = { units: "ns" };
  if (hits.waveforms === null) throw new Error("the raw tier needs a cycle simulated with its waveforms");
  const matrix = matrixColumn(hits.waveforms, "uint16", hits.rows, WAVEFORM_SAMPLES);
  const values: Lgdo = encoding === "none" ? matrix : encodeArray(matrix, CODECS[encoding]);
  return table(hits.rows, [
    ["t0", realColumn(new Float32Array(hits.rows), "float32", ns)],
    ["dt", realColumn(filled(new Float32Array(hits.rows), WAVEFORM_DT_NS), "float32", ns)],
    ["values", values],
  ]);
}

export function rawTable(cycle: SimulatedCycle, channel: ChannelInfo, encoding: WaveformEncoding): LgdoTable {
  const hits = cycle.channels[channel.channelIndex]!;
  const n = hits.rows;
  const seconds = { units: "s" };
  const runtime = new Float64Array(n);
  const tsPps = new Int32Array(n);
  const tsTicks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    runtime[i] = hits.timestamp[i]! - cycle.spec.start;
    tsPps[i] = Math.floor(runtime[i]!);
    tsTicks[i] = Math.floor((runtime[i]! - tsPps[i]!) * TICKS_PER_SECOND);
  }
  return table(n, [
    ["packet_id", realColumn(hits.packetId, "uint32")],
    ["eventnumber", realColumn(hits.eventIndex, "int32")],
    ["timestamp", realColumn(hits.timestamp, "float64", seconds)],
    ["runtime", realColumn(runtime, "float64", seconds)],
    ["numtraces", realColumn(hits.numtraces, "int32")],
    ["baseline", realColumn(hits.fpgaBaseline, "uint16")],
    ["daqenergy", realColumn(hits.daqenergy, "uint16")],
    ["channel", realColumn(filled(new Uint32Array(n), channel.channelIndex), "uint32")],
    ["ts_pps", realColumn(tsPps, "int32")],
    ["ts_ticks", realColumn(tsTicks, "int32")],
    ["ts_maxticks", realColumn(filled(new Int32Array(n), TICKS_PER_SECOND), "int32")],
    ["to_master_sec", realColumn(filled(new Int32Array(n), Math.floor(cycle.spec.start)), "int32")],
    ["deadtime", realColumn(new Float64Array(n), "float64", seconds)],
    ["waveform", waveformTable(hits, encoding)],
    ["event_type", realColumn(filled(new Uint8Array(n), SPARSE_EVENT_TYPE), "uint8")],
    ["fcid", realColumn(filled(new Uint8Array(n), channel.fcid), "uint8")],
    ["crate", realColumn(filled(new Uint8Array(n), channel.crate), "uint8")],
    ["slot", realColumn(filled(new Uint8Array(n), channel.slot), "uint8")],
    ["board_id", realColumn(filled(new Uint16Array(n), channel.boardId), "uint16")],
    ["fc_input", realColumn(filled(new Uint8Array(n), channel.fcInput), "uint8")],
  ]);
}

export function dspTable(cycle: SimulatedCycle, channel: ChannelInfo): LgdoTable {
  const hits = cycle.channels[channel.channelIndex]!;
  const d = hits.dsp;
  const adc = { units: "ADC" };
  const ns = { units: "ns" };
  return table(hits.rows, [
    ["baseline", realColumn(hits.fpgaBaseline, "uint16")],
    ["timestamp", realColumn(hits.timestamp, "float64", { units: "s" })],
    ["bl_mean", realColumn(d.bl_mean, "float32", adc)],
    ["bl_std", realColumn(d.bl_std, "float32", adc)],
    ["bl_slope", realColumn(d.bl_slope, "float32", adc)],
    ["wf_max", realColumn(d.wf_max, "float32", adc)],
    ["wf_min", realColumn(d.wf_min, "float32", adc)],
    ["tp_max", realColumn(d.tp_max, "float32", ns)],
    ["tp_0_est", realColumn(d.tp_0_est, "float32", ns)],
    ["tp_10", realColumn(d.tp_10, "float32", ns)],
    ["tp_50", realColumn(d.tp_50, "float32", ns)],
    ["tp_90", realColumn(d.tp_90, "float32", ns)],
    ["trapEmax", realColumn(d.trapEmax, "float32", adc)],
    ["trapTmax", realColumn(d.trapTmax, "float32", adc)],
    ["cuspEmax", realColumn(d.cuspEmax, "float32", adc)],
    ["zacEmax", realColumn(d.zacEmax, "float32", adc)],
    ["A_max", realColumn(d.A_max, "float32", { units: "ADC/sample" })],
    ["tp_aoe_max", realColumn(d.tp_aoe_max, "float32", ns)],
  ]);
}

export function hitTable(cycle: SimulatedCycle, channel: ChannelInfo): LgdoTable {
  const hits = cycle.channels[channel.channelIndex]!;
  const h = hits.hit;
  const keV = { units: "keV" };
  return table(hits.rows, [
    ["is_valid_cal", boolColumn(h.is_valid_cal)],
    ["cuspEmax_ctc_cal", realColumn(h.cuspEmax_ctc_cal, "float64", keV)],
    ["zacEmax_ctc_cal", realColumn(h.zacEmax_ctc_cal, "float64", keV)],
    ["trapEmax_ctc_cal", realColumn(h.trapEmax_ctc_cal, "float64", keV)],
    ["trapTmax_cal", realColumn(h.trapTmax_cal, "float64", keV)],
    ["AoE_Corrected", realColumn(h.AoE_Corrected, "float64")],
    ["AoE_Classifier", realColumn(h.AoE_Classifier, "float64")],
    ["AoE_Low_Cut", boolColumn(h.AoE_Low_Cut)],
    ["AoE_Double_Sided_Cut", boolColumn(h.AoE_Double_Sided_Cut)],
    ["is_saturated", boolColumn(h.is_saturated)],
    ["is_valid_t0", boolColumn(h.is_valid_t0)],
    ["is_valid_baseline", boolColumn(h.is_valid_baseline)],
    ["is_discharge", boolColumn(h.is_discharge)],
    ["timestamp", realColumn(hits.timestamp, "float64", { units: "s" })],
  ]);
}

/** The TCM in the current format: two VoVs sharing the event segmentation, plus `hash_func` and `tables`. */
export function tcmTable(cycle: SimulatedCycle, channels: readonly ChannelInfo[]): LgdoTable {
  const { cumulativeLength, tableKey, rowInTable } = cycle.tcm;
  const tables = withHits(cycle, channels)
    .map((c) => `'${channelTableName(c.rawid, "raw")}'`)
    .join(", ");
  return table(
    cumulativeLength.length,
    [
      ["table_key", vovColumn(cumulativeLength, realColumn(tableKey, "int32"))],
      ["row_in_table", vovColumn(cumulativeLength.slice(), realColumn(rowInTable, "int64"))],
    ],
    { hash_func: "\\d+", tables: `[${tables}]` },
  );
}

/** Event-level table, row-aligned with the TCM: multiplicity, per-hit energies and channels, vetoes. */
export function evtTable(cycle: SimulatedCycle): LgdoTable {
  const e = cycle.events;
  const cl = cycle.tcm.cumulativeLength;
  const keV = { units: "keV" };
  return table(e.timestamp.length, [
    ["timestamp", realColumn(e.timestamp, "float64", { units: "s" })],
    ["multiplicity", realColumn(e.multiplicity, "int32")],
    ["energy_sum", realColumn(e.energySum, "float64", keV)],
    ["energy", vovColumn(cl.slice(), realColumn(e.energy, "float64", keV))],
    ["rawid", vovColumn(cl.slice(), realColumn(e.rawid, "int32"))],
    ["hit_idx", vovColumn(cl.slice(), realColumn(e.hitIdx, "int64"))],
    ["muon_veto", boolColumn(e.muonVeto)],
    ["lar_veto", boolColumn(e.larVeto)],
  ]);
}

/** Channels that recorded at least one hit in the cycle: only they get tables, as in real sparse-mode files. */
function withHits(cycle: SimulatedCycle, channels: readonly ChannelInfo[]): ChannelInfo[] {
  return channels.filter((c) => (cycle.channels[c.channelIndex]?.rows ?? 0) > 0);
}

/** Every object of one tier file: object path → LGDO. */
export function tierObjects(
  cycle: SimulatedCycle,
  allChannels: readonly ChannelInfo[],
  tier: Tier,
  encoding: WaveformEncoding,
): Record<string, LgdoTable> {
  const channels = withHits(cycle, allChannels);
  switch (tier) {
    case "raw":
      return Object.fromEntries(
        channels.map((c) => [channelTableName(c.rawid, "raw"), rawTable(cycle, c, encoding)]),
      );
    case "dsp":
      return Object.fromEntries(channels.map((c) => [channelTableName(c.rawid, "dsp"), dspTable(cycle, c)]));
    case "hit":
      return Object.fromEntries(channels.map((c) => [channelTableName(c.rawid, "hit"), hitTable(cycle, c)]));
    case "tcm":
      return { [TCM_TABLE]: tcmTable(cycle, channels) };
    case "evt":
      return { [EVT_TABLE]: evtTable(cycle) };
  }
}
