// DataSelection → DataLoader entry list, built file by file (progress, and cancellation between files,
// with the event loop free in between so a cancel request can arrive) and cached per selection.
import type { DataSelection, JobProgress } from "../../../../shared/api/types.ts";
import { CancelledApiError } from "../../../../shared/api/errors.ts";
import type { DataLoader, EntryList } from "../../flow/loader/index.ts";
import { EntryList as EntryListClass } from "../../flow/loader/index.ts";
import { type ExplorationContext, ExplorationError } from "./context.ts";
import { emptyEntries, entryListsInWorkers, planCycles } from "./cycle-jobs.ts";
import { cycleWorkers } from "./cycle-workers.ts";

/** What a long-running step reports to and listens from its job. */
export interface WorkSink {
  readonly signal?: AbortSignal | undefined;
  progress?(progress: JobProgress): void;
}

/** Lets queued requests (cancel, status polls) run between files. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new CancelledApiError(what);
}

/** A loader set up with the selection's channels and cuts; files are set one at a time. */
export interface PreparedSelection {
  loader: DataLoader;
  rows: number[];
  /** TCM level to build through (when an evt cut is given), else undefined. */
  tcmLevel: string | undefined;
}

/** Sets channels and cuts on a fresh loader; closes it again when they are rejected. */
export async function prepareSelection(
  ctx: ExplorationContext,
  selection: DataSelection,
): Promise<PreparedSelection> {
  const rows = ctx.rowsOf(selection);
  const loader = await ctx.loader();
  try {
    const levels = loader.levels;
    const lowest = levels[0]!;
    if (selection.channels.length > 0) loader.setDatastreams(selection.channels);
    const cuts: Record<string, string> = {};
    let tcmLevel: string | undefined;
    const hitCut = selection.cuts.hit?.trim() ?? "";
    const evtCut = selection.cuts.evt?.trim() ?? "";
    if (hitCut !== "") cuts[lowest.name] = hitCut;
    if (evtCut !== "") {
      const tcm = levels.find((l) => l.tcmCols !== undefined);
      const evt = levels.find((l) => l.name === "evt") ?? levels.find((l) => l.name === tcm?.child);
      if (!tcm || !evt)
        throw new ExplorationError(
          `an evt cut needs an event level and a TCM; this dataset's levels are ${levels.map((l) => l.name).join(", ")}`,
        );
      cuts[evt.name] = evtCut;
      tcmLevel = tcm.name;
    }
    if (Object.keys(cuts).length > 0) loader.setCuts(cuts);
    return { loader, rows, tcmLevel };
  } catch (error) {
    loader.close();
    throw error;
  }
}

/** An empty entry list of the loader's lowest level (for selections without cycles). */
function emptyEntryList(prepared: PreparedSelection): EntryList {
  const init: ConstructorParameters<typeof EntryListClass>[0] = {
    parentLevel: prepared.loader.levels[0]!.name,
    file: new Int32Array(0),
    tableCode: new Int32Array(0),
    tableIds: [],
    idx: new Int32Array(0),
  };
  if (prepared.tcmLevel !== undefined) {
    const tcm = prepared.loader.levels.find((l) => l.name === prepared.tcmLevel)!;
    init.tcmLevel = tcm.name;
    if (tcm.child !== undefined) init.childLevel = tcm.child;
    init.evtIdx = new Int32Array(0);
  }
  return new EntryListClass(init);
}

/** Builds the entry list of one cycle. */
export async function buildForRow(
  prepared: PreparedSelection,
  row: number,
  signal?: AbortSignal,
): Promise<EntryList> {
  prepared.loader.setFileRows([row]);
  const opts: Parameters<DataLoader["buildEntryList"]>[0] = {};
  if (prepared.tcmLevel !== undefined) opts.tcmLevel = prepared.tcmLevel;
  if (signal) opts.signal = signal;
  return prepared.loader.buildEntryList(opts);
}

/**
 * Cache key of a selection (resolved rows, channels and cuts, and the versions of the rows' files: what
 * was built or read from a file that changed since is not served again).
 */
export function selectionKey(ctx: ExplorationContext, selection: DataSelection): string {
  const rows = ctx.rowsOf(selection);
  return JSON.stringify([
    ctx.datasetId,
    rows,
    ctx.filesStamp(rows),
    selection.channels.map(String),
    selection.cuts.hit?.trim() ?? "",
    selection.cuts.evt?.trim() ?? "",
    selection.entryList ?? "",
  ]);
}

/** Least-recently-used map with a fixed number of entries. */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  clear(): void {
    this.map.clear();
  }
}

/** A built selection: its per-cycle entry lists, and their concatenation made on first use. */
export class BuiltSelection {
  private concatenated: EntryList | null;

  constructor(
    readonly perFile: ReadonlyMap<number, EntryList>,
    private readonly empty: EntryList,
  ) {
    this.concatenated = perFile.size === 0 ? empty : null;
  }

  get all(): EntryList {
    this.concatenated ??= concatLists([...this.perFile.values()], this.empty);
    return this.concatenated;
  }

  get parentLevel(): string {
    return this.empty.parentLevel;
  }

  /** Entries in all cycles (no concatenation needed). */
  get length(): number {
    if (this.concatenated !== null) return this.concatenated.length;
    let n = 0;
    for (const list of this.perFile.values()) n += list.length;
    return n;
  }

