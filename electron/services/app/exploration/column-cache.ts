// Column values of built selections, kept per cycle so redrawing a histogram (other bins, range or
// log axis) and the linked view (entries in a bin) reuse what the first drawing read. Bounded by bytes.
import type { DataSelection } from "../../../../shared/api/types.ts";
import type { NumericData } from "../../../../shared/lgdo/model.ts";
import type { EntryList } from "../../flow/loader/index.ts";
import type { ExplorationContext } from "./context.ts";
import {
  type EntryListCache,
  type WorkSink,
  prepareSelection,
  selectionKey,
  throwIfCancelled,
} from "./selection.ts";
import { checkColumns, loadScalarColumns } from "./values.ts";
import { valuesInWorkers, planCycles } from "./cycle-jobs.ts";
import { concatFloat64 } from "./cycle-work.ts";
import { ByteLru } from "./byte-lru.ts";

/** Bytes of column values kept (about 10^8 float32 values). */
const MAX_CACHED_BYTES = 400_000_000;

export interface ColumnRequest {
  column: string;
  tier?: string | undefined;
}

interface CachedColumn {
  units: string | null;
  perFile: Map<number, NumericData>;
  bytes: number;
}

export class ColumnValueCache {
  private readonly lru = new ByteLru<CachedColumn>(MAX_CACHED_BYTES);

  get(key: string): CachedColumn | undefined {
    return this.lru.get(key);
  }

  set(key: string, column: CachedColumn): void {
    this.lru.set(key, column, column.bytes);
  }

  clear(): void {
    this.lru.clear();
  }
}

function columnKey(ctx: ExplorationContext, selection: DataSelection, request: ColumnRequest): string {
  return JSON.stringify([selectionKey(ctx, selection), request.column, request.tier ?? null]);
}

/**
 * Hands `use` each cycle's entries with the values of `columns` for them (in the loader's `load` rows),
 * cycle by cycle with progress and cancellation; columns read once are served from the cache after.
 */
export async function forEachFileColumns(
  ctx: ExplorationContext,
  entryCache: EntryListCache,
  valueCache: ColumnValueCache,
  selection: DataSelection,
  columns: readonly ColumnRequest[],
  sink: WorkSink,
  use: (values: NumericData[], entries: EntryList, units: (string | null)[]) => void,
): Promise<void> {
  const keys = columns.map((c) => columnKey(ctx, selection, c));
  const cached = keys.map((key) => valueCache.get(key));
  const missing = columns.filter((_, c) => cached[c] === undefined);
  const fresh: CachedColumn[] = missing.map(() => ({ units: null, perFile: new Map(), bytes: 0 }));
  const hand = (row: number, entries: EntryList): void => {
    let m = 0;
    const now = cached.map((hit) => hit ?? fresh[m++]!);
    use(
      now.map((c) => c.perFile.get(row)!),
      entries,
      now.map((c) => c.units),
    );
  };
  if (missing.length === 0) {
    const built = await entryCache.build(selection, sink);
    for (const [row, entries] of built.perFile) {
      throwIfCancelled(sink.signal, "Reading columns");
      hand(row, entries);
    }
    return;
  }
  // Read the missing columns while the entry list is built (or walked), with the same loader and open files.
  let checked = false;
  await entryCache.build(selection, sink, async (prepared, row, entries) => {
    if (!checked) {
      checkColumns(prepared.loader, missing);
      checked = true;
    }
    const loaded = await loadScalarColumns(
      prepared.loader,
      entries,
      missing.map((c) => c.column),
      sink.signal,
    );
    loaded.forEach((column, k) => {
      const target = fresh[k]!;
      target.units ??= column.units;
      target.perFile.set(row, column.values);
      target.bytes += column.values.byteLength;
    });
    hand(row, entries);
  });
  if (!checked) {
    // No cycle had entries: still reject unknown columns, so a typo is not shown as an empty plot.
    const prepared = await prepareSelection(ctx, selection);
    try {
      checkColumns(prepared.loader, missing);
    } finally {
      prepared.loader.close();
    }
  }
  let m = 0;
  keys.forEach((key, c) => {
    if (cached[c] === undefined) valueCache.set(key, fresh[m++]!);
  });
}

/** Values of `columns` for every entry of the selection's entry list, in its order (cached; do not modify). */
export async function alignedColumns(
  ctx: ExplorationContext,
  entryCache: EntryListCache,
  valueCache: ColumnValueCache,
  selection: DataSelection,
  columns: readonly ColumnRequest[],
  sink: WorkSink = {},
): Promise<Float64Array[]> {
  const keys = columns.map((c) => `aligned\0${columnKey(ctx, selection, c)}`);
  const cached = keys.map((key) => valueCache.get(key)?.perFile.get(0) as Float64Array | undefined);
  if (cached.every((v) => v !== undefined)) return cached;
  const plan = await planCycles(ctx, selection, columns);
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
    await forEachFileColumns(ctx, entryCache, valueCache, selection, columns, sink, (v, _entries, u) => {
      v.forEach((piece, c) => {
        pieces[c]!.push(piece);
        units[c] ??= u[c] ?? null;
      });
    });
    values = pieces.map((list) => concatFloat64(list));
  }
  keys.forEach((key, c) =>
    valueCache.set(key, {
      units: units[c]!,
      perFile: new Map([[0, values[c]!]]),
      bytes: values[c]!.byteLength,
    }),
  );
  return values;
}
