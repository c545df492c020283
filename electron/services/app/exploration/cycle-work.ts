// The per-cycle work of live counts, histograms and column values, run in pool workers: hit entries of a
// cycle (the DataLoader's buildHitEntries rules: tables in datastream order, tables absent from the first
// tier skipped, tables lacking a cut column dropped) as masks over whole tables, never as entry lists; with an
// evt cut, the hits of the passing events through the cycle's TCM (buildTcmEntries' rules, tcm-entries.ts) as
// row lists per table in event order; and the column values of those entries as `load` gives them (from the
// tier holding the column in that cycle, later tiers winning; NaN where no tier has it). Columns, TCMs and cut
// masks stay cached in the worker.
import type { Lgdo, LgdoArray, LgdoTable, NumericData } from "../../../../shared/lgdo/model.ts";
import type { QueryColumn } from "../../../../shared/query/index.ts";
import { parseExpression, referencedColumns } from "../../../../shared/query/index.ts";
import { MinMaxAccumulator } from "../../analysis/binning.ts";
import { Histogram1D, type Histogram1DState, warmHistogramLoops } from "../../analysis/histogram.ts";
import type { LevelSpec } from "../../flow/loader/config.ts";
import { type PreparedCut, evaluateCut, prepareCut, queryColumnOf } from "../../flow/loader/cuts.ts";
import type { TableId } from "../../flow/loader/entry-list.ts";
import { type CatalogData, FileCache, TableCatalog } from "../../flow/loader/sources.ts";
import { type Tcm, tcmFromLgdo } from "../../flow/loader/tcm.ts";
import { HeapArena } from "../../lh5/heap-arena.ts";
import { WARM_UP_TABLE, removeWarmUpFile, writeWarmUpFile } from "../../lh5/warm-reads.ts";
import type { HeapArray } from "../../lh5/reader.ts";
import { ByteLru } from "./byte-lru.ts";
import { workerColumnCacheBytes } from "./cache-budget.ts";
import { type TcmCycleEntries, combineTcmEntries } from "./tcm-entries.ts";
import { fileStamp } from "../../fs/file-stamp.ts";

/** What every cycle task names: the cycles, the lowest level, the selected tables and the hit cut. */
export interface CycleTaskArgs {
  /** Cache scope (one open dataset): entries of another scope are never reused. */
  scope: string;
  catalog: CatalogData;
  level: LevelSpec;
  rows: number[];
  /** Datastreams of the level (table ids in order), or null for every table of each cycle. */
  tables: TableId[] | null;
  /** Datastreams per cycle (channel-map words resolve at each cycle's time), used instead of `tables`. */
  tablesByRow?: Record<number, TableId[]>;
  /** The hit cut, parsed and checked once in the main thread (see Selection), or null. */
  cut: PreparedCut | null;
  /** An evt cut through the TCM (entries then come in TCM order, as buildTcmEntries lists them), or null. */
  evt: EvtCutArgs | null;
}

/** An evt cut and the levels it goes through: the TCM level (parent: the task's level) and the evt level. */
export interface EvtCutArgs {
  tcm: LevelSpec;
  evt: LevelSpec;
  cut: PreparedCut;
}

/** A cycle as the entry list sees it: the tables listed (codes assigned) and the entries passing. */
export interface CycleInfo {
  row: number;
  listed: TableId[];
  /** Passing entries per listed table. */
  counts: number[];
}

/** A user-facing problem found in a worker (wrong column type, inconsistent tables), sent as data. */
export interface CycleProblem {
  problem: string;
  /** For cut errors: the error's name and the span of the offending text. */
  name?: string;
  position?: number;
  end?: number;
}

/**
 * One table of one cycle with its passing rows: all `nRows` when `mask` is null and `at` absent. Through a
 * TCM, `at` lists them instead (table rows in entry order, their positions in the cycle's entry list and
 * their events), and `nRows` is one past the highest row.
 */
interface Piece {
  row: number;
  tb: TableId;
  nRows: number;
  mask: Uint8Array | null;
  passing: number;
  at?: { rows: Int32Array; positions: Int32Array; events: Int32Array };
}

/**
 * Bytes of wasm heap a worker keeps touched for the histogram column of a first draw (staged columns below):
 * 8×10^6 float64 values, a worker's share of a first Draw over 1.6×10^7 entries.
 */
const STAGING_BYTES = 64 * 1024 * 1024;

/** Staged columns start moving into the cache this long after their task. */
const SETTLE_DELAY_MS = 300;

