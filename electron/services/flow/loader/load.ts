// Loading columns for an entry list (pygama load_hits, flow-spec §2.6): entries are grouped by (cycle,
// table); each group reads only its rows, from the tier that holds each column in *that* cycle (pygama looks
// at the last file only, §6 item 2), and scatters them into place. Rows of tables lacking a column get
// NaN/""/empty (never uninitialised memory, §6 item 1). Evt-level columns are read through `{child}_idx`.
import type { Lgdo, LgdoArray, LgdoTable } from "../../../../shared/lgdo/model.ts";
import { nearMatches } from "../../../../shared/query/index.ts";
import { ColumnAssembler, numericColumn, takeRows } from "./columns.ts";
import type { LevelSpec } from "./config.ts";
import type { EntryList, TableId } from "./entry-list.ts";
import type { FileCache, TableCatalog } from "./sources.ts";
import {
  type AbortLike,
  Int32Builder,
  type Warnings,
  checkAborted,
  rowSelection,
  uniqueRows,
} from "./util.ts";

export interface LoadProgress {
  phase: "load";
  done: number;
  total: number;
}

export interface LoadPlan {
  catalog: TableCatalog;
  files: FileCache;
  levels: readonly LevelSpec[];
  tablesFor(level: string, row: number): readonly TableId[] | null;
  warnings: Warnings;
  signal?: AbortLike | undefined;
  onProgress?: ((p: LoadProgress) => void) | undefined;
  /** Columns of the parent and child levels over the whole FileDB (a worker's catalog holds only some rows). */
  knownColumns?: { parent: readonly string[]; child: readonly string[] } | undefined;
}

/** A requested output column that no table of the level's tiers has. */
export class UnknownOutputColumnError extends Error {
  override name = "UnknownOutputColumnError";
  constructor(
    readonly column: string,
    readonly available: readonly string[],
  ) {
    const near = nearMatches(column, available);
    const hint = near.length > 0 ? `; did you mean ${near.map((s) => `'${s}'`).join(" or ")}?` : ".";
    const shown =
      available.slice(0, 60).join(", ") + (available.length > 60 ? `, … (${available.length} in all)` : "");
    super(`Unknown column '${column}'${hint} Columns: ${shown}`);
  }
}

/** The entry-list columns as LGDO arrays, in pygama's order: [evt_idx,] hit_table, hit_idx, saved…, [file]. */
export function entryColumns(
  entries: EntryList,
  withFile: boolean,
): { names: string[]; columns: Record<string, Lgdo> } {
  const columns: Record<string, Lgdo> = {};
  const names: string[] = [];
  const int64 = (data: Int32Array): LgdoArray => numericColumn(Float64Array.from(data), "int64");
  if (entries.evtIdx && entries.evtIdxColumnName) {
    columns[entries.evtIdxColumnName] = int64(entries.evtIdx);
    names.push(entries.evtIdxColumnName);
  }
  const table = entries.tableColumn();
  columns[entries.tableColumnName] = Array.isArray(table)
    ? {
        kind: "array",
        form: "array",
        element: { kind: "string" },
        dtype: "string",
        shape: [table.length],
        data: table,
        attrs: {},
      }
    : numericColumn(table, "int64");
  columns[entries.idxColumnName] = int64(entries.idx);
  names.push(entries.tableColumnName, entries.idxColumnName);
  for (const [name, column] of Object.entries(entries.saved)) {
    columns[name] = column;
    names.push(name);
  }
  if (withFile) {
    columns.file = int64(entries.file);
    names.push("file");
  }
  return { names, columns };
}

interface Group {
  row: number;
  tb: TableId;
  positions: Int32Array;
}

/** Entries grouped by (cycle, table), in order of first appearance. */
function groupEntries(entries: EntryList, byTable: boolean): Group[] {
  const nCodes = Math.max(1, entries.tableIds.length);
  const builders = new Map<number, { row: number; code: number; positions: Int32Builder }>();
  for (let i = 0; i < entries.length; i++) {
    const row = entries.file[i]!;
    const code = byTable ? entries.tableCode[i]! : 0;
    const key = row * nCodes + code;
    let group = builders.get(key);
    if (!group) builders.set(key, (group = { row, code, positions: new Int32Builder() }));
    group.positions.push(i);
  }
  return [...builders.values()].map((g) => ({
    row: g.row,
    tb: entries.tableIds[g.code]!,
    positions: g.positions.toArray(),
  }));
}

