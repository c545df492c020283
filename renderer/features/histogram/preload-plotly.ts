// Plotly (3 MB) is loaded while the app is idle after start, and draws throwaway plots off-screen, so
// the first histogram drawn waits neither for the bundle nor for Plotly's cold (unoptimised) draw code.
import type { Config, Data, Layout } from "plotly.js-dist-min";
import { histogram1dFigures } from "./figure.ts";
import { plotlyConfig } from "../../components/plotly-config.ts";

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

/** Lets the page handle input and paint between two warm-up draws (an idle callback when there is one). */
export function idlePause(scheduler: IdleScheduler): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (scheduler.requestIdleCallback) scheduler.requestIdleCallback(resolve, { timeout: IDLE_TIMEOUT_MS });
      else scheduler.setTimeout(resolve, 0);
    });
}

/** The part of Plotly a warm-up uses. */
export interface PlotlyDrawing {
  newPlot(
    root: HTMLElement,
    data: Data[],
    layout: Partial<Layout>,
    config?: Partial<Config>,
  ): Promise<unknown>;
  react(root: HTMLElement, data: Data[], layout: Partial<Layout>, config?: Partial<Config>): Promise<unknown>;
  purge(root: HTMLElement): unknown;
}

/**
 * Draws in a warm-up. One draw only compiles Plotly's draw path; the first histograms after it still took
 * 1.5-2× a later one (CPU, Chromium, 1000 bins) until V8 had optimised it over ~15-20 draws.
 */
export const WARM_DRAWS = 16;
/** Every this many warm-up draws is a new plot (as the first Draw is), the others redraw new bins (as a Draw after it). */
const NEW_PLOT_EVERY = 4;

/** A throwaway 1D histogram shaped like a real one: `bins` bins (1000 or 2000 as users pick), counts varied by `round`. */
function warmFigure(bins: number, round: number): { data: Data[]; layout: Partial<Layout> } {
  const edges = Float64Array.from({ length: bins + 1 }, (_, i) => i);
  const counts = Float64Array.from({ length: bins }, (_, i) => ((i + round) * 7919) % 101);
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

export interface WarmOptions {
  /** Awaited between draws, so the page stays responsive (see idlePause). */
  pause?: () => Promise<void>;
  /** Checked before each draw after the first: true stops the warm-up (the user asked for a real histogram). */
  stop?: () => boolean;
}

/**
 * Draws throwaway histograms off-screen and removes them: Plotly's first plots on a page run its code cold
 * (several times slower than once optimised), so the user's first Draw should not be one of them.
 */
export async function warmPlotly(
  Plotly: PlotlyDrawing,
  doc: Document,
  options: WarmOptions = {},
): Promise<void> {
  const div = doc.createElement("div");
  // laid out (Plotly measures it) but off-screen and invisible
  div.style.cssText = "position:fixed;left:-20000px;top:0;width:900px;height:450px;visibility:hidden";
  doc.body.appendChild(div);
  const config = plotlyConfig({ responsive: false });
  try {
    for (let round = 0; round < WARM_DRAWS; round++) {
      if (round > 0) {
        await options.pause?.();
        if (options.stop?.()) break;
      }
      const { data, layout } = warmFigure(round % 2 === 0 ? 1000 : 2000, round);
      if (round % NEW_PLOT_EVERY === 0) await Plotly.newPlot(div, data, layout, config);
      else await Plotly.react(div, data, layout);
    }
  } finally {
    Plotly.purge(div);
    div.remove();
  }
}
