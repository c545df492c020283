import { describe, expect, it } from "vitest";
import { type Bounds, toExternal, toInternal, UNBOUNDED } from "../../../shared/fit/bounds.ts";
import { inverseSymmetric } from "../../../shared/fit/linalg.ts";
import { minimize } from "../../../shared/fit/minimize.ts";
import { FWHM_PER_SIGMA } from "../../../shared/fit/models.ts";
import { fullWidthHalfMaximum, gaussPdf } from "../../../shared/fit/shapes.ts";

describe("minimiser", () => {
  it("maps parameters into their bounds and back", () => {
    const cases: [number, Bounds][] = [
      [0.3, { lower: 0, upper: 1 }],
      [2614.5, { lower: 2594, upper: 2634 }],
      [1e4, { lower: 0, upper: Infinity }],
      [-0.2, { lower: -Infinity, upper: 1 }],
      [-7, UNBOUNDED],
    ];
    for (const [x, bounds] of cases) expect(toExternal(toInternal(x, bounds), bounds)).toBeCloseTo(x, 9);
    for (const u of [-100, -1, 0, 3, 1e3]) {
      const x = toExternal(u, { lower: 0, upper: 1 });
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
  });

  it("finds the minimum of a correlated quadratic, with covariance 2·H⁻¹ for up = 1", () => {
    const hessian = [
      [4, 1.2, 0],
      [1.2, 2, -0.5],
      [0, -0.5, 1],
    ];
    const centre = [1.5, -2, 30];
    const f = (x: number[]) => {
      const d = x.map((v, i) => v - centre[i]!);
      let sum = 7;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum += 0.5 * d[i]! * hessian[i]![j]! * d[j]!;
      return sum;
    };
    const result = minimize(f, [0, 0, 20], {
      bounds: [UNBOUNDED, UNBOUNDED, { lower: 0, upper: Infinity }],
      steps: [1, 1, 1],
    });
    expect(result.converged).toBe(true);
    result.values.forEach((v, i) => expect(v).toBeCloseTo(centre[i]!, 6));
    expect(result.cost).toBeCloseTo(7, 10);
    const expected = inverseSymmetric(hessian)!.map((row) => row.map((v) => 2 * v));
    result.covariance!.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 6)));
  });

  it("finds Rosenbrock's minimum in its curved valley and keeps a bounded parameter inside", () => {
    const rosenbrock = ([x, y]: number[]) => (1 - x!) ** 2 + 100 * (y! - x! * x!) ** 2;
    const free = minimize(rosenbrock, [-1.2, 1], { bounds: [UNBOUNDED, UNBOUNDED], steps: [0.5, 0.5] });
    expect(free.values[0]).toBeCloseTo(1, 5);
    expect(free.values[1]).toBeCloseTo(1, 5);
    const bounded = minimize(rosenbrock, [-1.2, 0.5], {
      bounds: [UNBOUNDED, { lower: 0, upper: 0.5 }],
      steps: [0.5, 0.1],
    });
    expect(bounded.values[1]).toBeLessThanOrEqual(0.5);
    expect(bounded.atLimit[1]).toBe(true);
  });

  it("measures a Gaussian's FWHM as 2√(2 ln 2)·σ", () => {
    const sigma = 1.37;
    const fwhm = fullWidthHalfMaximum((x) => gaussPdf(x, 0, sigma), 0, sigma);
    expect(fwhm / (FWHM_PER_SIGMA * sigma) - 1).toBeLessThan(1e-13);
  });
});
