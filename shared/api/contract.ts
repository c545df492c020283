// The one service contract of LH5 Browser. The Node side implements it once
// (electron/services/app); Electron IPC (electron/ipc + preload), web mode (electron/server) and
// the renderer's clients (renderer/bridge) are all derived from API_METHODS below, and
// test/contract checks that every method is wired everywhere.
import {
  anyOf,
  arrayOf,
  bool,
  type Guard,
  jsonRecord,
  none,
  nullable,
  num,
  obj,
  oneOf,
  str,
  tuple,
} from "./guards.ts";
import type {
  AppInfo,
  ChannelList,
  ColumnInfo,
  CycleDetails,
  DatasetInfo,
  EntryCount,
  EventView,
  EventViewRequest,
  NearestEntry,
  NearestEntryRequest,
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
  LoadedEntryList,
  OpenDatasetRequest,
  RecentEntry,
  SaveEntryListRequest,
  SaveTaggedEntriesRequest,
  SavedEntryList,
  SessionState,
  SourceInfo,
  WaveformPage,
  WaveformPageRequest,
  WaveformTemplate,
  WaveformTemplateRequest,
  DataSelection,
  ChooserPurpose,
  FolderListing,
  PathGrant,
} from "./types.ts";
import type {
  Lh5FileSummary,
  Lh5HistogramRequest,
  Lh5Node,
  Lh5PathMatches,
  Lh5TablePage,
  Lh5TablePageRequest,
  Lh5WaveformPageRequest,
} from "./file-browser.ts";

/**
 * Every method takes at most one argument (a plain object) and returns a promise.
 * Methods returning `JobHandle<T>` start background work: poll it with `getJob`, stop it with `cancelJob`.
 */
