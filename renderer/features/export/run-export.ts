// Runs one export (or other file-writing) job: first without overwrite; an existing file turns into a question, and only a
// confirmed retry overwrites (the Node side writes a temp file and renames, so no half files).
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import type { SerializedError } from "../../../shared/api/errors.ts";
import type {
  DataSelection,
  ExportRequest,
  ExportResult,
  JobHandle,
  JobProgress,
} from "../../../shared/api/types.ts";
import type { ExportFormat, ExportState } from "../../stores/export-slice.ts";
import { createLatestJob, type LatestJob } from "../cut-editor/latest-job.ts";

export interface ExportChoice {
  selection: DataSelection;
  format: ExportFormat;
  columns: readonly string[];
  waveformColumns: readonly string[];
  includeWaveforms: boolean;
  outputPath: string;
  /** The file chooser's permission for `outputPath` (a folder not opened before). */
  grant?: string;
}

export function exportRequest(choice: ExportChoice, overwrite: boolean): ExportRequest {
  const columns = [
    ...new Set([...choice.columns, ...(choice.includeWaveforms ? choice.waveformColumns : [])]),
  ];
  return {
    selection: choice.selection,
    columns,
    format: choice.format,
    outputPath: choice.outputPath,
    overwrite,
    includeWaveforms: choice.includeWaveforms,
    ...(choice.grant !== undefined ? { grant: choice.grant } : {}),
  };
}

/** The states of a job that writes a file (export, saved entry list). */
export type FileJobState<R> =
  | { state: "idle" }
  | { state: "running"; jobId: string | null; progress: JobProgress | null }
  | { state: "confirm-overwrite" }
  | { state: "done"; result: R }
  | { state: "failed"; error: SerializedError }
  | { state: "cancelled" };

/** Runs a file-writing job: an existing file turns into a question, and only a confirmed retry overwrites. */
export class FileJobRunner<R> {
  private readonly job: LatestJob;
  constructor(
    api: Pick<Lh5BrowserApi, "getJob" | "cancelJob">,
    private readonly report: (state: FileJobState<R>) => void,
  ) {
    this.job = createLatestJob(api);
  }

  async run(start: (overwrite: boolean) => Promise<JobHandle<R>>, overwrite = false): Promise<void> {
    this.report({ state: "running", jobId: null, progress: null });
    const outcome = await this.job.run(() => start(overwrite), {
      onStarted: (jobId) => this.report({ state: "running", jobId, progress: null }),
      onProgress: (jobId, progress) => this.report({ state: "running", jobId, progress }),
    });
    if (outcome.kind === "done") this.report({ state: "done", result: outcome.value });
    else if (outcome.kind === "cancelled") this.report({ state: "cancelled" });
    else if (outcome.kind === "failed")
      this.report(
        outcome.error.code === "exists" && !overwrite
          ? { state: "confirm-overwrite" }
          : { state: "failed", error: outcome.error },
      );
  }

  cancel(): void {
    this.job.cancel();
  }

  dispose(): void {
    this.job.dispose();
  }
}

export class ExportRunner {
  private readonly files: FileJobRunner<ExportResult>;
  constructor(
    private readonly api: Lh5BrowserApi,
    report: (state: ExportState) => void,
  ) {
    this.files = new FileJobRunner(api, report);
  }

  run(choice: ExportChoice, overwrite = false): Promise<void> {
    return this.files.run((ow) => this.api.exportSelection(exportRequest(choice, ow)), overwrite);
  }

  cancel(): void {
    this.files.cancel();
  }

  dispose(): void {
    this.files.dispose();
  }
}
