// The open dataset and the job opening it (progress, cancel, failure).
import type { StateCreator } from "zustand";
import type { SerializedError } from "../../shared/api/errors.ts";
import type { DatasetInfo, JobProgress } from "../../shared/api/types.ts";
import type { AppState } from "./store.ts";

export interface OpenJob {
  jobId: string;
  /** What is being opened, for the progress line. */
  label: string;
  progress: JobProgress | null;
}

export interface DatasetSlice {
  dataset: DatasetInfo | null;
  openJob: OpenJob | null;
  openError: SerializedError | null;
  openStarted(jobId: string, label: string): void;
  openProgressed(jobId: string, progress: JobProgress): void;
  openSucceeded(dataset: DatasetInfo): void;
  openFailed(error: SerializedError): void;
  openCancelled(): void;
  openErrorDismissed(): void;
}

export const createDatasetSlice: StateCreator<AppState, [], [], DatasetSlice> = (set) => ({
  dataset: null,
  openJob: null,
  openError: null,
  openStarted: (jobId, label) => set({ openJob: { jobId, label, progress: null }, openError: null }),
  openProgressed: (jobId, progress) =>
    set((state) => (state.openJob?.jobId === jobId ? { openJob: { ...state.openJob, progress } } : {})),
  openSucceeded: (dataset) =>
    set((state) => ({
      dataset,
      openJob: null,
      // A different dataset invalidates the row selection (rows are FileDB indices).
      ...(state.dataset?.sourcePath === dataset.sourcePath ? {} : { selectedRows: [], focusedRow: null }),
    })),
  openFailed: (openError) => set({ openJob: null, openError }),
  openCancelled: () => set({ openJob: null }),
  openErrorDismissed: () => set({ openError: null }),
});
