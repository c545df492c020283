// Flat columns for row-oriented and columnar exports (CSV, Arrow, Parquet): nested tables become
// `parent_child` columns (pandas' view of an LGDO table), 2-d arrays and VoVs become list columns.
import type { Lgdo, LgdoArray, LgdoTable, NumericData, NumericDtype } from "../../../shared/lgdo/model.ts";

export type FlatColumn =
  | { name: string; kind: "number"; dtype: NumericDtype; isBool: boolean; data: NumericData; units?: string }
  | { name: string; kind: "string"; data: string[] }
  /** One list per row: row r holds values[offsets[r] : offsets[r+1]]. */
  | {
      name: string;
      kind: "list";
      dtype: NumericDtype | "string";
      offsets: Float64Array;
      values: NumericData | string[];
      units?: string;
    };

function unitsOf(obj: Lgdo): { units?: string } {
  const units = obj.attrs.units;
  return typeof units === "string" ? { units } : {};
}

function listFromNd(name: string, a: LgdoArray, nRows: number): FlatColumn {
  const width = nRows === 0 ? 0 : a.data.length / nRows;
  const offsets = new Float64Array(nRows + 1);
  for (let r = 0; r <= nRows; r++) offsets[r] = r * width;
  return { name, kind: "list", dtype: a.dtype, offsets, values: a.data, ...unitsOf(a) };
}

/** Flattens one column (recursing into nested tables). Deeper VoVs than one level are refused. */
export function flattenColumn(
  name: string,
  column: Lgdo,
  nRows: number,
  out: FlatColumn[] = [],
): FlatColumn[] {
  switch (column.kind) {
    case "array":
      if (column.shape.length > 1) out.push(listFromNd(name, column, nRows));
      else if (column.dtype === "string") out.push({ name, kind: "string", data: column.data as string[] });
      else {
        out.push({
          name,
          kind: "number",
          dtype: column.dtype,
          isBool: column.element.kind === "bool",
          data: column.data as NumericData,
          ...unitsOf(column),
        });
      }
      return out;
    case "vov": {
      if (column.flattened.kind !== "array") {
        throw new Error(`column '${name}' is a vector of vectors of vectors; flat exports support one level`);
      }
      const offsets = new Float64Array(nRows + 1);
      offsets.set(column.cumulativeLength, 1);
      const inner = column.flattened;
      out.push({ name, kind: "list", dtype: inner.dtype, offsets, values: inner.data, ...unitsOf(column) });
      return out;
    }
    case "table":
      for (const sub of column.columnOrder) flattenColumn(`${name}_${sub}`, column.columns[sub]!, nRows, out);
      return out;
    default:
      throw new Error(`column '${name}' is a ${column.kind}; it cannot be exported as a column`);
  }
}

/** All columns of a table, flattened. */
export function flattenTable(table: LgdoTable): FlatColumn[] {
  const out: FlatColumn[] = [];
  for (const name of table.columnOrder) flattenColumn(name, table.columns[name]!, table.nRows, out);
  return out;
}
