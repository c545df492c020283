// Request and response types of the LH5 Browser service contract (see contract.ts).
// Bulk data (inventory pages, histograms, waveforms) travels as typed-array columns,
// never as arrays of per-row objects; the HTTP codec moves typed arrays as binary.
import type { SerializedError } from "./errors.ts";

/** What a path on disk holds, as far as opening a dataset is concerned. */
/** `lh5-file`: one LH5 data file (a tier file), browsed on its own rather than opened as a dataset. */
export type SourceKind =
  "filedb-config" | "dataloader-config" | "production-folder" | "filedb-file" | "lh5-file" | "demo";

/** How the app is being shown. */
export type AppMode = "electron" | "web";

export interface AppInfo {
  version: string;
  mode: AppMode;
  /** Where sessions, recent lists and the demo dataset live (`LH5_BROWSER_DATA_DIR` or XDG data home). */
  dataDir: string;
  /** Where exports and entry lists go by default: the only part of `dataDir` they may be written to. */
  exportDir: string;
  /** Folders (and files) the service accepts paths inside; grows as the user opens datasets. */
  roots: string[];
  /** Methods that exist in the contract but are not implemented yet (they throw `NotImplemented`). */
  pendingMethods: string[];
  /** What to show first: a path from the command line, or the saved session (the demo when there is none). */
  startup: StartupRequest;
}

export type StartupRequest = { kind: "path"; path: string } | { kind: "session" };

/** Result of inspecting a path before opening it. */
export interface SourceInfo {
  path: string;
  kind: SourceKind;
  /** One line for the UI, e.g. "LEGEND production folder (config.json with setups.l200.paths)". */
  description: string;
  /** For production folders: the FileDB config the app proposes (JSON-ready). */
  proposedConfig?: FileDbConfigJson;
}

/** A FileDB config as JSON (pygama's keys). */
export interface FileDbConfigJson {
  data_dir: string;
  tier_dirs: Record<string, string>;
  file_format: Record<string, string>;
  table_format: Record<string, string>;
  [key: string]: unknown;
}

export interface OpenDatasetRequest {
  /** A FileDB config (.json/.yaml), a DataLoader config, a data folder, or a saved FileDB file (.lh5). */
  path: string;
  /** Forces a kind instead of detecting it. */
  as?: Exclude<SourceKind, "demo">;
  /** Scan tables and columns of every file (default true; needed for channel counts and details). */
  scanTables?: boolean;
  /**
   * Folders outside the opened ones that the user agreed this dataset may read (and exports write): the
   * answer to a `NeedsConfirmation` error, which names the folder in its `file`.
   */
  confirmedFolders?: string[];
  /** The file chooser's permission for `path` (web mode): the path counts as chosen by the user. */
  grant?: string;
}

/** A data level: the standard ones are hit (raw/dsp/hit), tcm (hit→evt) and evt. */
export interface LevelInfo {
  name: string;
  tiers: string[];
  parent?: string;
  child?: string;
}

export interface ScanProblem {
  file: string;
  tier?: string;
  reason: string;
}

/** The dataset that is open. */
export interface DatasetInfo {
  /** Changes on every open, so caches keyed on it are dropped. */
  id: string;
  label: string;
  sourcePath: string;
  sourceKind: SourceKind;
  dataDir: string;
  tiers: string[];
  /** File-name keys, e.g. exp, period, run, timestamp, type. */
  keyNames: string[];
  levels: LevelInfo[];
  nCycles: number;
  tablesScanned: boolean;
  problems: ScanProblem[];
  /** The FileDB config in use (the proposed one for production folders). */
  config: FileDbConfigJson | null;
}

/** Progress of a job; `done`/`total` count `unit`s (files, tables, entries, bytes). */
export interface JobProgress {
  phase: string;
  done: number;
  total: number;
  unit: string;
  /** The item being worked on, e.g. the current file. */
  current?: string;
}

export type JobState = "running" | "done" | "failed" | "cancelled";

/** A started job. `T` is the type of its result (a phantom, for typed `awaitJob`). */
export interface JobHandle<T = unknown> {
  jobId: string;
  kind: string;
  /** Never set; carries the result type. */
  readonly __result?: T;
}

export interface JobStatus<T = unknown> {
  jobId: string;
  kind: string;
  state: JobState;
  progress: JobProgress | null;
  startedAt: number;
  finishedAt: number | null;
  /** Present when `state === "done"`. */
  result?: T;
  /** Present when `state === "failed"`. */
  error?: SerializedError;
}

