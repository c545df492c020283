// The benchmarks measure built JavaScript: `npm run bench` bundles them into out/bench/ and runs them with
// plain Node; their workers are the shipped out/main/worker.js.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BENCH_ENTRY, buildBench, missingBenchFiles } from "../../build/scripts/build-bench.mjs";
import { ensureBuilt } from "../fixtures/built.ts";
import { REPO_ROOT } from "../fixtures/testdata.ts";

const benchDir = join(REPO_ROOT, "out/bench");

function benchText(): string {
  return readdirSync(benchDir)
    .filter((name) => name.endsWith(".js"))
    .map((name) => readFileSync(join(benchDir, name), "utf8"))
    .join("\n");
}

function runBench(args: string[]) {
  return spawnSync(process.execPath, [join(REPO_ROOT, BENCH_ENTRY), ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 170_000,
  });
}

describe("the benchmarks' build", () => {
  beforeAll(async () => {
    ensureBuilt();
    await buildBench();
  }, 120_000);

  it("names only files that exist and loads no TypeScript", () => {
    expect(missingBenchFiles()).toEqual([]);
    const text = benchText();
    expect(text).not.toMatch(/["']tsx(\/[^"']*)?["']/);
    expect(text).not.toMatch(/(?:import\(|from |new URL\()\s*["'][^"']*\.tsx?["']/);
  });

  it("starts its workers from the shipped out/main/worker.js", () => {
    const workerUrls = [...benchText().matchAll(/new URL\("([^"]*worker[^"]*)", import\.meta\.url\)/g)].map(
      (m) => m[1],
    );
    expect(workerUrls).toEqual(["../main/worker.js"]);
  });

  it("runs a suite with workers under plain Node", () => {
    const result = runBench(["--only", "explore", "--quick", "--print"]);
    expect(result.stderr).toContain("bench: explore done");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("<!-- bench:explore end -->");
    expect(result.stdout).toMatch(/live count of a new cut \| 1000000 entries/);
  }, 180_000);
});
