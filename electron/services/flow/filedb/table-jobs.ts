// Runs table-listing jobs: in this thread for a few files, else spread over the worker pool.
import { listFileTables, type FileTablesResult } from "./file-tables.ts";
import type { TableJob, TableScanOptions } from "./tables.ts";

/** Runs the jobs in order; results are aligned with `jobs`. */
export async function runTableJobs(
  jobs: readonly TableJob[],
  opts: TableScanOptions,
): Promise<FileTablesResult[]> {
  const results: FileTablesResult[] = [];
  for (const [i, job] of jobs.entries()) {
    opts.signal?.throwIfAborted();
    results.push(await listFileTables(job.path, job.tableFormat));
    opts.onProgress?.({ phase: "tables", done: i + 1, total: jobs.length, current: job.path });
  }
  return results;
}
