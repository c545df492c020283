// View files: a session saved for someone else. The dataset is stored relative to the view file's
// folder, so a colleague with the same data laid out the same way (the view next to or inside the
// dataset) reproduces the selection and plots on another machine. Reading validates everything and
// names what is wrong; nothing in a view is trusted more than a typed path.
import { existsSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { sessionStateGuard } from "../../../shared/api/contract.ts";
import { SESSION_VERSION, VIEW_FORMAT, VIEW_VERSION } from "../../../shared/api/session.ts";
import type { SessionState } from "../../../shared/api/types.ts";
import { readTextFile } from "../fs/regular-file.ts";
import { StateFile } from "./state-file.ts";

/** A view file that cannot be used; the message says what is wrong with it. */
export class BadViewFileError extends Error {
  override name = "BadViewFile";
  readonly code = "bad-view-file";
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`'${file}' is not a usable LH5 Browser view: ${problem}`);
  }
}

/** Refuses to replace an existing file unless asked to. */
export class ViewExistsError extends Error {
  override name = "FileExists";
  readonly code = "file-exists";
  constructor(readonly file: string) {
    super(`'${file}' exists; choose another name or allow overwriting`);
  }
}

const toPortable = (path: string) => path.split(sep).join("/");

/** The JSON written for `state` into the view file at `viewPath`. */
export function viewFileContent(state: SessionState, viewPath: string): Record<string, unknown> {
  const { version: _version, dataset, ...rest } = state;
  const folder = dirname(viewPath);
  return {
    format: VIEW_FORMAT,
    version: VIEW_VERSION,
    dataset:
      dataset === null
        ? null
        : dataset.kind === "demo"
          ? { kind: "demo", path: "" }
          : { kind: dataset.kind, path: toPortable(relative(folder, dataset.path)) || "." },
    ...rest,
  };
}

export function writeViewFile(path: string, state: SessionState, overwrite: boolean): void {
  if (!overwrite && existsSync(path)) throw new ViewExistsError(path);
  new StateFile(path).write(viewFileContent(state, path));
}

/** Reads and validates a view file; its dataset path comes back absolute. */
export function readViewFile(path: string): SessionState {
  let value: unknown;
  try {
    value = JSON.parse(readTextFile(path)) as unknown;
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not JSON (${error.message})` : (error as Error).message;
    throw new BadViewFileError(path, reason);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new BadViewFileError(path, "not a JSON object");
  const { format, version, dataset, ...rest } = value as Record<string, unknown>;
  if (format !== VIEW_FORMAT) throw new BadViewFileError(path, `its "format" is not "${VIEW_FORMAT}"`);
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1)
    throw new BadViewFileError(path, `its "version" must be a whole number`);
  if (version > VIEW_VERSION)
    throw new BadViewFileError(
      path,
      `it was written by a newer LH5 Browser (view version ${version}); update the app`,
    );
  const session = { ...rest, version: SESSION_VERSION, dataset: absoluteDataset(path, dataset) };
  const problem = sessionStateGuard(session, "view");
  if (problem !== null) throw new BadViewFileError(path, problem);
  return session as SessionState;
}

function absoluteDataset(viewPath: string, dataset: unknown): unknown {
  if (dataset === null || typeof dataset !== "object") return dataset; // the guard names what is wrong
  const record = dataset as Record<string, unknown>;
  if (record.kind === "demo") return { kind: "demo", path: "" };
  if (typeof record.path !== "string") return dataset;
  if (isAbsolute(record.path) || /^[A-Za-z]:[\\/]/.test(record.path))
    throw new BadViewFileError(
      viewPath,
      `its dataset path '${record.path}' must be relative to the view's folder`,
    );
  return { ...record, path: resolve(dirname(viewPath), ...record.path.split("/")) };
}
