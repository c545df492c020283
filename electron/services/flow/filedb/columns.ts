// The FileDB's columns under pygama's names, and rows as plain objects for JSON.
import type { TemplateValue } from "../../../../shared/format/index.ts";
import type { TableId } from "./config.ts";
import type { FileDB } from "./filedb.ts";

export type FileDbColumn =
  string[] | Float64Array | (string | null)[] | (TableId[] | null)[] | (number[] | null)[];

/** pygama's df column order. */
export function columnNamesOf(db: FileDB): string[] {
  const names = [
    ...db.keyNames,
    ...db.tiers.map((t) => `${t}_file`),
    ...db.tiers.map((t) => `${t}_size`),
    "file_status",
  ];
  if (db.tablesScanned) for (const t of db.tiers) names.push(`${t}_tables`, `${t}_col_idx`);
  return names;
}

/** True when every value of a key column is a number. */
export function isNumericKey(values: readonly TemplateValue[]): boolean {
  return values.length > 0 && values.every((v) => typeof v === "number");
}

export function columnOf(db: FileDB, name: string): FileDbColumn {
  const keys = db.rows.keys[name];
  if (keys) return isNumericKey(keys) ? Float64Array.from(keys as number[]) : keys.map(String);
  if (name === "file_status") return Float64Array.from(db.rows.status);
  const m = /^(.+)_(file|size|tables|col_idx)$/u.exec(name);
  const tier = m?.[1];
  if (
    m &&
    tier !== undefined &&
    db.tiers.includes(tier) &&
    (db.tablesScanned || m[2] === "file" || m[2] === "size")
  ) {
    const cells = db.rows.cells(tier);
    switch (m[2]) {
      case "file":
        return [...cells.file];
      case "size":
        return Float64Array.from(cells.size);
      case "tables":
        return cells.tables.map((t) => (t ? [...t] : null));
      default:
        return cells.colIdx.map((c) => (c ? [...c] : null));
    }
  }
  throw new RangeError(`FileDB has no column '${name}'; the columns are ${columnNamesOf(db).join(", ")}`);
}

/** Rows as objects keyed by pygama's column names (all rows, or the given ones in that order). */
export function rowsToJSON(db: FileDB, rows?: readonly number[]): Record<string, unknown>[] {
  const which = rows ?? Array.from({ length: db.nRows }, (_, i) => i);
  const names = columnNamesOf(db);
  return which.map((row) => {
    if (!Number.isInteger(row) || row < 0 || row >= db.nRows) {
      throw new RangeError(`row ${row} out of range (0..${db.nRows - 1})`);
    }
    // No prototype: `out["__proto__"] = …` on a plain object would drop a key column of that name.
    const out = Object.create(null) as Record<string, unknown>;
    for (const name of names) out[name] = cellOf(db, name, row);
    return out;
  });
}

function cellOf(db: FileDB, name: string, row: number): unknown {
  const keys = db.rows.keys[name];
  if (keys) return keys[row];
  if (name === "file_status") return db.rows.status[row];
  const m = /^(.+)_(file|size|tables|col_idx)$/u.exec(name) as RegExpExecArray;
  const cells = db.rows.cells(m[1] as string);
  switch (m[2]) {
    case "file":
      return cells.file[row];
    case "size":
      return cells.size[row];
    case "tables":
      return cells.tables[row] ? [...cells.tables[row]] : null;
    default:
      return cells.colIdx[row] ? [...cells.colIdx[row]] : null;
  }
}
