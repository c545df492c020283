// Arrow IPC file export (Feather v2, read by pandas.read_feather, polars.read_ipc and pyarrow), one record
// batch per chunk, streamed to a temporary file. List columns are Arrow lists; int64 columns are Int64.
import { writeSync } from "node:fs";
import {
  Bool,
  type DataType,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  List,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  Uint16,
  Uint32,
  Uint64,
  Uint8,
  Utf8,
  type Data,
  makeData,
  vectorFromArray,
} from "apache-arrow";
import type { LgdoTable, NumericData, NumericDtype } from "../../../shared/lgdo/model.ts";
import { ExportError, checkTarget, discardTemp, finishTemp, openTemp } from "./atomic.ts";
import { type FlatColumn, flattenTable } from "./flatten.ts";
import { DEFAULT_CHUNK_BYTES } from "./chunk-size.ts";
import type { SinkOptions, TableSink } from "./sink.ts";

function arrowType(dtype: NumericDtype, isBool: boolean): DataType {
  if (isBool) return new Bool();
  switch (dtype) {
    case "int8":
      return new Int8();
    case "uint8":
      return new Uint8();
    case "int16":
      return new Int16();
    case "uint16":
      return new Uint16();
    case "int32":
      return new Int32();
    case "uint32":
      return new Uint32();
    case "int64":
      return new Int64();
    case "uint64":
      return new Uint64();
    case "float32":
      return new Float32();
    case "float64":
      return new Float64();
  }
}

/** Arrow's buffer for a numeric column (64-bit integers, held as Float64Array, become BigInt arrays). */
function arrowValues(data: NumericData, dtype: NumericDtype): ArrayBufferView {
  if (dtype === "int64") return BigInt64Array.from(data, (v) => BigInt(v));
  if (dtype === "uint64") return BigUint64Array.from(data, (v) => BigInt(v));
  return data;
}

function boolBitmap(data: NumericData): Uint8Array {
  const bits = new Uint8Array(Math.ceil(data.length / 8));
  for (let i = 0; i < data.length; i++) if (data[i]) bits[i >> 3]! |= 1 << (i & 7);
  return bits;
}

function numericData(values: NumericData, dtype: NumericDtype, isBool: boolean): Data {
  const type = arrowType(dtype, isBool);
  const data = isBool ? boolBitmap(values) : arrowValues(values, dtype);
  // makeData is overloaded per type; the generic form takes the buffer as `data`.
  return makeData({ type, length: values.length, nullCount: 0, data } as never);
}

function stringData(values: readonly string[]): Data {
  return vectorFromArray(values as string[], new Utf8()).data[0]!;
}

function columnData(column: FlatColumn): Data {
  switch (column.kind) {
    case "number":
      return numericData(column.data, column.dtype, column.isBool);
    case "string":
      return stringData(column.data);
    case "list": {
      // Rebase offsets to 0 and pass only the values this chunk's rows use.
      const start = column.offsets[0]!;
      const end = column.offsets[column.offsets.length - 1]!;
      const offsets = Int32Array.from(column.offsets, (o) => o - start);
      const child =
        column.dtype === "string"
          ? stringData((column.values as string[]).slice(start, end))
          : numericData((column.values as NumericData).subarray(start, end), column.dtype, false);
      const type = new List(new Field("item", child.type, false));
      return makeData({ type, length: offsets.length - 1, nullCount: 0, valueOffsets: offsets, child });
    }
  }
}

function fieldFor(column: FlatColumn, data: Data): Field {
  const units = column.kind !== "string" ? column.units : undefined;
  const metadata = units ? new Map([["units", units]]) : undefined;
  return new Field(column.name, data.type, false, metadata);
}

export class ArrowSink implements TableSink {
  readonly chunkBytes = DEFAULT_CHUNK_BYTES;
  private fd: number | null;
  private readonly temp: string;
  private readonly writer = new RecordBatchFileWriter();
  private readonly pump: Promise<void>;
  private schemaNames: string[] | null = null;
  private rows = 0;
  private failed: Error | null = null;

  constructor(
    readonly path: string,
    private readonly opts: SinkOptions = {},
  ) {
    checkTarget(path, opts.overwrite ?? false);
    ({ fd: this.fd, temp: this.temp } = openTemp(path));
    this.pump = this.drain();
  }

  /** Moves the writer's bytes to the file as they are produced, so memory stays at one batch. */
  private async drain(): Promise<void> {
    try {
      for await (const bytes of this.writer as AsyncIterable<Uint8Array>) {
        if (this.fd !== null) writeSync(this.fd, bytes);
      }
    } catch (error) {
      this.failed = error as Error;
    }
  }

  async write(chunk: LgdoTable): Promise<void> {
    if (this.fd === null) throw new ExportError("Arrow export already finished", this.path, "io");
    const columns = flattenTable(chunk);
    const names = columns.map((c) => c.name);
    if (this.schemaNames === null) this.schemaNames = names;
    else if (names.join("\0") !== this.schemaNames.join("\0")) {
      throw new ExportError(
        `chunk columns [${names.join(", ")}] differ from the first chunk's`,
        this.path,
        "format",
      );
    }
    const datas = columns.map(columnData);
    const schema = new Schema(columns.map((c, i) => fieldFor(c, datas[i]!)));
    const struct = makeData({
      type: new Struct(schema.fields),
      length: chunk.nRows,
      nullCount: 0,
      children: datas,
    });
    this.writer.write(new RecordBatch(schema, struct));
    this.rows += chunk.nRows;
    await new Promise<void>((resolve) => setImmediate(resolve)); // let the pump write this batch out
    if (this.failed) throw this.failed;
  }

  async commit(): Promise<{ rows: number; bytes: number }> {
    if (this.fd === null) throw new ExportError("Arrow export already finished", this.path, "io");
    if (this.schemaNames === null) {
      throw new ExportError(`nothing to write to '${this.path}': the selection is empty`, this.path, "empty");
    }
    this.writer.finish();
    this.writer.close();
    await this.pump;
    if (this.failed) throw this.failed;
    const fd = this.fd;
    this.fd = null;
    const bytes = finishTemp(fd, this.temp, this.path, this.opts.overwrite ?? false);
    return { rows: this.rows, bytes };
  }

  abort(): void {
    try {
      this.writer.abort();
    } catch {
      // a writer that already failed (e.g. a full disk) throws "AsyncQueue is closed": the temp goes anyway
    }
    discardTemp(this.fd, this.temp);
    this.fd = null;
  }
}
