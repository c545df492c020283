// Opening a dataset: start the job, follow its progress in the store, and tell cancellation
// apart from failure.
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import { CancelledApiError, serializeError } from "../../../shared/api/errors.ts";
import { awaitJob } from "../../../shared/api/jobs.ts";
import type { DatasetInfo } from "../../../shared/api/types.ts";
import type { AppStore } from "../../stores/store.ts";
import { fetchFirstPage } from "./first-page.ts";

/**
 * A path (with the folders outside the opened ones the user allowed it to read, and the file chooser's
 * permission when it was picked there), or the demo.
 */
export type OpenTarget = { path: string; confirmedFolders?: string[]; grant?: string } | { demo: true };

/** HDF5 file names: such a path may be a single LH5 data file, browsed on its own rather than as a dataset. */
const HDF5_NAME = /\.(lh5|h5|hdf5)$/i;

/**
 * Opens a single LH5 data file in the file browser when the path is one (the service tells it from a saved
 * FileDB by content); true when it did, false when the path is something else (or could not be inspected).
 */
async function browseIfLh5File(api: Lh5BrowserApi, store: AppStore, path: string): Promise<boolean> {
  if (!HDF5_NAME.test(path)) return false;
  try {
    if ((await api.inspectSource({ path })).kind !== "lh5-file") return false;
  } catch {
    return false; // openDataset reports what is wrong with the path
  }
  try {
    store.getState().fileOpened(await api.openLh5File({ path }));
  } catch (error) {
    store.getState().openFailed(serializeError(error));
  }
  return true;
}

/**
 * Resolves with the dataset, or null when cancelled, failed (the store holds the error) or a single file was
 * opened. `query`: the file query to apply with the dataset (a restored session's), else the one applied now.
 */
export async function openTarget(
  api: Lh5BrowserApi,
  store: AppStore,
  target: OpenTarget,
  opts: { query?: string } = {},
): Promise<DatasetInfo | null> {
  if ("path" in target && (await browseIfLh5File(api, store, target.path))) return null;
  const actions = store.getState();
  actions.fileClosed();
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
    // the grid's rows first: asked before any panel mounts and sends its own first requests
    const query = opts.query ?? store.getState().appliedQuery;
    const firstPage = await fetchFirstPage(api, info, query);
    if (store.getState().openJob?.jobId !== handle.jobId) return null; // replaced meanwhile
    if (query !== store.getState().appliedQuery) store.getState().queryApplied(query);
    store.getState().openSucceeded(info, firstPage);
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