/**
 * They move a slice of about this many bytes at a time, with the event loop run in between, so a task sent
 * meanwhile waits for one slice (a few ms), not for all of them (~100 ms per 40 MB here).
 */
const SETTLE_SLICE_BYTES = 4 * 1024 * 1024;

/** Worker-side state kept between tasks: open files, columns read and cut masks. */
class CycleState {
  scope = "";
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  readonly files = new FileCache(256);
  /** Columns and masks read, bounded by bytes (cache-budget.ts): memory does not grow with the entries. */
  readonly cache = new ByteLru<Lgdo | Uint8Array | number | Tcm | null>(workerColumnCacheBytes());
  /**
   * The histogram column of a first draw is read into `arena` (wasm heap touched ahead of time) and binned
   * there: copying it into fresh memory for the cache (page faults) waits until the result was sent.
   * Staged columns are served like cached ones until settleSoon() moves them into the cache.
   */
  readonly arena: HeapArena;
  readonly staged = new Map<string, HeapArray>();

  constructor(stagingBytes: number) {
    this.arena = new HeapArena(stagingBytes);
  }

  enter(scope: string): void {
    if (scope === this.scope) return;
    this.clear();
    this.scope = scope;
  }

  clear(): void {
    this.staged.clear();
    this.arena.reset();
    this.files.closeAll();
    this.cache.clear();
    this.scope = "";
  }

  /** Moves every staged column into the cache now and empties the arena (the warm-up; tests). */
  settle(): void {
    for (const key of [...this.staged.keys()]) this.settleColumn(key);
    this.arena.reset();
  }

  /** Moves one staged column into the cache (its arena bytes stay taken until the next reset); returns it. */
  settleColumn(key: string): LgdoArray {
    const heap = this.staged.get(key)!;
    const data = heap.values.view().slice(); // a copy in fresh memory, off the wasm heap
    const column = stagedLgdo(heap, data);
    this.cache.set(key, column, data.byteLength);
    this.staged.delete(key);
    return column;
  }

  /**
   * Moves the staged columns into the cache a slice at a time, starting a little after the histogram task
   * that staged them (its result is on its way; the worker runs the slices between tasks). Until then they
   * are served from the arena, so the second pass of an automatic range or a quick redraw reads nothing again.
   */
  settleSoon(delay = SETTLE_DELAY_MS): void {
    if (this.settleTimer !== null || this.staged.size === 0) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      let moved = 0;
      for (const key of this.staged.keys()) {
        if (moved >= SETTLE_SLICE_BYTES) break;
        moved += (this.settleColumn(key).data as NumericData).byteLength; // staged columns are numeric
      }
      if (this.staged.size === 0) this.arena.reset();
      else this.settleSoon(0);
    }, delay);
    this.settleTimer.unref?.();
  }
}

/** The worker's state for the open dataset's tasks. */
const datasetState = new CycleState(STAGING_BYTES);
/** The state the task functions use: datasetState, or a scratch state while the warm-up runs a step. */
let state = datasetState;

/** Runs `work` on `scratch` instead of the dataset's state (never across a yield to the event loop). */
function withState<T>(scratch: CycleState, work: () => T): T {
  state = scratch;
  try {
    return work();
  } finally {
    state = datasetState;
  }
}

/** Moves the staged columns into the cache now (see CycleState.settle; tests and the warm-up). */
export function settleStagedColumns(): void {
  state.settle();
}

/** The LGDO array of a staged column, over `data` (by default a view of the arena, valid until the next h5wasm call). */
function stagedLgdo(heap: HeapArray, data = heap.values.view()): LgdoArray {
  return {
    kind: "array",
    form: heap.form,
    element: { ...heap.element },
    dtype: heap.values.dtype,
    shape: [...heap.values.shape],
    data,
    attrs: heap.attrs,
  };
}

/** Drops the worker's caches and closes its files (dataset closed). */
export function clearCycleState(): void {
  state.clear();
}

/** Sets this thread's column cache budget (tests; workers take theirs from the environment). */
export function setCycleCacheBudget(bytes: number): void {
  datasetState.cache.setBudget(bytes);
}

/** Bytes of columns and masks this thread keeps (diagnostics and tests). */
export function cycleCacheBytes(): number {
  return state.cache.bytes;
}

/** Bytes of the columns staged in the arena, not yet in the cache (diagnostics and tests). */
export function stagedColumnBytes(): number {
  let bytes = 0;
  for (const heap of state.staged.values()) bytes += heap.values.view().byteLength;
  return bytes;
}

