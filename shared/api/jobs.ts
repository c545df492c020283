// Waiting for a job, the same over IPC and HTTP: the service pushes the job's statuses when the client has a
// push stream (`jobEvents`); without one, or when the stream ends, `getJob` is long-polled until the job ends.
import type { Lh5BrowserApi } from "./contract.ts";
import { ApiError, CancelledApiError } from "./errors.ts";
import type { JobEventSource } from "./job-events.ts";
import type { JobHandle, JobProgress, JobStatus } from "./types.ts";

export interface AwaitJobOptions {
  onProgress?: (progress: JobProgress, status: JobStatus) => void;
  /** How long each poll may wait on the service side (ms), when polling. */
  waitMs?: number;
}

/** A client of the contract, with the push stream of job statuses when its transport has one. */
export type JobClient = Pick<Lh5BrowserApi, "getJob"> & { readonly jobEvents?: JobEventSource };

/** The job's result from its final status; throws for a cancelled or failed job. */
function outcome<T>(status: JobStatus, handle: JobHandle<T>): T {
  if (status.state === "done") return status.result as T;
  if (status.state === "cancelled") throw new CancelledApiError(`Job ${handle.kind}`);
  throw new ApiError(status.error ?? { name: "Error", message: `Job ${handle.kind} failed` });
}

/** Resolves with the job's result; throws CancelledApiError if it was cancelled, ApiError if it failed. */
export async function awaitJob<T>(
  api: JobClient,
  handle: JobHandle<T>,
  opts: AwaitJobOptions = {},
): Promise<T> {
  if (api.jobEvents && (await api.jobEvents.ready())) {
    const pushed = await watchPushed(api.jobEvents, handle, opts);
    if (pushed !== null) return outcome(pushed, handle);
  }
  const waitMs = opts.waitMs ?? 250;
  for (;;) {
    const status = await api.getJob({ jobId: handle.jobId, waitMs });
    if (status.progress && opts.onProgress) opts.onProgress(status.progress, status);
    if (status.state !== "running") return outcome(status, handle);
  }
}

/** The job's final status as pushed; null when the stream ended first (the caller then asks the service). */
function watchPushed(
  source: JobEventSource,
  handle: JobHandle<unknown>,
  opts: AwaitJobOptions,
): Promise<JobStatus | null> {
  return new Promise((resolve) => {
    const unwatch = source.watch(handle.jobId, {
      status(status) {
        if (status.state === "running") {
          if (status.progress && opts.onProgress) opts.onProgress(status.progress, status);
          return;
        }
        unwatch();
        resolve(status);
      },
      lost: () => resolve(null),
    });
  });
}
