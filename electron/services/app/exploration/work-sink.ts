// What a long-running exploration step reports to and listens from its job (shared by every module here,
// so none of them imports another only for these).
import { CancelledApiError } from "../../../../shared/api/errors.ts";
import type { JobProgress } from "../../../../shared/api/types.ts";

export interface WorkSink {
  readonly signal?: AbortSignal | undefined;
  progress?(progress: JobProgress): void;
}

/** Lets queued requests (cancel, status polls) run between files. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new CancelledApiError(what);
}