/** Problems users must see are thrown as this and reported as data. */
export class CycleProblemError extends Error {
  override name = "CycleProblemError";
}

/** Cache key of a column of a table (the file's version in it: a file rewritten since is read again). */
function columnKey(path: string, tableName: string, name: string): string {
  return `col\0${path}\0${fileStamp(path)}\0${tableName}\0${name}`;
}

function tierFilePath(catalog: TableCatalog, row: number, tier: string): string {
  const path = catalog.filePath(row, tier);
  if (path === null) throw new CycleProblemError(`${catalog.cycleName(row)} has no ${tier} file`);
  return path;
}

/**
 * A column of a table that stays valid whatever is read next: from the cache, or read and cached (a staged
 * column is moved into the cache first, so a later read cannot detach its values).
 */
function readColumn(catalog: TableCatalog, row: number, tier: string, tb: TableId, name: string): Lgdo {
  const path = tierFilePath(catalog, row, tier);
  const tableName = catalog.tableName(tier, tb);
  const key = columnKey(path, tableName, name);
  const cached = state.cache.get(key);
  if (cached !== undefined) return cached as Lgdo;
  if (state.staged.has(key)) return state.settleColumn(key);
  const table = state.files.get(path).read(tableName, { columns: [name], decode: true }) as LgdoTable;
  const column = table.columns[name];
  if (!column) throw new CycleProblemError(`${path}:${tableName} has no column '${name}'`);
  const bytes =
    column.kind === "array" && ArrayBuffer.isView(column.data) ? column.data.byteLength : 1_000_000;
  state.cache.set(key, column, bytes);
  return column;
}

/**
 * Scoped access to a column for one synchronous use (binning, an extent): `use` may get a view of the
 * worker's staging arena on the wasm heap (a first read goes there when it fits, and a staged column is
 * served from there), valid only while `use` runs; nothing is read meanwhile, and `use` must not keep it.
 * Columns that must outlive another read (cut columns) come from readColumn.
 */
function withColumn<T>(
  catalog: TableCatalog,
  row: number,
  tier: string,
  tb: TableId,
  name: string,
  use: (column: Lgdo) => T,
): T {
  const path = tierFilePath(catalog, row, tier);
  const tableName = catalog.tableName(tier, tb);
  const key = columnKey(path, tableName, name);
  const cached = state.cache.get(key);
  if (cached !== undefined) return use(cached as Lgdo);
  const staged = state.staged.get(key);
  if (staged !== undefined) return use(stagedLgdo(staged));
  if (state.arena.reserved) {
    const file = state.files.get(path);
    // a name that is not a column of the table takes readColumn's way, which says so
    const heap = file.tableColumns(tableName).includes(name)
      ? file.readArrayToHeap(`${tableName}/${name}`, state.arena)
      : null;
    if (heap !== null) {
      state.staged.set(key, heap);
      return use(stagedLgdo(heap));
    }
  }
  return use(readColumn(catalog, row, tier, tb, name));
}

function tableRows(catalog: TableCatalog, row: number, tier: string, tb: TableId): number {
  const path = catalog.filePath(row, tier)!;
  const tableName = catalog.tableName(tier, tb);
  const key = `rows\0${path}\0${fileStamp(path)}\0${tableName}`;
  const cached = state.cache.get(key);
  if (typeof cached === "number") return cached;
  const n = state.files.get(path).nRows(tableName);
  state.cache.set(key, n, 64);
  return n;
}

/** The cut's mask over a whole table, or null when a cut column is in no tier of the table (dropped). */
function cutMask(
  catalog: TableCatalog,
  level: LevelSpec,
  cut: PreparedCut,
  row: number,
  tb: TableId,
): Uint8Array | null {
  // Every tier file of the level may hold a cut column: the key has each one's version.
  const files = level.tiers.map((tier) => catalog.filePath(row, tier) ?? "");
  const key = `cut\0${files.map((f) => `${f}\0${fileStamp(f)}`).join("\0")}\0${String(tb)}\0${level.name}\0${cut.text}`;
  const cached = state.cache.get(key);
  if (cached !== undefined) return cached as Uint8Array | null;
  const tierOf = catalog.tierOfColumns(row, level.tiers, tb, cut.columns);
  let mask: Uint8Array | null = null;
  if (tierOf.size === cut.columns.length) {
    const query = Object.create(null) as Record<string, QueryColumn>; // cut names are the user's
    let length = -1;
    for (const name of cut.columns) {
      const tier = tierOf.get(name)!;
      const column = readColumn(catalog, row, tier, tb, name);
      const n = column.kind === "array" ? column.shape[0]! : -1;
      if (length >= 0 && n !== length)
        throw new CycleProblemError(
          `${catalog.cycleName(row)}: the columns of cut '${cut.text}' in table ${String(tb)} have ${length} and ${n} rows`,
        );
      length = n;
      query[name] = queryColumnOf(
        name,
        column,
        cut,
        `${catalog.filePath(row, tier)}:${catalog.tableName(tier, tb)}`,
      );
    }
    mask = evaluateCut(cut, length, query);
  }
  state.cache.set(key, mask, mask?.byteLength ?? 64);
  return mask;
}

