// DataLoader: files × datastreams × cuts × columns → entry lists and loaded rows (pygama.flow.DataLoader,
// flow-spec §2), with the faults of §6 fixed. Reads run in this thread through h5wasm; see index.ts.
import {
  readConfigSource,
  isLoaderConfig,
  loadLoaderConfig,
  standardLevels,
  type LevelSpec,
} from "./config.ts";
import type { Lgdo, LgdoTable } from "../../../../shared/lgdo/model.ts";
import { TemplateMatcher, templateFields } from "../../../../shared/format/index.ts";
import { parseExpression, referencedColumns } from "../../../../shared/query/index.ts";
import { initH5 } from "../../lh5/h5.ts";
import { FileDB, scanWithStore } from "../filedb/index.ts";
import { type BuildPlan, type BuildProgress, buildHitEntries, buildTcmEntries } from "./build.ts";
import { takeRows } from "./columns.ts";
import { type PreparedCut, entryColumnNames, prepareCut } from "./cuts.ts";
import { EntryList, type TableId } from "./entry-list.ts";
import { type LoadPlan, type LoadProgress, loadHits, toEventOrientation } from "./load.ts";
import { FileCache, TableCatalog } from "./sources.ts";
import { Warnings } from "./util.ts";
import { ChannelMap } from "../channelmap.ts";
import { loadParameters, readSettings } from "./metadata.ts";
import {
  type ExportFormat,
  ChunkSizer,
  ExportError,
  MAX_CHUNK_ROWS,
  createSink,
  formatFromPath,
  lgdoBytes,
} from "../../export/index.ts";
import { readEntryList, writeEntryList } from "./entry-file.ts";
import { withCycleColumn } from "./provenance.ts";
import { getDefaultPool } from "../../../workers/pool.ts";
import { ProgressSum, contiguousParts, shardOverPool } from "../../../workers/shards.ts";
import {
  type BuildPartArgs,
  type LoadPartArgs,
  entriesToData,
  joinEntries,
  joinTables,
  mergeWarnings,
} from "./parallel.ts";

/** Whether a job over `cycles` cycles goes to worker threads (`asked` = the caller's choice, if any). */
function useWorkers(cycles: number, asked: boolean | undefined): boolean {
  return shardOverPool(getDefaultPool(), "loaderCycle", cycles, asked);
}

export type OutputFormat = "lgdo.Table" | "pd.DataFrame";

/** A datastream: a table id, or a channel-map word (a name is required in the cycle; a system or string is not). */
type DatastreamItem = { id: TableId } | { word: string; required: boolean };
export type Progress = BuildProgress | LoadProgress;