export interface Lh5BrowserApi {
  /** Version, mode, data folder, allowed roots and the methods still pending. */
  getAppInfo(): Promise<AppInfo>;
  /** The session saved by `saveSession`, or null on a first start. */
  getSession(): Promise<SessionState | null>;
  /** Persists the open dataset, selection, query and layout to the user data folder. */
  saveSession(req: { state: SessionState }): Promise<void>;
  /** A folder's sub-folders and files for the web-mode file chooser (names and sizes only). */
  listFolder(req: { path?: string; purpose: ChooserPurpose }): Promise<FolderListing>;
  /**
   * The user confirmed `path` in the file chooser: a one-time permission (`grant`) for the next open, export
   * or view of exactly that path. Refuses `/`, top-level, system and hidden home folders and the home folder.
   */
  choosePath(req: { path: string; purpose: ChooserPurpose }): Promise<PathGrant>;
  /** Writes the session as a view file (paths relative to the file's folder) for another machine. */
  saveView(req: {
    path: string;
    state: SessionState;
    grant?: string;
    overwrite?: boolean;
  }): Promise<{ path: string }>;
  /** Reads a view file back as a session (its dataset path made absolute); a bad file is a clear error. */
  loadView(req: { path: string; grant?: string }): Promise<SessionState>;
  /** Datasets opened before, newest first. */
  listRecent(): Promise<RecentEntry[]>;
  /** Classifies a path (FileDB config, DataLoader config, production folder, saved FileDB) without opening it. */
  inspectSource(req: { path: string }): Promise<SourceInfo>;
  /** Opens a dataset and scans it in the background; the job's result is the DatasetInfo. */
  openDataset(req: OpenDatasetRequest): Promise<JobHandle<DatasetInfo>>;
  /** Opens the built-in demo dataset, generating it into the user data folder on first use. */
  openDemo(): Promise<JobHandle<DatasetInfo>>;
  /** The dataset that is open, or null. */
  getDataset(): Promise<DatasetInfo | null>;
  /** Closes the open dataset. */
  closeDataset(): Promise<void>;
  /** A window of the filtered, sorted inventory (one row per cycle) as columns. Query errors carry `position`/`end`. */
  queryInventory(req: InventoryQuery): Promise<InventoryPage>;
  /** Files per tier of one cycle (FileDB row), their tables and columns with LGDO type and units. */
  getCycleDetails(req: { row: number }): Promise<CycleDetails>;
  /** Channels of the selected cycles, joined with the channel map when metadata is found. */
  listChannels(req: { rows: number[] }): Promise<ChannelList>;
  /** Columns of the selected cycles' tiers, with LGDO type and units (for completion and histograms). */
  listColumns(req: { rows: number[]; tiers?: string[] }): Promise<ColumnInfo[]>;
  /** Counts entries passing the selection's cuts (total and per channel). */
  countEntries(req: { selection: DataSelection }): Promise<JobHandle<EntryCount>>;
  /** A 1D histogram with statistics, binned on the Node side. */
  histogram1d(req: Histogram1dRequest): Promise<JobHandle<Histogram1d>>;
  /** A 2D histogram (column vs column). */
  histogram2d(req: Histogram2dRequest): Promise<JobHandle<Histogram2d>>;
  /** A page (or random sample) of waveforms of the selection, decoded and transformed. */
  waveformPage(req: WaveformPageRequest): Promise<WaveformPage>;
  /** Mean, median and 16–84 % band of every waveform of the selection, and their persistence view (streamed). */
  waveformTemplate(req: WaveformTemplateRequest): Promise<JobHandle<WaveformTemplate>>;
  /** Every channel of the TCM event of one entry of the selection (or of the previous/next event). */
  eventView(req: EventViewRequest): Promise<EventView>;
  /** The entry of the selection (or of its value range) nearest to a point of a 2-D histogram; null if none. */
  nearestEntry(req: NearestEntryRequest): Promise<NearestEntry | null>;
  /** Writes the selection to LH5, CSV, Arrow or Parquet; never leaves a half file. */
  exportSelection(req: ExportRequest): Promise<JobHandle<ExportResult>>;
  /** Writes the selection's entry list (build_entry_list) to a new LH5 file in pygama's layout. */
  saveEntryList(req: SaveEntryListRequest): Promise<JobHandle<SavedEntryList>>;
  /**
   * Writes tagged entries as an entry list file (the layout `saveEntryList` writes, sorted by cycle, table and row),
   * which `loadEntryList`, `lh5-browser load --entry-list` and Copy as Python read.
   */
  saveTaggedEntries(req: SaveTaggedEntriesRequest): Promise<JobHandle<SavedEntryList>>;
  /** Opens a saved entry list of the open dataset as a selection (`DataSelection.entryList`). */
  loadEntryList(req: { path: string }): Promise<LoadedEntryList>;
  /** Opens one LH5 file for browsing (any file, e.g. a tier file): its name, size and the root's children. */
  openLh5File(req: { path: string }): Promise<Lh5FileSummary>;
  /** The direct children of one group of an LH5 file (the tree expands lazily, a group per request). */
  listLh5Group(req: { path: string; group: string }): Promise<Lh5Node[]>;
  /** Objects of an LH5 file whose path contains `query` (case-insensitive), at most `limit` (default 200). */
  searchLh5Paths(req: { path: string; query: string; limit?: number }): Promise<Lh5PathMatches>;
  /** A page of a table's rows as columns (numbers as typed arrays), waveforms decoded. */
  lh5TablePage(req: Lh5TablePageRequest): Promise<Lh5TablePage>;
  /** The histogram of a numeric column of an LH5 file. */
  lh5Histogram(req: Lh5HistogramRequest): Promise<Histogram1d>;
  /** A page of decoded waveforms of a waveform table of an LH5 file. */
  lh5WaveformPage(req: Lh5WaveformPageRequest): Promise<WaveformPage>;
  /** Status of a job; waits up to `waitMs` (≤ 2000) for it to finish before answering. */
  getJob(req: { jobId: string; waitMs?: number }): Promise<JobStatus>;
  /** Cancels a running job (no-op for finished ones). */
  cancelJob(req: { jobId: string }): Promise<void>;
}

export type ApiMethod = keyof Lh5BrowserApi;

export interface MethodSpec {
  /** `job` methods return a JobHandle. */
  kind: "call" | "job";
  /** `pending` methods throw NotImplemented until their service lands. */
  status: "ready" | "pending";
  /** Guards the single argument (`none` for methods without one). */
  guard: Guard;
}