function countMask(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]! === 0 ? 0 : 1;
  return n;
}

/** The selected tables of a cycle, or null for all of them. */
function tablesAt(args: CycleTaskArgs, row: number): TableId[] | null {
  return args.tablesByRow?.[row] ?? args.tables;
}

/**
 * Walks the cycles' tables as buildHitEntries does, handing each table with its passing rows to `use`
 * (tables without passing rows too); returns what the entry list would hold per cycle.
 */
export function forEachPiece(
  args: CycleTaskArgs,
  checkCancelled: () => void,
  progress: (done: number) => void,
  use: (piece: Piece, catalog: TableCatalog) => void,
): CycleInfo[] {
  state.enter(args.scope);
  const catalog = TableCatalog.fromData(args.catalog);
  const level = args.level;
  const cut = args.cut;
  const cycles: CycleInfo[] = [];
  args.rows.forEach((row, done) => {
    checkCancelled();
    if (args.evt) {
      const entries = tcmCycleEntries(catalog, args, args.evt, row);
      if (entries) cycles.push(tcmPieces(row, entries, (piece) => use(piece, catalog)));
      progress(done + 1);
      return;
    }
    // tables listed by the first tier with a file in this cycle (raw files are often archived)
    const firstTier = catalog.listingTier(row, level.tiers);
    const present = firstTier === null ? null : catalog.tables(row, firstTier);
    if (firstTier !== null && present) {
      const info: CycleInfo = { row, listed: [], counts: [] };
      for (const tb of tablesAt(args, row) ?? present) {
        if (!catalog.columnsOf(row, firstTier, tb)) continue;
        info.listed.push(tb);
        const mask = cut ? cutMask(catalog, level, cut, row, tb) : null;
        if (cut && mask === null) {
          info.counts.push(0);
          continue;
        }
        const nRows = mask ? mask.length : tableRows(catalog, row, firstTier, tb);
        const passing = mask ? countMask(mask) : nRows;
        info.counts.push(passing);
        use({ row, tb, nRows, mask, passing }, catalog);
      }
      cycles.push(info);
    }
    progress(done + 1);
  });
  return cycles;
}

/** The TCM of a cycle (cached), or null when the cycle has no TCM file or table (buildTcmEntries skips it). */
function readTcm(catalog: TableCatalog, tcm: LevelSpec, row: number): Tcm | null {
  const tier = tcm.tiers[0]!;
  const tables = catalog.tables(row, tier);
  const path = catalog.filePath(row, tier);
  if (!tables || tables.length === 0 || path === null) return null;
  if (tables.length > 1)
    throw new CycleProblemError(
      `there are ${tables.length} TCM tables in level '${tcm.name}' (${tables.map(String).join(", ")}); pass tcmTable`,
    );
  const tb = tables[0]!;
  if (!catalog.columnsOf(row, tier, tb)) return null;
  const tableName = catalog.tableName(tier, tb);
  const key = `tcm\0${path}\0${fileStamp(path)}\0${tableName}\0${JSON.stringify(tcm.tcmCols)}`;
  const cached = state.cache.get(key);
  if (cached !== undefined) return cached as Tcm;
  let map: Tcm;
  try {
    map = tcmFromLgdo(state.files.get(path).read(tableName), tcm.tcmCols!, `${path}:${tableName}`);
  } catch (error) {
    throw new CycleProblemError(error instanceof Error ? error.message : String(error));
  }
  const bytes = map.cumulativeLength.byteLength + map.tableKey.byteLength * 2 + map.eventOf.byteLength;
  state.cache.set(key, map, bytes);
  return map;
}

