// Opening a dataset: start the job, follow its progress in the store, and tell cancellation
// apart from failure.
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import { CancelledApiError, serializeError } from "../../../shared/api/errors.ts";
import { awaitJob } from "../../../shared/api/jobs.ts";
import type { DatasetInfo } from "../../../shared/api/types.ts";
import type { AppStore } from "../../stores/store.ts";

/**
 * A path (with the folders outside the opened ones the user allowed it to read, and the file chooser's
 * permission when it was picked there), or the demo.
 */
export type OpenTarget = { path: string; confirmedFolders?: string[]; grant?: string } | { demo: true };

/** Resolves with the dataset, or null when cancelled or failed (the store holds the error). */
export async function openTarget(
  api: Lh5BrowserApi,
  store: AppStore,
  target: OpenTarget,
): Promise<DatasetInfo | null> {
  const actions = store.getState();
  const label = "path" in target ? target.path : "the demo dataset";
  let jobId: string | null = null;
  try {
    const handle =
      "path" in target
        ? await api.openDataset({
            path: target.path,
            ...(target.confirmedFolders ? { confirmedFolders: target.confirmedFolders } : {}),
            ...(target.grant !== undefined ? { grant: target.grant } : {}),
          })
        : await api.openDemo();
    jobId = handle.jobId;
    actions.openStarted(handle.jobId, label);
    const info = await awaitJob(api, handle, {
      onProgress: (progress) => store.getState().openProgressed(handle.jobId, progress),
    });
    store.getState().openSucceeded(info);
    return info;
  } catch (error) {
    // A newer open replaced this one: nothing to report.
    if (jobId !== null && store.getState().openJob?.jobId !== jobId) return null;
    const failure = serializeError(error);
    if (error instanceof CancelledApiError) store.getState().openCancelled();
    else if (failure.code === "needs-confirmation" && failure.file !== undefined && "path" in target)
      // the dataset reads a folder outside the opened ones: the user decides (ConfirmFolder), then it opens again
      store.getState().openNeedsConfirmation({
        path: target.path,
        folder: failure.file,
        confirmed: target.confirmedFolders ?? [],
        message: failure.message,
      });
    else store.getState().openFailed(failure);
    return null;
  }
}

/** Cancels the open job shown in the store. */
export async function cancelOpen(api: Lh5BrowserApi, store: AppStore): Promise<void> {
  const job = store.getState().openJob;
  if (!job) return;
  await api.cancelJob({ jobId: job.jobId });
  store.getState().openCancelled();
}
