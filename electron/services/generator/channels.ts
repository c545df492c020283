// The detectors of a generated dataset: names, DAQ ids and positions in the LEGEND metadata style,
// and each one's response (gain, baseline, noise, pulse shape), fixed by the seed.
import { Rng } from "./prng.ts";

/** Germanium detector types and their name prefixes (ICPC, BEGe, PPC, coax). */
const DETECTOR_PREFIXES = ["V", "B", "P", "C"] as const;
/** Detectors per string, as in LEGEND-200. */
const POSITIONS_PER_STRING = 8;
/** Channels per FlashCam ADC card (rawid steps by 1 inside a card and by 1600 between cards, as in real maps). */
const CHANNELS_PER_CARD = 6;
const FIRST_RAWID = 1104000;
const RAWID_CARD_STEP = 1600;
/** Highest number of channels whose rawids keep 7 digits (the `ch{ch:07d}` table names). */
export const MAX_CHANNELS = Math.floor((9_999_999 - FIRST_RAWID) / RAWID_CARD_STEP) * CHANNELS_PER_CARD;

export interface ChannelInfo {
  /** Detector name, e.g. V01234A. */
  name: string;
  system: "geds";
  rawid: number;
  string: number;
  position: number;
  /** FlashCam stream id, crate, slot, per-card input, card MAC id and per-stream channel index. */
  fcid: number;
  crate: number;
  slot: number;
  fcInput: number;
  boardId: number;
  channelIndex: number;
  /** ADC counts per keV of the pulse amplitude. */
  gain: number;
  /** Baseline level (ADC) and white noise (ADC, one sigma per sample). */
  baseline: number;
  noise: number;
  /** Logistic rise width (samples) of a single-site pulse and the preamplifier decay constant (samples). */
  riseWidth: number;
  tau: number;
  /** Per-channel offset of the FPGA energy `daqenergy` (counts per keV). */
  daqGain: number;
}

/** A channel that is in the channel map but records no data in the generated files. */
export interface AuxChannelInfo {
  name: string;
  system: "puls" | "spms" | "bsln" | "auxs";
  rawid: number;
}

/** Detector names are unique: the serial number grows with the index, the letter cycles. */
function detectorName(index: number): string {
  const prefix = DETECTOR_PREFIXES[index % 7 === 3 ? 1 : index % 11 === 5 ? 2 : 0];
  const serial = String(1000 + index * 37).padStart(5, "0");
  const letter = "ABCD"[index % 4]!;
  return `${prefix}${serial}${letter}`;
}

/** The germanium channels of a dataset, in rawid order. */
export function makeChannels(count: number, seed: number): ChannelInfo[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_CHANNELS) {
    throw new RangeError(`channels must be an integer from 1 to ${MAX_CHANNELS}, got ${count}`);
  }
  const channels: ChannelInfo[] = [];
  for (let i = 0; i < count; i++) {
    const rng = new Rng(seed, 0x63680000, i); // a stream of its own, independent of cycles
    const card = Math.floor(i / CHANNELS_PER_CARD);
    channels.push({
      name: detectorName(i),
      system: "geds",
      rawid: FIRST_RAWID + card * RAWID_CARD_STEP + (i % CHANNELS_PER_CARD),
      string: Math.floor(i / POSITIONS_PER_STRING) + 1,
      position: (i % POSITIONS_PER_STRING) + 1,
      fcid: 1,
      crate: 1 + Math.floor(card / 16),
      slot: card % 16,
      fcInput: i % CHANNELS_PER_CARD,
      boardId: 800 + card,
      channelIndex: i,
      gain: 4.2 + 1.2 * rng.uniform(),
      baseline: Math.round(14000 + 2000 * rng.uniform()),
      noise: 4 + 3 * rng.uniform(),
      riseWidth: 5 + 2 * rng.uniform(),
      tau: 25000 + 5000 * rng.uniform(),
      daqGain: 2.9 + 0.3 * rng.uniform(),
    });
  }
  return channels;
}

/** Channels of the map that carry no data here: a pulser, a baseline and a muon channel, and a few SiPMs. */
export function auxChannels(): AuxChannelInfo[] {
  const aux: AuxChannelInfo[] = [
    { name: "BSLN01", system: "bsln", rawid: 1027200 },
    { name: "PULS01", system: "puls", rawid: 1027201 },
    { name: "MUON01", system: "auxs", rawid: 1027202 },
  ];
  for (let i = 0; i < 4; i++)
    aux.push({ name: `S${String(i + 1).padStart(3, "0")}`, system: "spms", rawid: 1052800 + i });
  return aux;
}
