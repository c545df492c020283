// One-time h5wasm set-up per thread: load the Node build, make HDF5 errors throw, and register
// the compression plugins. Everything else in this folder is synchronous once initH5() resolved.
// An abort inside the wasm module (e.g. a plugin calling a C function the build lacks) leaves HDF5's
// state undefined: the module is then dropped and the next initH5() loads a fresh one.
import { existsSync, readSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import type * as H5Types from "h5wasm";
import { installBlockReads } from "./block-reads.ts";

export type H5Wasm = typeof H5Types.default;
export type H5Module = Awaited<typeof H5Types.ready>;

interface H5State {
  h5: H5Wasm;
  module: H5Module;
  pluginDir: string | null;
}

let state: H5State | null = null;
let pending: Promise<void> | null = null;
/** Modules loaded in this thread so far; the next one after an abort is a fresh instance. */
let generation = 0;
/** Why the last module was dropped, for the error of a getH5() before the next initH5(). */
let droppedBecause: string | null = null;

/**
 * What Emscripten's abort() reported (its text without the "Aborted(…)" wrapper). Thrown by the module's
 * onAbort hook, which runs before Emscripten prints the message to stderr: so nothing is printed.
 */
export class H5AbortError extends Error {
  override name = "H5AbortError";
}

/** True for an abort of the wasm module or a wasm trap: after either, the module must not be used again. */
export function isH5Abort(error: unknown): boolean {
  // WebAssembly.RuntimeError (a trap, or an abort that got past onAbort), told by name: no DOM/wasm lib types here
  return error instanceof H5AbortError || (error instanceof Error && error.name === "RuntimeError");
}

/**
 * Drops this thread's module after an abort: every h5wasm object of it is invalid, and the next initH5()
 * loads a new instance (a pool worker awaits initH5() before each task, the CLI and services before their
 * work). The dead instance's memory stays referenced by the ES module cache until the thread ends.
 */
export function discardH5AfterAbort(reason: string): void {
  if (state === null) return;
  state = null;
  pending = null;
  droppedBecause = reason;
}

/** Whether the module of `generationAtOpen` is still the live one (no abort since). */
export function isH5Current(generationAtOpen: number): boolean {
  return state !== null && generation === generationAtOpen;
}

/** The number of modules loaded in this thread (1 after the first initH5()); an Lh5File is bound to one. */
export function h5Generation(): number {
  return generation;
}

/** HDF5's built-in filters in the wasm build, by id. */
const BUILTIN_FILTERS: ReadonlyMap<number, string> = new Map([
  [1, "deflate"],
  [2, "shuffle"],
  [3, "fletcher32"],
  [5, "nbit"],
  [6, "scaleoffset"],
]);

/** Filter ids of the h5wasm-plugins shared objects (libH5Z<name>.so). */
const PLUGIN_FILTER_IDS: ReadonlyMap<string, number> = new Map([
  ["lzf", 32000],
  ["blosc", 32001],
  ["lz4", 32004],
  ["bshuf", 32008],
  ["zfp", 32013],
  ["zstd", 32015],
  ["jpeg", 32019],
  ["bitgroom", 32022],
  ["bitround", 32023],
  ["blosc2", 32026],
  ["bz2", 307],
]);

let registered: Map<number, string> = new Map(BUILTIN_FILTERS);
let override: ReadonlyMap<number, string> | null = null;

/** Where the plugin .so files are: $LH5_H5_PLUGIN_DIR, else node_modules/h5wasm-plugins/plugins. */
export function pluginDirectory(): string | null {
  const fromEnv = process.env.LH5_H5_PLUGIN_DIR;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  try {
    const pkg = createRequire(import.meta.url).resolve("h5wasm-plugins/package.json");
    const dir = join(dirname(pkg), "plugins");
    return existsSync(dir) ? dir : null;
  } catch {
    return null;
  }
}

/**
 * Electron's main process defines a Chrome-like `navigator`, which makes the Emscripten
 * environment check throw; hide it while the module loads (h5wasm README workaround).
 */
async function importWithoutNavigator(fresh: boolean): Promise<H5Wasm> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "navigator");
  const userAgent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? "";
  const mustHide = descriptor?.configurable === true && /Chrome|Electron/.test(userAgent);
  if (mustHide) Object.defineProperty(globalThis, "navigator", { value: undefined, configurable: true });
  try {
    if (!fresh) return (await import("h5wasm/node")).default;
    // h5wasm instantiates its module when its file is first imported: a new URL of the same file is a
    // new ES module, hence a new instance (the 3.7 MB Emscripten file it imports stays cached)
    const url = `${pathToFileURL(h5wasmNodeEntry()).href}?generation=${generation + 1}`;
    return ((await import(/* @vite-ignore */ url)) as { default: H5Wasm }).default;
  } finally {
    if (mustHide && descriptor) Object.defineProperty(globalThis, "navigator", descriptor);
  }
}

