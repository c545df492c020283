// The worker cap for shared machines: `serve --workers N` wins over LH5_BROWSER_WORKERS, which wins over
// the default (the available cores, at most 4).
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_WORKERS,
  parseWorkerCount,
  setWorkerLimit,
  workerLimit,
} from "../../../../electron/services/app/worker-limit.ts";

afterEach(() => setWorkerLimit(null));

describe("workerLimit", () => {
  it("defaults to the available cores, capped", () => {
    expect(workerLimit({}, 2)).toBe(2);
    expect(workerLimit({}, 64)).toBe(DEFAULT_MAX_WORKERS);
    expect(workerLimit({}, 1)).toBe(1);
  });

  it("reads LH5_BROWSER_WORKERS, which may go above the default cap", () => {
    expect(workerLimit({ LH5_BROWSER_WORKERS: "1" }, 64)).toBe(1);
    expect(workerLimit({ LH5_BROWSER_WORKERS: " 12 " }, 64)).toBe(12);
  });

  it("ignores a malformed environment value rather than failing inside a pool", () => {
    for (const bad of ["0", "-2", "1.5", "many", ""])
      expect(workerLimit({ LH5_BROWSER_WORKERS: bad }, 3), bad).toBe(3);
  });

  it("takes the command line's value over the environment, until forgotten", () => {
    setWorkerLimit(2);
    expect(workerLimit({ LH5_BROWSER_WORKERS: "8" }, 64)).toBe(2);
    setWorkerLimit(null);
    expect(workerLimit({ LH5_BROWSER_WORKERS: "8" }, 64)).toBe(8);
    expect(() => setWorkerLimit(0)).toThrow(RangeError);
    expect(() => setWorkerLimit(2.5)).toThrow(RangeError);
  });

  it("parses whole numbers ≥ 1 only", () => {
    expect(parseWorkerCount("3")).toBe(3);
    expect(parseWorkerCount("03")).toBe(3);
    for (const bad of ["0", "-1", "1e3", "0x4", "2.0", "", " "])
      expect(parseWorkerCount(bad), bad).toBeNull();
  });
});
