// Scalar columns for any entries of an entry list (spanning cycles), aligned with the entries: read
// cycle by cycle through the DataLoader's load. Columns of the event level (evt) are read at each hit's
// event, found through the TCM (the TCM maps (table, row) → event number within the cycle).
import type { LevelSpec } from "../../flow/loader/config.ts";
import { type DataLoader, EntryList } from "../../flow/loader/index.ts";
import { type Tcm, tcmFromLgdo } from "../../flow/loader/tcm.ts";
import { Lh5File } from "../../lh5/reader.ts";
import { ExplorationError } from "./context.ts";
import { type NumericColumn, loadScalarColumns } from "./values.ts";
import { LruMap, throwIfCancelled, yieldToEventLoop } from "./selection.ts";
import { fileStamp } from "../../fs/file-stamp.ts";

export interface AlignedColumn {
  name: string;
  values: Float64Array;
  units: string | null;
}

/** Positions of the entries of each cycle, in order of first appearance. */
export function positionsByFile(entries: EntryList): Map<number, Int32Array> {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < entries.length; i++) {
    const row = entries.file[i]!;
    let list = groups.get(row);
    if (!list) groups.set(row, (list = []));
    list.push(i);
  }
  return new Map([...groups].map(([row, list]) => [row, Int32Array.from(list)]));
}

/** TCMs read recently, by file and table (a values table asks for one entry at a time). */
export type TcmCache = LruMap<string, Tcm>;

/** The TCM level linking `parentLevel` to an event level, with that event level; null when none. */
export function eventLevelOf(
  loader: DataLoader,
  parentLevel: string,
): { tcm: LevelSpec; child: LevelSpec } | null {
  const tcm = loader.levels.find((l) => l.tcmCols !== undefined && l.parent === parentLevel);
  const child = tcm ? loader.levels.find((l) => l.name === tcm.child) : undefined;
  return tcm && child ? { tcm, child } : null;
}

/** The TCM of a cycle (its only table of the TCM tier), read once per cache. */
export function readTcm(loader: DataLoader, tcm: LevelSpec, row: number, cache?: TcmCache): Tcm | null {
  const tier = tcm.tiers[0]!;
  const tables = (loader.db.column(`${tier}_tables`) as unknown as (readonly (number | string)[] | null)[])[
    row
  ];
  const path = loader.db.filePath(row, tier);
  if (!tables || tables.length === 0 || !path) return null;
  if (tables.length > 1)
    throw new ExplorationError(
      `cycle ${row} has ${tables.length} TCM tables (${tables.join(", ")}) in tier '${tier}'; cannot tell which maps hits to events`,
      path,
    );
  const name = loader.getTableName(tier, tables[0]!);
  const key = `${path}\0${fileStamp(path)}\0${name}`; // a rewritten file is read again
  let map = cache?.get(key);
  if (!map) {
    const file = Lh5File.open(path);
    try {
      map = tcmFromLgdo(file.read(name), tcm.tcmCols!, `${path}:${name}`);
    } finally {
      file.close();
    }
    cache?.set(key, map);
  }
  return map;
}

/**
 * Event number (TCM row within its cycle) of every entry: the entry list's own when it was built through
 * the TCM, else looked up in each cycle's TCM by (table id, row); -1 for a hit in no event or a cycle
 * without a TCM.
 */
export function eventIndices(
  loader: DataLoader,
  entries: EntryList,
  tcm: LevelSpec,
  cache?: TcmCache,
): Int32Array {
  if (entries.evtIdx) return entries.evtIdx;
  const out = new Int32Array(entries.length).fill(-1);
  for (const [row, positions] of positionsByFile(entries)) {
    const map = readTcm(loader, tcm, row, cache);
    if (!map) continue;
    // wanted (table key → row → positions), then one pass over the TCM's hits
    const wanted = new Map<number, Map<number, number[]>>();
    for (const p of positions) {
      const table = Number(entries.tableIdAt(p));
      let rows = wanted.get(table);
      if (!rows) wanted.set(table, (rows = new Map<number, number[]>()));
      const list = rows.get(entries.idx[p]!);
      if (list) list.push(p);
      else rows.set(entries.idx[p]!, [p]);
    }
    for (let h = 0; h < map.nHits; h++) {
      const list = wanted.get(map.tableKey[h]!)?.get(map.rowInTable[h]!);
      if (list) for (const p of list) out[p] = map.eventOf[h]!;
    }
  }
  return out;
}

/** Splits columns into those of the entries' own level and those only the event level has. */
function splitByLevel(
  loader: DataLoader,
  parentLevel: string,
  columns: readonly string[],
): { own: string[]; event: string[]; levels: { tcm: LevelSpec; child: LevelSpec } | null } {
  const levels = eventLevelOf(loader, parentLevel);
  if (!levels) return { own: [...columns], event: [], levels };
  const parentTiers = loader.levels.find((l) => l.name === parentLevel)?.tiers ?? [];
  const byTier = loader.getTiersForCol(columns);
  const inTiers = (c: string, tiers: readonly string[]) => tiers.some((t) => byTier[t]?.includes(c));
  const event = columns.filter((c) => !inTiers(c, parentTiers) && inTiers(c, levels.child.tiers));
  return { own: columns.filter((c) => !event.includes(c)), event, levels };
}

/**
 * Values of `columns` for every entry (NaN where a table lacks the column, as `load` gives). Columns only
 * the event level has are read at each entry's event through the TCM (NaN for a hit in no event).
 */
export async function loadAligned(
  loader: DataLoader,
  entries: EntryList,
  columns: readonly string[],
  signal?: AbortSignal,
  tcmCache?: TcmCache,
): Promise<AlignedColumn[]> {
  const out = columns.map((name) => ({
    name,
    values: new Float64Array(entries.length).fill(Number.NaN),
    units: null as string | null,
  }));
  if (columns.length === 0) return out;
  const { own, event, levels } = splitByLevel(loader, entries.parentLevel, columns);
  const fill = (names: readonly string[], loaded: NumericColumn[], positions: Int32Array) =>
    loaded.forEach((column, c) => {
      const target = out[columns.indexOf(names[c]!)]!;
      target.units ??= column.units;
      for (let i = 0; i < positions.length; i++) target.values[positions[i]!] = column.values[i]!;
    });
  if (event.length > 0 && levels) {
    const evtIdx = eventIndices(loader, entries, levels.tcm, tcmCache);
    const inEvent = Int32Array.from(evtIdx.keys()).filter((p) => evtIdx[p]! >= 0);
    const sub = entries.take(inEvent);
    const withEvents = new EntryList({
      parentLevel: entries.parentLevel,
      childLevel: levels.child.name,
      tcmLevel: levels.tcm.name,
      file: sub.file,
      tableCode: sub.tableCode,
      tableIds: [...sub.tableIds],
      idx: sub.idx,
      evtIdx: Int32Array.from(inEvent, (p) => evtIdx[p]!),
    });
    for (const [row, positions] of positionsByFile(withEvents)) {
      throwIfCancelled(signal, "Reading event values");
      loader.setFileRows([row]);
      const loaded = await loadScalarColumns(loader, withEvents.take(positions), event, signal);
      fill(
        event,
        loaded,
        Int32Array.from(positions, (p) => inEvent[p]!),
      );
      await yieldToEventLoop();
    }
  }
  if (own.length === 0) return out;
  for (const [row, positions] of positionsByFile(entries)) {
    throwIfCancelled(signal, "Reading values");
    loader.setFileRows([row]);
    fill(own, await loadScalarColumns(loader, entries.take(positions), own, signal), positions);
    await yieldToEventLoop();
  }
  return out;
}
