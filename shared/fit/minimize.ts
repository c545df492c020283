// A small minimiser for a fit's cost: Nelder–Mead over internal (unbounded) values finds the valley,
// then damped Newton steps with a finite-difference Hessian converge on the minimum, in parameter
// values, to an estimated distance to the minimum (EDM, as MINUIT's) far below what the errors need.
// The covariance is 2·up·H⁻¹ of the cost's Hessian H: up = 1 for a cost that is 2·NLL or a χ².
import { type Bounds, externalSlope, isInside, toExternal, toInternal } from "./bounds.ts";
import { derivatives, type Derivatives } from "./derivatives.ts";
import { cholesky, choleskySolve, dot, inverseSymmetric, type Matrix } from "./linalg.ts";

export interface MinimizeOptions {
  bounds: readonly Bounds[];
  /** A typical change of each parameter (as MINUIT's starting errors): the first simplex and steps. */
  steps: readonly number[];
  /** The cost's change for one standard deviation: 1 for 2·NLL or a χ², 0.5 for NLL. */
  up?: number;
  /** Newton stops when the EDM is below this (default 1e-12, in units of the cost). */
  edmGoal?: number;
  maxNewtonIterations?: number;
}

export interface Minimum {
  values: number[];
  cost: number;
  /**
   * Covariance matrix of the values (2·up·H⁻¹), or null when the Hessian is not positive definite; rows and columns
   * of parameters held on a bound are 0.
   */
  covariance: Matrix | null;
  /** NaN for a parameter held on its bound. */
  errors: number[];
  /** Estimated distance to the minimum: ½·gᵀ·H⁻¹·g, in units of the cost. */
  edm: number;
  converged: boolean;
  /** How many times the cost was computed. */
  evaluations: number;
  /**
   * Parameters that ended on (or within 1e-6 errors of) one of their bounds, or that the cost stopped depending on
   * when the Hessian of all was not positive definite; those have no error.
   */
  atLimit: boolean[];
}

/** Standard Nelder–Mead (reflect 1, expand 2, contract ½, shrink ½) until the simplex's costs agree. */
function nelderMead(
  f: (u: number[]) => number,
  start: number[],
  steps: number[],
  maxEvaluations: number,
): number[] {
  const n = start.length;
  const simplex: { u: number[]; f: number }[] = [{ u: start, f: f(start) }];
  for (let i = 0; i < n; i++) {
    const u = start.slice();
    u[i]! += steps[i]!;
    simplex.push({ u, f: f(u) });
  }
  let evaluations = n + 1;
  const combine = (a: number[], b: number[], t: number) => a.map((value, i) => value + t * (b[i]! - value));
  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.f - b.f);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    // a spread of 1e-4 in 2·NLL is a hundredth of an error: Newton takes it from there
    if (worst.f - best.f < 1e-4) break;
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i]! += simplex[k]!.u[i]! / n;
    const reflected = combine(centroid, worst.u, -1);
    const fr = f(reflected);
    evaluations++;
    if (fr < best.f) {
      const expanded = combine(centroid, worst.u, -2);
      const fe = f(expanded);
      evaluations++;
      simplex[n] = fe < fr ? { u: expanded, f: fe } : { u: reflected, f: fr };
      continue;
    }
    if (fr < simplex[n - 1]!.f) {
      simplex[n] = { u: reflected, f: fr };
      continue;
    }
    const contracted = fr < worst.f ? combine(centroid, reflected, 0.5) : combine(centroid, worst.u, 0.5);
    const fc = f(contracted);
    evaluations++;
    if (fc < Math.min(fr, worst.f)) {
      simplex[n] = { u: contracted, f: fc };
      continue;
    }
    for (let k = 1; k <= n; k++) {
      const u = combine(best.u, simplex[k]!.u, 0.5);
      simplex[k] = { u, f: f(u) };
    }
    evaluations += n;
  }
  simplex.sort((a, b) => a.f - b.f);
  return simplex[0]!.u;
}

/** The rows and columns `free` of a matrix, or entries of a vector. */
function pick(m: Matrix, free: readonly number[]): Matrix {
  return free.map((i) => free.map((j) => m[i]![j]!));
}

/** Newton's step δ = −(H + λ·diag H)⁻¹·g over the free parameters, or null when that is not positive definite. */
function dampedStep(hessian: Matrix, gradient: readonly number[], lambda: number): number[] | null {
  const damped = hessian.map((row, i) => row.map((h, j) => (i === j ? h * (1 + lambda) : h)));
  const l = cholesky(damped);
  return l ? choleskySolve(l, gradient).map((g) => -g) : null;
}

/**
 * The parameters Newton and the errors work with, and the inverse of their Hessian. All, when the Hessian is
 * positive definite. Otherwise a parameter driven onto a bound (a background that is not there, a tail of zero)
 * is held there, as is one the cost no longer depends on (the slope of that zero background), and the others'
 * Hessian is inverted without them, as when MINUIT fixes a parameter.
 */
