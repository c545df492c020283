// Errors cross every boundary (IPC, HTTP, workers) as data: name, message, and the fields a UI
// needs (the query error's position, the file an LH5 error is about). The client turns them
// back into `ApiError`s, so `error.name` and `error.position` survive the trip.

/** An error as plain data. */
export interface SerializedError {
  name: string;
  message: string;
  /** A short machine code, e.g. `not-implemented`, `bad-argument`, `forbidden-path`, `cancelled`. */
  code?: string;
  /** For expression errors: 0-based offsets of the offending text. */
  position?: number;
  end?: number;
  /** The file or object the error is about. */
  file?: string;
  objectPath?: string;
  cause?: SerializedError;
}

/** The envelope every IPC/HTTP call returns. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(error: unknown): Result<never> {
  return { ok: false, error: serializeError(error) };
}

/** An error raised from serialized data, or thrown by the service with a code. */
export class ApiError extends Error {
  readonly code: string | undefined;
  readonly position: number | undefined;
  readonly end: number | undefined;
  readonly file: string | undefined;
  readonly objectPath: string | undefined;

  constructor(data: SerializedError) {
    super(data.message, data.cause ? { cause: new ApiError(data.cause) } : undefined);
    this.name = data.name;
    this.code = data.code;
    this.position = data.position;
    this.end = data.end;
    this.file = data.file;
    this.objectPath = data.objectPath;
  }
}

/** A contract method that exists but has no implementation yet. */
export class NotImplementedError extends ApiError {
  constructor(method: string) {
    super({
      name: "NotImplemented",
      code: "not-implemented",
      message: `'${method}' is not implemented yet in this version of LH5 Browser`,
    });
  }
}

/** Arguments that fail the contract's guards. */
export class BadArgumentError extends ApiError {
  constructor(method: string, detail: string) {
    super({ name: "BadArgument", code: "bad-argument", message: `${method}: ${detail}` });
  }
}

/** A job or request that the user cancelled; kept apart from failures. */
export class CancelledApiError extends ApiError {
  constructor(what: string) {
    super({ name: "Cancelled", code: "cancelled", message: `${what} was cancelled` });
  }
}

function pickNumber(source: Record<string, unknown>, key: string): number | undefined {
  const value = source[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function pickString(source: Record<string, unknown>, key: string): string | undefined {
  const value = source[key];
  return typeof value === "string" ? value : undefined;
}

/** Any thrown value → SerializedError, keeping the known extra fields (depth-limited causes). */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (error instanceof Error) {
    const fields = error as unknown as Record<string, unknown>;
    const out: SerializedError = { name: error.name || "Error", message: error.message };
    const code = pickString(fields, "code");
    if (code !== undefined) out.code = code;
    const position = pickNumber(fields, "position");
    if (position !== undefined) out.position = position;
    const end = pickNumber(fields, "end");
    if (end !== undefined) out.end = end;
    const file = pickString(fields, "file");
    if (file !== undefined) out.file = file;
    const objectPath = pickString(fields, "objectPath");
    if (objectPath !== undefined) out.objectPath = objectPath;
    if (error.cause !== undefined && depth < 3) out.cause = serializeError(error.cause, depth + 1);
    return out;
  }
  if (isSerializedError(error)) return error;
  return {
    name: "Error",
    message: typeof error === "string" ? error : (JSON.stringify(error) ?? String(error)),
  };
}

export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.name === "string" && typeof record.message === "string";
}

/** Unwraps a Result, throwing an ApiError for failures. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new ApiError(result.error);
}

export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    (record.ok === true && "value" in record) || (record.ok === false && isSerializedError(record.error))
  );
}
