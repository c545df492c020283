import { useEffect, useMemo, useRef, useState } from "react";
import type { PathGrant } from "../../../shared/api/types.ts";
import { FileChooser } from "../file-chooser/FileChooser.tsx";
import { useApi } from "../../app/api-context.ts";
import { formatBytes, formatCount } from "../../components/format.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import type { ExportFormat } from "../../stores/export-slice.ts";
import { currentSelection } from "../cut-editor/data-selection.ts";
import { FileJobStatus } from "./FileJobStatus.tsx";
import { choosePath, nativeSaveDialog } from "./native-save.ts";
import { ExportRunner } from "./run-export.ts";
import "./export.css";

const FORMAT_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  lh5: { name: "LH5", extensions: ["lh5"] },
  csv: { name: "CSV", extensions: ["csv"] },
  arrow: { name: "Arrow IPC", extensions: ["arrow", "feather"] },
  parquet: { name: "Parquet", extensions: ["parquet"] },
};

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

/** Default file name in the app's exports folder: `selection-20260124-081500` (or another stem). */
export function defaultExportPath(exportDir: string, now = new Date(), stem = "selection"): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  return `${exportDir.replace(/[\\/]+$/, "")}/${stem}-${stamp}`;
}

/** The `export-button` and its dialog: path, format, columns, waveforms, progress, cancel, overwrite question. */
export function ExportButton() {
  const api = useApi();
  const store = useAppStoreApi();
  const hasDataset = useAppStore((s) => s.dataset !== null);
  return (
    <>
      <button
        type="button"
        data-testid="export-button"
        disabled={!hasDataset}
        onClick={() => {
          void api.getAppInfo().then((info) => {
            const state = store.getState();
            if (state.exportColumns.length === 0)
              state.exportChanged({ exportColumns: [...state.waveforms.legendColumns] });
            state.exportOpened(defaultExportPath(info.exportDir));
          });
        }}
      >
        Export…
      </button>
      <ExportDialog />
    </>
  );
}

function ExportDialog() {
  const api = useApi();
  const store = useAppStoreApi();
  const open = useAppStore((s) => s.exportOpen);
  const format = useAppStore((s) => s.exportFormat);
  const columns = useAppStore((s) => s.exportColumns);
  const waveforms = useAppStore((s) => s.exportWaveforms);
  const path = useAppStore((s) => s.exportPath);
  const job = useAppStore((s) => s.exportJob);
  const runner = useMemo(
    () => new ExportRunner(api, (state) => store.getState().exportProgressed(state)),
    [api, store],
  );
  useEffect(() => () => runner.dispose(), [runner]);
  const columnsInput = useRef<HTMLInputElement>(null);
  const native = useMemo(() => nativeSaveDialog(), []);
  // web mode: the app's chooser; what it confirmed goes with the export of exactly that path
  const [chooserOpen, setChooserOpen] = useState(false);
  const [grant, setGrant] = useState<PathGrant | null>(null);
  if (!open) return null;

  const choose = async (dialog: NonNullable<typeof native>) => {
    const chosen = await choosePath(dialog, {
      title: "Export the selection",
      defaultPath: path,
      filters: [FORMAT_FILTERS[format]],
    });
    if (chosen !== null) store.getState().exportChanged({ exportPath: chosen });
  };

  const start = (overwrite: boolean) => {
    const state = store.getState();
    const typed = list(columnsInput.current?.value ?? "");
    state.exportChanged({ exportColumns: typed });
    void runner.run(
      {
        selection: currentSelection(state),
        format: state.exportFormat,
        columns: typed,
        waveformColumns: state.waveforms.columns,
        includeWaveforms: state.exportWaveforms,
        outputPath: state.exportPath,
        ...(grant?.path === state.exportPath ? { grant: grant.grant } : {}),
      },
      overwrite,
    );
  };
  const running = job.state === "running";
  return (
    <div className="export-dialog" role="dialog" aria-label="Export selection" data-testid="export-dialog">
      <h2>Export the selection</h2>
      <label>
        File
        <input
          data-testid="export-path"
          value={path}
          disabled={running}
          onChange={(e) => store.getState().exportChanged({ exportPath: e.target.value })}
        />
        <button
          type="button"
          data-testid="export-choose"
          disabled={running}
          onClick={() => (native ? void choose(native) : setChooserOpen(true))}
        >
          Choose…
        </button>
      </label>
      <label>
        Format
        <select
          data-testid="export-format"
          value={format}
          disabled={running}
          onChange={(e) => store.getState().exportChanged({ exportFormat: e.target.value as ExportFormat })}
        >
          <option value="lh5">LH5 (legend-pydataobj)</option>
          <option value="csv">CSV</option>
          <option value="arrow">Arrow IPC (pandas, polars)</option>
          <option value="parquet">Parquet</option>
        </select>
      </label>
      <label>
        Columns
        <input
          ref={columnsInput}
          data-testid="export-columns"
          list="scalar-columns"
          defaultValue={columns.join(", ")}
          placeholder="e.g. cuspEmax_ctc_cal, AoE_Corrected"
          disabled={running}
        />
      </label>
      <label>
        <input
          type="checkbox"
          data-testid="export-waveforms"
          checked={waveforms}
          disabled={running}
          onChange={(e) => store.getState().exportChanged({ exportWaveforms: e.target.checked })}
        />
        Include the waveform columns on screen
      </label>
      <FileJobStatus
        job={job}
        path={path}
        testIdPrefix="export"
        progressLabel="Export progress"
        onOverwrite={() => start(true)}
      />
      {job.state === "done" ? (
        <p className="export-done" data-testid="export-done">
          Wrote {formatCount(job.result.rows)} rows ({formatBytes(job.result.bytes)}) to{" "}
          {job.result.outputPath}
        </p>
      ) : null}
      {chooserOpen ? (
        <FileChooser
          purpose="save"
          title="Export the selection to"
          initialPath={path}
          onCancel={() => setChooserOpen(false)}
          onChosen={(chosen) => {
            setChooserOpen(false);
            setGrant(chosen);
            store.getState().exportChanged({ exportPath: chosen.path });
          }}
        />
      ) : null}
      <div className="export-actions">
        {running ? (
          <button type="button" data-testid="export-cancel" onClick={() => runner.cancel()}>
            Cancel
          </button>
        ) : (
          <button
            type="button"
            data-testid="export-start"
            disabled={path.trim() === ""}
            onClick={() => start(false)}
          >
            Export
          </button>
        )}
        <button type="button" disabled={running} onClick={() => store.getState().exportClosed()}>
          Close
        </button>
      </div>
    </div>
  );
}
