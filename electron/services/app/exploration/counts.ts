// Live counts: entries passing the selection's cuts, in total and per channel, from the DataLoader's entry
// lists or the cycle workers' per-table counts (so the live count equals build_entry_list on the same selection).
import type { EntryCount } from "../../../../shared/api/types.ts";
import type { EntryList, TableId } from "../../flow/loader/index.ts";

/** Entries per table id over entry lists, table ids in ascending order (NaN for non-numeric ids). */
export function countPerChannel(lists: Iterable<EntryList>): EntryCount {
  const perList = [...lists].map((entries) => {
    const counts = new Array<number>(entries.tableIds.length).fill(0);
    for (let i = 0; i < entries.length; i++) counts[entries.tableCode[i]!]! += 1;
    return { tableIds: entries.tableIds, counts };
  });
  return countByTable(perList);
}

/** Counts per table id summed over cycles (each with its listed tables and their counts), ids ascending. */
export function countByTable(
  cycles: Iterable<{ tableIds: readonly TableId[]; counts: readonly number[] }>,
): EntryCount {
  const perId = new Map<string, { id: TableId; count: number }>();
  let total = 0;
  for (const { tableIds, counts } of cycles) {
    tableIds.forEach((id, k) => {
      const key = String(id);
      const slot = perId.get(key);
      if (slot) slot.count += counts[k]!;
      else perId.set(key, { id, count: counts[k]! });
      total += counts[k]!;
    });
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
