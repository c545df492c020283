import { describe, expect, it } from "vitest";
import {
  computeDerivedTrace,
  DERIVED_TRACES,
  derivedTraceSpec,
} from "../../../../electron/services/analysis/derived-traces.ts";
import { poleZero, subtractBaseline, trapezoid } from "../../../../electron/services/analysis/waveform.ts";

const DT = 16;
const pulse = Float64Array.from(
  { length: 3000 },
  (_, i) => 12_000 + (i >= 1000 ? 2000 * Math.exp((-(i - 1000) * DT) / 400_000) : 0),
);
const wf = { t0: 0, dt: DT, values: pulse };

describe("DERIVED_TRACES registry", () => {
  it("describes every trace with parameters whose defaults lie within their bounds", () => {
    expect(DERIVED_TRACES.map((s) => s.id)).toEqual([
      "baseline_subtracted",
      "moving_average",
      "pole_zero",
      "trapezoid",
    ]);
    for (const spec of DERIVED_TRACES) {
      expect(spec.label.length).toBeGreaterThan(0);
      for (const p of spec.params) {
        expect(p.default).toBeGreaterThanOrEqual(p.min);
        expect(p.default).toBeLessThanOrEqual(p.max);
        expect(p.unit).toBe("ns");
      }
    }
  });

  it("computes each trace with defaults, as the chain it documents", () => {
    const bl = subtractBaseline(wf, 0, 4000);
    expect([...computeDerivedTrace("baseline_subtracted", wf).values]).toEqual([...bl.values]);
    const pz = computeDerivedTrace("pole_zero", wf).values;
    expect(pz[2999]).toBeCloseTo(2000, 6);
    const trap = computeDerivedTrace("trapezoid", wf, { rise: 4000, flat: 1000 });
    expect([...trap.values]).toEqual([...trapezoid(poleZero(bl, 400_000), 4000, 1000).values]);
    expect(Math.max(...trap.values)).toBeCloseTo(2000, 6);
    const mwa = computeDerivedTrace("moving_average", wf, { length: 160 });
    expect(mwa.values[2999]).toBeCloseTo(bl.values.slice(2990).reduce((a, b) => a + b, 0) / 10, 9);
  });

  it("refuses unknown traces, unknown parameters and values out of bounds, naming them", () => {
    expect(() => derivedTraceSpec("fft")).toThrow(/unknown derived trace 'fft'/);
    expect(() => computeDerivedTrace("trapezoid", wf, { rize: 100 })).toThrow(/no parameter 'rize'/);
    expect(() => computeDerivedTrace("pole_zero", wf, { tau: -5 })).toThrow(/Decay time τ must be/);
    expect(() => computeDerivedTrace("pole_zero", wf, { tau: NaN })).toThrow(/got NaN/);
  });
});