/** Events of a cycle passing the evt cut: an event passes when a row of some evt table passes (as the loader's). */
function eventPassing(catalog: TableCatalog, evt: EvtCutArgs, row: number, nEvents: number): Uint8Array {
  const pass = new Uint8Array(nEvents);
  for (const tb of catalog.tables(row, evt.evt.tiers[0]!) ?? []) {
    const mask = cutMask(catalog, evt.evt, evt.cut, row, tb);
    if (mask === null) continue;
    if (mask.length !== nEvents)
      throw new CycleProblemError(
        `${catalog.cycleName(row)}: ${evt.evt.name} table ${String(tb)} has ${mask.length} rows but the TCM has ${nEvents} events`,
      );
    for (let ev = 0; ev < nEvents; ev++) if (mask[ev]) pass[ev] = 1;
  }
  return pass;
}

/** A cycle's entries through its TCM (buildTcmEntries in "only" mode), or null when the cycle is skipped. */
function tcmCycleEntries(
  catalog: TableCatalog,
  args: CycleTaskArgs,
  evt: EvtCutArgs,
  row: number,
): TcmCycleEntries | null {
  const map = readTcm(catalog, evt.tcm, row);
  if (map === null) return null;
  const hitCut = args.cut;
  // hits of tables that no tier of the hit level has are dropped, as buildTcmEntries (and pygama) drop them
  const known = catalog.tablesInAny(row, args.level.tiers);
  const chosen = tablesAt(args, row);
  return combineTcmEntries({
    tcm: map,
    wanted: chosen ? new Set(chosen.map(String).filter((tb) => known.has(tb))) : known,
    hitMask: (tb) => (hitCut ? cutMask(catalog, args.level, hitCut, row, tb) : "all"),
    eventPass: eventPassing(catalog, evt, row, map.nEvents),
  });
}

/** Hands `use` a piece per listed table of a cycle's TCM entries; returns the cycle as the entry list sees it. */
function tcmPieces(row: number, entries: TcmCycleEntries, use: (piece: Piece) => void): CycleInfo {
  const { listed, tableCode, idx, evtIdx } = entries;
  const counts = new Array<number>(listed.length).fill(0);
  for (let e = 0; e < tableCode.length; e++) counts[tableCode[e]!]! += 1;
  // positions of each table's entries, grouped by table (a counting sort of the codes)
  const start = new Int32Array(listed.length + 1);
  for (let k = 0; k < listed.length; k++) start[k + 1] = start[k]! + counts[k]!;
  const fill = start.slice(0, listed.length);
  const order = new Int32Array(tableCode.length);
  for (let e = 0; e < tableCode.length; e++) order[fill[tableCode[e]!]!++] = e;
  listed.forEach((tb, k) => {
    const positions = order.subarray(start[k], start[k + 1]);
    const rows = positions.map((e) => idx[e]!);
    const events = positions.map((e) => evtIdx[e]!);
    let nRows = 0;
    for (const r of rows) if (r >= nRows) nRows = r + 1;
    use({ row, tb, nRows, mask: null, passing: positions.length, at: { rows, positions, events } });
  });
  return { row, listed: [...listed], counts };
}

/** The tier holding `column` in a piece's table (later tiers win), or undefined when none has it. */
function tierOf(catalog: TableCatalog, level: LevelSpec, piece: Piece, column: string): string | undefined {
  return catalog.tierOfColumns(piece.row, level.tiers, piece.tb, [column]).get(column);
}

/** A column's values over a piece's table (length nRows), checked to be one number per row. */
function numericOf(
  catalog: TableCatalog,
  level: LevelSpec,
  piece: Piece,
  tier: string,
  column: string,
  lgdo: Lgdo,
): NumericData {
  const where = `${catalog.filePath(piece.row, tier)}:${catalog.tableName(tier, piece.tb)}`;
  if (lgdo.kind !== "array" || lgdo.shape.length !== 1 || lgdo.dtype === "string")
    throw new CycleProblemError(
      `column '${column}' is not a scalar numeric column (it is ${lgdo.kind === "array" ? `an array of shape [${lgdo.shape.join(", ")}] ${lgdo.dtype}` : `a ${lgdo.kind}`}) in ${where}`,
    );
  const data = lgdo.data as NumericData;
  if (data.length < piece.nRows)
    throw new CycleProblemError(
      `${where} has ${data.length} rows, but the table of tier ${catalog.listingTier(piece.row, level.tiers)} has ${piece.nRows}`,
    );
  return data.length === piece.nRows ? data : data.subarray(0, piece.nRows);
}

function unitsAttr(lgdo: Lgdo): string | null {
  const units = lgdo.attrs.units;
  return typeof units === "string" && units !== "" ? units : null;
}

