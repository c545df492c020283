// The cost model that decides whether a dataset is written by the worker pool and how cycles are split into tasks.
import { describe, expect, it } from "vitest";
import { cycleCostMs, cyclesPerTask, ruleCycleUnits } from "../../../../electron/services/generator/cost.ts";
import { checkOptions } from "../../../../electron/services/generator/options.ts";
import { shardOverPool } from "../../../../electron/workers/shards.ts";

const coldPool = { size: 2, liveWorkers: 0 };
const usesPool = (units: number): boolean => shardOverPool(coldPool, "generatorCycle", units);

describe("generator cost model", () => {
  it("keeps small cycles in tasks of 25 and the pool's break-even at 200 of them", () => {
    const small = checkOptions({ cycles: 200, channels: 2, events: 10 });
    expect(cyclesPerTask(small)).toBe(25);
    expect(ruleCycleUnits(small)).toBeCloseTo(200, 9);
    expect(usesPool(ruleCycleUnits(small))).toBe(true);
    expect(usesPool(ruleCycleUnits(checkOptions({ cycles: 100, channels: 2, events: 10 })))).toBe(false);
  });

  it("sends a realistic 20-cycle, 100-channel tree of ~10^7 hits to the pool, one cycle per task", () => {
    const big = checkOptions({
      cycles: 20,
      channels: 100,
      events: 450_000,
      tiers: ["dsp", "hit", "tcm", "evt"],
    });
    expect(usesPool(ruleCycleUnits(big))).toBe(true);
    expect(cyclesPerTask(big)).toBe(1);
    // 20 tasks: both workers busy until the end
    expect(Math.ceil(big.cycles / cyclesPerTask(big))).toBe(20);
  });

  it("prices hits with waveforms above drawn ones, and grows with channels and events", () => {
    const base = { channels: 10, events: 1000 };
    const withRaw = cycleCostMs({ ...base, tiers: ["raw", "dsp", "hit", "tcm", "evt"] });
    const withoutRaw = cycleCostMs({ ...base, tiers: ["dsp", "hit", "tcm", "evt"] });
    expect(withRaw).toBeGreaterThan(2 * withoutRaw);
    expect(cycleCostMs({ ...base, channels: 20, tiers: ["hit"] })).toBeGreaterThan(
      cycleCostMs({ ...base, tiers: ["hit"] }),
    );
    expect(cycleCostMs({ ...base, events: 2000, tiers: ["hit"] })).toBeGreaterThan(
      cycleCostMs({ ...base, tiers: ["hit"] }),
    );
  });
});
