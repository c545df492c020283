// Messages between the pool and its workers, and errors carried as data across the thread boundary.
import { LH5Error, type LH5ErrorCode } from "../services/lh5/errors.ts";

/** Thrown by checkCancelled() in a task, and by run() when its signal aborts. */
export class CancelledError extends Error {
  override name = "CancelledError";
  constructor(message = "task cancelled") {
    super(message);
  }
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** LH5Error fields. */
  code?: LH5ErrorCode;
  file?: string;
  objectPath?: string;
  reason?: string;
}

export type ToWorker =
  { type: "run"; id: number; module: string; fn: string; args: unknown } | { type: "cancel"; id: number };

export type FromWorker =
  | { type: "ready" }
  | { type: "progress"; id: number; info: unknown }
  | { type: "result"; id: number; value: unknown; heapBytes: number }
  | { type: "error"; id: number; error: SerializedError; heapBytes: number };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof LH5Error) {
    const out: SerializedError = {
      name: error.name,
      message: error.message,
      code: error.code,
      file: error.file,
      reason: error.reason,
    };
    if (error.stack !== undefined) out.stack = error.stack;
    if (error.objectPath !== undefined) out.objectPath = error.objectPath;
    return out;
  }
  if (error instanceof Error) {
    const out: SerializedError = { name: error.name, message: error.message };
    if (error.stack !== undefined) out.stack = error.stack;
    return out;
  }
  return { name: "Error", message: String(error) };
}

/** Re-creates an error thrown in a worker: LH5Error and CancelledError keep their class. */
export function deserializeError(data: SerializedError): Error {
  let error: Error;
  if (data.name === "LH5Error" && data.code !== undefined && data.file !== undefined) {
    error = new LH5Error(data.code, data.file, data.objectPath, data.reason ?? data.message);
  } else if (data.name === "CancelledError") {
    error = new CancelledError(data.message);
  } else {
    error = new Error(data.message);
    error.name = data.name;
  }
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}

/** ArrayBuffers inside a result, to transfer instead of copy (wasm memory and shared buffers excluded). */
export function transferables(
  value: unknown,
  exclude: ReadonlySet<ArrayBufferLike> = new Set(),
): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      const buffer = v.buffer;
      if (buffer instanceof ArrayBuffer && !exclude.has(buffer) && buffer.byteLength > 0) found.add(buffer);
      return;
    }
    if (v instanceof ArrayBuffer) {
      if (!exclude.has(v)) found.add(v);
      return;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) visit(child);
  };
  visit(value);
  return [...found];
}