/**
 * Hands `use` the values of `column` over a piece's table (null when no tier of the table has it) and their
 * units, through withColumn: the values are valid only while `use` runs.
 */
function withPieceValues<T>(
  catalog: TableCatalog,
  level: LevelSpec,
  piece: Piece,
  column: string,
  use: (values: NumericData | null, units: string | null) => T,
): T {
  const tier = tierOf(catalog, level, piece, column);
  if (tier === undefined) return use(null, null);
  return withColumn(catalog, piece.row, tier, piece.tb, column, (lgdo) =>
    use(numericOf(catalog, level, piece, tier, column, lgdo), unitsAttr(lgdo)),
  );
}

/** The values of `column` over a piece's table that stay valid (null when no tier of the table has it). */
function pieceValues(
  catalog: TableCatalog,
  level: LevelSpec,
  piece: Piece,
  column: string,
): NumericData | null {
  const tier = tierOf(catalog, level, piece, column);
  if (tier === undefined) return null;
  return numericOf(
    catalog,
    level,
    piece,
    tier,
    column,
    readColumn(catalog, piece.row, tier, piece.tb, column),
  );
}

/** The units of `column` in a piece's table. */
function unitsOf(catalog: TableCatalog, level: LevelSpec, piece: Piece, column: string): string | null {
  const tier = tierOf(catalog, level, piece, column);
  return tier === undefined ? null : unitsAttr(readColumn(catalog, piece.row, tier, piece.tb, column));
}

/**
 * Runs the hot loops (histogram fills and extents over every column class, mask count) over small synthetic
 * arrays, so that V8 has optimised them before the first real task: a cold fill runs interpreted for a
 * while and costs about 5× a warm one over the first 10^6 values.
 */
export function warmCycleWork(): void {
  warmHistogramLoops();
  const mask = new Uint8Array(8192).fill(1);
  for (let k = 0; k < 50; k++) countMask(mask);
}

/** Bytes of the warm-up's own arena: its throwaway column (WARM_UP_TABLE.rows float64) with room to spare. */
const WARM_UP_STAGING_BYTES = 4 * 1024 * 1024;

/** The staging arena is touched this much per warm-up step (~30-40 ms here), so real work waits little. */
const TOUCH_STEP_BYTES = 8 * 1024 * 1024;

/**
 * Readies the path of a first draw, in short steps (the caller may stop between them when real work comes):
 * touches the staging arena (slow here, so it is done before the click), then runs the count and histogram
 * tasks (staged and cached reads, cuts, automatic range) over a throwaway one-cycle dataset with a state of
 * its own, so that the first real task runs optimised JavaScript and wasm and finds its caches as they were.
 * Its value: false when the throwaway file could not be used (only speed is lost).
 */
export function* warmCycleReadSteps(): Generator<void, boolean> {
  if (datasetState.arena.reserve()) while (!datasetState.arena.touch(TOUCH_STEP_BYTES)) yield;
  const scratch = new CycleState(WARM_UP_STAGING_BYTES);
  let path: string | null = null;
  try {
    path = writeWarmUpFile();
    yield;
    const { channel, columns } = WARM_UP_TABLE;
    const catalog: CatalogData = {
      tiers: ["hit"],
      tableFormat: { hit: WARM_UP_TABLE.name.replace(String(channel), "{ch}") },
      columns: [[...columns]],
      rows: { 0: { name: "warm-up", tiers: { hit: { path, tables: [channel], colIdx: [0] } } } },
    };
    const base = {
      scope: "warm-up",
      catalog,
      level: { name: "hit", tiers: ["hit"] },
      rows: [0],
      tables: null,
      evt: null,
    };
    const none = () => undefined;
    if (scratch.arena.reserve()) scratch.arena.touch();
    const warmCut = "flag & (energy > 100)";
    for (const cut of [null, prepareCut("hit", warmCut, referencedColumns(parseExpression(warmCut)), [])]) {
      withState(scratch, () => countCycles({ ...base, cut }, none, none));
      yield;
      for (const range of [null, [0, 3000] as [number, number]]) {
        withState(scratch, () => {
          histogramCycles({ ...base, cut, column: "energy", splitBy: "none", bins: 100, range }, none, none);
          scratch.settle();
        });
        scratch.clear(); // the next step reads (and inflates) the file again
        yield;
      }
    }
    return true;
  } catch {
    return false;
  } finally {
    scratch.clear();
    scratch.arena.release();
    if (path !== null) removeWarmUpFile(path);
  }
}

