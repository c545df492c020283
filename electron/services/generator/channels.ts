// The detectors of a generated dataset: names, DAQ ids and positions in the LEGEND metadata style,
// and each one's response (gain, baseline, noise, pulse shape), fixed by the seed.
import { Rng } from "./prng.ts";

/**
 * The germanium strings of LEGEND-200 in period 3 (legend-metadata's l200-p03 channel map): string number,
 * detectors in it and their type prefix (V = ICPC, B = BEGe, P = PPC), 101 detectors in all; string 2 opens with
 * the four coaxial detectors (C). More channels fill further strings of MORE_STRINGS_CAPACITY.
 */
const L200_STRINGS: ReadonlyArray<{ string: number; detectors: number; prefix: "V" | "B" | "P" }> = [
  { string: 1, detectors: 9, prefix: "V" },
  { string: 2, detectors: 9, prefix: "V" },
  { string: 3, detectors: 9, prefix: "P" },
  { string: 4, detectors: 12, prefix: "B" },
  { string: 5, detectors: 5, prefix: "V" },
  { string: 7, detectors: 7, prefix: "V" },
  { string: 8, detectors: 10, prefix: "B" },
  { string: 9, detectors: 14, prefix: "P" },
  { string: 10, detectors: 13, prefix: "B" },
  { string: 11, detectors: 13, prefix: "P" },
];
const COAX_IN_STRING_2 = 4;
const MORE_STRINGS_CAPACITY = 12;
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
  /** Where a SiPM channel reads the liquid-argon veto's fibres: inner or outer barrel, fibre module, top or bottom. */
  location?: { barrel: "IB" | "OB"; fiber: string; position: "top" | "bottom" };
}

/** String, position in it and name prefix of the detector at `index` (strings filled in order, top to bottom). */
export function detectorPlace(index: number): { string: number; position: number; prefix: string } {
  let first = 0;
  for (const s of L200_STRINGS) {
    if (index < first + s.detectors) {
      const position = index - first + 1;
      const coax = s.string === 2 && position <= COAX_IN_STRING_2;
      return { string: s.string, position, prefix: coax ? "C" : s.prefix };
    }
    first += s.detectors;
  }
  const beyond = index - first;
  const lastString = L200_STRINGS[L200_STRINGS.length - 1]!.string;
  return {
    string: lastString + 1 + Math.floor(beyond / MORE_STRINGS_CAPACITY),
    position: (beyond % MORE_STRINGS_CAPACITY) + 1,
    prefix: "V",
  };
}

/** Detector names are unique: the serial number grows with the index, the letter cycles. */
function detectorName(index: number, prefix: string): string {
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
    const place = detectorPlace(i);
    channels.push({
      name: detectorName(i, place.prefix),
      system: "geds",
      rawid: FIRST_RAWID + card * RAWID_CARD_STEP + (i % CHANNELS_PER_CARD),
      string: place.string,
      position: place.position,
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

/** SiPM fibre modules of the argon veto: 9 in the inner barrel and 20 in the outer, each read at top and bottom (58 channels). */
const SIPM_MODULES = { IB: 9, OB: 20 } as const;
const FIRST_SIPM_RAWID = 1052800;

/** Channels of the map that carry no data here: baseline, pulser and muon channels, and the argon veto's SiPMs. */
export function auxChannels(): AuxChannelInfo[] {
  const aux: AuxChannelInfo[] = [
    { name: "BSLN01", system: "bsln", rawid: 1027200 },
    { name: "PULS01", system: "puls", rawid: 1027201 },
    { name: "MUON01", system: "auxs", rawid: 1027202 },
    { name: "PULS01ANA", system: "puls", rawid: 1027203 },
  ];
  let index = 0;
  for (const barrel of ["IB", "OB"] as const) {
    for (let module = 0; module < SIPM_MODULES[barrel]; module++) {
      // fibre module names pair two consecutive fibre numbers, as IB015016 in the real maps
      const fiber = `${barrel}${String(2 * module + 1).padStart(3, "0")}${String(2 * module + 2).padStart(3, "0")}`;
      for (const position of ["top", "bottom"] as const) {
        const card = Math.floor(index / CHANNELS_PER_CARD);
        aux.push({
          name: `S${String(index + 1).padStart(3, "0")}`,
          system: "spms",
          rawid: FIRST_SIPM_RAWID + card * RAWID_CARD_STEP + (index % CHANNELS_PER_CARD),
          location: { barrel, fiber, position },
        });
        index++;
      }
    }
  }
  return aux;
}
