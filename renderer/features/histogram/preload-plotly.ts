// Plotly (3 MB) is loaded while the app is idle after start, so the first histogram drawn does not wait
// for it (the bins of a 10^7-entry histogram arrive in well under a second).

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