const rowIndex = num({ min: 0, integer: true, max: 2 ** 32 - 1 });
const rows = arrayOf(rowIndex);
const range = tuple(num(), num());
const selection = obj(
  {
    rows,
    channels: arrayOf(anyOf(num({ integer: true }), str(256)), 100_000),
    cuts: obj({}, { hit: str(), evt: str() }),
  },
  { fileQuery: str(), entryList: str(64) },
);
const chooserPurpose = oneOf("open", "save");
const grantId = str(64);
const sourceKind = oneOf("filedb-config", "dataloader-config", "production-folder", "filedb-file");
const columnFilter = obj(
  {
    column: str(256),
    op: oneOf(
      "contains",
      "notContains",
      "equals",
      "notEqual",
      "startsWith",
      "endsWith",
      "lessThan",
      "lessThanOrEqual",
      "greaterThan",
      "greaterThanOrEqual",
      "inRange",
      "blank",
      "notBlank",
    ),
  },
  { value: anyOf(str(), num()), valueTo: num() },
);
const axis = obj(
  { column: str(256), bins: num({ min: 1, max: 100_000, integer: true }) },
  { tier: str(64), range },
);
/** A session as the renderer sends it and as the service reads it back from disk. */
export const sessionStateGuard = obj(
  {
    dataset: nullable(
      obj({
        path: str(),
        kind: oneOf(
          "filedb-config",
          "dataloader-config",
          "production-folder",
          "filedb-file",
          "lh5-file",
          "demo",
        ),
      }),
    ),
    selection: obj({ rows, focusedRow: nullable(rowIndex) }),
    query: str(),
    layout: jsonRecord(),
  },
  { version: num({ min: 1, integer: true }), sections: jsonRecord(4_000_000) },
);
const sessionState = sessionStateGuard;
const transform = obj(
  {
    kind: oneOf(
      "baseline",
      "moving-average",
      "trapezoid",
      "pole-zero",
      "normalize",
      "align",
      "derivative",
      "spectrum",
    ),
  },
  { samples: num(), window: num(), rise: num(), flat: num(), tau: num(), column: str(256) },
);
const valueRange = obj(
  { column: str(256), lo: num(), hi: num() },
  {
    tier: str(64),
    closedHigh: bool,
    column2: str(256),
    tier2: str(64),
    lo2: num(),
    hi2: num(),
    closedHigh2: bool,
  },
);

