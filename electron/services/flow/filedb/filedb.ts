// FileDB: the inventory of data-taking cycles across tiers (pygama.flow.FileDB, flow-spec.md §1),
// held as columns. Scans walk every tier; tables and columns are listed in the worker pool.
import { formatTemplate, templateFields } from "../../../../shared/format/index.ts";
import {
  type FileDbConfig,
  type ResolvedFileDbConfig,
  type TableId,
  loadFileDbConfig,
  tierFilePath,
} from "./config.ts";
import {
  attachPartial,
  completeRows,
  convertKeyColumns,
  mergeRows,
  restatRows,
  sortRows,
} from "./inventory.ts";
import { type FileDbColumn, columnNamesOf, columnOf, rowsToJSON } from "./columns.ts";
import { FileRows } from "./rows.ts";
import { type ScanProblem, type ScanProgress, planWalk } from "./scanner.ts";
import { walkFiles } from "./walk-parallel.ts";
import { scanDaqDir } from "./daq.ts";
import { type TableScanOptions, scanTablesColumns, unlistedKey } from "./tables.ts";
import { queryRows } from "./query.ts";
import { isHdf5File } from "./persist/detect.ts";
import { readFileDb } from "./persist/read.ts";
import { writeFileDb } from "./persist/write.ts";

export interface CreateOptions {
  /** Scan every tier now (default true), as pygama's `FileDB(config)` does. */
  scan?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: ScanProgress) => void;
  /** Folder for relative paths and `$_` when `config` is an object. */
  baseDir?: string;
  /** Worker threads for the folder walk (ScanOptions.workers). */
  workers?: number;
}

export interface ScanOptions {
  signal?: AbortSignal;
  onProgress?: (p: ScanProgress) => void;
  /**
   * Worker threads for the folder walk: 0 walks in this thread, a positive number over the worker pool.
   * Default: the pool when it is already running and the tree is large (thousands of files), else here.
   */
  workers?: number;
}

export interface FileDbJSON {
  rows: Record<string, unknown>[];
  columns: string[][];
  problems: ScanProblem[];
}

export class FileDB {
  /** Set by a table scan (or read from disk): the de-duplicated column-name lists `{tier}_col_idx` points into. */
  columns: string[][] = [];
  /** True once tables were scanned or read (pygama's `columns is not None`). */
  tablesScanned = false;
  /**
   * Files whose tables a scan limited to a selection did not list (tables.ts unlistedKey), or null when every
   * existing file was listed. Their cells hold no tables although the file exists; it is not a read failure.
   * A rescan keeps an unchanged file unlisted and lists a changed one.
   */
  unlisted: Set<string> | null = null;
  readonly problems: ScanProblem[] = [];
  /** @internal the columnar rows; other modules of this folder read and write them. */
  rows: FileRows;
  /** The `dirs` of every scanFiles call so far (undefined = all folders), replayed by rescan. */
  private readonly scans: (string[] | undefined)[] = [];

  private constructor(readonly config: ResolvedFileDbConfig) {
    this.rows = new FileRows(config.keyNames, config.tiers);
  }

  /**
   * Builds a FileDB from a config (path or object). With `scan` (the default) every tier is walked; if the
   * config has both `tables` and `columns`, those fill the table columns unchecked, as in pygama.
   * A path to a saved FileDB (HDF5) is read with fromDisk instead, as pygama's `FileDB(str)` does.
   */
  static async create(config: string | object, opts: CreateOptions = {}): Promise<FileDB> {
    if (typeof config === "string" && isHdf5File(config)) return readFileDb(config);
    const db = new FileDB(loadFileDbConfig(config, opts.baseDir));
    if (opts.scan ?? true) {
      await db.scanFiles(undefined, opts);
      db.applyConfigTables();
    }
    return db;
  }

  /** An empty FileDB over a resolved config (for readers of saved FileDBs). @internal */
  static empty(config: ResolvedFileDbConfig): FileDB {
    return new FileDB(config);
  }

  /** Reads FileDB files (pygama's pickle-block form or our pure-LH5 form); several files or globs chain. */
  static async fromDisk(pathOrGlob: string | string[]): Promise<FileDB> {
    return readFileDb(pathOrGlob);
  }

  get tiers(): string[] {
    return this.config.tiers;
  }

  get keyNames(): string[] {
    return this.config.keyNames;
  }

  get nRows(): number {
    return this.rows.length;
  }

  /** pygama's df column order: keys, `{tier}_file`, `{tier}_size`, `file_status`, then `{tier}_tables`/`{tier}_col_idx` once scanned. */
  columnNames(): string[] {
    return columnNamesOf(this);
  }

