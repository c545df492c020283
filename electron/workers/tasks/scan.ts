// Worker task for FileDB table scans: lists the tables and columns of a batch of files, one progress
// message per file, stopping between files when the caller cancels.
import { type FileTablesResult, listFileTables } from "../../services/flow/filedb/file-tables.ts";
import type { TableJob } from "../../services/flow/filedb/tables.ts";
import type { TaskContext } from "../pool.ts";

export interface ListTablesArgs {
  jobs: TableJob[];
}

/** Progress message of listTables: index of the file within the batch just finished. */
export interface ListTablesProgress {
  index: number;
  path: string;
}

export async function listTables(args: ListTablesArgs, ctx: TaskContext): Promise<FileTablesResult[]> {
  const results: FileTablesResult[] = [];
  for (const [index, job] of args.jobs.entries()) {
    ctx.checkCancelled();
    results.push(await listFileTables(job.path, job.tableFormat));
    ctx.progress({ index, path: job.path } satisfies ListTablesProgress);
  }
  return results;
}
