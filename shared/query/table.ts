// The column source an expression is evaluated against: typed-array columns, or string lists.

export type NumericColumnValues =
  Float64Array | Float32Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;
export type ColumnValues = NumericColumnValues | readonly (string | null)[];

export interface QueryColumn {
  values: ColumnValues;
  /** Values are 0/1 booleans (LGDO `bool` arrays), so `~col` and bare `col` are allowed. */
  isBool?: boolean;
}

export interface QueryTable {
  readonly length: number;
  column(name: string): QueryColumn | undefined;
  columnNames(): string[];
}

export function isStringColumn(values: ColumnValues): values is readonly (string | null)[] {
  return Array.isArray(values);
}

function isQueryColumn(value: ColumnValues | QueryColumn): value is QueryColumn {
  return !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** A table over plain columns. Throws if a column's length differs from `length`. */
export function tableFromColumns(
  length: number,
  columns: Record<string, ColumnValues | QueryColumn>,
): QueryTable {
  const byName = new Map<string, QueryColumn>();
  for (const [name, given] of Object.entries(columns)) {
    const column = isQueryColumn(given) ? given : { values: given };
    if (column.values.length !== length) {
      throw new Error(
        `Column '${name}' has ${column.values.length} values, but the table has ${length} rows`,
      );
    }
    byName.set(name, column);
  }
  return {
    length,
    column: (name) => byName.get(name),
    columnNames: () => [...byName.keys()],
  };
}
