// The byte budget of each exploration worker's column cache: what bounds memory however many entries a
// histogram walks (the README states it). A shared login node or a small laptop lowers it with
// LH5_BROWSER_COLUMN_CACHE_MB; the scale benchmark lowers it to show that memory stays flat beyond it.

/** Megabytes of columns and cut masks each exploration worker keeps by default. */
export const DEFAULT_COLUMN_CACHE_MB = 600;
export const COLUMN_CACHE_ENV = "LH5_BROWSER_COLUMN_CACHE_MB";

/** Parses a budget as the user typed it: whole megabytes (0 keeps nothing), else an Error naming the source. */
export function parseCacheMegabytes(text: string, source: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value))
    throw new Error(`${source} must be a whole number of megabytes, got '${text}'`);
  return value;
}

/** Bytes of each worker's column cache: LH5_BROWSER_COLUMN_CACHE_MB, else the default; throws on a typo. */
export function columnCacheBytes(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[COLUMN_CACHE_ENV];
  const mb =
    text === undefined || text.trim() === ""
      ? DEFAULT_COLUMN_CACHE_MB
      : parseCacheMegabytes(text, COLUMN_CACHE_ENV);
  return mb * 1_000_000;
}

/**
 * The budget as a worker takes it when it starts: a typo falls back to the default there (a worker cannot
 * ask the user); `serve` checks the variable first and says what is wrong.
 */
export function workerColumnCacheBytes(env: NodeJS.ProcessEnv = process.env): number {
  try {
    return columnCacheBytes(env);
  } catch {
    return DEFAULT_COLUMN_CACHE_MB * 1_000_000;
  }
}
