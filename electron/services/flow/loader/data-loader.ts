// DataLoader: files × datastreams × cuts × columns → entry lists and loaded rows (pygama.flow.DataLoader,
// flow-spec §2), with the faults of §6 fixed. A thin pygama-shaped facade: it holds one SelectionState,
// replaced by each setter, and hands it to the parts that do the work (datastreams.ts resolves tables,
// run.ts builds and loads, worker-parts.ts splits over the pool, streaming.ts chunks and exports,
// readers.ts reads detectors, settings and parameters). Reads run in this thread through h5wasm; see index.ts.
import type { Lgdo } from "../../../../shared/lgdo/model.ts";
import { parseExpression, referencedColumns } from "../../../../shared/query/index.ts";
import { initH5 } from "../../lh5/h5.ts";
import { ChannelMap } from "../channelmap.ts";
import { FileDB, type StoredScanOptions, type TableScope, scanWithStore } from "../filedb/index.ts";
import { getDefaultPool } from "../../../workers/pool.ts";
import {
  readConfigSource,
  isLoaderConfig,
  loadLoaderConfig,
  standardLevels,
  type LevelSpec,
} from "./config.ts";
import { type PreparedCut, entryColumnNames, prepareCut } from "./cuts.ts";
import { withDatastreams } from "./datastreams.ts";
import { readEntryList } from "./entry-file.ts";
import type { EntryList, TableId } from "./entry-list.ts";
import { detectorColumns, readTierPars, readTierSettings } from "./readers.ts";
import {
  type BuildOptions,
  type LoadOptions,
  type LoadResult,
  type LoaderParts,
  buildEntries,
  loadEntries,
} from "./run.ts";
import {
  type OutputFormat,
  type OutputSettings,
  type SelectionState,
  DataLoaderError,
  defaultOutput,
  emptySelection,
} from "./selection-state.ts";
import { FileCache, TableCatalog } from "./sources.ts";
import { type ExportOptions, columnChunks, exportSelection, loadChunks } from "./streaming.ts";

export type { BuildOptions, LoadOptions, LoadResult } from "./run.ts";
export type { OutputFormat } from "./selection-state.ts";
export type { Progress } from "./worker-parts.ts";
export { DataLoaderError } from "./selection-state.ts";
export { flattenNested, splitByFile } from "./table-utils.ts";

export class DataLoader {
  /** What the parts read: FileDB, catalog, levels, open files, channel map, last warnings. */
  private readonly parts: LoaderParts;
  private state: SelectionState = emptySelection();
  private channelMapCache: ChannelMap | null = null;

  private constructor(
    readonly db: FileDB,
    readonly levels: readonly LevelSpec[],
    readonly metadataDir: string | undefined,
  ) {
    for (const level of levels) {
      for (const tier of level.tiers) {
        if (!db.tiers.includes(tier)) {
          throw new DataLoaderError(
            `level '${level.name}' uses tier '${tier}', which the FileDB lacks (${db.tiers.join(", ")})`,
          );
        }
      }
    }
    const catalog = TableCatalog.fromFileDb(db);
    const channelMap = (): ChannelMap | null => this.channelMap;
    this.parts = {
      db,
      catalog,
      levels,
      metadataDir,
      files: new FileCache(),
      lastWarnings: { list: [] },
      get channelMap() {
        return channelMap();
      },
    };
  }

  private get catalog(): TableCatalog {
    return this.parts.catalog;
  }

  /**
   * Starts the worker threads and loads the loader into each, so that the next parallel build or load
   * pays no start-up (and smaller selections use them: see shardOverPool).
   */
  static async warmWorkers(): Promise<void> {
    await getDefaultPool().warm("load", "warm");
  }

