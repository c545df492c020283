import { useApi } from "../../app/api-context.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { ProgressBar } from "../../components/ProgressBar.tsx";
import { basename, formatCount } from "../../components/format.ts";
import { cancelOpen } from "../open-dataset/open.ts";

/** Progress of the running scan (files, tables, current file) with Cancel. */
export function ScanProgress() {
  const api = useApi();
  const store = useAppStoreApi();
  const job = useAppStore((state) => state.openJob);
  if (!job) return null;
  const progress = job.progress;
  const known = progress !== null && progress.total > 0;
  return (
    <div className="scan-progress" data-testid="scan-progress" aria-live="polite">
      <span className="scan-phase">{progress?.phase ?? "Opening"}</span>
      <ProgressBar fraction={known ? progress.done / progress.total : null} label="Scan progress" />
      <span className="scan-count">
        {progress
          ? known
            ? `${formatCount(progress.done)} / ${formatCount(progress.total)} ${progress.unit}`
            : `${formatCount(progress.done)} ${progress.unit}`
          : ""}
      </span>
      <span className="scan-current" title={progress?.current ?? job.label}>
        {progress?.current ? basename(progress.current) : job.label}
      </span>
      <button type="button" onClick={() => void cancelOpen(api, store)}>
        Cancel
      </button>
    </div>
  );
}
