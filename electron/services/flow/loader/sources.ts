// Where the loader's data live: open LH5 files (kept open across a build and its loads, a bounded number
// at a time), and the FileDB's table/column inventory per (cycle, tier, table), looked up per file so that
// heterogeneous files never borrow another file's layout (pygama decides from the last file, §6 item 2).
import { fileStamp } from "../../fs/file-stamp.ts";
import { Lh5File } from "../../lh5/reader.ts";
import type { FileDB } from "../filedb/index.ts";
import type { TableId } from "./entry-list.ts";
import { formatTemplate, templateFields } from "../../../../shared/format/index.ts";

function closeQuietly(file: Lh5File): void {
  try {
    file.close();
  } catch {
    // closing is best effort; the handle is dropped either way
  }
}

/**
 * Files that finished jobs left open in this thread, for the next job over the same files (a load right
 * after its build meets the build's files open: opening costs more than reading two columns). Bounded,
 * closed when idle for `idleMs`, and reused only while unchanged on disk (Lh5File.isCurrent).
 */
export class KeptFiles {
  private readonly files = new Map<string, Lh5File>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly maxFiles: number,
    private readonly idleMs: number,
  ) {}

  get size(): number {
    return this.files.size;
  }

  /** The kept handle of `path` if it is still current (it leaves the pool either way). */
  take(path: string): Lh5File | undefined {
    const file = this.files.get(path);
    if (!file) return undefined;
    this.files.delete(path);
    if (file.isCurrent()) return file;
    closeQuietly(file);
    return undefined;
  }

  keep(file: Lh5File): void {
    const previous = this.files.get(file.path);
    if (previous && previous !== file) closeQuietly(previous);
    this.files.delete(file.path); // re-insert: Map order is the LRU order
    this.files.set(file.path, file);
    while (this.files.size > this.maxFiles) {
      const [oldestPath, oldest] = this.files.entries().next().value as [string, Lh5File];
      this.files.delete(oldestPath);
      closeQuietly(oldest);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.closeAll(), this.idleMs);
    this.timer.unref(); // never keeps a process or worker alive
  }

  closeAll(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const file of this.files.values()) closeQuietly(file);
    this.files.clear();
  }
}

/** How long a thread keeps a job's files open for the next job. */
export const KEPT_FILES_IDLE_MS = 3000;

/** This thread's kept files: enough for a worker's share of a few hundred cycles, closed after 3 s idle. */
export const keptFiles = new KeptFiles(160, KEPT_FILES_IDLE_MS);

/**
 * Open files by path, least recently used closed first. With `keep`, files leaving the cache (evicted or
 * released) go to this thread's keptFiles instead of being closed; get() looks there before opening.
 */
export class FileCache {
  private readonly open = new Map<string, Lh5File>();
  /** The version (fileStamp) of each open file when it was opened. */
  private readonly stamps = new Map<string, string>();

  constructor(
    private readonly maxOpen = 64,
    private readonly keep = false,
  ) {}

  get(path: string): Lh5File {
    const cached = this.open.get(path);
    if (cached) {
      this.open.delete(path); // re-insert: Map order is the LRU order
      // A handle kept across jobs must not read a file rewritten since it was opened: reopen it then.
      const stamp = fileStamp(path);
      if (stamp === this.stamps.get(path)) {
        this.open.set(path, cached);
        return cached;
      }
      this.stamps.delete(path);
      closeQuietly(cached);
    }
    const stamp = fileStamp(path);
    const file = keptFiles.take(path) ?? Lh5File.open(path);
    this.open.set(path, file);
    this.stamps.set(path, stamp);
    if (this.open.size > this.maxOpen) {
      const [oldestPath, oldest] = this.open.entries().next().value as [string, Lh5File];
      this.open.delete(oldestPath);
      this.stamps.delete(oldestPath);
      this.drop(oldest);
    }
    return file;
  }

  private drop(file: Lh5File): void {
    if (this.keep) keptFiles.keep(file);
    else closeQuietly(file);
  }

  /** Closes (or, with `keep`, hands to keptFiles) every open file. */
  closeAll(): void {
    for (const file of this.open.values()) this.drop(file);
    this.open.clear();
    this.stamps.clear();
  }
}

