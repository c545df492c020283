import { describe, expect, it } from "vitest";
import {
  COLD_MIN_MS,
  ProgressSum,
  UNIT_COST_MS,
  WARM_MIN_MS,
  contiguousParts,
  shardOverPool,
} from "../../../electron/workers/shards.ts";

const cold = { size: 2, liveWorkers: 0 };
const warm = { size: 2, liveWorkers: 2 };

describe("shardOverPool: one rule for every caller", () => {
  it("keeps the thresholds the callers had: loader 256 cycles cold / 32 warm, table scan 400 files, generator 200 cycles", () => {
    expect(shardOverPool(cold, "loaderCycle", 255)).toBe(false);
    expect(shardOverPool(cold, "loaderCycle", 256)).toBe(true);
    expect(shardOverPool(warm, "loaderCycle", 31)).toBe(false);
    expect(shardOverPool(warm, "loaderCycle", 32)).toBe(true);
    expect(shardOverPool(cold, "tableFile", 399)).toBe(false);
    expect(shardOverPool(cold, "tableFile", 400)).toBe(true);
    expect(shardOverPool(cold, "generatorCycle", 199)).toBe(false);
    expect(shardOverPool(cold, "generatorCycle", 200)).toBe(true);
    // a walk is sized by its first subtree and sent only to running workers: ~4000 files
    expect(shardOverPool(warm, "walkFile", 3900)).toBe(false);
    expect(shardOverPool(warm, "walkFile", 4000)).toBe(true);
  });

  it("compares estimated time with the cost of the pool; an explicit choice wins", () => {
    for (const kind of Object.keys(UNIT_COST_MS) as (keyof typeof UNIT_COST_MS)[]) {
      const coldUnits = Math.ceil(COLD_MIN_MS / UNIT_COST_MS[kind]);
      expect(shardOverPool(cold, kind, coldUnits)).toBe(true);
      expect(shardOverPool(warm, kind, Math.ceil(WARM_MIN_MS / UNIT_COST_MS[kind]))).toBe(true);
      expect(shardOverPool(cold, kind, 1, true)).toBe(true);
      expect(shardOverPool(warm, kind, 1e9, false)).toBe(false);
    }
  });
});

describe("contiguousParts", () => {
  it("splits into at most n nearly equal contiguous slices, none empty", () => {
    expect(contiguousParts([1, 2, 3, 4, 5], 2)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(contiguousParts([1, 2], 4)).toEqual([[1], [2]]);
    expect(contiguousParts([], 3)).toEqual([]);
  });
});

describe("ProgressSum", () => {
  it("reports the sum of the parts' own counts, each part's latest count replacing its earlier one", () => {
    const reports: number[] = [];
    const sum = new ProgressSum(3, (done) => reports.push(done));
    const [a, b, c] = [sum.part(0), sum.part(1), sum.part(2)];
    a(2);
    b(5);
    a(4);
    c(1);
    expect(reports).toEqual([2, 7, 9, 10]);
    expect(sum.sum).toBe(10);
  });
});
