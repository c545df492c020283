import { describe, expect, it } from "vitest";
import { JobManager } from "../../../../electron/services/app/jobs.ts";

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
});
