// Background jobs (scans, loads, histograms): start → id, status with progress, cancel; every status change
// is also pushed to listeners (the front ends' IPC events and web-mode streams), so clients need not poll.
// The same manager serves IPC and HTTP, so both front ends behave alike.
import { randomUUID } from "node:crypto";
import { CancelledApiError, serializeError } from "../../../shared/api/errors.ts";
import { PROGRESS_PUSH_INTERVAL_MS } from "../../../shared/api/job-events.ts";
import type { JobHandle, JobProgress, JobStatus } from "../../../shared/api/types.ts";

export interface JobContext {
  readonly signal: AbortSignal;
  progress(progress: JobProgress): void;
}

interface JobRecord {
  status: JobStatus;
  controller: AbortController;
  waiters: Set<() => void>;
  /** When the last progress status was pushed (performance.now()); progress in between is pushed later. */
  progressPushedAt: number;
  progressTimer: ReturnType<typeof setTimeout> | null;
  /** JOB_PRIORITY of its kind, or null (never waits). */
  priority: number | null;
  /** Set while the job waits for more urgent jobs to end: starts it. */
  admit: (() => void) | null;
  /** A newer job of the same kind and key cancels this one (see JobOptions.supersedeKey). */
  supersedeKey: string | null;
}

export interface JobOptions {
  /** A newer job of the same kind with the same key cancels this one (a newer page of the same selection). */
  supersedeKey?: string;
  /** Keep the result out of the status (and out of pushed events): for work awaited in-process by `run`. */
  keepResult?: boolean;
}

/** Receives a copy of a job's status on each change: progress (at most every PROGRESS_PUSH_INTERVAL_MS) and the end. */
export type JobListener = (status: JobStatus) => void;

export class UnknownJobError extends Error {
  override name = "UnknownJob";
  readonly code = "unknown-job";
  constructor(jobId: string) {
    super(`No job '${jobId}' (finished jobs are forgotten after a while)`);
  }
}

export interface JobManagerOptions {
  /** Finished jobs kept for `getJob` (oldest dropped first). */
  keepFinished?: number;
}

/**
 * Priorities of the interactive jobs, most urgent first (issue 19: live count before histogram refill before
 * waveform page before prefetch): a job waits while one of a more urgent kind runs, so what a user waits for
 * gets the cores first. Kinds not listed (opens, exports, entry lists) start at once, as before.
 */
export const JOB_PRIORITY: Readonly<Record<string, number>> = {
  "count-entries": 0,
  histogram1d: 1,
  histogram2d: 1,
  "waveform-page": 2,
  "waveform-prefetch": 3,
};

/** Kinds of which only the newest matters (one live count): starting one cancels the older ones. */
export const SUPERSEDING_KINDS: ReadonlySet<string> = new Set(["count-entries"]);

/** Whether the newer job `newer` cancels the running `older` of the same kind. */
function supersedes(newer: JobRecord, older: JobRecord): boolean {
  if (SUPERSEDING_KINDS.has(newer.status.kind)) return true;
  return newer.supersedeKey !== null && newer.supersedeKey === older.supersedeKey;
}

/** How long after its end a job's final status is replayed to a new subscriber. */
export const REPLAY_MS = 10_000;

export class JobManager {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly keepFinished: number;
  private readonly listeners = new Set<JobListener>();

  constructor(opts: JobManagerOptions = {}) {
    this.keepFinished = opts.keepFinished ?? 200;
  }

  /** Starts `work` now; its progress and result are read back through `status`. */
  start<T>(kind: string, work: (ctx: JobContext) => Promise<T>, opts: JobOptions = {}): JobHandle<T> {
    const { handle, result } = this.launch(kind, work, opts);
    result.catch(() => undefined); // read back through `status`
    return handle;
  }

  /**
   * Runs `work` as a job (in its priority's turn, cancellable, superseded as `opts` says) and resolves with its
   * result: for contract calls answered directly (a waveform page) whose order the job manager decides.
   */
  run<T>(kind: string, work: (ctx: JobContext) => Promise<T>, opts: JobOptions = {}): Promise<T> {
    return this.launch(kind, work, { keepResult: false, ...opts }).result;
  }

  private launch<T>(
    kind: string,
    work: (ctx: JobContext) => Promise<T>,
    opts: JobOptions,
  ): { handle: JobHandle<T>; result: Promise<T> } {
    const jobId = randomUUID();
    const controller = new AbortController();
    const record: JobRecord = {
      status: { jobId, kind, state: "running", progress: null, startedAt: Date.now(), finishedAt: null },
      controller,
      waiters: new Set(),
      progressPushedAt: 0,
      progressTimer: null,
      priority: JOB_PRIORITY[kind] ?? null,
      admit: null,
      supersedeKey: opts.supersedeKey ?? null,
    };
    // registered first, so that jobs waiting behind a superseded one keep waiting behind this one
    this.jobs.set(jobId, record);
    for (const [id, other] of this.jobs)
      if (
        id !== jobId &&
        other.status.kind === kind &&
        other.status.state === "running" &&
        supersedes(record, other)
      )
        this.cancel(id);
    const context: JobContext = {
      signal: controller.signal,
      progress: (progress) => {
        if (record.status.state !== "running") return;
        record.status.progress = progress;
        this.pushProgress(record);
      },
    };
    // Run on a later tick so `start` returns the handle before any work happens.
    const result = this.admission(record).then(() => work(context));
    const keepResult = opts.keepResult ?? true;
    result.then(
      (value) => this.finish(record, keepResult ? { state: "done", result: value } : { state: "done" }),
      (error: unknown) =>
        this.finish(
          record,
          controller.signal.aborted
            ? { state: "cancelled" }
            : { state: "failed", error: serializeError(error) },
        ),
    );
    // a cancelled job's result rejects with the cancellation at once, whatever the work still does
    const cancelled = () => new CancelledApiError(`Job ${kind}`);
    const onCancel = new Promise<never>((_resolve, reject) =>
      controller.signal.addEventListener("abort", () => reject(cancelled()), { once: true }),
    );
    const settled = Promise.race([
      result.then(
        (value) => {
          if (controller.signal.aborted) throw cancelled();
          return value;
        },
        (error: unknown) => {
          throw controller.signal.aborted ? cancelled() : error;
        },
      ),
      onCancel,
    ]);
    return { handle: { jobId, kind }, result: settled };
  }

