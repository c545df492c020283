// Generated benchmark trees cached across bench runs: a realistic tree takes minutes to generate, so it is
// made once under the system's temporary folder, keyed by the generator's sources and the options, and reused.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateDataset, type GenerateOptions } from "../../electron/services/generator/index.ts";

const GENERATOR_DIR = fileURLToPath(new URL("../../electron/services/generator/", import.meta.url));
/** Where cached trees live (LH5_BENCH_CACHE overrides, e.g. a bigger disk). */
export const TREE_CACHE_DIR = process.env.LH5_BENCH_CACHE ?? join(tmpdir(), "lh5-bench-trees");
/** Written last into a finished tree: a tree without it was interrupted and is made again. */
const DONE_MARK = ".bench-tree-complete";

type TreeOptions = Omit<GenerateOptions, "onProgress" | "signal" | "force">;

/** A short digest of the generator's sources and the options: a changed generator makes a new tree. */
export function treeKey(options: TreeOptions): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(GENERATOR_DIR).sort())
    hash.update(name).update(readFileSync(join(GENERATOR_DIR, name)));
  hash.update(JSON.stringify(options));
  return hash.digest("hex").slice(0, 12);
}

/** The folder of the cached tree for `options`, generated first when it is not there (or was interrupted). */
export async function cachedTree(
  label: string,
  options: TreeOptions,
  log: (line: string) => void,
): Promise<string> {
  const root = join(TREE_CACHE_DIR, `${label}-${treeKey(options)}`);
  if (existsSync(join(root, DONE_MARK))) {
    log(`reusing the cached tree ${root}`);
    return root;
  }
  const partial = `${root}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  log(`generating ${root} (cached for later runs)…`);
  const started = performance.now();
  let lastShown = 0;
  await generateDataset(partial, {
    ...options,
    onProgress: (done, total) => {
      if (performance.now() - lastShown < 10_000) return;
      lastShown = performance.now();
      log(`generating: ${done}/${total}`);
    },
  });
  // the configs hold no absolute paths (data_dir is the config's folder), so the tree can move
  rmSync(root, { recursive: true, force: true });
  renameSync(partial, root);
  writeFileSync(join(root, DONE_MARK), `${new Date().toISOString()}\n`);
  log(`generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return root;
}
