// The app's state as shared/python's PythonSelection: the FileDB source, the cycles (a query, all,
// or the selected rows' timestamps), rawid channels, cuts per level, columns and the histogram.
import type { ColumnInfo, CycleDetails, DatasetInfo, DataSelection } from "../../../shared/api/types.ts";
import type {
  PythonHistogram,
  PythonSelection,
  PythonTableSource,
} from "../../../shared/python/copy-as-python.ts";
import type { HistogramSettings } from "../../stores/histogram-slice.ts";
import { levelOfCut } from "../cut-editor/data-selection.ts";

export interface PythonInputs {
  dataset: DatasetInfo;
  selection: DataSelection;
  /** Timestamps (file keys) of the selected rows, in row order. */
  rowKeys: readonly string[];
  columns: readonly string[];
  histogram: HistogramSettings | null;
  /** The file of the opened entry list (`selection.entryList`), whose entries the script loads. */
  entryListPath?: string;
  /** The lgdo flavour's files per table (tableSources), when resolved. */
  sources?: readonly PythonTableSource[];
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

/** Datasets pygama can open by path: a FileDB config, a saved FileDB, or the demo (its folder has both configs). */
export function canCopyAsPython(dataset: DatasetInfo): boolean {
  return ["filedb-config", "filedb-file", "demo"].includes(dataset.sourceKind);
}

/** The demo folder's configs, as the generator writes them. */
const DEMO_FILEDB_CONFIG = "filedb-config.json";
const DEMO_DATALOADER_CONFIG = "dataloader-config.json";

/** `folder/name` with the folder's own separator (Windows paths keep their backslashes). */
function inFolder(folder: string, name: string): string {
  const separator = folder.includes("\\") && !folder.includes("/") ? "\\" : "/";
  return `${folder.replace(/[\\/]+$/, "")}${separator}${name}`;
}

function sourceOf(
  dataset: DatasetInfo,
): Pick<PythonSelection, "filedbConfigPath" | "filedbPath" | "dataLoaderConfigPath"> {
  if (dataset.sourceKind === "filedb-file") return { filedbPath: dataset.sourcePath };
  if (dataset.sourceKind === "demo")
    return {
      filedbConfigPath: inFolder(dataset.sourcePath, DEMO_FILEDB_CONFIG),
      dataLoaderConfigPath: inFolder(dataset.sourcePath, DEMO_DATALOADER_CONFIG),
    };
  return { filedbConfigPath: dataset.sourcePath };
}

/**
 * Output columns when none were asked for (pygama loads nothing with `columns=[]`): the calibrated energy of
 * the lowest level if there is one, else its first scalar column.
 */
export function defaultColumns(dataset: DatasetInfo, columns: readonly ColumnInfo[]): string[] {
  const lowest = dataset.levels[0]?.name;
  const scalars = columns.filter(
    (c) => c.level === lowest && (c.lgdoType ?? "array<1>{real}").startsWith("array<1>{real}"),
  );
  const energy =
    scalars.find((c) => /E\w*_cal$/.test(c.name)) ??
    scalars.find((c) => /Emax/.test(c.name)) ??
    scalars.find((c) => /energy/i.test(c.name));
  const pick = energy ?? scalars[0];
  return pick ? [pick.name] : [];
}

/**
 * The lgdo flavour's sources: per cycle and selected channel table, its files of the lowest level's tiers
 * side by side (e.g. ch1084803/raw, /dsp, /hit), from the cycles' details.
 */
export function tableSources(
  dataset: DatasetInfo,
  cycles: readonly CycleDetails[],
  channels: readonly (number | string)[],
): PythonTableSource[] {
  const tiers = dataset.levels[0]?.tiers ?? [];
  const wanted = new Set(channels.map((c) => (typeof c === "number" ? `ch${c}` : c)));
  const sources: PythonTableSource[] = [];
  for (const cycle of cycles) {
    const files = tiers.map((tier) =>
      cycle.files.find((f) => f.tier === tier && f.exists && f.path !== null),
    );
    const first = files[0];
    if (!first) continue;
    for (const table of first.tables) {
      const [channel] = table.name.split("/");
      if (!channel || (wanted.size > 0 && !wanted.has(channel))) continue;
      const reads = files.flatMap((file) => {
        const group = `${channel}/${file?.tier ?? ""}`;
        return file?.tables.some((t) => t.name === group) ? [{ path: file.path!, group }] : [];
      });
      if (reads.length > 0) sources.push({ reads });
    }
  }
  return sources;
}

export function pythonSelection(inputs: PythonInputs): PythonSelection {
  const { dataset, selection } = inputs;
  // an opened entry list has no cuts to reproduce: the script loads the list's own file
  if (selection.entryList !== undefined && inputs.entryListPath === undefined)
    throw new Error("Copy as Python needs the opened entry list's file; open it again");
  if (!canCopyAsPython(dataset))
    throw new Error(
      `Copy as Python needs a FileDB config or a saved FileDB; ${dataset.sourcePath} is a ${dataset.sourceKind} (save a FileDB config for it first)`,
    );
  const source = sourceOf(dataset);
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
  if (selection.entryList !== undefined && inputs.entryListPath !== undefined) {
    out.entryListPath = inputs.entryListPath;
    out.files = "all";
    out.channels = [];
    out.cuts = {};
  }
  const histogram = inputs.histogram ? histogramOf(inputs.histogram) : undefined;
  if (histogram) out.histogram = histogram;
  if (inputs.sources && inputs.sources.length > 0) out.sources = inputs.sources;
  return out;
}
