// The worker's warm-ups (hot loops on synthetic arrays; the task path over a throwaway file) leave the
// worker's caches empty and its dataset scope unset, so the first real task reads and bins as without them.
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import {
  cycleCacheBytes,
  stagedColumnBytes,
  warmCycleReadSteps,
  warmCycleWork,
} from "../../../../../electron/services/app/exploration/cycle-work.ts";
import { initH5 } from "../../../../../electron/services/lh5/h5.ts";

describe("warmCycleWork", () => {
  it("caches nothing and can run again", () => {
    warmCycleWork();
    warmCycleWork();
    expect(cycleCacheBytes()).toBe(0);
  });
});

/** Runs the warm-up's steps to the end, as exploreWarmReads does when nothing interrupts it. */
function warmCycleReads(): boolean {
  const steps = warmCycleReadSteps();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

describe("warmCycleReadSteps", () => {
  it("runs the histogram and count tasks over its throwaway file and leaves nothing cached or staged", async () => {
    await initH5();
    expect(warmCycleReads()).toBe(true);
    expect(cycleCacheBytes()).toBe(0);
    expect(stagedColumnBytes()).toBe(0);
    expect(warmCycleReads()).toBe(true); // and again (a recycled worker warms up too)
  });

  it("stopped between steps, it cleans up and leaves the dataset's state alone", async () => {
    await initH5();
    const steps = warmCycleReadSteps();
    steps.next();
    steps.next();
    steps.next(); // one count over the throwaway file done
    expect(steps.return(false).done).toBe(true);
    expect(cycleCacheBytes()).toBe(0);
    expect(stagedColumnBytes()).toBe(0);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`lh5-browser-warm-${process.pid}-`))).toEqual([]);
  });
});
