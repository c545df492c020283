// Flat columns → Parquet schema elements and the column sources of hyparquet-writer's public ParquetWriter:
// exact element types (64-bit integers as BigInts, small integers annotated), lists as pyarrow writes them.
import type { ColumnSource, SchemaElement } from "hyparquet-writer";
import type { NumericData, NumericDtype } from "../../../shared/lgdo/model.ts";
import type { FlatColumn } from "./flatten.ts";

type LeafValues = ColumnSource["data"];
type Leaf = Omit<SchemaElement, "name" | "repetition_type">;

function intLeaf(bitWidth: 8 | 16 | 32 | 64, isSigned: boolean): Leaf {
  const type = bitWidth === 64 ? "INT64" : "INT32";
  const converted = `${isSigned ? "INT" : "UINT"}_${bitWidth}` as const;
  return { type, converted_type: converted, logical_type: { type: "INTEGER", bitWidth, isSigned } };
}

/** The Parquet physical and logical type of an LGDO element type. */
function leafType(dtype: NumericDtype | "string", isBool: boolean): Leaf {
  if (isBool) return { type: "BOOLEAN" };
  switch (dtype) {
    case "string":
      return { type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } };
    case "float32":
      return { type: "FLOAT" };
    case "float64":
      return { type: "DOUBLE" };
    case "int32":
      return { type: "INT32" }; // plain INT32 is signed 32-bit; no annotation needed
    case "int8":
    case "int16":
    case "int64":
      return intLeaf(Number(dtype.slice(3)) as 8 | 16 | 64, true);
    case "uint8":
    case "uint16":
    case "uint32":
    case "uint64":
      return intLeaf(Number(dtype.slice(4)) as 8 | 16 | 32 | 64, false);
  }
}

/** Values in the array type hyparquet encodes for `dtype` (small ints widen, 64-bit become BigInts). */
function leafValues(
  data: NumericData | string[],
  dtype: NumericDtype | "string",
  isBool: boolean,
): LeafValues {
  if (dtype === "string") return data as string[];
  const numbers = data as NumericData;
  if (isBool) return Array.from(numbers, (v) => v !== 0);
  switch (dtype) {
    case "int64":
      return BigInt64Array.from(numbers, (v) => BigInt(v));
    case "uint64":
      return BigUint64Array.from(numbers, (v) => BigInt(v));
    case "uint32":
      return Array.from(numbers); // hyparquet-writer 0.17 maps numbers above 2^31 to INT32 bits, not a Uint32Array
    case "int8":
    case "uint8":
    case "int16":
    case "uint16":
      return Int32Array.from(numbers);
    default:
      return numbers as Int32Array | Float32Array | Float64Array;
  }
}

/** Schema elements of one flat column (a LIST is a group of three, as pyarrow writes it). */
export function schemaFor(column: FlatColumn): SchemaElement[] {
  const name = column.name;
  if (column.kind === "number") {
    return [{ name, repetition_type: "REQUIRED", ...leafType(column.dtype, column.isBool) }];
  }
  if (column.kind === "string") return [{ name, repetition_type: "REQUIRED", ...leafType("string", false) }];
  return [
    {
      name,
      repetition_type: "REQUIRED",
      converted_type: "LIST",
      logical_type: { type: "LIST" },
      num_children: 1,
    },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", repetition_type: "REQUIRED", ...leafType(column.dtype, false) },
  ];
}

/**
 * Rows [from, to) of a list column, one JS array per row, as the public writer takes list rows (it
 * Dremel-encodes them itself). Elements are plain numbers except 64-bit integers (BigInts, exact beyond
 * 2^53) and strings.
 */
function listRows(column: Extract<FlatColumn, { kind: "list" }>, from: number, to: number): unknown[][] {
  const { offsets, dtype } = column;
  const rows = new Array<unknown[]>(to - from);
  if (dtype === "string") {
    const values = column.values as string[];
    for (let r = from; r < to; r++) rows[r - from] = values.slice(offsets[r], offsets[r + 1]);
    return rows;
  }
  const values = column.values as NumericData;
  const wide = dtype === "int64" || dtype === "uint64";
  for (let r = from; r < to; r++) {
    const row = values.subarray(offsets[r], offsets[r + 1]);
    rows[r - from] = wide ? Array.from(row, (v) => BigInt(v)) : Array.from(row);
  }
  return rows;
}

/** The writer's column source of rows [from, to) of one flat column (named as its schema element). */
export function columnSource(column: FlatColumn, from: number, to: number): ColumnSource {
  switch (column.kind) {
    case "number": {
      const data = column.data.subarray(from, to);
      return { name: column.name, data: leafValues(data, column.dtype, column.isBool) };
    }
    case "string":
      return { name: column.name, data: column.data.slice(from, to) };
    case "list":
      return { name: column.name, data: listRows(column, from, to) };
  }
}

/**
 * Row ranges [from, to) that split `nRows` rows into row groups of at most `maxListSlots` list slots (list
 * elements, an empty list counting one) over all list columns, but never fewer than `minRows` rows (so
 * very wide rows still make groups a reader can use). Without list columns the rows stay one group.
 */
export function rowGroupRanges(
  columns: FlatColumn[],
  nRows: number,
  maxListSlots: number,
  minRows = 1,
): [number, number][] {
  const lists = columns.filter((c): c is Extract<FlatColumn, { kind: "list" }> => c.kind === "list");
  if (lists.length === 0) return nRows > 0 ? [[0, nRows]] : [];
  const ranges: [number, number][] = [];
  let from = 0;
  let slots = 0;
  for (let r = 0; r < nRows; r++) {
    let rowSlots = 0;
    for (const { offsets } of lists) rowSlots += Math.max(1, offsets[r + 1]! - offsets[r]!);
    if (r - from >= minRows && slots + rowSlots > maxListSlots) {
      ranges.push([from, r]);
      from = r;
      slots = 0;
    }
    slots += rowSlots;
  }
  if (nRows > from) ranges.push([from, nRows]);
  return ranges;
}
