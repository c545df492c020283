// Entry-list builds and loads split over worker threads by cycle: the main thread sends each worker the
// catalog rows, datastreams and cut texts of its cycles; results come back as typed arrays and are joined
// in cycle order, so the result equals a single-thread run.
import type { Lgdo, LgdoTable } from "../../../../shared/lgdo/model.ts";
import { parseExpression, referencedColumns } from "../../../../shared/query/index.ts";
import { type BuildProgress, buildHitEntries, buildTcmEntries } from "./build.ts";
import { ColumnAssembler, identityRows } from "./columns.ts";
import type { LevelSpec } from "./config.ts";
import { type PreparedCut, prepareCut } from "./cuts.ts";
import { EntryList, type EntryListInit, type TableId } from "./entry-list.ts";
import { type LoadProgress, loadHits } from "./load.ts";
import { type CatalogData, FileCache, TableCatalog } from "./sources.ts";
import { type AbortLike, Warnings } from "./util.ts";

export type EntriesData = EntryListInit & { saved: Record<string, Lgdo> };

export function entriesToData(entries: EntryList): EntriesData {
  const data: EntriesData = {
    parentLevel: entries.parentLevel,
    file: entries.file,
    tableCode: entries.tableCode,
    tableIds: [...entries.tableIds],
    idx: entries.idx,
    saved: { ...entries.saved },
    merged: entries.merged,
  };
  if (entries.childLevel !== undefined) data.childLevel = entries.childLevel;
  if (entries.tcmLevel !== undefined) data.tcmLevel = entries.tcmLevel;
  if (entries.evtIdx) data.evtIdx = entries.evtIdx;
  return data;
}

export interface PartContext {
  catalog: CatalogData;
  levels: LevelSpec[];
  /** Tables per level per row (resolved datastreams); absent level = every table. */
  tables: Record<string, Record<number, TableId[] | null>>;
}

export interface BuildPartArgs extends PartContext {
  rows: number[];
  cuts: Record<string, string>;
  savedColumns: string[];
  merged: boolean;
  tcm?: { level: string; mode: "any" | "only"; tcmTable?: TableId };
}

export interface PartResult<T> {
  value: T;
  warnings: [string, number][];
}

function tablesFor(ctx: PartContext): (level: string, row: number) => readonly TableId[] | null {
  return (level, row) => ctx.tables[level]?.[row] ?? null;
}

/** Builds the entries of some cycles (runs in a worker; the cuts were checked in the main thread). */
export function buildPart(
  args: BuildPartArgs,
  signal?: AbortLike,
  onProgress?: (p: BuildProgress) => void,
): PartResult<EntriesData> {
  const catalog = TableCatalog.fromData(args.catalog);
  const files = new FileCache(64, true); // kept open for the next job (a load after its build)
  const warnings = new Warnings();
  const cuts = new Map<string, PreparedCut>();
  for (const [level, text] of Object.entries(args.cuts)) {
    cuts.set(level, prepareCut(level, text, referencedColumns(parseExpression(text)), []));
  }
  try {
    const plan = {
      catalog,
      files,
      levels: args.levels,
      fileList: args.rows,
      tablesFor: tablesFor(args),
      cuts,
      savedColumns: args.savedColumns,
      merged: args.merged,
      warnings,
      signal,
      onProgress,
    };
    let entries: EntryList;
    if (args.tcm) {
      const tcm = args.levels.find((l) => l.name === args.tcm!.level)!;
      entries = buildTcmEntries(plan, tcm, args.tcm.mode, args.tcm.tcmTable);
    } else entries = buildHitEntries(plan);
    return { value: entriesToData(entries), warnings: warnings.entries() };
  } finally {
    files.closeAll();
  }
}

export interface LoadPartArgs extends PartContext {
  entries: EntriesData;
  columns: string[];
  knownColumns: { parent: string[]; child: string[] };
}

/** Loads columns for a slice of an entry list (runs in a worker). */
export function loadPart(
  args: LoadPartArgs,
  signal?: AbortLike,
  onProgress?: (p: LoadProgress) => void,
): PartResult<LgdoTable> {
  const files = new FileCache(64, true); // kept open for the next job (a load after its build)
  const warnings = new Warnings();
  try {
    const plan = {
      catalog: TableCatalog.fromData(args.catalog),
      files,
      levels: args.levels,
      tablesFor: tablesFor(args),
      warnings,
      signal,
      onProgress,
      knownColumns: args.knownColumns,
    };
    const table = loadHits(plan, new EntryList(args.entries), args.columns, true);
    return { value: table, warnings: warnings.entries() };
  } finally {
    files.closeAll();
  }
}

/** Entry lists of consecutive parts joined in order (table codes re-mapped, saved columns joined). */
export function joinEntries(parts: EntriesData[], template: EntriesData): EntryList {
  const lists = parts.map((p) => new EntryList(p));
  const init: Omit<EntryListInit, "file" | "tableCode" | "idx" | "tableIds"> = {
    parentLevel: template.parentLevel,
    ...(template.childLevel !== undefined ? { childLevel: template.childLevel } : {}),
    ...(template.tcmLevel !== undefined ? { tcmLevel: template.tcmLevel } : {}),
    ...(template.merged !== undefined ? { merged: template.merged } : {}),
  };
  const joined = EntryList.concat(lists, init);
  const saved = joinColumns(
    lists.map((l) => l.saved),
    lists.map((l) => l.length),
  );
  return new EntryList({ ...entriesToData(joined), saved });
}

/** Columns of consecutive parts joined into columns of all their rows. */
export function joinColumns(
  parts: Readonly<Record<string, Lgdo>>[],
  lengths: number[],
): Record<string, Lgdo> {
  const total = lengths.reduce((a, b) => a + b, 0);
  const names = [...new Set(parts.flatMap((p) => Object.keys(p)))];
  const out: Record<string, Lgdo> = {};
  for (const name of names) {
    const assembler = new ColumnAssembler(name, total);
    let offset = 0;
    parts.forEach((part, i) => {
      const n = lengths[i]!;
      const column = part[name];
      if (column)
        assembler.add(
          Int32Array.from(identityRows(n), (r) => r + offset),
          column,
          identityRows(n),
          `part ${i}`,
        );
      offset += n;
    });
    const built = assembler.build();
    if (built) out[name] = built;
  }
  return out;
}

/** Tables of consecutive parts joined (same columns, in the first part's order). */
export function joinTables(parts: LgdoTable[]): LgdoTable {
  const first = parts[0]!;
  const columns = joinColumns(
    parts.map((p) => p.columns),
    parts.map((p) => p.nRows),
  );
  const nRows = parts.reduce((a, p) => a + p.nRows, 0);
  return { kind: "table", nRows, columns, columnOrder: [...first.columnOrder], attrs: { ...first.attrs } };
}

/** Merges warnings counted in workers. */
export function mergeWarnings(into: Warnings, parts: PartResult<unknown>[]): void {
  for (const part of parts) for (const [message, count] of part.warnings) into.addCount(message, count);
}
