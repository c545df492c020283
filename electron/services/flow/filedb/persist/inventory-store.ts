// The inventory store: what a table scan learnt about each file (its tables and their columns), saved in the
// user data folder so that the next process opens only files that changed. The folder walk still runs every
// time: it finds new files, drops removed ones and stats each file, and a remembered listing is used only
// when that stat gives the size and mtime it was recorded with. A store that cannot be read, or was written
// for another config or another store format, is ignored (the scan then opens every file), never trusted.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ResolvedFileDbConfig, TableId } from "../config.ts";
import type { FileTablesResult } from "../file-tables.ts";
import { type CreateOptions, FileDB } from "../filedb.ts";
import type { KnownTables } from "../tables.ts";

/** Bump when a listing's meaning changes (file-tables.ts), so stores of older builds are ignored. */
export const STORE_FORMAT = 1;

/** One remembered file: path, size, mtime (ms), table ids, index of each table's column list, skipped reasons. */
type StoredFile = [string, number, number, TableId[], number[], string[]];

interface StoreFileJson {
  format: number;
  /** The config identity (see identityOf), checked again on reading. */
  identity: string;
  columns: string[][];
  files: StoredFile[];
}

/** What identifies a scan's config: its file, its content and the folders it resolves to. */
function identityOf(config: ResolvedFileDbConfig): string {
  const content = createHash("sha256").update(JSON.stringify(config.source)).digest("hex");
  return JSON.stringify([
    STORE_FORMAT,
    config.configPath ?? null,
    content,
    config.dataDir,
    config.tierDirs,
    config.tableFormat,
  ]);
}

/** The store's file for a config, inside `dir`. */
export function storeFileFor(dir: string, config: ResolvedFileDbConfig): string {
  const name = createHash("sha256").update(identityOf(config)).digest("hex").slice(0, 32);
  return join(dir, `${name}.json`);
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** The remembered files of a store file, or null when it is missing, unreadable or not for this config. */
function readStore(path: string, identity: string): Map<string, FileEntry> | null {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null; // missing, unreadable or cut short: rescan
  }
  if (typeof json !== "object" || json === null) return null;
  const store = json as Partial<StoreFileJson>;
  if (store.format !== STORE_FORMAT || store.identity !== identity) return null;
  const { columns, files } = store;
  if (!Array.isArray(columns) || !columns.every(isStringList) || !Array.isArray(files)) return null;
  const entries = new Map<string, FileEntry>();
  for (const file of files as unknown[]) {
    if (!Array.isArray(file) || file.length !== 6) return null;
    const [path, size, mtime, tables, lists, skipped] = file as unknown[];
    if (typeof path !== "string" || typeof size !== "number" || typeof mtime !== "number") return null;
    if (!Number.isFinite(size) || !Number.isFinite(mtime)) return null;
    if (!Array.isArray(tables) || !tables.every((t) => typeof t === "string" || typeof t === "number"))
      return null;
    if (!Array.isArray(lists) || lists.length !== tables.length) return null;
    if (!lists.every((i) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < columns.length))
      return null;
    if (!isStringList(skipped)) return null;
    entries.set(path, {
      size,
      mtime,
      result: {
        ok: true,
        value: {
          tables,
          columns: (lists as number[]).map((i) => columns[i] as string[]),
          skipped,
        },
      },
    });
  }
  return entries;
}

interface FileEntry {
  size: number;
  mtime: number;
  result: FileTablesResult & { ok: true };
}

/**
 * One config's store. `lookup` answers from the file read at open; `record` collects this scan's listings,
 * and `save` writes exactly those (so removed files are dropped) under a temporary name, then renames it into
 * place: two processes saving at once leave one whole store, never a mixed one.
 */
export class InventoryStore implements KnownTables {
  /** Files answered from the store / opened anew during this scan. */
  reused = 0;
  listed = 0;
  private readonly recorded = new Map<string, FileEntry>();

  private constructor(
    readonly path: string,
    private readonly identity: string,
    private readonly remembered: Map<string, FileEntry>,
  ) {}

  /** The store of `config` in `dir` (empty when there is none or it cannot be used). */
  static open(dir: string, config: ResolvedFileDbConfig): InventoryStore {
    const identity = identityOf(config);
    const path = storeFileFor(dir, config);
    return new InventoryStore(path, identity, readStore(path, identity) ?? new Map<string, FileEntry>());
  }

  lookup(path: string, size: number, mtime: number): FileTablesResult | undefined {
    const entry = this.remembered.get(path);
    if (entry && entry.size === size && entry.mtime === mtime) {
      this.reused += 1;
      return entry.result;
    }
    this.listed += 1;
    return undefined;
  }

