// Background jobs (scans, loads, histograms): start → id, poll status with progress, cancel.
// The same manager serves IPC and HTTP, so both front ends behave alike.
import { randomUUID } from "node:crypto";
import { CancelledApiError, serializeError } from "../../../shared/api/errors.ts";
import type { JobHandle, JobProgress, JobStatus } from "../../../shared/api/types.ts";

export interface JobContext {
  readonly signal: AbortSignal;
  progress(progress: JobProgress): void;
}

interface JobRecord {
  status: JobStatus;
  controller: AbortController;
  waiters: Set<() => void>;
}

export class UnknownJobError extends Error {
  override name = "UnknownJob";
  readonly code = "unknown-job";
  constructor(jobId: string) {
    super(`No job '${jobId}' (finished jobs are forgotten after a while)`);
  }
}

export interface JobManagerOptions {
  /** Finished jobs kept for `getJob` (oldest dropped first). */
  keepFinished?: number;
}

export class JobManager {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly keepFinished: number;

  constructor(opts: JobManagerOptions = {}) {
    this.keepFinished = opts.keepFinished ?? 200;
  }

  /** Starts `work` now; its progress and result are read back through `status`. */
  start<T>(kind: string, work: (ctx: JobContext) => Promise<T>): JobHandle<T> {
    const jobId = randomUUID();
    const controller = new AbortController();
    const record: JobRecord = {
      status: { jobId, kind, state: "running", progress: null, startedAt: Date.now(), finishedAt: null },
      controller,
      waiters: new Set(),
    };
    this.jobs.set(jobId, record);
    const context: JobContext = {
      signal: controller.signal,
      progress: (progress) => {
        if (record.status.state === "running") record.status.progress = progress;
      },
    };
    // Run on a later tick so `start` returns the handle before any work happens.
    void Promise.resolve()
      .then(() => work(context))
      .then(
        (result) => this.finish(record, { state: "done", result }),
        (error: unknown) =>
          this.finish(
            record,
            controller.signal.aborted
              ? { state: "cancelled" }
              : { state: "failed", error: serializeError(error) },
          ),
      );
    return { jobId, kind };
  }

  /** The job's status; with `waitMs`, waits that long for it to finish first. */
  async status(jobId: string, waitMs = 0): Promise<JobStatus> {
    const record = this.record(jobId);
    if (record.status.state === "running" && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done(): void {
          clearTimeout(timer);
          record.waiters.delete(done);
          resolve();
        }
        record.waiters.add(done);
      });
    }
    return { ...record.status };
  }

  /** Cancels a running job: its state turns `cancelled` at once and its signal aborts. */
  cancel(jobId: string): void {
    const record = this.record(jobId);
    if (record.status.state !== "running") return;
    record.controller.abort(new CancelledApiError(`Job ${record.status.kind}`));
    this.finish(record, { state: "cancelled" });
  }

  /** Cancels every running job (on dataset close or shutdown). */
  cancelAll(): void {
    for (const [jobId, record] of this.jobs) if (record.status.state === "running") this.cancel(jobId);
  }

  get runningCount(): number {
    let count = 0;
    for (const record of this.jobs.values()) if (record.status.state === "running") count++;
    return count;
  }

  private record(jobId: string): JobRecord {
    const record = this.jobs.get(jobId);
    if (!record) throw new UnknownJobError(jobId);
    return record;
  }

  private finish(record: JobRecord, update: Partial<JobStatus>): void {
    if (record.status.state !== "running") return;
    record.status = { ...record.status, ...update, finishedAt: Date.now() };
    for (const wake of [...record.waiters]) wake();
    this.forgetOld();
  }

  private forgetOld(): void {
    const finished = [...this.jobs.entries()].filter(([, r]) => r.status.state !== "running");
    for (const [jobId] of finished.slice(0, Math.max(0, finished.length - this.keepFinished)))
      this.jobs.delete(jobId);
  }
}
