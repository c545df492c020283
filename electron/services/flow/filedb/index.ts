/**
 * FileDB: the inventory of data-taking cycles across tiers, faithful to pygama.flow.FileDB
 * (../shared/flow-spec.md §1) with the faults of §6 fixed on purpose.
 *
 * ```ts
 * const db = await FileDB.create("filedb.json");        // walks EVERY tier (pygama: only the first); over
 *                                                      // the worker pool when it runs and the tree is large
 * await db.scanTablesColumns({ onProgress, signal });   // tables and columns, in worker threads
 * db.query("type == 'cal' and run in ['r001']");        // row indices, shared/query (never eval)
 * db.column("raw_file"); db.filePath(0, "dsp");          // columnar access, absolute paths
 * await db.toDisk("filedb.lh5");                         // pure LH5; FileDB.fromDisk reads it and pygama's files
 * await db.rescan();                                     // re-opens only files whose size or mtime changed
 * ```
 *
 * Rows (pygama's df): key columns (the lowest tier's template fields, sorted), `{tier}_file`, `{tier}_size`,
 * `file_status` (bit n−1−i set when tier i's file exists; first tier = most significant), and after a table
 * scan `{tier}_tables` / `{tier}_col_idx` (indices into `db.columns`). Everything the scan could not use is in
 * `db.problems` as `{file, tier?, reason}`.
 *
 * Deliberate differences from pygama (each has a test): cycles are found in every tier; relative `data_dir`
 * and `$_` resolve against the config file's folder; non-matching files are reported, not silently skipped;
 * a name must round-trip through its template; rescanning merges by key instead of duplicating rows;
 * key columns become numbers only when no text is lost (`0012` stays a string); sorting is stable.
 */
export {
  type FileDbConfig,
  type ResolvedFileDbConfig,
  type TableId,
  FileDbConfigError,
  loadFileDbConfig,
  expandVars,
  tierFilePath,
} from "./config.ts";
export { type CreateOptions, type FileDbJSON, type ScanOptions, FileDB } from "./filedb.ts";
export type { FileDbColumn } from "./columns.ts";
export type { ScanProblem, ScanProgress } from "./scanner.ts";
export type { TableScanOptions } from "./tables.ts";
export { toDatetime, toUnixtime } from "./time.ts";
export { isHdf5File } from "./persist/detect.ts";
export { FileDbReadError } from "./persist/stored.ts";
export {
  InventoryStore,
  type StoredScanOptions,
  type TableScope,
  scanWithStore,
} from "./persist/inventory-store.ts";
