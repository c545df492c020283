// Worker task of the parallel file walk: walks whole folder subtrees (each with its tier's template) and
// sends back, per folder, the files that matched (a batch of strings and numbers) and the problems.
// Progress goes out at most every PROGRESS_MS and after the last folder.
import type { TaskContext } from "../../../workers/pool.ts";
import {
  type FolderRef,
  type FoundBatch,
  type TierSpec,
  type TierWalkPart,
  BatchSink,
  TierWalker,
} from "./tier-walker.ts";

/** A folder subtree to walk; `spec` indexes `WalkFoldersArgs.specs`. */
export interface FolderJob extends FolderRef {
  spec: number;
}

export interface WalkFoldersArgs {
  specs: TierSpec[];
  folders: FolderJob[];
}

/** One folder subtree walked: its files and what went wrong. */
export interface WalkedFolder {
  part: TierWalkPart;
  batch: FoundBatch;
}

/** Progress message of walkFolders: folders listed so far in this task, and the last one. */
export interface WalkFoldersProgress {
  folders: number;
  current: string;
}

/** Fewer messages than folders: each one wakes the main thread. */
const PROGRESS_MS = 40;

/** Walks each job's subtree in order; null args (WorkerPool.warm) only load the module. */
export function walkFolders(args: WalkFoldersArgs | null, ctx: TaskContext): WalkedFolder[] {
  const results: WalkedFolder[] = [];
  if (args === null) return results;
  let listed = 0;
  let sentAt = performance.now();
  for (const job of args.folders) {
    ctx.checkCancelled();
    const spec = args.specs[job.spec] as TierSpec;
    const sink = new BatchSink(spec, true);
    const walker = new TierWalker(spec, sink);
    walker.walk([job], {
      listed: (folder) => {
        listed += 1;
        const now = performance.now();
        if (now - sentAt >= PROGRESS_MS) {
          ctx.progress({ folders: listed, current: folder.dir } satisfies WalkFoldersProgress);
          sentAt = now;
        }
      },
    });
    results.push({ part: walker.part, batch: sink.batch });
  }
  const last = args.folders.at(-1);
  if (last) ctx.progress({ folders: listed, current: last.dir } satisfies WalkFoldersProgress);
  return results;
}
