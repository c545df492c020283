// FileDB scans against pygama (../shared/pygama-baseline.md): trees of N cycles made of COPIES of the p03 files
// (trees.ts: new timestamps, 50 cycles per run folder and type, half cal, half phy) up to COPY_LIMIT cycles, and
// generated trees (5 tiers, small files) above it, kept in a cache (os.tmpdir()/lh5-bench-cache, keyed by a hash
// of the generator's sources and the parameters) so that a rerun does not spend minutes regenerating. Seconds for
// scan_files, a first scan_tables_columns, the same with dir_files_conform, and a no-change rescan (which must
// open no file); every note gives the cost per file and how it grew from the previous size.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FileDB, loadFileDbConfig } from "../../electron/services/flow/filedb/index.ts";
import { generateDataset } from "../../electron/services/generator/index.ts";
import { initH5 } from "../../electron/services/lh5/h5.ts";
import { getDefaultPool } from "../../electron/workers/pool.ts";
import type { BenchOptions, BenchRow } from "./types.ts";
import { median } from "./stats.ts";
import { copyTree } from "./trees.ts";
import { cWalkFloor, nodeWalkFloor, removeCFloor } from "./native/walk-floor.ts";

/** Larger copy trees would need more than 4.6 GB of scratch disk. */
const COPY_LIMIT = 2000;
/** The generated trees: 2 channels, 10 events per cycle and table, all 5 tiers. */
const GENERATED = { channels: 2, events: 10, seed: 1 } as const;
const GENERATOR_DIR = fileURLToPath(new URL("../../electron/services/generator/", import.meta.url));
const CACHE_DIR = join(tmpdir(), "lh5-bench-cache");
const COMPLETE_MARK = "bench-complete.json";

/** pygama 2.3.8 on the symlink trees (pygama-baseline.md), seconds: median of runs. */
const PYGAMA: Record<number, { scanFiles: number; scanTables: number; scanConform: number }> = {
  200: { scanFiles: 0.025, scanTables: 0.72, scanConform: 0.067 },
  2000: { scanFiles: 0.22, scanTables: 7.36, scanConform: 0.71 },
};

/** pygama at other sizes: the straight line through its 200- and 2000-cycle figures (its cost is linear). */
function pygamaAt(cycles: number): {
  scanFiles: number;
  scanTables: number;
  scanConform: number;
  exact: boolean;
} {
  const exact = PYGAMA[cycles];
  if (exact) return { ...exact, exact: true };
  const a = PYGAMA[200] as (typeof PYGAMA)[number];
  const b = PYGAMA[2000] as (typeof PYGAMA)[number];
  const line = (y0: number, y1: number) => y0 + ((y1 - y0) * (cycles - 200)) / 1800;
  return {
    scanFiles: line(a.scanFiles, b.scanFiles),
    scanTables: line(a.scanTables, b.scanTables),
    scanConform: line(a.scanConform, b.scanConform),
    exact: false,
  };
}

/** A hash of the generator's sources: a changed generator makes a new cached tree. */
function generatorHash(): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(GENERATOR_DIR).sort()) {
    if (name.endsWith(".ts")) hash.update(name).update(readFileSync(join(GENERATOR_DIR, name)));
  }
  return hash.digest("hex").slice(0, 12);
}

/**
 * The FileDB config of a generated tree of `cycles` cycles, from the cache when a complete tree made by the
 * same generator with the same parameters is there; else generated (into a temporary folder, renamed when
 * done, so an interrupted run leaves nothing that looks complete). Older trees of the same size are removed.
 */
export async function cachedGeneratedTree(
  cycles: number,
  log: (line: string) => void,
  cacheDir = CACHE_DIR,
): Promise<{ config: string; cached: boolean; dir: string; generatedSeconds?: number }> {
  const prefix = `filedb-${cycles}c-${GENERATED.channels}ch-${GENERATED.events}ev-s${GENERATED.seed}-`;
  const dir = join(cacheDir, `${prefix}${generatorHash()}`);
  const config = join(dir, "filedb-config.json");
  if (existsSync(join(dir, COMPLETE_MARK)) && existsSync(config)) {
    log(`filedb: reusing the generated tree of ${cycles} cycles in ${dir}`);
    return { config, cached: true, dir };
  }
  if (existsSync(cacheDir)) {
    for (const name of readdirSync(cacheDir)) {
      if (name.startsWith(prefix)) rmSync(join(cacheDir, name), { recursive: true, force: true });
    }
  }
  const partial = `${dir}.partial-${process.pid}`;
  log(`filedb: generating ${cycles} cycles into ${dir} (kept for later runs)`);
  const started = performance.now();
  await generateDataset(partial, { cycles, ...GENERATED });
  const generatedSeconds = (performance.now() - started) / 1000;
  writeFileSync(join(partial, COMPLETE_MARK), `${JSON.stringify({ cycles, ...GENERATED })}\n`);
  renameSync(partial, dir);
  return { config, cached: false, dir, generatedSeconds };
}

