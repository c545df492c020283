// The DataSelection every exploration view computes over: the selected cycles (or all cycles
// matching the file query), the selected channels (all when none) and the applied cuts.
import type { ColumnInfo, DataSelection, LevelInfo } from "../../../shared/api/types.ts";
import type { AppState } from "../../stores/store.ts";
import { selectionChannelIds } from "../channel-picker/channel-filter.ts";
import type { CutLevel } from "../../stores/cuts-slice.ts";

export function currentSelection(state: AppState): DataSelection {
  // A saved entry list opened as the selection stands alone (the service ignores rows, channels and cuts).
  const list = state.entryList;
  if (list !== null && list.datasetId === state.dataset?.id)
    return { rows: [...list.rows], channels: [], cuts: {}, entryList: list.entryListId };
  const cuts: DataSelection["cuts"] = {};
  if (state.appliedCuts.hit !== "") cuts.hit = state.appliedCuts.hit;
  if (state.appliedCuts.evt !== "") cuts.evt = state.appliedCuts.evt;
  // ticked rows win; else the rows the grid's column filters leave; else every row of the file query
  const rows = state.selectedRows.length > 0 ? state.selectedRows : (state.filteredRows ?? []);
  const selection: DataSelection = {
    rows: [...rows],
    channels: selectionChannelIds(state.channelList?.channels ?? [], state.selectedChannels),
    cuts,
  };
  if (rows.length === 0 && state.appliedQuery.trim() !== "") selection.fileQuery = state.appliedQuery;
  return selection;
}

/** A stable text key of a selection (to restart work only when it changes). */
export function selectionKey(selection: DataSelection): string {
  return JSON.stringify([
    selection.rows,
    selection.fileQuery ?? "",
    selection.channels,
    selection.cuts,
    selection.entryList ?? "",
  ]);
}

/** The data level a cut editor's cut applies to: the lowest level for hit, the event level for evt. */
export function levelOfCut(levels: readonly LevelInfo[], level: CutLevel): string | null {
  if (level === "hit") return levels[0]?.name ?? null;
  const tcm = levels.find((l) => l.child !== undefined);
  return levels.find((l) => l.name === "evt")?.name ?? tcm?.child ?? null;
}

/** Columns a cut of a level may use. */
export function columnsOfCut(
  columns: readonly ColumnInfo[],
  levels: readonly LevelInfo[],
  level: CutLevel,
): ColumnInfo[] {
  const name = levelOfCut(levels, level);
  return columns.filter((column) => column.level === name);
}
