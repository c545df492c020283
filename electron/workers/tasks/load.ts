// Worker tasks of the DataLoader: entry lists and column loads for a share of the cycles, with progress
// and cancellation between tables (see electron/services/flow/loader/parallel.ts).
import type { LgdoTable } from "../../../shared/lgdo/model.ts";
import {
  type BuildPartArgs,
  type EntriesData,
  type LoadPartArgs,
  type PartResult,
  buildPart,
  loadPart,
} from "../../services/flow/loader/parallel.ts";
import type { TaskContext } from "../pool.ts";

function abortLike(ctx: TaskContext): { readonly aborted: boolean } {
  return {
    get aborted() {
      return ctx.cancelled;
    },
  };
}

/** Minimum time between two progress messages of a part: one per table cost 10 % of a small job's time. */
export const PROGRESS_INTERVAL_MS = 40;

/** Progress reports passed on at most every PROGRESS_INTERVAL_MS (the first at once); later ones dropped. */
export function throttledProgress(ctx: TaskContext): (info: unknown) => void {
  let last = -Infinity;
  return (info) => {
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    ctx.progress(info);
  };
}

export function buildEntries(args: BuildPartArgs, ctx: TaskContext): PartResult<EntriesData> {
  return buildPart(args, abortLike(ctx), throttledProgress(ctx));
}

export function loadColumns(args: LoadPartArgs, ctx: TaskContext): PartResult<LgdoTable> {
  return loadPart(args, abortLike(ctx), throttledProgress(ctx));
}

/** Nothing: run once per worker by WorkerPool.warm(), it loads h5wasm and the loader's modules. */
export function warm(): null {
  return null;
}

/** The tasks of this module, as the pool calls them (`pool.run("load", …)`). */
export const api = { buildEntries, loadColumns, warm };
export type LoadApi = typeof api;
