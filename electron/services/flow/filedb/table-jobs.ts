// Runs table-listing jobs: in this thread for a few files, else in batches over the worker pool.
import { getDefaultPool } from "../../../workers/pool.ts";
import type { ListTablesProgress } from "../../../workers/tasks/scan.ts";
import { ColumnListInterner } from "./columns-intern.ts";
import { type FileTablesResult, listFileTables } from "./file-tables.ts";
import type { TableJob, TableScanOptions } from "./tables.ts";

const SCAN_TASK = new URL("../../../workers/tasks/scan.ts", import.meta.url);
/** Below this many files, starting workers (h5wasm loads in each) costs more than it saves. */
export const POOL_THRESHOLD = 400;
/** Files per pool task: big enough to amortise messages, small enough to balance the workers. */
const BATCH = 100;

/** Runs the jobs; results are aligned with `jobs`. */
export async function runTableJobs(
  jobs: readonly TableJob[],
  opts: TableScanOptions,
): Promise<FileTablesResult[]> {
  const inThread = opts.workers === 0 || (opts.workers === undefined && jobs.length < POOL_THRESHOLD);
  return inThread ? runHere(jobs, opts) : runInPool(jobs, opts);
}

async function runHere(jobs: readonly TableJob[], opts: TableScanOptions): Promise<FileTablesResult[]> {
  const results: FileTablesResult[] = [];
  const interner = new ColumnListInterner();
  for (const [i, job] of jobs.entries()) {
    opts.signal?.throwIfAborted();
    results.push(interner.intern(await listFileTables(job.path, job.tableFormat)));
    opts.onProgress?.({ phase: "tables", done: i + 1, total: jobs.length, current: job.path });
  }
  return results;
}

async function runInPool(jobs: readonly TableJob[], opts: TableScanOptions): Promise<FileTablesResult[]> {
  const pool = getDefaultPool();
  let done = 0;
  const batches: TableJob[][] = [];
  for (let i = 0; i < jobs.length; i += BATCH) batches.push(jobs.slice(i, i + BATCH));
  const parts = await Promise.all(
    batches.map((batch) => {
      let batchDone = 0;
      return pool.run<FileTablesResult[]>(
        SCAN_TASK,
        "listTables",
        { jobs: batch },
        {
          ...(opts.signal ? { signal: opts.signal } : {}),
          onProgress: (info) => {
            const progress = info as ListTablesProgress;
            done += progress.done - batchDone;
            batchDone = progress.done;
            opts.onProgress?.({ phase: "tables", done, total: jobs.length, current: progress.path });
          },
        },
      );
    }),
  );
  return parts.flat();
}
