import { describe, expect, it } from "vitest";
import {
  align,
  baselineMean,
  meanWaveform,
  movingAverage,
  normalize,
  poleZero,
  subtractBaseline,
  trapezoid,
  type Waveform,
} from "../../../../electron/services/analysis/waveform.ts";

const DT = 16; // ns, as LEGEND raw waveforms

/** Exponential pulse of amplitude a starting at sample s with decay tau (ns), on a flat baseline. */
function expPulse(n: number, s: number, a: number, tauNs: number, baseline = 0): Float64Array {
  return Float64Array.from(
    { length: n },
    (_, i) => baseline + (i >= s ? a * Math.exp((-(i - s) * DT) / tauNs) : 0),
  );
}

function step(n: number, s: number, a: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (i >= s ? a : 0));
}

describe("baseline, normalisation and alignment", () => {
  it("subtracts the mean of the window [start, end) given as offsets from the first sample", () => {
    const values = new Uint16Array([10, 12, 14, 100, 100]);
    const wf: Waveform = { t0: 5000, dt: DT, values };
    expect(baselineMean(wf, 0, 3 * DT)).toBe(12);
    const out = subtractBaseline(wf, 0, 3 * DT);
    expect([...out.values]).toEqual([-2, 0, 2, 88, 88]);
    expect(out.t0).toBe(5000);
    expect(() => subtractBaseline(wf, 0, 0)).toThrow(/baseline window end/);
    expect(() => subtractBaseline(wf, 0, 100 * DT)).toThrow(/between 1 and 5 samples/);
  });

  it("normalises by a value and refuses 0 or NaN", () => {
    const wf: Waveform = { t0: 0, dt: DT, values: new Float32Array([2, 4]) };
    expect([...normalize(wf, 4).values]).toEqual([0.5, 1]);
    expect(() => normalize(wf, 0)).toThrow(/cannot normalise by 0/);
    expect(() => normalize(wf, NaN)).toThrow(/cannot normalise by NaN/);
  });

  it("aligns by shifting the time axis only", () => {
    const values = new Float32Array([1, 2]);
    const aligned = align({ t0: 1000, dt: DT, values }, 1320);
    expect(aligned.t0).toBe(-320);
    expect(aligned.values).toBe(values);
  });
});

describe("moving-window average (dspeed moving_window_left)", () => {
  it("keeps a constant, and preserves the sum of a pulse that starts and ends on its baseline", () => {
    const flat = movingAverage({ t0: 0, dt: DT, values: new Float64Array(50).fill(7) }, 5 * DT);
    expect(flat.values.every((v) => Math.abs(v - 7) < 1e-12)).toBe(true);
    const n = 400;
    const values = Float64Array.from(
      { length: n },
      (_, i) => 100 + (i > 100 && i < 200 ? 50 * Math.sin(i) : 0),
    );
    const out = movingAverage({ t0: 0, dt: DT, values }, 8 * DT);
    const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    expect(sum(out.values) / n).toBeCloseTo(sum(values) / n, 9);
  });

  it("is the mean of the trailing window, padded with the first sample", () => {
    const values = new Float64Array([4, 8, 0, 12, 4]);
    const out = movingAverage({ t0: 0, dt: 1, values }, 2);
    expect([...out.values]).toEqual([4, 6, 4, 6, 8]);
    expect(() => movingAverage({ t0: 0, dt: 1, values }, 5)).toThrow(/moving-window length/);
  });
});

describe("trapezoidal filter (dspeed trap_norm)", () => {
  it("turns a step of height A into a trapezoid with flat top A of the expected length", () => {
    const n = 600;
    const s = 100;
    const rise = 50;
    const flat = 20;
    const out = trapezoid({ t0: 0, dt: DT, values: step(n, s, 250) }, rise * DT, flat * DT).values;
    // Rising edge: reaches A at s + rise - 1, stays there for flat + 1 samples, then falls to 0.
    expect(out[s - 1]).toBe(0);
    expect(out[s]).toBeCloseTo(250 / rise, 12);
    for (let i = s + rise - 1; i <= s + rise + flat - 1; i++) expect(out[i]).toBeCloseTo(250, 9);
    expect(out[s + rise + flat]).toBeLessThan(250);
    for (let i = s + 2 * rise + flat - 1; i < n; i++) expect(out[i]).toBeCloseTo(0, 9);
    const top = Math.max(...out);
    expect(top).toBeCloseTo(250, 9);
  });

  it("matches the direct window-sum definition on arbitrary samples", () => {
    const values = Float64Array.from({ length: 120 }, (_, i) => Math.sin(i * 0.3) * 40 + i);
    const r = 7;
    const f = 3;
    const out = trapezoid({ t0: 0, dt: 1, values }, r, f).values;
    // before the trace: the mean of the first r samples (the baseline goes on)
    const pad = values.slice(0, r).reduce((sum, v) => sum + v, 0) / r;
    const at = (i: number) => (i >= 0 ? values[i]! : pad);
    for (let i = 0; i < values.length; i++) {
      let lead = 0;
      let lag = 0;
      for (let k = 0; k < r; k++) {
        lead += at(i - k);
        lag += at(i - r - f - k);
      }
      expect(out[i]).toBeCloseTo((lead - lag) / r, 9);
    }
  });

  it("shows no artefact at t = 0 on a trace with an unsubtracted baseline (issue #18, defect 5)", () => {
    const n = 2000;
    const baseline = 15_000;
    const values = Float64Array.from(step(n, 1000, 300), (v, i) => v + baseline + Math.sin(i) * 3);
    const out = trapezoid({ t0: 0, dt: DT, values }, 100 * DT, 20 * DT).values;
    // before the pulse the output stays at the noise level, far below the 300 ADC signal
    for (let i = 0; i < 1000; i++) expect(Math.abs(out[i]!)).toBeLessThan(5);
    expect(Math.max(...out)).toBeCloseTo(300, -1);
  });

  it("refuses a trapezoid wider than the waveform", () => {
    expect(() => trapezoid({ t0: 0, dt: DT, values: new Float64Array(100) }, 50 * DT, 1 * DT)).toThrow(
      /wider than the waveform/,
    );
  });
});