interface Timings {
  scanFiles: number[];
  scanTables: number[];
  scanConform: number[];
  rescan: number[];
  /** scan_files forced into this thread (workers: 0), and the floors of a walk on the same tree. */
  scanHere: number[];
  nodeFloor: number[];
  /** CPU seconds (all threads of this process) of each step, last run: robust to a busy machine. */
  cpu: Record<Step, number>;
  /** Pool workers running when each run's scan_files started (0: it walked in this thread). */
  liveWorkers: number[];
  reopened: number;
  files: number;
  rows: number;
}

/** Wall and CPU seconds of one step. */
async function timed(step: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  await step();
  const used = process.cpuUsage(cpu0);
  return { wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}

async function timeScans(
  config: string | Record<string, unknown>,
  runs: number,
  log: (line: string) => void,
): Promise<Timings> {
  const t: Timings = {
    scanFiles: [],
    scanTables: [],
    scanConform: [],
    rescan: [],
    scanHere: [],
    nodeFloor: [],
    cpu: { scanFiles: 0, scanTables: 0, scanConform: 0, rescan: 0, scanHere: 0, nodeFloor: 0 },
    liveWorkers: [],
    reopened: 0,
    files: 0,
    rows: 0,
  };
  let floorFiles = 0;
  for (let run = 0; run < runs; run++) {
    const db = await FileDB.create(config, { scan: false });
    t.liveWorkers.push(getDefaultPool().liveWorkers);
    const files = await timed(() => db.scanFiles());
    const tables = await timed(() => db.scanTablesColumns());
    let reopened = 0;
    const rescan = await timed(async () => {
      reopened = (await db.rescan()).reopened;
    });
    const conform = await timed(() => db.scanTablesColumns({ override: true, dirFilesConform: true }));
    const hereDb = await FileDB.create(config, { scan: false });
    const here = await timed(() => hereDb.scanFiles(undefined, { workers: 0 }));
    const floor = await timed(() => {
      floorFiles = nodeWalkFloor(hereDb.config.dataDir).files;
      return Promise.resolve();
    });
    t.scanFiles.push(files.wall);
    t.scanTables.push(tables.wall);
    t.rescan.push(rescan.wall);
    t.scanConform.push(conform.wall);
    t.scanHere.push(here.wall);
    t.nodeFloor.push(floor.wall);
    t.cpu = {
      scanFiles: files.cpu,
      scanTables: tables.cpu,
      scanConform: conform.cpu,
      rescan: rescan.cpu,
      scanHere: here.cpu,
      nodeFloor: floor.cpu,
    };
    t.reopened = Math.max(t.reopened, reopened);
    t.rows = db.nRows;
    t.files = db.tiers.reduce(
      (n, tier) => n + (db.column(`${tier}_size`) as Float64Array).filter((size) => size > 0).length,
      0,
    );
    if (floorFiles !== t.files)
      log(`filedb: the Node floor walk found ${floorFiles} files, scan_files ${t.files}`);
    log(
      `filedb: ${db.nRows} cycles, run ${run + 1}/${runs}: scan_files ${files.wall.toFixed(3)} s, ` +
        `tables ${tables.wall.toFixed(3)} s, conform ${conform.wall.toFixed(3)} s, rescan ${rescan.wall.toFixed(3)} s ` +
        `(${reopened} reopened), scan_files here ${here.wall.toFixed(3)} s, Node floor ${floor.wall.toFixed(3)} s ` +
        `; load ${loadavg()[0]?.toFixed(1) ?? "?"}`,
    );
  }
  return t;
}

type Step = "scanFiles" | "scanTables" | "scanConform" | "rescan" | "scanHere" | "nodeFloor";

export async function benchFileDb(
  opts: { sizes: number[]; cacheDir?: string } & Partial<BenchOptions>,
): Promise<BenchRow[]> {
  const log = opts.log ?? (() => undefined);
  const workDir = opts.workDir ?? join(process.cwd(), "bench-filedb");
  await initH5();
  const rows: BenchRow[] = [];
  /** Seconds per file of each step at the previous size, for the growth in the notes. */
  let previous: { cycles: number; perFile: Record<Step, number> } | null = null;
  try {
    for (const cycles of opts.sizes) {
      const runs = opts.quick ? 2 : cycles <= 1000 ? 5 : 3;
      const copied = cycles <= COPY_LIMIT;
      const root = join(workDir, `filedb-${cycles}`);
      let config: string | Record<string, unknown>;
      let source: string;
      if (copied) {
        log(`filedb: copying ${cycles} cycles of the p03 files`);
        rmSync(root, { recursive: true, force: true });
        config = copyTree(root, cycles);
        source = "copies of the p03 files";
      } else {
        const tree = await cachedGeneratedTree(cycles, log, opts.cacheDir);
        config = tree.config;
        const made =
          tree.generatedSeconds === undefined
            ? "reused from"
            : `generated in ${(tree.generatedSeconds / 60).toFixed(1)} min and kept in`;
        source = `generated tree, 5 tiers, ${made} ${tree.dir}`;
      }
      const t = await timeScans(config, runs, log);
      const cFloor = cWalkFloor(loadFileDbConfig(config).dataDir, runs);
      if ("skipped" in cFloor) log(`filedb: C floor skipped: ${cFloor.skipped}`);
      else if (cFloor.files !== t.files)
        log(`filedb: the C floor walk found ${cFloor.files} files, scan_files ${t.files}`);
      if (copied) rmSync(root, { recursive: true, force: true });
      const size = `${cycles} cycles`;
      const perFile = {
        scanFiles: median(t.scanFiles) / t.files,
        scanTables: median(t.scanTables) / t.files,
        scanConform: median(t.scanConform) / t.files,
        rescan: median(t.rescan) / t.files,
        scanHere: median(t.scanHere) / t.files,
        nodeFloor: median(t.nodeFloor) / t.files,
      };
      const growth = (step: Step): string => {
        const us = `${(perFile[step] * 1e6).toFixed(1)} µs per file`;
        if (previous === null) return us;
        const factor = perFile[step] / previous.perFile[step];
        return `${us}, ×${factor.toFixed(2)} the per-file cost at ${previous.cycles} cycles`;
      };
      const note = (step: Step) =>
        `${t.files} files (${source}); ${growth(step)}; cpu ${t.cpu[step].toFixed(3)} s; load average ${loadavg()[0]?.toFixed(1) ?? "?"} on ${cpus().length} cores`;
      const py = pygamaAt(cycles);
      const ref = copied
        ? py.exact
          ? "pygama 2.3.8"
          : "pygama 2.3.8 (linear in its 200/2000 figures)"
        : undefined;
      const row = (name: string, step: Step, pygama?: number): BenchRow => ({
        name,
        size,
        unit: "s",
        median: median(t[step]),
        runs,
        note: note(step),
        ...(copied && pygama !== undefined ? { ratioTo: ref, ratio: pygama / median(t[step]) } : {}),
      });
      const us = (seconds: number) => `${(seconds * 1e6).toFixed(2)} µs per file`;
      const nodeFloor = median(t.nodeFloor);
      const cSeconds = "skipped" in cFloor ? null : median(cFloor.seconds);
      const beside = (seconds: number) =>
        `×${(seconds / nodeFloor).toFixed(2)} the Node floor` +
        (cSeconds === null ? "" : `, ×${(seconds / cSeconds).toFixed(2)} the C floor`);
      const tenfold = py.scanFiles / 10 / t.files;
      const goal =
        `10× pygama${py.exact ? "" : " (linear in its 200/2000 figures)"} needs ${us(tenfold)}` +
        (cSeconds === null
          ? " (C floor skipped: no compiler)"
          : `, ×${(tenfold / (cSeconds / t.files)).toFixed(2)} the C floor's ${us(cSeconds / t.files)}`);
      const scanRow = row("scan_files (all tiers; pygama walks only raw)", "scanFiles", py.scanFiles);
      const hereRow = row("scan_files, one thread (workers: 0)", "scanHere", py.scanFiles);
      const floorRows: BenchRow[] = [
        {
          ...row("readdir + stat floor (Node, one thread)", "nodeFloor"),
          note: `readdirSync + one statSync per entry over the same tree; ${note("nodeFloor")}`,
        },
      ];
      if (cSeconds !== null && !("skipped" in cFloor)) {
        floorRows.push({
          name: "readdir + fstatat floor (C, one thread)",
          size,
          unit: "s",
          median: cSeconds,
          runs,
          note: `build/bench/native/walk-floor.c over the same tree; ${us(cSeconds / t.files)}`,
        });
      }
      rows.push(
        {
          ...scanRow,
          note:
            `${scanRow.note}; ${beside(median(t.scanFiles))}; pool workers running at each run's start: ` +
            `${t.liveWorkers.join(", ")} (0: walked in this thread); ${goal}`,
        },
        { ...hereRow, note: `${hereRow.note}; ${beside(median(t.scanHere))}` },
        ...floorRows,
        row("scan_tables_columns, first (worker pool)", "scanTables", py.scanTables),
        row("scan_tables_columns, dir_files_conform", "scanConform", py.scanConform),
        { ...row("no-change rescan", "rescan"), note: `${note("rescan")}; files reopened: ${t.reopened}` },
      );
      previous = { cycles, perFile };
    }
  } finally {
    removeCFloor();
    await getDefaultPool().close();
  }
  return rows;
}
