// The app's state as shared/python's PythonSelection: the FileDB source, the cycles (a query, all,
// or the selected rows' timestamps), rawid channels, cuts per level, columns and the histogram.
import type { DatasetInfo, DataSelection } from "../../../shared/api/types.ts";
import type { PythonHistogram, PythonSelection } from "../../../shared/python/copy-as-python.ts";
import type { HistogramSettings } from "../../stores/histogram-slice.ts";
import { levelOfCut } from "../cut-editor/data-selection.ts";

export interface PythonInputs {
  dataset: DatasetInfo;
  selection: DataSelection;
  /** Timestamps (file keys) of the selected rows, in row order. */
  rowKeys: readonly string[];
  columns: readonly string[];
  histogram: HistogramSettings | null;
}

function histogramOf(h: HistogramSettings): PythonHistogram | undefined {
  if (h.x.column === "") return undefined;
  const range = (lo: number | null, hi: number | null): readonly [number, number] | undefined =>
    lo !== null && hi !== null && hi > lo ? [lo, hi] : undefined;
  const out: PythonHistogram = { column: h.x.column, bins: h.x.bins, log: h.x.log, logCounts: h.logCounts };
  const xRange = range(h.x.lo, h.x.hi);
  if (xRange) out.range = xRange;
  if (h.mode === "2d" && h.y.column !== "") {
    out.column2 = h.y.column;
    out.bins2 = h.y.bins;
    out.log2 = h.y.log;
    const yRange = range(h.y.lo, h.y.hi);
    if (yRange) out.range2 = yRange;
  } else if (h.splitBy !== "none") out.groupBy = h.splitBy;
  return out;
}

/** Datasets pygama can open by path: a FileDB config or a saved FileDB. */
export function canCopyAsPython(dataset: DatasetInfo): boolean {
  return dataset.sourceKind === "filedb-config" || dataset.sourceKind === "filedb-file";
}

export function pythonSelection(inputs: PythonInputs): PythonSelection {
  const { dataset, selection } = inputs;
  // an opened entry list has no cuts to reproduce: Python for its cycles alone would select other entries
  if (selection.entryList !== undefined)
    throw new Error(
      "Copy as Python does not cover an opened entry list yet; go 'Back to cuts' for the Python of the cut selection",
    );
  if (!canCopyAsPython(dataset))
    throw new Error(
      `Copy as Python needs a FileDB config or a saved FileDB; ${dataset.sourcePath} is a ${dataset.sourceKind} (save a FileDB config for it first)`,
    );
  const source: Pick<PythonSelection, "filedbConfigPath" | "filedbPath"> =
    dataset.sourceKind === "filedb-file"
      ? { filedbPath: dataset.sourcePath }
      : { filedbConfigPath: dataset.sourcePath };
  const cuts: Record<string, string> = {};
  for (const level of ["hit", "evt"] as const) {
    const cut = selection.cuts[level];
    const name = levelOfCut(dataset.levels, level);
    if (cut && name) cuts[name] = cut;
  }
  const out: PythonSelection = {
    ...source,
    files: selection.rows.length > 0 ? inputs.rowKeys : (selection.fileQuery ?? "all"),
    channels: selection.channels.filter((c): c is number => typeof c === "number"),
    cuts,
    columns: inputs.columns,
  };
  const histogram = inputs.histogram ? histogramOf(inputs.histogram) : undefined;
  if (histogram) out.histogram = histogram;
  return out;
}