describe("pole-zero correction (dspeed pole_zero)", () => {
  it("turns an exponential decay with the right tau into a step", () => {
    const tau = 400_000; // ns
    const out = poleZero({ t0: 0, dt: DT, values: expPulse(2000, 300, 1000, tau) }, tau).values;
    for (let i = 0; i < 300; i++) expect(out[i]).toBe(0);
    for (let i = 300; i < 2000; i++) expect(out[i]).toBeCloseTo(1000, 8);
  });

  it("leaves a tail when tau is wrong (too short over-corrects upwards, too long droops)", () => {
    const tau = 50_000;
    const tooShort = poleZero({ t0: 0, dt: DT, values: expPulse(3000, 100, 1000, tau) }, tau / 2).values;
    expect(tooShort[2999]).toBeGreaterThan(1100);
    const tooLong = poleZero({ t0: 0, dt: DT, values: expPulse(3000, 100, 1000, tau) }, tau * 2).values;
    expect(tooLong[2999]).toBeLessThan(900);
  });

  it("on a pulse with a baseline, baseline first then pole-zero then trapezoid gives the amplitude", () => {
    const tau = 200_000;
    const raw = expPulse(2000, 600, 3000, tau, 15_000);
    const bl = subtractBaseline({ t0: 0, dt: DT, values: raw }, 0, 500 * DT);
    const trap = trapezoid(poleZero(bl, tau), 300 * DT, 100 * DT).values;
    expect(Math.max(...trap)).toBeCloseTo(3000, 6);
  });

  it("refuses a non-positive tau", () => {
    expect(() => poleZero({ t0: 0, dt: DT, values: new Float64Array(3) }, 0)).toThrow(
      /tau must be a positive/,
    );
  });
});

describe("mean (template) waveform", () => {
  it("averages aligned rows on a common grid, with spread and coverage", () => {
    // Two rows, the second one shifted by 2 samples; aligned at their pulse times they coincide.
    const nSamples = 6;
    const values = new Float32Array([0, 0, 10, 10, 10, 10, 0, 0, 0, 0, 20, 20]);
    const block = {
      nRows: 2,
      nSamples,
      t0: new Float64Array([0, 0]),
      dt: new Float64Array([DT, DT]),
      values,
    };
    const tp0 = new Float64Array([2 * DT, 4 * DT]);
    const tmpl = meanWaveform(block, { align: tp0 });
    expect(tmpl.t0).toBe(-4 * DT);
    expect(tmpl.values.length).toBe(8);
    expect([...tmpl.coverage]).toEqual([1, 1, 2, 2, 2, 2, 1, 1]);
    expect([...tmpl.values]).toEqual([0, 0, 0, 0, 15, 15, 10, 10]);
    expect(tmpl.std[4]).toBeCloseTo(5, 12);
    const normalised = meanWaveform(block, { align: tp0, normalizeBy: new Float64Array([10, 20]) });
    expect(normalised.values[4]).toBe(1);
    expect(normalised.std[4]).toBe(0);
    const one = meanWaveform(block, { rows: new Uint32Array([1]), baseline: [0, 2 * DT] });
    expect([...one.values]).toEqual([0, 0, 0, 0, 20, 20]);
    expect(one.used).toBe(1);
  });

  it("refuses rows with different dt, an empty selection and inconsistent blocks", () => {
    const block = {
      nRows: 2,
      nSamples: 1,
      t0: new Float64Array(2),
      dt: new Float64Array([16, 8]),
      values: new Float64Array(2),
    };
    expect(() => meanWaveform(block)).toThrow(/different dt/);
    expect(() => meanWaveform(block, { rows: new Uint32Array(0) })).toThrow(/empty/);
    expect(() => meanWaveform({ ...block, values: new Float64Array(3) })).toThrow(/inconsistent/);
    expect(() => meanWaveform(block, { rows: new Uint32Array([5]) })).toThrow(/row 5/);
  });
});
