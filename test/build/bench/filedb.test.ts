import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cachedGeneratedTree } from "../../../build/bench/filedb.ts";
import { FileDB } from "../../../electron/services/flow/filedb/index.ts";

describe("filedb bench: the generated tree cache", () => {
  const cacheDir = mkdtempSync(join(tmpdir(), "lh5-bench-cache-test-"));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it("generates once, reuses a complete tree, ignores partial ones and drops trees of an older generator", async () => {
    // a tree of an older generator and an interrupted one, same parameters
    const stale = join(cacheDir, "filedb-2c-2ch-10ev-s1-000000000000");
    mkdirSync(stale);
    writeFileSync(join(stale, "bench-complete.json"), "{}");
    const lines: string[] = [];
    const first = await cachedGeneratedTree(2, (l) => lines.push(l), cacheDir);
    expect(first.cached).toBe(false);
    expect(first.generatedSeconds).toBeGreaterThan(0);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(cacheDir)).toEqual([first.dir.slice(cacheDir.length + 1)]);
    const db = await FileDB.create(first.config);
    expect(db.nRows).toBe(2);
    expect(db.column("file_status")).toEqual(Float64Array.from([31, 31]));

    const second = await cachedGeneratedTree(2, (l) => lines.push(l), cacheDir);
    expect(second).toEqual({ config: first.config, dir: first.dir, cached: true });
    expect(lines.at(-1)).toMatch(/reusing the generated tree of 2 cycles/);

    rmSync(join(first.dir, "bench-complete.json"));
    const third = await cachedGeneratedTree(2, (l) => lines.push(l), cacheDir);
    expect(third.cached).toBe(false);
  }, 60_000);
});