  /**
   * One column: key columns as string[] (or Float64Array when numeric), `{tier}_file` as (string|null)[],
   * `{tier}_size` and `file_status` as Float64Array, `{tier}_tables`/`{tier}_col_idx` as lists per row.
   */
  column(name: string): FileDbColumn {
    return columnOf(this, name);
  }

  /** Walks every tier (or the given sub-folders) and merges the cycles found into the rows. */
  async scanFiles(dirs?: string | string[], opts: ScanOptions = {}): Promise<void> {
    const list = dirs === undefined ? undefined : Array.isArray(dirs) ? dirs : [dirs];
    this.scans.push(list);
    const plans = planWalk(this.config, list, this.problems);
    const result = await walkFiles(this.config, plans, opts);
    this.problems.push(...result.problems);
    if (result.files === 0) {
      this.problems.push({
        file: this.config.dataDir,
        reason: `no file in any tier matched its template (${plans.flatMap((p) => p.dirs).join(", ") || "no folders"})`,
      });
    }
    if (this.rows.length === 0) this.rows = result.rows;
    else mergeRows(this.rows, result.rows);
    attachPartial(this.rows, this.config, result.partial, this.problems);
    completeRows(this.rows, this.config, result.completeTiers);
    this.finishRows();
  }

  /**
   * Adds cycles from DAQ files: walks `dir`, parses each path with `template`, and fills every tier's
   * name from the keys (pygama's scan_daq_files, without its crash on a non-matching file; §6 item 19).
   */
  scanDaqFiles(dir: string, template: string): void {
    const { found, problems } = scanDaqDir(dir, template, this.config.keyNames);
    this.problems.push(...problems);
    for (const keys of found) {
      this.rows.findOrAdd(keys);
    }
    completeRows(this.rows, this.config, new Set());
    this.finishRows();
  }