  /**
   * Calls `listener` with every job's status changes; returns the unsubscribe function. With `replay`, first
   * with the status of each running job and of each job that ended in the last REPLAY_MS: a client that
   * subscribes just after starting a job (a page's stream connecting) still learns how it ends.
   */
  onEvent(listener: JobListener, opts: { replay?: boolean } = {}): () => void {
    this.listeners.add(listener);
    if (opts.replay) this.replayTo(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` with the status of each running job and of each job that ended in the last REPLAY_MS. */
  replayTo(listener: JobListener): void {
    const since = Date.now() - REPLAY_MS;
    for (const record of this.jobs.values())
      if (record.status.state === "running" || (record.status.finishedAt ?? 0) >= since)
        listener({ ...record.status });
  }

  /** The job's status; with `waitMs`, waits that long for it to finish first. */
  async status(jobId: string, waitMs = 0): Promise<JobStatus> {
    const record = this.record(jobId);
    if (record.status.state === "running" && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done(): void {
          clearTimeout(timer);
          record.waiters.delete(done);
          resolve();
        }
        record.waiters.add(done);
      });
    }
    return { ...record.status };
  }

  /** Cancels a running job: its state turns `cancelled` at once and its signal aborts. */
  cancel(jobId: string): void {
    const record = this.record(jobId);
    if (record.status.state !== "running") return;
    record.controller.abort(new CancelledApiError(`Job ${record.status.kind}`));
    this.finish(record, { state: "cancelled" });
  }

  /** Cancels every running job (on dataset close or shutdown). */
  cancelAll(): void {
    for (const [jobId, record] of this.jobs) if (record.status.state === "running") this.cancel(jobId);
  }

  get runningCount(): number {
    let count = 0;
    for (const record of this.jobs.values()) if (record.status.state === "running") count++;
    return count;
  }

  private record(jobId: string): JobRecord {
    const record = this.jobs.get(jobId);
    if (!record) throw new UnknownJobError(jobId);
    return record;
  }

  private finish(record: JobRecord, update: Partial<JobStatus>): void {
    if (record.status.state !== "running") return;
    record.status = { ...record.status, ...update, finishedAt: Date.now() };
    if (record.progressTimer !== null) clearTimeout(record.progressTimer);
    record.progressTimer = null;
    for (const wake of [...record.waiters]) wake();
    this.emit(record);
    if (record.priority !== null) this.admitWaiting();
    this.forgetOld();
  }

  /** Resolves once no job of a more urgent kind runs (at once for unprioritised kinds); rejects if cancelled. */
  private admission(record: JobRecord): Promise<void> {
    if (record.priority === null || !this.blocked(record)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      record.admit = () => {
        record.admit = null;
        resolve();
      };
      record.controller.signal.addEventListener("abort", () => {
        record.admit = null;
        // cancel() aborts with a CancelledApiError; the job is already marked cancelled, so this only stops it
        reject(new CancelledApiError(`Job ${record.status.kind}`));
      });
    });
  }

  /** Whether a job of a more urgent kind than `record`'s runs (waiting ones do not count). */
  private blocked(record: JobRecord): boolean {
    for (const other of this.jobs.values())
      if (
        other !== record &&
        other.status.state === "running" &&
        other.admit === null &&
        other.priority !== null &&
        other.priority < record.priority!
      )
        return true;
    return false;
  }

  /** Starts waiting jobs that nothing more urgent holds back any more, most urgent first. */
  private admitWaiting(): void {
    const waiting = [...this.jobs.values()]
      .filter((r) => r.admit !== null)
      .sort((a, b) => a.priority! - b.priority!);
    for (const record of waiting) if (!this.blocked(record)) record.admit?.();
  }

  /** Pushes the running job's progress now, or once PROGRESS_PUSH_INTERVAL_MS after the last push. */
  private pushProgress(record: JobRecord): void {
    if (this.listeners.size === 0 || record.progressTimer !== null) return;
    const wait = record.progressPushedAt + PROGRESS_PUSH_INTERVAL_MS - performance.now();
    const push = () => {
      record.progressTimer = null;
      record.progressPushedAt = performance.now();
      if (record.status.state === "running") this.emit(record);
    };
    if (wait <= 0) push();
    else record.progressTimer = setTimeout(push, wait);
  }

  private emit(record: JobRecord): void {
    for (const listener of [...this.listeners]) {
      try {
        listener({ ...record.status });
      } catch {
        // a front end's failure to deliver (a closed window or stream) must not break the job
      }
    }
  }

  private forgetOld(): void {
    const finished = [...this.jobs.entries()].filter(([, r]) => r.status.state !== "running");
    for (const [jobId] of finished.slice(0, Math.max(0, finished.length - this.keepFinished)))
      this.jobs.delete(jobId);
  }
}
