// The workers that run the exploration's per-cycle work. A cycle goes to the same worker each time (one
// single-worker pool per core), so the columns and cut masks that worker cached for it are reused by the
// next count, histogram or redraw; shares run in parallel and their results come back in worker order.
import { type TaskArgs, type TaskResult, WorkerPool } from "../../../workers/pool.ts";
import type { AnalysisApi } from "../../../workers/tasks/analysis.ts";
import { ProgressSum } from "../../../workers/shards.ts";
import { workerLimit } from "../../../workers/worker-limit.ts";
import type { WorkSink } from "./work-sink.ts";

/** Progress of one worker's share (see CycleProgress in the task module). */
interface ShareProgress {
  done: number;
}

/** At most this many exploration workers: each keeps a column cache and a 64 MB staging arena. */
const MAX_EXPLORATION_WORKERS = 4;
/** An exploration worker idle this long ends, giving back its cached columns and arena (10 min). */
const EXPLORATION_IDLE_MS = 10 * 60_000;

export class CycleWorkers {
  private pools: WorkerPool[] | null = null;
  /** Per pool: whether its worker has finished a task (so it is up, with the task module loaded). */
  private started: boolean[] = [];
  /** Per pool: tasks sent and not yet settled (the warm-ups not counted). */
  private busy: number[] = [];
  /** Per pool: the running read warm-up (stopped when real work comes), and the worker it readied. */
  private warming: (AbortController | null)[] = [];
  private readsWarmedIn: (number | null)[] = [];

  constructor(readonly size = Math.min(workerLimit(), MAX_EXPLORATION_WORKERS)) {}

  private get all(): WorkerPool[] {
    if (!this.pools) {
      this.pools = Array.from(
        { length: this.size },
        () => new WorkerPool({ size: 1, idleTimeoutMs: EXPLORATION_IDLE_MS }),
      );
      this.started = this.pools.map(() => false);
      this.busy = this.pools.map(() => 0);
      this.warming = this.pools.map(() => null);
      this.readsWarmedIn = this.pools.map(() => null);
    }
    return this.pools;
  }

  /** The worker a cycle belongs to when shares are even (high bits of a multiplicative hash: file queries that pick every other cycle still spread). */
  home(row: number): number {
    return Math.floor(((Math.imul(row + 1, 0x9e3779b1) >>> 0) / 2 ** 32) * this.size);
  }

  /**
   * Cycles per worker: each at its home worker unless that has its even share already, then at the least
   * loaded one. The same rows always give the same shares, so each worker finds the columns it cached.
   */
  shares(rows: readonly number[]): number[][] {
    const cap = Math.ceil(rows.length / this.size);
    const shares = Array.from({ length: this.size }, () => [] as number[]);
    const spilled: number[] = [];
    for (const row of rows) {
      const home = shares[this.home(row)]!;
      if (home.length < cap) home.push(row);
      else spilled.push(row);
    }
    for (const row of spilled) shares.reduce((a, b) => (b.length < a.length ? b : a)).push(row);
    return shares.map((share) => share.sort((a, b) => a - b));
  }

  /**
   * Runs task `fn` on every worker that owns some of `rows`, with `argsFor(itsRows)`; progress is the sum
   * of cycles done. Resolves with the results in worker order.
   */
  async run<F extends keyof AnalysisApi>(
    fn: F,
    rows: readonly number[],
    argsFor: (rows: number[]) => TaskArgs<AnalysisApi[F]>,
    sink: WorkSink,
    phase: string,
  ): Promise<TaskResult<AnalysisApi[F]>[]> {
    const shares = this.shares(rows);
    const used = shares.flatMap((share, w) => (share.length > 0 ? [{ share, w }] : []));
    const total = rows.length;
    const sum = new ProgressSum(this.size, (done) => sink.progress?.({ phase, done, total, unit: "files" }));
    sink.progress?.({ phase, done: 0, total, unit: "files" });
    const pools = this.all;
    return Promise.all(
      used.map(({ share, w }) => {
        this.warming[w]?.abort(); // real work first: the warm-up stops at its next step
        this.busy[w]!++;
        const report = sum.part(w);
        return pools[w]!.run("analysis", fn, argsFor(share), {
          ...(sink.signal ? { signal: sink.signal } : {}),
          onProgress: (info) => report((info as ShareProgress).done),
        })
          .then((result) => {
            this.started[w] = true;
            // a histogram read and binned here: the read path is warm, no warm-up needed any more
            if (fn === "exploreHistogram") this.readsWarmedIn[w] = pools[w]!.workersStarted;
            return result;
          })
          .finally(() => {
            if (pools !== this.pools) return; // closed meanwhile
            this.busy[w]!--;
            this.warmReadsWhenIdle(w);
          });
      }),
    );
  }

  /**
   * Has an idle worker ready its read path for a first draw (exploreWarmReads: its staging arena touched, the
   * histogram task run over a throwaway file), once per worker thread; real work sent meanwhile stops it.
   */
  private warmReadsWhenIdle(w: number): void {
    const pools = this.pools;
    const pool = pools?.[w];
    if (!pool || this.busy[w] !== 0 || this.warming[w] !== null) return;
    if (this.readsWarmedIn[w] === pool.workersStarted) return; // this worker thread is ready (a recycled one is not)
    const controller = new AbortController();
    this.warming[w] = controller;
    void pool
      .run("analysis", "exploreWarmReads", null, { signal: controller.signal })
      .then(
        () => {
          if (pools === this.pools) this.readsWarmedIn[w] = pool.workersStarted;
        },
        () => undefined, // stopped for real work, or the worker went away: tried again when idle
      )
      .finally(() => {
        if (pools !== this.pools || this.warming[w] !== controller) return;
        this.warming[w] = null;
        if (controller.signal.aborted) this.warmReadsWhenIdle(w);
      });
  }

  /** Starts every worker (thread, h5wasm, task module) ahead of the first click. */
  warm(): void {
    const pools = this.all;
    pools.forEach((pool, w) => {
      this.busy[w]!++;
      void pool
        .run("analysis", "exploreWarm", null)
        .then(
          () => (this.started[w] = true),
          () => undefined,
        )
        .finally(() => {
          if (pools !== this.pools) return;
          this.busy[w]!--;
          this.warmReadsWhenIdle(w);
        });
    });
  }

  /** True once every worker is up (work sent now does not wait for threads to start). */
  get ready(): boolean {
    return this.pools !== null && this.started.every(Boolean);
  }

  /** True once every worker has readied its read path (exploreWarmReads ran to the end in its current thread). */
  get readsReady(): boolean {
    const pools = this.pools;
    return pools !== null && pools.every((pool, w) => this.readsWarmedIn[w] === pool.workersStarted);
  }

  /** Drops the cached columns and open files of every started worker (dataset closed). */
  clear(): void {
    for (const pool of this.pools ?? [])
      void pool.run("analysis", "exploreClear", null).catch(() => undefined);
  }

  async close(): Promise<void> {
    const pools = this.pools ?? [];
    for (const controller of this.warming) controller?.abort();
    this.pools = null;
    this.started = [];
    this.busy = [];
    this.warming = [];
    this.readsWarmedIn = [];
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

let shared: CycleWorkers | null = null;

/** The workers shared by every open dataset, created on first use. */
export function cycleWorkers(): CycleWorkers {
  shared ??= new CycleWorkers();
  return shared;
}
