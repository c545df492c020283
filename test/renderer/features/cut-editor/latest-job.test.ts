import { describe, expect, it } from "vitest";
import { createLatestJob } from "../../../../renderer/features/cut-editor/latest-job.ts";
import { createExplorationApi } from "../exploration-api.ts";

const selection = { rows: [], channels: [], cuts: {} };

describe("latest job", () => {
  it("resolves with the job's result and reports progress", async () => {
    const api = createExplorationApi({ polls: 3, countOf: () => 7 });
    const runner = createLatestJob(api);
    const seen: number[] = [];
    const outcome = await runner.run(() => api.countEntries({ selection }), {
      onProgress: (_id, progress) => seen.push(progress.done),
    });
    expect(outcome.kind).toBe("done");
    expect(outcome.kind === "done" && outcome.value.total).toBe(7);
    expect(seen).toEqual([1, 2]);
    expect(runner.runningJobId).toBeNull();
  });

  it("cancels the older job when a newer one starts; the older resolves as superseded", async () => {
    const api = createExplorationApi({ polls: 4, countOf: (s) => (s.cuts.hit ? 1 : 2) });
    const runner = createLatestJob(api);
    const first = runner.run(() => api.countEntries({ selection }));
    await new Promise((resolve) => setTimeout(resolve, 8));
    const second = runner.run(() =>
      api.countEntries({ selection: { ...selection, cuts: { hit: "a > 1" } } }),
    );
    expect(await first).toEqual({ kind: "superseded" });
    const last = await second;
    expect(last.kind === "done" && last.value.total).toBe(1);
    expect(api.cancelled).toEqual(["x-1"]);
  });

  it("tells cancellation apart from failure", async () => {
    const api = createExplorationApi({ polls: 50 });
    const runner = createLatestJob(api);
    const running = runner.run(() => api.countEntries({ selection }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    runner.cancel();
    expect(await running).toEqual({ kind: "cancelled", jobId: "x-1" });
    const failed = await runner.run(() => Promise.reject(new Error("no dataset")));
    expect(failed).toMatchObject({ kind: "failed", jobId: null, error: { message: "no dataset" } });
  });
});
