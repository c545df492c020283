// Datastreams: which tables of a level a selection names (table ids, table names, channel-map words), and
// their resolution per cycle through the LEGEND channel map valid at the cycle's time.
import { TemplateMatcher, templateFields } from "../../../../shared/format/index.ts";
import type { ChannelMap } from "../channelmap.ts";
import type { FileDB } from "../filedb/index.ts";
import type { LevelSpec } from "./config.ts";
import type { TableId } from "./entry-list.ts";
import { type DatastreamItem, DataLoaderError } from "./selection-state.ts";
import type { TableCatalog } from "./sources.ts";

/** What resolving table words needs: the FileDB, its catalog, the levels and the channel map (if any). */
export interface TableSource {
  readonly db: FileDB;
  readonly catalog: TableCatalog;
  readonly levels: readonly LevelSpec[];
  readonly metadataDir: string | undefined;
  /** The channel map of the metadata folder (read lazily), or null without one. */
  readonly channelMap: ChannelMap | null;
}

/**
 * The table id a datastream names without the channel map: an integer, digits of a numeric template, or a table
 * name (`ch1084803/raw` or its first part `ch1084803`); a word of a template without a number is its own id.
 * Null when it names none (a detector name, or not a table at all). The exploration service uses it too.
 */
export function fixedTableId(template: string, value: string | number): TableId | null {
  if (typeof value === "number") return Number.isInteger(value) ? value : null;
  const field = templateFields(template)[0];
  const numeric = field !== undefined && /\{[^}]*:[^}]*d\}/.test(template);
  if (numeric && /^\d+$/.test(value)) return Number(value);
  if (field !== undefined) {
    const candidates = [...new Set([template, template.split("/")[0]!].filter((t) => t.includes("{")))];
    for (const candidate of candidates) {
      const found = new TemplateMatcher(candidate, { caseSensitive: true }).match(value)?.[field];
      if (found !== undefined) return found;
    }
  }
  return numeric ? null : value;
}

/** The channel set valid for a cycle: its timestamp and its `type` (cal, phy, …) as category. */
function channelsAt(db: FileDB, map: ChannelMap, row: number): ReturnType<ChannelMap["at"]> {
  const timestamps = db.keyNames.includes("timestamp") ? db.column("timestamp") : null;
  const types = db.keyNames.includes("type") ? db.column("type") : null;
  const timestamp = timestamps ? String(timestamps[row]) : "";
  return map.at(timestamp, types ? String(types[row]) : "all");
}

/** The table keyword of a level (`ch` of `ch{ch:07d}/raw`). */
export function keywordOf(db: FileDB, level: LevelSpec): string | undefined {
  const template = db.config.tableFormat[level.tiers[0]!];
  return template === undefined ? undefined : templateFields(template)[0];
}

function resolveTableWord(src: TableSource, level: LevelSpec, value: string | number): TableId {
  const template = src.db.config.tableFormat[level.tiers[0]!] ?? "";
  const id = fixedTableId(template, value);
  if (id !== null) return id;
  if (typeof value === "number") throw new DataLoaderError(`setDatastreams: ${value} is not a table id`);
  const known = new Set<string>();
  for (let row = 0; row < src.db.nRows; row++) {
    if (src.db.isUnlisted(row, level.tiers[0]!)) continue; // examples only from files listed
    for (const tb of src.catalog.tables(row, level.tiers[0]!) ?? [])
      known.add(src.db.getTableName(level.tiers[0]!, tb));
  }
  throw new DataLoaderError(
    `setDatastreams: '${value}' is not a table id or name of level '${level.name}' (tables look like '${template}'` +
      `${known.size > 0 ? `, e.g. ${[...known].slice(0, 4).join(", ")}` : ""})` +
      (src.metadataDir ? "" : "; detector names need a channel map (channel_map in the DataLoader config)"),
  );
}

