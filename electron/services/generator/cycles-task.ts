// A worker-pool task: writes a contiguous range of cycles of a dataset. Cycles have their own random
// streams, so any split over workers gives the same files as writing them in one thread.
import type { TaskContext } from "../../workers/pool.ts";
import { prepareSetup, writeCycle } from "./generate.ts";
import type { CheckedOptions } from "./options.ts";

export interface CycleRangeArgs {
  root: string;
  opts: CheckedOptions;
  first: number;
  count: number;
}

/** Lets the worker's message loop run (cancel requests arrive as messages). */
const yieldToEventLoop = (): Promise<void> => new Promise((done) => setImmediate(done));

/** Writes cycles [first, first + count); reports 1 per finished cycle; stops between cycles when cancelled. */
export async function writeCycleRange(
  args: CycleRangeArgs,
  ctx: TaskContext,
): Promise<{ files: number; bytes: number }> {
  const setup = prepareSetup(args.opts);
  let files = 0;
  let bytes = 0;
  for (let index = args.first; index < args.first + args.count; index++) {
    ctx.checkCancelled();
    const written = writeCycle(args.root, setup, index);
    files += written.files;
    bytes += written.bytes;
    ctx.progress(1);
    await yieldToEventLoop();
  }
  return { files, bytes };
}

/** The tasks of this module, as the pool calls them (`pool.run("generate", "writeCycleRange", …)`). */
export const api = { writeCycleRange };
export type GenerateApi = typeof api;
