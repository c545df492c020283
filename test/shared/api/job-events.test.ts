// Pushed job statuses: the stream's framing, the renderer-side hub, and awaitJob taking pushed statuses
// instead of polling getJob (falling back to getJob only when the stream ends).
import { describe, expect, it, vi } from "vitest";
import { awaitJob } from "../../../shared/api/jobs.ts";
import { encodeEventFrame, EventFrameReader, JobEventHub } from "../../../shared/api/job-events.ts";
import type { JobStatus } from "../../../shared/api/types.ts";

const running = (jobId: string, done: number): JobStatus => ({
  jobId,
  kind: "histogram",
  state: "running",
  progress: { phase: "Binning", done, total: 10, unit: "files" },
  startedAt: 1,
  finishedAt: null,
});
const finished = (jobId: string, result: unknown): JobStatus => ({
  jobId,
  kind: "histogram",
  state: "done",
  progress: null,
  startedAt: 1,
  finishedAt: 2,
  result,
});

describe("EventFrameReader", () => {
  it("decodes frames however the bytes are split, typed arrays included", () => {
    const statuses = [
      running("a", 3),
      finished("a", { counts: new Float64Array([1, 2.5, Number.NaN]), edges: new Int32Array([0, 1]) }),
    ];
    const bytes = new Uint8Array(
      [{ hello: true as const }, ...statuses].flatMap((s) => [...encodeEventFrame(s)]),
    );
    for (const chunk of [1, 3, 7, 64, bytes.length]) {
      const seen: unknown[] = [];
      const reader = new EventFrameReader((value) => seen.push(value));
      for (let at = 0; at < bytes.length; at += chunk) reader.feed(bytes.subarray(at, at + chunk));
      expect(seen).toEqual([{ hello: true }, ...statuses]);
      expect((seen[2] as JobStatus<{ counts: Float64Array }>).result!.counts).toBeInstanceOf(Float64Array);
    }
  });
});

describe("JobEventHub", () => {
  it("hands a status received before the watch to the watcher", async () => {
    const hub = new JobEventHub();
    hub.open();
    hub.push(finished("fast", 7));
    const seen: JobStatus[] = [];
    hub.watch("fast", { status: (s) => seen.push(s), lost: () => undefined });
    await Promise.resolve();
    expect(seen).toEqual([finished("fast", 7)]);
  });

  it("keeps no final status (its result may be large) once a watcher had it", async () => {
    const hub = new JobEventHub();
    hub.open();
    const first: JobStatus[] = [];
    const unwatch = hub.watch("j", { status: (s) => first.push(s), lost: () => undefined });
    hub.push(finished("j", new Float64Array(4)));
    unwatch();
    const later: JobStatus[] = [];
    hub.watch("j", { status: (s) => later.push(s), lost: () => undefined });
    await Promise.resolve();
    expect(first).toHaveLength(1);
    expect(later).toEqual([]);
  });

  it("tells watchers when the stream ends, and is ready only while open", async () => {
    const hub = new JobEventHub();
    const lost = vi.fn();
    hub.watch("x", { status: () => undefined, lost });
    hub.close();
    expect(lost).toHaveBeenCalledTimes(1);
    expect(await hub.ready()).toBe(false);
  });
});

describe("awaitJob", () => {
  it("takes the pushed statuses and never polls getJob", async () => {
    const hub = new JobEventHub();
    hub.open();
    const getJob = vi.fn();
    const progress: number[] = [];
    const waiting = awaitJob(
      { getJob, jobEvents: hub },
      { jobId: "j", kind: "histogram" },
      { onProgress: (p) => progress.push(p.done) },
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    hub.push(running("other", 9)); // another job's status is not this one's
    hub.push(running("j", 4));
    hub.push(finished("j", { total: 42 }));
    await expect(waiting).resolves.toEqual({ total: 42 });
    expect(progress).toEqual([4]);
    expect(getJob).not.toHaveBeenCalled();
  });

  it("reports a pushed failure and cancellation as errors", async () => {
    const hub = new JobEventHub();
    hub.open();
    const api = { getJob: vi.fn(), jobEvents: hub };
    hub.push({ ...running("f", 1), state: "failed", error: { name: "Lh5Error", message: "bad file" } });
    await expect(awaitJob(api, { jobId: "f", kind: "count" })).rejects.toMatchObject({ message: "bad file" });
    hub.push({ ...running("c", 1), state: "cancelled" });
    await expect(awaitJob(api, { jobId: "c", kind: "count" })).rejects.toMatchObject({
      name: "Cancelled",
    });
    expect(api.getJob).not.toHaveBeenCalled();
  });

  it("asks getJob when the stream ends before the job does", async () => {
    const hub = new JobEventHub();
    hub.open();
    const getJob = vi.fn(() => Promise.resolve(finished("j", "late")));
    const waiting = awaitJob({ getJob, jobEvents: hub }, { jobId: "j", kind: "histogram" });
    await new Promise((resolve) => setTimeout(resolve, 0));
    hub.close();
    await expect(waiting).resolves.toBe("late");
    expect(getJob).toHaveBeenCalledTimes(1);
  });
});
