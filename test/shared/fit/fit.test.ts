// Every fixture histogram fitted here and by iminuit (test/fixtures/fits/make-fixtures.py): parameters,
// errors, FWHM, χ² and p-value agree to 1e-4 relative.
import { describe, expect, it } from "vitest";
import {
  binsInRange,
  expectedCounts,
  fitCurve,
  FitError,
  fitPeak,
  poissonDeviance,
} from "../../../shared/fit/fit.ts";
import { FIT_MODELS, type FitModelName } from "../../../shared/fit/models.ts";
import { FIT_FIXTURES as fixtures, fitFixture } from "../../fixtures/fits/fixtures.ts";

function relative(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe("binned Poisson likelihood fits (against iminuit)", () => {
  it("has the five reference histograms", () => {
    expect(fixtures.map((f) => f.name)).toEqual([
      "clean-gauss",
      "gauss-on-slope",
      "th228-2614",
      "th228-2614-slope",
      "low-statistics",
    ]);
  });

  for (const fixture of fixtures) {
    it(`${fixture.name}: parameters, errors, FWHM, χ² and p agree to 1e-4`, () => {
      const result = fitPeak({ edges: fixture.edges, counts: fixture.counts }, { model: fixture.model });
      expect(result.converged).toBe(true);
      expect(result.parameters.map((p) => p.name)).toEqual(Object.keys(fixture.parameters));
      for (const parameter of result.parameters) {
        const reference = fixture.parameters[parameter.name]!;
        expect(relative(parameter.value, reference.value), `${parameter.name} value`).toBeLessThan(1e-4);
        expect(relative(parameter.error, reference.error), `${parameter.name} error`).toBeLessThan(1e-4);
        expect(parameter.atLimit).toBe(false);
      }
      // iminuit's own numbers: its minimum to 1e-4 too; its numerical covariance (migrad's) is good to ~1e-3 only
      result.parameters.forEach((parameter, i) => {
        expect(
          relative(parameter.value, fixture.minuitValues[i]!),
          `${parameter.name} vs Minuit`,
        ).toBeLessThan(1e-4);
        expect(
          relative(parameter.error, fixture.minuitErrors[i]!),
          `${parameter.name} vs Minuit`,
        ).toBeLessThan(2e-3);
      });
      expect(relative(result.fwhm.value, fixture.fwhm.value), "FWHM").toBeLessThan(1e-4);
      expect(relative(result.fwhm.error, fixture.fwhm.error), "FWHM error").toBeLessThan(1e-4);
      expect(relative(result.chi2, fixture.chi2), "χ²").toBeLessThan(1e-4);
      expect(relative(result.pearsonChi2, fixture.pearsonChi2), "Pearson χ²").toBeLessThan(1e-4);
      expect(result.ndf).toBe(fixture.ndf);
      expect(relative(result.pValue, fixture.pValue), "p").toBeLessThan(1e-4);
    });
  }

  it("starts from the given values as well as from its own guess", () => {
    const fixture = fitFixture("th228-2614");
    const result = fitPeak(fixture, { model: fixture.model, start: fixture.start });
    expect(relative(result.fwhm.value, fixture.fwhm.value)).toBeLessThan(1e-4);
  });

  it("the cost at iminuit's minimum is iminuit's fval (the same bins, model and deviance)", () => {
    for (const fixture of fixtures) {
      const range = { lo: fixture.edges[0]!, hi: fixture.edges.at(-1)! };
      const values = Object.values(fixture.parameters).map((p) => p.value);
      const cost = poissonDeviance(
        fixture.counts,
        expectedCounts(fixture.model, values, fixture.edges, range),
      );
      expect(relative(cost, fixture.chi2), fixture.name).toBeLessThan(1e-12);
    }
  });

  it("fits only the bins whose centres are in the range", () => {
    const fixture = fitFixture("clean-gauss");
    const inside = binsInRange(fixture, [95, 105]);
    expect(inside.counts.length).toBe(40);
    expect(inside.edges[0]).toBe(95);
    expect(inside.edges[inside.edges.length - 1]).toBe(105);
    const result = fitPeak(fixture, { model: "gauss", range: [95, 105] });
    expect(result.range).toEqual([95, 105]);
    expect(result.bins).toBe(40);
    expect(result.ndf).toBe(37);
    // a narrower window around the same peak: the same width within its error
    expect(Math.abs(result.parameters[2]!.value - fixture.parameters.sigma!.value)).toBeLessThan(
      fixture.parameters.sigma!.error,
    );
  });

  it("holds a background that is not there on its bound, and gives the others the Gaussian fit's values", () => {
    const fixture = fitFixture("clean-gauss");
    for (const model of ["gauss_linear", "hpge"] as const) {
      const result = fitPeak(fixture, { model });
      expect(result.converged, model).toBe(true);
      const held = result.parameters.filter((p) => p.atLimit).map((p) => p.name);
      // no background: its area is 0 and its shape (slope, step) undetermined; the HPGe tail is 0 too
      expect(held, model).toEqual(model === "hpge" ? ["htail", "tau", "n_bkg", "hstep"] : ["n_bkg", "slope"]);
      for (const parameter of result.parameters) {
        if (parameter.atLimit) expect(parameter.error).toBeNaN();
        else {
          const reference = fixture.parameters[parameter.name]!;
          expect(relative(parameter.value, reference.value), `${model} ${parameter.name}`).toBeLessThan(1e-4);
          expect(relative(parameter.error, reference.error), `${model} ${parameter.name} error`).toBeLessThan(
            1e-4,
          );
        }
      }
      expect(relative(result.fwhm.value, fixture.fwhm.value)).toBeLessThan(1e-4);
      expect(relative(result.fwhm.error, fixture.fwhm.error)).toBeLessThan(1e-4);
    }
  });

  it("refuses a range with too few bins or no entries", () => {
    const fixture = fitFixture("clean-gauss");
    expect(() => fitPeak(fixture, { model: "gauss", range: [100, 100.6] })).toThrow(FitError);
    const empty = { edges: [0, 1, 2, 3, 4, 5], counts: [0, 0, 0, 0, 0] };
    expect(() => fitPeak(empty, { model: "gauss" })).toThrow("no entries");
  });

  it("draws the fitted curve in counts per bin, whose sum over bin centres is the fitted total", () => {
    const fixture = fitFixture("gauss-on-slope");
    const result = fitPeak(fixture, { model: "gauss_linear" });
    const curve = fitCurve(result, fixture.edges, 101);
    expect(curve.x[0]).toBe(1440);
    expect(curve.x[100]).toBe(1480);
    const binWidth = 0.4;
    let sum = 0;
    for (let i = 0; i < 100; i++)
      sum += (((curve.y[i]! + curve.y[i + 1]!) / 2) * (curve.x[i + 1]! - curve.x[i]!)) / binWidth;
    const total = result.parameters[0]!.value + result.parameters[3]!.value;
    expect(relative(sum, total)).toBeLessThan(1e-3);
  });

  it("every model's density is the derivative of its cumulative", () => {
    const range = { lo: 2594, hi: 2634 };
    const values: Record<FitModelName, number[]> = {
      gauss: [1000, 2614, 1.1],
      gauss_linear: [1000, 2614, 1.1, 300, -0.3],
      hpge: [1000, 2614, 1.1, 0.2, 2.5, 300, -0.2],
      hpge_linear: [1000, 2614, 1.1, 0.2, 2.5, 300, -0.2, 0.4],
    };
    for (const model of Object.values(FIT_MODELS)) {
      const cumulative = model.cumulative(values[model.name], range);
      const density = model.density(values[model.name], range);
      for (const x of [2610, 2612, 2613.2, 2614, 2615.5, 2618]) {
        const h = 1e-4;
        const numeric = (cumulative(x + h) - cumulative(x - h)) / (2 * h);
        expect(relative(numeric, density(x)), `${model.name} at ${x}`).toBeLessThan(1e-6);
      }
    }
  });
});
