// Once before any test file: build out/ if it is stale, so that tests which run the built app (the CLI,
// web mode, the Electron main bundle, workers) never meet an old build, and never build concurrently.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt } from "./fixtures/built.ts";

export default function setup(): () => void {
  ensureBuilt();
  // The app's own files (inventory store, sessions) go to a throwaway folder, never the user's home, unless a
  // test names its own; test workers and the processes they spawn inherit it.
  if (process.env.LH5_BROWSER_DATA_DIR) return () => {};
  const dataDir = mkdtempSync(join(tmpdir(), "lh5-test-data-"));
  process.env.LH5_BROWSER_DATA_DIR = dataDir;
  return () => rmSync(dataDir, { recursive: true, force: true });
}
