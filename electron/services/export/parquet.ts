// Parquet export (read by pandas.read_parquet, polars.read_parquet and pyarrow) through hyparquet-writer:
// one row group per chunk, flushed to a temporary file as it is encoded, so memory stays at one chunk.
// List columns (2-d arrays, VoVs) are Parquet LISTs; 64-bit integers are INT64 written from BigInts.
import { closeSync, fstatSync, writeSync } from "node:fs";
import { ByteWriter, type ColumnSource, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import type { LgdoTable, NumericData, NumericDtype } from "../../../shared/lgdo/model.ts";
import { ExportError, checkTarget, commitTemp, discardTemp, openTemp } from "./atomic.ts";
import { type FlatColumn, flattenTable } from "./flatten.ts";
import type { SinkOptions, TableSink } from "./sink.ts";

/** Bytes buffered before they go to the file (the writer also flushes after every row group). */
const FLUSH_BYTES = 1 << 20;

/** A hyparquet byte writer that streams to an open file descriptor instead of growing in memory. */
class FdWriter extends ByteWriter {
  constructor(private readonly fd: number) {
    super(FLUSH_BYTES * 2);
  }

  override ensure(size: number): void {
    if (this.index > FLUSH_BYTES) this.flush();
    super.ensure(size);
  }

  flush(): void {
    if (this.index > 0) writeSync(this.fd, new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
  }

  override finish(): void {
    this.flush();
  }
}

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
function leafValues(data: NumericData, dtype: NumericDtype, isBool: boolean): ColumnSource["data"] {
  if (isBool) return Array.from(data, (v) => v !== 0);
  switch (dtype) {
    case "int64":
      return BigInt64Array.from(data, (v) => BigInt(v));
    case "uint64":
      return BigUint64Array.from(data, (v) => BigInt(v));
    case "uint32":
      return Array.from(data); // hyparquet-writer 0.17 maps numbers above 2^31 to INT32 bits, not a Uint32Array
    case "int8":
    case "uint8":
    case "int16":
    case "uint16":
      return Int32Array.from(data);
    default:
      return data as Int32Array | Float32Array | Float64Array;
  }
}

/** Schema elements of one flat column (a LIST is a group of three, as pyarrow writes it). */
function schemaFor(column: FlatColumn): SchemaElement[] {
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

/** One JS array per row for a list column: hyparquet's nested encoder walks plain arrays. */
function listRows(column: Extract<FlatColumn, { kind: "list" }>): unknown[][] {
  const rows: unknown[][] = new Array<unknown[]>(column.offsets.length - 1);
  const is64 = column.dtype === "int64" || column.dtype === "uint64";
  for (let r = 0; r < rows.length; r++) {
    const start = column.offsets[r]!;
    const end = column.offsets[r + 1]!;
    if (column.dtype === "string") rows[r] = (column.values as string[]).slice(start, end);
    else {
      const part = (column.values as NumericData).subarray(start, end);
      rows[r] = is64 ? Array.from(part, (v) => BigInt(v)) : Array.from(part);
    }
  }
  return rows;
}

function columnSource(column: FlatColumn): ColumnSource {
  switch (column.kind) {
    case "number":
      return { name: column.name, data: leafValues(column.data, column.dtype, column.isBool) };
    case "string":
      return { name: column.name, data: column.data };
    case "list":
      return { name: column.name, data: listRows(column) };
  }
}

/** The `units` of each column, kept as file metadata (JSON object column → unit). */
function unitsMetadata(columns: FlatColumn[]): { key: string; value: string }[] | undefined {
  const units: Record<string, string> = {};
  for (const c of columns) if (c.kind !== "string" && c.units) units[c.name] = c.units;
  return Object.keys(units).length > 0 ? [{ key: "lh5_units", value: JSON.stringify(units) }] : undefined;
}

export class ParquetSink implements TableSink {
  private fd: number | null;
  private readonly temp: string;
  private writer: ParquetWriter | null = null;
  private schemaNames: string[] | null = null;
  private rows = 0;

  constructor(
    readonly path: string,
    private readonly opts: SinkOptions = {},
  ) {
    checkTarget(path, opts.overwrite ?? false);
    ({ fd: this.fd, temp: this.temp } = openTemp(path));
  }

  /** Flat columns of a chunk; a column Parquet cannot hold becomes an ExportError naming it. */
  private flatten(chunk: LgdoTable): FlatColumn[] {
    try {
      return flattenTable(chunk);
    } catch (error) {
      throw new ExportError(
        `cannot write '${this.path}' as Parquet: ${(error as Error).message}; export to .lh5 to keep it`,
        this.path,
        "format",
      );
    }
  }

  async write(chunk: LgdoTable): Promise<void> {
    if (this.fd === null) throw new ExportError("Parquet export already finished", this.path, "io");
    const columns = this.flatten(chunk);
    const names = columns.map((c) => c.name);
    if (this.schemaNames === null) {
      this.schemaNames = names;
      const schema: SchemaElement[] = [{ name: "root", num_children: columns.length }];
      for (const c of columns) schema.push(...schemaFor(c));
      const kvMetadata = unitsMetadata(columns);
      this.writer = new ParquetWriter({
        writer: new FdWriter(this.fd),
        schema,
        ...(kvMetadata ? { kvMetadata } : {}),
        createdBy: "lh5-browser (hyparquet-writer)",
      });
    } else if (names.join("\0") !== this.schemaNames.join("\0")) {
      throw new ExportError(
        `chunk columns [${names.join(", ")}] differ from the first chunk's`,
        this.path,
        "format",
      );
    }
    try {
      await this.writer!.write({
        columnData: columns.map(columnSource),
        rowGroupSize: Math.max(1, chunk.nRows),
      });
    } catch (error) {
      throw new ExportError(
        `cannot write '${this.path}' as Parquet: ${(error as Error).message}`,
        this.path,
        "io",
      );
    }
    this.rows += chunk.nRows;
  }

  async commit(): Promise<{ rows: number; bytes: number }> {
    if (this.fd === null) throw new ExportError("Parquet export already finished", this.path, "io");
    if (this.writer === null) {
      throw new ExportError(`nothing to write to '${this.path}': the selection is empty`, this.path, "empty");
    }
    await this.writer.finish();
    const bytes = fstatSync(this.fd).size;
    closeSync(this.fd);
    this.fd = null;
    commitTemp(this.temp, this.path, this.opts.overwrite ?? false);
    return { rows: this.rows, bytes };
  }

  abort(): void {
    discardTemp(this.fd, this.temp);
    this.fd = null;
    this.writer = null;
  }
}
