// Flat columns → Parquet schema and row groups. The page data (values and Dremel levels) is built here from
// typed arrays: hyparquet-writer's generic encoder walks one JS array per list row, ~50× slower for waveforms.
import type { ParquetWriter, SchemaElement } from "hyparquet-writer";
import { writeColumn } from "hyparquet-writer/src/column.js";
import type { NumericData, NumericDtype } from "../../../shared/lgdo/model.ts";
import type { FlatColumn } from "./flatten.ts";

type ColumnEncoder = Parameters<typeof writeColumn>[0]["column"];
type PageData = Parameters<typeof writeColumn>[0]["pageData"];
type Leaf = Omit<SchemaElement, "name" | "repetition_type">;

/** hyparquet-writer's defaults (ParquetWriter.write): 1 MiB pages, offset indexes, statistics. */
const PAGE_BYTES = 1 << 20;

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
): PageData["values"] {
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
 * Values and levels of a list column (required list of required elements: max definition and repetition
 * level 1). An empty row is one slot at definition level 0 holding no value.
 */
function listPageData(column: Extract<FlatColumn, { kind: "list" }>): PageData {
  const { offsets } = column;
  const nRows = offsets.length - 1;
  const start = offsets[0]!;
  const end = offsets[nRows]!;
  let empty = 0;
  for (let r = 0; r < nRows; r++) if (offsets[r + 1] === offsets[r]) empty++;
  const slots = end - start + empty;
  const definitionLevels = new Uint8Array(slots);
  const repetitionLevels = new Uint8Array(slots);
  const part =
    column.dtype === "string"
      ? (column.values as string[]).slice(start, end)
      : (column.values as NumericData).subarray(start, end);
  const flat = leafValues(part, column.dtype, false);
  // With empty rows the values need a hole per empty row, which only a plain array can hold.
  const values: unknown[] | null = empty > 0 ? new Array<unknown>(slots).fill(undefined) : null;
  let slot = 0;
  for (let r = 0; r < nRows; r++) {
    const length = offsets[r + 1]! - offsets[r]!;
    if (length === 0) {
      slot++; // definition 0, repetition 0, no value
      continue;
    }
    definitionLevels.fill(1, slot, slot + length);
    repetitionLevels.fill(1, slot + 1, slot + length);
    if (values) {
      const from = offsets[r]! - start;
      for (let i = 0; i < length; i++) values[slot + i] = flat[from + i];
    }
    slot += length;
  }
  // The writer only indexes, slices and takes .length of the levels, which byte arrays do as well.
  const levels = (a: Uint8Array): number[] => a as unknown as number[];
  return {
    values: values ?? flat,
    definitionLevels: levels(definitionLevels),
    repetitionLevels: levels(repetitionLevels),
    maxDefinitionLevel: 1,
  };
}

function pageData(column: FlatColumn): PageData {
  switch (column.kind) {
    case "number":
      return {
        values: leafValues(column.data, column.dtype, column.isBool),
        definitionLevels: [],
        repetitionLevels: [],
        maxDefinitionLevel: 0,
      };
    case "string":
      return { values: column.data, definitionLevels: [], repetitionLevels: [], maxDefinitionLevel: 0 };
    case "list":
      return listPageData(column);
  }
}

/**
 * Appends one row group holding all of `columns` (`nRows` rows) and flushes it to the file. Mirrors
 * ParquetWriter.write for one group, with our own page data; the writer's footer bookkeeping is the same.
 */
export async function writeRowGroup(
  parquet: ParquetWriter,
  columns: FlatColumn[],
  nRows: number,
): Promise<void> {
  const groupStart = parquet.writer.offset;
  const chunks: ReturnType<typeof writeColumn>["chunk"][] = [];
  let schemaIndex = 1; // after the root
  for (const column of columns) {
    const elements = schemaFor(column);
    const schemaPath = [
      parquet.schema[0]!,
      ...parquet.schema.slice(schemaIndex, schemaIndex + elements.length),
    ];
    schemaIndex += elements.length;
    const encoder: ColumnEncoder = {
      columnName: schemaPath
        .slice(1)
        .map((s) => s.name)
        .join("."),
      element: schemaPath[schemaPath.length - 1]!,
      schemaPath,
      codec: parquet.codec,
      compressors: parquet.compressors,
      stats: parquet.statistics,
      pageSize: PAGE_BYTES,
      columnIndex: false,
      offsetIndex: true,
    };
    const result = writeColumn({ writer: parquet.writer, column: encoder, pageData: pageData(column) });
    chunks.push(result.chunk);
    parquet.pendingIndexes.push(result);
  }
  let totalBytes = 0n;
  for (const { meta_data } of chunks) totalBytes += meta_data?.total_uncompressed_size ?? 0n;
  parquet.num_rows += BigInt(nRows);
  parquet.row_groups.push({
    columns: chunks,
    total_byte_size: totalBytes,
    num_rows: BigInt(nRows),
    total_compressed_size: BigInt(parquet.writer.offset - groupStart),
  });
  await parquet.writer.flush?.();
}