/**
 * A cycle's tier file that exists but whose tables could not be listed (corrupt, truncated, unreadable).
 * It is an error wherever the file is needed: treated as missing, its columns would silently be NaN.
 */
export class UnreadableTierFileError extends Error {
  override name = "UnreadableTierFileError";
  constructor(
    readonly path: string,
    readonly tier: string,
    readonly reason: string,
    cycle: string,
  ) {
    // The reader's reason often starts with the path already.
    const why = reason.startsWith(`${path}: `) ? reason.slice(path.length + 2) : reason;
    super(`${cycle}: its ${tier} file ${path} cannot be read: ${why}`);
  }
}

/** One (cycle, tier) of a catalog. */
interface CatalogCell {
  path: string | null;
  tables: TableId[] | null;
  colIdx: number[] | null;
  /** Why the file, which exists, has no tables: it could not be read (absent for a missing file). */
  unreadable?: string;
}

/** The serialisable content of a catalog, for worker threads (only the rows they need). */
export interface CatalogData {
  tiers: string[];
  tableFormat: Record<string, string>;
  columns: string[][];
  /** Per row: cycle name, and per tier the file path, tables and column-list indices (null = no file). */
  rows: Record<
    number,
    {
      name: string;
      tiers: Record<string, CatalogCell>;
    }
  >;
}

/**
 * The FileDB's inventory as the loader needs it: per (row, tier) the file path, tables and column sets
 * (built once per column list), plus table names from the tier templates. Built from a FileDB, or from
 * CatalogData in a worker thread.
 */
export class TableCatalog {
  private readonly columnSets: ReadonlySet<string>[];
  private readonly tableNames = new Map<string, string>();

  private constructor(
    private readonly data: CatalogData,
    private readonly source: FileDB | null,
  ) {
    this.columnSets = data.columns.map((list) => new Set(list));
  }

  static fromFileDb(db: FileDB): TableCatalog {
    const rows: CatalogData["rows"] = {};
    const timestamps = db.keyNames.includes("timestamp")
      ? Array.from(db.column("timestamp") as ArrayLike<string | number>)
      : [];
    const perTier = db.tiers.map((tier, i) => ({
      tier,
      bit: db.tiers.length - 1 - i,
      tables: db.column(`${tier}_tables`) as (TableId[] | null)[],
      colIdx: db.column(`${tier}_col_idx`) as (number[] | null)[],
    }));
    const reasons = unreadableReasons(db);
    for (let row = 0; row < db.nRows; row++) {
      const tiers: CatalogData["rows"][number]["tiers"] = Object.create(null) as Record<string, CatalogCell>;
      const status = db.rows.status[row] ?? 0;
      for (const { tier, bit, tables, colIdx } of perTier) {
        const cell: CatalogCell = {
          path: db.filePath(row, tier),
          tables: tables[row] ?? null,
          colIdx: colIdx[row] ?? null,
        };
        // The file is there (its status bit) but its tables are not: the table scan could not read it.
        if (db.tablesScanned && cell.tables === null && Math.floor(status / 2 ** bit) % 2 === 1) {
          cell.unreadable =
            reasons.get(`${tier}\u0000${cell.path ?? ""}`) ??
            (db.isUnlisted(row, tier)
              ? "its tables were not listed: this loader was made for other cycles or tiers"
              : "its tables could not be listed when the FileDB was made");
        }
        tiers[tier] = cell;
      }
      const timestamp = timestamps[row];
      rows[row] = { name: timestamp === undefined ? `cycle ${row}` : `cycle ${row} (${timestamp})`, tiers };
    }
    const data: CatalogData = {
      tiers: [...db.tiers],
      tableFormat: { ...db.config.tableFormat },
      columns: db.columns,
      rows,
    };
    return new TableCatalog(data, db);
  }

  static fromData(data: CatalogData): TableCatalog {
    return new TableCatalog(data, null);
  }

  /** The data of some rows, to send to a worker. */
  toData(rows: readonly number[]): CatalogData {
    const subset: CatalogData["rows"] = {};
    for (const row of rows) {
      const entry = this.data.rows[row];
      if (entry) subset[row] = entry;
    }
    return { ...this.data, rows: subset };
  }

  private cell(row: number, tier: string): CatalogCell | undefined {
    const tiers = this.data.rows[row]?.tiers;
    return tiers !== undefined && Object.hasOwn(tiers, tier) ? tiers[tier] : undefined;
  }

