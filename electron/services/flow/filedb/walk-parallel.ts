// scan_files over the worker pool: the main thread lists the top folders of every tier until there are
// enough subtrees to share, the workers walk those subtrees, and the main thread merges the results in
// walk order, so rows, problems, sizes and mtimes are the same as those of the one-thread walk. Small
// trees and a cold pool (a worker start costs more than the walk) stay in this thread.
import { TemplateMatcher } from "../../../../shared/format/index.ts";
import { type WorkerPool, getDefaultPool } from "../../../workers/pool.ts";
import { ProgressSum, contiguousParts, shardOverPool } from "../../../workers/shards.ts";
import { tierRoot, type ResolvedFileDbConfig } from "./config.ts";
import { mergeBatch } from "./inventory.ts";
import {
  type ScanProgress,
  type WalkPlan,
  type WalkResult,
  emptyWalkResult,
  isDirectory,
  isPartialTier,
  RowsSink,
  relName,
  tierSpec,
  walkTiers,
} from "./scanner.ts";
import { type FolderRef, type FoundSink, type TierSpec, BatchSink, TierWalker } from "./tier-walker.ts";
import {
  type FolderJob,
  type SentFolder,
  type WalkFoldersProgress,
  type WalkedFolder,
  unpackBatch,
} from "./walk-task.ts";

/** Subtrees wanted per worker before the main thread stops listing top folders (for balance). */
const SUBTREES_PER_WORKER = 8;
/** Pool tasks per worker: several, so a fast worker takes over from a slow one. */
const TASKS_PER_WORKER = 4;
/** The main thread lists at most this many levels before handing the subtrees out. */
const MAX_LIST_DEPTH = 6;

export interface WalkFilesOptions {
  signal?: AbortSignal;
  onProgress?: (p: ScanProgress) => void;
  /** 0 walks in this thread; a positive number uses the worker pool whatever the size; default: auto. */
  workers?: number;
  /** Subtrees wanted per worker before the main thread stops listing top folders (tests force small trees out). */
  subtreesPerWorker?: number;
}

/**
 * Walks the planned folders: in this thread (`workers: 0`, a cold pool, or a small tree) or over the
 * worker pool. Either way the result is the same as walkTiers'.
 */
export async function walkFiles(
  config: ResolvedFileDbConfig,
  plans: WalkPlan[],
  opts: WalkFilesOptions = {},
): Promise<WalkResult> {
  if (opts.workers === 0) return walkTiers(config, plans, opts);
  const pool = getDefaultPool();
  const auto = opts.workers === undefined;
  // auto: only when the workers already run. A walk cannot be sized before it is walked, and starting
  // workers (~0.5 s) costs more than walking most trees here.
  if (auto && pool.liveWorkers < pool.size) return walkTiers(config, plans, opts);
  return walkInPool(config, plans, opts, pool, auto);
}

/** One piece of the walk, in walk order: a folder subtree still to walk, or one walked. */
type Item = { plan: number; folder: FolderRef } | { plan: number; walked: WalkedFolder };

