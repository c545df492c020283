import { describe, expect, it } from "vitest";
import { Rng } from "../../../../electron/services/generator/prng.ts";
import { normalQuantile } from "../../../../electron/services/generator/normal-quantile.ts";

function draws(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextUint32());
}

describe("Rng (xoshiro128** seeded by splitmix32)", () => {
  it("repeats the same sequence for the same seed and streams", () => {
    expect(draws(new Rng(42, 3, 7), 100)).toEqual(draws(new Rng(42, 3, 7), 100));
  });

  it("gives different sequences for different seeds or streams", () => {
    const base = draws(new Rng(42, 3, 7), 20);
    expect(draws(new Rng(43, 3, 7), 20)).not.toEqual(base);
    expect(draws(new Rng(42, 4, 7), 20)).not.toEqual(base);
    expect(draws(new Rng(42, 3, 8), 20)).not.toEqual(base);
    expect(draws(new Rng(42, 7, 3), 20)).not.toEqual(base);
  });

  it("draws uniform, normal and exponential deviates with the right moments", () => {
    const rng = new Rng(1);
    const n = 200_000;
    let sumU = 0;
    let sumN = 0;
    let sumN2 = 0;
    let sumE = 0;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      if (!(u >= 0 && u < 1)) outOfRange++;
      sumU += u;
      const z = rng.normal();
      sumN += z;
      sumN2 += z * z;
      sumE += rng.exponential(3);
    }
    expect(outOfRange).toBe(0);
    expect(sumU / n).toBeCloseTo(0.5, 2);
    expect(sumN / n).toBeCloseTo(0, 1);
    expect(sumN2 / n).toBeCloseTo(1, 1);
    expect(sumE / n).toBeCloseTo(3, 1);
  });

  it("picks indices by weight and integers in range", () => {
    const rng = new Rng(9);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[rng.weighted([1, 0, 3])]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.7);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.3);
    for (let i = 0; i < 1000; i++) {
      const k = rng.int(5);
      expect(Number.isInteger(k) && k >= 0 && k < 5).toBe(true);
    }
  });
});

describe("normal deviates (ziggurat) and their extremes", () => {
  it("has the normal distribution's tails, the ziggurat's own tail beyond 3.44 included", () => {
    const rng = new Rng(5);
    const n = 2_000_000;
    const beyond = [1, 2, 3, 3.5, 4];
    const counts = beyond.map(() => 0);
    for (let i = 0; i < n; i++) {
      const z = Math.abs(rng.normal());
      for (let k = 0; k < beyond.length; k++) if (z > beyond[k]!) counts[k]!++;
    }
    // P(|Z| > x), and the allowed deviation: 5 binomial standard deviations
    const expected = [0.3173105079, 0.0455002639, 0.0026997961, 0.0004652582, 0.0000633425];
    for (let k = 0; k < beyond.length; k++) {
      const sd = Math.sqrt(n * expected[k]! * (1 - expected[k]!));
      expect(Math.abs(counts[k]! - n * expected[k]!), `|z| > ${beyond[k]}`).toBeLessThan(5 * sd);
    }
  });

  it("fills arrays with the same deviates as one normal() call each", () => {
    const a = new Rng(8, 1);
    const b = new Rng(8, 1);
    const filled = new Float64Array(100_000);
    a.fillNormal(filled);
    const one = Float64Array.from({ length: filled.length }, () => b.normal());
    expect(filled).toEqual(one);
    expect(a.nextUint32()).toBe(b.nextUint32()); // and leaves the generator in the same state
  });

  it("computes normal quantiles to 1e-8", () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.3)).toBeCloseTo(-0.5244005127080407, 8);
    expect(normalQuantile(0.02)).toBeCloseTo(-2.053748910631823, 8);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 8);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 7);
    expect(normalQuantile(0)).toBe(-Infinity);
  });

  it("draws the maximum of many normal deviates as the maximum of that many draws is distributed", () => {
    const rng = new Rng(11);
    const runs = 4000;
    for (const count of [1, 20, 500]) {
      const direct: number[] = [];
      const drawn: number[] = [];
      for (let r = 0; r < runs; r++) {
        let max = -Infinity;
        for (let i = 0; i < count; i++) max = Math.max(max, rng.normal());
        direct.push(max);
        drawn.push(rng.maxOfNormals(count));
      }
      const quantile = (v: number[], p: number): number =>
        [...v].sort((x, y) => x - y)[Math.floor(p * runs)]!;
      for (const p of [0.1, 0.5, 0.9]) {
        // the exact quantile of the maximum: Φ⁻¹(p^(1/count))
        const exact = normalQuantile(p ** (1 / count));
        expect(Math.abs(quantile(drawn, p) - exact), `count ${count}, p ${p}`).toBeLessThan(0.06);
        expect(Math.abs(quantile(direct, p) - exact), `count ${count}, p ${p}`).toBeLessThan(0.06);
      }
    }
  });
});
