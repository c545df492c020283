// The peak models a histogram can be fitted with. Each gives, for parameter values and the fit range,
// the expected counts below x (a bin's expected counts are the difference at its edges), the density
// (counts per x unit, for drawing), the peak's FWHM and starting values from the bins. Parameter names
// and conventions follow pygama: areas in counts, μ and σ in x units.
import type { Bounds } from "./bounds.ts";
import { exGaussPdf, fullWidthHalfMaximum, gaussCdf, gaussPdf, linear, step } from "./shapes.ts";

export type FitModelName = "gauss" | "gauss_linear" | "hpge" | "hpge_linear";

export interface FitRange {
  lo: number;
  hi: number;
}

export interface ParameterInfo {
  name: string;
  description: string;
}

/** Bins inside the fit range: `edges` has one more entry than `counts`. */
export interface Bins {
  edges: ArrayLike<number>;
  counts: ArrayLike<number>;
}

export interface FitModel {
  name: FitModelName;
  label: string;
  parameters: readonly ParameterInfo[];
  bounds: (range: FitRange) => Bounds[];
  /** Expected counts below x, up to a constant, for these parameters (set up once, called per edge). */
  cumulative: (p: readonly number[], range: FitRange) => (x: number) => number;
  /** Expected counts per x unit at x. */
  density: (p: readonly number[], range: FitRange) => (x: number) => number;
  /** The FWHM of the peak without background. */
  fwhm: (p: readonly number[]) => number;
  /** The parameters the FWHM depends on (its error comes from their covariance). */
  fwhmParameters: readonly number[];
  /** Starting values and their typical changes, from the bins. */
  guess: (bins: Bins, range: FitRange) => { start: number[]; steps: number[] };
}

export const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);

const POSITIVE: Bounds = { lower: 0, upper: Infinity };
const SYMMETRIC_UNIT: Bounds = { lower: -1, upper: 1 };

const clamp = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);

interface PeakEstimate {
  total: number;
  /** Background counts in the range (from a line through the outer tenths of the bins). */
  background: number;
  /** (high − low)/(high + low) of that background's density: the starting slope or hstep. */
  asymmetry: number;
  mu: number;
  sigma: number;
  signal: number;
}

/** A first look at the bins: background from the outer tenths, the peak's position, height and half width. */
function estimatePeak(bins: Bins, range: FitRange, withBackground: boolean): PeakEstimate {
  const n = bins.counts.length;
  const width = (k: number) => bins.edges[k + 1]! - bins.edges[k]!;
  const centre = (k: number) => (bins.edges[k]! + bins.edges[k + 1]!) / 2;
  const outer = Math.max(1, Math.floor(n / 10));
  const meanDensity = (from: number, to: number) => {
    let counts = 0;
    let span = 0;
    for (let k = from; k < to; k++) {
      counts += bins.counts[k]!;
      span += width(k);
    }
    return counts / span;
  };
  const low = withBackground ? meanDensity(0, outer) : 0;
  const high = withBackground ? meanDensity(n - outer, n) : 0;
  const rangeWidth = range.hi - range.lo;
  const backgroundDensity = (x: number) => low + ((high - low) * (x - range.lo)) / rangeWidth;
  let total = 0;
  let peak = 0;
  const signal = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    total += bins.counts[k]!;
    signal[k] = bins.counts[k]! - backgroundDensity(centre(k)) * width(k);
    if (signal[k]! > signal[peak]!) peak = k;
  }
  const half = signal[peak]! / 2;
  let left = peak;
  while (left > 0 && signal[left - 1]! > half) left--;
  let right = peak;
  while (right < n - 1 && signal[right + 1]! > half) right++;
  const halfWidth = bins.edges[right + 1]! - bins.edges[left]!;
  const sigma = Math.max(halfWidth / FWHM_PER_SIGMA, width(peak) / 2);
  const background = withBackground ? Math.max(((low + high) / 2) * rangeWidth, 1) : 0;
  return {
    total,
    background,
    asymmetry: low + high > 0 ? clamp((high - low) / (high + low), -0.9, 0.9) : 0,
    mu: centre(peak),
    sigma,
    signal: Math.max(total - background, 1),
  };
}

const gauss: FitModel = {
  name: "gauss",
  label: "Gaussian",
  parameters: [
    { name: "n_sig", description: "peak area (counts)" },
    { name: "mu", description: "centroid" },
    { name: "sigma", description: "standard deviation" },
  ],
  bounds: (range) => [POSITIVE, { lower: range.lo, upper: range.hi }, POSITIVE],
  cumulative:
    ([n, mu, sigma]) =>
    (x) =>
      n! * gaussCdf(x, mu!, sigma!),
  density:
    ([n, mu, sigma]) =>
    (x) =>
      n! * gaussPdf(x, mu!, sigma!),
  fwhm: ([, , sigma]) => FWHM_PER_SIGMA * sigma!,
  fwhmParameters: [2],
  guess(bins, range) {
    const e = estimatePeak(bins, range, false);
    return { start: [e.total, e.mu, e.sigma], steps: [Math.sqrt(e.total) + 1, e.sigma / 5, e.sigma / 5] };
  },
};