  /**
   * Builds a loader. `config`: a DataLoader config (path, `file.json[a/b]`, folder or object), a FileDB config
   * alone (then the standard levels apply), or null (standard levels). `filedb`: a FileDB, a FileDB config
   * (path or object, scanned now), or a saved FileDB (`.lh5`/`.h5`); when absent, the config's `filedb` entry.
   */
  static async create(
    config: string | object | null,
    filedb?: FileDB | string | object,
    opts: {
      cwd?: string;
      metadataDir?: string;
      signal?: AbortSignal;
      /** Folder of the inventory store (persist/inventory-store.ts) a FileDB config's scan reuses. */
      inventoryStore?: string;
      /** With inventoryStore: the cycles and tiers whose tables to list (a one-selection process, the CLI). */
      tableScope?: (db: FileDB, levels: readonly LevelSpec[]) => TableScope | undefined;
    } = {},
  ): Promise<DataLoader> {
    await initH5();
    let levels: LevelSpec[] | null = null;
    let filedbSource: FileDB | string | object | undefined = filedb;
    let metadataDir = opts.metadataDir;
    let baseDir = opts.cwd ?? process.cwd();
    if (config !== null) {
      const source = readConfigSource(config, opts.cwd);
      if (isLoaderConfig(source.raw)) {
        const parsed = loadLoaderConfig(config, opts);
        levels = parsed.levels;
        filedbSource ??= parsed.filedb;
        metadataDir ??= parsed.metadataDir;
        baseDir = parsed.configDir;
      } else {
        filedbSource ??= config; // a FileDB config alone
      }
    }
    if (filedbSource === undefined) {
      throw new DataLoaderError("no FileDB: pass one, or give the DataLoader config a 'filedb' entry");
    }
    const scopeOf = opts.tableScope;
    const scope = scopeOf && ((db: FileDB) => scopeOf(db, levels ?? standardLevels(db.tiers)));
    const db = await DataLoader.openFileDb(filedbSource, baseDir, opts.signal, opts.inventoryStore, scope);
    if (!db.tablesScanned) await db.scanTablesColumns(opts.signal ? { signal: opts.signal } : {});
    return new DataLoader(db, levels ?? standardLevels(db.tiers), metadataDir);
  }

  private static async openFileDb(
    source: FileDB | string | object,
    baseDir: string,
    signal?: AbortSignal,
    storeDir?: string,
    scope?: StoredScanOptions["scope"],
  ): Promise<FileDB> {
    if (source instanceof FileDB) return source;
    if (typeof source === "string" && /\.(lh5|h5|hdf5)$/i.test(source)) return FileDB.fromDisk(source);
    const scanOpts = { baseDir, ...(signal ? { signal } : {}) };
    if (storeDir !== undefined)
      return (await scanWithStore(source, { ...scanOpts, storeDir, ...(scope ? { scope } : {}) })).db;
    return FileDB.create(source, scanOpts);
  }

  // ---- selection ---------------------------------------------------------------------------------------

  private select(next: Partial<SelectionState>): void {
    this.state = { ...this.state, ...next };
  }

  /**
   * Selects cycles: `'all'`, a FileDB query (`type == 'phy'`), or a list of timestamps. Replaces the
   * selection unless `append` (sorted union), as pygama does since 2023.
   */
  setFiles(query: string | readonly string[], opts: { append?: boolean } = {}): void {
    let rows: number[];
    if (typeof query !== "string") {
      if (!Array.isArray(query))
        throw new DataLoaderError("setFiles: pass 'all', a query string or a list of timestamps");
      if (query.length === 0)
        throw new DataLoaderError("setFiles: an empty list selects nothing; pass 'all' or keys");
      const keys = this.db.column("timestamp") as unknown[];
      rows = [];
      const missing: string[] = [];
      for (const key of query as readonly string[]) {
        const found = keys.flatMap((k, row) => (String(k) === key ? [row] : []));
        if (found.length === 0) missing.push(key);
        rows.push(...found);
      }
      if (missing.length > 0)
        throw new DataLoaderError(`setFiles: no cycle with timestamp ${missing.join(", ")}`);
    } else {
      rows =
        query.replace(/\s+/g, "") === "all"
          ? Array.from({ length: this.db.nRows }, (_, i) => i)
          : this.db.query(query);
    }
    const current = this.state.fileList;
    const merged = opts.append && current ? [...current, ...rows] : rows;
    this.select({ fileList: [...new Set(merged)].sort((a, b) => a - b) });
  }

