// Atomic output files: write under a temporary name beside the target, then move it into place. Without
// `overwrite` an existing target is never replaced, even one that appears while the export runs.
import {
  closeSync,
  existsSync,
  fstatSync,
  linkSync,
  lstatSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
} from "node:fs";
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
  cleanStaleTemps(dirname(path));
}

/**
 * A fresh temporary name in the target's folder (same filesystem, so the final rename is atomic), with this
 * process's id: cleanStaleTemps can tell a temp of a live export from one a killed export left behind.
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
}

/** Temps this process has open (a temp named with our pid may also be a dead predecessor's: same pid). */
const liveTemps = new Set<string>();

/**
 * Our temporary names: `.X.tmp-PID-HEX` (tempPathFor), `.X.tmp-HEX` (before the pid was in it) and
 * `X.tmp-HEX` (the LH5 writer's).
 */
const TEMP_NAME = /^.+\.tmp-(?:(\d+)-)?[0-9a-f]{12}$/u;

/** A temp untouched this long (mtime) is not being written: an export writes it continuously. */
export const STALE_TEMP_MS = 5 * 60_000;

/** True when process `pid` exists (EPERM: it exists, owned by someone else). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Deletes the temporary files a killed export left in `dir` (a kill -9 runs no cleanup): files of our
 * naming, untouched for STALE_TEMP_MS, and not held by a live export: neither one of this process nor,
 * when the name has a pid, of another process that is still running. Returns the paths removed; never
 * throws (cleaning is a courtesy, not part of the export).
 */
export function cleanStaleTemps(dir: string, now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (m === null) continue;
    const path = join(dir, name);
    try {
      const stat = lstatSync(path);
      if (!stat.isFile() || now - stat.mtimeMs < STALE_TEMP_MS || liveTemps.has(path)) continue;
      const pid = m[1] === undefined ? null : Number(m[1]);
      if (pid !== null && pid !== process.pid && processAlive(pid)) continue;
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      // gone meanwhile, or not ours to remove: leave it
    }
  }
  return removed;
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
  const fd = openSync(temp, "wx");
  liveTemps.add(temp);
  return { fd, temp };
}

/** Closes a finished temporary file and moves it into place (`commitTemp`); returns its size in bytes. */
export function finishTemp(fd: number, temp: string, path: string, overwrite: boolean): number {
  const bytes = fstatSync(fd).size;
  closeSync(fd);
  try {
    commitTemp(temp, path, overwrite);
  } finally {
    liveTemps.delete(temp);
  }
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
  liveTemps.delete(temp);
}
