// Plotly (3 MB) is loaded while the app is idle after start, and draws one throwaway plot off-screen, so
// the first histogram drawn waits neither for the bundle nor for Plotly's cold first plot.
import type { Config, Data, Layout } from "plotly.js-dist-min";
import { histogram1dFigures } from "./figure.ts";

/** The timers used (the window's; injectable for tests). */
export interface IdleScheduler {
  requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
  setTimeout: (callback: () => void, ms: number) => number;
  clearTimeout: (handle: number) => void;
}

/** How long the page may stay busy before Plotly is loaded anyway (ms). */
const IDLE_TIMEOUT_MS = 3000;

/** Calls `load` once the page is idle; failures are ignored (the first draw loads and reports). Returns a cancel. */
export function preloadWhenIdle(load: () => Promise<unknown>, scheduler: IdleScheduler): () => void {
  const run = () => void load().catch(() => undefined);
  const { requestIdleCallback, cancelIdleCallback } = scheduler;
  if (requestIdleCallback && cancelIdleCallback) {
    const handle = requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(handle);
  }
  const handle = scheduler.setTimeout(run, 500);
  return () => scheduler.clearTimeout(handle);
}

/** The browser window as an IdleScheduler. */
export function windowScheduler(): IdleScheduler {
  const scheduler: IdleScheduler = {
    setTimeout: (callback, ms) => window.setTimeout(callback, ms),
    clearTimeout: (handle) => window.clearTimeout(handle),
  };
  if (typeof window.requestIdleCallback === "function") {
    scheduler.requestIdleCallback = (callback, options) => window.requestIdleCallback(callback, options);
    scheduler.cancelIdleCallback = (handle) => window.cancelIdleCallback(handle);
  }
  return scheduler;
}

/** The part of Plotly a warm-up draw uses. */
export interface PlotlyDrawing {
  newPlot(
    root: HTMLElement,
    data: Data[],
    layout: Partial<Layout>,
    config?: Partial<Config>,
  ): Promise<unknown>;
  purge(root: HTMLElement): unknown;
}

/** A throwaway 1D histogram of as many bins as a typical one (1000), shaped like a real draw. */
function warmFigure(): { data: Data[]; layout: Partial<Layout> } {
  const bins = 1000;
  const edges = Float64Array.from({ length: bins + 1 }, (_, i) => i);
  const counts = Float64Array.from({ length: bins }, (_, i) => (i * 7919) % 101);
  const [figure] = histogram1dFigures(
    {
      column: "warm-up",
      units: null,
      edges,
      series: [
        {
          label: "warm-up",
          counts,
          stats: { entries: 0, mean: 0, std: 0, underflow: 0, overflow: 0, nan: 0 },
        },
      ],
    },
    { logX: false, logY: false, logCounts: false, layout: "overlay" },
  );
  return figure!;
}

/**
 * Draws a throwaway histogram off-screen and removes it: Plotly's first plot on a page runs its code
 * cold (several times slower than the next), so the user's first Draw should not be that first plot.
 */
export async function warmPlotly(Plotly: PlotlyDrawing, doc: Document): Promise<void> {
  const div = doc.createElement("div");
  // laid out (Plotly measures it) but off-screen and invisible
  div.style.cssText = "position:fixed;left:-20000px;top:0;width:900px;height:450px;visibility:hidden";
  doc.body.appendChild(div);
  try {
    const { data, layout } = warmFigure();
    await Plotly.newPlot(div, data, layout, { responsive: false, displaylogo: false });
  } finally {
    Plotly.purge(div);
    div.remove();
  }
}
