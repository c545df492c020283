// The worker's warm-up runs the hot loops on synthetic arrays only: it leaves the worker's caches empty and
// its dataset scope unset, so the first real task reads and bins exactly as without it.
import { describe, expect, it } from "vitest";
import {
  cycleCacheBytes,
  warmCycleWork,
} from "../../../../../electron/services/app/exploration/cycle-work.ts";

describe("warmCycleWork", () => {
  it("caches nothing and can run again", () => {
    warmCycleWork();
    warmCycleWork();
    expect(cycleCacheBytes()).toBe(0);
  });
});
