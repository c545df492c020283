// The SelectionEngine: every question the exploration asks of a selection (count, entries, column values,
// 1-D and 2-D histograms) over one immutable Selection, with the choice between the two ways to answer
// made here and only here: the cycle workers (selections by table id with hit cuts and evt cuts through the
// TCM, columns of the hit level) or the DataLoader's entry lists and loads (channel names and detector words,
// pinned entry lists, columns of other levels). The tests prove both ways equal on the real files.
import type {
  DataSelection,
  EntryCount,
  Histogram1d,
  Histogram1dRequest,
  Histogram2d,
  Histogram2dRequest,
} from "../../../../shared/api/types.ts";
import type { NumericData } from "../../../../shared/lgdo/model.ts";
import type { ExplorationContext } from "./context.ts";
import { ColumnValueCache, forEachFileColumns, columnKey } from "./column-cache.ts";
import { countPerChannel } from "./counts.ts";
import {
  type CyclePlan,
  type Extent,
  countInWorkers,
  emptyEntries,
  entryListsInWorkers,
  histogramInWorkers,
  valuesInWorkers,
} from "./cycle-jobs.ts";
import { type EvtCutArgs, concatFloat64 } from "./cycle-work.ts";
import { cycleWorkers } from "./cycle-workers.ts";
import { histogram1dOnLoader, histogram2dOf, toHistogram1d } from "./histograms.ts";
import { LruMap } from "./lru-map.ts";
import { tablesOfChannels } from "./channel-tables.ts";
import type { TableId } from "../../flow/loader/entry-list.ts";
import { BuiltSelection, EntryListCache } from "./selection.ts";
import { type ColumnRequest, Selection, checkColumns } from "./selection-value.ts";
import type { WorkSink } from "./work-sink.ts";

/**
 * The selection's evt cut as the cycle workers take it (null without one), or undefined when its TCM does
 * not link the lowest level to the cut's level (the loader then says what is wrong).
 */
function evtCutArgs(selection: Selection): EvtCutArgs | null | undefined {
  const { evtCut, eventLevels } = selection;
  if (evtCut === null || eventLevels === null) return null;
  const { tcm, evt } = eventLevels;
  if (tcm.parent !== selection.lowest.name || tcm.child !== evt.name || !tcm.tcmCols) return undefined;
  return { tcm, evt, cut: evtCut };
}

export class SelectionEngine {
  readonly entries: EntryListCache;
  readonly values = new ColumnValueCache();
  /** Extents of columns over selections, so an automatic range found once needs no pass of its own again. */
  private readonly extents = new LruMap<string, Extent>(64);
  /** Tables per cycle of selections by channel words (the channel map read once per selection). */
  private readonly tablesByChannels = new LruMap<string, Map<number, TableId[]> | null>(16);

  constructor(readonly ctx: ExplorationContext) {
    this.entries = new EntryListCache(ctx);
  }

  /** The request as a Selection, checked (cut syntax and columns, rows) without opening a loader. */
  select(request: DataSelection): Selection {
    return Selection.of(this.ctx, request);
  }

  /**
   * What the cycle workers need to answer for this selection and columns, or null when they cannot: the one
   * place where the way is chosen.
   */
  workerPlan(selection: Selection, columns: readonly ColumnRequest[]): CyclePlan | null {
    // A pinned (saved) entry list is the selection itself.
    if (selection.entryList !== undefined) return null;
    const level = selection.lowest;
    let tables = selection.tableIds;
    let tablesByRow: Map<number, TableId[]> | undefined;
    if (tables === undefined) {
      // channel names and detector words: per cycle, through the channel map (null: only the loader knows)
      const resolved = this.channelTables(selection);
      if (resolved === null) return null;
      tables = null;
      tablesByRow = resolved;
    }
    const evt = evtCutArgs(selection);
    if (evt === undefined) return null;
    const known = this.ctx.columnsIn(level.tiers);
    const inLevel = (c: ColumnRequest): boolean =>
      known.includes(c.column) && (c.tier === undefined || level.tiers.includes(c.tier));
    if (!columns.every(inLevel)) return null;
    return {
      scope: this.ctx.scope,
      catalog: this.ctx.catalog,
      level,
      rows: [...selection.rows],
      tables,
      ...(tablesByRow ? { tablesByRow } : {}),
      cut: selection.hitCut,
      evt,
    };
  }

  /** The tables a selection's channel words name per cycle (kept per selection; null: not resolvable here). */
  private channelTables(selection: Selection): Map<number, TableId[]> | null {
    let found = this.tablesByChannels.get(selection.key);
    if (found === undefined) {
      found = tablesOfChannels(this.ctx, selection.lowest, selection.channels, selection.rows);
      this.tablesByChannels.set(selection.key, found);
    }
    return found;
  }