  private finishRows(): void {
    convertKeyColumns(this.rows);
    sortRows(this.rows, this.config.sortby, this.problems);
    // a folder scanned twice reports its stray files once
    const seen = new Set<string>();
    const unique = this.problems.filter((p) => {
      const key = `${p.file}\u0000${p.tier ?? ""}\u0000${p.reason}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
    this.problems.splice(0, this.problems.length, ...unique);
  }

  /** Re-checks which tier files exist (pygama's set_file_status). */
  setFileStatus(): void {
    restatRows(this.rows, this.config);
  }

  /** Re-reads every tier file's size (pygama's set_file_sizes). */
  setFileSizes(): void {
    restatRows(this.rows, this.config);
  }

  /**
   * Lists each file's tables (matched against `table_format`) and their column names, in the worker
   * pool. Skips work already done unless `override` (pygama warns and returns).
   */
  async scanTablesColumns(opts: TableScanOptions = {}): Promise<void> {
    if (this.tablesScanned && !opts.override) return;
    await scanTablesColumns(this, opts);
  }

  /** True when the tier file of `row` exists but a scan limited to a selection did not list its tables. */
  isUnlisted(row: number, tier: string): boolean {
    if (this.unlisted === null) return false;
    return this.unlisted.has(unlistedKey(tier, this.rows.cells(tier).file[row] ?? ""));
  }

  /** Starts an empty record of unlisted files (tables.ts, for a first scan of some cells). @internal */
  markUnlisted(): Set<string> {
    return (this.unlisted = new Set<string>());
  }

  /**
   * Walks the folders again (those of the earlier scanFiles calls, or `dirs`; rows outside them are
   * dropped), re-stats every file, and re-opens (table scan) only files whose size or mtime changed or
   * that are new; returns how many files it opened. Deleted files and vanished cycles disappear.
   */
  async rescan(opts: ScanOptions & { dirs?: string[] } = {}): Promise<{ reopened: number }> {
    const before = snapshot(this);
    const scans = opts.dirs ? [opts.dirs] : this.scans.length > 0 ? [...this.scans] : [undefined];
    this.problems.length = 0;
    this.scans.length = 0;
    this.rows = new FileRows(this.config.keyNames, this.config.tiers);
    for (const dirs of scans) await this.scanFiles(dirs, opts);
    if (!this.tablesScanned) return { reopened: 0 };
    const stale: Array<{ row: number; tier: string }> = [];
    for (const tier of this.tiers) {
      const cells = this.rows.cells(tier);
      for (let row = 0; row < this.nRows; row++) {
        const key = `${tier}\u0000${cells.file[row] ?? ""}`;
        const old = before.get(key);
        const mtime = cells.mtime[row] as number;
        const size = cells.size[row] as number;
        if (Number.isNaN(mtime)) {
          cells.tables[row] = null;
          cells.colIdx[row] = null;
        } else if (old && old.mtime === mtime && old.size === size) {
          cells.tables[row] = old.tables;
          cells.colIdx[row] = old.colIdx;
        } else stale.push({ row, tier });
      }
    }
    await scanTablesColumns(this, { ...opts, only: stale });
    return { reopened: stale.length };
  }

  /** pygama's get_table_name: the tier's table template with its one field set to `tb`. */
  getTableName(tier: string, tb: TableId): string {
    const template = this.config.tableFormat[tier];
    if (template === undefined)
      throw new RangeError(`no tier '${tier}'; the tiers are ${this.tiers.join(", ")}`);
    const field = templateFields(template)[0];
    return field === undefined ? template : formatTemplate(template, { [field]: tb });
  }

  /** Columns of table `table` in tier `tier` of row `ifile` (pygama's get_table_columns). */
  getTableColumns(table: TableId, tier: string, ifile = 0): string[] {
    if (!this.tiers.includes(tier))
      throw new RangeError(`no tier '${tier}'; the tiers are ${this.tiers.join(", ")}`);
    if (ifile < 0 || ifile >= this.nRows)
      throw new RangeError(`row ${ifile} out of range (0..${this.nRows - 1})`);
    const cells = this.rows.cells(tier);
    const tables = cells.tables[ifile];
    if (tables === null || tables === undefined) return [];
    const pos = tables.findIndex((t) => t === table);
    if (pos < 0)
      throw new RangeError(
        `table ${JSON.stringify(table)} is not in tier '${tier}' of row ${ifile}; it has ${JSON.stringify(tables)}`,
      );
    const idx = cells.colIdx[ifile]?.[pos];
    return idx === undefined ? [] : [...(this.columns[idx] ?? [])];
  }

  /** Row indices matching a pandas-style query over the FileDB columns; errors carry positions. */
  query(q: string): number[] {
    return queryRows(this, q);
  }

  /** Absolute path of a tier file of a row, or null when the row has no name for that tier. */
  filePath(row: number, tier: string): string | null {
    const name = this.rows.cells(tier).file[row];
    return name === null || name === undefined ? null : tierFilePath(this.config, tier, name);
  }

  /** Whether a row's tier file existed when last scanned (its `file_status` bit). */
  hasFile(row: number, tier: string): boolean {
    const i = this.tiers.indexOf(tier);
    const status = this.rows.status[row] ?? 0;
    return i >= 0 && Math.floor(status / 2 ** (this.tiers.length - 1 - i)) % 2 === 1;
  }

  /** Writes the FileDB as pure LH5 (a table of columns plus config and column lists). */
  toDisk(path: string, opts: { overwrite?: boolean } = {}): Promise<void> {
    return writeFileDb(this, path, opts);
  }

  /** Rows keyed by pygama's column names, the column lists and the problems. */
  toJSON(rows?: number[]): FileDbJSON {
    return {
      rows: rowsToJSON(this, rows),
      columns: this.columns.map((c) => [...c]),
      problems: [...this.problems],
    };
  }

  /** The config as given (unexpanded `data_dir`), what to_disk stores. */
  get sourceConfig(): FileDbConfig {
    return this.config.source;
  }

  /** pygama: with scan and both `tables` and `columns` in the config, those fill the table columns. */
  private applyConfigTables(): void {
    const { tables, columns } = this.config;
    if (!tables || !columns) return;
    this.columns = Object.values(columns).map((c) => [...c]);
    const order = Object.keys(columns);
    for (const tier of this.tiers) {
      const list = tables[tier];
      const idx = order.indexOf(tier);
      const cells = this.rows.cells(tier);
      for (let row = 0; row < this.nRows; row++) {
        cells.tables[row] = list ? [...list] : null;
        cells.colIdx[row] = list ? list.map(() => idx) : null;
      }
    }
    this.tablesScanned = true;
  }
}

interface Snap {
  size: number;
  mtime: number;
  tables: TableId[] | null;
  colIdx: number[] | null;
}

function snapshot(db: FileDB): Map<string, Snap> {
  const out = new Map<string, Snap>();
  for (const tier of db.tiers) {
    const cells = db.rows.cells(tier);
    for (let row = 0; row < db.nRows; row++) {
      out.set(`${tier}\u0000${cells.file[row] ?? ""}`, {
        size: cells.size[row] as number,
        mtime: cells.mtime[row] as number,
        tables: cells.tables[row] ?? null,
        colIdx: cells.colIdx[row] ?? null,
      });
    }
  }
  return out;
}
