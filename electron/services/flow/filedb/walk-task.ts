// Worker task of the parallel file walk: walks whole folder subtrees (each with its tier's template) and
// sends back, per folder, the files that matched (a batch of strings and numbers) and the problems.
// Progress goes out at most every PROGRESS_MS and after the last folder.
import type { TaskContext } from "../../../workers/pool.ts";
import { type TemplateValue, TemplateMatcher } from "../../../../shared/format/index.ts";
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

/**
 * A batch as a worker sends it: few, large values (a structured clone copies one string faster than
 * thousands, and the receiver keeps fewer objects alive): names joined by NUL (no file name holds one),
 * key texts joined by a newline (or the list, when a key holds a newline), sizes and mtimes transferred.
 */
export interface PackedBatch {
  tier: string;
  keyOrder: string[];
  count: number;
  names: string;
  keys: string | string[];
  sizes: Float64Array;
  mtimes: Float64Array;
  numeric?: boolean[];
  exceptions?: Record<number, TemplateValue[]>;
}

/** A folder subtree walked in a worker. */
export interface SentFolder {
  part: TierWalkPart;
  packed: PackedBatch;
}

/** Packs a compact batch (BatchSink with `compact`) for sending. */
export function packBatch(batch: FoundBatch): PackedBatch {
  const texts = batch.keyTexts ?? [];
  const packed: PackedBatch = {
    tier: batch.tier,
    keyOrder: batch.keyOrder,
    count: batch.names.length,
    names: batch.names.join("\u0000"),
    keys: texts.some((text) => text.includes("\n")) ? texts : texts.join("\n"),
    sizes: Float64Array.from(batch.sizes),
    mtimes: Float64Array.from(batch.mtimes),
  };
  if (batch.numeric) packed.numeric = batch.numeric;
  if (batch.exceptions) packed.exceptions = batch.exceptions;
  return packed;
}

/** The batch back from its packed form. */
export function unpackBatch(packed: PackedBatch): FoundBatch {
  const none = packed.count === 0;
  const batch: FoundBatch = {
    tier: packed.tier,
    keyOrder: packed.keyOrder,
    names: none ? [] : packed.names.split("\u0000"),
    keyTexts: none ? [] : typeof packed.keys === "string" ? packed.keys.split("\n") : packed.keys,
    sizes: packed.sizes,
    mtimes: packed.mtimes,
  };
  if (packed.numeric) batch.numeric = packed.numeric;
  if (packed.exceptions) batch.exceptions = packed.exceptions;
  return batch;
}

/** Progress message of walkFolders: folders listed so far in this task, and the last one. */
export interface WalkFoldersProgress {
  folders: number;
  current: string;
}

/** Fewer messages than folders: each one wakes the main thread. */
const PROGRESS_MS = 40;

/** Walks each job's subtree in order; null args (WorkerPool.warm) only load the module. */
export function walkFolders(args: WalkFoldersArgs | null, ctx: TaskContext): SentFolder[] {
  const results: SentFolder[] = [];
  if (args === null) return results;
  let listed = 0;
  let sentAt = performance.now();
  const matchers = args.specs.map((spec) => new TemplateMatcher(spec.template));
  for (const job of args.folders) {
    ctx.checkCancelled();
    const spec = args.specs[job.spec] as TierSpec;
    const sink = new BatchSink(spec, true);
    const walker = new TierWalker(spec, sink, matchers[job.spec]);
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
    results.push({ part: walker.part, packed: packBatch(sink.batch) });
  }
  const last = args.folders.at(-1);
  if (last) ctx.progress({ folders: listed, current: last.dir } satisfies WalkFoldersProgress);
  return results;
}

/** The tasks of this module, as the pool calls them (`pool.run("walk", "walkFolders", …)`). */
export const api = { walkFolders };
export type WalkApi = typeof api;