export interface BuildOptions {
  /** Split the cycles over worker threads (default: shardOverPool's rule for "loaderCycle" work). */
  parallel?: boolean;
  /** Also write the entry list to this LH5 file (table `entries`), atomically. */
  outputFile?: string;
  overwrite?: boolean;
  tcmLevel?: string;
  tcmTable?: TableId;
  mode?: "any" | "only";
  saveOutputColumns?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface LoadOptions {
  /** Split the work over worker threads (default: as for builds, counting the cycles in the entries). */
  parallel?: boolean;
  entryList?: EntryList;
  orientation?: "hit" | "evt";
  tcmLevel?: string;
  mode?: "any" | "only";
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface LoadResult {
  /** Merged output: one table with a `file` column (FileDB row). Null when not merged. */
  table: LgdoTable | null;
  /** Per-file output (merge_files=false): one table per FileDB row, without `file`. Null when merged. */
  perFile: Map<number, LgdoTable> | null;
  /** The entry list the rows came from. */
  entryList: EntryList;
  warnings: string[];
}

export class DataLoaderError extends Error {
  override name = "DataLoaderError";
}

interface OutputSettings {
  columns: string[] | null;
  mergeFiles: boolean;
  fmt: OutputFormat;
}

function defaultOutput(): OutputSettings {
  return { columns: null, mergeFiles: true, fmt: "lgdo.Table" };
}

/** Table-id parsers for a tier's table template: the full name (`ch1084803/raw`) or its first part (`ch1084803`). */
function tableIdParsers(template: string): ((word: string) => TableId | null)[] {
  const field = templateFields(template)[0];
  if (field === undefined) return [];
  const candidates = [template, template.split("/")[0]!].filter((t) => t.includes("{"));
  return [...new Set(candidates)].map((t) => {
    const matcher = new TemplateMatcher(t, { caseSensitive: true });
    return (word: string) => {
      const keys = matcher.match(word);
      const value = keys?.[field];
      return value === undefined ? null : value;
    };
  });
}

export class DataLoader {
  private readonly catalog: TableCatalog;
  private readonly files = new FileCache();
  private fileList: number[] | null = null;
  /** Selected tables per level: fixed ids, and channel-map words resolved per cycle (names strictly). */
  private readonly datastreams = new Map<string, DatastreamItem[]>();
  private channelMapCache: ChannelMap | null = null;
  private cuts = new Map<string, PreparedCut>();
  private output: OutputSettings = defaultOutput();
  private lastWarnings: string[] = [];

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
    this.catalog = TableCatalog.fromFileDb(db);
  }

  /**
   * Builds a loader. `config`: a DataLoader config (path, `file.json[a/b]`, folder or object), a FileDB config
   * alone (then the standard levels apply), or null (standard levels). `filedb`: a FileDB, a FileDB config
   * (path or object, scanned now), or a saved FileDB (`.lh5`/`.h5`); when absent, the config's `filedb` entry.
   */
  /**
   * Starts the worker threads and loads the loader into each, so that the next parallel build or load
   * pays no start-up (and smaller selections use them: see shardOverPool).
   */
  static async warmWorkers(): Promise<void> {
    await getDefaultPool().warm("load", "warm");
  }

  static async create(
    config: string | object | null,
    filedb?: FileDB | string | object,
    opts: {
      cwd?: string;
      metadataDir?: string;
      signal?: AbortSignal;
      /** Folder of the inventory store (persist/inventory-store.ts) a FileDB config's scan reuses. */
      inventoryStore?: string;
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
    const db = await DataLoader.openFileDb(filedbSource, baseDir, opts.signal, opts.inventoryStore);
    if (!db.tablesScanned) await db.scanTablesColumns(opts.signal ? { signal: opts.signal } : {});
    return new DataLoader(db, levels ?? standardLevels(db.tiers), metadataDir);
  }

  private static async openFileDb(
    source: FileDB | string | object,
    baseDir: string,
    signal?: AbortSignal,
    storeDir?: string,
  ): Promise<FileDB> {
    if (source instanceof FileDB) return source;
    if (typeof source === "string" && /\.(lh5|h5|hdf5)$/i.test(source)) return FileDB.fromDisk(source);
    const scanOpts = { baseDir, ...(signal ? { signal } : {}) };
    if (storeDir !== undefined) return (await scanWithStore(source, { ...scanOpts, storeDir })).db;
    return FileDB.create(source, scanOpts);
  }

  // ---- selection ---------------------------------------------------------------------------------------

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
    const merged = opts.append && this.fileList ? [...this.fileList, ...rows] : rows;
    this.fileList = [...new Set(merged)].sort((a, b) => a - b);
  }

  /** Selects cycles by FileDB row index (the app's selection identity; rows may share a timestamp). */
  setFileRows(rows: readonly number[]): void {
    const bad = rows.find((row) => !Number.isInteger(row) || row < 0 || row >= this.db.nRows);
    if (bad !== undefined)
      throw new DataLoaderError(`setFileRows: no FileDB row ${bad} (the FileDB has ${this.db.nRows})`);
    this.fileList = [...new Set(rows)].sort((a, b) => a - b);
  }

  /**
   * Selects tables of a level. Values are table ids (1084803), table names (`ch1084803`, `ch1084803/raw`),
   * or channel-map words (detector names, systems) when a channel map is configured. `word` names the
   * table keyword (`ch`); the level whose first tier uses it gets the list (default: the lowest level).
   */
  setDatastreams(ds: ReadonlyArray<string | number>, word?: string, opts: { append?: boolean } = {}): void {
    const levels =
      word === undefined ? [this.levels[0]!] : this.levels.filter((l) => this.keywordOf(l) === word);
    if (levels.length === 0) {
      const words = this.levels.map((l) => `${l.name}: ${this.keywordOf(l) ?? "(none)"}`).join(", ");
      throw new DataLoaderError(`setDatastreams: no level uses the table keyword '${word}' (${words})`);
    }
    if (!opts.append) this.datastreams.clear();
    for (const level of levels) {
      const items = ds.map((value) => this.datastreamItem(level, value));
      const merged = opts.append ? [...(this.datastreams.get(level.name) ?? []), ...items] : items;
      const key = (item: DatastreamItem): string =>
        "id" in item ? `id:${String(item.id)}` : `word:${item.word}`;
      const unique = [...new Map(merged.map((item) => [key(item), item])).values()];
      if (opts.append) {
        const order = (item: DatastreamItem): [number, string] =>
          "id" in item
            ? [typeof item.id === "number" ? item.id : Infinity, String(item.id)]
            : [Infinity, item.word];
        unique.sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1].localeCompare(order(b)[1]));
      }
      this.datastreams.set(level.name, unique);
    }
  }

  /** The LEGEND channel map of the config's metadata folder (read lazily), or null without one. */
  get channelMap(): ChannelMap | null {
    if (this.metadataDir === undefined) return null;
    this.channelMapCache ??= ChannelMap.fromMetadata(this.metadataDir);
    return this.channelMapCache;
  }

  /** The channel set valid for a cycle: its timestamp and its `type` (cal, phy, …) as category. */
  private channelsAt(map: ChannelMap, row: number): ReturnType<ChannelMap["at"]> {
    const timestamps = this.db.keyNames.includes("timestamp") ? this.db.column("timestamp") : null;
    const types = this.db.keyNames.includes("type") ? this.db.column("type") : null;
    const timestamp = timestamps ? String(timestamps[row]) : "";
    return map.at(timestamp, types ? String(types[row]) : "all");
  }

  private datastreamItem(level: LevelSpec, value: string | number): DatastreamItem {
    try {
      return { id: this.resolveTableWord(level, value) };
    } catch (error) {
      const map = this.channelMap;
      if (!map || typeof value !== "string") throw error;
      // Check the word now, against the first selected cycle (or the first cycle), for near matches.
      const row = this.fileList?.[0] ?? 0;
      const channels = this.channelsAt(map, row);
      channels.resolve([value]);
      return { word: value, required: channels.byName(value.trim()) !== undefined };
    }
  }

  /** The tables of a level in a cycle: fixed ids plus channel-map words resolved at the cycle's time. */
  private resolveDatastreams(level: string, row: number): TableId[] | null {
    const items = this.datastreams.get(level);
    if (!items) return null;
    if (items.every((item) => "id" in item)) return items.map((item) => item.id);
    const spec = this.levels.find((l) => l.name === level)!;
    const listing = this.catalog.listingTier(row, spec.tiers);
    const present = new Set((listing === null ? [] : (this.catalog.tables(row, listing) ?? [])).map(String));
    const channels = this.channelsAt(this.channelMap!, row);
    const out: TableId[] = [];
    for (const item of items) {
      if ("id" in item) out.push(item.id);
      else {
        const ids = channels.resolve([item.word]);
        out.push(...(item.required ? ids : ids.filter((id) => present.has(String(id)))));
      }
    }
    return [...new Map(out.map((id) => [String(id), id])).values()];
  }

  private keywordOf(level: LevelSpec): string | undefined {
    const template = this.db.config.tableFormat[level.tiers[0]!];
    return template === undefined ? undefined : templateFields(template)[0];
  }

  private resolveTableWord(level: LevelSpec, value: string | number): TableId {
    const template = this.db.config.tableFormat[level.tiers[0]!] ?? "";
    const numeric = templateFields(template).length > 0 && /\{[^}]*:[^}]*d\}/.test(template);
    if (typeof value === "number") {
      if (!Number.isInteger(value)) throw new DataLoaderError(`setDatastreams: ${value} is not a table id`);
      return value;
    }
    if (numeric && /^\d+$/.test(value)) return Number(value);
    for (const parse of tableIdParsers(template)) {
      const id = parse(value);
      if (id !== null) return id;
    }
    if (!numeric) return value;
    const known = new Set<string>();
    for (let row = 0; row < this.db.nRows; row++) {
      for (const tb of this.catalog.tables(row, level.tiers[0]!) ?? [])
        known.add(this.db.getTableName(level.tiers[0]!, tb));
    }
    throw new DataLoaderError(
      `setDatastreams: '${value}' is not a table id or name of level '${level.name}' (tables look like '${template}'` +
        `${known.size > 0 ? `, e.g. ${[...known].slice(0, 4).join(", ")}` : ""})` +
        (this.metadataDir
          ? ""
          : "; detector names need a channel map (channel_map in the DataLoader config)"),
    );
  }

  /**
   * Sets cuts per level: `{hit: "trapEmax > 5000"}` or a list of cut strings, each given to the level whose
   * columns it uses. Cuts are parsed and checked now: a syntax error gives its position, an unknown column
   * lists the columns that exist. With `append`, a level's cuts combine with `and`.
   */
  setCuts(cuts: Readonly<Record<string, string>> | readonly string[], opts: { append?: boolean } = {}): void {
    const next = opts.append ? new Map(this.cuts) : new Map<string, PreparedCut>();
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
        prepareCut(levelName, combined, this.catalog.allColumns(level.tiers), this.entryColumnNames()),
      );
    }
    this.cuts = next;
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
      prepareCut(
        this.levels[0]!.name,
        text,
        this.catalog.allColumns(this.levels[0]!.tiers),
        this.entryColumnNames(),
      );
      throw new DataLoaderError(`setCuts: no single level has every column of '${text}'`);
    }
    return level.name;
  }

  private entryColumnNames(): string[] {
    return entryColumnNames(this.levels);
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
    this.cuts = next;
  }

  setOutput(opts: { columns?: string[]; mergeFiles?: boolean; fmt?: OutputFormat }): void {
    if (opts.fmt !== undefined && opts.fmt !== "lgdo.Table" && opts.fmt !== "pd.DataFrame") {
      throw new DataLoaderError(
        `'${String(opts.fmt)}' output format not supported (lgdo.Table or pd.DataFrame)`,
      );
    }
    if (opts.columns !== undefined) this.output.columns = [...opts.columns];
    if (opts.mergeFiles !== undefined) this.output.mergeFiles = opts.mergeFiles;
    if (opts.fmt !== undefined) this.output.fmt = opts.fmt;
  }

  /** Back to no files, datastreams, cuts or output settings (config and FileDB kept). */
  reset(): void {
    this.fileList = null;
    this.datastreams.clear();
    this.cuts = new Map();
    this.output = defaultOutput();
  }

  // ---- information -------------------------------------------------------------------------------------

  /** Selected FileDB rows (pygama's file_list). */
  getFileList(): number[] {
    return [...(this.fileList ?? [])];
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
    return Object.fromEntries([...this.cuts].map(([level, cut]) => [level, cut.text]));
  }

  get outputSettings(): Readonly<OutputSettings> {
    return this.output;
  }

  /** Warnings of the last build or load (missing tables, dropped tables, all-NaN columns). */
  get warnings(): string[] {
    return [...this.lastWarnings];
  }

  // ---- entry lists and loading ---------------------------------------------------------------------------

  private plan(
    warnings: Warnings,
    opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void },
  ): BuildPlan & LoadPlan {
    if (this.fileList === null) throw new DataLoaderError("no files selected: call setFiles() first");
    return {
      catalog: this.catalog,
      files: this.files,
      levels: this.levels,
      fileList: this.fileList,
      tablesFor: (level, row) => this.resolveDatastreams(level, row),
      cuts: this.cuts,
      savedColumns: [],
      merged: this.output.mergeFiles,
      warnings,
      signal: opts.signal,
      onProgress: opts.onProgress,
    };
  }

  private tcmLevelSpec(name: string): LevelSpec {
    const tcm = this.levels.find((l) => l.name === name);
    if (!tcm?.tcmCols) {
      const tcms = this.levels.filter((l) => l.tcmCols).map((l) => l.name);
      throw new DataLoaderError(`'${name}' is not a TCM level (TCM levels: ${tcms.join(", ") || "none"})`);
    }
    return tcm;
  }

  /**
   * Builds the entry list of the current selection: per hit without a TCM, or per (event, hit) through
   * `tcmLevel`. `mode` only: passing hits; any: whole events with something passing. `saveOutputColumns`
   * keeps cut columns that are also output columns.
   */
  async buildEntryList(opts: BuildOptions = {}): Promise<EntryList> {
    const cycles = this.fileList?.length ?? 0;
    if (useWorkers(cycles, opts.parallel)) return this.buildNow(opts, true);
    return Promise.resolve().then(() => this.buildNow(opts, false));
  }

  private buildNow(opts: BuildOptions, parallel: true): Promise<EntryList>;
  private buildNow(opts: BuildOptions, parallel: false): EntryList;
  private buildNow(opts: BuildOptions, parallel: boolean): EntryList | Promise<EntryList> {
    const mode = opts.mode ?? "only";
    if (mode !== "any" && mode !== "only")
      throw new DataLoaderError(`mode must be 'any' or 'only', not '${String(mode)}'`);
    const warnings = new Warnings();
    const plan = this.plan(warnings, opts);
    const lowest = this.levels[0]!;
    let parentName = lowest.name;
    let tcm: LevelSpec | undefined;
    if (opts.tcmLevel !== undefined) {
      tcm = this.tcmLevelSpec(opts.tcmLevel);
      parentName = tcm.parent!;
    } else {
      const stray = [...this.cuts.keys()].filter((l) => l !== lowest.name);
      if (stray.length > 0) {
        throw new DataLoaderError(
          `a cut on level '${stray[0]}' needs an entry list through a TCM (pass tcmLevel)`,
        );
      }
    }
    const parentCut = this.cuts.get(parentName);
    const outputs = new Set(this.output.columns ?? []);
    plan.savedColumns =
      opts.saveOutputColumns && parentCut ? parentCut.columns.filter((c) => outputs.has(c)) : [];
    const finish = (entries: EntryList): EntryList => {
      if (entries.length === 0) warnings.add("the selection is empty: no entry passed");
      this.lastWarnings = warnings.list();
      if (opts.outputFile !== undefined)
        writeEntryList(entries, opts.outputFile, { overwrite: opts.overwrite ?? false });
      return entries;
    };
    if (parallel && plan.fileList.length > 0) {
      const tcmArgs = tcm
        ? { level: tcm.name, mode, ...(opts.tcmTable !== undefined ? { tcmTable: opts.tcmTable } : {}) }
        : undefined;
      return this.buildInWorkers(plan, tcmArgs, opts).then(finish);
    }
    return finish(tcm ? buildTcmEntries(plan, tcm, mode, opts.tcmTable) : buildHitEntries(plan));
  }

  private defaultTcmLevel(): string {
    const tcms = this.levels.filter((l) => l.tcmCols);
    if (tcms.length !== 1) {
      throw new DataLoaderError(
        `need to say which coincidence map to use (tcmLevel); TCM levels: ${tcms.map((l) => l.name).join(", ") || "none"}`,
      );
    }
    return tcms[0]!.name;
  }

  /** Loads the output columns for an entry list (built now from the selection when not given). */
  async load(opts: LoadOptions = {}): Promise<LoadResult> {
    const orientation = opts.orientation ?? "hit";
    if (orientation !== "hit" && orientation !== "evt") {
      throw new DataLoaderError(`orientation must be 'hit' or 'evt', not '${String(orientation)}'`);
    }
    const columns = this.output.columns;
    if (!columns || columns.length === 0)
      throw new DataLoaderError("need to set output columns to load data (setOutput)");
    let tcmLevel = opts.tcmLevel ?? opts.entryList?.tcmLevel;
    if (orientation === "evt" && tcmLevel === undefined) tcmLevel = this.defaultTcmLevel();
    let entries = opts.entryList;
    if (!entries) {
      const build: BuildOptions = { saveOutputColumns: true };
      if (tcmLevel !== undefined) build.tcmLevel = tcmLevel;
      if (opts.mode !== undefined) build.mode = opts.mode;
      if (opts.parallel !== undefined) build.parallel = opts.parallel;
      if (opts.signal) build.signal = opts.signal;
      if (opts.onProgress) build.onProgress = opts.onProgress;
      entries = await this.buildEntryList(build);
    } else if (orientation === "evt" && !entries.evtIdx) {
      throw new DataLoaderError("event orientation needs an entry list built through a TCM (tcmLevel)");
    }
    const warnings = new Warnings();
    for (const w of this.lastWarnings) warnings.add(w);
    const plan = this.plan(warnings, opts);
    const cycles = new Set(entries.file).size;
    let table = useWorkers(cycles, opts.parallel)
      ? await this.loadInWorkers(plan, entries, columns, opts)
      : loadHits(plan, entries, columns, true);
    if (orientation === "evt") {
      const child = this.levels.find((l) => l.name === entries.childLevel);
      const parent = this.levels.find((l) => l.name === entries.parentLevel)!;
      const parentKnown = new Set(this.catalog.allColumns(parent.tiers));
      const childKnown = child ? this.catalog.allColumns(child.tiers) : [];
      table = toEventOrientation(
        table,
        entries,
        new Set(childKnown.filter((c) => !parentKnown.has(c))),
        true,
      );
    }
    if (this.output.fmt === "pd.DataFrame") table = flattenNested(table);
    this.lastWarnings = warnings.list();
    if (this.output.mergeFiles)
      return { table, perFile: null, entryList: entries, warnings: this.lastWarnings };
    return { table: null, perFile: splitByFile(table), entryList: entries, warnings: this.lastWarnings };
  }

  /** Datastream tables per level per row, resolved here (channel maps stay in the main thread). */
  private tablesByRow(rows: readonly number[]): Record<string, Record<number, TableId[] | null>> {
    const out: Record<string, Record<number, TableId[] | null>> = {};
    for (const level of this.datastreams.keys()) {
      const perRow: Record<number, TableId[] | null> = {};
      for (const row of rows) perRow[row] = this.resolveDatastreams(level, row);
      out[level] = perRow;
    }
    return out;
  }

  /** Progress of parts run in workers, summed into one report. */
  private partProgress(
    phase: "entries" | "load",
    total: number,
    parts: number,
    onProgress?: (p: Progress) => void,
  ): (part: number) => (info: unknown) => void {
    const sum = new ProgressSum(parts, (done) => onProgress?.({ phase, done, total }));
    return (part) => {
      const report = sum.part(part);
      return (info) => report(((info as { done?: number }).done ?? 0) + (phase === "entries" ? 1 : 0));
    };
  }

  private async buildInWorkers(
    plan: BuildPlan,
    tcm: BuildPartArgs["tcm"],
    opts: BuildOptions,
  ): Promise<EntryList> {
    const pool = getDefaultPool();
    const rows = [...plan.fileList];
    // one contiguous part per worker: with the workers idle, part i runs on worker i, so a repeated job
    // meets its files in the same thread, whose metadata cache knows them (lh5/meta-cache.ts)
    const parts = contiguousParts(rows, pool.size);
    const progress = this.partProgress("entries", rows.length, parts.length, opts.onProgress);
    const cuts = Object.fromEntries([...plan.cuts].map(([level, cut]) => [level, cut.text]));
    const results = await Promise.all(
      parts.map((partRows, i) => {
        const args: BuildPartArgs = {
          catalog: this.catalog.toData(partRows),
          levels: [...this.levels],
          tables: this.tablesByRow(partRows),
          rows: partRows,
          cuts,
          savedColumns: [...plan.savedColumns],
          merged: plan.merged,
          ...(tcm ? { tcm } : {}),
        };
        return pool.run("load", "buildEntries", args, {
          ...(opts.signal ? { signal: opts.signal } : {}),
          onProgress: progress(i),
        });
      }),
    );
    mergeWarnings(plan.warnings, results);
    const template = results[0]?.value ?? entriesToData(buildHitEntries({ ...plan, fileList: [] }));
    return joinEntries(
      results.map((r) => r.value),
      template,
    );
  }

  private async loadInWorkers(
    plan: LoadPlan,
    entries: EntryList,
    columns: string[],
    opts: LoadOptions,
  ): Promise<LgdoTable> {
    const pool = getDefaultPool();
    const fileRows = entries.files();
    const size = Math.max(1, Math.ceil(fileRows.length / pool.size)); // one part per worker, as for builds
    // Contiguous slices of the entry list, cut where the cycle changes.
    const slices: [number, number][] = [];
    let start = 0;
    let cyclesInSlice = 0;
    for (let i = 1; i <= entries.length; i++) {
      if (i === entries.length || entries.file[i] !== entries.file[i - 1]) {
        cyclesInSlice++;
        if (cyclesInSlice >= size || i === entries.length) {
          slices.push([start, i]);
          start = i;
          cyclesInSlice = 0;
        }
      }
    }
    if (slices.length === 0) return loadHits(plan, entries, columns, true);
    const parent = this.levels.find((l) => l.name === entries.parentLevel)!;
    const child = this.levels.find((l) => l.name === entries.childLevel);
    const knownColumns = {
      parent: this.catalog.allColumns(parent.tiers),
      child: child ? this.catalog.allColumns(child.tiers) : [],
    };
    const progress = this.partProgress("load", entries.length, slices.length, opts.onProgress);
    const results = await Promise.all(
      slices.map(([a, b], i) => {
        const part = entries.slice(a, b);
        const rows = part.files();
        const args: LoadPartArgs = {
          catalog: this.catalog.toData(rows),
          levels: [...this.levels],
          tables: this.tablesByRow(rows),
          entries: entriesToData(part),
          columns,
          knownColumns,
        };
        return pool.run("load", "loadColumns", args, {
          ...(opts.signal ? { signal: opts.signal } : {}),
          onProgress: progress(i),
        });
      }),
    );
    mergeWarnings(plan.warnings, results);
    return joinTables(results.map((r) => r.value));
  }

  /**
   * Loads in chunks of about `chunkRows` entries (events are never split in evt orientation), so memory
   * stays bounded whatever the selection's size. With `chunkBytes`, a chunk also holds no more rows than
   * fit that many loaded bytes (measured on the chunks before it), so wide rows such as waveforms come
   * in smaller chunks. Each chunk is a merged LoadResult.
   */
  async *loadIterator(
    opts: LoadOptions & { chunkRows: number; chunkBytes?: number },
  ): AsyncIterable<LoadResult> {
    if (!(opts.chunkRows > 0)) throw new DataLoaderError("chunkRows must be positive");
    const { chunkRows, chunkBytes, ...rest } = opts;
    const sizer = chunkBytes === undefined ? null : new ChunkSizer(chunkBytes, chunkRows);
    const entries = opts.entryList ?? (await this.buildEntryList(this.buildOptionsFor(rest)));
    const evt = (opts.orientation ?? "hit") === "evt";
    const merge = this.output.mergeFiles;
    this.output.mergeFiles = true;
    try {
      let start = 0;
      while (start < entries.length) {
        let end = Math.min(entries.length, start + (sizer?.nextRows() ?? chunkRows));
        if (evt && entries.evtIdx) {
          while (
            end < entries.length &&
            entries.evtIdx[end] === entries.evtIdx[end - 1] &&
            entries.file[end] === entries.file[end - 1]
          )
            end++;
        }
        const chunk = await this.load({ ...rest, entryList: entries.slice(start, end) });
        sizer?.observe(end - start, lgdoBytes(chunk.table!));
        yield chunk;
        start = end;
      }
    } finally {
      this.output.mergeFiles = merge;
    }
  }

  private buildOptionsFor(opts: LoadOptions): BuildOptions {
    const build: BuildOptions = { saveOutputColumns: true };
    const tcmLevel =
      opts.tcmLevel ?? ((opts.orientation ?? "hit") === "evt" ? this.defaultTcmLevel() : undefined);
    if (tcmLevel !== undefined) build.tcmLevel = tcmLevel;
    if (opts.mode !== undefined) build.mode = opts.mode;
    if (opts.signal) build.signal = opts.signal;
    if (opts.onProgress) build.onProgress = opts.onProgress;
    return build;
  }

  /**
   * Loads the selection chunk by chunk and writes it to `path` (format from the extension unless given):
   * atomic, never replacing a file without `overwrite`. Always one merged table. Memory stays bounded:
   * a chunk holds at most `chunkRows` entries and about `chunkBytes` loaded bytes (default: what the
   * format's sink asks for), written and dropped before the next is loaded.
   */
  async exportTo(
    path: string,
    opts: Omit<LoadOptions, "entryList"> & {
      entryList?: EntryList;
      format?: ExportFormat;
      overwrite?: boolean;
      chunkRows?: number;
      chunkBytes?: number;
    } = {},
  ): Promise<{ rows: number; columns: string[]; path: string; bytes: number }> {
    const format = opts.format ?? formatFromPath(path);
    const columns = this.output.columns;
    if (!columns || columns.length === 0)
      throw new DataLoaderError("need to set output columns to export (setOutput)");
    const { format: _format, overwrite, chunkRows, chunkBytes, ...loadOpts } = opts;
    const sink = createSink(path, format, { overwrite: overwrite ?? false });
    try {
      const entries = opts.entryList ?? (await this.buildEntryList(this.buildOptionsFor(loadOpts)));
      if (entries.length === 0)
        throw new ExportError(`nothing to export to '${path}': the selection is empty`, path, "empty");
      let names: string[] = [];
      for await (const chunk of this.loadIterator({
        ...loadOpts,
        entryList: entries,
        chunkRows: chunkRows ?? MAX_CHUNK_ROWS,
        chunkBytes: chunkBytes ?? sink.chunkBytes,
      })) {
        // provenance: each row's cycle key beside hit_table, hit_idx and file (one row per hit only)
        const table = withCycleColumn(this.db, chunk.table!, chunk.entryList);
        if (names.length === 0) names = table.columnOrder;
        await sink.write(table);
      }
      const { rows, bytes } = await sink.commit();
      return { rows, columns: names, path, bytes };
    } catch (error) {
      sink.abort();
      throw error;
    }
  }

  /**
   * Waveforms (or any column) of an entry list, streamed in chunks of `chunkRows` entries so that memory
   * stays bounded: yields the entries of the chunk and the column's values for them.
   */
  async *skimWaveforms(
    entryList: EntryList,
    column = "waveform",
    opts: { chunkRows?: number; signal?: AbortSignal } = {},
  ): AsyncIterable<{ entries: EntryList; values: Lgdo }> {
    const chunkRows = opts.chunkRows ?? 1000;
    for (let start = 0; start < entryList.length; start += chunkRows) {
      const entries = entryList.slice(start, start + chunkRows);
      const warnings = new Warnings();
      const plan = this.plan(warnings, opts.signal ? { signal: opts.signal } : {});
      const table = await Promise.resolve().then(() => loadHits(plan, entries, [column], false));
      yield { entries, values: table.columns[column]! };
    }
  }

  /**
   * Everything stored for one detector (name, rawid or table name): all selected cycles (all cycles when
   * none are selected), its tables, and every column of the lowest level (nested waveform tables only with
   * `includeWaveforms`). The loader's own selection is left as it was.
   */
  async loadDetector(
    name: string | number,
    opts: { includeWaveforms?: boolean; columns?: string[] } = {},
  ): Promise<LoadResult> {
    const saved = {
      files: this.fileList,
      ds: new Map(this.datastreams),
      cuts: this.cuts,
      output: { ...this.output },
    };
    try {
      if (this.fileList === null) this.setFiles("all");
      this.setDatastreams([name]);
      this.cuts = new Map();
      const level = this.levels[0]!;
      let columns = opts.columns;
      if (!columns) {
        const all = new Set<string>();
        for (const row of this.fileList!) {
          for (const tb of this.resolveDatastreams(level.name, row) ?? []) {
            for (const tier of level.tiers)
              for (const c of this.catalog.columnsOf(row, tier, tb) ?? []) all.add(c);
          }
        }
        columns = [...all].filter((c) => opts.includeWaveforms || !/^waveform/.test(c));
      }
      if (columns.length === 0)
        throw new DataLoaderError(`detector ${String(name)} has no table in the selected cycles`);
      this.output = { columns, mergeFiles: true, fmt: "lgdo.Table" };
      return await this.load();
    } finally {
      this.fileList = saved.files;
      this.datastreams.clear();
      for (const [k, v] of saved.ds) this.datastreams.set(k, v);
      this.cuts = saved.cuts;
      this.output = saved.output;
    }
  }

  /**
   * DAQ settings stored in the selected cycles' files of a tier (default: the lowest tier, raw): every
   * top-level object that is not a channel table (e.g. `extra` with the ORCA header and run control).
   */
  loadSettings(tier = this.levels[0]!.tiers[0]!): Map<number, Record<string, Lgdo>> {
    const out = new Map<number, Record<string, Lgdo>>();
    const template = this.db.config.tableFormat[tier] ?? "";
    for (const row of this.fileList ?? []) {
      const path = this.db.filePath(row, tier);
      if (!path || !this.catalog.tables(row, tier)) continue;
      out.set(row, readSettings(this.files.get(path), template));
    }
    return out;
  }

  /** DSP parameters of each selected cycle (production layout, `par_dsp`), null where the production has none. */
  loadDspPars(): Map<number, { file: string; pars: unknown } | null> {
    return this.loadPars("dsp");
  }

  /** Calibration (hit) parameters of each selected cycle (production layout, `par_hit`). */
  loadCalPars(): Map<number, { file: string; pars: unknown } | null> {
    return this.loadPars("hit");
  }

  private loadPars(tier: string): Map<number, { file: string; pars: unknown } | null> {
    const out = new Map<number, { file: string; pars: unknown } | null>();
    const keyOf = (name: string, row: number): string | undefined =>
      this.db.keyNames.includes(name) ? String(this.db.column(name)[row]) : undefined;
    for (const row of this.fileList ?? []) {
      const keys: { type?: string; period?: string; run?: string; timestamp?: string } = {};
      for (const name of ["type", "period", "run", "timestamp"] as const) {
        const value = keyOf(name, row);
        if (value !== undefined) keys[name] = value;
      }
      out.set(row, loadParameters(this.db.config.dataDir, tier, keys));
    }
    return out;
  }

  /** Reads an entry list written by buildEntryList({outputFile}). */
  static readEntryList(path: string): EntryList {
    return readEntryList(path);
  }

  /** Closes the files the loader holds open. */
  close(): void {
    this.files.closeAll();
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

/** Nested tables become `parent_child` columns (pandas' view of an LGDO table, pygama's pd.DataFrame). */
export function flattenNested(table: LgdoTable): LgdoTable {
  const columns: Record<string, Lgdo> = {};
  const order: string[] = [];
  const visit = (name: string, column: Lgdo): void => {
    if (column.kind === "table") {
      for (const sub of column.columnOrder) visit(`${name}_${sub}`, column.columns[sub]!);
      return;
    }
    columns[name] = column;
    order.push(name);
  };
  for (const name of table.columnOrder) visit(name, table.columns[name]!);
  return { ...table, columns, columnOrder: order };
}

/** A merged table split per FileDB row (by its `file` column), without `file`. */
export function splitByFile(table: LgdoTable): Map<number, LgdoTable> {
  const file = table.columns.file;
  if (!file || file.kind !== "array") throw new Error("table has no file column");
  const groups = new Map<number, number[]>();
  (file.data as Float64Array).forEach((f, i) => {
    let list = groups.get(f);
    if (!list) groups.set(f, (list = []));
    list.push(i);
  });
  const out = new Map<number, LgdoTable>();
  const names = table.columnOrder.filter((c) => c !== "file");
  for (const [f, rows] of groups) {
    const positions = Int32Array.from(rows);
    const columns: Record<string, Lgdo> = {};
    for (const name of names) columns[name] = takeRows(table.columns[name]!, positions);
    out.set(f, { kind: "table", nRows: positions.length, columns, columnOrder: names, attrs: {} });
  }
  return out;
}
