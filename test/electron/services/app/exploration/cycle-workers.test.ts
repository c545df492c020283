// How cycles are shared among the exploration workers: every cycle once, none above an even share, the same shares for
// the same rows (so each worker finds what it cached), file queries that pick every other cycle spread; ready
// once every worker is up; idle workers ready their read path, and real work sent meanwhile goes first.
import { describe, expect, it, vi } from "vitest";
import { CycleWorkers } from "../../../../../electron/services/app/exploration/cycle-workers.ts";

const range = (n: number, step = 1) => Array.from({ length: n }, (_, i) => i * step);

describe("CycleWorkers.shares", () => {
  it.each([1, 2, 3, 4])("gives every cycle to one of %i workers, no share above an even one", (size) => {
    const workers = new CycleWorkers(size);
    for (const rows of [range(10), range(37), range(5, 3), range(1), []]) {
      const shares = workers.shares(rows);
      expect(shares.length).toBe(size);
      expect(shares.flat().sort((a, b) => a - b)).toEqual([...rows].sort((a, b) => a - b));
      for (const share of shares) expect(share.length).toBeLessThanOrEqual(Math.ceil(rows.length / size));
      for (const share of shares) expect(share).toEqual([...share].sort((a, b) => a - b));
    }
  });

  it("gives the same rows the same shares", () => {
    const workers = new CycleWorkers(2);
    expect(workers.shares(range(40))).toEqual(workers.shares(range(40)));
  });

  it("keeps most cycles of a subset at the worker that had them in the full selection", () => {
    const workers = new CycleWorkers(2);
    const full = workers.shares(range(100));
    const even = workers.shares(range(50, 2));
    const moved = even.reduce((n, share, w) => n + share.filter((row) => !full[w]!.includes(row)).length, 0);
    expect(moved).toBeLessThan(15);
  });
});

describe("CycleWorkers.ready", () => {
  it("turns true once warm() has started every worker, and false again after close", async () => {
    const workers = new CycleWorkers(2);
    expect(workers.ready).toBe(false);
    workers.warm();
    expect(workers.ready).toBe(false);
    await vi.waitFor(() => expect(workers.ready).toBe(true), { timeout: 60_000, interval: 50 });
    await workers.close();
    expect(workers.ready).toBe(false);
  }, 90_000);
});

describe("CycleWorkers read warm-up", () => {
  it("idle workers ready their read path after warm(); work sent meanwhile stops it and it resumes after", async () => {
    const workers = new CycleWorkers(2);
    try {
      expect(workers.readsReady).toBe(false);
      workers.warm();
      await vi.waitFor(() => expect(workers.ready).toBe(true), { timeout: 60_000, interval: 20 });
      // the read warm-up is running now (or about to): a task sent meanwhile still runs, and succeeds
      const outcome = await workers.run("exploreWarm", [0, 1, 2, 3], () => null, {}, "test");
      expect(outcome).toEqual([true, true]);
      await vi.waitFor(() => expect(workers.readsReady).toBe(true), { timeout: 60_000, interval: 50 });
    } finally {
      await workers.close();
    }
    expect(workers.readsReady).toBe(false);
  }, 120_000);
});
