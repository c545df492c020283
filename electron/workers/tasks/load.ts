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

export function buildEntries(args: BuildPartArgs, ctx: TaskContext): PartResult<EntriesData> {
  return buildPart(args, abortLike(ctx), (p) => ctx.progress(p));
}

export function loadColumns(args: LoadPartArgs, ctx: TaskContext): PartResult<LgdoTable> {
  return loadPart(args, abortLike(ctx), (p) => ctx.progress(p));
}

/** Nothing: run once per worker by WorkerPool.warm(), it loads h5wasm and the loader's modules. */
export function warm(): null {
  return null;
}
