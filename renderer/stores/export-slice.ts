// The export dialog: what to write (format, columns, waveforms, path) and the export job's state.
import type { StateCreator } from "zustand";
import type { SerializedError } from "../../shared/api/errors.ts";
import type { ExportRequest, ExportResult, JobProgress } from "../../shared/api/types.ts";
import type { AppState } from "./store.ts";

export type ExportFormat = ExportRequest["format"];

export type ExportState =
  | { state: "idle" }
  | { state: "running"; jobId: string | null; progress: JobProgress | null }
  | { state: "confirm-overwrite" }
  | { state: "done"; result: ExportResult }
  | { state: "failed"; error: SerializedError }
  | { state: "cancelled" };

export interface ExportSlice {
  exportOpen: boolean;
  exportFormat: ExportFormat;
  exportColumns: readonly string[];
  exportWaveforms: boolean;
  exportPath: string;
  exportJob: ExportState;
  exportOpened(defaultPath: string): void;
  exportClosed(): void;
  exportChanged(
    settings: Partial<Pick<ExportSlice, "exportFormat" | "exportColumns" | "exportWaveforms" | "exportPath">>,
  ): void;
  exportProgressed(job: ExportState): void;
}

const EXTENSION: Record<ExportFormat, string> = {
  lh5: ".lh5",
  csv: ".csv",
  arrow: ".arrow",
  parquet: ".parquet",
};

/** The path with its extension switched to the format's. */
export function withExtension(path: string, format: ExportFormat): string {
  const stem = path.replace(/\.(lh5|h5|hdf5|csv|arrow|feather|ipc|parquet)$/i, "");
  return `${stem}${EXTENSION[format]}`;
}

export const createExportSlice: StateCreator<AppState, [], [], ExportSlice> = (set, get) => ({
  exportOpen: false,
  exportFormat: "lh5",
  exportColumns: [],
  exportWaveforms: false,
  exportPath: "",
  exportJob: { state: "idle" },
  exportOpened: (defaultPath) =>
    set({
      exportOpen: true,
      exportPath: get().exportPath || withExtension(defaultPath, get().exportFormat),
      exportJob: { state: "idle" },
    }),
  exportClosed: () => set({ exportOpen: false }),
  exportChanged: (settings) => {
    const format = settings.exportFormat ?? get().exportFormat;
    const path = settings.exportPath ?? get().exportPath;
    set({ ...settings, exportPath: settings.exportFormat ? withExtension(path, format) : path });
  },
  exportProgressed: (exportJob) => set({ exportJob }),
});
