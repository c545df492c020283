// How many worker threads the app may run at once. On a shared cluster node the cores the OS reports are
// not all ours, so the user caps them (`serve --workers N` or `LH5_BROWSER_WORKERS`); the worker pools read
// the cap here instead of asking the OS themselves.
import { availableParallelism } from "node:os";

/** The environment variable that caps the workers when no command-line value was given. */
export const WORKERS_ENV = "LH5_BROWSER_WORKERS";
/** Workers by default: one per core, but no more than this (more mostly adds memory, not speed). */
export const DEFAULT_MAX_WORKERS = 4;

let chosen: number | null = null;

/** A worker count from text (`--workers`, the environment): a whole number ≥ 1, else null. */
export function parseWorkerCount(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const count = Number(text);
  return Number.isSafeInteger(count) && count >= 1 ? count : null;
}

/** Sets the cap from the command line (it wins over the environment); null forgets it. */
export function setWorkerLimit(count: number | null): void {
  if (count !== null && !(Number.isSafeInteger(count) && count >= 1))
    throw new RangeError(`the worker limit must be a whole number ≥ 1, got ${count}`);
  chosen = count;
}

/**
 * The number of workers to run: the value set by `setWorkerLimit`, else `LH5_BROWSER_WORKERS`, else the
 * available cores capped at DEFAULT_MAX_WORKERS. A malformed environment value is ignored (the default
 * applies) rather than failing deep inside a pool; `serve` checks it up front and says so.
 */
export function workerLimit(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  if (chosen !== null) return chosen;
  const fromEnv = env[WORKERS_ENV] === undefined ? null : parseWorkerCount(env[WORKERS_ENV]);
  return fromEnv ?? Math.max(1, Math.min(cores, DEFAULT_MAX_WORKERS));
}