/** One column filter from the grid, applied on the Node side. */
export interface ColumnFilter {
  column: string;
  op:
    | "contains"
    | "notContains"
    | "equals"
    | "notEqual"
    | "startsWith"
    | "endsWith"
    | "lessThan"
    | "lessThanOrEqual"
    | "greaterThan"
    | "greaterThanOrEqual"
    | "inRange"
    | "blank"
    | "notBlank";
  value?: string | number;
  /** Upper bound of `inRange`. */
  valueTo?: number;
}

export interface SortKey {
  column: string;
  direction: "asc" | "desc";
}

/**
 * A window of the inventory. Column ids: the key names (e.g. `run`, `timestamp`), and per tier
 * `<tier>_status` (present/missing), `<tier>_size` (bytes), `<tier>_channels` (table count), plus `total_size`.
 */
export interface InventoryQuery {
  /** FileDB query in the shared query language, e.g. `type == 'cal' and run in ['r001']`. */
  query?: string;
  filters?: ColumnFilter[];
  sort?: SortKey[];
  offset: number;
  limit: number;
}

export interface TierColumns {
  /** 1 where the tier file exists. */
  present: Uint8Array;
  /** Bytes; 0 when missing. */
  size: Float64Array;
  /** Number of tables (channels) found by the table scan; -1 when not scanned or missing. */
  channels: Int32Array;
}

/** Rows `offset … offset + rows.length` of the filtered, sorted inventory, as columns. */
export interface InventoryPage {
  datasetId: string;
  /** Rows in the dataset. */
  total: number;
  /** Rows passing the query and filters. */
  matched: number;
  offset: number;
  /** FileDB row index of each returned row (the identity used by selections). */
  rows: Uint32Array;
  /** Key columns as text, by key name. */
  keys: Record<string, string[]>;
  /** Unix time in ms from the `timestamp` key; NaN when absent or unparsable. */
  timestamps: Float64Array;
  tiers: Record<string, TierColumns>;
}

export interface ColumnDetails {
  name: string;
  /** LGDO type, e.g. `array<1>{real}`, `table{t0,dt,values}`, `array_of_encoded_equalsized_arrays<1,1>{real}`. */
  lgdoType: string | null;
  dtype: string | null;
  units: string | null;
  shape: number[] | null;
}

export interface TableDetails {
  name: string;
  nRows: number | null;
  columns: ColumnDetails[];
}

export interface TierFileDetails {
  tier: string;
  path: string | null;
  exists: boolean;
  size: number;
  tables: TableDetails[];
  /** Why the file could not be read, if it could not. */
  error?: string;
}

export interface CycleDetails {
  datasetId: string;
  row: number;
  keys: Record<string, string>;
  files: TierFileDetails[];
}

/**
 * What the user persisted: restored on the next start. Version 1 had no `version` and no `sections`; both
 * read as before. Sections are owned by features (channels, cuts, savedCuts, histogram, waveforms, panes,
 * …), each validated by its owner when restored, so a new feature adds a section without a new version.
 */
export interface SessionState {
  version?: number;
  dataset: { path: string; kind: SourceKind } | null;
  selection: { rows: number[]; focusedRow: number | null };
  query: string;
  /** Opaque UI layout (grid column state, panel sizes); plain JSON. */
  layout: Record<string, unknown>;
  /** Optional feature sections, plain JSON; unknown ones are kept as they are. */
  sections?: Record<string, unknown>;
}

/** Why the file chooser is open: what is picked must exist (open) or may be a new file (save). */
export type ChooserPurpose = "open" | "save";

export interface FolderEntry {
  name: string;
  kind: "folder" | "file";
  /** Bytes, for files. */
  size: number;
  /** A file the chooser offers for its purpose (LH5, JSON/YAML configs for open; anything for save). */
  matches: boolean;
}

/** One folder as the web-mode file chooser shows it. */
export interface FolderListing {
  path: string;
  /** The folder above, or null at the top of the file system. */
  parent: string | null;
  entries: FolderEntry[];
  /** True when the folder had more entries than listed. */
  truncated: boolean;
  /** Places to jump to: home, the open dataset's folder, the exports folder, the opened folders. */
  places: { label: string; path: string }[];
}

