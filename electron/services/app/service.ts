// The one implementation of the LH5 Browser contract. Electron IPC, web mode and tests all call
// this class; paths from outside are checked against the roots the user opened.
import { dirname, resolve } from "node:path";
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import { PENDING_METHODS } from "../../../shared/api/contract.ts";
import { ApiError } from "../../../shared/api/errors.ts";
import type {
  AppInfo,
  AppMode,
  ChannelList,
  ColumnInfo,
  CycleDetails,
  DataSelection,
  DatasetInfo,
  EntryCount,
  ExportRequest,
  ExportResult,
  Histogram1d,
  Histogram1dRequest,
  Histogram2d,
  Histogram2dRequest,
  InventoryPage,
  InventoryQuery,
  JobHandle,
  JobStatus,
  LevelInfo,
  LoadedEntryList,
  OpenDatasetRequest,
  RecentEntry,
  SaveEntryListRequest,
  SavedEntryList,
  SessionState,
  SourceInfo,
  SourceKind,
  WaveformPage,
  WaveformPageRequest,
} from "../../../shared/api/types.ts";
import type { DatasetBackend, OpenedFileDb, ProgressSink } from "./backend.ts";
import { demoDir } from "./data-dir.ts";
import { effectiveSelection, loadEntryList, saveEntryList } from "./entry-lists.ts";
import { checkTarget } from "../export/index.ts";
import { Inventory } from "./inventory.ts";
import { Exploration } from "./exploration/index.ts";
import { JobManager } from "./jobs.ts";
import { RootSet } from "./roots.ts";
import { SessionStore } from "./session-store.ts";
import {
  inspectSource,
  levelsFromLoaderConfig,
  loaderFileDbPath,
  readConfigFile,
  SourceError,
  standardLevels,
} from "./sources.ts";

export interface AppServiceOptions {
  mode: AppMode;
  version: string;
  dataDir: string;
  backend: DatasetBackend;
  /** Folders/files the user opened on the command line or in dialogs. */
  roots?: string[];
  /** A dataset path given on the command line: opened first instead of the saved session. */
  startupPath?: string | null;
}

interface OpenDataset {
  info: DatasetInfo;
  db: OpenedFileDb;
  inventory: Inventory;
}

export class NoDatasetError extends ApiError {
  constructor() {
    super({
      name: "NoDataset",
      code: "no-dataset",
      message: "No dataset is open; open a config, folder or FileDB first",
    });
  }
}

export class AppService implements Lh5BrowserApi {
  readonly jobs = new JobManager();
  readonly roots: RootSet;
  private readonly store: SessionStore;
  private current: OpenDataset | null = null;
  private explorer: Exploration | null = null;
  private openCount = 0;
  private entryListCount = 0;

  constructor(private readonly opts: AppServiceOptions) {
    this.store = new SessionStore(opts.dataDir);
    this.roots = new RootSet([demoDir(opts.dataDir), ...(opts.roots ?? [])]);
    if (opts.startupPath) this.roots.add(opts.startupPath);
    // Datasets opened before were opened by the user: reopening them from the recent list is allowed.
    for (const entry of this.store.listRecent()) this.roots.add(entry.path);
  }

  /** Allows a path the user chose (dialog, command line). */
  allowPath(path: string): void {
    this.roots.add(path);
  }

  getAppInfo(): Promise<AppInfo> {
    return Promise.resolve({
      version: this.opts.version,
      mode: this.opts.mode,
      dataDir: this.opts.dataDir,
      roots: this.roots.list(),
      pendingMethods: [...PENDING_METHODS],
      startup: this.opts.startupPath ? { kind: "path", path: this.opts.startupPath } : { kind: "session" },
    });
  }

  getSession(): Promise<SessionState | null> {
    return Promise.resolve(this.store.loadSession());
  }

  saveSession(req: { state: SessionState }): Promise<void> {
    this.store.saveSession(req.state);
    return Promise.resolve();
  }

  listRecent(): Promise<RecentEntry[]> {
    return Promise.resolve(this.store.listRecent());
  }

  inspectSource(req: { path: string }): Promise<SourceInfo> {
    return Promise.resolve().then(() => inspectSource(this.roots.assert(req.path)));
  }

  openDataset(req: OpenDatasetRequest): Promise<JobHandle<DatasetInfo>> {
    return Promise.resolve().then(() => {
      const path = this.roots.assert(req.path);
      return this.jobs.start("open-dataset", (sink) => this.open(path, req.as, req.scanTables ?? true, sink));
    });
  }

