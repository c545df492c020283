// Parquet export (read by pandas.read_parquet, polars.read_parquet and pyarrow) through hyparquet-writer's
// public ParquetWriter: each chunk becomes one row group (several when its list columns are big), flushed
// to a temporary file as it is encoded, so memory stays at one chunk. List columns (2-d arrays, VoVs) are
// Parquet LISTs; 64-bit integers are INT64 written from BigInts.
import { writeSync } from "node:fs";
import { ByteWriter, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import type { LgdoTable } from "../../../shared/lgdo/model.ts";
import { ExportError, checkTarget, discardTemp, finishTemp, openTemp } from "./atomic.ts";
import { type FlatColumn, flattenTable } from "./flatten.ts";
import { DEFAULT_CHUNK_BYTES } from "./chunk-size.ts";
import { columnSource, rowGroupRanges, schemaFor } from "./parquet-columns.ts";
import type { SinkOptions, TableSink } from "./sink.ts";

/** Bytes buffered before they go to the file (the writer also flushes after every row group). */
const FLUSH_BYTES = 1 << 20;

/**
 * List elements per row group. The public writer takes list rows as JS arrays and Dremel-encodes them into
 * more JS arrays (values, levels, pages): some 150 bytes of heap per element (a uint16 waveform sample is
 * 2), held until the group is written. Groups this small keep that garbage young (collected cheaply, not
 * promoted to grow the heap), which bounds the process's memory; scalar columns are not split.
 */
const MAX_LIST_SLOTS_PER_GROUP = 1 << 15;
/** ... but at least this many rows (16 rows of 8192-sample waveforms are 131 k elements). */
const MIN_ROWS_PER_GROUP = 16;

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

/** The `units` of each column, kept as file metadata (JSON object column → unit). */
function unitsMetadata(columns: FlatColumn[]): { key: string; value: string }[] | undefined {
  const units: Record<string, string> = {};
  for (const c of columns) if (c.kind !== "string" && c.units) units[c.name] = c.units;
  return Object.keys(units).length > 0 ? [{ key: "lh5_units", value: JSON.stringify(units) }] : undefined;
}

export class ParquetSink implements TableSink {
  readonly chunkBytes = DEFAULT_CHUNK_BYTES;
  private fd: number | null;
  private readonly temp: string;
  private writer: ParquetWriter | null = null;
  /** Each column's Parquet schema (JSON) from the first chunk; later chunks must match. */
  private columnTypes: string[] = [];
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
    const types = columns.map((c) => JSON.stringify(schemaFor(c)));
    if (this.writer === null) {
      this.columnTypes = types;
      const schema: SchemaElement[] = [{ name: "root", num_children: columns.length }];
      for (const c of columns) schema.push(...schemaFor(c));
      const kvMetadata = unitsMetadata(columns);
      this.writer = new ParquetWriter({
        writer: new FdWriter(this.fd),
        schema,
        ...(kvMetadata ? { kvMetadata } : {}),
        createdBy: "lh5-browser (hyparquet-writer)",
      });
    } else if (types.join("\0") !== this.columnTypes.join("\0")) {
      // every row group must match the file's schema: a column that changes type would be misread
      const at = types.findIndex((t, i) => t !== this.columnTypes[i]);
      const what = columns[at] ? `column '${columns[at].name}' changed type` : "columns differ";
      throw new ExportError(
        `chunk columns [${columns.map((c) => c.name).join(", ")}] differ from the first chunk's: ${what}`,
        this.path,
        "format",
      );
    }
    try {
      // one row group per range; write() flushes each to the file before returning
      for (const [from, to] of rowGroupRanges(
        columns,
        chunk.nRows,
        MAX_LIST_SLOTS_PER_GROUP,
        MIN_ROWS_PER_GROUP,
      )) {
        const columnData = columns.map((column) => columnSource(column, from, to));
        await this.writer.write({ columnData, rowGroupSize: to - from });
      }
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
    const fd = this.fd;
    this.fd = null;
    const bytes = finishTemp(fd, this.temp, this.path, this.opts.overwrite ?? false);
    return { rows: this.rows, bytes };
  }

  abort(): void {
    discardTemp(this.fd, this.temp);
    this.fd = null;
    this.writer = null;
  }
}
