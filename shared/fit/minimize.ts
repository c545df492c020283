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
  /** Covariance matrix of the values (2·up·H⁻¹), or null when the Hessian is not positive definite. */
  covariance: Matrix | null;
  errors: number[];
  /** Estimated distance to the minimum: ½·gᵀ·H⁻¹·g, in units of the cost. */
  edm: number;
  converged: boolean;
  /** How many times the cost was computed. */
  evaluations: number;
  /** Parameters that ended on (or within 1e-6 errors of) one of their bounds. */
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

/** Newton's step δ = −(H + λ·diag H)⁻¹·g, or null when that matrix is not positive definite. */
function dampedStep(d: Derivatives, lambda: number): number[] | null {
  const damped = d.hessian.map((row, i) => row.map((h, j) => (i === j ? h * (1 + lambda) : h)));
  const l = cholesky(damped);
  return l ? choleskySolve(l, d.gradient).map((g) => -g) : null;
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
  let scale = options.steps.slice();
  let lambda = 0;
  let d = derivatives(
    counted,
    x,
    scale.map((s) => 1e-4 * s),
  );
  let edm = Infinity;
  for (let iteration = 0; iteration < (options.maxNewtonIterations ?? 100); iteration++) {
    const inverse = inverseSymmetric(d.hessian);
    if (inverse) {
      edm =
        0.5 *
        dot(
          d.gradient,
          inverse.map((row) => dot(row, d.gradient)),
        );
      scale = inverse.map((row, i) => Math.sqrt(2 * up * row[i]!));
      if (edm < edmGoal) break;
    }
    let moved = false;
    for (let attempt = 0; attempt < 30 && !moved; attempt++) {
      const step = dampedStep(d, lambda);
      const next = step ? x.map((value, i) => value + step[i]!) : null;
      if (next && next.every((value, i) => isInside(value, bounds[i]!)) && counted(next) < d.value) {
        x = next;
        moved = true;
        lambda = lambda / 10 < 1e-6 ? 0 : lambda / 10;
      } else lambda = lambda === 0 ? 1e-3 : lambda * 10;
    }
    if (!moved) break;
    d = derivatives(
      counted,
      x,
      scale.map((s) => 1e-4 * s),
    );
  }

  // 3. the Hessian for the errors: Richardson-extrapolated, steps a hundredth of the errors
  const final = derivatives(
    counted,
    x,
    scale.map((s) => 1e-2 * s),
    true,
  );
  const inverse = inverseSymmetric(final.hessian);
  const covariance = inverse ? inverse.map((row) => row.map((value) => 2 * up * value)) : null;
  const errors = covariance ? covariance.map((row, i) => Math.sqrt(row[i]!)) : scale;
  if (inverse)
    edm =
      0.5 *
      dot(
        final.gradient,
        inverse.map((row) => dot(row, final.gradient)),
      );
  const atLimit = x.map((value, i) => {
    const { lower, upper } = bounds[i]!;
    const margin = 1e-6 * errors[i]!;
    return value - lower <= margin || upper - value <= margin;
  });
  // MINUIT's default goal is 2e-4·up; a fit stopped by rounding noise far below that has converged too
  const converged = covariance !== null && edm < 1e-6 * up;
  return { values: x, cost: final.value, covariance, errors, edm, converged, evaluations, atLimit };
}
