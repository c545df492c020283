// Plotly is loaded once the page is idle (or after a timeout without idle callbacks), not on the first draw.
import { LOCAL_ONLY_CONFIG } from "../../../../renderer/components/plotly-config.ts";
import { describe, expect, it, vi } from "vitest";
import type { Data } from "plotly.js-dist-min";
import {
  type IdleScheduler,
  idlePause,
  type PlotlyDrawing,
  preloadWhenIdle,
  WARM_DRAWS,
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
  type Seen = {
    call: "newPlot" | "react";
    inPage: boolean;
    hidden: boolean;
    x: number;
    y: number;
    shape: unknown;
    config: unknown;
  };
  function fakePlotly(fail: boolean) {
    const seen: Seen[] = [];
    const purged: HTMLElement[] = [];
    const draw =
      (call: Seen["call"]) =>
      (root: HTMLElement, data: Data[], _layout?: unknown, config?: unknown): Promise<unknown> => {
        const trace = data[0] as { x: ArrayLike<number>; y: ArrayLike<number>; line: { shape: string } };
        seen.push({
          call,
          inPage: document.body.contains(root),
          hidden: root.style.visibility === "hidden" && parseFloat(root.style.left) < -1000,
          x: trace.x.length,
          y: trace.y.length,
          shape: trace.line.shape,
          config,
        });
        return fail ? Promise.reject(new Error("no canvas")) : Promise.resolve(root);
      };
    const plotly: PlotlyDrawing = {
      newPlot: draw("newPlot"),
      react: draw("react"),
      purge: (root) => purged.push(root),
    };
    return { plotly, seen, purged };
  }

  it("draws 1000- and 2000-bin step histograms in an off-screen element, then purges and removes it", async () => {
    const { plotly, seen, purged } = fakePlotly(false);
    const before = document.body.children.length;
    let pauses = 0;
    await warmPlotly(plotly, document, { pause: () => Promise.resolve(void pauses++) });
    expect(seen).toHaveLength(WARM_DRAWS);
    expect(pauses).toBe(WARM_DRAWS - 1);
    expect(seen.every((s) => s.inPage && s.hidden && s.shape === "hv")).toBe(true);
    // new plots (as a first Draw) and redraws of new bins (as a Draw after it), both sizes
    expect(seen.slice(0, 5).map((s) => [s.call, s.x])).toEqual([
      ["newPlot", 1001],
      ["react", 2001],
      ["react", 1001],
      ["react", 2001],
      ["newPlot", 1001],
    ]);
    expect(purged).toHaveLength(1);
    expect(document.body.children.length).toBe(before);
    // every new plot is configured to stay on this machine (react without a config keeps the plot's)
    for (const s of seen.filter((s) => s.call === "newPlot"))
      expect(s.config).toMatchObject(LOCAL_ONLY_CONFIG);
  });

  it("stops at a pause once asked to (the user drew a histogram), and still cleans up", async () => {
    const { plotly, seen, purged } = fakePlotly(false);
    const before = document.body.children.length;
    let requested = false;
    const pause = () => {
      if (seen.length === 3) requested = true;
      return Promise.resolve();
    };
    await warmPlotly(plotly, document, { pause, stop: () => requested });
    expect(seen).toHaveLength(3);
    expect(purged).toHaveLength(1);
    expect(document.body.children.length).toBe(before);
  });

  it("removes its element when the draw fails", async () => {
    const { plotly, seen, purged } = fakePlotly(true);
    const before = document.body.children.length;
    await expect(warmPlotly(plotly, document)).rejects.toThrow("no canvas");
    expect(seen).toHaveLength(1);
    expect(purged).toHaveLength(1);
    expect(document.body.children.length).toBe(before);
  });
});

describe("idlePause", () => {
  it.each([true, false])(
    "resolves on the next idle callback or timer (idle callbacks: %s)",
    async (withIdle) => {
      const { scheduler, flush, pending } = fakeScheduler(withIdle);
      let resolved = false;
      const paused = idlePause(scheduler)().then(() => (resolved = true));
      await Promise.resolve();
      expect(resolved).toBe(false);
      expect(pending.size).toBe(1);
      flush();
      await paused;
      expect(resolved).toBe(true);
    },
  );
});
