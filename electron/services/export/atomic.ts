// Atomic output files: write under a temporary name beside the target, then move it into place. Without
// `overwrite` an existing target is never replaced, even one that appears while the export runs.
import { closeSync, existsSync, fstatSync, linkSync, openSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";

export class ExportError extends Error {
  override name = "ExportError";
  constructor(
    message: string,
    readonly path: string,
    readonly code: "exists" | "format" | "io" | "empty",
  ) {
    super(message);
  }
}

/** Fails early (before any work) when `path` exists and overwriting was not asked for, or its folder is missing. */
export function checkTarget(path: string, overwrite: boolean): void {
  if (!overwrite && existsSync(path)) {
    throw new ExportError(`output file '${path}' exists (pass overwrite to replace it)`, path, "exists");
  }
  if (!existsSync(dirname(path))) {
    throw new ExportError(`output folder '${dirname(path)}' does not exist`, path, "io");
  }
}

/** A fresh temporary name in the target's folder (same filesystem, so the final rename is atomic). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString("hex")}`);
}

/** Moves a finished temporary file into place; without `overwrite` a target that exists now is kept and the temp removed. */
export function commitTemp(temp: string, path: string, overwrite: boolean): void {
  if (overwrite) {
    renameSync(temp, path);
    return;
  }
  try {
    linkSync(temp, path); // fails with EEXIST instead of replacing
  } catch (error) {
    rmSync(temp, { force: true });
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new ExportError(`output file '${path}' appeared during the export; not replaced`, path, "exists");
    }
    throw new ExportError(`cannot move output into '${path}': ${(error as Error).message}`, path, "io");
  }
  rmSync(temp, { force: true });
}

/** Opens a temporary file for writing; returns its descriptor and name. */
export function openTemp(path: string): { fd: number; temp: string } {
  const temp = tempPathFor(path);
  return { fd: openSync(temp, "wx"), temp };
}

/** Closes a finished temporary file and moves it into place (`commitTemp`); returns its size in bytes. */
export function finishTemp(fd: number, temp: string, path: string, overwrite: boolean): number {
  const bytes = fstatSync(fd).size;
  closeSync(fd);
  commitTemp(temp, path, overwrite);
  return bytes;
}

/** Closes (if open) and deletes a temporary file; never throws. */
export function discardTemp(fd: number | null, temp: string): void {
  try {
    if (fd !== null) closeSync(fd);
  } catch {
    // already closed
  }
  rmSync(temp, { force: true });
}
