// countEntries: entries passing the selection's cuts, in total and per channel, from the DataLoader's
// entry list (so the live count equals build_entry_list on the same selection).
import type { DataSelection, EntryCount } from "../../../../shared/api/types.ts";
import type { EntryList, TableId } from "../../flow/loader/index.ts";
import type { EntryListCache, WorkSink } from "./selection.ts";

/** Entries per table id over entry lists, table ids in ascending order (NaN for non-numeric ids). */
export function countPerChannel(lists: Iterable<EntryList>): EntryCount {
  const perId = new Map<string, { id: TableId; count: number }>();
  let total = 0;
  for (const entries of lists) {
    const perCode = new Float64Array(entries.tableIds.length);
    for (let i = 0; i < entries.length; i++) perCode[entries.tableCode[i]!]! += 1;
    entries.tableIds.forEach((id, code) => {
      const key = String(id);
      const slot = perId.get(key);
      if (slot) slot.count += perCode[code]!;
      else perId.set(key, { id, count: perCode[code]! });
    });
    total += entries.length;
  }
  const order = [...perId.values()].sort((a, b) =>
    typeof a.id === "number" && typeof b.id === "number"
      ? a.id - b.id
      : String(a.id).localeCompare(String(b.id)),
  );
  return {
    total,
    channelIds: Float64Array.from(order, ({ id }) => (typeof id === "number" ? id : Number.NaN)),
    channelCounts: Float64Array.from(order, ({ count }) => count),
  };
}

export async function countEntries(
  cache: EntryListCache,
  selection: DataSelection,
  sink: WorkSink,
): Promise<EntryCount> {
  return countPerChannel((await cache.build(selection, sink)).perFile.values());
}