function freeParameters(
  d: Derivatives,
  x: readonly number[],
  scale: readonly number[],
  bounds: readonly Bounds[],
  up: number,
): { free: number[]; held: boolean[]; inverse: Matrix | null } {
  const all = x.map((_, i) => i);
  const full = inverseSymmetric(d.hessian);
  if (full) return { free: all, held: x.map(() => false), inverse: full };
  const held = x.map((value, i) => {
    const { lower, upper } = bounds[i]!;
    const margin = 1e-2 * scale[i]!;
    const onBound = value - lower <= margin || upper - value <= margin;
    const undetermined = !(d.hessian[i]![i]! * scale[i]! ** 2 > 1e-6 * up);
    return onBound || undetermined;
  });
  const free = all.filter((i) => !held[i]);
  return { free, held, inverse: free.length > 0 ? inverseSymmetric(pick(d.hessian, free)) : null };
}

function estimatedDistance(inverse: Matrix, gradient: readonly number[]): number {
  return (
    0.5 *
    dot(
      gradient,
      inverse.map((row) => dot(row, gradient)),
    )
  );
}

export function minimize(
  cost: (values: number[]) => number,
  start: readonly number[],
  options: MinimizeOptions,
): Minimum {
  const { bounds } = options;
  const up = options.up ?? 1;
  const edmGoal = options.edmGoal ?? 1e-12;
  const n = start.length;
  let evaluations = 0;
  const counted = (values: number[]) => {
    evaluations++;
    const value = cost(values);
    return Number.isFinite(value) ? value : Infinity;
  };

  // 1. Nelder–Mead over internal values, so that it never leaves the bounds
  const u0 = start.map((x, i) => toInternal(x, bounds[i]!));
  const internalSteps = u0.map((u, i) => {
    const slope = Math.abs(externalSlope(u, bounds[i]!));
    return Math.min(options.steps[i]! / Math.max(slope, 1e-12), 1);
  });
  const external = (u: number[]) => u.map((value, i) => toExternal(value, bounds[i]!));
  const u = nelderMead((v) => counted(external(v)), u0, internalSteps, 400 * n);
  let x = external(u);

  // 2. damped Newton in parameter values, finite-difference steps 1e-4 of the current errors (small enough that
  // the gradient's O(h²) error does not stop it short; rounding noise there is far below what Newton needs)
  const scale = options.steps.slice();
  let lambda = 0;
  const at = (point: number[], relativeStep: number, richardson = false) =>
    derivatives(
      counted,
      point,
      scale.map((s) => relativeStep * s),
      richardson,
    );
  let d = at(x, 1e-4);
  let edm = Infinity;
  for (let iteration = 0; iteration < (options.maxNewtonIterations ?? 100); iteration++) {
    const { free, inverse } = freeParameters(d, x, scale, bounds, up);
    const gradient = free.map((i) => d.gradient[i]!);
    if (inverse) {
      edm = estimatedDistance(inverse, gradient);
      free.forEach((i, a) => (scale[i] = Math.sqrt(2 * up * inverse[a]![a]!)));
      if (edm < edmGoal) break;
    }
    const hessian = pick(d.hessian, free);
    let moved = false;
    for (let attempt = 0; attempt < 30 && !moved; attempt++) {
      const step = dampedStep(hessian, gradient, lambda);
      const next = x.slice();
      if (step) free.forEach((i, a) => (next[i]! += step[a]!));
      if (step && next.every((value, i) => isInside(value, bounds[i]!)) && counted(next) < d.value) {
        x = next;
        moved = true;
        lambda = lambda / 10 < 1e-6 ? 0 : lambda / 10;
      } else lambda = lambda === 0 ? 1e-3 : lambda * 10;
    }
    if (!moved) break;
    d = at(x, 1e-4);
  }

  // 3. the Hessian for the errors: Richardson-extrapolated, steps a hundredth of the errors
  const final = at(x, 1e-2, true);
  const { free, held, inverse } = freeParameters(final, x, scale, bounds, up);
  let covariance: Matrix | null = null;
  if (inverse) {
    covariance = x.map(() => new Array<number>(n).fill(0));
    free.forEach((i, a) => free.forEach((j, b) => (covariance![i]![j] = 2 * up * inverse[a]![b]!)));
    edm = estimatedDistance(
      inverse,
      free.map((i) => final.gradient[i]!),
    );
  }
  const errors = x.map((_, i) => (held[i] ? NaN : covariance ? Math.sqrt(covariance[i]![i]!) : scale[i]!));
  const atLimit = x.map((value, i) => {
    const { lower, upper } = bounds[i]!;
    const margin = 1e-6 * (Number.isFinite(errors[i]!) ? errors[i]! : scale[i]!);
    return held[i]! || value - lower <= margin || upper - value <= margin;
  });
  // MINUIT's default goal is 2e-4·up; a fit stopped by rounding noise far below that has converged too
  const converged = covariance !== null && edm < 1e-6 * up;
  return { values: x, cost: final.value, covariance, errors, edm, converged, evaluations, atLimit };
}
