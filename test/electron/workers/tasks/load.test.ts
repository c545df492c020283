// The loader's worker tasks pass progress on at most every PROGRESS_INTERVAL_MS (the first report at once).
import { afterEach, describe, expect, it, vi } from "vitest";
import { PROGRESS_INTERVAL_MS, throttledProgress } from "../../../../electron/workers/tasks/load.ts";
import type { TaskContext } from "../../../../electron/workers/pool.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("throttledProgress", () => {
  it("posts the first report, drops those within the interval, posts again after it", () => {
    let now = 1000;
    vi.spyOn(performance, "now").mockImplementation(() => now);
    const posted: unknown[] = [];
    const ctx: TaskContext = {
      cancelled: false,
      checkCancelled: () => undefined,
      progress: (info: unknown) => posted.push(info),
    };
    const report = throttledProgress(ctx);
    report({ done: 1 });
    now += PROGRESS_INTERVAL_MS / 2;
    report({ done: 2 });
    now += PROGRESS_INTERVAL_MS;
    report({ done: 3 });
    expect(posted).toEqual([{ done: 1 }, { done: 3 }]);
  });
});