  /** Selects cycles by FileDB row index (the app's selection identity; rows may share a timestamp). */
  setFileRows(rows: readonly number[]): void {
    const bad = rows.find((row) => !Number.isInteger(row) || row < 0 || row >= this.db.nRows);
    if (bad !== undefined)
      throw new DataLoaderError(`setFileRows: no FileDB row ${bad} (the FileDB has ${this.db.nRows})`);
    this.select({ fileList: [...new Set(rows)].sort((a, b) => a - b) });
  }

  /**
   * Selects tables of a level. Values are table ids (1084803), table names (`ch1084803`, `ch1084803/raw`),
   * or channel-map words (detector names, systems) when a channel map is configured. `word` names the
   * table keyword (`ch`); the level whose first tier uses it gets the list (default: the lowest level).
   */
  setDatastreams(ds: ReadonlyArray<string | number>, word?: string, opts: { append?: boolean } = {}): void {
    const checkRow = this.state.fileList?.[0] ?? 0;
    this.select({
      datastreams: withDatastreams(this.parts, this.state.datastreams, ds, word, { ...opts, checkRow }),
    });
  }

  /** The LEGEND channel map of the config's metadata folder (read lazily), or null without one. */
  get channelMap(): ChannelMap | null {
    if (this.metadataDir === undefined) return null;
    this.channelMapCache ??= ChannelMap.fromMetadata(this.metadataDir);
    return this.channelMapCache;
  }

  /**
   * Sets cuts per level: `{hit: "trapEmax > 5000"}` or a list of cut strings, each given to the level whose
   * columns it uses. Cuts are parsed and checked now: a syntax error gives its position, an unknown column
   * lists the columns that exist. With `append`, a level's cuts combine with `and`.
   */
  setCuts(cuts: Readonly<Record<string, string>> | readonly string[], opts: { append?: boolean } = {}): void {
    const next = opts.append ? new Map(this.state.cuts) : new Map<string, PreparedCut>();
    const entries: [string, string][] = Array.isArray(cuts)
      ? (cuts as readonly string[]).map((text) => [this.levelForCut(text), text])
      : Object.entries(cuts as Record<string, string>);
    for (const [levelName, text] of entries) {
      const level = this.levels.find((l) => l.name === levelName);
      if (!level || typeof text !== "string") {
        throw new DataLoaderError(
          `setCuts: cuts must map a level (${this.levels.map((l) => l.name).join(", ")}) to a string; got '${levelName}'`,
        );
      }
      if (text.trim() === "") continue;
      const previous = next.get(levelName);
      const combined = previous ? `(${previous.text}) and (${text})` : text;
      next.set(
        levelName,
        prepareCut(levelName, combined, this.catalog.allColumns(level.tiers), entryColumnNames(this.levels)),
      );
    }
    this.select({ cuts: next });
  }

  /** The level whose columns a cut names (the lowest one that has them all). */
  private levelForCut(text: string): string {
    const columns = referencedColumns(parseExpression(text));
    const level = this.levels.find((l) => {
      const known = new Set(this.catalog.allColumns(l.tiers));
      return columns.every((c) => known.has(c));
    });
    if (!level) {
      // prepareCut on the lowest level produces the unknown-column error with near matches
      const lowest = this.levels[0]!;
      prepareCut(lowest.name, text, this.catalog.allColumns(lowest.tiers), entryColumnNames(this.levels));
      throw new DataLoaderError(`setCuts: no single level has every column of '${text}'`);
    }
    return level.name;
  }

