// Scalar numeric columns for the entries of an entry list, read through the DataLoader's load (the same
// rows `load` returns), with their units.
import type { Lgdo, LgdoTable, NumericData } from "../../../../shared/lgdo/model.ts";
import type { DataLoader, EntryList } from "../../flow/loader/index.ts";
import { ExplorationError } from "./context.ts";

export interface NumericColumn {
  name: string;
  values: NumericData;
  units: string | null;
}

/** The units attribute of an LGDO column, or null. */
export function unitsOf(column: Lgdo): string | null {
  const units = column.attrs.units;
  return typeof units === "string" && units !== "" ? units : null;
}

/** A loaded column as one number per row; anything else (waveforms, lists, strings) is refused by name. */
export function scalarValues(table: LgdoTable, name: string): NumericColumn {
  const column = table.columns[name];
  if (!column) throw new ExplorationError(`column '${name}' was not loaded`);
  if (column.kind !== "array" || column.shape.length !== 1 || column.dtype === "string")
    throw new ExplorationError(
      `column '${name}' is not a scalar numeric column (it is ${column.kind === "array" ? `an array of shape [${column.shape.join(", ")}] ${column.dtype}` : `a ${column.kind}`})`,
    );
  return { name, values: column.data as NumericData, units: unitsOf(column) };
}

/**
 * Loads scalar numeric columns for `entries` (all of one cycle, or any entries when the loader's file
 * list covers them). The loader's output columns are replaced.
 */
export async function loadScalarColumns(
  loader: DataLoader,
  entries: EntryList,
  columns: readonly string[],
  signal?: AbortSignal,
): Promise<NumericColumn[]> {
  const unique = [...new Set(columns)];
  loader.setOutput({ columns: unique, mergeFiles: true, fmt: "lgdo.Table" });
  const result = await loader.load(signal ? { entryList: entries, signal } : { entryList: entries });
  const table = result.table;
  if (!table) throw new ExplorationError("the loader returned no merged table");
  return columns.map((name) => scalarValues(table, name));
}
