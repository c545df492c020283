#!/usr/bin/env node
// `npm start [-- PATH]`: build what is stale (build.mjs), then launch Electron if its binary exists; otherwise
// say so in one line and start web mode (`lh5-browser serve`), which opens a Chromium app window
// when Chromium and a display exist, else prints the URL. PATH: a FileDB config, DataLoader
// config, data folder or saved FileDB file; without it the last session (or the demo) opens.
import { spawn, spawnSync } from "node:child_process";
import { nodeBuildStale, rendererBuildStale } from "./build.mjs";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Newest modification time (ms) of the files under the given paths. */
export function newestMtime(paths) {
  let newest = 0;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== "node_modules") visit(join(path, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const path of paths) visit(path);
  return newest;
}

/**
 * glibc malloc settings for the app's Node process (server or Electron main). On this kind of VM a page fault
 * costs ~5 ms per MB touched; decoded columns are large fresh buffers, so a first histogram over 10^7 values
 * spent about half its worker time faulting. Transparent huge pages and a higher mmap threshold (freed memory is
 * reused instead of returned) cut that copy from ~170 to ~10 ms per 40 MB. A value the user set is kept.
 */
export const MALLOC_TUNABLES =
  "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.top_pad=67108864";

/** `env` for starting the app's process: the malloc tunables added unless GLIBC_TUNABLES is already set. */
export function appProcessEnv(env = process.env) {
  return env.GLIBC_TUNABLES ? { ...env } : { ...env, GLIBC_TUNABLES: MALLOC_TUNABLES };
}

/** True when `output` is missing or older than any of `sources`. */
export function isStale(output, sources) {
  if (!existsSync(output)) return true;
  return statSync(output).mtimeMs < newestMtime(sources);
}

/**
 * The Electron binary, found without requiring the `electron` package (which would try to download it):
 * node_modules/electron/path.txt names the executable inside dist/ or $ELECTRON_OVERRIDE_DIST_PATH.
 */
export function findElectronBinary(base = root, env = process.env) {
  const pathTxt = join(base, "node_modules/electron/path.txt");
  const relative = existsSync(pathTxt) ? readFileSync(pathTxt, "utf8").trim() : null;
  const dirs = [env.ELECTRON_OVERRIDE_DIST_PATH, join(base, "node_modules/electron/dist")].filter(Boolean);
  const names = relative ? [relative] : ["electron", "electron.exe", "Electron.app/Contents/MacOS/Electron"];
  for (const dir of dirs)
    for (const name of names) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
  return null;
}

function main(args) {
  // one build of everything that ships (out/), redone only when a source is newer than its output
  if (nodeBuildStale() || rendererBuildStale()) {
    const built = spawnSync(process.execPath, [join(root, "build/scripts/build.mjs"), "--if-stale"], {
      cwd: root,
      stdio: "inherit",
    });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  const electron = findElectronBinary();
  // npm runs scripts in the package folder; relative paths are meant from where the user typed `npm start`.
  const userDir = process.env.INIT_CWD ?? process.cwd();
  const forwarded = args.map((arg, i) =>
    arg.startsWith("-") || args[i - 1] === "--port" || args[i - 1] === "--workers"
      ? arg
      : resolve(userDir, arg),
  );
  const paths = forwarded.filter(
    (arg, i) => !arg.startsWith("-") && args[i - 1] !== "--port" && args[i - 1] !== "--workers",
  );
  let child;
  if (electron) {
    child = spawn(electron, [root, ...paths], { cwd: root, stdio: "inherit", env: appProcessEnv() });
  } else {
    console.log(
      "No Electron binary here (node_modules/electron was installed without it); starting web mode instead.",
    );
    child = spawn(process.execPath, [join(root, "out/main/cli.js"), "serve", ...forwarded], {
      cwd: root,
      stdio: "inherit",
      env: appProcessEnv(),
    });
  }
  // Ctrl+C reaches the child through the terminal; forward SIGTERM too, and exit with the child.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  main(process.argv.slice(2));
