// Peak fits on a histogram by binned Poisson likelihood: minimise 2·Σ[μᵢ − nᵢ + nᵢ·ln(nᵢ/μᵢ)] with μᵢ the
// model integrated over bin i (iminuit's ExtendedBinnedNLL). That cost is 2·NLL up to a constant, so
// errors come from covariance = 2·H⁻¹ (MINUIT's errordef 1), and its minimum is the likelihood-ratio χ²
// (Baker–Cousins), asymptotically χ²-distributed with bins − parameters degrees of freedom.
import { quadraticForm } from "./linalg.ts";
import { minimize } from "./minimize.ts";
import { type Bins, FIT_MODELS, type FitModelName, type FitRange } from "./models.ts";
import { chi2Survival } from "./special.ts";

export class FitError extends Error {
  override name = "FitError";
}

export interface FitRequest {
  model: FitModelName;
  /** Bins whose centre lies in [lo, hi] are fitted; all bins when absent. */
  range?: readonly [number, number];
  /** Starting values instead of the model's guess from the bins. */
  start?: readonly number[];
}

export interface FittedParameter {
  name: string;
  description: string;
  value: number;
  error: number;
  /** The value ended on one of its bounds: its error is not meaningful. */
  atLimit: boolean;
}

export interface FitResult {
  model: FitModelName;
  /** The outer edges of the fitted bins. */
  range: [number, number];
  bins: number;
  parameters: FittedParameter[];
  covariance: number[][];
  fwhm: { value: number; error: number };
  /** The likelihood-ratio χ² (Baker–Cousins): the minimum of 2·Σ[μ − n + n·ln(n/μ)]. */
  chi2: number;
  /** Pearson's Σ(n − μ)²/μ at the minimum, for comparison. */
  pearsonChi2: number;
  ndf: number;
  /** P(χ²_ndf ≥ chi2), from the likelihood-ratio χ². */
  pValue: number;
  converged: boolean;
  edm: number;
  evaluations: number;
}

/** 2·Σ[μᵢ − nᵢ + nᵢ·ln(nᵢ/μᵢ)]; a bin expected empty that is not costs Infinity. */
export function poissonDeviance(counts: ArrayLike<number>, expected: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < counts.length; k++) {
    const n = counts[k]!;
    // differences of cumulatives can come out just below 0 by rounding (iminuit sets them to 0 too)
    const mu = Math.max(expected[k]!, 0);
    sum += n > 0 ? mu - n + n * Math.log(n / mu) : mu;
  }
  return 2 * sum;
}

/** The model's expected counts in each bin: differences of its cumulative at the edges. */
export function expectedCounts(
  model: FitModelName,
  values: readonly number[],
  edges: ArrayLike<number>,
  range: FitRange,
): Float64Array {
  const cumulative = FIT_MODELS[model].cumulative(values, range);
  const out = new Float64Array(edges.length - 1);
  let below = cumulative(edges[0]!);
  for (let k = 0; k < out.length; k++) {
    const next = cumulative(edges[k + 1]!);
    out[k] = next - below;
    below = next;
  }
  return out;
}

/** The bins whose centres are in [lo, hi]. */
export function binsInRange(bins: Bins, range?: readonly [number, number]): Bins {
  if (!range) return bins;
  const [lo, hi] = range[0] <= range[1] ? range : [range[1], range[0]];
  let first = -1;
  let last = -1;
  for (let k = 0; k < bins.counts.length; k++) {
    const centre = (bins.edges[k]! + bins.edges[k + 1]!) / 2;
    if (centre >= lo && centre <= hi) {
      if (first < 0) first = k;
      last = k;
    }
  }
  if (first < 0) return { edges: [], counts: [] };
  return {
    edges: Array.prototype.slice.call(bins.edges, first, last + 2) as number[],
    counts: Array.prototype.slice.call(bins.counts, first, last + 1) as number[],
  };
}

/** Fits `request.model` to the bins in `request.range`. */
export function fitPeak(histogram: Bins, request: FitRequest): FitResult {
  const model = FIT_MODELS[request.model];
  const bins = binsInRange(histogram, request.range);
  const nBins = bins.counts.length;
  const nParameters = model.parameters.length;
  if (nBins <= nParameters)
    throw new FitError(`${model.label} needs more than ${nParameters} bins in the range; it has ${nBins}`);
  let total = 0;
  for (let k = 0; k < nBins; k++) total += bins.counts[k]!;
  if (!(total > 0)) throw new FitError("no entries in the fit range");
  const range: FitRange = { lo: bins.edges[0]!, hi: bins.edges[nBins]! };
  const guess = model.guess(bins, range);
  const start = request.start ? [...request.start] : guess.start;
  if (start.length !== nParameters) throw new FitError(`${model.label} has ${nParameters} parameters`);
  const cost = (values: number[]) =>
    poissonDeviance(bins.counts, expectedCounts(model.name, values, bins.edges, range));
  const minimum = minimize(cost, start, { bounds: model.bounds(range), steps: guess.steps, up: 1 });
  if (!minimum.covariance)
    throw new FitError(
      "the fit found no minimum (its Hessian is not positive definite); try another range or model",
    );
  const covariance = minimum.covariance;
  const values = minimum.values;

  // the FWHM's error by linear propagation, its derivatives by central differences
  const fwhm = model.fwhm(values);
  const gradient = new Array<number>(nParameters).fill(0);
  for (const index of model.fwhmParameters) {
    if (minimum.atLimit[index]) continue; // held on its bound: no error to propagate
    const h = 1e-4 * minimum.errors[index]!;
    const up = values.slice();
    const down = values.slice();
    up[index]! += h;
    down[index]! -= h;
    gradient[index] = (model.fwhm(up) - model.fwhm(down)) / (2 * h);
  }

  const expected = expectedCounts(model.name, values, bins.edges, range);
  let pearson = 0;
  for (let k = 0; k < nBins; k++) pearson += (bins.counts[k]! - expected[k]!) ** 2 / expected[k]!;
  const ndf = nBins - nParameters;
  return {
    model: model.name,
    range: [range.lo, range.hi],
    bins: nBins,
    parameters: model.parameters.map((info, i) => ({
      ...info,
      value: values[i]!,
      error: minimum.errors[i]!,
      atLimit: minimum.atLimit[i]!,
    })),
    covariance,
    fwhm: { value: fwhm, error: Math.sqrt(quadraticForm(covariance, gradient)) },
    chi2: minimum.cost,
    pearsonChi2: pearson,
    ndf,
    pValue: chi2Survival(minimum.cost, ndf),
    converged: minimum.converged,
    edm: minimum.edm,
    evaluations: minimum.evaluations,
  };
}

/** The fitted model as a curve in counts per bin (density × the width of the bin under x), for drawing. */
export function fitCurve(
  result: FitResult,
  edges: ArrayLike<number>,
  points = 400,
): { x: Float64Array; y: Float64Array } {
  const range: FitRange = { lo: result.range[0], hi: result.range[1] };
  const density = FIT_MODELS[result.model].density(
    result.parameters.map((p) => p.value),
    range,
  );
  const x = new Float64Array(points);
  const y = new Float64Array(points);
  let bin = 0;
  for (let i = 0; i < points; i++) {
    const at = range.lo + ((range.hi - range.lo) * i) / (points - 1);
    while (bin < edges.length - 2 && edges[bin + 1]! <= at) bin++;
    x[i] = at;
    y[i] = density(at) * (edges[bin + 1]! - edges[bin]!);
  }
  return { x, y };
}
