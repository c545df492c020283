import { describe, expect, it } from "vitest";
import { Rng } from "../../../../electron/services/generator/prng.ts";

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