  /** "cycle 3 (20230322T160139Z)": how messages name a FileDB row. */
  cycleName(row: number): string {
    return this.data.rows[row]?.name ?? `cycle ${row}`;
  }

  /** Absolute path of a cycle's tier file, or null. */
  filePath(row: number, tier: string): string | null {
    return this.cell(row, tier)?.path ?? null;
  }

  /** pygama's get_table_name: the tier's table template with its field set to `tb`. */
  tableName(tier: string, tb: TableId): string {
    const key = `${tier}\0${String(tb)}`;
    let name = this.tableNames.get(key);
    if (name === undefined) {
      if (this.source) name = this.source.getTableName(tier, tb);
      else {
        const formats = this.data.tableFormat;
        const template = Object.hasOwn(formats, tier) ? formats[tier] : undefined;
        if (template === undefined) throw new RangeError(`no tier '${tier}'`);
        const field = templateFields(template)[0];
        name = field === undefined ? template : formatTemplate(template, { [field]: tb });
      }
      this.tableNames.set(key, name);
    }
    return name;
  }

  /**
   * Tables of a tier in a cycle, or null when the cycle has no file of that tier. Throws
   * UnreadableTierFileError when the file exists but could not be read.
   */
  tables(row: number, tier: string): readonly TableId[] | null {
    const cell = this.cell(row, tier);
    if (cell?.unreadable !== undefined) {
      throw new UnreadableTierFileError(cell.path ?? "?", tier, cell.unreadable, this.cycleName(row));
    }
    return cell?.tables ?? null;
  }

  /**
   * The tier whose file lists a level's tables in a cycle: the first of `tiers` with a file there, or null
   * when the cycle has none of them. Raw files are often archived: a cycle without its raw file still has
   * its dsp and hit tables, and is skipped only where a column the selection needs lives in a missing tier.
   */
  listingTier(row: number, tiers: readonly string[]): string | null {
    return tiers.find((tier) => this.tables(row, tier) !== null) ?? null;
  }

  /** Table ids of any of `tiers` in a cycle (as strings: TCM keys are numbers, names may be text). */
  tablesInAny(row: number, tiers: readonly string[]): Set<string> {
    const out = new Set<string>();
    for (const tier of tiers) for (const tb of this.tables(row, tier) ?? []) out.add(String(tb));
    return out;
  }

  /** Columns of table `tb` in a cycle's tier file, or null when that file or table is absent. */
  columnsOf(row: number, tier: string, tb: TableId): ReadonlySet<string> | null {
    const cell = this.cell(row, tier);
    if (!cell?.tables) return null;
    const pos = cell.tables.indexOf(tb);
    if (pos < 0) return null;
    const idx = cell.colIdx?.[pos];
    return idx === undefined ? null : (this.columnSets[idx] ?? null);
  }

  /** Every column name any table of these tiers has, sorted (for "unknown column" messages). */
  allColumns(tiers: readonly string[]): string[] {
    const names = new Set<string>();
    for (const entry of Object.values(this.data.rows)) {
      for (const tier of tiers) {
        for (const idx of entry.tiers[tier]?.colIdx ?? [])
          for (const name of this.columnSets[idx] ?? []) names.add(name);
      }
    }
    return [...names].sort();
  }

  /**
   * For each column, the tier of `tiers` whose table `tb` holds it in this cycle; later tiers win, as in
   * pygama (raw → dsp → hit). Columns found in no tier are absent from the map.
   */
  tierOfColumns(
    row: number,
    tiers: readonly string[],
    tb: TableId,
    columns: readonly string[],
  ): Map<string, string> {
    const out = new Map<string, string>();
    for (const tier of tiers) {
      const have = this.columnsOf(row, tier, tb);
      if (!have) continue;
      for (const column of columns) if (have.has(column)) out.set(column, tier);
    }
    return out;
  }
}

/** Why each tier file the table scan could not read failed, by tier and path (the FileDB's problems). */
function unreadableReasons(db: FileDB): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const problem of db.problems) {
    if (problem.tier !== undefined) reasons.set(`${problem.tier}\u0000${problem.file}`, problem.reason);
  }
  return reasons;
}
