// Saved entry lists (issue 7): the current selection's build_entry_list written to LH5 in pygama's layout,
// and such a file opened again as the selection, so every view then uses exactly its entries.
import { statSync } from "node:fs";
import { ApiError } from "../../../shared/api/errors.ts";
import type { DataSelection, LevelInfo, LoadedEntryList, SavedEntryList } from "../../../shared/api/types.ts";
import { readEntryList, writeEntryList } from "../flow/loader/entry-file.ts";
import { EntryList } from "../flow/loader/index.ts";
import { initH5 } from "../lh5/h5.ts";
import type { Exploration } from "./exploration/index.ts";
import { throwIfCancelled, type WorkSink } from "./exploration/work-sink.ts";
import type { FileDB } from "../flow/filedb/index.ts";

/** A saved entry list that does not fit the open dataset (or is no entry list at all). */
export class EntryListFileError extends ApiError {
  constructor(message: string, file: string) {
    super({ name: "EntryListFileError", code: "bad-entry-list", message: `${file}: ${message}`, file });
  }
}

/** The entry list without saved cut columns (pygama's `save_output_columns` off). */
function withoutSavedColumns(entries: EntryList): EntryList {
  if (Object.keys(entries.saved).length === 0) return entries;
  const init: ConstructorParameters<typeof EntryList>[0] = {
    parentLevel: entries.parentLevel,
    file: entries.file,
    tableCode: entries.tableCode,
    tableIds: [...entries.tableIds],
    idx: entries.idx,
  };
  if (entries.childLevel !== undefined) init.childLevel = entries.childLevel;
  if (entries.tcmLevel !== undefined) init.tcmLevel = entries.tcmLevel;
  if (entries.evtIdx !== undefined) init.evtIdx = entries.evtIdx;
  return new EntryList(init);
}

/** Builds the selection's entry list (cached with the live count's) and writes it; `outputPath` was checked by the caller. */
export async function saveEntryList(
  explorer: Exploration,
  selection: DataSelection,
  outputPath: string,
  overwrite: boolean,
  sink: WorkSink,
): Promise<SavedEntryList> {
  const entries = withoutSavedColumns(await explorer.entryList(selection, sink));
  throwIfCancelled(sink.signal, "Saving the entry list");
  sink.progress?.({ phase: "Writing the entry list", done: 0, total: 1, unit: "files", current: outputPath });
  writeEntryList(entries, outputPath, { overwrite });
  return { outputPath, entries: entries.length, bytes: statSync(outputPath).size };
}

/** Table ids listed by the FileDB for a cycle in any of the level's tiers (null when tables were not scanned). */
function knownTables(db: FileDB, tiers: readonly string[], row: number): Set<string> | null {
  if (!db.tablesScanned) return null;
  const known = new Set<string>();
  for (const tier of tiers) {
    if (!db.tiers.includes(tier)) continue;
    const lists = db.column(`${tier}_tables`) as ArrayLike<ArrayLike<unknown> | null | undefined>;
    for (const id of Array.from(lists[row] ?? [])) known.add(String(id));
  }
  return known;
}

/** Refuses entry lists whose levels, cycles or tables the open dataset lacks (they would give wrong numbers). */
export function checkFits(entries: EntryList, levels: readonly LevelInfo[], db: FileDB, path: string): void {
  const names = levels.map((l) => l.name).join(", ");
  const parent = levels.find((l) => l.name === entries.parentLevel);
  if (!parent)
    throw new EntryListFileError(
      `its level '${entries.parentLevel}' is not one of this dataset's levels (${names})`,
      path,
    );
  if (entries.tcmLevel !== undefined && !levels.some((l) => l.name === entries.tcmLevel))
    throw new EntryListFileError(
      `its TCM level '${entries.tcmLevel}' is not one of this dataset's levels (${names})`,
      path,
    );
  const tablesOf = new Map<number, Set<string> | null>();
  for (let i = 0; i < entries.length; i++) {
    const row = entries.file[i]!;
    if (row < 0 || row >= db.nRows)
      throw new EntryListFileError(
        `entry ${i} names cycle ${row}, but this dataset has ${db.nRows} cycles; was it saved from another dataset?`,
        path,
      );
    if (entries.idx[i]! < 0) throw new EntryListFileError(`entry ${i} has a negative row index`, path);
    if (!tablesOf.has(row)) tablesOf.set(row, knownTables(db, parent.tiers, row));
    const known = tablesOf.get(row);
    if (known && !known.has(String(entries.tableIdAt(i))))
      throw new EntryListFileError(
        `entry ${i} names table ${String(entries.tableIdAt(i))}, which cycle ${row} does not have`,
        path,
      );
  }
}

/** Reads a saved entry list, checks it against the open dataset and pins it under `id` as a selection. */
export async function loadEntryList(
  explorer: Exploration,
  path: string,
  id: string,
): Promise<LoadedEntryList> {
  await initH5();
  let entries: EntryList;
  try {
    entries = readEntryList(path);
  } catch (error) {
    throw new EntryListFileError(`not a readable entry list (${(error as Error).message})`, path);
  }
  checkFits(entries, explorer.ctx.info.levels, explorer.ctx.fileDb, path);
  explorer.entries.pin(id, entries);
  const rows = [...new Set(entries.file)].sort((a, b) => a - b);
  const channelIds = [...entries.tableIds];
  return {
    entryListId: id,
    path,
    entries: entries.length,
    rows,
    channelIds,
    parentLevel: entries.parentLevel,
    tcmLevel: entries.tcmLevel ?? null,
  };
}

/** The selection the exploration methods get: a pinned entry list stands alone (its own cycles, no cuts). */
export function effectiveSelection(explorer: Exploration, selection: DataSelection): DataSelection {
  if (selection.entryList === undefined) return selection;
  const built = explorer.entries.pinnedList(selection.entryList);
  return { rows: [...built.perFile.keys()], channels: [], cuts: {}, entryList: selection.entryList };
}
