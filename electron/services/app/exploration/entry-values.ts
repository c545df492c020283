// Scalar columns for any entries of an entry list (spanning cycles), aligned with the entries: read
// cycle by cycle through the DataLoader's load.
import type { DataLoader, EntryList } from "../../flow/loader/index.ts";
import { type NumericColumn, loadScalarColumns } from "./values.ts";
import { throwIfCancelled, yieldToEventLoop } from "./selection.ts";

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

/** Values of `columns` for every entry (NaN where a table lacks the column, as `load` gives). */
export async function loadAligned(
  loader: DataLoader,
  entries: EntryList,
  columns: readonly string[],
  signal?: AbortSignal,
): Promise<AlignedColumn[]> {
  const out = columns.map((name) => ({
    name,
    values: new Float64Array(entries.length).fill(Number.NaN),
    units: null as string | null,
  }));
  if (columns.length === 0) return out;
  for (const [row, positions] of positionsByFile(entries)) {
    throwIfCancelled(signal, "Reading values");
    loader.setFileRows([row]);
    const loaded: NumericColumn[] = await loadScalarColumns(loader, entries.take(positions), columns, signal);
    loaded.forEach((column, c) => {
      const target = out[c]!;
      target.units ??= column.units;
      for (let i = 0; i < positions.length; i++) target.values[positions[i]!] = column.values[i]!;
    });
    await yieldToEventLoop();
  }
  return out;
}