/** One value of setDatastreams as an item; a channel-map word is checked against the cycle `checkRow`. */
function datastreamItem(
  src: TableSource,
  level: LevelSpec,
  value: string | number,
  checkRow: number,
): DatastreamItem {
  try {
    return { id: resolveTableWord(src, level, value) };
  } catch (error) {
    const map = src.channelMap;
    if (!map || typeof value !== "string") throw error;
    // Check the word now, against the first selected cycle (or the first cycle), for near matches.
    const channels = channelsAt(src.db, map, checkRow);
    channels.resolve([value]);
    return { word: value, required: channels.byName(value.trim()) !== undefined };
  }
}

/**
 * The datastreams after a setDatastreams call: `ds` for the levels using table keyword `word` (default:
 * the lowest level), replacing the others unless `append` (then merged, ids first, in order).
 */
export function withDatastreams(
  src: TableSource,
  current: ReadonlyMap<string, readonly DatastreamItem[]>,
  ds: ReadonlyArray<string | number>,
  word: string | undefined,
  opts: { append?: boolean; checkRow: number },
): Map<string, readonly DatastreamItem[]> {
  const levels =
    word === undefined ? [src.levels[0]!] : src.levels.filter((l) => keywordOf(src.db, l) === word);
  if (levels.length === 0) {
    const words = src.levels.map((l) => `${l.name}: ${keywordOf(src.db, l) ?? "(none)"}`).join(", ");
    throw new DataLoaderError(`setDatastreams: no level uses the table keyword '${word}' (${words})`);
  }
  const next = new Map(opts.append ? current : []);
  for (const level of levels) {
    const items = ds.map((value) => datastreamItem(src, level, value, opts.checkRow));
    const merged = opts.append ? [...(next.get(level.name) ?? []), ...items] : items;
    const key = (item: DatastreamItem): string =>
      "id" in item ? `id:${String(item.id)}` : `word:${item.word}`;
    const unique = [...new Map(merged.map((item) => [key(item), item])).values()];
    if (opts.append) {
      const order = (item: DatastreamItem): [number, string] =>
        "id" in item
          ? [typeof item.id === "number" ? item.id : Infinity, String(item.id)]
          : [Infinity, item.word];
      unique.sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1].localeCompare(order(b)[1]));
    }
    next.set(level.name, unique);
  }
  return next;
}

/** The tables of a level in a cycle: fixed ids plus channel-map words resolved at the cycle's time. */
export function resolveDatastreams(
  src: TableSource,
  datastreams: ReadonlyMap<string, readonly DatastreamItem[]>,
  level: string,
  row: number,
): TableId[] | null {
  const items = datastreams.get(level);
  if (!items) return null;
  if (items.every((item) => "id" in item)) return items.map((item) => item.id);
  const spec = src.levels.find((l) => l.name === level)!;
  const listing = src.catalog.listingTier(row, spec.tiers);
  const present = new Set((listing === null ? [] : (src.catalog.tables(row, listing) ?? [])).map(String));
  const channels = channelsAt(src.db, src.channelMap!, row);
  const out: TableId[] = [];
  for (const item of items) {
    if ("id" in item) out.push(item.id);
    else {
      const ids = channels.resolve([item.word]);
      out.push(...(item.required ? ids : ids.filter((id) => present.has(String(id)))));
    }
  }
  return [...new Map(out.map((id) => [String(id), id])).values()];
}

/** Datastream tables per level per row (channel maps stay in the main thread; workers get the ids). */
export function tablesByRow(
  src: TableSource,
  datastreams: ReadonlyMap<string, readonly DatastreamItem[]>,
  rows: readonly number[],
): Record<string, Record<number, TableId[] | null>> {
  const out: Record<string, Record<number, TableId[] | null>> = {};
  for (const level of datastreams.keys()) {
    const perRow: Record<number, TableId[] | null> = {};
    for (const row of rows) perRow[row] = resolveDatastreams(src, datastreams, level, row);
    out[level] = perRow;
  }
  return out;
}
