// What a FileDB file holds once read, in either form, before it joins a FileDB.
import type { TemplateValue } from "../../../../../shared/format/index.ts";
import type { TableId } from "../config.ts";
import type { ScanProblem } from "../scanner.ts";

/** One row as read from disk, before it joins the FileDB. */
export interface StoredRow {
  keys: Record<string, TemplateValue>;
  tiers: Record<
    string,
    { file: string | null; size: number; mtime: number; tables: TableId[] | null; colIdx: number[] | null }
  >;
  status: number;
}

export interface StoredFileDb {
  config: Record<string, unknown>;
  /** Absolute data root recorded by our writer (absent in pygama's files). */
  dataDir: string | undefined;
  columns: string[][] | null;
  rows: StoredRow[];
  problems: ScanProblem[];
}

export class FileDbReadError extends Error {
  override name = "FileDbReadError";
}