  /**
   * Sets cuts already parsed and checked against this loader's FileDB and levels (the app's Selection does
   * that once), replacing any set before: the text is not parsed again.
   */
  setPreparedCuts(cuts: readonly PreparedCut[]): void {
    const next = new Map<string, PreparedCut>();
    for (const cut of cuts) {
      if (!this.levels.some((l) => l.name === cut.level))
        throw new DataLoaderError(`setPreparedCuts: no level '${cut.level}'`);
      if (next.has(cut.level))
        throw new DataLoaderError(`setPreparedCuts: two cuts for level '${cut.level}'`);
      next.set(cut.level, cut);
    }
    this.select({ cuts: next });
  }

  setOutput(opts: { columns?: string[]; mergeFiles?: boolean; fmt?: OutputFormat }): void {
    if (opts.fmt !== undefined && opts.fmt !== "lgdo.Table" && opts.fmt !== "pd.DataFrame") {
      throw new DataLoaderError(
        `'${String(opts.fmt)}' output format not supported (lgdo.Table or pd.DataFrame)`,
      );
    }
    const output: OutputSettings = { ...this.state.output };
    if (opts.columns !== undefined) output.columns = [...opts.columns];
    if (opts.mergeFiles !== undefined) output.mergeFiles = opts.mergeFiles;
    if (opts.fmt !== undefined) output.fmt = opts.fmt;
    this.select({ output });
  }

  /** Back to no files, datastreams, cuts or output settings (config and FileDB kept). */
  reset(): void {
    this.state = emptySelection();
  }

  // ---- information -------------------------------------------------------------------------------------

  /** Selected FileDB rows (pygama's file_list). */
  getFileList(): number[] {
    return [...(this.state.fileList ?? [])];
  }

  getTableName(tier: string, tb: TableId): string {
    return this.db.getTableName(tier, tb);
  }