/** The contract's methods, in a fixed order; every front end is derived from this table. */
export const API_METHODS: { readonly [M in ApiMethod]: MethodSpec } = {
  getAppInfo: { kind: "call", status: "ready", guard: none },
  getSession: { kind: "call", status: "ready", guard: none },
  saveSession: { kind: "call", status: "ready", guard: obj({ state: sessionState }) },
  listFolder: {
    kind: "call",
    status: "ready",
    guard: obj({ purpose: chooserPurpose }, { path: str(4096) }),
  },
  choosePath: { kind: "call", status: "ready", guard: obj({ path: str(4096), purpose: chooserPurpose }) },
  saveView: {
    kind: "call",
    status: "ready",
    guard: obj({ path: str(4096), state: sessionState }, { grant: grantId, overwrite: bool }),
  },
  loadView: { kind: "call", status: "ready", guard: obj({ path: str(4096) }, { grant: grantId }) },
  listRecent: { kind: "call", status: "ready", guard: none },
  inspectSource: { kind: "call", status: "ready", guard: obj({ path: str() }) },
  openDataset: {
    kind: "job",
    status: "ready",
    guard: obj(
      { path: str() },
      { as: sourceKind, scanTables: bool, confirmedFolders: arrayOf(str(), 100), grant: grantId },
    ),
  },
  openDemo: { kind: "job", status: "ready", guard: none },
  getDataset: { kind: "call", status: "ready", guard: none },
  closeDataset: { kind: "call", status: "ready", guard: none },
  queryInventory: {
    kind: "call",
    status: "ready",
    guard: obj(
      { offset: num({ min: 0, integer: true }), limit: num({ min: 0, max: 100_000, integer: true }) },
      {
        query: str(),
        filters: arrayOf(columnFilter, 200),
        sort: arrayOf(obj({ column: str(256), direction: oneOf("asc", "desc") }), 20),
      },
    ),
  },
  getCycleDetails: { kind: "call", status: "ready", guard: obj({ row: rowIndex }) },
  listChannels: { kind: "call", status: "ready", guard: obj({ rows }) },
  listColumns: { kind: "call", status: "ready", guard: obj({ rows }, { tiers: arrayOf(str(64), 100) }) },
  countEntries: { kind: "job", status: "ready", guard: obj({ selection }) },
  histogram1d: {
    kind: "job",
    status: "ready",
    guard: obj(
      { selection, column: str(256), bins: num({ min: 1, max: 1_000_000, integer: true }) },
      { tier: str(64), range, splitBy: oneOf("none", "channel", "file") },
    ),
  },
  histogram2d: { kind: "job", status: "ready", guard: obj({ selection, x: axis, y: axis }) },
  waveformPage: {
    kind: "call",
    status: "ready",
    guard: obj(
      {
        selection,
        columns: arrayOf(str(256), 16),
        start: num({ min: 0, integer: true }),
        count: num({ min: 0, max: 10_000, integer: true }),
      },
      {
        randomSeed: num({ integer: true }),
        legendColumns: arrayOf(str(256), 64),
        transforms: arrayOf(transform, 16),
        valueRange,
        prefetch: bool,
      },
    ),
  },
  waveformTemplate: {
    kind: "job",
    status: "ready",
    guard: obj(
      { selection, column: str(256) },
      {
        transforms: arrayOf(transform, 16),
        valueRange,
        amplitudeBins: num({ min: 2, max: 4096, integer: true }),
      },
    ),
  },
  eventView: {
    kind: "call",
    status: "ready",
    guard: obj(
      {
        selection,
        position: num({ min: 0, integer: true }),
        columns: arrayOf(str(256), 4),
        valueColumns: arrayOf(str(256), 64),
      },
      { valueRange, step: num({ min: -1, max: 1, integer: true }) },
    ),
  },
  nearestEntry: {
    kind: "call",
    status: "ready",
    guard: obj(
      {
        selection,
        x: obj({ column: str(256) }, { tier: str(64) }),
        y: obj({ column: str(256) }, { tier: str(64) }),
        at: tuple(num(), num()),
        scale: tuple(num(), num()),
      },
      { valueRange },
    ),
  },
  exportSelection: {
    kind: "job",
    status: "ready",
    guard: obj(
      {
        selection,
        columns: arrayOf(str(256), 10_000),
        format: oneOf("lh5", "csv", "arrow", "parquet"),
        outputPath: str(),
      },
      { overwrite: bool, includeWaveforms: bool, grant: grantId },
    ),
  },
  saveEntryList: {
    kind: "job",
    status: "ready",
    guard: obj({ selection, outputPath: str() }, { overwrite: bool, grant: grantId }),
  },
  saveTaggedEntries: {
    kind: "job",
    status: "ready",
    guard: obj(
      {
        entries: arrayOf(
          obj({
            cycle: rowIndex,
            table: anyOf(num({ integer: true }), str(256)),
            row: num({ min: 0, integer: true }),
          }),
          100_000,
        ),
        level: str(64),
        outputPath: str(),
      },
      { overwrite: bool, grant: grantId },
    ),
  },
  loadEntryList: { kind: "call", status: "ready", guard: obj({ path: str() }) },
  openLh5File: { kind: "call", status: "ready", guard: obj({ path: str() }) },
  listLh5Group: { kind: "call", status: "ready", guard: obj({ path: str(), group: str(4096) }) },
  searchLh5Paths: {
    kind: "call",
    status: "ready",
    guard: obj({ path: str(), query: str(1024) }, { limit: num({ min: 1, max: 1000, integer: true }) }),
  },
  lh5TablePage: {
    kind: "call",
    status: "ready",
    guard: obj({
      path: str(),
      table: str(4096),
      offset: num({ min: 0, integer: true }),
      limit: num({ min: 1, max: 1000, integer: true }),
    }),
  },
  lh5Histogram: {
    kind: "call",
    status: "ready",
    guard: obj(
      { path: str(), column: str(4096), bins: num({ min: 1, max: 1_000_000, integer: true }) },
      { range },
    ),
  },
  lh5WaveformPage: {
    kind: "call",
    status: "ready",
    guard: obj({
      path: str(),
      waveform: str(4096),
      start: num({ min: 0, integer: true }),
      count: num({ min: 1, max: 1000, integer: true }),
    }),
  },
  getJob: {
    kind: "call",
    status: "ready",
    guard: obj({ jobId: str(64) }, { waitMs: num({ min: 0, max: 2000 }) }),
  },
  cancelJob: { kind: "call", status: "ready", guard: obj({ jobId: str(64) }) },
};

export const API_METHOD_NAMES = Object.keys(API_METHODS) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(API_METHODS, name);
}

/** Methods whose service is not written yet (they throw NotImplemented). */
export const PENDING_METHODS = API_METHOD_NAMES.filter((name) => API_METHODS[name].status === "pending");

/** Checks a method's argument; returns null or the problem. */
export function checkArgument(method: ApiMethod, argument: unknown): string | null {
  return API_METHODS[method].guard(argument, "argument");
}

/** The argument type of a method (`undefined` for methods without one). */
export type ApiArgument<M extends ApiMethod> = Parameters<Lh5BrowserApi[M]> extends [infer A] ? A : undefined;
/** The resolved result type of a method. */
export type ApiReturn<M extends ApiMethod> = Awaited<ReturnType<Lh5BrowserApi[M]>>;
