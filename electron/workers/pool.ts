// A worker_threads pool for LH5 work (scans, loads, histograms): tasks are exported functions
// of TypeScript modules, run with h5wasm initialised. Progress and results come back as messages
// (typed arrays transferred), errors as data, cancellation through an AbortSignal. A worker is
// replaced after a crash and after a task that grew its wasm heap past a threshold (it never shrinks).
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { CancelledError, type FromWorker, type ToWorker, deserializeError } from "./protocol.ts";

export { CancelledError } from "./protocol.ts";

/** What a task function receives besides its arguments. */
export interface TaskContext {
  /** Sends a progress message to the caller's onProgress. */
  progress(info: unknown): void;
  /** True once the caller aborted. */
  readonly cancelled: boolean;
  /** Throws a CancelledError once the caller aborted: call it between units of work. */
  checkCancelled(): void;
}

export interface PoolOptions {
  /** Number of workers (default: the number of cores). */
  size?: number;
  /** Replace a worker whose wasm heap exceeds this after a task (default 1 GiB). */
  recycleHeapBytes?: number;
  /** How long a cancelled task may keep running before its worker is terminated (default 2 s). */
  cancelGraceMs?: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (info: unknown) => void;
}

interface Task {
  id: number;
  module: string;
  fn: string;
  args: unknown;
  opts: RunOptions;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  settled: boolean;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  /** A cancelled task still running: the worker is busy until it ends or is terminated. */
  draining: boolean;
  graceTimer?: NodeJS.Timeout;
}

const BOOTSTRAP = new URL("./bootstrap.mjs", import.meta.url);
const DEFAULT_RECYCLE_BYTES = 1 << 30;

function moduleHref(module: URL | string): string {
  if (module instanceof URL) return module.href;
  return /^[a-z]+:/i.test(module) ? module : pathToFileURL(module).href;
}

export class WorkerPool {
  readonly size: number;
  private readonly recycleHeapBytes: number;
  private readonly cancelGraceMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers started over the pool's life (tests and diagnostics). */
  workersStarted = 0;

  constructor(opts: PoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? availableParallelism()));
    this.recycleHeapBytes = opts.recycleHeapBytes ?? DEFAULT_RECYCLE_BYTES;
    this.cancelGraceMs = opts.cancelGraceMs ?? 2000;
  }

  /** Runs `fn(args, ctx)` exported by `module` in a worker; resolves to its result. */
  run<T>(module: URL | string, fn: string, args: unknown, opts: RunOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error("worker pool is closed"));
    if (opts.signal?.aborted) return Promise.reject(new CancelledError());
    return new Promise<T>((resolve, reject) => {
      const task: Task = {
        id: this.nextId++,
        module: moduleHref(module),
        fn,
        args,
        opts,
        resolve,
        reject,
        settled: false,
      };
      if (opts.signal) {
        task.onAbort = () => this.cancel(task);
        opts.signal.addEventListener("abort", task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  private settle(task: Task, outcome: { value: unknown } | { error: unknown }): void {
    if (task.settled) return;
    task.settled = true;
    if (task.onAbort) task.opts.signal?.removeEventListener("abort", task.onAbort);
    if ("error" in outcome) task.reject(outcome.error);
    else task.resolve(outcome.value);
  }

  private cancel(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.settle(task, { error: new CancelledError() });
    const slot = this.slots.find((s) => s.task === task);
    if (slot === undefined) return;
    slot.draining = true;
    slot.worker.postMessage({ type: "cancel", id: task.id } satisfies ToWorker);
    slot.graceTimer = setTimeout(() => this.replace(slot), this.cancelGraceMs);
  }

  private spawn(): Slot {
    const worker = new Worker(BOOTSTRAP);
    this.workersStarted++;
    const slot: Slot = { worker, task: null, draining: false };
    worker.on("message", (message: FromWorker) => this.onMessage(slot, message));
    worker.on("error", (error: Error) => this.onCrash(slot, error));
    worker.on("exit", (code) => this.onCrash(slot, new Error(`worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === "ready") return;
    const task = slot.task;
    if (task === null || message.id !== task.id) return;
    if (message.type === "progress") {
      if (!task.settled) task.opts.onProgress?.(message.info);
      return;
    }
    if (message.type === "result") this.settle(task, { value: message.value });
    else this.settle(task, { error: deserializeError(message.error) });
    slot.task = null;
    slot.draining = false;
    clearTimeout(slot.graceTimer);
    if (message.heapBytes > this.recycleHeapBytes) this.replace(slot);
    else slot.worker.unref();
    this.dispatch();
  }

  private onCrash(slot: Slot, error: Error): void {
    if (!this.slots.includes(slot)) return; // already replaced or closed
    const task = slot.task;
    this.remove(slot);
    if (task !== null) {
      this.settle(task, {
        error: new Error(`worker crashed while running ${task.fn}: ${error.message}`, { cause: error }),
      });
    }
    this.dispatch();
  }

  private remove(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    clearTimeout(slot.graceTimer);
  }

  /** Terminates a worker (heap too big, or a cancelled task that would not stop); the next task gets a new one. */
  private replace(slot: Slot): void {
    this.remove(slot);
    void slot.worker.terminate();
    this.dispatch();
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => s.task === null && !s.draining);
      if (slot === undefined) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      const task = this.queue.shift();
      if (task === undefined) return;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({
        type: "run",
        id: task.id,
        module: task.module,
        fn: task.fn,
        args: task.args,
      } satisfies ToWorker);
    }
  }

  /** Workers running now (started and not terminated): a task can begin without a start-up. */
  get liveWorkers(): number {
    return this.slots.length;
  }

  /**
   * Starts every worker and runs `fn` of `module` in each (e.g. a no-op of a task module, which loads
   * h5wasm and the module), so that the first real task pays no start-up. Resolves when all are ready.
   */
  async warm(module: URL | string, fn: string): Promise<void> {
    await Promise.all(Array.from({ length: this.size }, () => this.run(module, fn, null)));
  }

  /** Rejects queued tasks and terminates every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) this.settle(task, { error: new Error("worker pool closed") });
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      clearTimeout(slot.graceTimer);
      if (slot.task) this.settle(slot.task, { error: new Error("worker pool closed") });
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

let defaultPool: WorkerPool | null = null;

/** The pool shared by the services, created on first use. */
export function getDefaultPool(): WorkerPool {
  defaultPool ??= new WorkerPool();
  return defaultPool;
}
