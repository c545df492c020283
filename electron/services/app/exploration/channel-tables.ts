// The tables a selection's channels name in each cycle, as the DataLoader's setDatastreams resolves them, made in
// the main process from the FileDB's catalog and the LEGEND channel map (metadata only, no LH5 read), so that
// selections by detector name, system or string run in the cycle workers like selections by table id:
// table ids and table names are fixed; a channel-map word resolves at each cycle's time (timestamp and type),
// and keeps only tables the cycle has unless it is a detector's exact name (then it is required).
import { ChannelMap, type ChannelSet } from "../../flow/channelmap.ts";
import type { LevelSpec } from "../../flow/loader/config.ts";
import { fixedTableId } from "../../flow/loader/datastreams.ts";
import type { TableId } from "../../flow/loader/entry-list.ts";
import type { ExplorationContext } from "./context.ts";

type Item = { id: TableId } | { word: string; required: boolean };

/**
 * Per cycle (FileDB row), the tables of `level` the channels name, in the loader's order; null when a
 * channel is neither a table nor a word the channel map knows (the loader's path then says why).
 */
export function tablesOfChannels(
  ctx: ExplorationContext,
  level: LevelSpec,
  channels: readonly (string | number)[],
  rows: readonly number[],
): Map<number, TableId[]> | null {
  const tier = level.tiers[0]!;
  const template = ctx.fileDb.config.tableFormat[tier] ?? "";
  const metadataDir = ctx.loaderMetadataDir;
  let map: ChannelMap | null = null;
  const setAt = (row: number): ChannelSet =>
    map!.at(ctx.key("timestamp", row) ?? "", ctx.key("type", row) ?? "all");
  const items: Item[] = [];
  for (const value of channels) {
    const id = fixedTableId(template, value);
    if (id !== null) {
      items.push({ id });
      continue;
    }
    if (metadataDir === null || typeof value !== "string") return null;
    try {
      map ??= ChannelMap.fromMetadata(metadataDir);
      // checked at the first selected cycle, as the loader checks it (an unknown word is its error to give)
      const first = setAt(rows[0] ?? 0);
      first.resolve([value]);
      items.push({ word: value, required: first.byName(value.trim()) !== undefined });
    } catch {
      return null;
    }
  }
  const unique = [
    ...new Map(items.map((i) => ["id" in i ? `id:${String(i.id)}` : `word:${i.word}`, i])).values(),
  ];
  const out = new Map<number, TableId[]>();
  for (const row of rows) {
    const present = new Set((ctx.catalog.tables(row, tier) ?? []).map(String));
    const tables: TableId[] = [];
    for (const item of unique) {
      if ("id" in item) tables.push(item.id);
      else {
        const ids = setAt(row).resolve([item.word]);
        tables.push(...(item.required ? ids : ids.filter((id) => present.has(String(id)))));
      }
    }
    out.set(row, [...new Map(tables.map((id) => [String(id), id])).values()]);
  }
  return out;
}
