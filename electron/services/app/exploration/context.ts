// What every exploration method works on: the open dataset's FileDB, its DataLoader settings (levels,
// channel map) and the caches that live as long as the dataset is open.
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { ApiError } from "../../../../shared/api/errors.ts";
import type { DatasetInfo } from "../../../../shared/api/types.ts";
import { CHANNELMAP_SUBDIR } from "../../flow/channelmap.ts";
import { FileDB } from "../../flow/filedb/index.ts";
import { DataLoader } from "../../flow/loader/index.ts";
import { type LevelSpec, loadLoaderConfig, standardLevels } from "../../flow/loader/config.ts";
import { TableCatalog } from "../../flow/loader/sources.ts";
import type { OpenedFileDb } from "../backend.ts";
import { filesStamp } from "../../fs/file-stamp.ts";

/** Thrown for requests that name something the dataset lacks (column, tier, channel, …). */
export class ExplorationError extends ApiError {
  constructor(message: string, file?: string) {
    super({ name: "ExplorationError", code: "bad-argument", message, ...(file ? { file } : {}) });
  }
}

/** The FileDB behind the service's adapter; exploration goes through the DataLoader, which needs it. */
export function fileDbOf(opened: OpenedFileDb): FileDB {
  const inner = (opened as { db?: unknown }).db;
  if (inner instanceof FileDB) return inner;
  throw new ExplorationError("this dataset has no FileDB the DataLoader can use");
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A LEGEND metadata folder near the dataset: `metadata/` or `legend-metadata/` in the dataset folder or
 * one of its parents (the generator writes `<dataset>/metadata`; the test data keep `legend-metadata`
 * beside `prod-ref-l200`). Null when none is found.
 */
export function findMetadataDir(starts: readonly string[], maxUp = 4): string | null {
  for (const start of starts) {
    let dir = isDir(start) ? start : dirname(start);
    for (let up = 0; up <= maxUp; up++) {
      for (const name of ["metadata", "legend-metadata"]) {
        const candidate = join(dir, name);
        if (existsSync(join(candidate, CHANNELMAP_SUBDIR))) return candidate;
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return null;
}

let openings = 0;

/** The open dataset as exploration sees it. */
export class ExplorationContext {
  readonly datasetId: string;
  /** This opening of the dataset (worker caches of an earlier opening are never reused). */
  readonly scope: string;
  readonly fileDb: FileDB;
  readonly metadataDir: string | null;
  private readonly loaderConfig: string | null;
  private levelSpecs: readonly LevelSpec[] | null = null;
  private tableCatalog: TableCatalog | null = null;
  private readonly columnsByTiers = new Map<string, readonly string[]>();

  constructor(
    readonly info: DatasetInfo,
    opened: OpenedFileDb,
  ) {
    this.datasetId = info.id;
    this.scope = `${info.id}#${++openings}`;
    this.fileDb = fileDbOf(opened);
    // A DataLoader config brings its own levels and channel map; otherwise the standard levels apply.
    this.loaderConfig = info.sourceKind === "dataloader-config" ? info.sourcePath : null;
    this.metadataDir = findMetadataDir([info.sourcePath, info.dataDir]);
  }

  /**
   * The levels selections use (a DataLoader config's own, else the standard ones), read once and checked
   * against the FileDB's tiers as the DataLoader checks them, so a selection is validated without a loader.
   */
  get levels(): readonly LevelSpec[] {
    if (this.levelSpecs === null) {
      const levels =
        this.loaderConfig === null
          ? standardLevels(this.fileDb.tiers)
          : loadLoaderConfig(this.loaderConfig).levels;
      for (const level of levels)
        for (const tier of level.tiers)
          if (!this.fileDb.tiers.includes(tier))
            throw new ExplorationError(
              `level '${level.name}' uses tier '${tier}', which the FileDB lacks (${this.fileDb.tiers.join(", ")})`,
            );
      this.levelSpecs = levels;
    }
    return this.levelSpecs;
  }

  /** Tables and columns of every cycle and tier, as the FileDB scanned them (made once per opening). */
  get catalog(): TableCatalog {
    this.tableCatalog ??= TableCatalog.fromFileDb(this.fileDb);
    return this.tableCatalog;
  }

  /** Every column some table of these tiers has, sorted (asked for on every selection: kept). */
  columnsIn(tiers: readonly string[]): readonly string[] {
    const key = tiers.join("\0");
    let names = this.columnsByTiers.get(key);
    if (!names) this.columnsByTiers.set(key, (names = this.catalog.allColumns(tiers)));
    return names;
  }

  /** The channel map's metadata folder a loader of this dataset uses (a loader config's own wins), or null. */
  get loaderMetadataDir(): string | null {
    if (this.loaderConfig === null) return this.metadataDir;
    return loadLoaderConfig(this.loaderConfig).metadataDir ?? null;
  }

  /** A fresh loader (loaders hold selection state, so every job gets its own); close it when done. */
  async loader(): Promise<DataLoader> {
    // Channel names in selections resolve through the metadata found beside the data (a loader config's own channel_map wins).
    const opts =
      this.loaderConfig === null && this.metadataDir !== null ? { metadataDir: this.metadataDir } : {};
    return DataLoader.create(this.loaderConfig, this.fileDb, opts);
  }

  /** A file-name key of a cycle as text (`timestamp`, `type`, …), undefined when the FileDB lacks it. */
  key(name: string, row: number): string | undefined {
    if (!this.fileDb.keyNames.includes(name)) return undefined;
    const value = (this.fileDb.column(name) as ArrayLike<unknown>)[row];
    return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
  }

  /** The versions of every tier file of these cycles, as one short text (see filesStamp). */
  filesStamp(rows: readonly number[]): string {
    const { fileDb } = this;
    const paths: string[] = [];
    for (const row of rows) {
      for (const tier of fileDb.tiers) {
        const path = fileDb.filePath(row, tier);
        if (path !== null) paths.push(path);
      }
    }
    return filesStamp(paths);
  }

  /** FileDB rows of a selection: the given rows, else those matching `fileQuery`, else all. */
  rowsOf(selection: { rows: number[]; fileQuery?: string }): number[] {
    const n = this.fileDb.nRows;
    if (selection.rows.length > 0) {
      const bad = selection.rows.find((row) => row >= n);
      if (bad !== undefined)
        throw new ExplorationError(`no cycle at row ${bad} (the dataset has ${n} cycles)`);
      return [...new Set(selection.rows)].sort((a, b) => a - b);
    }
    const query = selection.fileQuery?.trim() ?? "";
    if (query !== "" && query !== "all") return this.fileDb.query(query);
    return Array.from({ length: n }, (_, i) => i);
  }
}