/** Reads `columns` of table `tb` of one cycle from the level's tiers at the given rows and scatters them. */
function readGroup(
  plan: LoadPlan,
  level: LevelSpec,
  row: number,
  tb: TableId,
  columns: readonly string[],
  positions: Int32Array,
  rows: Int32Array,
  assemblers: Map<string, ColumnAssembler>,
): void {
  const tierOf = plan.catalog.tierOfColumns(row, level.tiers, tb, columns);
  const byTier = new Map<string, string[]>();
  for (const [column, tier] of tierOf) {
    let list = byTier.get(tier);
    if (!list) byTier.set(tier, (list = []));
    list.push(column);
  }
  if (byTier.size === 0) return;
  const { unique, positionOf } = uniqueRows(rows);
  for (const [tier, names] of byTier) {
    const path = plan.catalog.filePath(row, tier);
    if (!path) continue;
    const tableName = plan.catalog.tableName(tier, tb);
    // the FileDB knows the table has these columns: no table metadata walk
    const table = plan.files
      .get(path)
      .readColumns(tableName, names, { decode: true, ...rowSelection(unique) });
    for (const name of names) {
      const column = table.columns[name];
      if (column) assemblers.get(name)!.add(positions, column, positionOf, `${path}:${tableName}`);
    }
  }
}

/**
 * Loads `requested` columns for every entry (hit orientation). Returns a table of the entry-list columns
 * (with `file` when `withFile`) followed by the requested columns in the requested order.
 */
export function loadHits(
  plan: LoadPlan,
  entries: EntryList,
  requested: readonly string[],
  withFile: boolean,
): LgdoTable {
  const parent = plan.levels.find((l) => l.name === entries.parentLevel);
  if (!parent) throw new Error(`level '${entries.parentLevel}' of the entry list is not configured`);
  const child = entries.childLevel ? plan.levels.find((l) => l.name === entries.childLevel) : undefined;
  const base = entryColumns(entries, withFile);
  // Own names only: `in` would take `constructor` or `toString` for an entry-list column and drop it.
  const dataColumns = [...new Set(requested)].filter((c) => !Object.hasOwn(base.columns, c));
  const parentKnown = new Set(plan.knownColumns?.parent ?? plan.catalog.allColumns(parent.tiers));
  const childKnown = new Set(plan.knownColumns?.child ?? (child ? plan.catalog.allColumns(child.tiers) : []));
  const parentColumns = dataColumns.filter((c) => parentKnown.has(c));
  const childColumns = dataColumns.filter((c) => !parentKnown.has(c) && childKnown.has(c));
  for (const c of dataColumns) {
    if (!parentKnown.has(c) && !childKnown.has(c)) {
      const levelColumns = [...parentKnown, ...childKnown, ...base.names].sort();
      if (child === undefined && entries.childLevel === undefined && plan.levels.length > 1) {
        const other = plan.levels
          .filter((l) => l !== parent)
          .flatMap((l) => plan.catalog.allColumns(l.tiers));
        if (other.includes(c)) {
          throw new Error(
            `column '${c}' belongs to another level; build the entry list through a TCM to load it`,
          );
        }
      }
      throw new UnknownOutputColumnError(c, [...new Set(levelColumns)]);
    }
  }
  const n = entries.length;
  const assemblers = new Map(dataColumns.map((c) => [c, new ColumnAssembler(c, n)] as const));
  const groups = parentColumns.length > 0 ? groupEntries(entries, true) : [];
  const fileGroups = childColumns.length > 0 && child ? groupEntries(entries, false) : [];
  const total = groups.length + fileGroups.length;
  let done = 0;
  const reported = new Set<number>();
  for (const group of groups) {
    checkAborted(plan.signal);
    const absent = parent.tiers.filter((t) => !plan.catalog.tables(group.row, t));
    if (absent.length > 0 && !reported.has(group.row)) {
      reported.add(group.row);
      plan.warnings.add(
        `${plan.catalog.cycleName(group.row)} has no ${absent.join("/")} file; its columns are NaN there`,
      );
    }
    const rows = Int32Array.from(group.positions, (p) => entries.idx[p]!);
    readGroup(plan, parent, group.row, group.tb, parentColumns, group.positions, rows, assemblers);
    plan.onProgress?.({ phase: "load", done: ++done, total });
  }
  for (const group of fileGroups) {
    checkAborted(plan.signal);
    const evtTier = child!.tiers[0]!;
    const tables = plan.tablesFor(child!.name, group.row) ?? plan.catalog.tables(group.row, evtTier) ?? [];
    const rows = Int32Array.from(group.positions, (p) => entries.evtIdx![p]!);
    for (const tb of tables)
      readGroup(plan, child!, group.row, tb, childColumns, group.positions, rows, assemblers);
    plan.onProgress?.({ phase: "load", done: ++done, total });
  }
  const columns: Record<string, Lgdo> = { ...base.columns };
  const order = [...base.names];
  for (const c of dataColumns) {
    let built = assemblers.get(c)!.build();
    if (!built) {
      plan.warnings.add(`column '${c}' is in none of the selected tables; it is all NaN`);
      built = numericColumn(new Float64Array(n).fill(NaN), "float64");
    }
    columns[c] = built;
    order.push(c);
  }
  return { kind: "table", nRows: n, columns, columnOrder: order, attrs: {} };
}

