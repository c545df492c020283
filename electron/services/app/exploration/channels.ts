// listChannels: the channels (tables of the hit level) of the selected cycles with their entries, joined
// with the LEGEND channel map when metadata is found; without one, table names and numbers only.
import type { ChannelEntry, ChannelList } from "../../../../shared/api/types.ts";
import { ChannelMap, type ChannelSet } from "../../flow/channelmap.ts";
import type { TableId } from "../../flow/loader/index.ts";
import { Lh5File } from "../../lh5/reader.ts";
import type { ExplorationContext } from "./context.ts";

/** What the channel map knows about one rawid. */
export interface ChannelFacts {
  name: string;
  system: string | null;
  string: number | null;
  position: number | null;
  usability: string | null;
}

/** Channel facts valid for one cycle (timestamp + data type), or null when nothing is known. */
export type ChannelLookup = (
  rawid: number,
  timestamp: string,
  category: string | undefined,
) => ChannelFacts | null;

/** A lookup over the LEGEND channel map in `metadataDir`; null when there is none there. */
export function channelMapLookup(metadataDir: string | null): ChannelLookup | null {
  if (metadataDir === null) return null;
  let map: ChannelMap;
  try {
    map = ChannelMap.fromMetadata(metadataDir);
  } catch {
    return null;
  }
  const sets = new Map<string, ChannelSet | null>();
  const setAt = (timestamp: string, category: string): ChannelSet | null => {
    const key = `${timestamp}|${category}`;
    if (!sets.has(key)) {
      let set: ChannelSet | null;
      try {
        set = map.at(timestamp, category);
      } catch {
        set = null; // no map valid then (or an odd timestamp): the channel stays a bare table
      }
      sets.set(key, set);
    }
    return sets.get(key)!;
  };
  return (rawid, timestamp, category) => {
    const info = setAt(timestamp, category ?? "all")?.byRawid(rawid);
    if (!info) return null;
    return {
      name: info.name,
      system: info.system,
      string: info.string ?? null,
      position: info.position ?? null,
      usability: info.usability ?? null,
    };
  };
}

type Cells<T> = readonly (readonly T[] | null | undefined)[];

/** Rows of a table in a file, or -1 when it cannot be read. */
function tableRows(file: Lh5File | null, tablePath: string): number {
  if (!file) return -1;
  try {
    return file.nRows(tablePath);
  } catch {
    return -1;
  }
}

export function listChannels(
  ctx: ExplorationContext,
  rows: number[],
  lookup: ChannelLookup | null = null,
): ChannelList {
  const db = ctx.fileDb;
  const selected = ctx.rowsOf({ rows });
  const hitTiers = ctx.info.levels[0]?.tiers ?? db.tiers;
  const entries = new Map<string, { id: TableId; entries: number; facts: ChannelFacts | null }>();
  for (const row of selected) {
    // Entries per channel come from the first hit-level tier this cycle has tables in (raw, else dsp, …).
    const tier = hitTiers.find((t) => {
      const tables = (db.column(`${t}_tables`) as unknown as Cells<TableId>)[row];
      return tables && tables.length > 0 && db.filePath(row, t) !== null;
    });
    if (tier === undefined) continue;
    const tables = (db.column(`${tier}_tables`) as unknown as Cells<TableId>)[row]!;
    let file: Lh5File | null;
    try {
      file = Lh5File.open(db.filePath(row, tier)!);
    } catch {
      file = null; // counts stay unknown (-1) for an unreadable file
    }
    try {
      const timestamp = ctx.key("timestamp", row);
      for (const id of tables) {
        const key = String(id);
        let slot = entries.get(key);
        if (!slot) {
          const facts =
            lookup && typeof id === "number" && timestamp !== undefined
              ? lookup(id, timestamp, ctx.key("type", row))
              : null;
          entries.set(key, (slot = { id, entries: 0, facts }));
        }
        const n = tableRows(file, db.getTableName(tier, id));
        slot.entries = slot.entries < 0 || n < 0 ? -1 : slot.entries + n;
      }
    } finally {
      file?.close();
    }
  }
  const sorted = [...entries.values()].sort((a, b) =>
    typeof a.id === "number" && typeof b.id === "number"
      ? a.id - b.id
      : String(a.id).localeCompare(String(b.id)),
  );
  const tier = hitTiers[0] ?? db.tiers[0]!;
  const channels: ChannelEntry[] = sorted.map(({ id, facts }) => ({
    table: db.getTableName(tier, id).split("/")[0]!,
    rawid: typeof id === "number" ? id : null,
    name: facts?.name ?? null,
    system: facts?.system ?? null,
    string: facts?.string ?? null,
    position: facts?.position ?? null,
    usability: facts?.usability ?? null,
  }));
  return {
    datasetId: ctx.datasetId,
    channels,
    entries: Float64Array.from(sorted, (s) => s.entries),
    metadataFound: lookup !== null,
  };
}
