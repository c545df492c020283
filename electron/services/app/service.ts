// The one implementation of the LH5 Browser contract. Electron IPC, web mode and tests all call
// this class; paths from outside are checked against the roots the user opened.
import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute } from "node:path";
import type { Lh5BrowserApi } from "../../../shared/api/contract.ts";
import { PENDING_METHODS } from "../../../shared/api/contract.ts";
import { ApiError } from "../../../shared/api/errors.ts";
import type {
  AppInfo,
  AppMode,
  ChannelList,
  ChooserPurpose,
  FolderListing,
  PathGrant,
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
  SaveTaggedEntriesRequest,
  SavedEntryList,
  SessionState,
  SourceInfo,
  SourceKind,
  WaveformPage,
  EventView,
  EventViewRequest,
  NearestEntry,
  NearestEntryRequest,
  WaveformPageRequest,
  WaveformTemplate,
  WaveformTemplateRequest,
} from "../../../shared/api/types.ts";
import type {
  Lh5FileSummary,
  Lh5HistogramRequest,
  Lh5Node,
  Lh5PathMatches,
  Lh5TablePage,
  Lh5TablePageRequest,
  Lh5WaveformPageRequest,
} from "../../../shared/api/file-browser.ts";
import type { DatasetBackend, OpenedFileDb, ProgressSink } from "./backend.ts";
import { demoDir, exportDir } from "./data-dir.ts";
import { effectiveSelection, loadEntryList, saveEntryList } from "./entry-lists.ts";
import { saveTaggedEntries } from "./tagged-entries.ts";
import { checkTarget } from "../export/index.ts";
import { FileBrowser } from "./file-browser/index.ts";
import { Inventory } from "./inventory.ts";
import { Exploration } from "./exploration/index.ts";
import { JobManager } from "./jobs.ts";
import {
  BroadRootError,
  broadRootReason,
  canonical,
  ForbiddenPathError,
  NeedsConfirmationError,
  RootSet,
} from "./roots.ts";
import { checkWriteTarget } from "./write-targets.ts";
import { SessionStore } from "./session-store.ts";
import { listFolder, startFolder } from "./folder-listing.ts";
import { PathGrants } from "./path-grants.ts";
import { readViewFile, writeViewFile } from "./view-file.ts";
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
  /**
   * Asks the user whether a dataset may read (and exports write) a folder outside the opened ones, e.g. a
   * native dialog in Electron. Without it (web mode) opening fails with NeedsConfirmation naming the
   * folder, and the renderer asks and opens again with `confirmedFolders`.
   */
  confirmRoot?: (request: { folder: string; source: string }) => Promise<boolean>;
}

/** Who may open up folders for one opening: the path opened and the folders the user confirmed for it. */
interface FolderGrant {
  source: string;
  confirmed: RootSet;
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
  private readonly fileBrowser: FileBrowser;
  /** One-time permissions the web-mode file chooser handed out (paths the user confirmed there). */
  private readonly grants = new PathGrants();
  private current: OpenDataset | null = null;
  private explorer: Exploration | null = null;
  private openCount = 0;
  private entryListCount = 0;
  private readonly recentListeners = new Set<(path: string) => void>();

  /** Per recent dataset (canonical path): the data folders it was allowed before, allowed again on reopening. */
  private readonly recentFolders = new Map<string, string[]>();

