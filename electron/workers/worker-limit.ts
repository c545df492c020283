// How many worker threads a pool may start. On a shared login node `availableParallelism()` can be 128:
// a pool that takes every core would crowd out other users, so the default is capped, and the user sets
// the number with `--workers N` (CLI, serve) or LH5_BROWSER_WORKERS.
import { availableParallelism } from "node:os";

/** Default cap on workers per pool when the user set nothing. */
export const DEFAULT_MAX_WORKERS = 8;
export const WORKERS_ENV = "LH5_BROWSER_WORKERS";

let chosen: number | null = null;

/** Parses a worker count as the user typed it: a positive integer, else an Error naming the source. */
export function parseWorkerCount(text: string, source: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < 1)
    throw new Error(`${source} must be a positive whole number of worker threads, got '${text}'`);
  return value;
}

/** Sets the cap for this process (the CLI's --workers); null goes back to the environment / default. */
export function setWorkerLimit(count: number | null): void {
  if (count !== null && !(Number.isSafeInteger(count) && count >= 1))
    throw new Error(`worker limit must be a positive whole number, got ${count}`);
  chosen = count;
}

/** Workers a pool may use: --workers, else LH5_BROWSER_WORKERS, else the cores up to DEFAULT_MAX_WORKERS. */
export function workerLimit(env: NodeJS.ProcessEnv = process.env): number {
  if (chosen !== null) return chosen;
  const fromEnv = env[WORKERS_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return parseWorkerCount(fromEnv, WORKERS_ENV);
  return Math.max(1, Math.min(availableParallelism(), DEFAULT_MAX_WORKERS));
}