  /** Entries passing the selection's cuts, in total and per channel. */
  async count(selection: Selection, sink: WorkSink): Promise<EntryCount> {
    const plan = this.workerPlan(selection, []);
    if (plan) return countInWorkers(plan, sink);
    return countPerChannel((await this.entryLists(selection, sink)).perFile.values());
  }

  /** The selection's entry lists per cycle (kept for the pages, values and exports that follow). */
  async entryLists(selection: Selection, sink: WorkSink = {}): Promise<BuiltSelection> {
    const cached = this.entries.cached(selection);
    if (cached) return cached;
    const plan = this.workerPlan(selection, []);
    // In the workers once they are up: a first page right after opening is not kept waiting for threads.
    if (plan && cycleWorkers().ready) {
      const built = new BuiltSelection(await entryListsInWorkers(plan, sink), emptyEntries(plan));
      this.entries.store(selection, built);
      return built;
    }
    return this.entries.build(selection, sink);
  }

  /** Values of `columns` for every entry, in entry-list order (cached; do not modify). */
  async columns(
    selection: Selection,
    columns: readonly ColumnRequest[],
    sink: WorkSink = {},
  ): Promise<Float64Array[]> {
    return (await this.columnsWithUnits(selection, columns, sink)).values;
  }

  /** As `columns`, with each column's `units` attribute (null without one). */
  private async columnsWithUnits(
    selection: Selection,
    columns: readonly ColumnRequest[],
    sink: WorkSink,
  ): Promise<{ values: Float64Array[]; units: (string | null)[] }> {
    checkColumns(this.ctx, columns);
    const keys = columns.map((c) => `aligned\0${columnKey(selection, c)}`);
    const cachedEntries = keys.map((key) => this.values.get(key));
    const cached = cachedEntries.map((entry) => entry?.perFile.get(0) as Float64Array | undefined);
    if (cached.every((v) => v !== undefined))
      return { values: cached, units: cachedEntries.map((entry) => entry!.units) };
    const plan = this.workerPlan(selection, columns);
    let values: Float64Array[];
    let units: (string | null)[];
    if (plan) {
      ({ values, units } = await valuesInWorkers(
        plan,
        columns.map((c) => c.column),
        sink,
      ));
    } else {
      const pieces: NumericData[][] = columns.map(() => []);
      units = columns.map(() => null);
      await forEachFileColumns(this.ctx, this.entries, this.values, selection, columns, sink, (v, _e, u) => {
        v.forEach((piece, c) => {
          pieces[c]!.push(piece);
          units[c] ??= u[c] ?? null;
        });
      });
      values = pieces.map((list) => concatFloat64(list));
    }
    keys.forEach((key, c) =>
      this.values.set(key, {
        units: units[c]!,
        perFile: new Map([[0, values[c]!]]),
        bytes: values[c]!.byteLength,
      }),
    );
    return { values, units };
  }

  async histogram1d(selection: Selection, req: Histogram1dRequest, sink: WorkSink): Promise<Histogram1d> {
    const column = { column: req.column, tier: req.tier };
    checkColumns(this.ctx, [column]);
    const plan = this.workerPlan(selection, [column]);
    if (!plan) return histogram1dOnLoader(this.ctx, this.entries, this.values, selection, req, sink);
    const splitBy = req.splitBy ?? "none";
    const extentKey = JSON.stringify([selection.key, req.column, req.tier ?? null]);
    const found = await histogramInWorkers(
      plan,
      { column: req.column, bins: req.bins, range: req.range, splitBy, extent: this.extents.get(extentKey) },
      sink,
    );
    if (found.extent !== undefined) this.extents.set(extentKey, found.extent);
    return toHistogram1d(this.ctx, req, found.result, found.units, (group) => found.keyOf.get(group)!);
  }

  async histogram2d(selection: Selection, req: Histogram2dRequest, sink: WorkSink): Promise<Histogram2d> {
    const columns = [
      { column: req.x.column, tier: req.x.tier },
      { column: req.y.column, tier: req.y.tier },
    ];
    const { values, units } = await this.columnsWithUnits(selection, columns, sink);
    return { ...histogram2dOf(values[0]!, values[1]!, req), units: { x: units[0]!, y: units[1]! } };
  }

  /** Drops what the engine keeps for the dataset (closed or replaced). */
  clear(): void {
    this.entries.clear();
    this.values.clear();
    this.extents.clear();
    this.tablesByChannels.clear();
  }
}