  /**
   * Keeps a remembered listing this scan did not look at (a file outside a scan's scope) when the walk found
   * the file at the size and mtime it was recorded with; otherwise it is dropped like a removed file's.
   */
  keep(path: string, size: number, mtime: number): void {
    const entry = this.remembered.get(path);
    if (entry && entry.size === size && entry.mtime === mtime) this.recorded.set(path, entry);
  }

  record(path: string, size: number, mtime: number, result: FileTablesResult): void {
    // A failure may be passing (permissions, a file being written): it is never remembered.
    if (result.ok && Number.isFinite(size) && Number.isFinite(mtime))
      this.recorded.set(path, { size, mtime, result });
  }

  /** Writes the recorded listings; a store that cannot be written only costs the next process a scan. */
  save(): boolean {
    // every file answered from the store and none removed: the file on disk already says all this
    if (this.listed === 0 && this.recorded.size === this.remembered.size) return true;
    const columns: string[][] = [];
    const index = new Map<string, number>();
    // listings share one array per distinct column list (columns-intern.ts, readStore): look arrays up first
    const byArray = new Map<readonly string[], number>();
    const numberOf = (list: readonly string[]): number => {
      let i = byArray.get(list);
      if (i !== undefined) return i;
      const key = list.join("\u0000");
      i = index.get(key);
      if (i === undefined) index.set(key, (i = columns.push([...list]) - 1));
      byArray.set(list, i);
      return i;
    };
    const files: StoredFile[] = [];
    for (const [path, { size, mtime, result }] of this.recorded)
      files.push([
        path,
        size,
        mtime,
        result.value.tables,
        result.value.columns.map(numberOf),
        result.value.skipped,
      ]);
    const json: StoreFileJson = { format: STORE_FORMAT, identity: this.identity, columns, files };
    const temp = `${this.path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(temp, JSON.stringify(json));
      renameSync(temp, this.path);
      return true;
    } catch {
      rmSync(temp, { force: true });
      return false;
    }
  }
}

/** The cycles (FileDB rows) and tiers whose files' tables a process needs. */
export interface TableScope {
  rows: readonly number[];
  tiers: readonly string[];
}

export interface StoredScanOptions extends CreateOptions {
  /** Folder of the inventory store (the user data folder's `inventory`); null scans without one. */
  storeDir: string | null;
  /**
   * Given the walked FileDB, the cycles and tiers to list (the other files are walked and stat-ed, not opened,
   * and the FileDB records them as unlisted); undefined lists every file.
   */
  scope?: (db: FileDB) => TableScope | undefined;
}

/** The cells of a scope, as scanTablesColumns' `only`. */
function cellsOf(scope: TableScope): Array<{ row: number; tier: string }> {
  return scope.tiers.flatMap((tier) => scope.rows.map((row) => ({ row, tier })));
}

/**
 * A FileDB built from a config with its files walked and its tables listed, opening only the files the store
 * does not know at their current size and mtime; the store is then rewritten. A saved FileDB (HDF5) is read
 * as it is, and a config that lists its own `tables` and `columns` needs no listing.
 */
export async function scanWithStore(
  config: string | object,
  opts: StoredScanOptions,
): Promise<{ db: FileDB; store: InventoryStore | null }> {
  const { storeDir, scope: scopeOf, ...createOpts } = opts;
  const db = await FileDB.create(config, createOpts);
  // nothing to list: tables given by the config, or no cycle at all (then tables stay unscanned, as before)
  if (db.tablesScanned || db.nRows === 0) return { db, store: null };
  const scope = scopeOf?.(db);
  const tableOpts = {
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(scope ? { only: cellsOf(scope) } : {}),
  };
  if (storeDir === null) {
    await db.scanTablesColumns(tableOpts);
    return { db, store: null };
  }
  const store = InventoryStore.open(storeDir, db.config);
  await db.scanTablesColumns({ ...tableOpts, known: store });
  if (scope) keepOutOfScope(db, store);
  store.save();
  return { db, store };
}

/** The store keeps what it knew of the files this scope left unopened, while they are unchanged. */
function keepOutOfScope(db: FileDB, store: InventoryStore): void {
  for (const tier of db.tiers) {
    const cells = db.rows.cells(tier);
    for (let row = 0; row < db.nRows; row++) {
      if (!db.isUnlisted(row, tier)) continue;
      const path = db.filePath(row, tier);
      if (path !== null) store.keep(path, cells.size[row] as number, cells.mtime[row] as number);
    }
  }
}
