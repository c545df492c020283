// The interface every exporter implements: chunks of one table in, one atomically committed file out.
import type { LgdoTable } from "../../../shared/lgdo/model.ts";

export interface TableSink {
  /**
   * Loaded bytes per chunk this sink takes while its own memory stays within a small multiple of them
   * (callers size their chunks by it; see chunk-size.ts).
   */
  readonly chunkBytes: number;
  /** Appends the rows of one chunk; every chunk must have the same columns. */
  write(chunk: LgdoTable): Promise<void>;
  /** Finishes the file and moves it into place. */
  commit(): Promise<{ rows: number; bytes: number }>;
  /** Drops everything written; nothing appears at the target path. */
  abort(): void;
}

export type ExportFormat = "lh5" | "csv" | "arrow" | "parquet";

export interface SinkOptions {
  overwrite?: boolean;
  /** LH5 only: group name of the table in the file (default `data`). */
  tableName?: string;
}
