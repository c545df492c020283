// Entry-list builders (pygama build_hit_entries / build_tcm_entries, flow-spec §2.5), over typed arrays.
// Per cycle, each table's cut columns are read once from the tiers that hold them and evaluated together.
// Fixes on purpose: a table lacking a cut column is dropped in every mode (§6 item 3); TCM cuts map rows by
// their real row ids (item 4); evt cuts apply whatever datastreams say (item 5); `any` keeps an event when
// every cut level has a passing entry in it (item 6); saved columns work with `any` (item 18).
import type { Lgdo } from "../../../../shared/lgdo/model.ts";
import type { QueryColumn } from "../../../../shared/query/index.ts";
import { ColumnAssembler } from "./columns.ts";
import type { LevelSpec } from "./config.ts";
import { type PreparedCut, evaluateCut, queryColumnOf } from "./cuts.ts";
import { EntryList, type TableId } from "./entry-list.ts";
import type { FileCache, TableCatalog } from "./sources.ts";
import { tcmFromLgdo } from "./tcm.ts";
import {
  type AbortLike,
  Int32Builder,
  type Warnings,
  checkAborted,
  rowSelection,
  uniqueRows,
} from "./util.ts";

export interface BuildProgress {
  phase: "entries";
  done: number;
  total: number;
  file?: string;
}

export interface BuildPlan {
  catalog: TableCatalog;
  files: FileCache;
  levels: readonly LevelSpec[];
  fileList: readonly number[];
  /** Tables per level for a cycle (datastreams resolved for its time), or null = every table of the cycle. */
  tablesFor(level: string, row: number): readonly TableId[] | null;
  cuts: ReadonlyMap<string, PreparedCut>;
  /** Cut columns to keep in the entry list (save_output_columns ∩ output columns). */
  savedColumns: readonly string[];
  merged: boolean;
  warnings: Warnings;
  signal?: AbortLike | undefined;
  onProgress?: ((p: BuildProgress) => void) | undefined;
}

/** Collected pieces of saved columns, assembled once the entry count is known. */
class SavedPieces {
  private readonly pieces = new Map<
    string,
    { positions: Int32Array; source: Lgdo; rows: Int32Array; where: string }[]
  >();

  add(name: string, positions: Int32Array, source: Lgdo, rows: Int32Array, where: string): void {
    let list = this.pieces.get(name);
    if (!list) this.pieces.set(name, (list = []));
    list.push({ positions, source, rows, where });
  }

  /** Assembled columns of `nRows` entries. */
  build(names: readonly string[], nRows: number): Record<string, Lgdo> {
    const out: Record<string, Lgdo> = {};
    for (const name of names) {
      const assembler = new ColumnAssembler(name, nRows);
      for (const piece of this.pieces.get(name) ?? []) {
        assembler.add(piece.positions, piece.source, piece.rows, piece.where);
      }
      // A saved column that no selected table has still gets its (all-NaN) rows.
      out[name] = assembler.build() ?? {
        kind: "array",
        form: "array",
        element: { kind: "real" },
        dtype: "float64",
        shape: [nRows],
        data: new Float64Array(nRows).fill(NaN),
        attrs: {},
      };
    }
    return out;
  }
}

/**
 * Reads the cut columns of table `tb` of one cycle from the tiers that hold them, at `rows` (sorted unique)
 * or all rows, and evaluates the cut. Returns null when a cut column is missing from every tier of the
 * table (the table cannot pass), else the mask over the read rows plus the read columns.
 */
