import { BUILT_CLI } from "../../../../fixtures/built.ts";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { loadFileDbConfig } from "../../../../../electron/services/flow/filedb/config.ts";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";
import type { FileRows } from "../../../../../electron/services/flow/filedb/rows.ts";
import {
  type WalkResult,
  planWalk,
  walkTiers,
} from "../../../../../electron/services/flow/filedb/scanner.ts";
import { walkFiles } from "../../../../../electron/services/flow/filedb/walk-parallel.ts";
import { getDefaultPool } from "../../../../../electron/workers/pool.ts";
import { FILEDB_CONFIG, REPO_ROOT } from "../../../../fixtures/testdata.ts";

const TIERS = ["raw", "dsp", "hit", "tcm", "evt"];

/**
 * A tree of `cycles` cycles of small files (scan_files opens none): 2 types × 2 periods, 25 cycles per run
 * folder, sizes and mtimes that differ per file; every 7th cycle lacks its hit file, and there are a stray
 * file, a name whose folder disagrees with it, and an empty run folder.
 */
function makeTree(cycles: number): { root: string; config: Record<string, unknown> } {
  const root = mkdtempSync(join(tmpdir(), "filedb-walk-"));
  const base = Date.UTC(2024, 0, 1);
  for (let i = 0; i < cycles; i++) {
    const type = i % 2 === 0 ? "cal" : "phy";
    const period = i % 4 < 2 ? "p03" : "p04";
    const run = `r${String(Math.floor(i / 100)).padStart(3, "0")}`;
    const ts = new Date(base + i * 60_000)
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z");
    for (const [t, tier] of TIERS.entries()) {
      if (tier === "hit" && i % 7 === 3) continue;
      const dir = join(root, tier, type, period, run);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `l200-${period}-${run}-${type}-${ts}-tier_${tier}.lh5`);
      writeFileSync(file, Buffer.alloc((i * 5 + t) % 97));
      utimesSync(file, 1_700_000_000 + i, 1_700_000_000 + i * 3 + t);
    }
  }
  writeFileSync(join(root, "dsp", "cal", "p03", "r000", "notes.txt"), "stray");
  writeFileSync(
    join(root, "raw", "phy", "p04", "r000", "l200-p04-r001-phy-20240101T000000Z-tier_raw.lh5"),
    "",
  );
  mkdirSync(join(root, "tcm", "cal", "p03", "r999"), { recursive: true });
  const format = (tier: string) =>
    `/{type}/{period}/{run}/{exp}-{period}-{run}-{type}-{timestamp}-tier_${tier}.lh5`;
  const config = {
    data_dir: root,
    tier_dirs: Object.fromEntries(TIERS.map((t) => [t, `/${t}`])),
    file_format: Object.fromEntries(TIERS.map((t) => [t, format(t)])),
    table_format: {
      raw: "ch{ch:07d}/raw",
      dsp: "ch{ch:07d}/dsp",
      hit: "ch{ch:07d}/hit",
      tcm: "hardware_tcm_1",
      evt: "evt",
    },
  };
  return { root, config };
}

/** A walk result as plain data (the rows' columns, problems, counts), for toEqual. */
function plain(result: WalkResult): unknown {
  const rows: FileRows = result.rows;
  return {
    keys: rows.keys,
    tiers: Object.fromEntries(rows.tiers.map((t) => [t, rows.cells(t)])),
    partial: result.partial,
    files: result.files,
    problems: result.problems,
    complete: [...result.completeTiers].sort(),
  };
}

/** Counts the walk tasks sent to the pool from now on. */
function countWalkTasks(): { readonly count: number } {
  const pool = getDefaultPool();
  const run = pool.run.bind(pool);
  let count = 0;
  vi.spyOn(pool, "run").mockImplementation((module, fn, args, opts) => {
    if (fn === "walkFolders" && args !== null) count += 1;
    return run(module, fn, args, opts);
  });
  return {
    get count() {
      return count;
    },
  };
}

const trees: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  for (const root of trees) rmSync(root, { recursive: true, force: true });
  await getDefaultPool().close();
});

