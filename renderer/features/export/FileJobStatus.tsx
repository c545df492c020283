import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { formatCount } from "../../components/format.ts";
import { ProgressBar } from "../../components/ProgressBar.tsx";
import type { FileJobState } from "./run-export.ts";

interface Props<R> {
  job: FileJobState<R>;
  path: string;
  /** Prefix of the test ids: `<prefix>-progress`, `-confirm`, `-overwrite`, `-cancelled`. */
  testIdPrefix: string;
  /** Accessible name of the progress bar, e.g. "Export progress". */
  progressLabel: string;
  /** The user confirmed overwriting `path`. */
  onOverwrite: () => void;
}

/**
 * What every file-writing dialog shows of its job apart from the result: progress while it runs, the question
 * before overwriting, that a cancelled job wrote nothing, and the error of a failed one.
 */
export function FileJobStatus<R>({ job, path, testIdPrefix, progressLabel, onOverwrite }: Props<R>) {
  switch (job.state) {
    case "running": {
      const progress = job.progress;
      return (
        <div className="export-progress" data-testid={`${testIdPrefix}-progress`}>
          <ProgressBar
            fraction={progress && progress.total > 0 ? progress.done / progress.total : null}
            label={progressLabel}
          />
          {progress
            ? `${progress.phase} ${formatCount(progress.done)} / ${formatCount(progress.total)} ${progress.unit}`
            : "starting…"}
        </div>
      );
    }
    case "confirm-overwrite":
      return (
        <div className="export-confirm" data-testid={`${testIdPrefix}-confirm`}>
          {path} exists. Overwrite it?
          <button type="button" data-testid={`${testIdPrefix}-overwrite`} onClick={onOverwrite}>
            Overwrite
          </button>
        </div>
      );
    case "cancelled":
      return <p data-testid={`${testIdPrefix}-cancelled`}>Cancelled; no file was written.</p>;
    case "failed":
      return <ErrorMessage error={job.error} />;
    default:
      return null;
  }
}
