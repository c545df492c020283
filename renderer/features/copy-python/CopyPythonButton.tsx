import { useState } from "react";
import { copyAsPython } from "../../../shared/python/copy-as-python.ts";
import { useApi } from "../../app/api-context.ts";
import { useAppStore, useAppStoreApi } from "../../stores/store.ts";
import { currentSelection } from "../cut-editor/data-selection.ts";
import { defaultColumns, pythonSelection, tableSources } from "./python-selection.ts";
import "../export/export.css";

/** Cycles whose files the lgdo flavour lists one by one; beyond, the DataLoader script stands alone. */
const MAX_LGDO_CYCLES = 50;

type Shown =
  { kind: "copied" } | { kind: "text"; text: string; why: string } | { kind: "error"; message: string };

/** `copy-python`: the pygama/lgdo script of the current selection and histogram, on the clipboard. */
export function CopyPythonButton() {
  const api = useApi();
  const store = useAppStoreApi();
  const hasDataset = useAppStore((s) => s.dataset !== null);
  const [shown, setShown] = useState<Shown | null>(null);

  const copy = async () => {
    const state = store.getState();
    if (!state.dataset) return;
    let text: string;
    try {
      const selection = currentSelection(state);
      let rowKeys: string[] = [];
      if (selection.rows.length > 0) {
        // the rows' file keys, as pygama's set_files takes them
        const page = await api.queryInventory({ offset: 0, limit: Math.min(100_000, state.dataset.nCycles) });
        const keyOf = new Map<number, string>();
        const stamps = page.keys.timestamp ?? [];
        page.rows.forEach((row, i) => keyOf.set(row, stamps[i] ?? ""));
        rowKeys = selection.rows.map((row) => keyOf.get(row) ?? "").filter((key) => key !== "");
      }
      const dataset = state.dataset;
      let columns = [...new Set([...state.waveforms.legendColumns, ...state.exportColumns])];
      if (columns.length === 0 && state.histogram.x.column === "")
        columns = defaultColumns(dataset, await api.listColumns({ rows: selection.rows }));
      // the lgdo flavour reads the files themselves: those of the selected cycles (up to a limit)
      const rows =
        selection.rows.length > 0
          ? selection.rows
          : Array.from(
              (
                await api.queryInventory({
                  query: selection.fileQuery ?? "",
                  offset: 0,
                  limit: MAX_LGDO_CYCLES + 1,
                })
              ).rows,
            );
      const cycles =
        rows.length <= MAX_LGDO_CYCLES
          ? await Promise.all(rows.map((row) => api.getCycleDetails({ row })))
          : [];
      text = copyAsPython(
        pythonSelection({
          dataset,
          selection,
          rowKeys,
          columns,
          histogram: state.histogram,
          sources: tableSources(dataset, cycles, selection.channels),
          ...(selection.entryList !== undefined && state.entryList
            ? { entryListPath: state.entryList.path }
            : {}),
        }),
      );
    } catch (error) {
      setShown({ kind: "error", message: (error as Error).message });
      return;
    }
    try {
      await navigator.clipboard.writeText(text);
      setShown({ kind: "copied" });
    } catch (error) {
      setShown({ kind: "text", text, why: (error as Error).message || "the clipboard is not available" });
    }
  };

  return (
    <>
      <button
        type="button"
        data-testid="copy-python"
        disabled={!hasDataset}
        title="Copy the pygama DataLoader and legend-pydataobj code that loads this selection (cycles, channels, cuts, histogram)"
        onClick={() => void copy()}
      >
        Copy as Python
      </button>
      {shown?.kind === "copied" ? (
        <span className="copy-python-note" data-testid="copy-python-copied" role="status">
          Python copied
        </span>
      ) : null}
      {shown?.kind === "error" ? (
        <span className="copy-python-note" role="alert" data-testid="copy-python-error">
          {shown.message}
        </span>
      ) : null}
      {shown?.kind === "text" ? (
        <div
          className="export-dialog"
          role="dialog"
          aria-label="Python code"
          data-testid="copy-python-dialog"
        >
          <h2>Python for this selection</h2>
          <p>Could not write to the clipboard ({shown.why}); select the text and copy it.</p>
          <textarea
            data-testid="copy-python-text"
            readOnly
            rows={18}
            value={shown.text}
            onFocus={(e) => e.currentTarget.select()}
          />
          <div className="export-actions">
            <button type="button" onClick={() => setShown(null)}>
              Close
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