export interface HistogramTaskArgs extends CycleTaskArgs {
  column: string;
  splitBy: "none" | "file" | "channel";
  bins: number;
  /** The binning range; null asks only for the finite min/max of the values (the automatic range's first pass). */
  range: [number, number] | null;
}

export interface HistogramTaskResult {
  cycles: CycleInfo[];
  units: string | null;
  /** Finite extent of the entries' values (null when there are none). */
  extent: { min: number; max: number } | null;
  /** Partial histograms by group key ("0", the FileDB row, or String(table id)); empty when range is null. */
  groups: { key: string; state: Histogram1DState }[];
}

/**
 * A piece's passing values as a fill takes them: the table's values under the mask, or (through a TCM) the
 * values at its rows.
 */
function passingView(values: NumericData, piece: Piece): { data: NumericData; mask: Uint8Array | undefined } {
  if (!piece.at) return { data: values, mask: piece.mask ?? undefined };
  const { rows } = piece.at;
  const data = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) data[i] = values[rows[i]!]!;
  return { data, mask: undefined };
}

function groupKey(splitBy: HistogramTaskArgs["splitBy"], piece: Piece): string {
  if (splitBy === "file") return String(piece.row);
  if (splitBy === "channel") return String(piece.tb);
  return "0";
}

/** Histogram of one column over the cycles' entries, by group, or the values' extent only. */
export function histogramCycles(
  args: HistogramTaskArgs,
  checkCancelled: () => void,
  progress: (done: number) => void,
): HistogramTaskResult {
  const extent = new MinMaxAccumulator();
  const groups = new Map<string, Histogram1D>();
  let units: string | null = null;
  let cycles: CycleInfo[];
  state.arena.reserve(); // staging works before the idle warm-up touched the arena (it then faults as it fills)
  try {
    cycles = forEachPiece(args, checkCancelled, progress, (piece, catalog) => {
      if (piece.passing === 0) return;
      withPieceValues(catalog, args.level, piece, args.column, (values, pieceUnits) => {
        units ??= pieceUnits;
        const view = values ? passingView(values, piece) : null;
        if (args.range === null) {
          if (view) extent.add(view.data, view.mask);
          return;
        }
        const key = groupKey(args.splitBy, piece);
        let hist = groups.get(key);
        if (!hist) groups.set(key, (hist = new Histogram1D({ bins: args.bins, range: args.range })));
        if (view) hist.fill(view.data, view.mask);
        else hist.addNan(piece.passing);
      });
    });
  } finally {
    state.settleSoon(); // also after a cancel: what was staged is whole and worth keeping
  }
  return {
    cycles,
    units,
    extent: extent.result() ?? null,
    groups: [...groups].map(([key, hist]) => ({ key, state: hist.state() })),
  };
}

export interface CountTaskResult {
  cycles: CycleInfo[];
}

/** Passing entries per cycle and table. */
export function countCycles(
  args: CycleTaskArgs,
  checkCancelled: () => void,
  progress: (done: number) => void,
): CountTaskResult {
  return { cycles: forEachPiece(args, checkCancelled, progress, () => undefined) };
}

export interface ValuesTaskArgs extends CycleTaskArgs {
  columns: string[];
}

export interface ValuesTaskResult {
  cycles: CycleInfo[];
  /** Per column: its units (from the first table that has it). */
  units: (string | null)[];
  /** Per column, per cycle (aligned with `cycles`): the values of its entries in entry-list order. */
  values: Float64Array[][];
}

/** Values of a piece's passing rows (NaN where the table lacks the column). */
function passingValues(values: NumericData | null, piece: Piece): Float64Array {
  const out = new Float64Array(piece.passing);
  if (values === null) out.fill(Number.NaN);
  else if (piece.at) out.set(passingView(values, piece).data);
  else if (piece.mask === null) out.set(values);
  else {
    const mask = piece.mask;
    let j = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) out[j++] = values[i]!;
  }
  return out;
}

