import { describe, expect, it } from "vitest";
import { JobManager } from "../../../../electron/services/app/jobs.ts";
import { PROGRESS_PUSH_INTERVAL_MS } from "../../../../shared/api/job-events.ts";
import type { JobStatus } from "../../../../shared/api/types.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("JobManager", () => {
  it("runs a job, reports its progress and returns its result", async () => {
    const jobs = new JobManager();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handle = jobs.start("scan", async (ctx) => {
      ctx.progress({ phase: "Scanning files", done: 3, total: 10, unit: "files", current: "/a.lh5" });
      await gate;
      return { rows: 42 };
    });
    await tick();
    const running = await jobs.status(handle.jobId);
    expect(running.state).toBe("running");
    expect(running.progress).toEqual({
      phase: "Scanning files",
      done: 3,
      total: 10,
      unit: "files",
      current: "/a.lh5",
    });
    release();
    const done = await jobs.status(handle.jobId, 1000);
    expect(done).toMatchObject({ state: "done", result: { rows: 42 } });
    expect(done.finishedAt).not.toBeNull();
  });

  it("keeps failures apart from cancellation", async () => {
    const jobs = new JobManager();
    const failing = jobs.start("scan", () =>
      Promise.reject(Object.assign(new Error("bad file"), { file: "/x.lh5" })),
    );
    const failed = await jobs.status(failing.jobId, 1000);
    expect(failed).toMatchObject({ state: "failed", error: { message: "bad file", file: "/x.lh5" } });

    let aborted = false;
    const long = jobs.start("scan", (ctx) => {
      return new Promise((_resolve, reject) => {
        ctx.signal.addEventListener("abort", () => {
          aborted = true;
          reject(new Error("stopped"));
        });
      });
    });
    await tick();
    jobs.cancel(long.jobId);
    expect(aborted).toBe(true);
    const cancelled = await jobs.status(long.jobId);
    expect(cancelled.state).toBe("cancelled");
    expect(cancelled.error).toBeUndefined();
  });

  it("wakes a waiting status call as soon as the job ends", async () => {
    const jobs = new JobManager();
    const handle = jobs.start("wait", () => new Promise((resolve) => setTimeout(() => resolve(1), 30)));
    const started = Date.now();
    const status = await jobs.status(handle.jobId, 2000);
    expect(status.state).toBe("done");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("names unknown jobs", async () => {
    await expect(new JobManager().status("nope")).rejects.toThrow(/No job 'nope'/);
  });

  it("forgets the oldest finished jobs beyond its limit", async () => {
    const jobs = new JobManager({ keepFinished: 2 });
    const handles = [1, 2, 3].map((n) => jobs.start("n", () => Promise.resolve(n)));
    await tick();
    await expect(jobs.status(handles[0]!.jobId)).rejects.toThrow(/No job/);
    expect((await jobs.status(handles[2]!.jobId)).result).toBe(3);
  });

  it("pushes progress (at most every PROGRESS_PUSH_INTERVAL_MS) and the final status with the result", async () => {
    const jobs = new JobManager();
    const pushed: JobStatus[] = [];
    const off = jobs.onEvent((status) => pushed.push(status));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handle = jobs.start("histogram", async (ctx) => {
      for (let done = 1; done <= 100; done++)
        ctx.progress({ phase: "Binning", done, total: 100, unit: "files" });
      await gate;
      return { counts: new Float64Array([1, 2]) };
    });
    await new Promise((resolve) => setTimeout(resolve, PROGRESS_PUSH_INTERVAL_MS * 3));
    // the first progress at once, the latest one after the interval; not 100 statuses
    expect(pushed.map((s) => s.progress?.done)).toEqual([1, 100]);
    release();
    await jobs.status(handle.jobId, 1000);
    expect(pushed.at(-1)).toMatchObject({
      jobId: handle.jobId,
      state: "done",
      result: { counts: new Float64Array([1, 2]) },
    });
    off();
    jobs.start("histogram", () => Promise.resolve(1));
    await tick();
    expect(pushed).toHaveLength(3);
  });

  it("replays running and just-ended jobs to a new subscriber", async () => {
    const jobs = new JobManager();
    const ended = jobs.start("count", () => Promise.resolve({ total: 5 }));
    await jobs.status(ended.jobId, 1000);
    const running = jobs.start("histogram", () => new Promise(() => undefined));
    await tick();
    const replayed: JobStatus[] = [];
    jobs.onEvent((status) => replayed.push(status), { replay: true });
    expect(replayed.map((s) => [s.jobId, s.state])).toEqual([
      [ended.jobId, "done"],
      [running.jobId, "running"],
    ]);
    jobs.cancelAll();
  });

  it("starts a histogram only once a running live count has ended (the count gets the cores first)", async () => {
    const jobs = new JobManager();
    let releaseCount!: () => void;
    const countGate = new Promise<void>((resolve) => (releaseCount = resolve));
    const order: string[] = [];
    const count = jobs.start("count-entries", async () => {
      order.push("count started");
      await countGate;
      order.push("count ended");
      return 1;
    });
    const histogram = jobs.start("histogram1d", () => {
      order.push("histogram started");
      return Promise.resolve(2);
    });
    const exportJob = jobs.start("export", () => {
      order.push("export started"); // not prioritised: runs at once
      return Promise.resolve(3);
    });
    await tick();
    expect(order).toEqual(["count started", "export started"]);
    expect((await jobs.status(histogram.jobId)).state).toBe("running");
    releaseCount();
    expect(await jobs.status(histogram.jobId, 1000)).toMatchObject({ state: "done", result: 2 });
    expect(order).toEqual(["count started", "export started", "count ended", "histogram started"]);
    expect((await jobs.status(count.jobId)).state).toBe("done");
    expect((await jobs.status(exportJob.jobId)).state).toBe("done");
  });

  it("cancels an older live count when a newer one starts, and never starts a cancelled waiting job", async () => {
    const jobs = new JobManager();
    const older = jobs.start(
      "count-entries",
      (ctx) =>
        new Promise((_r, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("aborted")))),
    );
    await tick();
    let histogramRan = false;
    const waiting = jobs.start("histogram1d", () => {
      histogramRan = true;
      return Promise.resolve(0);
    });
    const newer = jobs.start("count-entries", () => new Promise<number>(() => undefined));
    expect((await jobs.status(older.jobId)).state).toBe("cancelled");
    jobs.cancel(waiting.jobId);
    jobs.cancel(newer.jobId);
    await tick();
    expect((await jobs.status(waiting.jobId)).state).toBe("cancelled");
    expect(histogramRan).toBe(false);
  });

  it("orders count > histogram refill > waveform page > prefetch: each waits for every more urgent one", async () => {
    const jobs = new JobManager();
    const order: string[] = [];
    const gates = new Map<string, () => void>();
    const job = (kind: string) => () =>
      new Promise<string>((resolve) => {
        order.push(`${kind} started`);
        gates.set(kind, () => resolve(kind));
      });
    const count = jobs.start("count-entries", job("count-entries"));
    await tick();
    // the rest asked for while the count runs, in the reverse of their urgency
    const prefetch = jobs.run("waveform-prefetch", job("waveform-prefetch"));
    const page = jobs.run("waveform-page", job("waveform-page"));
    const histogram = jobs.start("histogram1d", job("histogram1d"));
    await tick();
    expect(order).toEqual(["count-entries started"]);
    for (const [running, next] of [
      ["count-entries", "histogram1d"],
      ["histogram1d", "waveform-page"],
      ["waveform-page", "waveform-prefetch"],
    ] as const) {
      gates.get(running)!();
      await tick();
      expect(order.at(-1)).toBe(`${next} started`); // only the next most urgent one
    }
    expect(order).toHaveLength(4);
    gates.get("waveform-prefetch")!();
    await expect(page).resolves.toBe("waveform-page");
    await expect(prefetch).resolves.toBe("waveform-prefetch");
    expect((await jobs.status(count.jobId)).state).toBe("done");
    expect((await jobs.status(histogram.jobId)).state).toBe("done");
  });

  it("a newer job of the same kind and key cancels the older one; other keys and kinds run on", async () => {
    const jobs = new JobManager();
    const seen: JobStatus[] = [];
    jobs.onEvent((status) => seen.push(status));
    const never = () => new Promise<string>(() => undefined);
    const older = jobs.run("waveform-page", never, { supersedeKey: "selection A" });
    const otherSelection = jobs.run("waveform-page", never, { supersedeKey: "selection B" });
    const prefetchA = jobs.run("waveform-prefetch", never, { supersedeKey: "selection A" });
    const newer = jobs.run("waveform-page", () => Promise.resolve("page 2 of A"), {
      supersedeKey: "selection A",
    });
    await expect(older).rejects.toMatchObject({ name: "Cancelled" });
    await expect(newer).resolves.toBe("page 2 of A");
    const states = () => new Map(seen.map((s) => [s.jobId, s.state]));
    expect([...states().values()].filter((state) => state === "cancelled")).toHaveLength(1);
    // the page's result is handed to its caller, not kept in the status nor pushed to every front end
    const done = seen.find((s) => s.state === "done");
    expect(done?.kind).toBe("waveform-page");
    expect(done && "result" in done).toBe(false);
    let settled = false;
    void otherSelection.then(
      () => (settled = true),
      () => (settled = true),
    );
    void prefetchA.then(
      () => (settled = true),
      () => (settled = true),
    );
    await tick();
    expect(settled).toBe(false);
    jobs.cancelAll();
    await expect(prefetchA).rejects.toMatchObject({ name: "Cancelled" });
  });
});
