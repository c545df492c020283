/**
 * Exporters of loaded selections: LH5 (legend-pydataobj layout), CSV, Arrow IPC (Feather v2) and Parquet
 * (both read by pandas and polars). Every sink takes chunks of one table (`write`), then `commit`s
 * atomically (temporary name, then rename) or `abort`s leaving nothing; an existing file is never
 * replaced without `overwrite`.
 */
import { ArrowSink } from "./arrow.ts";
import { ExportError } from "./atomic.ts";
import { isDiskFull } from "../lh5/errors.ts";
import { CsvSink } from "./csv.ts";
import { Lh5Sink } from "./lh5.ts";
import { ParquetSink } from "./parquet.ts";
import type { ExportFormat, SinkOptions, TableSink } from "./sink.ts";

export { ExportError, checkTarget } from "./atomic.ts";
export { ChunkSizer, DEFAULT_CHUNK_BYTES, MAX_CHUNK_ROWS, lgdoBytes } from "./chunk-size.ts";
export { flattenTable, type FlatColumn } from "./flatten.ts";
export type { ExportFormat, SinkOptions, TableSink } from "./sink.ts";
export { ArrowSink, CsvSink, Lh5Sink, ParquetSink };

const EXTENSIONS: Record<string, ExportFormat> = {
  ".lh5": "lh5",
  ".h5": "lh5",
  ".hdf5": "lh5",
  ".csv": "csv",
  ".arrow": "arrow",
  ".feather": "arrow",
  ".ipc": "arrow",
  ".parquet": "parquet",
};

/** The export format a file name asks for, from its extension. */
export function formatFromPath(path: string): ExportFormat {
  const match = /\.[^./\\]+$/.exec(path.toLowerCase());
  const format = match ? EXTENSIONS[match[0]] : undefined;
  if (!format) {
    throw new ExportError(
      `cannot tell the export format of '${path}': use .lh5, .csv, .arrow (or .feather) or .parquet`,
      path,
      "format",
    );
  }
  return format;
}

/** A sink for `path` in `format` (from the extension when not given). */
export function createSink(
  path: string,
  format: ExportFormat = formatFromPath(path),
  opts: SinkOptions = {},
): TableSink {
  switch (format) {
    case "lh5":
      return namingFullDisk(new Lh5Sink(path, opts), path);
    case "csv":
      return namingFullDisk(new CsvSink(path, opts), path);
    case "arrow":
      return namingFullDisk(new ArrowSink(path, opts), path);
    case "parquet":
      return namingFullDisk(new ParquetSink(path, opts), path);
  }
}

/**
 * The sink with a full disk said as "disk full while writing PATH" (Node's ENOSPC names no path, HDF5's names
 * only the time). The caller aborts the sink after a failed write, as for any error.
 */
export function namingFullDisk(sink: TableSink, path: string): TableSink {
  const named = (error: unknown): unknown =>
    isDiskFull(error) ? new ExportError(`disk full while writing ${path}`, path, "io") : error;
  return {
    get chunkBytes() {
      return sink.chunkBytes;
    },
    async write(chunk) {
      try {
        await sink.write(chunk);
      } catch (error) {
        throw named(error);
      }
    },
    async commit() {
      try {
        return await sink.commit();
      } catch (error) {
        throw named(error);
      }
    },
    abort: () => sink.abort(),
  };
}