describe("scan_files over the worker pool (walkFiles)", () => {
  it("gives the one-thread walk's result on prod-ref-l200, with subtrees walked in workers", async () => {
    const config = loadFileDbConfig(FILEDB_CONFIG);
    const serial = walkTiers(config, planWalk(config, undefined, []));
    const tasks = countWalkTasks();
    const progress: number[] = [];
    const parallel = await walkFiles(config, planWalk(config, undefined, []), {
      workers: 2,
      subtreesPerWorker: 1,
      onProgress: (p) => progress.push(p.done),
    });
    expect(tasks.count).toBeGreaterThan(0);
    expect(plain(parallel)).toEqual(plain(serial));
    expect(serial.problems.length).toBeGreaterThan(0); // the p14 name and the missing evt folder, in walk order
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((done, i) => i === 0 || done >= (progress[i - 1] as number))).toBe(true);
  });

  it("gives the one-thread walk's rows, problems, sizes and mtimes on a generated tree of 300 cycles", async () => {
    const { root, config: raw } = makeTree(300);
    trees.push(root);
    const config = loadFileDbConfig(raw, root);
    const serial = walkTiers(config, planWalk(config, undefined, []));
    expect(serial.rows.length).toBe(300);
    expect(serial.problems.map((p) => p.reason)).toEqual([
      expect.stringMatching(/field 'run' is 'r000' in one place and 'r001' in another/),
      expect.stringMatching(/does not match template/),
    ]);
    for (const subtrees of [1, 3, 8]) {
      const parallel = await walkFiles(config, planWalk(config, undefined, []), {
        workers: 2,
        subtreesPerWorker: subtrees,
      });
      expect(plain(parallel)).toEqual(plain(serial));
    }
    // and through FileDB: the same JSON and the same mtimes (which a rescan compares)
    const here = await FileDB.create(raw, { baseDir: root, workers: 0 });
    const pooled = await FileDB.create(raw, { baseDir: root, workers: 2 });
    expect(pooled.toJSON()).toEqual(here.toJSON());
    for (const tier of TIERS) expect(pooled.rows.cells(tier).mtime).toEqual(here.rows.cells(tier).mtime);
    expect(here.column("file_status")).toContain(27); // no hit file: bit 2 of raw,dsp,hit,tcm,evt clear
    const sub = await walkFiles(config, planWalk(config, ["cal/p03"], []), {
      workers: 2,
      subtreesPerWorker: 1,
    });
    expect(plain(sub)).toEqual(plain(walkTiers(config, planWalk(config, ["cal/p03"], []))));
  });

  it("stays in this thread for a small tree in auto mode, and goes to a warm pool for a large one", async () => {
    const { root, config: raw } = makeTree(1000);
    trees.push(root);
    const config = loadFileDbConfig(raw, root);
    const pool = getDefaultPool();
    await pool.warm("walk", "walkFolders");
    const serial = walkTiers(config, planWalk(config, undefined, []));
    const tasks = countWalkTasks();
    const auto = await walkFiles(config, planWalk(config, undefined, []));
    expect(plain(auto)).toEqual(plain(serial));
    expect(serial.files).toBeGreaterThan(4000);
    expect(tasks.count).toBeGreaterThan(0);
    const small = makeTree(8);
    trees.push(small.root);
    const smallConfig = loadFileDbConfig(small.config, small.root);
    const smallSeen: number[] = [];
    const sentBefore = tasks.count;
    const smallResult = await walkFiles(smallConfig, planWalk(smallConfig, undefined, []), {
      onProgress: (p) => smallSeen.push(p.done),
    });
    expect(plain(smallResult)).toEqual(plain(walkTiers(smallConfig, planWalk(smallConfig, undefined, []))));
    expect(tasks.count).toBe(sentBefore); // a warm pool, but too few files to be worth it
    // a tree of 1500 files: the top folders are listed, one subtree sampled, the rest walked here
    const medium = makeTree(300);
    trees.push(medium.root);
    const mediumConfig = loadFileDbConfig(medium.config, medium.root);
    const mediumResult = await walkFiles(mediumConfig, planWalk(mediumConfig, undefined, []));
    expect(tasks.count).toBe(sentBefore);
    expect(plain(mediumResult)).toEqual(
      plain(walkTiers(mediumConfig, planWalk(mediumConfig, undefined, []))),
    );
    // in this thread every listed folder reports
    expect(smallSeen).toEqual(Array.from({ length: smallSeen.length }, (_, i) => i + 1));
  });

  it("can be cancelled, leaving the FileDB's rows as they were", async () => {
    const { root, config: raw } = makeTree(300);
    trees.push(root);
    const db = await FileDB.create(raw, { baseDir: root, workers: 0 });
    const before = db.toJSON();
    const aborted = new AbortController();
    aborted.abort();
    await expect(db.scanFiles(undefined, { workers: 2, signal: aborted.signal })).rejects.toThrow(/abort/i);
    const controller = new AbortController();
    const scan = db.scanFiles(undefined, {
      workers: 2,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(scan).rejects.toThrow(/abort/i);
    expect(db.toJSON()).toEqual(before);
    // a cancel in the middle of the pool walk (the top folders are listed here, the rest is in workers)
    const config = loadFileDbConfig(raw, root);
    const midway = new AbortController();
    const walk = walkFiles(config, planWalk(config, undefined, []), {
      workers: 2,
      subtreesPerWorker: 1,
      signal: midway.signal,
    });
    midway.abort();
    await expect(walk).rejects.toThrow(/abort/i);
  });
});

/** A tree of `cycles` cycles with folder links that lead back up: one per raw run folder, plus `extra` more. */
function makeLoopTree(cycles: number, extra: boolean): { root: string; config: Record<string, unknown> } {
  const tree = makeTree(cycles);
  const raw = join(tree.root, "raw");
  symlinkSync("../..", join(raw, "cal", "p03", "r000", "up")); // raw/cal again
  if (extra) {
    symlinkSync(raw, join(raw, "phy", "p04", "r000", "top")); // the tier folder again (absolute)
    symlinkSync("..", join(raw, "phy", "p03", "again")); // raw/phy again
  }
  trees.push(tree.root);
  return tree;
}

describe("folder loops in a tier folder", () => {
  it("are listed as problems, found no phantom cycle, and both walks agree", async () => {
    const { root, config: raw } = makeLoopTree(120, false);
    const config = loadFileDbConfig(raw, root);
    const serial = walkTiers(config, planWalk(config, undefined, []));
    expect(serial.rows.length).toBe(120); // no cycle found again under raw/cal/p03/r000/up/…
    const loops = serial.problems.filter((p) => /folder loop/.test(p.reason));
    expect(loops).toEqual([
      {
        file: join(root, "raw", "cal", "p03", "r000", "up"),
        tier: "raw",
        reason: `folder loop: this is ${join(root, "raw", "cal")} again (not walked twice)`,
      },
    ]);
    const tasks = countWalkTasks();
    const parallel = await walkFiles(config, planWalk(config, undefined, []), {
      workers: 2,
      subtreesPerWorker: 8, // the loop lies below the folders listed here: a worker finds it
    });
    expect(tasks.count).toBeGreaterThan(0);
    expect(plain(parallel)).toEqual(plain(serial));
    const listedHere = await walkFiles(config, planWalk(config, undefined, []), {
      workers: 2,
      subtreesPerWorker: 1000, // every level listed in this thread before the pool gets the rest
    });
    expect(plain(listedHere)).toEqual(plain(serial));
  });

  it("end a scan with three loops in the pool (bounded by a cancel)", async () => {
    const { root, config: raw } = makeLoopTree(120, true);
    const config = loadFileDbConfig(raw, root);
    const parallel = await walkFiles(config, planWalk(config, undefined, []), {
      workers: 2,
      subtreesPerWorker: 2,
      signal: AbortSignal.timeout(30_000), // a walk that never ends is cancelled, and fails here
    });
    expect(parallel.rows.length).toBe(120);
    expect(parallel.problems.filter((p) => /folder loop/.test(p.reason))).toHaveLength(3);
  });

  it("end `filedb scan` with three loops in one thread (in a child process with a time limit)", () => {
    const { root, config: raw } = makeLoopTree(120, true);
    const configPath = join(root, "filedb.json");
    writeFileSync(configPath, JSON.stringify(raw));
    const result = spawnSync(process.execPath, [BUILT_CLI, "filedb", "scan", configPath, "--json"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 60_000,
      killSignal: "SIGKILL",
    });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    const dump = JSON.parse(result.stdout) as { rows: unknown[]; problems: { reason: string }[] };
    expect(dump.rows).toHaveLength(120);
    expect(dump.problems.filter((p) => p.reason.startsWith("folder loop"))).toHaveLength(3);
  });
});
