// A worker_threads pool for LH5 work (scans, loads, histograms): tasks are the `api` functions of the
// task modules named in registry.ts, run with h5wasm initialised, and called through types (`run("scan",
// "listTables", args)` or `client("scan").listTables(args)`). Progress and results come back as messages
// (typed arrays transferred), errors as data, cancellation through an AbortSignal. A worker is replaced
// after a crash and after a task that grew its wasm heap past a threshold (it never shrinks), and ends
// after a while without work, so that its memory goes back to the system.
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { workerEntryUrl } from "../bundle.ts";
import { CancelledError, type FromWorker, type ToWorker, deserializeError } from "./protocol.ts";
import type { TASK_MODULES, TaskModuleName } from "./registry.ts";
import { workerLimit } from "./worker-limit.ts";

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

/** The task functions of a registered module. */
export type TaskApi<M extends TaskModuleName> = Awaited<ReturnType<(typeof TASK_MODULES)[M]>>["api"];
/** The argument a task function takes (unknown for one that takes none). */
export type TaskArgs<F> = F extends (args: infer A, ...rest: never[]) => unknown ? A : never;
/** What a task function resolves to. */
export type TaskResult<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;
/** A module's tasks as functions that run in the pool. */
export type TaskClient<M extends TaskModuleName> = {
  [F in keyof TaskApi<M>]: (
    args: TaskArgs<TaskApi<M>[F]>,
    opts?: RunOptions,
  ) => Promise<TaskResult<TaskApi<M>[F]>>;
};

export interface PoolOptions {
  /** Number of workers (default: workerLimit(), the cores or the user's cap). */
  size?: number;
  /** End a worker that had no task for this long (default 60 s); 0 keeps workers until close(). */
  idleTimeoutMs?: number;
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
  idleTimer?: NodeJS.Timeout;
}

const DEFAULT_RECYCLE_BYTES = 1 << 30;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** What the worker loads: a registered module's name, or (tests' fixture modules) a file URL. */
function moduleRef(module: TaskModuleName | URL): string {
  return module instanceof URL ? module.href : module;
}

export class WorkerPool {
  readonly size: number;
  private readonly recycleHeapBytes: number;
  private readonly cancelGraceMs: number;
  private readonly idleTimeoutMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers started over the pool's life (tests and diagnostics). */
  workersStarted = 0;

  constructor(opts: PoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? workerLimit()));
    this.recycleHeapBytes = opts.recycleHeapBytes ?? DEFAULT_RECYCLE_BYTES;
    this.cancelGraceMs = opts.cancelGraceMs ?? 2000;
    this.idleTimeoutMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  }

  /** Runs task `fn` of the registered module `module` in a worker; resolves to its result. */
  run<M extends TaskModuleName, F extends keyof TaskApi<M> & string>(
    module: M,
    fn: F,
    args: TaskArgs<TaskApi<M>[F]>,
    opts: RunOptions = {},
  ): Promise<TaskResult<TaskApi<M>[F]>> {
    return this.enqueue(module, fn, args, opts) as Promise<TaskResult<TaskApi<M>[F]>>;
  }

  /** The tasks of `module` as functions: `pool.client("scan").listTables(args, opts)`. */
  client<M extends TaskModuleName>(module: M): TaskClient<M> {
    return new Proxy({} as TaskClient<M>, {
      get: (_target, fn) =>
        typeof fn === "string"
          ? (args: unknown, opts?: RunOptions) => this.enqueue(module, fn, args, opts)
          : undefined,
    });
  }

  /** Runs `fn` of a module that is not registered (a test's fixture module, by file URL or path); untyped. */
  runModule<T>(module: URL | string, fn: string, args: unknown, opts: RunOptions = {}): Promise<T> {
    const url = typeof module === "string" ? pathToFileURL(module) : module;
    return this.enqueue(url, fn, args, opts) as Promise<T>;
  }

  private enqueue(
    module: TaskModuleName | URL,
    fn: string,
    args: unknown,
    opts: RunOptions = {},
  ): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("worker pool is closed"));
    if (opts.signal?.aborted) return Promise.reject(new CancelledError());
    return new Promise<unknown>((resolve, reject) => {
      const task: Task = {
        id: this.nextId++,
        module: moduleRef(module),
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
    const worker = new Worker(workerEntryUrl());
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
    if (slot.task === null && this.slots.includes(slot)) this.endWhenIdle(slot);
  }

  /** Ends an idle worker after idleTimeoutMs, so that a finished or cancelled job's memory is given back. */
  private endWhenIdle(slot: Slot): void {
    if (this.idleTimeoutMs <= 0) return;
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      if (slot.task === null && !slot.draining && this.slots.includes(slot)) this.replace(slot);
    }, this.idleTimeoutMs);
    slot.idleTimer.unref();
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
    clearTimeout(slot.idleTimer);
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
      clearTimeout(slot.idleTimer);
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
   * Starts every worker and runs `fn` of `module` in each (a no-op task, which loads h5wasm and the
   * module), so that the first real task pays no start-up. Resolves when all are ready.
   */
  async warm<M extends TaskModuleName>(module: M, fn: keyof TaskApi<M> & string): Promise<void> {
    await Promise.all(Array.from({ length: this.size }, () => this.enqueue(module, fn, null)));
  }

  /** Rejects queued tasks and terminates every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) this.settle(task, { error: new Error("worker pool closed") });
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      clearTimeout(slot.graceTimer);
      clearTimeout(slot.idleTimer);
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
