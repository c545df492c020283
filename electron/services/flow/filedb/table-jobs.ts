// Runs table-listing jobs: in this thread for a few files, else in batches over the worker pool
// (the choice is shardOverPool's).
import { getDefaultPool } from "../../../workers/pool.ts";
import { ProgressSum, shardOverPool } from "../../../workers/shards.ts";
import type { ListTablesProgress } from "../../../workers/tasks/scan.ts";
import { ColumnListInterner } from "./columns-intern.ts";
import { type FileTablesResult, listFileTables } from "./file-tables.ts";
import type { TableJob, TableScanOptions } from "./tables.ts";

/** Files per pool task: big enough to amortise messages, small enough to balance the workers. */
const BATCH = 100;

/** Runs the jobs; results are aligned with `jobs`. */
export async function runTableJobs(
  jobs: readonly TableJob[],
  opts: TableScanOptions,
): Promise<FileTablesResult[]> {
  const asked = opts.workers === undefined ? undefined : opts.workers > 0;
  const inPool = shardOverPool(getDefaultPool(), "tableFile", jobs.length, asked);
  return inPool ? runInPool(jobs, opts) : runHere(jobs, opts);
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
  const scan = getDefaultPool().client("scan");
  const batches: TableJob[][] = [];
  for (let i = 0; i < jobs.length; i += BATCH) batches.push(jobs.slice(i, i + BATCH));
  let current = "";
  const sum = new ProgressSum(batches.length, (done) =>
    opts.onProgress?.({ phase: "tables", done, total: jobs.length, current }),
  );
  const parts = await Promise.all(
    batches.map((batch, i) => {
      const report = sum.part(i);
      return scan.listTables(
        { jobs: batch },
        {
          ...(opts.signal ? { signal: opts.signal } : {}),
          onProgress: (info) => {
            const progress = info as ListTablesProgress;
            current = progress.path;
            report(progress.done);
          },
        },
      );
    }),
  );
  return parts.flat();
}
