import { describe, expect, it } from "vitest";
import { chi2Survival, erf, erfc, erfcx, lnGamma, normalCdf } from "../../../shared/fit/special.ts";
import { SPECIAL_VALUES as reference } from "../../fixtures/fits/fixtures.ts";

function expectRelative(actual: number, expected: number, tolerance: number, what: string) {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  expect(Math.abs(actual - expected) / scale, `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    tolerance,
  );
}

describe("special functions (against scipy.special and scipy.stats)", () => {
  it("erf, erfc and erfcx agree with scipy to 1e-13 relative", () => {
    for (const [x, value] of reference.erf) expectRelative(erf(x), value, 1e-13, `erf(${x})`);
    for (const [x, value] of reference.erfc) {
      if (value === 0) expect(erfc(x)).toBeLessThan(1e-300);
      else expectRelative(erfc(x), value, 1e-13, `erfc(${x})`);
    }
    for (const [x, value] of reference.erfcx) expectRelative(erfcx(x), value, 1e-13, `erfcx(${x})`);
  });

  it("the normal CDF keeps its precision in the far lower tail", () => {
    // z/√2 is rounded before erfc sees it: at z = -37 that alone moves Φ by ~1e-13 (in scipy's ndtr too)
    for (const [z, value] of reference.normcdf) expectRelative(normalCdf(z), value, 1e-12, `Φ(${z})`);
  });

  it("ln Γ is exact at integers and half-integers", () => {
    expect(Math.abs(lnGamma(1))).toBeLessThan(1e-15);
    expectRelative(lnGamma(5), Math.log(24), 1e-15, "lnΓ(5)");
    expectRelative(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14, "lnΓ(1/2)");
    let logFactorial = 0;
    for (let k = 2; k < 100; k++) logFactorial += Math.log(k);
    expectRelative(lnGamma(100), logFactorial, 1e-14, "lnΓ(100)");
  });

  it("the χ² survival function agrees with scipy.stats.chi2.sf to 1e-10 relative", () => {
    for (const [chi2, ndf, p] of reference.chi2sf)
      expectRelative(chi2Survival(chi2, ndf), p, 1e-10, `chi2.sf(${chi2}, ${ndf})`);
  });
});
