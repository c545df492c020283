// Plotly is loaded once the page is idle (or after a timeout without idle callbacks), not on the first draw.
import { describe, expect, it, vi } from "vitest";
import {
  type IdleScheduler,
  preloadWhenIdle,
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