/** The file behind `h5wasm/node` (its exports map lets require.resolve find only the package folder). */
function h5wasmNodeEntry(): string {
  const folders = createRequire(import.meta.url).resolve.paths("h5wasm") ?? [];
  const entry = folders.map((d) => join(d, "h5wasm/dist/node/hdf5_hl.js")).find((f) => existsSync(f));
  if (entry === undefined) throw new Error("h5wasm/dist/node/hdf5_hl.js not found: cannot restart HDF5");
  return entry;
}

async function load(): Promise<void> {
  const h5 = await importWithoutNavigator(generation > 0);
  const module = await h5.ready;
  module.onAbort = (what: unknown) => {
    throw new H5AbortError(String(what));
  };
  module.activate_throwing_error_handler();
  if (process.env.LH5_BLOCK_READS !== "0") {
    // small metadata reads of read-only files from cached blocks (block-reads.ts); LH5_BLOCK_READS=0 = off
    installBlockReads(module.FS, (fd, into, position) => readSync(fd, into, 0, into.length, position));
  }
  const pluginDir = pluginDirectory();
  registered = new Map(BUILTIN_FILTERS);
  if (pluginDir !== null) {
    module.insert_plugin_search_path(pluginDir, 0);
    for (const file of readdirSync(pluginDir)) {
      const name = /^libH5Z(\w+)\.so$/.exec(file)?.[1];
      const id = name === undefined ? undefined : PLUGIN_FILTER_IDS.get(name);
      if (name !== undefined && id !== undefined) registered.set(id, name);
    }
  }
  state = { h5, module, pluginDir };
  generation++;
  droppedBecause = null;
}

/**
 * V8 flags that make h5wasm's compile cheap for a process that lives well under a second (`ls`, `dump`):
 * Liftoff, V8's baseline wasm compiler, only. By default V8 also recompiles the functions a run makes hot
 * with TurboFan, which costs more CPU than a metadata listing gains from the faster code (prod-ref dsp
 * file, 365 objects: `ls` 366 → 245 ms CPU, BENCHMARKS.md startup); a column read over megabytes gains, so
 * long-lived processes (server, workers) keep the default.
 */
export const QUICK_START_V8_FLAGS = ["--liftoff-only"] as const;

let quickStart = false;

/**
 * Asks for QUICK_START_V8_FLAGS before this process compiles h5wasm; a no-op once a module is loaded or
 * loading (the flags apply only to modules compiled after them). For short-lived CLI commands only: the
 * flags are process-wide.
 */
export function preferQuickStart(): boolean {
  if (quickStart) return true;
  if (pending !== null || generation > 0) return false;
  for (const flag of QUICK_START_V8_FLAGS) setFlagsFromString(flag);
  quickStart = true;
  return true;
}

/** Whether preferQuickStart() set its flags in this process (tests, benches). */
export function isQuickStart(): boolean {
  return quickStart;
}

/** Loads h5wasm for this thread (idempotent): throwing error handler on, plugins registered. */
export async function initH5(): Promise<void> {
  pending ??= load().catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return pending;
}

/** The loaded h5wasm; throws if initH5() has not resolved in this thread. */
export function getH5(): H5State {
  if (state === null) {
    if (droppedBecause !== null)
      throw new Error(`HDF5 stopped after an abort (${droppedBecause}): await initH5() to restart it`);
    throw new Error("h5wasm is not initialised: await initH5() first");
  }
  return state;
}

/** The wasm heap of this thread's h5wasm (it only grows), or null before initH5(). */
export function wasmHeapBuffer(): ArrayBufferLike | null {
  return state === null ? null : state.module.HEAPU8.buffer;
}

/** Filters that reads may use here: HDF5 built-ins plus the plugins found at init. */
export function registeredFilters(): ReadonlyMap<number, string> {
  return override ?? registered;
}

/**
 * Replaces the filter allow-list (null restores it). For tests that simulate a missing plugin, and
 * for deployments that want to refuse a filter they do not trust.
 */
export function overrideRegisteredFilters(filters: ReadonlyMap<number, string> | null): void {
  override = filters;
}