  constructor(private readonly opts: AppServiceOptions) {
    this.store = new SessionStore(opts.dataDir);
    this.roots = new RootSet([demoDir(opts.dataDir), ...(opts.roots ?? [])]);
    this.fileBrowser = new FileBrowser(this.roots);
    if (opts.startupPath) this.roots.add(opts.startupPath);
    // Datasets opened before were opened by the user: reopening them from the recent list is allowed.
    for (const entry of this.store.listRecent()) {
      this.roots.add(entry.path);
      if (entry.dataFolders) this.recentFolders.set(canonical(entry.path), entry.dataFolders);
    }
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
      exportDir: this.exportFolder(),
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

  listFolder(req: { path?: string; purpose: ChooserPurpose }): Promise<FolderListing> {
    return Promise.resolve().then(() => {
      const dataset = this.current?.info.sourcePath;
      const first =
        req.path ?? (dataset !== undefined && this.current?.info.sourceKind !== "demo" ? dataset : homedir());
      return listFolder(startFolder(first), req.purpose, this.chooserPlaces());
    });
  }

  choosePath(req: { path: string; purpose: ChooserPurpose }): Promise<PathGrant> {
    return Promise.resolve().then(() => this.grants.issue(req.path, req.purpose));
  }

  saveView(req: {
    path: string;
    state: SessionState;
    grant?: string;
    overwrite?: boolean;
  }): Promise<{ path: string }> {
    return Promise.resolve().then(() => {
      const path = this.writeTarget(req.path, req.grant);
      writeViewFile(path, req.state, req.overwrite ?? false);
      return { path };
    });
  }

  loadView(req: { path: string; grant?: string }): Promise<SessionState> {
    return Promise.resolve().then(() => {
      const path =
        req.grant !== undefined
          ? this.grants.consume(req.grant, req.path, "open")
          : this.readablePath(req.path);
      return readViewFile(path);
    });
  }

  /** Where the chooser offers to jump: home, the exports folder, the open dataset's folder, opened folders. */
  private chooserPlaces(): { label: string; path: string }[] {
    const places = [
      { label: "Home", path: homedir() },
      { label: "Exports", path: this.exportFolder() },
    ];
    const dataset = this.current?.info;
    if (dataset && dataset.sourceKind !== "demo")
      places.push({ label: "Dataset", path: startFolder(dataset.sourcePath) });
    for (const root of this.roots.list().slice(0, 12)) {
      const folder = startFolder(root);
      if (!places.some((place) => place.path === folder)) places.push({ label: folder, path: folder });
    }
    return places;
  }

  /** Calls `listener` with the path each time a dataset enters the recent list (the desktop menu rebuilds); returns the unsubscribe function. */
  onRecentChanged(listener: (path: string) => void): () => void {
    this.recentListeners.add(listener);
    return () => void this.recentListeners.delete(listener);
  }

  listRecent(): Promise<RecentEntry[]> {
    return Promise.resolve(this.store.listRecent());
  }

  inspectSource(req: { path: string }): Promise<SourceInfo> {
    return Promise.resolve().then(() => inspectSource(this.roots.assert(req.path)));
  }

  openDataset(req: OpenDatasetRequest): Promise<JobHandle<DatasetInfo>> {
    return Promise.resolve().then(() => {
      const path = this.openablePath(req.path, req.grant);
      const grant = { source: path, confirmed: new RootSet(req.confirmedFolders ?? []) };
      return this.jobs.start("open-dataset", (sink) =>
        this.open(path, req.as, req.scanTables ?? true, sink, grant),
      );
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

  waveformTemplate(req: WaveformTemplateRequest): Promise<JobHandle<WaveformTemplate>> {
    return Promise.resolve().then(() => this.exploration().waveformTemplate(this.withSelection(req)));
  }

  eventView(req: EventViewRequest): Promise<EventView> {
    return Promise.resolve().then(() => this.exploration().eventView(this.withSelection(req)));
  }

  nearestEntry(req: NearestEntryRequest): Promise<NearestEntry | null> {
    return Promise.resolve().then(() => this.exploration().nearestEntry(this.withSelection(req)));
  }

  exportSelection(req: ExportRequest): Promise<JobHandle<ExportResult>> {
    return Promise.resolve().then(() =>
      this.exploration().exportSelection(
        this.withSelection(withoutGrant(req)),
        this.writeTarget(req.outputPath, req.grant),
      ),
    );
  }

  saveEntryList(req: SaveEntryListRequest): Promise<JobHandle<SavedEntryList>> {
    return Promise.resolve().then(() => {
      const outputPath = this.writeTarget(req.outputPath, req.grant);
      const overwrite = req.overwrite ?? false;
      // An existing file is refused before any work, so the UI can ask before overwriting (as exports do).
      checkTarget(outputPath, overwrite);
      const explorer = this.exploration();
      const { selection } = this.withSelection(withoutGrant(req));
      return this.jobs.start("save-entry-list", (job) =>
        saveEntryList(explorer, selection, outputPath, overwrite, job),
      );
    });
  }

  saveTaggedEntries(req: SaveTaggedEntriesRequest): Promise<JobHandle<SavedEntryList>> {
    return Promise.resolve().then(() => {
      const outputPath = this.writeTarget(req.outputPath, req.grant);
      const overwrite = req.overwrite ?? false;
      checkTarget(outputPath, overwrite);
      const { ctx } = this.exploration();
      return this.jobs.start("save-tagged-entries", (job) =>
        Promise.resolve().then(() =>
          saveTaggedEntries(req.entries, req.level, ctx.info.levels, ctx.fileDb, outputPath, overwrite, job),
        ),
      );
    });
  }

  loadEntryList(req: { path: string }): Promise<LoadedEntryList> {
    return Promise.resolve().then(() => {
      // entry lists are saved where exports go (opened folders or the app's exports folder) and read back from there
      const path = this.readablePath(req.path);
      this.entryListCount += 1;
      return loadEntryList(this.exploration(), path, `el${this.entryListCount}`);
    });
  }

  async openLh5File(req: { path: string }): Promise<Lh5FileSummary> {
    const summary = await Promise.resolve().then(() => this.fileBrowser.open(req));
    // a file browsed on its own is reopened from the recent list like a dataset (and allowed after a restart)
    this.addRecent(summary.path, "lh5-file");
    return summary;
  }

  listLh5Group(req: { path: string; group: string }): Promise<Lh5Node[]> {
    return Promise.resolve().then(() => this.fileBrowser.group(req));
  }

  searchLh5Paths(req: { path: string; query: string; limit?: number }): Promise<Lh5PathMatches> {
    return Promise.resolve().then(() => this.fileBrowser.search(req));
  }

  lh5TablePage(req: Lh5TablePageRequest): Promise<Lh5TablePage> {
    return Promise.resolve().then(() => this.fileBrowser.tablePage(req));
  }

  lh5Histogram(req: Lh5HistogramRequest): Promise<Histogram1d> {
    return Promise.resolve().then(() => this.fileBrowser.histogram(req));
  }

  lh5WaveformPage(req: Lh5WaveformPageRequest): Promise<WaveformPage> {
    return Promise.resolve().then(() => this.fileBrowser.waveformPage(req));
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

  /** The app's exports folder, created on first use (exports check that their folder exists). */
  private exportFolder(): string {
    const folder = exportDir(this.opts.dataDir);
    mkdirSync(folder, { recursive: true });
    return folder;
  }

  /** Entry lists are read back from the folders the user opened or the app's exports folder. */
  private readablePath(path: string): string {
    return new RootSet([exportDir(this.opts.dataDir)]).contains(path)
      ? canonical(path)
      : this.roots.assert(path);
  }

  /**
   * Where an export or entry list may be written: the app's exports folder or a folder the user opened, but
   * never the app's own state nor a file of the open dataset (write-targets.ts), even with overwrite.
   */
  private writeTarget(path: string, grant?: string): string {
    if (!isAbsolute(path)) throw new ForbiddenPathError(path);
    const current = this.current;
    // first, so that a target in the app's own folder is refused with the reason and the place to use instead
    checkWriteTarget(path, {
      dataDir: this.opts.dataDir,
      exportDir: exportDir(this.opts.dataDir),
      datasetFiles: () =>
        current
          ? [
              current.info.sourcePath,
              ...(current.db.configPath ? [current.db.configPath] : []),
              ...current.db.listedFiles(),
            ]
          : [],
      datasetId: current?.info.id ?? "",
    });
    // a path allowed already (the retry that overwrites, an opened folder) needs no permission
    if (grant === undefined || this.roots.contains(path)) return this.readablePath(path);
    // the file the user chose in the chooser: written now, and readable later (an entry list saved there)
    const chosen = this.grants.consume(grant, path, "save");
    this.roots.add(chosen);
    return chosen;
  }

  /** A path to open: inside the opened folders, or confirmed in the file chooser (then it joins them). */
  private openablePath(path: string, grant?: string): string {
    if (grant === undefined || this.roots.contains(path)) return this.roots.assert(path);
    const chosen = this.grants.consume(grant, path, "open");
    this.roots.add(chosen);
    return chosen;
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

  /**
   * Makes sure a dataset may use folders outside the opened ones: never a too broad one (broadRootReason);
   * otherwise one the user confirmed (in this request, by `confirmRoot`, by giving the dataset on the command
   * line, or when it was opened before). The folders are added to the roots when the dataset is installed.
   */
  private async admitFolders(folders: readonly string[], grant: FolderGrant): Promise<void> {
    for (const folder of folders) {
      if (this.roots.contains(folder)) continue;
      const reason = broadRootReason(folder);
      if (reason !== null) throw new BroadRootError(folder, grant.source, reason);
      if (grant.confirmed.contains(folder)) continue;
      const source = canonical(grant.source);
      if (this.opts.startupPath && source === canonical(this.opts.startupPath)) continue;
      if (new RootSet(this.recentFolders.get(source) ?? []).contains(folder)) continue;
      if (!this.opts.confirmRoot) throw new NeedsConfirmationError(folder, grant.source);
      if (!(await this.opts.confirmRoot({ folder, source: grant.source })))
        throw new ForbiddenPathError(
          folder,
          `'${grant.source}' may not read '${folder}': not allowed by the user`,
        );
      grant.confirmed.add(folder);
    }
  }

  private async open(
    path: string,
    forced: Exclude<SourceKind, "demo"> | undefined,
    scanTables: boolean,
    sink: ProgressSink,
    grant: FolderGrant,
  ): Promise<DatasetInfo> {
    const source = forced ? { path, kind: forced, proposedConfig: undefined } : await inspectSource(path);
    const backend = this.opts.backend;
    switch (source.kind) {
      case "filedb-config": {
        // before the scan: a scan of a folder the user did not allow would already list its files
        await this.admitFolders(await backend.dataFolders(path), grant);
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
        await this.admitFolders(await backend.dataFolders(config), grant);
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
        await this.admitFolders(db.folders, grant);
        return this.install(db, { label: path, path, kind: "filedb-file", levels: standardLevels(db.tiers) });
      }
      case "dataloader-config":
        return this.openLoaderConfig(path, scanTables, sink, grant);
      case "lh5-file":
        throw new SourceError(
          `'${path}' is a single LH5 data file, not a dataset: browse it with openLh5File, or open its data folder`,
          path,
        );
      case "demo":
        throw new SourceError(`'${path}' cannot be opened as the demo`, path);
    }
  }

  /** A DataLoader config opens its `filedb`, or overrides the levels of the open dataset. */
  private async openLoaderConfig(
    path: string,
    scanTables: boolean,
    sink: ProgressSink,
    grant: FolderGrant,
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
      this.addRecent(path, "dataloader-config");
      return this.current.info;
    }
    // the FileDB a loader config names is opened up like a data folder
    await this.admitFolders([fileDbPath], grant);
    this.roots.add(fileDbPath);
    const kind = (await inspectSource(fileDbPath)).kind;
    const backend = this.opts.backend;
    let db: OpenedFileDb;
    if (kind === "filedb-file") {
      db = await backend.loadFileDb(fileDbPath, sink);
      await this.admitFolders(db.folders, grant);
    } else {
      await this.admitFolders(await backend.dataFolders(fileDbPath), grant);
      db = await backend.scanFileDb(fileDbPath, { scanTables }, sink);
    }
    return this.install(db, { label: path, path, kind: "dataloader-config", levels });
  }

  private addRecent(path: string, kind: SourceKind, dataFolders?: string[]): void {
    this.store.addRecent(path, kind, dataFolders);
    for (const listener of this.recentListeners) listener(path);
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
    // The data a config points at: inside the opened folders, or admitted (admitFolders) before the scan.
    for (const folder of db.folders) this.roots.add(folder);
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
    if (source.kind !== "demo") {
      this.addRecent(source.path, source.kind, [...db.folders]);
      this.recentFolders.set(canonical(source.path), [...db.folders]);
    }
    return info;
  }
}

/** The request without the chooser's permission, which is used up here and goes no further. */
function withoutGrant<R extends { grant?: string }>(req: R): Omit<R, "grant"> {
  const { grant: _grant, ...rest } = req;
  return rest;
}