function cutTable(
  plan: BuildPlan,
  level: LevelSpec,
  cut: PreparedCut,
  row: number,
  tb: TableId,
  rows: Int32Array | null,
): { mask: Uint8Array; length: number; columns: Map<string, Lgdo> } | null {
  const tierOf = plan.catalog.tierOfColumns(row, level.tiers, tb, cut.columns);
  if (tierOf.size < cut.columns.length) {
    const missing = cut.columns.filter((c) => !tierOf.has(c));
    const absentTiers = level.tiers.filter((t) => !plan.catalog.tables(row, t));
    const why =
      absentTiers.length > 0
        ? `${plan.catalog.cycleName(row)} has no ${absentTiers.join("/")} file, so `
        : "";
    plan.warnings.add(
      `${level.name} cut: ${why}table ${String(tb)} has no column ${missing.map((m) => `'${m}'`).join(", ")}; its entries are dropped`,
    );
    return null;
  }
  const byTier = new Map<string, string[]>();
  for (const [column, tier] of tierOf) {
    let list = byTier.get(tier);
    if (!list) byTier.set(tier, (list = []));
    list.push(column);
  }
  const columns = new Map<string, Lgdo>();
  const query = Object.create(null) as Record<string, QueryColumn>; // cut names are the user's
  let length = -1;
  for (const [tier, names] of byTier) {
    const path = plan.catalog.filePath(row, tier);
    if (!path) throw new Error(`${plan.catalog.cycleName(row)} has no ${tier} file`);
    const tableName = plan.catalog.tableName(tier, tb);
    const selection = rows === null ? {} : rowSelection(rows);
    // the FileDB knows the table has these columns: no table metadata walk
    const valuesOnly = names.filter((n) => !plan.savedColumns.includes(n)); // attrs only for saved columns
    const table = plan.files.get(path).readColumns(tableName, names, { ...selection, valuesOnly });
    if (length >= 0 && table.nRows !== length) {
      throw new Error(
        `${plan.catalog.cycleName(row)}: table ${tableName} of tier ${tier} has ${table.nRows} rows, ` +
          `but the same table has ${length} in another tier of level '${level.name}'`,
      );
    }
    length = table.nRows;
    for (const name of names) {
      const column = table.columns[name];
      query[name] = queryColumnOf(name, column, cut, `${path}:${tableName}`);
      columns.set(name, column!);
    }
  }
  return { mask: evaluateCut(cut, length, query), length, columns };
}

function entryListFrom(
  plan: BuildPlan,
  level: LevelSpec,
  parts: { file: Int32Array; tableCode: Int32Array; idx: Int32Array; evtIdx?: Int32Array },
  tableIds: TableId[],
  saved: Record<string, Lgdo>,
  tcm?: LevelSpec,
): EntryList {
  return new EntryList({
    parentLevel: level.name,
    ...(tcm ? { childLevel: tcm.child!, tcmLevel: tcm.name } : {}),
    file: parts.file,
    tableCode: parts.tableCode,
    tableIds,
    idx: parts.idx,
    ...(parts.evtIdx ? { evtIdx: parts.evtIdx } : {}),
    saved,
    merged: plan.merged,
  });
}

/** Hit entry list of the lowest level, without a TCM. Row order: cycle, table (datastream order), row. */
export function buildHitEntries(plan: BuildPlan): EntryList {
  const level = plan.levels[0]!;
  const cut = plan.cuts.get(level.name);
  const file = new Int32Builder();
  const tableCode = new Int32Builder();
  const idx = new Int32Builder();
  const tableIds: TableId[] = [];
  const codeOf = new Map<TableId, number>();
  const saved = new SavedPieces();
  plan.fileList.forEach((row, done) => {
    checkAborted(plan.signal);
    plan.onProgress?.({
      phase: "entries",
      done,
      total: plan.fileList.length,
      file: plan.catalog.cycleName(row),
    });
    const firstTier = plan.catalog.listingTier(row, level.tiers);
    if (firstTier === null) {
      plan.warnings.add(
        `${plan.catalog.cycleName(row)} has no ${level.tiers.join("/")} file; the cycle is skipped`,
      );
      return;
    }
    const tables = plan.tablesFor(level.name, row) ?? plan.catalog.tables(row, firstTier) ?? [];
    for (const tb of tables) {
      if (!plan.catalog.columnsOf(row, firstTier, tb)) {
        plan.warnings.add(
          `${plan.catalog.cycleName(row)} has no table ${String(tb)} in tier ${firstTier}; skipped`,
        );
        continue;
      }
      let code = codeOf.get(tb);
      if (code === undefined) {
        codeOf.set(tb, (code = tableIds.length));
        tableIds.push(tb);
      }
      const start = idx.length;
      if (!cut) {
        const path = plan.catalog.filePath(row, firstTier)!;
        const n = plan.files.get(path).nRows(plan.catalog.tableName(firstTier, tb));
        idx.range(0, n);
      } else {
        const result = cutTable(plan, level, cut, row, tb, null);
        if (!result) continue;
        const passing = new Int32Builder();
        for (let r = 0; r < result.length; r++) if (result.mask[r]) passing.push(r);
        const rows = passing.toArray();
        for (const r of rows) idx.push(r);
        const positions = Int32Array.from(rows, (_, i) => start + i);
        for (const name of plan.savedColumns) {
          const column = result.columns.get(name);
          if (column)
            saved.add(name, positions, column, rows, `${plan.catalog.cycleName(row)}:${String(tb)}`);
        }
      }
      file.fill(row, idx.length - start);
      tableCode.fill(code, idx.length - start);
    }
  });
  const n = idx.length;
  const parts = { file: file.toArray(), tableCode: tableCode.toArray(), idx: idx.toArray() };
  return entryListFrom(plan, level, parts, tableIds, saved.build(plan.savedColumns, n));
}

