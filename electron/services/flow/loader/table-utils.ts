// Reshaping loaded tables: pandas' flat view of nested tables, and a merged table split per cycle.
import type { Lgdo, LgdoTable } from "../../../../shared/lgdo/model.ts";
import { takeRows } from "./columns.ts";

/** Nested tables become `parent_child` columns (pandas' view of an LGDO table, pygama's pd.DataFrame). */
export function flattenNested(table: LgdoTable): LgdoTable {
  const columns: Record<string, Lgdo> = {};
  const order: string[] = [];
  const visit = (name: string, column: Lgdo): void => {
    if (column.kind === "table") {
      for (const sub of column.columnOrder) visit(`${name}_${sub}`, column.columns[sub]!);
      return;
    }
    columns[name] = column;
    order.push(name);
  };
  for (const name of table.columnOrder) visit(name, table.columns[name]!);
  return { ...table, columns, columnOrder: order };
}

/** A merged table split per FileDB row (by its `file` column), without `file`. */
export function splitByFile(table: LgdoTable): Map<number, LgdoTable> {
  const file = table.columns.file;
  if (!file || file.kind !== "array") throw new Error("table has no file column");
  const groups = new Map<number, number[]>();
  (file.data as Float64Array).forEach((f, i) => {
    let list = groups.get(f);
    if (!list) groups.set(f, (list = []));
    list.push(i);
  });
  const out = new Map<number, LgdoTable>();
  const names = table.columnOrder.filter((c) => c !== "file");
  for (const [f, rows] of groups) {
    const positions = Int32Array.from(rows);
    const columns: Record<string, Lgdo> = {};
    for (const name of names) columns[name] = takeRows(table.columns[name]!, positions);
    out.set(f, { kind: "table", nRows: positions.length, columns, columnOrder: names, attrs: {} });
  }
  return out;
}
