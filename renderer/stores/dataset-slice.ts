// The open dataset and the job opening it (progress, cancel, failure).
import type { StateCreator } from "zustand";
import type { SerializedError } from "../../shared/api/errors.ts";
import type { DatasetInfo, JobProgress } from "../../shared/api/types.ts";
import type { FirstPage } from "../features/open-dataset/first-page.ts";
import type { AppState } from "./store.ts";

export interface OpenJob {
  jobId: string;
  /** What is being opened, for the progress line. */
  label: string;
  progress: JobProgress | null;
}

/** An open that waits for the user: the dataset reads a folder outside the opened ones. */
export interface OpenConfirmation {
  /** The path being opened. */
  path: string;
  /** The folder to allow (the error's `file`), and those allowed already in this attempt. */
  folder: string;
  confirmed: string[];
  /** The service's explanation. */
  message: string;
}

export interface DatasetSlice {
  dataset: DatasetInfo | null;
  openJob: OpenJob | null;
  openError: SerializedError | null;
  openConfirmation: OpenConfirmation | null;
  /** The inventory's first block, fetched with the open (first-page.ts), until the grid takes it. */
  firstPage: FirstPage | null;
  openStarted(jobId: string, label: string): void;
  openProgressed(jobId: string, progress: JobProgress): void;
  openSucceeded(dataset: DatasetInfo, firstPage?: FirstPage | null): void;
  firstPageTaken(): void;
  openFailed(error: SerializedError): void;
  openCancelled(): void;
  openErrorDismissed(): void;
  openNeedsConfirmation(confirmation: OpenConfirmation): void;
  openConfirmationDismissed(): void;
}

export const createDatasetSlice: StateCreator<AppState, [], [], DatasetSlice> = (set) => ({
  dataset: null,
  openJob: null,
  openError: null,
  openConfirmation: null,
  firstPage: null,
  openStarted: (jobId, label) =>
    set({ openJob: { jobId, label, progress: null }, openError: null, openConfirmation: null }),
  openProgressed: (jobId, progress) =>
    set((state) => (state.openJob?.jobId === jobId ? { openJob: { ...state.openJob, progress } } : {})),
  openSucceeded: (dataset, firstPage = null) =>
    set((state) => ({
      dataset,
      firstPage,
      openJob: null,
      // A different dataset invalidates the row selection (rows are FileDB indices).
      ...(state.dataset?.sourcePath === dataset.sourcePath ? {} : { selectedRows: [], focusedRow: null }),
    })),
  firstPageTaken: () => set({ firstPage: null }),
  openFailed: (openError) => set({ openJob: null, openError }),
  openCancelled: () => set({ openJob: null }),
  openErrorDismissed: () => set({ openError: null }),
  openNeedsConfirmation: (openConfirmation) => set({ openJob: null, openConfirmation }),
  openConfirmationDismissed: () => set({ openConfirmation: null }),
});