/** The TCM table id to use in a cycle: the given one, or the only one. */
function chooseTcmTable(plan: BuildPlan, tcm: LevelSpec, row: number, tcmTable?: TableId): TableId | null {
  const tier = tcm.tiers[0]!;
  const tables = plan.catalog.tables(row, tier);
  if (!tables || tables.length === 0) return null;
  if (tcmTable !== undefined) {
    const found = tables.find((t) => String(t) === String(tcmTable));
    if (found === undefined) {
      throw new Error(
        `TCM table ${String(tcmTable)} is not in level '${tcm.name}'; it has ${tables.map(String).join(", ")}`,
      );
    }
    return found;
  }
  if (tables.length > 1) {
    throw new Error(
      `there are ${tables.length} TCM tables in level '${tcm.name}' (${tables.map(String).join(", ")}); pass tcmTable`,
    );
  }
  return tables[0]!;
}

/**
 * Event entry list through a TCM: one entry per hit, in event order, `{child}_idx` = event number in
 * its cycle. Modes: `only` keeps passing hits of passing events; `any` keeps whole events in which every
 * cut level has something passing.
 */
export function buildTcmEntries(
  plan: BuildPlan,
  tcm: LevelSpec,
  mode: "any" | "only",
  tcmTable?: TableId,
): EntryList {
  const parent = plan.levels.find((l) => l.name === tcm.parent);
  const child = plan.levels.find((l) => l.name === tcm.child);
  if (!parent) throw new Error(`TCM level '${tcm.name}': parent level '${tcm.parent}' is not configured`);
  const tcmTier = tcm.tiers[0]!;
  const parentCut = plan.cuts.get(parent.name);
  const childCut = child ? plan.cuts.get(child.name) : undefined;
  if (!child && tcm.child && plan.cuts.has(tcm.child)) {
    throw new Error(`a cut was given for level '${tcm.child}', but no such level is configured`);
  }
  const outFile = new Int32Builder();
  const outCode = new Int32Builder();
  const outIdx = new Int32Builder();
  const outEvt = new Int32Builder();
  const tableIds: TableId[] = [];
  const codeOf = new Map<TableId, number>();
  const saved = new SavedPieces();
  plan.fileList.forEach((row, done) => {
    checkAborted(plan.signal);
    const name = plan.catalog.cycleName(row);
    plan.onProgress?.({ phase: "entries", done, total: plan.fileList.length, file: name });
    const tcmTb = chooseTcmTable(plan, tcm, row, tcmTable);
    const tcmPath = plan.catalog.filePath(row, tcmTier);
    if (tcmTb === null || !tcmPath || !plan.catalog.columnsOf(row, tcmTier, tcmTb)) {
      plan.warnings.add(`${name} has no ${tcmTier} (TCM) file or table; the cycle is skipped`);
      return;
    }
    const tcmName = plan.catalog.tableName(tcmTier, tcmTb);
    const map = tcmFromLgdo(plan.files.get(tcmPath).read(tcmName), tcm.tcmCols!, `${tcmPath}:${tcmName}`);
    // Hits of the selected parent tables.
    const wanted = plan.tablesFor(parent.name, row);
    const wantedSet = wanted ? new Set(wanted.map(String)) : null;
    const listing = plan.catalog.listingTier(row, parent.tiers);
    const parentTables = listing === null ? [] : (plan.catalog.tables(row, listing) ?? []);
    const tableOfKey = new Map<number, TableId>();
    for (const tb of parentTables) if (typeof tb === "number") tableOfKey.set(tb, tb);
    // A real TCM can name tables that no tier of the parent level has (no values anywhere): their hits are
    // dropped, as pygama drops them, and said once.
    const known = plan.catalog.tablesInAny(row, parent.tiers);
    const hits = new Int32Builder();
    let unknownHits = 0;
    for (let h = 0; h < map.nHits; h++) {
      const key = map.tableKey[h]!;
      if (wantedSet && !wantedSet.has(String(key))) continue;
      if (!known.has(String(key))) {
        unknownHits++;
        continue;
      }
      hits.push(h);
    }
    if (unknownHits > 0)
      plan.warnings.addCount(
        `TCM hits of tables that no ${parent.tiers.join("/")} file has are dropped, as pygama drops them`,
        unknownHits,
      );
    const hitList = hits.toArray();
    const n = hitList.length;
    const hitPass = new Uint8Array(n).fill(1);
    const savedLocal: {
      name: string;
      positions: Int32Array;
      source: Lgdo;
      rows: Int32Array;
      where: string;
    }[] = [];
    // Parent (hit) cut, table by table, rows mapped by their real row ids.
    if (parentCut) {
      const byTable = new Map<number, number[]>();
      for (let e = 0; e < n; e++) {
        const key = map.tableKey[hitList[e]!]!;
        let list = byTable.get(key);
        if (!list) byTable.set(key, (list = []));
        list.push(e);
      }
      for (const [key, entries] of byTable) {
        const tb = tableOfKey.get(key) ?? key;
        const rows = Int32Array.from(entries, (e) => map.rowInTable[hitList[e]!]!);
        const { unique, positionOf } = uniqueRows(rows);
        const result = cutTable(plan, parent, parentCut, row, tb, unique);
        for (let i = 0; i < entries.length; i++) {
          hitPass[entries[i]!] = result ? result.mask[positionOf[i]!]! : 0;
        }
        for (const col of result ? plan.savedColumns : []) {
          const source = result!.columns.get(col);
          const where = `${name}:${String(tb)}`;
          if (source)
            savedLocal.push({
              name: col,
              positions: Int32Array.from(entries),
              source,
              rows: positionOf,
              where,
            });
        }
      }
    }
    // Child (evt) cut per event.
    let eventPass: Uint8Array | null = null;
    if (child && childCut) {
      eventPass = new Uint8Array(map.nEvents);
      const evtTier = child.tiers[0]!;
      const evtTables = plan.tablesFor(child.name, row) ?? plan.catalog.tables(row, evtTier) ?? [];
      if (evtTables.length === 0) {
        plan.warnings.add(
          `${name} has no ${evtTier} file or table for the ${child.name} cut; its events are dropped`,
        );
      }
      for (const tb of evtTables) {
        const result = cutTable(plan, child, childCut, row, tb, null);
        if (!result) continue;
        if (result.length !== map.nEvents) {
          throw new Error(
            `${name}: ${child.name} table ${String(tb)} has ${result.length} rows but the TCM has ${map.nEvents} events`,
          );
        }
        for (let ev = 0; ev < map.nEvents; ev++) if (result.mask[ev]) eventPass[ev] = 1;
      }
    }
    // Combine: which entries stay.
    const keep = new Uint8Array(n);
    if (mode === "only") {
      for (let e = 0; e < n; e++) {
        keep[e] = hitPass[e]! && (eventPass === null || eventPass[map.eventOf[hitList[e]!]!]) ? 1 : 0;
      }
    } else {
      const eventKeep = new Uint8Array(map.nEvents);
      if (parentCut) {
        for (let e = 0; e < n; e++) if (hitPass[e]) eventKeep[map.eventOf[hitList[e]!]!] = 1;
      } else eventKeep.fill(1);
      if (eventPass) for (let ev = 0; ev < map.nEvents; ev++) eventKeep[ev] = eventKeep[ev]! & eventPass[ev]!;
      for (let e = 0; e < n; e++) keep[e] = eventKeep[map.eventOf[hitList[e]!]!]!;
    }
    const newPos = new Int32Array(n).fill(-1);
    for (let e = 0; e < n; e++) {
      if (!keep[e]) continue;
      const h = hitList[e]!;
      const key = map.tableKey[h]!;
      const tb = tableOfKey.get(key) ?? key;
      let code = codeOf.get(tb);
      if (code === undefined) {
        codeOf.set(tb, (code = tableIds.length));
        tableIds.push(tb);
      }
      newPos[e] = outIdx.length;
      outFile.push(row);
      outCode.push(code);
      outIdx.push(map.rowInTable[h]!);
      outEvt.push(map.eventOf[h]!);
    }
    for (const piece of savedLocal) {
      const positions = new Int32Builder();
      const rows = new Int32Builder();
      for (let i = 0; i < piece.positions.length; i++) {
        const to = newPos[piece.positions[i]!]!;
        if (to >= 0) {
          positions.push(to);
          rows.push(piece.rows[i]!);
        }
      }
      saved.add(piece.name, positions.toArray(), piece.source, rows.toArray(), piece.where);
    }
  });
  const parts = {
    file: outFile.toArray(),
    tableCode: outCode.toArray(),
    idx: outIdx.toArray(),
    evtIdx: outEvt.toArray(),
  };
  return entryListFrom(plan, parent, parts, tableIds, saved.build(plan.savedColumns, parts.idx.length), tcm);
}
