// eventView: every channel (germanium and SiPM) of the TCM event of one entry of a selection, with their
// identities, values and waveforms; or of the previous/next entry of the selection that lies in another event.
import type { EventView, EventViewRequest } from "../../../../shared/api/types.ts";
import type { LevelSpec } from "../../flow/loader/config.ts";
import { type DataLoader, EntryList, type TableId } from "../../flow/loader/index.ts";
import { ExplorationError } from "./context.ts";
import type { ExplorationContext } from "./context.ts";
import { type AlignedColumn, eventIndices, eventLevelOf, loadAligned, readTcm } from "./entry-values.ts";
import type { EntryIdentifier } from "./identity.ts";
import type { WaveformPager } from "./waveforms.ts";

/** Entries looked at per TCM pass when stepping to another event (neighbours usually differ at once). */
const STEP_CHUNK = 64;

/** Where germanium channels come first, SiPMs next, everything else last (the array's reading order). */
const SYSTEM_ORDER: Record<string, number> = { geds: 0, spms: 1 };

/** Event of each position of `list` in [from, to), read a chunk at a time through the TCM. */
function eventsAt(
  loader: DataLoader,
  list: EntryList,
  tcm: LevelSpec,
  identifier: EntryIdentifier,
  from: number,
  to: number,
): Int32Array {
  return eventIndices(loader, list.slice(from, to), tcm, identifier.tcms);
}

/**
 * The position reached from `position` by `step` (-1, 0, +1): the nearest entry on that side whose
 * (cycle, event) differs; `position` itself at the end of the list.
 */
function stepPosition(
  loader: DataLoader,
  list: EntryList,
  tcm: LevelSpec | null,
  identifier: EntryIdentifier,
  position: number,
  step: number,
): number {
  if (step === 0) return position;
  const next = position + step;
  if (next < 0 || next >= list.length) return position;
  if (!tcm) return next; // without events every entry is its own
  const here = eventsAt(loader, list, tcm, identifier, position, position + 1)[0]!;
  const cycle = list.file[position]!;
  for (let at = next; at >= 0 && at < list.length;) {
    const from = step > 0 ? at : Math.max(0, at - STEP_CHUNK + 1);
    const to = step > 0 ? Math.min(list.length, at + STEP_CHUNK) : at + 1;
    const events = eventsAt(loader, list, tcm, identifier, from, to);
    for (let k = step > 0 ? 0 : events.length - 1; k >= 0 && k < events.length; k += step) {
      const p = from + k;
      if (list.file[p] !== cycle || events[k] !== here || here < 0) return p;
    }
    at = step > 0 ? to : from - 1;
  }
  return position;
}

/** The hits of one event of a cycle as an entry list of the parent level (their event numbers set). */
function eventHits(
  loader: DataLoader,
  list: EntryList,
  levels: { tcm: LevelSpec; child: LevelSpec },
  identifier: EntryIdentifier,
  row: number,
  event: number,
): EntryList {
  const tcm = readTcm(loader, levels.tcm, row, identifier.tcms);
  if (!tcm || event >= tcm.nEvents)
    throw new ExplorationError(`cycle ${row} has no event ${event} in its TCM`);
  const start = event > 0 ? tcm.cumulativeLength[event - 1]! : 0;
  const end = tcm.cumulativeLength[event]!;
  const ids: TableId[] = [];
  const codes = new Map<number, number>();
  const tableCode = new Int32Array(end - start);
  const idx = new Int32Array(end - start);
  for (let h = start; h < end; h++) {
    const key = tcm.tableKey[h]!;
    let code = codes.get(key);
    if (code === undefined) {
      code = ids.length;
      codes.set(key, code);
      // table ids are the numbers the entry list uses (rawids); keep the list's own id when it has it
      ids.push(list.tableIds.find((id) => Number(id) === key) ?? key);
    }
    tableCode[h - start] = code;
    idx[h - start] = tcm.rowInTable[h]!;
  }
  return new EntryList({
    parentLevel: list.parentLevel,
    childLevel: levels.child.name,
    tcmLevel: levels.tcm.name,
    file: new Int32Array(end - start).fill(row),
    tableCode,
    tableIds: ids,
    idx,
    evtIdx: new Int32Array(end - start).fill(event),
  });
}

/** Positions of the hits in layout order: geds, SiPMs, others; then string, position, rawid. */
function layoutOrder(identity: EventView["identity"]): Int32Array {
  const rank = (i: number) => {
    const ch = identity.channels[identity.channel[i]!]!;
    return [
      SYSTEM_ORDER[ch.system ?? ""] ?? 2,
      ch.string ?? Number.MAX_SAFE_INTEGER,
      ch.position ?? Number.MAX_SAFE_INTEGER,
      ch.rawid ?? Number.MAX_SAFE_INTEGER,
      identity.row[i]!,
    ];
  };
  const keys = Array.from(identity.channel, (_, i) => rank(i));
  return Int32Array.from(keys.keys()).sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    for (let k = 0; k < ka.length; k++) if (ka[k] !== kb[k]) return ka[k]! - kb[k]!;
    return 0;
  });
}

export async function eventView(
  ctx: ExplorationContext,
  pager: WaveformPager,
  identifier: EntryIdentifier,
  req: EventViewRequest,
): Promise<EventView> {
  const list = await pager.entriesOf(req);
  const all = list instanceof EntryList ? list : list.all;
  if (all.length === 0) throw new ExplorationError("the selection has no entries");
  if (req.position >= all.length)
    throw new ExplorationError(`no entry at position ${req.position} (the selection has ${all.length})`);
  const loader = await identifier.levelsLoader();
  const levels = eventLevelOf(loader, all.parentLevel);
  const position = stepPosition(loader, all, levels?.tcm ?? null, identifier, req.position, req.step ?? 0);
  const entry = all.slice(position, position + 1);
  const row = entry.file[0]!;
  const event = levels ? eventIndices(loader, entry, levels.tcm, identifier.tcms)[0]! : -1;
  const unordered = levels && event >= 0 ? eventHits(loader, all, levels, identifier, row, event) : entry;
  const order = layoutOrder(await identifier.identify(unordered));
  const hits = unordered.take(order);
  const identity = await identifier.identify(hits);
  let current = 0;
  for (let i = 0; i < hits.length; i++)
    if (hits.tableIdAt(i) === entry.tableIdAt(0) && hits.idx[i] === entry.idx[0]) current = i;

  const values: AlignedColumn[] =
    req.valueColumns.length > 0 ? await readValues(ctx, hits, req.valueColumns) : [];
  const levelTiers =
    (ctx.info.levels.find((l) => l.name === all.parentLevel) ?? ctx.info.levels[0])?.tiers ??
    ctx.fileDb.tiers;
  const traces = req.columns.map((column) => pager.traces(hits, column, levelTiers, [], new Map()));
  return {
    totalEntries: all.length,
    position,
    event,
    identity,
    current,
    values: Object.fromEntries(values.map((v) => [v.name, { values: v.values, units: v.units }])),
    traces,
  };
}

/** Values of every hit, through a loader of its own (the event's channels need not be in the selection). */
async function readValues(
  ctx: ExplorationContext,
  hits: EntryList,
  columns: readonly string[],
): Promise<AlignedColumn[]> {
  const loader = await ctx.loader();
  try {
    return await loadAligned(loader, hits, columns);
  } finally {
    loader.close();
  }
}
