// The message loop of a pool worker (built as out/main/worker.js): runs the `api` functions of the task
// modules in registry.ts with a TaskContext, posts progress, results (typed arrays transferred) and errors
// as data, and its wasm heap size. A module is loaded on its first task.
import { parentPort } from "node:worker_threads";
import { initH5, wasmHeapBuffer } from "../services/lh5/h5.ts";
import { CancelledError, type FromWorker, type ToWorker, serializeError, transferables } from "./protocol.ts";
import type { TaskContext } from "./pool.ts";
import { TASK_MODULES, isTaskModuleName } from "./registry.ts";

const port = parentPort;
if (port === null) throw new Error("worker-main.ts must run in a worker thread");

const cancelled = new Set<number>();
const modules = new Map<string, Promise<Record<string, unknown>>>();

/** The task functions of a module: a registered name, or a file URL (tests' fixture modules). */
async function loadTasks(ref: string): Promise<Record<string, unknown>> {
  const mod: Record<string, unknown> = isTaskModuleName(ref)
    ? await TASK_MODULES[ref]()
    : ((await import(ref)) as Record<string, unknown>);
  const api = mod.api;
  return typeof api === "object" && api !== null ? (api as Record<string, unknown>) : mod;
}

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

function heapBytes(): number {
  return wasmHeapBuffer()?.byteLength ?? 0;
}

async function run(id: number, moduleUrl: string, fn: string, args: unknown): Promise<void> {
  const ctx: TaskContext = {
    progress: (info) => post({ type: "progress", id, info }),
    get cancelled() {
      return cancelled.has(id);
    },
    checkCancelled() {
      if (cancelled.has(id)) throw new CancelledError();
    },
  };
  try {
    await initH5();
    let loading = modules.get(moduleUrl);
    if (loading === undefined) {
      loading = loadTasks(moduleUrl);
      modules.set(moduleUrl, loading);
    }
    const mod = await loading;
    const task = Object.hasOwn(mod, fn) ? mod[fn] : undefined;
    if (typeof task !== "function") throw new Error(`${moduleUrl} exports no function '${fn}'`);
    ctx.checkCancelled();
    const value: unknown = await (task as (args: unknown, ctx: TaskContext) => unknown)(args, ctx);
    const heap = wasmHeapBuffer();
    post(
      { type: "result", id, value, heapBytes: heapBytes() },
      transferables(value, new Set(heap ? [heap] : [])),
    );
  } catch (error) {
    post({ type: "error", id, error: serializeError(error), heapBytes: heapBytes() });
  } finally {
    cancelled.delete(id);
  }
}

port.on("message", (message: ToWorker) => {
  if (message.type === "cancel") cancelled.add(message.id);
  else void run(message.id, message.module, message.fn, message.args);
});
post({ type: "ready" });
