import { afterEach, describe, expect, it } from "vitest";
import { availableParallelism } from "node:os";
import {
  DEFAULT_MAX_WORKERS,
  parseWorkerCount,
  setWorkerLimit,
  workerLimit,
} from "../../../electron/workers/worker-limit.ts";

afterEach(() => setWorkerLimit(null));

describe("workerLimit", () => {
  it("defaults to the cores, capped (a 128-core login node gets DEFAULT_MAX_WORKERS)", () => {
    expect(workerLimit({})).toBe(Math.min(availableParallelism(), DEFAULT_MAX_WORKERS));
  });

  it("takes LH5_BROWSER_WORKERS, and --workers (setWorkerLimit) over it", () => {
    expect(workerLimit({ LH5_BROWSER_WORKERS: "3" })).toBe(3);
    setWorkerLimit(1);
    expect(workerLimit({ LH5_BROWSER_WORKERS: "3" })).toBe(1);
  });

  it("refuses counts that are not positive whole numbers, naming where they came from", () => {
    expect(() => workerLimit({ LH5_BROWSER_WORKERS: "0" })).toThrow(/LH5_BROWSER_WORKERS must be a positive/);
    expect(() => parseWorkerCount("2.5", "--workers")).toThrow(/--workers must be/);
    expect(() => parseWorkerCount("many", "--workers")).toThrow(/got 'many'/);
    expect(() => setWorkerLimit(-1)).toThrow();
    expect(parseWorkerCount("16", "--workers")).toBe(16);
  });
});
