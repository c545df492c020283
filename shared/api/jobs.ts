// Waiting for a job, the same over IPC and HTTP: long-poll `getJob` until the job ends.
import type { Lh5BrowserApi } from "./contract.ts";
import { ApiError, CancelledApiError } from "./errors.ts";
import type { JobHandle, JobProgress, JobStatus } from "./types.ts";

export interface AwaitJobOptions {
  onProgress?: (progress: JobProgress, status: JobStatus) => void;
  /** How long each poll may wait on the service side (ms). */
  waitMs?: number;
}

/** Resolves with the job's result; throws CancelledApiError if it was cancelled, ApiError if it failed. */
export async function awaitJob<T>(
  api: Pick<Lh5BrowserApi, "getJob">,
  handle: JobHandle<T>,
  opts: AwaitJobOptions = {},
): Promise<T> {
  const waitMs = opts.waitMs ?? 250;
  for (;;) {
    const status = await api.getJob({ jobId: handle.jobId, waitMs });
    if (status.progress && opts.onProgress) opts.onProgress(status.progress, status);
    switch (status.state) {
      case "done":
        return status.result as T;
      case "cancelled":
        throw new CancelledApiError(`Job ${handle.kind}`);
      case "failed":
        throw new ApiError(status.error ?? { name: "Error", message: `Job ${handle.kind} failed` });
      case "running":
        break;
    }
  }
}
