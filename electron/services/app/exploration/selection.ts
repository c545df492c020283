// Entry lists of selections: kept per selection (and per cycle), and built through the DataLoader where the
// engine does not build them in the workers (names and detector words as channels;
// the loader path, file by file with progress, and cancellation between files with the event loop free in
// between so a cancel request can arrive).
import type { DataLoader, EntryList } from "../../flow/loader/index.ts";
import { EntryList as EntryListClass } from "../../flow/loader/index.ts";
import { type ExplorationContext, ExplorationError } from "./context.ts";
import { LruMap } from "./lru-map.ts";
import type { Selection } from "./selection-value.ts";
import { type WorkSink, throwIfCancelled, yieldToEventLoop } from "./work-sink.ts";

// Kept importable from here (earlier callers); they live in their own modules.
export { LruMap } from "./lru-map.ts";
export { selectionKey } from "./selection-value.ts";
export { type WorkSink, throwIfCancelled, yieldToEventLoop } from "./work-sink.ts";

/** A loader set up with the selection's channels and cuts; files are set one at a time. */
export interface PreparedSelection {
  loader: DataLoader;
  rows: number[];
  /** TCM level to build through (when an evt cut is given), else undefined. */
  tcmLevel: string | undefined;
}

/** A fresh loader with the selection's channels and its cuts (as parsed once by the Selection). */
export async function prepareSelection(
  ctx: ExplorationContext,
  selection: Selection,
): Promise<PreparedSelection> {
  const loader = await ctx.loader();
  try {
    if (selection.channels.length > 0) loader.setDatastreams(selection.channels);
    loader.setPreparedCuts(selection.cuts);
    return { loader, rows: [...selection.rows], tcmLevel: selection.tcmLevel };
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

  /** The selection's entries when known: a pinned list, or one built before (and not evicted). */
  cached(selection: Selection): BuiltSelection | undefined {
    if (selection.entryList !== undefined) return this.pinnedList(selection.entryList);
    return this.cache.get(selection.key);
  }

  /** Keeps entries the engine built elsewhere (in the cycle workers). */
  store(selection: Selection, built: BuiltSelection): void {
    this.cache.set(selection.key, built);
  }

  /**
   * The selection built through the DataLoader (or taken from the cache). `onFile` sees each cycle's entries
   * as they are built or walked (for columns read cycle by cycle); the prepared loader (its file list set to
   * that cycle) is passed along so callers can load columns with it.
   */
  async build(
    selection: Selection,
    sink: WorkSink = {},
    onFile?: (prepared: PreparedSelection, row: number, entries: EntryList) => Promise<void> | void,
  ): Promise<BuiltSelection> {
    // A pinned (saved) entry list is the selection itself: it is never rebuilt from cuts.
    const cached = this.cached(selection);
    if (cached && !onFile) return cached;
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
      if (selection.entryList === undefined) this.cache.set(selection.key, built);
      return built;
    } finally {
      prepared.loader.close();
    }
  }

  clear(): void {
    this.cache.clear();
    this.pinned.clear();
  }
}