  /** For each tier of every level, the requested columns some table of that tier has. */
  getTiersForCol(columns: readonly string[]): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const level of this.levels) {
      for (const tier of level.tiers) {
        const have = new Set(this.catalog.allColumns([tier]));
        const found = columns.filter((c) => have.has(c));
        if (found.length > 0) out[tier] = found;
      }
    }
    return out;
  }

  get cutTexts(): Record<string, string> {
    return Object.fromEntries([...this.state.cuts].map(([level, cut]) => [level, cut.text]));
  }

  get outputSettings(): Readonly<OutputSettings> {
    return this.state.output;
  }

  /** Warnings of the last build or load (missing tables, dropped tables, all-NaN columns). */
  get warnings(): string[] {
    return [...this.parts.lastWarnings.list];
  }

  // ---- entry lists and loading (run.ts, streaming.ts) --------------------------------------------------

  /**
   * Builds the entry list of the current selection: per hit without a TCM, or per (event, hit) through
   * `tcmLevel`. `mode` only: passing hits; any: whole events with something passing. `saveOutputColumns`
   * keeps cut columns that are also output columns.
   */
  buildEntryList(opts: BuildOptions = {}): Promise<EntryList> {
    return buildEntries(this.parts, this.state, opts);
  }

  /** Loads the output columns for an entry list (built now from the selection when not given). */
  load(opts: LoadOptions = {}): Promise<LoadResult> {
    return loadEntries(this.parts, this.state, opts);
  }

  /**
   * Loads in chunks of about `chunkRows` entries (events are never split in evt orientation), so memory
   * stays bounded whatever the selection's size; `chunkBytes` also bounds a chunk's loaded bytes. Each
   * chunk is a merged LoadResult.
   */
  loadIterator(opts: LoadOptions & { chunkRows: number; chunkBytes?: number }): AsyncIterable<LoadResult> {
    return loadChunks(this.parts, this.state, opts, (chunk) => this.load(chunk));
  }

  /**
   * Loads the selection chunk by chunk and writes it to `path` (format from the extension unless given):
   * atomic, never replacing a file without `overwrite`. Always one merged table, with each row's cycle key
   * (`cycle`). Memory stays bounded: a chunk holds at most `chunkRows` entries and about `chunkBytes`
   * loaded bytes (default: what the format's sink asks for), written and dropped before the next is loaded.
   */
  exportTo(
    path: string,
    opts: ExportOptions = {},
  ): Promise<{ rows: number; columns: string[]; path: string; bytes: number }> {
    return exportSelection(this.parts, this.state, path, opts, (chunk) => this.load(chunk));
  }

  /**
   * Waveforms (or any column) of an entry list, streamed in chunks of `chunkRows` entries so that memory
   * stays bounded: yields the entries of the chunk and the column's values for them.
   */
  skimWaveforms(
    entryList: EntryList,
    column = "waveform",
    opts: { chunkRows?: number; signal?: AbortSignal } = {},
  ): AsyncIterable<{ entries: EntryList; values: Lgdo }> {
    return columnChunks(this.parts, this.state, entryList, column, opts);
  }

  // ---- detectors, settings, parameters (readers.ts) ----------------------------------------------------

  /**
   * Everything stored for one detector (name, rawid or table name): all selected cycles (all cycles when
   * none are selected), its tables, and every column of the lowest level (nested waveform tables only with
   * `includeWaveforms`). Runs on a selection of its own: the loader's selection is untouched.
   */
  async loadDetector(
    name: string | number,
    opts: { includeWaveforms?: boolean; columns?: string[] } = {},
  ): Promise<LoadResult> {
    const fileList = this.state.fileList ?? Array.from({ length: this.db.nRows }, (_, i) => i);
    const datastreams = withDatastreams(this.parts, new Map(), [name], undefined, {
      checkRow: fileList[0] ?? 0,
    });
    const detector: SelectionState = { fileList, datastreams, cuts: new Map(), output: defaultOutput() };
    const columns = opts.columns ?? detectorColumns(this.parts, detector, opts.includeWaveforms ?? false);
    if (columns.length === 0)
      throw new DataLoaderError(`detector ${String(name)} has no table in the selected cycles`);
    return loadEntries(this.parts, { ...detector, output: { ...detector.output, columns } });
  }

  /**
   * DAQ settings stored in the selected cycles' files of a tier (default: the lowest tier, raw): every
   * top-level object that is not a channel table (e.g. `extra` with the ORCA header and run control).
   */
  loadSettings(tier = this.levels[0]!.tiers[0]!): Map<number, Record<string, Lgdo>> {
    return readTierSettings(this.parts, this.parts.files, this.state.fileList ?? [], tier);
  }

  /** DSP parameters of each selected cycle (production layout, `par_dsp`), null where the production has none. */
  loadDspPars(): Map<number, { file: string; pars: unknown } | null> {
    return readTierPars(this.parts, this.state.fileList ?? [], "dsp");
  }

  /** Calibration (hit) parameters of each selected cycle (production layout, `par_hit`). */
  loadCalPars(): Map<number, { file: string; pars: unknown } | null> {
    return readTierPars(this.parts, this.state.fileList ?? [], "hit");
  }

  /** Reads an entry list written by buildEntryList({outputFile}). */
  static readEntryList(path: string): EntryList {
    return readEntryList(path);
  }

  /** Closes the files the loader holds open. */
  close(): void {
    this.parts.files.closeAll();
  }
}

/**
 * Counts entries passing the loader's current cuts over its selection without loading any column: the
 * total and the count per table id (channel), for a live count in the UI.
 */
export async function countEntries(
  loader: DataLoader,
  opts: Pick<BuildOptions, "tcmLevel" | "mode" | "signal" | "onProgress"> = {},
): Promise<{ total: number; perChannel: Record<string, number> }> {
  const entries = await loader.buildEntryList(opts);
  const counts = new Float64Array(entries.tableIds.length);
  for (const code of entries.tableCode) counts[code]!++;
  const perChannel: Record<string, number> = {};
  entries.tableIds.forEach((id, code) => (perChannel[String(id)] = counts[code]!));
  return { total: entries.length, perChannel };
}
