// The dataset path given on the command line (`npm start -- PATH`, `lh5-browser-app PATH`).
import { resolve } from "node:path";

/** First argument that is not a flag (Chromium and Electron flags start with `-`), resolved. */
export function firstPathArgument(args: readonly string[]): string | null {
  const path = args.find((arg) => !arg.startsWith("-") && arg !== ".");
  return path ? resolve(path) : null;
}
