// FileDB queries (`type == 'cal' and run in ['r001']`, `file_status == 30`) through the shared
// expression language: parsed to an AST and evaluated over typed columns, never eval'd.
import {
  type ColumnValues,
  type QueryTable,
  evaluateMask,
  parseExpression,
  tableFromColumns,
} from "../../../../shared/query/index.ts";
import { columnOf } from "./columns.ts";
import type { FileDB } from "./filedb.ts";

/** The scalar columns a query can name: keys, `{tier}_file`, `{tier}_size`, `file_status`. */
export function fileDbQueryTable(db: FileDB): QueryTable {
  // No prototype: a key column may be named like an Object member (`constructor`, `__proto__`).
  const columns = Object.create(null) as Record<string, ColumnValues>;
  const names = [...db.keyNames, ...db.tiers.flatMap((t) => [`${t}_file`, `${t}_size`]), "file_status"];
  for (const name of names) columns[name] = columnOf(db, name) as ColumnValues;
  return tableFromColumns(db.nRows, columns);
}

/** Row indices (ascending) where `q` holds; `all` selects every row as in pygama's set_files. */
export function queryRows(db: FileDB, q: string): number[] {
  if (q.replaceAll(" ", "") === "all") return Array.from({ length: db.nRows }, (_, i) => i);
  const mask = evaluateMask(parseExpression(q), fileDbQueryTable(db));
  const rows: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) rows.push(i);
  return rows;
}
