import { useEffect, useMemo, useState } from "react";
import type { SerializedError } from "../../../shared/api/errors.ts";
import { serializeError } from "../../../shared/api/errors.ts";
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import type { SavedEntryList } from "../../../shared/api/types.ts";
import { useApi } from "../../app/api-context.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { basename, formatBytes, formatCount } from "../../components/format.ts";
import { type AppStore, useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { defaultExportPath } from "../export/ExportDialog.tsx";
import { FileJobStatus } from "../export/FileJobStatus.tsx";
import { choosePath, nativeSaveDialog } from "../export/native-save.ts";
import { FileJobRunner, type FileJobState } from "../export/run-export.ts";
import { currentSelection } from "./data-selection.ts";
import "../export/export.css";

const LH5_FILTER = { name: "LH5 entry list", extensions: ["lh5"] };

/** Opens a saved entry list as the selection; resolves to the problem, or null when it is open. */
export async function openEntryList(
  api: Pick<Lh5BrowserApi, "loadEntryList">,
  store: AppStore,
  path: string,
): Promise<SerializedError | null> {
  const datasetId = store.getState().dataset?.id;
  if (datasetId === undefined) return { name: "NoDataset", message: "Open a dataset first" };
  try {
    const loaded = await api.loadEntryList({ path: path.trim() });
    store.getState().entryListOpened({ ...loaded, datasetId });
    return null;
  } catch (error) {
    return serializeError(error);
  }
}

/** The default entry-list file in the app's exports folder, named like exports: `entries-20260124-081500.lh5`. */
async function defaultEntryListPath(api: Pick<Lh5BrowserApi, "getAppInfo">): Promise<string> {
  const info = await api.getAppInfo();
  return `${defaultExportPath(info.exportDir, new Date(), "entries")}.lh5`;
}

/** "Save entry list…": build_entry_list of the current selection written to LH5, with progress, cancel and the overwrite question. */
function SaveEntryListDialog({ onClose }: { onClose: () => void }) {
  const api = useApi();
  const store = useAppStoreApi();
  const [path, setPath] = useState("");
  const [job, setJob] = useState<FileJobState<SavedEntryList>>({ state: "idle" });
  const [openError, setOpenError] = useState<SerializedError | null>(null);
  const runner = useMemo(() => new FileJobRunner<SavedEntryList>(api, setJob), [api]);
  const native = useMemo(() => nativeSaveDialog(), []);
  useEffect(() => () => runner.dispose(), [runner]);
  useEffect(() => {
    void defaultEntryListPath(api).then((initial) => setPath((typed) => (typed === "" ? initial : typed)));
  }, [api]);

  const start = (overwrite: boolean) => {
    const selection = currentSelection(store.getState());
    void runner.run((ow) => api.saveEntryList({ selection, outputPath: path, overwrite: ow }), overwrite);
  };
  const running = job.state === "running";
  return (
    <div className="export-dialog" role="dialog" aria-label="Save entry list" data-testid="entry-list-dialog">
      <h2>Save the selection&apos;s entry list</h2>
      <p className="copy-python-note">
        The entries passing the current cuts on the selected cycles and channels (pygama&apos;s
        build_entry_list), written to LH5: hit_table, hit_idx and file columns.
      </p>
      <label>
        File
        <input
          data-testid="entry-list-path"
          value={path}
          disabled={running}
          onChange={(event) => setPath(event.target.value)}
        />
        {native ? (
          <button
            type="button"
            data-testid="entry-list-choose"
            disabled={running}
            onClick={() =>
              void choosePath(native, {
                title: "Save entry list",
                defaultPath: path,
                filters: [LH5_FILTER],
              }).then((chosen) => chosen !== null && setPath(chosen))
            }
          >
            Choose…
          </button>
        ) : null}
      </label>
      <FileJobStatus
        job={job}
        path={path}
        testIdPrefix="entry-list"
        progressLabel="Entry list progress"
        onOverwrite={() => start(true)}
      />
      {job.state === "done" ? (
        <p className="export-done" data-testid="entry-list-done">
          Wrote {formatCount(job.result.entries)} entries ({formatBytes(job.result.bytes)}) to{" "}
          {job.result.outputPath}{" "}
          <button
            type="button"
            data-testid="entry-list-use"
            onClick={() =>
              void openEntryList(api, store, job.result.outputPath).then((problem) =>
                problem ? setOpenError(problem) : onClose(),
              )
            }
          >
            Use as the selection
          </button>
        </p>
      ) : null}
      {openError ? <ErrorMessage error={openError} /> : null}
      <div className="export-actions">
        {running ? (
          <button type="button" data-testid="entry-list-cancel" onClick={() => runner.cancel()}>
            Cancel
          </button>
        ) : (
          <button
            type="button"
            data-testid="entry-list-save-start"
            disabled={path.trim() === ""}
            onClick={() => start(false)}
          >
            Save
          </button>
        )}
        <button type="button" disabled={running} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

/** "Open entry list…": a saved entry list of this dataset becomes the selection. */
function OpenEntryListDialog({ onClose }: { onClose: () => void }) {
  const api = useApi();
  const store = useAppStoreApi();
  const [path, setPath] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SerializedError | null>(null);
  const open = () => {
    setBusy(true);
    void openEntryList(api, store, path).then((problem) => {
      setBusy(false);
      if (problem) setError(problem);
      else onClose();
    });
  };
  return (
    <div
      className="export-dialog"
      role="dialog"
      aria-label="Open entry list"
      data-testid="entry-list-open-dialog"
    >
      <h2>Open a saved entry list as the selection</h2>
      <label>
        File
        <input
          data-testid="entry-list-load-path"
          value={path}
          placeholder="/path/to/entries.lh5"
          disabled={busy}
          onChange={(event) => setPath(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && path.trim() !== "") open();
          }}
        />
      </label>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="export-actions">
        <button
          type="button"
          data-testid="entry-list-load-start"
          disabled={busy || path.trim() === ""}
          onClick={open}
        >
          Open
        </button>
        <button type="button" disabled={busy} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}

/** Save / open entry lists, and the note that an opened list is the selection. */
export function EntryLists() {
  const store = useAppStoreApi();
  const hasDataset = useAppStore((state) => state.dataset !== null);
  const active = useAppStore((state) =>
    state.entryList !== null && state.entryList.datasetId === state.dataset?.id ? state.entryList : null,
  );
  const [dialog, setDialog] = useState<"save" | "open" | null>(null);
  return (
    <div className="entry-lists">
      <button
        type="button"
        data-testid="entry-list-save"
        disabled={!hasDataset}
        onClick={() => setDialog("save")}
      >
        Save entry list…
      </button>
      <button
        type="button"
        data-testid="entry-list-open"
        disabled={!hasDataset}
        onClick={() => setDialog("open")}
      >
        Open entry list…
      </button>
      {active ? (
        <span className="entry-list-active" data-testid="entry-list-active" title={active.path}>
          Selection: entry list <code>{basename(active.path)}</code>, {formatCount(active.entries)} entries in{" "}
          {formatCount(active.rows.length)} cycles (cuts and channel choices are not applied){" "}
          <button
            type="button"
            data-testid="entry-list-clear"
            onClick={() => store.getState().entryListClosed()}
          >
            Back to cuts
          </button>
        </span>
      ) : null}
      {dialog === "save" ? <SaveEntryListDialog onClose={() => setDialog(null)} /> : null}
      {dialog === "open" ? <OpenEntryListDialog onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
