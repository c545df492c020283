// Plotly is loaded once the page is idle (or after a timeout without idle callbacks), not on the first draw.
import { describe, expect, it, vi } from "vitest";
import {
  type IdleScheduler,
  type PlotlyDrawing,
  preloadWhenIdle,
  warmPlotly,
} from "../../../../renderer/features/histogram/preload-plotly.ts";

function fakeScheduler(withIdle: boolean) {
  const pending = new Map<number, () => void>();
  let next = 1;
  const add = (callback: () => void) => {
    pending.set(next, callback);
    return next++;
  };
  const scheduler: IdleScheduler = {
    setTimeout: (callback) => add(callback),
    clearTimeout: (handle) => void pending.delete(handle),
  };
  if (withIdle) {
    scheduler.requestIdleCallback = (callback) => add(callback);
    scheduler.cancelIdleCallback = (handle) => void pending.delete(handle);
  }
  const flush = () => {
    for (const [handle, callback] of [...pending]) {
      pending.delete(handle);
      callback();
    }
  };
  return { scheduler, flush, pending };
}

describe("preloadWhenIdle", () => {
  it.each([true, false])("loads once when the page is idle (idle callbacks: %s)", (withIdle) => {
    const { scheduler, flush, pending } = fakeScheduler(withIdle);
    const load = vi.fn(() => Promise.resolve());
    preloadWhenIdle(load, scheduler);
    expect(load).not.toHaveBeenCalled();
    expect(pending.size).toBe(1);
    flush();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("does nothing when cancelled before the page is idle", () => {
    const { scheduler, flush } = fakeScheduler(true);
    const load = vi.fn(() => Promise.resolve());
    const cancel = preloadWhenIdle(load, scheduler);
    cancel();
    flush();
    expect(load).not.toHaveBeenCalled();
  });

  it("swallows a failed load (the first draw reports it)", async () => {
    const { scheduler, flush } = fakeScheduler(false);
    const failing = Promise.reject(new Error("offline"));
    const load = vi.fn(() => failing);
    preloadWhenIdle(load, scheduler);
    flush();
    await expect(failing.catch(() => "handled")).resolves.toBe("handled");
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe("warmPlotly", () => {
  function fakePlotly(fail: boolean) {
    const seen: { inPage: boolean; hidden: boolean; x: number; y: number; shape: unknown }[] = [];
    const purged: HTMLElement[] = [];
    const plotly: PlotlyDrawing = {
      newPlot: (root, data) => {
        const trace = data[0] as { x: ArrayLike<number>; y: ArrayLike<number>; line: { shape: string } };
        seen.push({
          inPage: document.body.contains(root),
          hidden: root.style.visibility === "hidden" && parseFloat(root.style.left) < -1000,
          x: trace.x.length,
          y: trace.y.length,
          shape: trace.line.shape,
        });
        return fail ? Promise.reject(new Error("no canvas")) : Promise.resolve(root);
      },
      purge: (root) => purged.push(root),
    };
    return { plotly, seen, purged };
  }

  it("draws a 1000-bin step histogram in an off-screen element, then purges and removes it", async () => {
    const { plotly, seen, purged } = fakePlotly(false);
    const before = document.body.children.length;
    await warmPlotly(plotly, document);
    expect(seen).toEqual([{ inPage: true, hidden: true, x: 1001, y: 1001, shape: "hv" }]);
    expect(purged).toHaveLength(1);
    expect(document.body.children.length).toBe(before);
  });

  it("removes its element when the draw fails", async () => {
    const { plotly, purged } = fakePlotly(true);
    const before = document.body.children.length;
    await expect(warmPlotly(plotly, document)).rejects.toThrow("no canvas");
    expect(purged).toHaveLength(1);
    expect(document.body.children.length).toBe(before);
  });
});