  openDemo(): Promise<JobHandle<DatasetInfo>> {
    const dir = demoDir(this.opts.dataDir);
    return Promise.resolve(
      this.jobs.start("open-demo", async (sink) => {
        const configPath = await this.opts.backend.ensureDemo(dir, sink);
        const db = await this.opts.backend.scanFileDb(configPath, { scanTables: true }, sink);
        return this.install(db, {
          label: "Demo dataset",
          path: dir,
          kind: "demo",
          levels: standardLevels(db.tiers),
        });
      }),
    );
  }

  getDataset(): Promise<DatasetInfo | null> {
    return Promise.resolve(this.current?.info ?? null);
  }

  closeDataset(): Promise<void> {
    this.current = null;
    this.explorer?.dispose();
    this.explorer = null;
    return Promise.resolve();
  }

  queryInventory(req: InventoryQuery): Promise<InventoryPage> {
    return Promise.resolve().then(() => this.dataset().inventory.page(req));
  }

  async getCycleDetails(req: { row: number }): Promise<CycleDetails> {
    const { db, info } = this.dataset();
    if (req.row >= db.nRows)
      throw new ApiError({
        name: "BadArgument",
        code: "bad-argument",
        message: `No cycle at row ${req.row} (the dataset has ${db.nRows})`,
      });
    return { datasetId: info.id, ...(await this.opts.backend.cycleDetails(db, req.row)) };
  }

  listChannels(req: { rows: number[] }): Promise<ChannelList> {
    return Promise.resolve().then(() => this.exploration().listChannels(req));
  }

  listColumns(req: { rows: number[]; tiers?: string[] }): Promise<ColumnInfo[]> {
    return Promise.resolve().then(() => this.exploration().listColumns(req));
  }

  countEntries(req: { selection: DataSelection }): Promise<JobHandle<EntryCount>> {
    return Promise.resolve().then(() => this.exploration().countEntries(this.withSelection(req)));
  }

  histogram1d(req: Histogram1dRequest): Promise<JobHandle<Histogram1d>> {
    return Promise.resolve().then(() => this.exploration().histogram1d(this.withSelection(req)));
  }

  histogram2d(req: Histogram2dRequest): Promise<JobHandle<Histogram2d>> {
    return Promise.resolve().then(() => this.exploration().histogram2d(this.withSelection(req)));
  }

  waveformPage(req: WaveformPageRequest): Promise<WaveformPage> {
    return Promise.resolve().then(() => this.exploration().waveformPage(this.withSelection(req)));
  }

  exportSelection(req: ExportRequest): Promise<JobHandle<ExportResult>> {
    return Promise.resolve().then(() =>
      this.exploration().exportSelection(this.withSelection(req), this.outputPath(req.outputPath)),
    );
  }

  saveEntryList(req: SaveEntryListRequest): Promise<JobHandle<SavedEntryList>> {
    return Promise.resolve().then(() => {
      const outputPath = this.outputPath(req.outputPath);
      const overwrite = req.overwrite ?? false;
      // An existing file is refused before any work, so the UI can ask before overwriting (as exports do).
      checkTarget(outputPath, overwrite);
      const explorer = this.exploration();
      const { selection } = this.withSelection(req);
      return this.jobs.start("save-entry-list", (job) =>
        saveEntryList(explorer, selection, outputPath, overwrite, job),
      );
    });
  }

  loadEntryList(req: { path: string }): Promise<LoadedEntryList> {
    return Promise.resolve().then(() => {
      // entry lists are saved where exports go (opened folders or the app's data folder) and read back from there
      const path = this.outputPath(req.path);
      this.entryListCount += 1;
      return loadEntryList(this.exploration(), path, `el${this.entryListCount}`);
    });
  }

  getJob(req: { jobId: string; waitMs?: number }): Promise<JobStatus> {
    return this.jobs.status(req.jobId, Math.min(req.waitMs ?? 0, 2000));
  }

  cancelJob(req: { jobId: string }): Promise<void> {
    return Promise.resolve().then(() => this.jobs.cancel(req.jobId));
  }

  /** Stops running jobs; called on shutdown. */
  dispose(): void {
    this.jobs.cancelAll();
  }

  /** Exports and entry lists go (and entry lists are read back from) inside the folders the user opened, or the app's data folder. */
  private outputPath(path: string): string {
    const inData = new RootSet([this.opts.dataDir]).contains(path);
    return inData ? resolve(path) : this.roots.assert(path);
  }

