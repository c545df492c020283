// The one error type of the LH5 layer: every HDF5 or format failure names the file and object.
import { discardH5AfterAbort, isH5Abort } from "./h5.ts";

/** `aborted`: the wasm module died on this file (it is reloaded for the next read); `disk-full`: a write ran out of room. */
export type LH5ErrorCode =
  | "open"
  | "not-found"
  | "filter"
  | "datatype"
  | "corrupt"
  | "exists"
  | "io"
  | "range"
  | "aborted"
  | "disk-full";

export class LH5Error extends Error {
  override name = "LH5Error";
  readonly file: string;
  readonly objectPath?: string;
  readonly code: LH5ErrorCode;
  /** The cause without the file and object prefix. */
  readonly reason: string;

  constructor(code: LH5ErrorCode, file: string, objectPath: string | undefined, reason: string) {
    super(`${file}${objectPath !== undefined ? `:/${objectPath}` : ""}: ${reason}`);
    this.code = code;
    this.reason = reason;
    this.file = file;
    if (objectPath !== undefined) this.objectPath = objectPath;
  }
}

export function isLH5Error(error: unknown): error is LH5Error {
  return error instanceof LH5Error;
}

/**
 * The useful line of an HDF5 error: h5wasm's throwing handler puts the whole HDF5 stack in the
 * message; the last frame's text (e.g. "truncated file: eof = …") says what went wrong.
 */
export function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const frames = [...text.matchAll(/#\d+:.*? in [^(]+\(\): (.*)/g)].map((m) => m[1]?.trim() ?? "");
  const last = frames.filter((f) => f !== "").at(-1);
  if (last !== undefined) return last;
  const firstLine = text.split("\n").find((line) => line.trim() !== "");
  return (firstLine ?? "unknown HDF5 error").slice(0, 500);
}

/**
 * Whether a failed write ran out of room: HDF5's "file write failed: …, error message = 'No space left on
 * device'" (its first line names only the time), or Node's ENOSPC.
 */
export function isDiskFull(error: unknown): boolean {
  if ((error as { code?: unknown } | null)?.code === "ENOSPC") return true;
  const text = error instanceof Error ? error.message : String(error);
  return /No space left on device|ENOSPC/.test(text);
}

/** The error of a write to `file` that failed: "disk full while writing FILE", or the HDF5 reason. */
export function writeFailure(error: unknown, file: string, objectPath: string | undefined): LH5Error {
  if (error instanceof LH5Error) return error;
  if (isDiskFull(error))
    return new LH5Error("disk-full", file, objectPath, `disk full while writing ${file}`);
  return toLH5Error(error, file, objectPath, "io");
}

/** Classifies an HDF5 failure message into an LH5Error code. */
export function classifyHdf5Error(reason: string, fallback: LH5ErrorCode): LH5ErrorCode {
  if (/filter|plugin/i.test(reason)) return "filter";
  if (/No such file|doesn't exist|not found/i.test(reason)) return "not-found";
  if (/truncated|signature|corrupt|bad (?:object|value|symbol)/i.test(reason)) return "corrupt";
  return fallback;
}

/** One line for an Emscripten abort: what it said, shortened (a missing C function gets a plain sentence). */
export function abortReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const missing = /undefined symbol '([^']+)'/.exec(text)?.[1];
  if (missing !== undefined) {
    return `HDF5 aborted: a filter plugin called '${missing}', which this HDF5 build lacks (corrupt or unsupported compressed data)`;
  }
  const first =
    text
      .replace(/^Aborted\((.*)\)$/s, "$1")
      .split("\n")[0]
      ?.trim() ?? "";
  return `HDF5 aborted: ${first.slice(0, 200) || "no reason given"}`;
}

/**
 * Wraps any throw from h5wasm into an LH5Error naming the file and object. An abort of the wasm module
 * also drops the module, so that the next initH5() starts a working one.
 */
export function toLH5Error(
  error: unknown,
  file: string,
  objectPath: string | undefined,
  fallback: LH5ErrorCode,
): LH5Error {
  if (error instanceof LH5Error) return error;
  if (isH5Abort(error)) {
    const reason = abortReason(error);
    discardH5AfterAbort(reason);
    return new LH5Error("aborted", file, objectPath, reason);
  }
  const reason = hdf5Reason(error);
  return new LH5Error(classifyHdf5Error(reason, fallback), file, objectPath, reason);
}