/** Per-hit column → VoV over events (2-d arrays become VoV rows; nested tables column by column). */
function perEvent(column: Lgdo, order: Int32Array, cl: Float64Array): Lgdo {
  if (column.kind === "table") {
    const columns: Record<string, Lgdo> = {};
    for (const name of column.columnOrder) columns[name] = perEvent(column.columns[name]!, order, cl);
    return {
      kind: "table",
      nRows: cl.length,
      columns,
      columnOrder: [...column.columnOrder],
      attrs: { ...column.attrs },
    };
  }
  let flattened = takeRows(column, order);
  if (flattened.kind === "array" && flattened.shape.length > 1) {
    // rows of a 2-d array become vectors, so the result nests VoVs only
    const rows = flattened.shape[0]!;
    const width = rows === 0 ? 0 : flattened.data.length / rows;
    flattened = {
      kind: "vov",
      cumulativeLength: Float64Array.from({ length: rows }, (_, i) => (i + 1) * width),
      cumulativeLengthDtype: "int64",
      flattened: { ...flattened, form: "array", shape: [flattened.data.length] },
      attrs: { ...flattened.attrs },
    };
  }
  if (flattened.kind !== "array" && flattened.kind !== "vov")
    throw new Error(`cannot make column '${column.kind}' per event`);
  return {
    kind: "vov",
    cumulativeLength: cl,
    cumulativeLengthDtype: "int64",
    flattened,
    attrs: { ...flattened.attrs },
  };
}

/**
 * Event orientation: one row per (file, event) in order of first appearance; `file` and `{child}_idx` per
 * event, evt-level columns per event, every hit-level column a vector of the event's hits (entry order).
 */
export function toEventOrientation(
  hits: LgdoTable,
  entries: EntryList,
  eventLevelColumns: ReadonlySet<string>,
  withFile: boolean,
): LgdoTable {
  const evtName = entries.evtIdxColumnName;
  if (!entries.evtIdx || evtName === undefined) {
    throw new Error("event orientation needs an entry list built through a TCM (pass tcmLevel)");
  }
  const n = entries.length;
  const eventOfEntry = new Int32Array(n);
  const firstEntry = new Int32Builder();
  const index = new Map<number, number>();
  const maxEvt = entries.evtIdx.reduce((m, v) => Math.max(m, v), 0) + 1;
  for (let i = 0; i < n; i++) {
    const key = entries.file[i]! * maxEvt + entries.evtIdx[i]!;
    let ev = index.get(key);
    if (ev === undefined) {
      index.set(key, (ev = firstEntry.length));
      firstEntry.push(i);
    }
    eventOfEntry[i] = ev;
  }
  const nEvents = firstEntry.length;
  const counts = new Float64Array(nEvents);
  for (let i = 0; i < n; i++) counts[eventOfEntry[i]!]!++;
  const cl = new Float64Array(nEvents);
  const start = new Float64Array(nEvents);
  let sum = 0;
  for (let ev = 0; ev < nEvents; ev++) {
    start[ev] = sum;
    sum += counts[ev]!;
    cl[ev] = sum;
  }
  const order = new Int32Array(n); // entries sorted by event, stable
  const fill = Float64Array.from(start);
  for (let i = 0; i < n; i++) order[fill[eventOfEntry[i]!]!++] = i;
  const first = firstEntry.toArray();
  const columns: Record<string, Lgdo> = {};
  const names: string[] = [];
  if (withFile) {
    columns.file = numericColumn(
      Float64Array.from(first, (i) => entries.file[i]!),
      "int64",
    );
    names.push("file");
  }
  columns[evtName] = numericColumn(
    Float64Array.from(first, (i) => entries.evtIdx![i]!),
    "int64",
  );
  names.push(evtName);
  // The entry list's own columns are per hit whatever a tier names its columns (the generator's evt tier
  // has a `hit_idx` of its own): never shadowed, so `hit_idx` stays the list of the event's hits.
  const entryNames = new Set([entries.tableColumnName, entries.idxColumnName, ...Object.keys(entries.saved)]);
  for (const name of hits.columnOrder) {
    if (name === "file" || name === evtName) continue;
    const column = hits.columns[name]!;
    const perEventValue = eventLevelColumns.has(name) && !entryNames.has(name);
    columns[name] = perEventValue ? takeRows(column, first) : perEvent(column, order, cl);
    names.push(name);
  }
  return { kind: "table", nRows: nEvents, columns, columnOrder: names, attrs: {} };
}