/**
 * What the chooser confirmed: a one-time permission for exactly this path and purpose, presented with the
 * next openDataset / exportSelection / saveEntryList / saveView / loadView of that path.
 */
export interface PathGrant {
  path: string;
  grant: string;
}

export interface RecentEntry {
  path: string;
  kind: SourceKind;
  openedAt: number;
  /** The folders the dataset read from (its data folders, confirmed when outside the opened ones). */
  dataFolders?: string[];
}

// ---------------------------------------------------------------------------------------------
// Data selections, shared by the exploration methods (issues 7 and 8).

/** What data a count, histogram, waveform page or export is computed over. */
export interface DataSelection {
  /** FileDB rows (cycles); empty = all rows matching `fileQuery`. */
  rows: number[];
  fileQuery?: string;
  /** Channels (rawids or names); empty = all. */
  channels: (number | string)[];
  /** Cuts per level, in the shared query language. */
  cuts: { hit?: string; evt?: string };
  /**
   * Id of a saved entry list opened with `loadEntryList`: the selection is then exactly its entries
   * (the service ignores rows, fileQuery, channels and cuts).
   */
  entryList?: string;
}

export interface ChannelEntry {
  /** Table name, e.g. `ch1084803`. */
  table: string;
  rawid: number | null;
  name: string | null;
  system: string | null;
  string: number | null;
  position: number | null;
  usability: string | null;
}

export interface ChannelList {
  datasetId: string;
  channels: ChannelEntry[];
  /** Entries per channel over the selected cycles, aligned with `channels`; -1 unknown. */
  entries: Float64Array;
  metadataFound: boolean;
}

export interface ColumnInfo {
  name: string;
  tier: string;
  level: string;
  lgdoType: string | null;
  dtype: string | null;
  units: string | null;
}

export interface EntryCount {
  total: number;
  /** Rawid per channel and the count passing, aligned. */
  channelIds: Float64Array;
  channelCounts: Float64Array;
  /** Cycles of the selection that gave no entries because a tier file is missing; absent when none. */
  skipped?: SkippedCycle[];
}

/** A cycle left out of a count: `cycle` is its key (`l200-p03-r000-cal-20230311T235840Z`). */
export interface SkippedCycle {
  cycle: string;
  reason: string;
}

export interface HistogramStats {
  entries: number;
  mean: number;
  std: number;
  underflow: number;
  overflow: number;
  /** Values that were NaN (not binned). */
  nan: number;
}

export interface Histogram1dRequest {
  selection: DataSelection;
  column: string;
  /** Tier holding the column; found from the column name when absent. */
  tier?: string;
  bins: number;
  /** Inclusive lower, exclusive upper; data range when absent. */
  range?: [number, number];
  splitBy?: "none" | "channel" | "file";
}

export interface Histogram1d {
  column: string;
  units: string | null;
  edges: Float64Array;
  /** One series per split (one when not split). */
  series: { label: string; counts: Float64Array; stats: HistogramStats }[];
}

export interface Histogram2dRequest {
  selection: DataSelection;
  x: { column: string; tier?: string; bins: number; range?: [number, number] };
  y: { column: string; tier?: string; bins: number; range?: [number, number] };
}

export interface Histogram2d {
  xEdges: Float64Array;
  yEdges: Float64Array;
  /** Row-major, `yBins × xBins`. */
  counts: Float64Array;
  stats: { x: HistogramStats; y: HistogramStats };
  /** Each column's `units` attribute (null without one), for the axis titles as in 1-D. */
  units?: { x: string | null; y: string | null };
}

export interface WaveformPageRequest {
  selection: DataSelection;
  /** Waveform columns, e.g. `waveform`, `waveform_windowed`. */
  columns: string[];
  /** Position in the entry list, and how many. */
  start: number;
  count: number;
  /** Draw a random sample of `count` entries instead of a page (seeded). */
  randomSeed?: number;
  /** Scalar columns to return per entry for the legend (e.g. `cuspEmax_ctc_cal`). */
  legendColumns?: string[];
  transforms?: WaveformTransform[];
  /** Only the entries inside a histogram bin, range or 2-D box (the linked view). */
  valueRange?: WaveformValueRange;
  /** Asked for ahead of the user (the next page): built only when nothing more urgent runs. */
  prefetch?: boolean;
}

