// scan_tables_columns: list every existing tier file's tables and columns (in parallel workers), then
// number the de-duplicated column lists tier by tier, row by row, as pygama does (flow-spec.md §1.9).
import { dirname } from "node:path";
import type { TableId } from "./config.ts";
import type { FileDB } from "./filedb.ts";
import type { FileTablesResult } from "./file-tables.ts";
import { runTableJobs } from "./table-jobs.ts";
import type { ScanProgress } from "./scanner.ts";

export interface TableScanOptions {
  /** Rescan even if tables were scanned before. */
  override?: boolean;
  /** Open one file per folder and reuse its tables for the folder's other files (pygama's dir_files_conform). */
  dirFilesConform?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: ScanProgress) => void;
  /**
   * Scan only these cells and keep the rest (used by rescan, and by a first scan limited to a selection:
   * then the existing files left out are recorded as not listed, see FileDB.isUnlisted).
   */
  only?: ReadonlyArray<{ row: number; tier: string }>;
  /** Worker threads to use; 0 runs in this thread. Default: the pool's choice for the job count. */
  workers?: number;
  /**
   * Results of earlier scans (persist/inventory-store.ts): a file whose size and mtime are those recorded is
   * not opened again. Ignored with `dirFilesConform` (one file's result stands for its folder).
   */
  known?: KnownTables;
}

/** Table listings remembered from an earlier process, looked up by a file's path, size and mtime. */
export interface KnownTables {
  lookup(path: string, size: number, mtime: number): FileTablesResult | undefined;
  /** Called with each listing this scan made (to remember it for the next process). */
  record(path: string, size: number, mtime: number, result: FileTablesResult): void;
}

/** How FileDB.unlisted names a cell: by tier and file name, so that it survives a rescan's new row order. */
export function unlistedKey(tier: string, fileName: string): string {
  return `${tier}\u0000${fileName}`;
}

/** One file to open: the cells it fills. */
export interface TableJob {
  path: string;
  tableFormat: string;
}

export async function scanTablesColumns(db: FileDB, opts: TableScanOptions): Promise<void> {
  const n = db.tiers.length;
  const cells: Array<{ row: number; tier: string; job: number }> = [];
  const jobs: TableJob[] = [];
  /** Per job: where it came from (size, mtime) and its remembered result, if any. */
  const stamps: Array<{ size: number; mtime: number; known: FileTablesResult | undefined }> = [];
  const known = opts.dirFilesConform ? undefined : opts.known;
  const jobByKey = new Map<string, number>();
  const wanted = opts.only ? new Set(opts.only.map((c) => `${c.tier}\u0000${c.row}`)) : null;
  // a first scan of some cells only: the others are not listed (rather than "could not be read")
  const leftOut = wanted && !db.tablesScanned ? db.markUnlisted() : null;
  db.tiers.forEach((tier, i) => {
    const tierCells = db.rows.cells(tier);
    for (let row = 0; row < db.nRows; row++) {
      const exists = (((db.rows.status[row] as number) >> (n - 1 - i)) & 1) === 1;
      const path = db.filePath(row, tier);
      if (wanted && !wanted.has(`${tier}\u0000${row}`)) {
        if (leftOut && exists && path !== null) leftOut.add(unlistedKey(tier, tierCells.file[row] ?? ""));
        continue;
      }
      db.unlisted?.delete(unlistedKey(tier, tierCells.file[row] ?? ""));
      if (!exists || path === null) {
        tierCells.tables[row] = null;
        tierCells.colIdx[row] = null;
        continue;
      }
      const key = opts.dirFilesConform ? `${tier}\u0000${dirname(path)}` : path;
      let job = jobByKey.get(key);
      if (job === undefined) {
        job = jobs.push({ path, tableFormat: db.config.tableFormat[tier] as string }) - 1;
        jobByKey.set(key, job);
        const size = tierCells.size[row] as number;
        const mtime = tierCells.mtime[row] as number;
        stamps.push({ size, mtime, known: known?.lookup(path, size, mtime) });
      }
      cells.push({ row, tier, job });
    }
  });
  const results = await listTables(jobs, stamps, known, opts);
  const columns = wanted ? db.columns : [];
  const index = new Map<string, number>(columns.map((c, i) => [c.join("\u0000"), i]));
  // Results share one array per distinct list (columns-intern.ts): look arrays up before names.
  const byArray = new Map<readonly string[], number>();
  const numberOf = (list: readonly string[]): number => {
    let idx = byArray.get(list);
    if (idx === undefined) {
      const key = list.join("\u0000");
      idx = index.get(key);
      if (idx === undefined) {
        idx = columns.push([...list]) - 1;
        index.set(key, idx);
      }
      byArray.set(list, idx);
    }
    return idx;
  };
  for (const { row, tier, job } of cells) {
    const tierCells = db.rows.cells(tier);
    const result = results[job] as FileTablesResult;
    if (!result.ok) {
      db.problems.push({ file: jobs[job]?.path ?? "", tier, reason: result.reason });
      tierCells.tables[row] = null;
      tierCells.colIdx[row] = null;
      continue;
    }
    const { tables, columns: lists, skipped } = result.value;
    for (const reason of skipped) db.problems.push({ file: db.filePath(row, tier) ?? "", tier, reason });
    tierCells.tables[row] = [...tables] as TableId[];
    tierCells.colIdx[row] = lists.map(numberOf);
  }
  db.columns = columns;
  db.tablesScanned = true;
}

/** Results aligned with `jobs`: remembered ones as they were, the others listed now; all recorded. */
async function listTables(
  jobs: readonly TableJob[],
  stamps: ReadonlyArray<{ size: number; mtime: number; known: FileTablesResult | undefined }>,
  known: KnownTables | undefined,
  opts: TableScanOptions,
): Promise<FileTablesResult[]> {
  if (!known) return runTableJobs(jobs, opts);
  const open = jobs.flatMap((_, i) => (stamps[i]?.known ? [] : [i]));
  const fresh = await runTableJobs(
    open.map((i) => jobs[i] as TableJob),
    opts,
  );
  const results = stamps.map((stamp) => stamp.known) as FileTablesResult[];
  open.forEach((job, k) => (results[job] = fresh[k] as FileTablesResult));
  results.forEach((result, i) => {
    const { size, mtime } = stamps[i]!;
    known.record((jobs[i] as TableJob).path, size, mtime, result);
  });
  return results;
}
