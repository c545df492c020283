// Energies of simulated events: a Th-228 calibration source (cal cycles) and a physics-run background
// (phy cycles), with Compton continua, single/double escape peaks and detector-to-detector scattering,
// so histograms of the generated data look like LEGEND's.
import type { Rng } from "./prng.ts";

/** One energy deposit in one detector. `multiSite` pulses have two charge clusters (lower A/E). */
export interface Deposit {
  energy: number;
  multiSite: boolean;
  /** Surface event near the p+ contact: faster pulse, A/E above 1. */
  highAoE: boolean;
}

const ELECTRON_MASS_KEV = 510.999;
/** Lowest deposit kept: the DAQ threshold. */
export const THRESHOLD_KEV = 15;

/** Th-228 chain gamma lines (keV) and emission weights (per 100 decays, rounded). */
export const TH228_LINES: ReadonlyArray<{ energy: number; weight: number }> = [
  { energy: 238.6, weight: 43.6 },
  { energy: 510.8, weight: 8.1 },
  { energy: 583.2, weight: 30.5 },
  { energy: 727.3, weight: 6.7 },
  { energy: 763.1, weight: 0.6 },
  { energy: 785.4, weight: 1.1 },
  { energy: 860.6, weight: 4.5 },
  { energy: 1078.6, weight: 0.6 },
  { energy: 1512.7, weight: 0.3 },
  { energy: 1620.5, weight: 1.5 },
  { energy: 2614.5, weight: 35.9 },
];
const TH228_WEIGHTS = TH228_LINES.map((line) => line.weight);

/** The peaks a calibration histogram shows clearly (keV): the ones named in the Th-228 literature we check against. */
export const TH228_PEAKS_KEV = [583.2, 727.3, 860.6, 1620.5, 2614.5] as const;
/** Double and single escape peaks of the 2614.5 keV line. */
export const DEP_KEV = 2614.5 - 2 * ELECTRON_MASS_KEV;
export const SEP_KEV = 2614.5 - ELECTRON_MASS_KEV;

/** Energy resolution (standard deviation, keV) of the charge: Fano and collection terms; electronic noise comes from the waveform. */
export function chargeSigmaKeV(energy: number): number {
  return Math.sqrt(0.3 + 0.0004 * Math.max(energy, 0));
}

/** Compton edge of a gamma line. */
function comptonEdge(energy: number): number {
  const k = (2 * energy) / ELECTRON_MASS_KEV;
  return (energy * k) / (1 + k);
}

/** Chance that a gamma which interacts is absorbed fully in one detector. */
function photopeakFraction(energy: number): number {
  return Math.min(0.6, 0.5 * Math.sqrt(583.2 / energy));
}

/** Chance that a full-energy deposit is multi-site: high-energy gammas scatter before absorption. */
function fullEnergyMultiSiteChance(energy: number): number {
  return Math.min(0.85, 0.15 + (0.25 * energy) / 1000);
}

/**
 * The deposits of one gamma of `energy` entering a detector array: a photopeak, an escape peak,
 * or a Compton scatter whose scattered photon may reach a second detector. At most `maxHits` deposits.
 */
function gammaDeposits(rng: Rng, energy: number, maxHits: number, out: Deposit[]): void {
  let remaining = energy;
  while (out.length < maxHits && remaining > THRESHOLD_KEV) {
    const highAoE = rng.chance(0.03);
    if (remaining > 2 * ELECTRON_MASS_KEV + 100 && rng.chance(0.12)) {
      // Pair production with one (SEP, multi-site) or both (DEP, single-site) annihilation photons escaping.
      const both = rng.chance(0.45);
      out.push({
        energy: remaining - (both ? 2 : 1) * ELECTRON_MASS_KEV,
        multiSite: !both,
        highAoE: false,
      });
      return;
    }
    if (rng.chance(photopeakFraction(remaining))) {
      out.push({ energy: remaining, multiSite: rng.chance(fullEnergyMultiSiteChance(remaining)), highAoE });
      return;
    }
    // Compton scatter: deposit below the edge (a flat continuum), then maybe the scattered photon moves on.
    const deposit = comptonEdge(remaining) * Math.sqrt(rng.uniform());
    if (deposit > THRESHOLD_KEV) out.push({ energy: deposit, multiSite: rng.chance(0.25), highAoE });
    remaining -= deposit;
    if (!rng.chance(0.25)) return; // scattered photon left the array
  }
}

/** Deposits of one calibration event (one Th-228 gamma, plus an occasional low-energy background hit). */
export function sampleCalEvent(rng: Rng, maxHits: number): Deposit[] {
  const out: Deposit[] = [];
  while (out.length === 0) {
    if (rng.chance(0.08)) {
      out.push({ energy: THRESHOLD_KEV + rng.exponential(60), multiSite: false, highAoE: false });
    } else {
      const line = TH228_LINES[rng.weighted(TH228_WEIGHTS)]!;
      gammaDeposits(rng, line.energy, maxHits, out);
    }
  }
  return out;
}

/** x in [0, 1) drawn from the shape x^a (1-x)^b by rejection (a, b ≥ 0). */
function betaShape(rng: Rng, a: number, b: number): number {
  const mode = a + b > 0 ? a / (a + b) : 0.5;
  const peak = Math.pow(mode, a) * Math.pow(1 - mode, b);
  for (;;) {
    const x = rng.uniform();
    if (rng.uniform() * peak <= Math.pow(x, a) * Math.pow(1 - x, b)) return x;
  }
}

/** Deposits of one physics-run event: Ar-39 betas, K-40/K-42 gammas, 2νββ, alphas and low-energy noise. */
export function samplePhyEvent(rng: Rng, maxHits: number): Deposit[] {
  const out: Deposit[] = [];
  while (out.length === 0) {
    const kind = rng.weighted([55, 8, 10, 12, 2, 13]);
    switch (kind) {
      case 0: // Ar-39 beta, Q = 565 keV
        out.push({ energy: 565 * betaShape(rng, 1, 2), multiSite: false, highAoE: rng.chance(0.03) });
        break;
      case 1: // K-40
        gammaDeposits(rng, 1460.8, maxHits, out);
        break;
      case 2: // K-42
        gammaDeposits(rng, 1524.6, maxHits, out);
        break;
      case 3: // 2νββ of Ge-76, summed electron energy, Q = 2039 keV
        out.push({ energy: 2039 * betaShape(rng, 2, 5), multiSite: false, highAoE: false });
        break;
      case 4: // degraded alphas on the p+ contact
        out.push({ energy: 2500 + 3000 * rng.uniform(), multiSite: false, highAoE: true });
        break;
      default: // low-energy noise and x-rays
        out.push({ energy: THRESHOLD_KEV + rng.exponential(40), multiSite: false, highAoE: false });
    }
    for (let i = out.length - 1; i >= 0; i--) if (out[i]!.energy <= THRESHOLD_KEV) out.splice(i, 1);
  }
  return out;
}