  /** The request with its selection resolved (a loaded entry list replaces rows, channels and cuts). */
  private withSelection<R extends { selection: DataSelection }>(req: R): R {
    return { ...req, selection: effectiveSelection(this.exploration(), req.selection) };
  }

  private dataset(): OpenDataset {
    if (!this.current) throw new NoDatasetError();
    return this.current;
  }

  /** Exploration state (entry lists, waveform blocks) of the open dataset, renewed when it changes. */
  private exploration(): Exploration {
    const { info, db } = this.dataset();
    if (this.explorer?.datasetId !== info.id) {
      this.explorer?.dispose();
      this.explorer = new Exploration(info, db, this.jobs);
    }
    return this.explorer;
  }

  private async open(
    path: string,
    forced: Exclude<SourceKind, "demo"> | undefined,
    scanTables: boolean,
    sink: ProgressSink,
  ): Promise<DatasetInfo> {
    const source = forced ? { path, kind: forced, proposedConfig: undefined } : await inspectSource(path);
    const backend = this.opts.backend;
    switch (source.kind) {
      case "filedb-config": {
        const db = await backend.scanFileDb(path, { scanTables }, sink);
        return this.install(db, {
          label: path,
          path,
          kind: "filedb-config",
          levels: standardLevels(db.tiers),
        });
      }
      case "production-folder": {
        const config = source.proposedConfig ?? (await inspectSource(path)).proposedConfig;
        if (!config) throw new SourceError(`No FileDB config could be proposed for '${path}'`, path);
        const db = await backend.scanFileDb(config, { scanTables }, sink);
        return this.install(db, {
          label: path,
          path: source.path,
          kind: "production-folder",
          levels: standardLevels(db.tiers),
        });
      }
      case "filedb-file": {
        const db = await backend.loadFileDb(path, sink);
        return this.install(db, { label: path, path, kind: "filedb-file", levels: standardLevels(db.tiers) });
      }
      case "dataloader-config":
        return this.openLoaderConfig(path, scanTables, sink);
      case "demo":
        throw new SourceError(`'${path}' cannot be opened as the demo`, path);
    }
  }

  /** A DataLoader config opens its `filedb`, or overrides the levels of the open dataset. */
  private async openLoaderConfig(
    path: string,
    scanTables: boolean,
    sink: ProgressSink,
  ): Promise<DatasetInfo> {
    const config = readConfigFile(path);
    const levels = levelsFromLoaderConfig(config, path);
    const fileDbPath = loaderFileDbPath(config, path);
    if (fileDbPath === null) {
      if (!this.current)
        throw new SourceError(
          `'${path}' has no 'filedb' key; open a FileDB config or folder first, then this loader config`,
          path,
        );
      this.current.info = { ...this.current.info, levels, id: this.nextId() };
      this.store.addRecent(path, "dataloader-config");
      return this.current.info;
    }
    this.roots.add(fileDbPath);
    const kind = (await inspectSource(fileDbPath)).kind;
    const db =
      kind === "filedb-file"
        ? await this.opts.backend.loadFileDb(fileDbPath, sink)
        : await this.opts.backend.scanFileDb(fileDbPath, { scanTables }, sink);
    return this.install(db, { label: path, path, kind: "dataloader-config", levels });
  }

  private nextId(): string {
    this.openCount += 1;
    return `ds${this.openCount}-${Date.now().toString(36)}`;
  }

  private install(
    db: OpenedFileDb,
    source: { label: string; path: string; kind: SourceKind; levels: LevelInfo[] },
  ): DatasetInfo {
    const id = this.nextId();
    const inventory = new Inventory(db, id);
    // The data a config points at was opened by the user along with the config.
    this.roots.add(db.dataDir);
    this.roots.add(source.kind === "filedb-file" ? dirname(source.path) : source.path);
    const info: DatasetInfo = {
      id,
      label: source.label,
      sourcePath: source.path,
      sourceKind: source.kind,
      dataDir: db.dataDir,
      tiers: [...db.tiers],
      keyNames: [...db.keyNames],
      levels: source.levels,
      nCycles: db.nRows,
      tablesScanned: db.tablesScanned,
      problems: [...db.problems],
      config: db.config,
    };
    this.current = { info, db, inventory };
    if (source.kind !== "demo") this.store.addRecent(source.path, source.kind);
    return info;
  }
}
