// countEntries: entries passing the selection's cuts, in total and per channel, from the DataLoader's
// entry list (so the live count equals build_entry_list on the same selection).
import type { DataSelection, EntryCount } from "../../../../shared/api/types.ts";
import type { EntryList } from "../../flow/loader/index.ts";
import type { EntryListCache, WorkSink } from "./selection.ts";

/** Entries per table id of an entry list, table ids in ascending order (NaN for non-numeric ids). */
export function countPerChannel(entries: EntryList): EntryCount {
  const perCode = new Float64Array(entries.tableIds.length);
  for (let i = 0; i < entries.length; i++) perCode[entries.tableCode[i]!]! += 1;
  const order = entries.tableIds
    .map((id, code) => ({ id, code }))
    .sort((a, b) =>
      typeof a.id === "number" && typeof b.id === "number"
        ? a.id - b.id
        : String(a.id).localeCompare(String(b.id)),
    );
  return {
    total: entries.length,
    channelIds: Float64Array.from(order, ({ id }) => (typeof id === "number" ? id : Number.NaN)),
    channelCounts: Float64Array.from(order, ({ code }) => perCode[code]!),
  };
}

export async function countEntries(
  cache: EntryListCache,
  selection: DataSelection,
  sink: WorkSink,
): Promise<EntryCount> {
  return countPerChannel(await cache.get(selection, sink));
}
