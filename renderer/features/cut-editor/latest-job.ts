// Runs background jobs where only the newest matters (live counts, histogram fills): starting a
// new one cancels the one before, and a superseded job's outcome is dropped.
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import { CancelledApiError, serializeError, type SerializedError } from "../../../shared/api/errors.ts";
import { awaitJob } from "../../../shared/api/jobs.ts";
import type { JobHandle, JobProgress } from "../../../shared/api/types.ts";

export type JobOutcome<T> =
  | { kind: "done"; jobId: string; value: T }
  | { kind: "cancelled"; jobId: string }
  | { kind: "failed"; jobId: string | null; error: SerializedError }
  | { kind: "superseded" };

export interface RunHooks {
  onStarted?(jobId: string): void;
  onProgress?(jobId: string, progress: JobProgress): void;
}

export interface LatestJob {
  run<T>(start: () => Promise<JobHandle<T>>, hooks?: RunHooks): Promise<JobOutcome<T>>;
  /** Cancels the running job (its run resolves as cancelled). */
  cancel(): void;
  /** Drops the running job without reporting it (e.g. on unmount). */
  dispose(): void;
  readonly runningJobId: string | null;
}

export function createLatestJob(api: Pick<Lh5BrowserApi, "getJob" | "cancelJob">): LatestJob {
  let generation = 0;
  let running: string | null = null;
  const cancelQuietly = (jobId: string) => void api.cancelJob({ jobId }).catch(() => undefined);
  return {
    get runningJobId() {
      return running;
    },
    async run<T>(start: () => Promise<JobHandle<T>>, hooks: RunHooks = {}): Promise<JobOutcome<T>> {
      const mine = ++generation;
      if (running !== null) cancelQuietly(running);
      running = null;
      let handle: JobHandle<T>;
      try {
        handle = await start();
      } catch (error) {
        return mine === generation
          ? { kind: "failed", jobId: null, error: serializeError(error) }
          : { kind: "superseded" };
      }
      if (mine !== generation) {
        cancelQuietly(handle.jobId);
        return { kind: "superseded" };
      }
      running = handle.jobId;
      hooks.onStarted?.(handle.jobId);
      try {
        const value = await awaitJob(api, handle, {
          onProgress: (progress) => {
            if (mine === generation) hooks.onProgress?.(handle.jobId, progress);
          },
        });
        if (mine !== generation) return { kind: "superseded" };
        return { kind: "done", jobId: handle.jobId, value };
      } catch (error) {
        if (mine !== generation) return { kind: "superseded" };
        if (error instanceof CancelledApiError) return { kind: "cancelled", jobId: handle.jobId };
        return { kind: "failed", jobId: handle.jobId, error: serializeError(error) };
      } finally {
        if (mine === generation) running = null;
      }
    },
    cancel() {
      if (running !== null) cancelQuietly(running);
    },
    dispose() {
      generation++;
      if (running !== null) cancelQuietly(running);
      running = null;
    },
  };
}
