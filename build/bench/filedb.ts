// FileDB scans against pygama (../shared/pygama-baseline.md): trees of N cycles made of COPIES of the 16 p03
// files under new timestamps (50 cycles per run folder and type, half cal, half phy), and, above COPY_LIMIT
// cycles, generated trees (5 tiers, small files). Seconds for scan_files, a first scan_tables_columns, the
// same with dir_files_conform, and a no-change rescan (which must open no file).
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { FileDB } from "../../electron/services/flow/filedb/index.ts";
import { generateDataset } from "../../electron/services/generator/index.ts";
import { initH5 } from "../../electron/services/lh5/h5.ts";
import { getDefaultPool } from "../../electron/workers/pool.ts";
import { FILEDB_CONFIG, PROD_REF_TIER_DIR } from "../../test/fixtures/testdata.ts";
import type { BenchOptions, BenchRow } from "./types.ts";
import { median } from "./stats.ts";

/** Larger copy trees would need more than 4.4 GB of scratch disk. */
const COPY_LIMIT = 2000;
const TIERS = ["raw", "dsp", "hit", "tcm"] as const;
const SOURCE: Record<"cal" | "phy", string> = { cal: "20230318T012144Z", phy: "20230322T160139Z" };

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

function timestamp(base: number, i: number): string {
  return new Date(base + i * 60_000)
    .toISOString()
    .replace(/[-:]/gu, "")
    .replace(/\.\d+Z$/u, "Z");
}

/** Copies the p03 cycle files into `root` as `cycles` cycles; returns the FileDB config object. */
function copyTree(root: string, cycles: number): Record<string, unknown> {
  const base = Date.UTC(2023, 3, 1);
  for (let i = 0; i < cycles; i++) {
    const type = i % 2 === 0 ? "cal" : "phy";
    const run = `r${String(Math.floor(i / 100)).padStart(3, "0")}`;
    const ts = timestamp(base, i);
    for (const tier of TIERS) {
      const dir = join(root, tier, type, "p03", run);
      mkdirSync(dir, { recursive: true });
      copyFileSync(
        join(
          PROD_REF_TIER_DIR,
          tier,
          type,
          "p03",
          "r001",
          `l200-p03-r001-${type}-${SOURCE[type]}-tier_${tier}.lh5`,
        ),
        join(dir, `l200-p03-${run}-${type}-${ts}-tier_${tier}.lh5`),
      );
    }
  }
  return { ...(JSON.parse(readFileSync(FILEDB_CONFIG, "utf8")) as Record<string, unknown>), data_dir: root };
}

interface Timings {
  scanFiles: number[];
  scanTables: number[];
  scanConform: number[];
  rescan: number[];
  /** CPU seconds (all threads of this process) of each step, last run: robust to a busy machine. */
  cpu: Record<"scanFiles" | "scanTables" | "scanConform" | "rescan", number>;
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
    cpu: { scanFiles: 0, scanTables: 0, scanConform: 0, rescan: 0 },
    reopened: 0,
    files: 0,
    rows: 0,
  };
  for (let run = 0; run < runs; run++) {
    const db = await FileDB.create(config, { scan: false });
    const files = await timed(() => db.scanFiles());
    const tables = await timed(() => db.scanTablesColumns());
    let reopened = 0;
    const rescan = await timed(async () => {
      reopened = (await db.rescan()).reopened;
    });
    const conform = await timed(() => db.scanTablesColumns({ override: true, dirFilesConform: true }));
    t.scanFiles.push(files.wall);
    t.scanTables.push(tables.wall);
    t.rescan.push(rescan.wall);
    t.scanConform.push(conform.wall);
    t.cpu = { scanFiles: files.cpu, scanTables: tables.cpu, scanConform: conform.cpu, rescan: rescan.cpu };
    t.reopened = Math.max(t.reopened, reopened);
    t.rows = db.nRows;
    t.files = db.tiers.reduce(
      (n, tier) => n + (db.column(`${tier}_size`) as Float64Array).filter((size) => size > 0).length,
      0,
    );
    log(
      `filedb: ${db.nRows} cycles, run ${run + 1}/${runs}: scan_files ${files.wall.toFixed(3)} s, ` +
        `tables ${tables.wall.toFixed(3)} s, conform ${conform.wall.toFixed(3)} s, rescan ${rescan.wall.toFixed(3)} s ` +
        `(${reopened} reopened); load ${loadavg()[0]?.toFixed(1) ?? "?"}`,
    );
  }
  return t;
}

export async function benchFileDb(opts: { sizes: number[] } & Partial<BenchOptions>): Promise<BenchRow[]> {
  const log = opts.log ?? (() => undefined);
  const workDir = opts.workDir ?? join(process.cwd(), "bench-filedb");
  await initH5();
  const rows: BenchRow[] = [];
  try {
    for (const cycles of opts.sizes) {
      const runs = opts.quick ? 2 : cycles <= 1000 ? 5 : 3;
      const root = join(workDir, `filedb-${cycles}`);
      rmSync(root, { recursive: true, force: true });
      const copied = cycles <= COPY_LIMIT;
      log(`filedb: building a ${copied ? "copy" : "generated"} tree of ${cycles} cycles`);
      const config = copied
        ? copyTree(root, cycles)
        : (await generateDataset(root, { cycles, channels: 2, events: 10, seed: 1 })).filedbConfigPath;
      const t = await timeScans(config, runs, log);
      rmSync(root, { recursive: true, force: true });
      const size = `${cycles} cycles`;
      const tree = copied ? "copies of the p03 files" : "generated tree, 5 tiers";
      const note = (cpu: number) =>
        `${t.files} files (${tree}); cpu ${cpu.toFixed(3)} s; load average ${loadavg()[0]?.toFixed(1) ?? "?"} on ${cpus().length} cores`;
      const py = pygamaAt(cycles);
      const ref = copied
        ? py.exact
          ? "pygama 2.3.8"
          : "pygama 2.3.8 (linear in its 200/2000 figures)"
        : undefined;
      const row = (name: string, seconds: number[], cpu: number, pygama?: number): BenchRow => ({
        name,
        size,
        unit: "s",
        median: median(seconds),
        runs,
        note: note(cpu),
        ...(copied && pygama !== undefined ? { ratioTo: ref, ratio: pygama / median(seconds) } : {}),
      });
      rows.push(
        row("scan_files (all tiers; pygama walks only raw)", t.scanFiles, t.cpu.scanFiles, py.scanFiles),
        row("scan_tables_columns, first (worker pool)", t.scanTables, t.cpu.scanTables, py.scanTables),
        row("scan_tables_columns, dir_files_conform", t.scanConform, t.cpu.scanConform, py.scanConform),
        {
          ...row("no-change rescan", t.rescan, t.cpu.rescan),
          note: `${note(t.cpu.rescan)}; files reopened: ${t.reopened}`,
        },
      );
    }
  } finally {
    await getDefaultPool().close();
  }
  return rows;
}
