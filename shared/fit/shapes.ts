// The components of the peak models, as pygama.math.functions defines them: the Gaussian, the
// exponentially modified Gaussian with a low-energy tail (pygama's exgauss with τ > 0) and pygama's step
// (1 + hstep·erf((x − μ)/(σ√2)), normalised on the fit range). Cumulatives are analytic, so that a bin's
// expected counts are the difference of two of them, not a value at the bin centre.
import { erf, erfc, erfcx, normalCdf, normalPdf } from "./special.ts";

export function gaussPdf(x: number, mu: number, sigma: number): number {
  return normalPdf((x - mu) / sigma) / sigma;
}

export function gaussCdf(x: number, mu: number, sigma: number): number {
  return normalCdf((x - mu) / sigma);
}

/**
 * The Gaussian convolved with a low-side exponential of scale τ (> 0); its CDF is Φ(z) + τ·pdf(x):
 * e^{(x−μ)/τ + σ²/2τ²}·erfc((z + σ/τ)/√2)/(2τ), z = (x − μ)/σ; written with erfcx where erfc's argument is positive,
 * where the plain form would overflow (e^…) and underflow (erfc) far above the peak.
 */
export function exGaussPdf(x: number, mu: number, sigma: number, tau: number): number {
  const z = (x - mu) / sigma;
  const u = (z + sigma / tau) / Math.SQRT2;
  if (u > 0) return (Math.exp(-0.5 * z * z) * erfcx(u)) / (2 * tau);
  return (Math.exp((x - mu) / tau + (sigma * sigma) / (2 * tau * tau)) * erfc(u)) / (2 * tau);
}

/** ∫ (1 + hstep·erf(z/√2)) dx up to a constant: σ·(z + hstep·(z·erf(z/√2) + √(2/π)·e^{−z²/2})). */
function stepIntegral(x: number, mu: number, sigma: number, hstep: number): number {
  const z = (x - mu) / sigma;
  return sigma * (z + hstep * (z * erf(z / Math.SQRT2) + Math.sqrt(2 / Math.PI) * Math.exp(-0.5 * z * z)));
}

/** pygama's step, normalised to 1 on [lo, hi]: its CDF and density as functions of x. */
export function step(
  lo: number,
  hi: number,
  mu: number,
  sigma: number,
  hstep: number,
): { cdf: (x: number) => number; pdf: (x: number) => number } {
  const atLo = stepIntegral(lo, mu, sigma, hstep);
  const norm = stepIntegral(hi, mu, sigma, hstep) - atLo;
  return {
    cdf: (x) => (stepIntegral(x, mu, sigma, hstep) - atLo) / norm,
    pdf: (x) => (1 + hstep * erf((x - mu) / (sigma * Math.SQRT2))) / norm,
  };
}

/**
 * A linear density normalised to 1 on [lo, hi]: (1 + slope·2(x − centre)/W)/W, so `slope` is the relative change
 * from the centre to the upper edge (−1…1 keeps it positive) and the area does not depend on it.
 */
export function linear(
  lo: number,
  hi: number,
  slope: number,
): { cdf: (x: number) => number; pdf: (x: number) => number } {
  const width = hi - lo;
  const centre = (lo + hi) / 2;
  return {
    cdf: (x) => (x - lo + (slope * ((x - centre) ** 2 - (lo - centre) ** 2)) / width) / width,
    pdf: (x) => (1 + (2 * slope * (x - centre)) / width) / width,
  };
}

/** The full width at half maximum of a single-peaked density, found numerically (as pygama's get_fwhm). */
export function fullWidthHalfMaximum(density: (x: number) => number, centre: number, width: number): number {
  // the mode: the best of a grid from centre − 8·width to centre + 4·width, then golden-section search
  const gridStep = width / 20;
  let best = centre;
  for (let x = centre - 8 * width; x <= centre + 4 * width; x += gridStep)
    if (density(x) > density(best)) best = x;
  let a = best - gridStep;
  let b = best + gridStep;
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 80; i++) {
    const c = b - ratio * (b - a);
    const d = a + ratio * (b - a);
    if (density(c) > density(d)) b = d;
    else a = c;
  }
  const mode = (a + b) / 2;
  const half = density(mode) / 2;
  const crossing = (direction: -1 | 1) => {
    let inside = mode;
    let outside = mode + direction * width;
    for (let i = 0; i < 10_000 && density(outside) > half; i++) {
      inside = outside;
      outside += direction * width;
    }
    // bisection down to adjacent doubles
    for (let i = 0; i < 200; i++) {
      const middle = (inside + outside) / 2;
      if (middle === inside || middle === outside) break;
      if (density(middle) > half) inside = middle;
      else outside = middle;
    }
    return (inside + outside) / 2;
  };
  return crossing(1) - crossing(-1);
}