/** Entries with `lo <= column < hi` (`<= hi` with closedHigh, as for a histogram's last bin), and the same on `column2` for a 2-D box. */
export interface WaveformValueRange {
  column: string;
  tier?: string;
  lo: number;
  hi: number;
  closedHigh?: boolean;
  column2?: string;
  tier2?: string;
  lo2?: number;
  hi2?: number;
  closedHigh2?: boolean;
}

export type WaveformTransform =
  | { kind: "baseline"; samples: number }
  | { kind: "moving-average"; window: number }
  | { kind: "trapezoid"; rise: number; flat: number }
  | { kind: "pole-zero"; tau: number }
  | { kind: "normalize"; column: string }
  | { kind: "align"; column: string }
  /** dv/dt (central differences), in ADC per time unit. */
  | { kind: "derivative" }
  /** The one-sided power spectral density; the trace's time axis becomes frequency (MHz for ns samples). Last. */
  | { kind: "spectrum" };

export interface WaveformPage {
  /** Entries in the selection (to page with). */
  totalEntries: number;
  /** Global entry index of each returned waveform. */
  entries: Float64Array;
  /** Per waveform column: samples `entries.length × nSamples` row-major, with t0/dt per entry. */
  traces: {
    column: string;
    nSamples: number;
    values: Float32Array;
    t0: Float64Array;
    dt: Float64Array;
    timeUnits: string;
    /** Entries of this page without this column (drawn as nothing, t0 and dt NaN), absent when none. */
    missing?: WaveformsMissing;
  }[];
  legend: Record<string, { values: Float64Array; units: string | null }>;
  /** Cycle, channel, row and event of each returned entry. */
  identity?: EntryIdentity;
}

/** Entries skipped for a waveform column: their cycle lacks the tier file that holds it (raw files are often archived), or their table lacks the column. */
export interface WaveformsMissing {
  entries: number;
  /** Distinct reasons, e.g. `l200-p03-r000-cal-20230311T235840Z has no raw file` (at most a few). */
  reasons: string[];
}

/** The typical pulse of a selection (or of a histogram's linked range): every entry's waveform, streamed. */
export interface WaveformTemplateRequest {
  selection: DataSelection;
  /** One waveform column, e.g. `waveform`. */
  column: string;
  transforms?: WaveformTransform[];
  valueRange?: WaveformValueRange;
  /** Amplitude bins of the persistence view and of the quantiles (even, 2–4096; default 512). */
  amplitudeBins?: number;
}

export interface WaveformTemplate {
  column: string;
  /** Traces in the template (all entries of the selection or range that have the column). */
  traces: number;
  /** Entries left out because they have no such waveform (see WaveformPage), absent when none. */
  missing?: WaveformsMissing;
  /** Sample i of every array is at time t0 + i * dt. */
  t0: number;
  dt: number;
  timeUnits: string;
  mean: Float64Array;
  median: Float64Array;
  /** 16 % and 84 % quantiles per sample. */
  low: Float64Array;
  high: Float64Array;
  /** Median and band are exact to this amplitude (one amplitude bin). */
  resolution: number;
  /** Persistence view: `amplitudeEdges.length - 1` rows × `columns`, row-major; column c starts at sample c · samplesPerColumn. */
  density: { amplitudeEdges: Float64Array; columns: number; samplesPerColumn: number; counts: Float64Array };
}

export interface ExportRequest {
  selection: DataSelection;
  columns: string[];
  format: "lh5" | "csv" | "arrow" | "parquet";
  outputPath: string;
  overwrite?: boolean;
  includeWaveforms?: boolean;
  /** The file chooser's permission for `outputPath` (a folder not opened before). */
  grant?: string;
}

export interface ExportResult {
  outputPath: string;
  rows: number;
  bytes: number;
}

/** The selection's entry list written to LH5 in pygama's layout (no saved output columns). */
export interface SaveEntryListRequest {
  selection: DataSelection;
  outputPath: string;
  overwrite?: boolean;
  /** The file chooser's permission for `outputPath`. */
  grant?: string;
}

export interface SavedEntryList {
  outputPath: string;
  entries: number;
  bytes: number;
}

/** One entry tagged while browsing: its cycle (FileDB row), table id (e.g. rawid 1084803) and row in that table. */
export interface TaggedEntry {
  cycle: number;
  table: number | string;
  row: number;
}

export interface SaveTaggedEntriesRequest {
  entries: TaggedEntry[];
  /** The level whose tables `row` counts in (the entries' identity level, e.g. `hit`). */
  level: string;
  outputPath: string;
  overwrite?: boolean;
  /** The file chooser's permission for `outputPath`. */
  grant?: string;
}

