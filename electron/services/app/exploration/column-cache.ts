// Column values of built selections, kept per cycle so redrawing a histogram (other bins, range or
// log axis) and the linked view (entries in a bin) reuse what the first drawing read. Bounded by bytes.
import type { NumericData } from "../../../../shared/lgdo/model.ts";
import type { EntryList } from "../../flow/loader/index.ts";
import type { EntryListCache } from "./selection.ts";
import { type ColumnRequest, type Selection, checkColumns } from "./selection-value.ts";
import type { ExplorationContext } from "./context.ts";
import { loadScalarColumns } from "./values.ts";
import { ByteLru } from "./byte-lru.ts";
import { type WorkSink, throwIfCancelled } from "./work-sink.ts";

export type { ColumnRequest } from "./selection-value.ts";

/** Bytes of column values kept (about 10^8 float32 values). */
const MAX_CACHED_BYTES = 400_000_000;

export interface CachedColumn {
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

export function columnKey(selection: Selection, request: ColumnRequest): string {
  return JSON.stringify([selection.key, request.column, request.tier ?? null]);
}

/**
 * Hands `use` each cycle's entries with the values of `columns` for them (in the loader's `load` rows),
 * cycle by cycle with progress and cancellation; columns read once are served from the cache after.
 */
export async function forEachFileColumns(
  ctx: ExplorationContext,
  entryCache: EntryListCache,
  valueCache: ColumnValueCache,
  selection: Selection,
  columns: readonly ColumnRequest[],
  sink: WorkSink,
  use: (values: NumericData[], entries: EntryList, units: (string | null)[]) => void,
): Promise<void> {
  checkColumns(ctx, columns); // a typo is an error, also when no cycle has entries
  const keys = columns.map((c) => columnKey(selection, c));
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
  await entryCache.build(selection, sink, async (prepared, row, entries) => {
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
  let m = 0;
  keys.forEach((key, c) => {
    if (cached[c] === undefined) valueCache.set(key, fresh[m++]!);
  });
}
