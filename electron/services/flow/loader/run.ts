// Building entry lists and loading columns for a selection state: the plan the builders and loaders share,
// here or over the worker pool (worker-parts.ts), with the warnings of the run.
import type { LgdoTable } from "../../../../shared/lgdo/model.ts";
import { type BuildPlan, buildHitEntries, buildTcmEntries } from "./build.ts";
import type { LevelSpec } from "./config.ts";
import { type TableSource, resolveDatastreams } from "./datastreams.ts";
import { writeEntryList } from "./entry-file.ts";
import type { EntryList, TableId } from "./entry-list.ts";
import { type LoadPlan, loadHits, toEventOrientation } from "./load.ts";
import { DataLoaderError, type SelectionState } from "./selection-state.ts";
import type { FileCache } from "./sources.ts";
import { flattenNested, splitByFile } from "./table-utils.ts";
import { Warnings } from "./util.ts";
import { type Progress, buildInWorkers, loadInWorkers, useWorkers } from "./worker-parts.ts";

export interface BuildOptions {
  /** Split the cycles over worker threads (default: shardOverPool's rule for "loaderCycle" work). */
  parallel?: boolean;
  /** Also write the entry list to this LH5 file (table `entries`), atomically. */
  outputFile?: string;
  overwrite?: boolean;
  tcmLevel?: string;
  tcmTable?: TableId;
  mode?: "any" | "only";
  saveOutputColumns?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface LoadOptions {
  /** Split the work over worker threads (default: as for builds, counting the cycles in the entries). */
  parallel?: boolean;
  entryList?: EntryList;
  orientation?: "hit" | "evt";
  tcmLevel?: string;
  mode?: "any" | "only";
  /** One merged table (true) or one per cycle, for this load only (default: the output settings). */
  mergeFiles?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface LoadResult {
  /** Merged output: one table with a `file` column (FileDB row). Null when not merged. */
  table: LgdoTable | null;
  /** Per-file output (merge_files=false): one table per FileDB row, without `file`. Null when merged. */
  perFile: Map<number, LgdoTable> | null;
  /** The entry list the rows came from. */
  entryList: EntryList;
  warnings: string[];
}

/** A loader's fixed parts: where tables are, the open files, and the warnings of its last run. */
export interface LoaderParts extends TableSource {
  readonly files: FileCache;
  /** Warnings of the last build or load (what `DataLoader.warnings` shows). */
  readonly lastWarnings: { list: string[] };
}

/** What the builders and loaders read: catalog, open files, levels, the state's tables and cuts. */
export function planOf(
  parts: LoaderParts,
  state: SelectionState,
  warnings: Warnings,
  opts: { signal?: AbortSignal | undefined; onProgress?: ((p: Progress) => void) | undefined },
): BuildPlan & LoadPlan {
  if (state.fileList === null) throw new DataLoaderError("no files selected: call setFiles() first");
  return {
    catalog: parts.catalog,
    files: parts.files,
    levels: parts.levels,
    fileList: state.fileList,
    tablesFor: (level, row) => resolveDatastreams(parts, state.datastreams, level, row),
    cuts: state.cuts,
    savedColumns: [],
    merged: state.output.mergeFiles,
    warnings,
    signal: opts.signal,
    onProgress: opts.onProgress,
  };
}

function tcmLevelSpec(levels: readonly LevelSpec[], name: string): LevelSpec {
  const tcm = levels.find((l) => l.name === name);
  if (!tcm?.tcmCols) {
    const tcms = levels.filter((l) => l.tcmCols).map((l) => l.name);
    throw new DataLoaderError(`'${name}' is not a TCM level (TCM levels: ${tcms.join(", ") || "none"})`);
  }
  return tcm;
}

/** The only TCM level, or an error asking which one. */
export function defaultTcmLevel(levels: readonly LevelSpec[]): string {
  const tcms = levels.filter((l) => l.tcmCols);
  if (tcms.length !== 1) {
    throw new DataLoaderError(
      `need to say which coincidence map to use (tcmLevel); TCM levels: ${tcms.map((l) => l.name).join(", ") || "none"}`,
    );
  }
  return tcms[0]!.name;
}

/** The build a load without an entry list runs: cut columns that are output columns are kept. */
export function buildOptionsFor(levels: readonly LevelSpec[], opts: LoadOptions): BuildOptions {
  const build: BuildOptions = { saveOutputColumns: true };
  const tcmLevel =
    opts.tcmLevel ?? ((opts.orientation ?? "hit") === "evt" ? defaultTcmLevel(levels) : undefined);
  if (tcmLevel !== undefined) build.tcmLevel = tcmLevel;
  if (opts.mode !== undefined) build.mode = opts.mode;
  if (opts.parallel !== undefined) build.parallel = opts.parallel;
  if (opts.signal) build.signal = opts.signal;
  if (opts.onProgress) build.onProgress = opts.onProgress;
  return build;
}

/**
 * The entry list of a selection state: per hit without a TCM, or per (event, hit) through `tcmLevel`.
 * `mode` only: passing hits; any: whole events with something passing. `saveOutputColumns` keeps cut
 * columns that are also output columns.
 */
export async function buildEntries(
  parts: LoaderParts,
  state: SelectionState,
  opts: BuildOptions = {},
): Promise<EntryList> {
  const parallel = useWorkers(state.fileList?.length ?? 0, opts.parallel);
  if (!parallel) await Promise.resolve(); // asynchronous either way
  const mode = opts.mode ?? "only";
  if (mode !== "any" && mode !== "only")
    throw new DataLoaderError(`mode must be 'any' or 'only', not '${String(mode)}'`);
  const warnings = new Warnings();
  const plan = planOf(parts, state, warnings, opts);
  const lowest = parts.levels[0]!;
  let parentName = lowest.name;
  let tcm: LevelSpec | undefined;
  if (opts.tcmLevel !== undefined) {
    tcm = tcmLevelSpec(parts.levels, opts.tcmLevel);
    parentName = tcm.parent!;
  } else {
    const stray = [...state.cuts.keys()].filter((l) => l !== lowest.name);
    if (stray.length > 0) {
      throw new DataLoaderError(
        `a cut on level '${stray[0]}' needs an entry list through a TCM (pass tcmLevel)`,
      );
    }
  }
  const parentCut = state.cuts.get(parentName);
  const outputs = new Set(state.output.columns ?? []);
  plan.savedColumns =
    opts.saveOutputColumns && parentCut ? parentCut.columns.filter((c) => outputs.has(c)) : [];
  let entries: EntryList;
  if (parallel && plan.fileList.length > 0) {
    const tcmArgs = tcm
      ? { level: tcm.name, mode, ...(opts.tcmTable !== undefined ? { tcmTable: opts.tcmTable } : {}) }
      : undefined;
    entries = await buildInWorkers(parts, state, plan, tcmArgs, opts);
  } else entries = tcm ? buildTcmEntries(plan, tcm, mode, opts.tcmTable) : buildHitEntries(plan);
  if (entries.length === 0) warnings.add("the selection is empty: no entry passed");
  parts.lastWarnings.list = warnings.list();
  if (opts.outputFile !== undefined)
    writeEntryList(entries, opts.outputFile, { overwrite: opts.overwrite ?? false });
  return entries;
}

/** Loads the output columns of a selection state for an entry list (built now when not given). */
export async function loadEntries(
  parts: LoaderParts,
  state: SelectionState,
  opts: LoadOptions = {},
): Promise<LoadResult> {
  const orientation = opts.orientation ?? "hit";
  if (orientation !== "hit" && orientation !== "evt") {
    throw new DataLoaderError(`orientation must be 'hit' or 'evt', not '${String(orientation)}'`);
  }
  const columns = state.output.columns;
  if (!columns || columns.length === 0)
    throw new DataLoaderError("need to set output columns to load data (setOutput)");
  let tcmLevel = opts.tcmLevel ?? opts.entryList?.tcmLevel;
  if (orientation === "evt" && tcmLevel === undefined) tcmLevel = defaultTcmLevel(parts.levels);
  let entries = opts.entryList;
  if (!entries) {
    entries = await buildEntries(
      parts,
      state,
      buildOptionsFor(parts.levels, { ...opts, ...(tcmLevel !== undefined ? { tcmLevel } : {}) }),
    );
  } else if (orientation === "evt" && !entries.evtIdx) {
    throw new DataLoaderError("event orientation needs an entry list built through a TCM (tcmLevel)");
  }
  const warnings = new Warnings();
  for (const w of parts.lastWarnings.list) warnings.add(w);
  const plan = planOf(parts, state, warnings, opts);
  const cycles = new Set(entries.file).size;
  let table = useWorkers(cycles, opts.parallel)
    ? await loadInWorkers(parts, state, plan, entries, columns, opts)
    : loadHits(plan, entries, columns, true);
  if (orientation === "evt") {
    const child = parts.levels.find((l) => l.name === entries.childLevel);
    const parent = parts.levels.find((l) => l.name === entries.parentLevel)!;
    const parentKnown = new Set(parts.catalog.allColumns(parent.tiers));
    const childKnown = child ? parts.catalog.allColumns(child.tiers) : [];
    table = toEventOrientation(table, entries, new Set(childKnown.filter((c) => !parentKnown.has(c))), true);
  }
  if (state.output.fmt === "pd.DataFrame") table = flattenNested(table);
  const list = warnings.list();
  parts.lastWarnings.list = list;
  if (opts.mergeFiles ?? state.output.mergeFiles)
    return { table, perFile: null, entryList: entries, warnings: list };
  return { table: null, perFile: splitByFile(table), entryList: entries, warnings: list };
}