  /**
   * The entries at ascending `positions` of `all`, taken from the per-cycle lists: a page of a selection of
   * 10^7 entries does not build (and fault in) the whole concatenated list first.
   */
  take(positions: Int32Array): EntryList {
    if (this.concatenated !== null) return this.concatenated.take(positions);
    const parts: EntryList[] = [];
    let offset = 0;
    let k = 0;
    for (const list of this.perFile.values()) {
      const end = offset + list.length;
      const from = k;
      while (k < positions.length && positions[k]! < end) k++;
      if (k > from) parts.push(list.take(positions.subarray(from, k).map((p) => p - offset)));
      offset = end;
    }
    if (k < positions.length) throw new RangeError(`position ${positions[k]} is beyond ${offset} entries`);
    return parts.length === 0 ? this.empty : concatLists(parts, this.empty);
  }
}

function concatLists(lists: EntryList[], empty: EntryList): EntryList {
  const first = lists[0];
  if (first === undefined) return empty;
  const template: Parameters<typeof EntryListClass.concat>[1] = { parentLevel: first.parentLevel };
  if (first.childLevel !== undefined) template.childLevel = first.childLevel;
  if (first.tcmLevel !== undefined) template.tcmLevel = first.tcmLevel;
  return EntryListClass.concat(lists, template);
}

/**
 * Entry lists of selections, built through the DataLoader one cycle at a time and kept per cycle for
 * reuse (counts, histograms, waveform pages and exports of the same selection share one build).
 */
export class EntryListCache {
  private readonly cache = new LruMap<string, BuiltSelection>(8);
  /** Saved entry lists opened as selections (`DataSelection.entryList`), never evicted nor rebuilt. */
  private readonly pinned = new Map<string, BuiltSelection>();

  constructor(private readonly ctx: ExplorationContext) {}

  /** Keeps a saved entry list under `id`; selections naming it use exactly its entries (in FileDB row order). */
  pin(id: string, entries: EntryList): void {
    const perFile = new Map<number, EntryList>();
    const positions = new Map<number, number[]>();
    entries.file.forEach((row, i) => {
      let list = positions.get(row);
      if (!list) positions.set(row, (list = []));
      list.push(i);
    });
    for (const row of [...positions.keys()].sort((a, b) => a - b))
      perFile.set(row, entries.take(Int32Array.from(positions.get(row)!)));
    this.pinned.set(id, new BuiltSelection(perFile, entries.take(new Int32Array(0))));
  }

  /** A pinned entry list; throws when the id is unknown (e.g. the dataset was reopened). */
  pinnedList(id: string): BuiltSelection {
    const built = this.pinned.get(id);
    if (!built) throw new ExplorationError(`no open entry list '${id}'; load the entry list file again`);
    return built;
  }

  /** The cached entry list, if this selection was built before. */
  peek(selection: DataSelection): EntryList | undefined {
    if (selection.entryList !== undefined) return this.pinned.get(selection.entryList)?.all;
    return this.cache.get(selectionKey(this.ctx, selection))?.all;
  }

  /**
   * The selection built (or taken from the cache). `onFile` sees each cycle's entries as they are built (for histograms
   * that fill file by file); the prepared loader (its file list set to that cycle) is passed along so
   * callers can load columns with it.
   */
  async build(
    selection: DataSelection,
    sink: WorkSink = {},
    onFile?: (prepared: PreparedSelection, row: number, entries: EntryList) => Promise<void> | void,
  ): Promise<BuiltSelection> {
    const key = selectionKey(this.ctx, selection);
    // A pinned (saved) entry list is the selection itself: it is never rebuilt from cuts.
    const cached =
      selection.entryList !== undefined ? this.pinnedList(selection.entryList) : this.cache.get(key);
    if (cached && !onFile) return cached;
    if (!onFile && cycleWorkers().ready) {
      // Hit-level selections are built in the cycle workers, cycle by cycle in parallel (once they are up:
      // a first page right after opening is not kept waiting for threads to start).
      const plan = await planCycles(this.ctx, selection, []);
      if (plan) {
        const built = new BuiltSelection(await entryListsInWorkers(plan, sink), emptyEntries(plan));
        this.cache.set(key, built);
        return built;
      }
    }
    const prepared = await prepareSelection(this.ctx, selection);
    try {
      const perFile = new Map<number, EntryList>();
      const total = prepared.rows.length;
      for (let done = 0; done < total; done++) {
        const row = prepared.rows[done]!;
        throwIfCancelled(sink.signal, "Building the entry list");
        sink.progress?.({
          phase: cached ? "Reading entries" : "Applying cuts",
          done,
          total,
          unit: "files",
          current: this.ctx.fileDb.filePath(row, prepared.loader.levels[0]!.tiers[0]!) ?? `row ${row}`,
        });
        const entries = cached ? cached.perFile.get(row) : await buildForRow(prepared, row, sink.signal);
        if (entries && entries.length > 0) {
          perFile.set(row, entries);
          if (onFile) {
            prepared.loader.setFileRows([row]);
            await onFile(prepared, row, entries);
          }
        }
        await yieldToEventLoop();
      }
      throwIfCancelled(sink.signal, "Building the entry list");
      sink.progress?.({ phase: "Done", done: total, total, unit: "files" });
      const built = cached ?? new BuiltSelection(perFile, emptyEntryList(prepared));
      this.cache.set(key, built);
      return built;
    } finally {
      prepared.loader.close();
    }
  }

  /** The selection's entry list (all cycles, in FileDB row order). */
  async get(selection: DataSelection, sink: WorkSink = {}): Promise<EntryList> {
    return (await this.build(selection, sink)).all;
  }

  clear(): void {
    this.cache.clear();
    this.pinned.clear();
  }
}