/** A saved entry list opened as a selection: put `entryListId` in `DataSelection.entryList`. */
export interface LoadedEntryList {
  entryListId: string;
  path: string;
  entries: number;
  /** FileDB rows (cycles) holding its entries, ascending. */
  rows: number[];
  /** Channels (table ids as in its `{level}_table` column, e.g. rawid 1084803), in order of first use. */
  channelIds: (number | string)[];
  /** Level of its `{level}_table`/`{level}_idx` columns, and the TCM level it was built through, if any. */
  parentLevel: string;
  tcmLevel: string | null;
}

// ---------------------------------------------------------------------------------------------
// Entry identity and the event view (issue 17): who an entry is, as compact columns.

/** One cycle (FileDB row) that entries come from. */
export interface IdentityCycle {
  /** FileDB row. */
  row: number;
  /** The cycle key, the file-name keys joined by `-`, e.g. `l200-p03-r001-cal-20230318T012144Z`. */
  key: string;
  /** The `timestamp` key (e.g. `20230318T012144Z`), null when the FileDB has none. */
  timestamp: string | null;
  /** File name (no folder) of each tier the cycle has, by tier. */
  files: Record<string, string>;
}

/** One channel (table) that entries come from, with what the channel map says about it. */
export interface IdentityChannel {
  /** Table group name, e.g. `ch1084803`. */
  table: string;
  rawid: number | null;
  /** Detector name from the channel map (e.g. `V02160A`), null without metadata. */
  name: string | null;
  system: string | null;
  string: number | null;
  position: number | null;
}

/**
 * The identity of each of N entries: per-cycle and per-channel tables, and per-entry indices into them
 * (never one object per entry).
 */
export interface EntryIdentity {
  cycles: IdentityCycle[];
  channels: IdentityChannel[];
  /** Index into `cycles` of each entry. */
  cycle: Uint32Array;
  /** Index into `channels` of each entry. */
  channel: Uint32Array;
  /** Row within its table (the `hit_idx` of pygama's entry list). */
  row: Float64Array;
  /** Event (TCM row within its cycle) of each entry; -1 for a hit in no event or a cycle without a TCM. */
  event: Float64Array;
  /** The level whose tables `row` counts in (e.g. `hit`). */
  level: string;
}

/** Every channel of the TCM event of one entry of a selection. */
export interface EventViewRequest {
  selection: DataSelection;
  /** Only the entries inside a histogram bin, range or box, as for `waveformPage`. */
  valueRange?: WaveformValueRange;
  /** Position of the entry in the selection's (range-filtered) entry list. */
  position: number;
  /** 0: the entry's own event; -1/+1: the nearest entry before/after it that is in another event. */
  step?: number;
  /** Waveform columns to draw per channel (empty for none). */
  columns: string[];
  /** Scalar columns to show per channel. */
  valueColumns: string[];
}

/** The entry of a selection nearest to a point of a 2-D histogram (x and y are two columns). */
export interface NearestEntryRequest {
  selection: DataSelection;
  x: { column: string; tier?: string };
  y: { column: string; tier?: string };
  /** The clicked point, in the columns' units. */
  at: [number, number];
  /** Distances count in these units per axis (e.g. a bin's width and height), so x and y weigh alike. */
  scale: [number, number];
  /** Only entries in this bin, range or box; the position is then in that filtered list, as for `waveformPage`. */
  valueRange?: WaveformValueRange;
}

export interface NearestEntry {
  /** Position of the entry in the selection's (range-filtered) entry list. */
  position: number;
  /** Entries in that list. */
  totalEntries: number;
  /** The entry's values of the two columns. */
  x: number;
  y: number;
}

export interface EventView {
  /** Entries in the selection. */
  totalEntries: number;
  /** Position of the entry shown (moved by `step`; unchanged at either end of the selection). */
  position: number;
  /** The event's number within its cycle; -1 when the entry is in no event (only the entry is shown). */
  event: number;
  /** The hits of the event, geds first, then by string and position. */
  identity: EntryIdentity;
  /** Which hit is the selection's entry. */
  current: number;
  values: Record<string, { values: Float64Array; units: string | null }>;
  /** As in a WaveformPage; NaN samples for a channel without that waveform column. */
  traces: WaveformPage["traces"];
}