const gaussLinear: FitModel = {
  name: "gauss_linear",
  label: "Gaussian + linear background",
  parameters: [
    ...gauss.parameters,
    { name: "n_bkg", description: "background counts in the range" },
    { name: "slope", description: "background's relative change, centre to upper edge" },
  ],
  bounds: (range) => [...gauss.bounds(range), POSITIVE, SYMMETRIC_UNIT],
  cumulative([n, mu, sigma, nBkg, slope], range) {
    const background = linear(range.lo, range.hi, slope!);
    return (x) => n! * gaussCdf(x, mu!, sigma!) + nBkg! * background.cdf(x);
  },
  density([n, mu, sigma, nBkg, slope], range) {
    const background = linear(range.lo, range.hi, slope!);
    return (x) => n! * gaussPdf(x, mu!, sigma!) + nBkg! * background.pdf(x);
  },
  fwhm: gauss.fwhm,
  fwhmParameters: gauss.fwhmParameters,
  guess(bins, range) {
    const e = estimatePeak(bins, range, true);
    return {
      start: [e.signal, e.mu, e.sigma, e.background, e.asymmetry],
      steps: [Math.sqrt(e.signal) + 1, e.sigma / 5, e.sigma / 5, Math.sqrt(e.background) + 1, 0.1],
    };
  },
};

/** The Gaussian-plus-tail peak without background, for its FWHM. */
function hpgePeakShape(sigma: number, htail: number, tau: number): (x: number) => number {
  return (x) => (1 - htail) * gaussPdf(x, 0, sigma) + htail * exGaussPdf(x, 0, sigma, tau);
}

/** pygama's hpge_peak: n_sig·((1 − htail)·gauss + htail·exgauss) + n_bkg·step, the step normalised on the range. */
const hpge: FitModel = {
  name: "hpge",
  label: "HPGe peak (pygama hpge_peak)",
  parameters: [
    ...gauss.parameters,
    { name: "htail", description: "fraction of the peak in the low-energy tail" },
    { name: "tau", description: "tail's exponential scale" },
    { name: "n_bkg", description: "background counts in the range" },
    { name: "hstep", description: "step: background density ∝ 1 − hstep below the peak, 1 + hstep above" },
  ],
  bounds: (range) => [...gauss.bounds(range), { lower: 0, upper: 1 }, POSITIVE, POSITIVE, SYMMETRIC_UNIT],
  cumulative([n, mu, sigma, htail, tau, nBkg, hstep], range) {
    const background = step(range.lo, range.hi, mu!, sigma!, hstep!);
    // (1 − htail)·Φ + htail·(Φ + τ·exgauss pdf), with Φ computed once
    return (x) =>
      n! * (gaussCdf(x, mu!, sigma!) + htail! * tau! * exGaussPdf(x, mu!, sigma!, tau!)) +
      nBkg! * background.cdf(x);
  },
  density([n, mu, sigma, htail, tau, nBkg, hstep], range) {
    const background = step(range.lo, range.hi, mu!, sigma!, hstep!);
    const peak = hpgePeakShape(sigma!, htail!, tau!);
    return (x) => n! * peak(x - mu!) + nBkg! * background.pdf(x);
  },
  fwhm: ([, , sigma, htail, tau]) => fullWidthHalfMaximum(hpgePeakShape(sigma!, htail!, tau!), 0, sigma!),
  fwhmParameters: [2, 3, 4],
  guess(bins, range) {
    const e = estimatePeak(bins, range, true);
    return {
      start: [e.signal, e.mu, e.sigma, 0.1, 2 * e.sigma, e.background, e.asymmetry],
      steps: [
        Math.sqrt(e.signal) + 1,
        e.sigma / 5,
        e.sigma / 5,
        0.05,
        e.sigma / 2,
        Math.sqrt(e.background) + 1,
        0.05,
      ],
    };
  },
};

/**
 * hpge_peak on a sloped background: n_bkg·(step + slope·2(x − centre)/W²). The slope term integrates to 0 over the
 * range, so n_bkg stays the background's area and `slope` its relative change from the centre to the upper edge.
 */
const hpgeLinear: FitModel = {
  name: "hpge_linear",
  label: "HPGe peak + linear background",
  parameters: [
    ...hpge.parameters,
    { name: "slope", description: "background's relative change, centre to upper edge" },
  ],
  bounds: (range) => [...hpge.bounds(range), SYMMETRIC_UNIT],
  cumulative(p, range) {
    const peak = hpge.cumulative(p, range);
    const tilt = linear(range.lo, range.hi, p[7]!);
    const flat = linear(range.lo, range.hi, 0);
    // linear(slope) − linear(0) is exactly the slope term of the density above, integrated
    return (x) => peak(x) + p[5]! * (tilt.cdf(x) - flat.cdf(x));
  },
  density(p, range) {
    const peak = hpge.density(p, range);
    const tilt = linear(range.lo, range.hi, p[7]!);
    const flat = linear(range.lo, range.hi, 0);
    return (x) => peak(x) + p[5]! * (tilt.pdf(x) - flat.pdf(x));
  },
  fwhm: hpge.fwhm,
  fwhmParameters: hpge.fwhmParameters,
  guess(bins, range) {
    const { start, steps } = hpge.guess(bins, range);
    return { start: [...start, 0], steps: [...steps, 0.1] };
  },
};

export const FIT_MODELS: Readonly<Record<FitModelName, FitModel>> = {
  gauss,
  gauss_linear: gaussLinear,
  hpge,
  hpge_linear: hpgeLinear,
};

export function isFitModelName(name: string): name is FitModelName {
  return Object.hasOwn(FIT_MODELS, name);
}
