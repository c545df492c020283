// What differs between the built app (out/, made by build/scripts/build.mjs) and the TypeScript sources run
// by tests and tsx: where a pool worker starts, where the renderer is, the version. The build defines
// LH5_BUNDLED and LH5_VERSION; its minifier then drops the branches for the sources, so the shipped
// files name no TypeScript file and need no TypeScript loader. Every Node entry and chunk of the build
// sits in out/main/, so "./x" from any of them is out/main/x. The benchmarks' build (LH5_BENCH, in
// out/bench/, build/scripts/build-bench.mjs) starts its workers from the shipped out/main/worker.js.
declare const LH5_BUNDLED: boolean | undefined;
declare const LH5_BENCH: boolean | undefined;
declare const LH5_VERSION: string | undefined;
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** True in the built app. */
export const isBundled = typeof LH5_BUNDLED !== "undefined" && LH5_BUNDLED;

/** The entry of a pool worker: out/main/worker.js, or dev-worker.mjs (registers tsx) from the sources. */
export function workerEntryUrl(): URL {
  if (typeof LH5_BENCH !== "undefined" && LH5_BENCH) return new URL("../main/worker.js", import.meta.url);
  if (typeof LH5_BUNDLED !== "undefined" && LH5_BUNDLED) return new URL("./worker.js", import.meta.url);
  return new URL("./workers/dev-worker.mjs", import.meta.url);
}

/** The built renderer (index.html and its assets) that web mode serves. */
export function rendererDir(): string {
  if (typeof LH5_BUNDLED !== "undefined" && LH5_BUNDLED)
    return fileURLToPath(new URL("../renderer", import.meta.url));
  return fileURLToPath(new URL("../out/renderer", import.meta.url));
}

/** The app's version (package.json's, fixed at build time in the built app). */
export function appVersion(): string {
  if (typeof LH5_VERSION !== "undefined") return LH5_VERSION;
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}
