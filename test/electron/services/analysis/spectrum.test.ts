// Derivative and power spectrum against numpy.gradient and scipy.signal.periodogram on the same traces
// (test/fixtures/spectrum/make-fixtures.py), for lengths that are and are not powers of two.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AnalysisError } from "../../../../electron/services/analysis/errors.ts";
import { derivative, dft, powerSpectrum } from "../../../../electron/services/analysis/spectrum.ts";

interface SpectrumCase {
  dt: number;
  values: number[];
  derivative: number[];
  frequency: number[];
  density: number[];
}
const fixtures = JSON.parse(
  readFileSync(new URL("../../../fixtures/spectrum/spectrum.json", import.meta.url), "utf8"),
) as { cases: SpectrumCase[] };

/** |a - b| within `rel` of the largest |b| (spectra span many decades; small bins are noise-level). */
function expectClose(actual: ArrayLike<number>, expected: number[], rel: number): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!), `index ${i}`).toBeLessThanOrEqual(rel * scale);
  }
}

describe("derivative", () => {
  for (const c of fixtures.cases) {
    it(`equals numpy.gradient for ${c.values.length} samples`, () => {
      const d = derivative({ t0: 0, dt: c.dt, values: Float64Array.from(c.values) });
      expectClose(d.values, c.derivative, 1e-9);
      expect(d.dt).toBe(c.dt);
    });
  }
});

describe("powerSpectrum", () => {
  for (const c of fixtures.cases) {
    it(`equals scipy's periodogram for ${c.values.length} samples`, () => {
      const s = powerSpectrum({ t0: 0, dt: c.dt, values: Float64Array.from(c.values) });
      expectClose(s.frequency, c.frequency, 1e-9);
      expectClose(s.density, c.density, 1e-9);
    });
  }

  it("puts a sine's power at its frequency", () => {
    const n = 1000;
    const values = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 50 * i) / n));
    const s = powerSpectrum({ t0: 0, dt: 1, values });
    const peak = s.density.indexOf(Math.max(...s.density));
    expect(s.frequency[peak]).toBeCloseTo(0.05, 12);
  });

  it("refuses a trace too short or a bad dt", () => {
    expect(() => powerSpectrum({ t0: 0, dt: 1, values: new Float64Array(1) })).toThrow(AnalysisError);
    expect(() => powerSpectrum({ t0: 0, dt: 0, values: new Float64Array(4) })).toThrow(/dt must be positive/);
  });
});

describe("dft", () => {
  it("equals the direct sum for a length with large prime factors", () => {
    const n = 97;
    const re = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.3) + i / n);
    const im = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.7));
    const [xr, xi] = [re.slice(), im.slice()];
    dft(re, im);
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const a = (-2 * Math.PI * j * k) / n;
        sr += xr[j]! * Math.cos(a) - xi[j]! * Math.sin(a);
        si += xr[j]! * Math.sin(a) + xi[j]! * Math.cos(a);
      }
      expect(re[k]).toBeCloseTo(sr, 9);
      expect(im[k]).toBeCloseTo(si, 9);
    }
  });
});
