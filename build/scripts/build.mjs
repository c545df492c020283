#!/usr/bin/env node
// `npm run build`: everything that ships, into out/, as JavaScript that needs no TypeScript loader.
//   out/main/index.js    Electron main process
//   out/main/cli.js      the `lh5-browser` command (also web mode: `serve`), the package's bin
//   out/main/worker.js   the entry of every worker thread (task modules: electron/workers/registry.ts)
//   out/main/*.js        chunks shared by those three, loaded on first use (commands, task modules)
//   out/preload/index.cjs  the sandboxed preload (CommonJS, as sandboxed preloads must be)
//   out/renderer/        the React app (Vite), loaded by Electron from file:// and served by web mode
// All Node entries and chunks sit in one folder, so a URL relative to any of them ("./worker.js") is
// right wherever the code ended up. Runtime dependencies (package.json `dependencies`) stay external:
// they come from node_modules of the install. The build ends with checkBuild(): every relative
// `new URL(…, import.meta.url)` and import in out/ must name a file that exists and is not TypeScript.
//   node build/scripts/build.mjs [--node-only] [--if-stale]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isStale } from "./start.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/** Sources of the Node side of the build (main, CLI, workers, preload). */
export const nodeSources = (base = root) =>
  ["electron", "shared", "build/scripts/build.mjs", "package.json"].map((p) => join(base, p));
/** Sources of the renderer build. */
export const rendererSources = (base = root) =>
  ["renderer", "shared", "build/vite.renderer.config.ts", "package.json"].map((p) => join(base, p));

/** The file whose age says when the Node side was last built. */
export const NODE_STAMP = "out/main/cli.js";
export const RENDERER_STAMP = "out/renderer/index.html";

export function nodeBuildStale(base = root) {
  return isStale(join(base, NODE_STAMP), nodeSources(base)) || !existsSync(join(base, "out/main/worker.js"));
}
export function rendererBuildStale(base = root) {
  return isStale(join(base, RENDERER_STAMP), rendererSources(base));
}

async function buildNode() {
  const { build } = await import("esbuild");
  const external = [...Object.keys(pkg.dependencies ?? {}), "electron"];
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    target: "node20",
    external,
    // drops the branches for the TypeScript sources (electron/bundle.ts); identifiers stay readable
    minifySyntax: true,
    define: { LH5_BUNDLED: "true", LH5_BENCH: "false", LH5_VERSION: JSON.stringify(pkg.version) },
    legalComments: "none",
    logLevel: "warning",
  };
  rmSync(join(root, "out/main"), { recursive: true, force: true });
  rmSync(join(root, "out/preload"), { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: {
      index: "electron/main/index.ts",
      cli: "electron/cli/cli-entry.ts",
      worker: "electron/workers/worker-main.ts",
    },
    outdir: "out/main",
    format: "esm",
    splitting: true,
    chunkNames: "chunk-[hash]",
    sourcemap: "linked",
    banner: { js: "#!/usr/bin/env node" },
  });
  await build({
    ...common,
    entryPoints: { index: "electron/preload/index.ts" },
    outdir: "out/preload",
    outExtension: { ".js": ".cjs" },
    format: "cjs",
  });
  // the package's "type": "module" applies to out/main/*.js; the bin must be executable
  spawnSync("chmod", ["+x", join(root, "out/main/cli.js")]);
}

function buildRenderer() {
  const vite = join(root, "node_modules/vite/bin/vite.js");
  const result = spawnSync(process.execPath, [vite, "build", "--config", "build/vite.renderer.config.ts"], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("renderer build (vite) failed");
}

/** Relative module and file references in built JavaScript: new URL("./x", import.meta.url), import/export "./x". */
const URL_REF = /new URL\(\s*(["'`])(\.{1,2}\/[^"'`]*)\1\s*,\s*import\.meta\.url\s*\)/g;
const IMPORT_REF = /(?:\bimport\s*\(\s*|\bfrom\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*)\1/g;

/**
 * Problems of the built output: a relative URL or import that names a missing file, a TypeScript file, or
 * a file outside out/; a TypeScript loader (tsx) referenced. Empty when the build can ship.
 */
export function checkBuild(base = root) {
  const out = join(base, "out");
  const problems = [];
  const files = [];
  const visit = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      // out/bench/ holds the benchmarks' build (build-bench.mjs), which does not ship
      if (path === join(out, "bench")) continue;
      if (statSync(path).isDirectory()) visit(path);
      else if (/\.(m?js|cjs)$/.test(name)) files.push(path);
    }
  };
  if (!existsSync(out)) return ["out/ does not exist: run npm run build"];
  visit(out);
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const where = relative(base, file).split("\\").join("/");
    // the renderer's bundle has text such as "import X from './MyComponent'" in library messages: only
    // its URLs are checked; its imports are Vite's own asset names
    const patterns = where.startsWith("out/renderer/") ? [URL_REF] : [URL_REF, IMPORT_REF];
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        const spec = match[2];
        const target = resolve(dirname(file), spec.split(/[?#]/)[0]);
        if (/\.(ts|tsx|mts|cts)$/.test(target)) problems.push(`${where}: names a TypeScript file '${spec}'`);
        else if (!target.startsWith(out + "/")) problems.push(`${where}: '${spec}' points outside out/`);
        else if (!existsSync(target)) problems.push(`${where}: '${spec}' names a file that was not built`);
      }
    }
    if (/["']tsx(\/[^"']*)?["']/.test(text)) problems.push(`${where}: imports tsx (a TypeScript loader)`);
  }
  for (const needed of [
    "main/index.js",
    "main/cli.js",
    "main/worker.js",
    "preload/index.cjs",
    "renderer/index.html",
  ])
    if (!existsSync(join(out, needed))) problems.push(`out/${needed} is missing`);
  return problems;
}

export async function buildAll({ nodeOnly = false, ifStale = false } = {}) {
  mkdirSync(join(root, "out"), { recursive: true });
  if (!ifStale || nodeBuildStale()) await buildNode();
  if (!nodeOnly && (!ifStale || rendererBuildStale())) buildRenderer();
  return nodeOnly ? [] : checkBuild();
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const started = Date.now();
  const problems = await buildAll({
    nodeOnly: args.includes("--node-only"),
    ifStale: args.includes("--if-stale"),
  });
  if (problems.length > 0) {
    console.error(`build check failed:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`built out/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
