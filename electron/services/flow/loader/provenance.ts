// Provenance of loaded rows: the cycle key of each entry (issue 17), so an exported row says which cycle,
// table (`hit_table`) and row (`hit_idx`) it came from even after the FileDB that numbered `file` is gone.
import { basename } from "node:path";
import type { LgdoArray, LgdoTable } from "../../../../shared/lgdo/model.ts";
import type { FileDB } from "../filedb/index.ts";
import type { EntryList } from "./entry-list.ts";

/** Name of the cycle-key column of exports. */
export const CYCLE_COLUMN = "cycle";

/** A key column's value of a row as text, or undefined when the FileDB has no such key. */
function keyText(db: FileDB, name: string, row: number): string | undefined {
  if (!db.keyNames.includes(name)) return undefined;
  const value = (db.column(name) as ArrayLike<unknown>)[row];
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/**
 * The cycle key: a tier file's name without its tier suffix (LEGEND's `l200-p03-r001-cal-20230318T012144Z` of
 * `…-tier_raw.lh5`), else the file-name keys joined by `-`.
 */
export function cycleKeyOf(db: FileDB, row: number): string {
  for (const tier of db.tiers) {
    const path = db.filePath(row, tier);
    if (path === null) continue;
    const stem = basename(path).replace(/\.lh5$/, "");
    const suffix = [`-tier_${tier}`, `_tier_${tier}`, `-tier${tier}`, `-${tier}`, `_${tier}`].find(
      (s) => stem.endsWith(s) && stem.length > s.length,
    );
    if (suffix) return stem.slice(0, -suffix.length);
  }
  const parts = db.keyNames.map((name) => keyText(db, name, row)).filter((v) => v !== undefined);
  return parts.length > 0 ? parts.join("-") : `cycle ${row}`;
}

/**
 * Adds the cycle key of each row to a loaded chunk of `entries` (which already carries the table and row
 * columns, `hit_table`/`hit_idx`, and the FileDB row `file`): an export then names where every row came from.
 * A table of another length (one row per event) or that has the column already is returned as it is.
 */
export function withCycleColumn(db: FileDB, table: LgdoTable, entries: EntryList): LgdoTable {
  if (table.columns[CYCLE_COLUMN] || table.nRows !== entries.length) return table;
  const keys = new Map<number, string>();
  const data = Array.from(entries.file, (row) => {
    let key = keys.get(row);
    if (key === undefined) keys.set(row, (key = cycleKeyOf(db, row)));
    return key;
  });
  const column: LgdoArray = {
    kind: "array",
    form: "array",
    element: { kind: "string" },
    dtype: "string",
    shape: [data.length],
    data,
    attrs: {},
  };
  return {
    ...table,
    columns: { ...table.columns, [CYCLE_COLUMN]: column },
    columnOrder: [...table.columnOrder, CYCLE_COLUMN],
  };
}