/** Pieces joined in order, as float64. */
export function concatFloat64(pieces: readonly NumericData[]): Float64Array {
  const out = new Float64Array(pieces.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}

/** Pieces placed at their positions (piece k's value i at positions[k][i]), as float64. */
function scatterFloat64(pieces: readonly NumericData[], positions: readonly Int32Array[]): Float64Array {
  const out = new Float64Array(pieces.reduce((n, p) => n + p.length, 0));
  pieces.forEach((piece, k) => {
    const at = positions[k]!;
    for (let i = 0; i < at.length; i++) out[at[i]!] = piece[i]!;
  });
  return out;
}

/** The columns' values for every entry of the cycles, in entry-list order (NaN where a table lacks one). */
export function valuesOfCycles(
  args: ValuesTaskArgs,
  checkCancelled: () => void,
  progress: (done: number) => void,
): ValuesTaskResult {
  const parts = new Map<number, Float64Array[][]>();
  const positions = new Map<number, Int32Array[]>();
  const units: (string | null)[] = args.columns.map(() => null);
  const cycles = forEachPiece(args, checkCancelled, progress, (piece, catalog) => {
    if (piece.passing === 0) return;
    const part = parts.get(piece.row) ?? args.columns.map((): Float64Array[] => []);
    parts.set(piece.row, part);
    if (piece.at) positions.set(piece.row, [...(positions.get(piece.row) ?? []), piece.at.positions]);
    args.columns.forEach((column, c) => {
      units[c] ??= unitsOf(catalog, args.level, piece, column);
      part[c]!.push(passingValues(pieceValues(catalog, args.level, piece, column), piece));
    });
  });
  // through a TCM each table's values go to their entries' positions (event order); else tables follow each other
  const inOrder = (row: number, pieces: Float64Array[]): Float64Array => {
    const at = positions.get(row);
    return at ? scatterFloat64(pieces, at) : concatFloat64(pieces);
  };
  const values = args.columns.map((_, c) => cycles.map(({ row }) => inOrder(row, parts.get(row)?.[c] ?? [])));
  return { cycles, units, values };
}

export interface EntriesTaskResult {
  cycles: CycleInfo[];
  /** Per cycle (aligned with `cycles`): the passing rows of its listed tables, table after table. */
  idx: Int32Array[];
  /** Through a TCM (entries in event order): per cycle, each entry's code in `listed` and its event. */
  tcm?: { tableCode: Int32Array[]; evtIdx: Int32Array[] };
}

/** The entry list's `{level}_idx` per cycle: passing rows in table order (datastream order), ascending. */
export function entriesOfCycles(
  args: CycleTaskArgs,
  checkCancelled: () => void,
  progress: (done: number) => void,
): EntriesTaskResult {
  if (args.evt) return tcmEntriesOfCycles(args, checkCancelled, progress);
  const parts = new Map<number, Int32Array[]>();
  const cycles = forEachPiece(args, checkCancelled, progress, (piece) => {
    if (piece.passing === 0) return;
    const rows = new Int32Array(piece.passing);
    if (piece.mask === null) for (let i = 0; i < rows.length; i++) rows[i] = i;
    else {
      const mask = piece.mask;
      let j = 0;
      for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) rows[j++] = i;
    }
    const part = parts.get(piece.row) ?? [];
    parts.set(piece.row, part);
    part.push(rows);
  });
  const idx = cycles.map(({ row }) => {
    const pieces = parts.get(row) ?? [];
    const out = new Int32Array(pieces.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const piece of pieces) {
      out.set(piece, offset);
      offset += piece.length;
    }
    return out;
  });
  return { cycles, idx };
}

/** The entry list's columns per cycle through a TCM: rows, table codes and events in TCM (event) order. */
function tcmEntriesOfCycles(
  args: CycleTaskArgs,
  checkCancelled: () => void,
  progress: (done: number) => void,
): EntriesTaskResult {
  const pieces = new Map<number, Piece[]>();
  const cycles = forEachPiece(args, checkCancelled, progress, (piece) => {
    pieces.set(piece.row, [...(pieces.get(piece.row) ?? []), piece]);
  });
  const idx: Int32Array[] = [];
  const tableCode: Int32Array[] = [];
  const evtIdx: Int32Array[] = [];
  for (const cycle of cycles) {
    const n = cycle.counts.reduce((a, b) => a + b, 0);
    const rows = new Int32Array(n);
    const codes = new Int32Array(n);
    const events = new Int32Array(n);
    for (const piece of pieces.get(cycle.row) ?? []) {
      const code = cycle.listed.indexOf(piece.tb);
      const { positions } = piece.at!;
      for (let i = 0; i < positions.length; i++) {
        const e = positions[i]!;
        rows[e] = piece.at!.rows[i]!;
        codes[e] = code;
        events[e] = piece.at!.events[i]!;
      }
    }
    idx.push(rows);
    tableCode.push(codes);
    evtIdx.push(events);
  }
  return { cycles, idx, tcm: { tableCode, evtIdx } };
}
