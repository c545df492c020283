// Worker task for FileDB table scans: lists the tables and columns of a batch of files, stopping
// between files when the caller cancels. Progress goes out at most every PROGRESS_MS (and after the
// last file); identical column lists are sent once per batch (one shared array: structured clone
// keeps the sharing, so the main thread numbers them by identity).
import { type FileTablesResult, listFileTables } from "../../services/flow/filedb/file-tables.ts";
import { ColumnListInterner } from "../../services/flow/filedb/columns-intern.ts";
import type { TableJob } from "../../services/flow/filedb/tables.ts";
import type { TaskContext } from "../pool.ts";

export interface ListTablesArgs {
  jobs: TableJob[];
}

/** Progress message of listTables: how many files of the batch are done, and the last one. */
export interface ListTablesProgress {
  done: number;
  path: string;
}

/** Fewer messages than files: each one wakes the main thread. */
const PROGRESS_MS = 40;

export async function listTables(args: ListTablesArgs, ctx: TaskContext): Promise<FileTablesResult[]> {
  const results: FileTablesResult[] = [];
  const interner = new ColumnListInterner();
  let sentAt = performance.now();
  for (const [index, job] of args.jobs.entries()) {
    ctx.checkCancelled();
    results.push(interner.intern(await listFileTables(job.path, job.tableFormat)));
    const now = performance.now();
    if (now - sentAt >= PROGRESS_MS || index === args.jobs.length - 1) {
      ctx.progress({ done: index + 1, path: job.path } satisfies ListTablesProgress);
      sentAt = now;
    }
  }
  return results;
}

/** The tasks of this module, as the pool calls them (`pool.run("scan", "listTables", …)`). */
export const api = { listTables };
export type ScanApi = typeof api;
