// The dataset path given on the command line (`npm start -- PATH`, `lh5-browser-app PATH`, a file
// double-clicked in a file manager), for this launch and for a second launch forwarded to the first.
import { resolve } from "node:path";

/** First argument that is not a flag (Chromium and Electron flags start with `-`), resolved against `cwd`. */
export function firstPathArgument(args: readonly string[], cwd: string = process.cwd()): string | null {
  const path = args.find((arg) => !arg.startsWith("-") && arg !== ".");
  return path ? resolve(cwd, path) : null;
}

/**
 * The dataset path of a launch's full argv: a packaged app's argv is `[exe, ...args]`, an unpackaged one's
 * `[electron, appDir, ...args]`.
 */
export function launchPath(argv: readonly string[], isPackaged: boolean, cwd?: string): string | null {
  return firstPathArgument(argv.slice(isPackaged ? 1 : 2), cwd);
}

/** What a second launch hands the running one (Electron's `additionalData`). */
export interface SecondLaunchData {
  /** The second launch's dataset path, already resolved in its own working folder. */
  openPath: string | null;
}

/**
 * The path a second launch asks the running app to open. Electron may reorder the forwarded argv and
 * append Chromium flags, so the path the second launch resolved itself (`additionalData`) comes first.
 */
export function secondLaunchPath(
  argv: readonly string[],
  workingDirectory: string,
  additionalData: unknown,
  isPackaged: boolean,
): string | null {
  if (typeof additionalData === "object" && additionalData !== null) {
    const { openPath } = additionalData as Partial<SecondLaunchData>;
    if (typeof openPath === "string" && openPath !== "") return resolve(workingDirectory, openPath);
    if (openPath === null) return null;
  }
  return launchPath(argv, isPackaged, workingDirectory);
}
