#!/usr/bin/env node
// `npm run bench` builds the benchmarks into out/bench/ before running them, so that they measure built
// JavaScript, as users run it: the suites and the parts of the app they drive are bundled with the same
// esbuild settings as out/main (LH5_BUNDLED), and every worker they start is the shipped out/main/worker.js
// with its chunks (LH5_BENCH in electron/bundle.ts). No TypeScript loader runs. out/bench/ is not shipped
// (electron-builder packs out/main, out/preload and out/renderer). It sits two folders below the
// repository, like build/bench/ and test/fixtures/, so their "../.." stays the repository's root.
//   node build/scripts/build-bench.mjs [--if-stale]
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isStale } from "./start.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

export const BENCH_ENTRY = "out/bench/run.js";
const benchSources = ["build/bench", "electron", "shared", "test/fixtures", "package.json"].map((p) =>
  join(root, p),
);

export function benchBuildStale() {
  return isStale(join(root, BENCH_ENTRY), benchSources);
}

export async function buildBench() {
  const { build } = await import("esbuild");
  rmSync(join(root, "out/bench"), { recursive: true, force: true });
  mkdirSync(join(root, "out/bench"), { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { run: "build/bench/run.ts", "scale-probe": "build/bench/scale-probe.ts" },
    outdir: "out/bench",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // every package (h5wasm, playwright-core, …) comes from node_modules, as in the app's build
    packages: "external",
    minifySyntax: true,
    define: { LH5_BUNDLED: "true", LH5_BENCH: "true", LH5_VERSION: JSON.stringify(pkg.version) },
    chunkNames: "chunk-[hash]",
    legalComments: "none",
    logLevel: "warning",
  });
  // the RSS sampler that test/fixtures/cli-child.ts preloads into the processes it measures
  copyFileSync(join(root, "test/fixtures/peak-rss.mjs"), join(root, "out/bench/peak-rss.mjs"));
  const missing = missingBenchFiles();
  if (missing.length > 0)
    throw new Error(`bench build names files that are not there: ${missing.join(", ")}`);
}

/** Files that out/bench/ names by a URL relative to itself but that do not exist (e.g. out/main/worker.js). */
export function missingBenchFiles(base = root) {
  const dir = join(base, "out/bench");
  const missing = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".js"))) {
    const text = readFileSync(join(dir, name), "utf8");
    for (const match of text.matchAll(/new URL\(\s*"(\.{1,2}\/[^"]*)"\s*,\s*import\.meta\.url\s*\)/g)) {
      if (!existsSync(resolve(dir, match[1]))) missing.push(`out/bench/${name}: ${match[1]}`);
    }
  }
  return missing;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  if (!process.argv.includes("--if-stale") || benchBuildStale()) await buildBench();
}
