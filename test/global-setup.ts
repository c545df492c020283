// Once before any test file: build out/ if it is stale, so that tests which run the built app (the CLI,
// web mode, the Electron main bundle, workers) never meet an old build, and never build concurrently.
import { ensureBuilt } from "./fixtures/built.ts";

export default function setup(): void {
  ensureBuilt();
}