async function walkInPool(
  config: ResolvedFileDbConfig,
  plans: WalkPlan[],
  opts: WalkFilesOptions,
  pool: WorkerPool,
  auto: boolean,
): Promise<WalkResult> {
  const specs = plans.map((plan) => tierSpec(config, plan.tier));
  let listedHere = 0;
  let listedByTasks = 0;
  let current = "";
  const report = () => {
    opts.onProgress?.({ phase: "files", done: listedHere + listedByTasks, total: null, current });
  };
  const hooks = {
    before: () => opts.signal?.throwIfAborted(),
    listed: (folder: FolderRef) => {
      listedHere += 1;
      current = folder.dir;
      report();
    },
  };
  const matchers = specs.map((spec) => new TemplateMatcher(spec.template));
  /** Lists one folder here: its files, and its sub-folders still to walk. */
  const listHere = (plan: number, folder: FolderRef): { walked: WalkedFolder; subdirs: FolderRef[] } => {
    const spec = specs[plan] as TierSpec;
    const sink = new BatchSink(spec);
    const walker = new TierWalker(spec, sink, matchers[plan]);
    hooks.before();
    const subdirs = walker.visit(folder);
    if (subdirs !== null) hooks.listed(folder);
    return { walked: { part: walker.part, batch: sink.batch }, subdirs: subdirs ?? [] };
  };
  /** Walks one folder's whole subtree here, into `sink` (default: a batch of its own). */
  const walkHere = (plan: number, folder: FolderRef, sink?: FoundSink): WalkedFolder => {
    const spec = specs[plan] as TierSpec;
    const batchSink = new BatchSink(spec);
    const walker = new TierWalker(spec, sink ?? batchSink, matchers[plan]);
    walker.walk([folder], hooks);
    return { part: walker.part, batch: batchSink.batch };
  };

  // 1. the top folders of every tier, listed here until there are enough subtrees to share
  let items: Item[] = [];
  plans.forEach((plan, i) => {
    const root = tierRoot(config, plan.tier);
    if (plan.complete && !isDirectory(root)) {
      const problems = [{ file: root, tier: plan.tier, reason: "tier folder does not exist" }];
      const part = { files: 0, problems, folders: 0, unreadable: 0 };
      items.push({ plan: i, walked: { part, batch: new BatchSink(specs[i] as TierSpec).batch } });
      return;
    }
    for (const dir of plan.dirs) items.push({ plan: i, folder: { dir, rel: relName(root, dir) } });
  });
  const wanted = pool.size * (opts.subtreesPerWorker ?? SUBTREES_PER_WORKER);
  for (let depth = 0; depth < MAX_LIST_DEPTH; depth++) {
    const open = items.filter((item) => "folder" in item).length;
    if (open === 0 || open >= wanted) break;
    const next: Item[] = [];
    for (const item of items) {
      if (!("folder" in item)) {
        next.push(item);
        continue;
      }
      const { walked, subdirs } = listHere(item.plan, item.folder);
      next.push({ plan: item.plan, walked });
      for (const folder of subdirs) next.push({ plan: item.plan, folder });
    }
    items = next;
  }

  // 2. auto: walk the first subtree here and stay here if the tree looks small
  let open = items.filter((item) => "folder" in item);
  if (auto && open.length > 0) {
    const first = items.findIndex((item) => "folder" in item);
    const item = items[first] as { plan: number; folder: FolderRef };
    const walked = walkHere(item.plan, item.folder);
    items[first] = { plan: item.plan, walked };
    open = open.slice(1);
    // small: the rest is walked here while merging (files straight into the rows, as walkTiers does)
    if (!shardOverPool(pool, "walkFile", walked.part.files * open.length)) open = [];
  }
  const inThread = open.length === 0;

  // 3. the remaining subtrees in consecutive chunks over the pool
  const jobs: FolderJob[] = open.map((item) => {
    const { plan, folder } = item;
    return { spec: plan, dir: folder.dir, rel: folder.rel };
  });
  const chunks = contiguousParts(jobs, pool.size * TASKS_PER_WORKER);
  const byTasks = new ProgressSum(chunks.length, (folders) => {
    listedByTasks = folders;
    report();
  });
  const tasks = chunks.map((folders, i) => {
    const listed = byTasks.part(i);
    return pool.run(
      "walk",
      "walkFolders",
      { specs, folders },
      {
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress: (info) => {
          const progress = info as WalkFoldersProgress;
          current = progress.current;
          listed(progress.folders);
        },
      },
    );
  });
  for (const task of tasks) task.catch(() => undefined); // awaited in order below; no unhandled rejection

  // 4. merge in walk order, each task's results as soon as the tasks before it are merged
  const result = emptyWalkResult(config);
  const unreadable = plans.map(() => 0);
  const pending = { task: 0, results: [] as SentFolder[], next: 0 };
  try {
    for (const item of items) {
      const spec = specs[item.plan] as TierSpec;
      const partial = isPartialTier(config, spec);
      let walked: WalkedFolder;
      if ("walked" in item) walked = item.walked;
      else if (inThread) {
        const sink = partial ? undefined : new RowsSink(result.rows, spec.tier);
        walked = walkHere(item.plan, item.folder, sink);
      } else {
        if (pending.next >= pending.results.length) {
          pending.results = await (tasks[pending.task++] as Promise<SentFolder[]>);
          pending.next = 0;
        }
        const sent = pending.results[pending.next++] as SentFolder;
        walked = { part: sent.part, batch: unpackBatch(sent.packed) };
      }
      if (partial) result.partial.push(walked.batch);
      else mergeBatch(result.rows, walked.batch);
      result.files += walked.part.files;
      result.problems.push(...walked.part.problems);
      unreadable[item.plan] = (unreadable[item.plan] as number) + walked.part.unreadable;
    }
  } catch (error) {
    opts.signal?.throwIfAborted(); // a cancel ends the walk as the one-thread walk ends it
    throw error;
  }
  plans.forEach((plan, i) => {
    if (plan.complete && unreadable[i] === 0) result.completeTiers.add(plan.tier);
  });
  return result;
}
