// Gradient and Hessian of a function by central finite differences, optionally Richardson-extrapolated
// (steps h and h/2 combined so the O(h²) error cancels): the minimiser's Newton steps and a fit's errors.
import type { Matrix } from "./linalg.ts";

export interface Derivatives {
  value: number;
  gradient: number[];
  hessian: Matrix;
}

function centralDifferences(
  f: (x: number[]) => number,
  x: readonly number[],
  steps: readonly number[],
): Derivatives {
  const n = x.length;
  const at = (shifts: [number, number][]) => {
    const point = x.slice();
    for (const [index, shift] of shifts) point[index]! += shift;
    return f(point);
  };
  const value = f(x.slice());
  const gradient = new Array<number>(n);
  const hessian: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const h = steps[i]!;
    const up = at([[i, h]]);
    const down = at([[i, -h]]);
    gradient[i] = (up - down) / (2 * h);
    hessian[i]![i] = (up - 2 * value + down) / (h * h);
    for (let j = 0; j < i; j++) {
      const k = steps[j]!;
      const mixed =
        (at([
          [i, h],
          [j, k],
        ]) -
          at([
            [i, h],
            [j, -k],
          ]) -
          at([
            [i, -h],
            [j, k],
          ]) +
          at([
            [i, -h],
            [j, -k],
          ])) /
        (4 * h * k);
      hessian[i]![j] = mixed;
      hessian[j]![i] = mixed;
    }
  }
  return { value, gradient, hessian };
}

/**
 * Derivatives of `f` at `x` with the given steps; `richardson` combines steps h and h/2 as (4·D(h/2) − D(h))/3,
 * which leaves an O(h⁴) error (the fit's final Hessian, whose inverse gives the errors).
 */
export function derivatives(
  f: (x: number[]) => number,
  x: readonly number[],
  steps: readonly number[],
  richardson = false,
): Derivatives {
  const coarse = centralDifferences(f, x, steps);
  if (!richardson) return coarse;
  const fine = centralDifferences(
    f,
    x,
    steps.map((h) => h / 2),
  );
  const extrapolate = (a: number, b: number) => (4 * b - a) / 3;
  return {
    value: coarse.value,
    gradient: coarse.gradient.map((g, i) => extrapolate(g, fine.gradient[i]!)),
    hessian: coarse.hessian.map((row, i) => row.map((h, j) => extrapolate(h, fine.hessian[i]![j]!))),
  };
}
