// Start-up figures of the inventory store (electron/services/flow/filedb/persist/inventory-store.ts): a cold
// whole-process `lh5-browser load` on the 2000-cycle tree, without and with the store an earlier process left;
// and open → grid / app ready on a generated 100-channel tree in web mode, first and second open.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";
import type { BenchOptions, BenchRow } from "./types.ts";
import { median } from "./stats.ts";
import { copyTree, cycleTimestamp } from "./trees.ts";
import { REPO_ROOT } from "../../test/fixtures/testdata.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CLI = join(REPO_ROOT, "out/main/cli.js");
/** pygama-baseline.md at 2000 cycles: process start and import 2.0 s, scan_files 0.22 s, scan_tables_columns 7.36 s. */
const PYGAMA_INVENTORY_2000 = 2.0 + 0.22 + 7.36;

function wallSeconds(args: string[], dataDir: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    encoding: "utf8",
    env: { ...process.env, LH5_BROWSER_DATA_DIR: dataDir },
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
  return seconds;
}

/** `load` of one cycle's column on the whole tree: the inventory (walk + tables) is nearly all of it. */
export function benchColdLoad(opts: BenchOptions): BenchRow[] {
  const cycles = opts.quick ? 200 : 2000;
  const root = join(opts.workDir, `tree-${cycles}`);
  const config = join(opts.workDir, `filedb-${cycles}.json`);
  writeFileSync(config, JSON.stringify(copyTree(root, cycles)));
  const args = [
    CLI,
    "load",
    config,
    "--files",
    cycleTimestamp(Date.UTC(2023, 3, 1), 0),
    "--channels",
    "1084803",
    "--columns",
    "trapEmax",
    "--json",
  ];
  const firsts: number[] = [];
  const seconds: number[] = [];
  for (let i = 0; i < (opts.quick ? 1 : 3); i++) {
    const dataDir = mkdtempSync(join(opts.workDir, "load-data-"));
    firsts.push(wallSeconds(args, dataDir)); // no store yet: every file opened
    seconds.push(wallSeconds(args, dataDir)); // the store of the first run: files only stat-ed by the walk
    rmSync(dataDir, { recursive: true, force: true });
    opts.log(
      `cold load ${cycles} cycles: ${firsts.at(-1)!.toFixed(2)} s, with store ${seconds.at(-1)!.toFixed(2)} s`,
    );
  }
  const pygama = (PYGAMA_INVENTORY_2000 * cycles) / 2000;
  const row = (name: string, values: number[], note: string): BenchRow => ({
    name,
    size: `${cycles} cycles`,
    unit: "s",
    median: median(values),
    runs: values.length,
    ratioTo:
      "pygama FileDB + scan_tables_columns, whole process (pygama-baseline.md: 2.0 + 0.22 + 7.36 s at 2000)",
    ratio: pygama / median(values),
    note,
  });
  return [
    row(
      "CLI `load` whole process, cold, first run (no inventory store)",
      firsts,
      "node out/main/cli.js load CONFIG --files T --channels 1084803 --columns trapEmax --json: walk + every file's tables + one cycle's column",
    ),
    row(
      "CLI `load` whole process, cold, second run (inventory store present)",
      seconds,
      "same command in a new process: the walk stats every file, the store answers every table listing",
    ),
  ];
}

async function stop(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  await exited;
}

/** From the page's first request to: grid rows, channels listed, first entry count shown (seconds). */
async function timeOpen(config: string, dataDir: string): Promise<{ grid: number; ready: number }> {
  const child = spawn(process.execPath, [CLI, "serve", config, "--no-open"], {
    env: { ...process.env, LH5_BROWSER_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const profile = mkdtempSync(join(tmpdir(), "lh5-bench-open-chromium-"));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on("line", (line) => {
        if (line.startsWith("http://")) resolve(line.trim());
      });
      child.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
      viewport: { width: 1366, height: 768 },
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const started = performance.now();
      await page.goto(url);
      await page.locator('[data-testid="inventory-grid"] .ag-row').first().waitFor({ timeout: 300_000 });
      const grid = (performance.now() - started) / 1000;
      await page.locator('[data-testid^="channel-group-"]').first().waitFor({ timeout: 300_000 });
      await page.getByTestId("live-count").filter({ hasText: /\d/ }).waitFor({ timeout: 300_000 });
      return { grid, ready: (performance.now() - started) / 1000 };
    } finally {
      await context.close();
    }
  } finally {
    await stop(child);
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Open → grid on a generated tree of 100 channels and ~20 cycles (~2000 hit tables). The tree takes minutes to
 * generate: LH5_BENCH_TREE_CH100 may name one made before by `generate DIR --cycles 20 --channels 100 --events 200`.
 */
export async function benchOpenGrid(opts: BenchOptions): Promise<BenchRow[]> {
  let tree = process.env.LH5_BENCH_TREE_CH100 ?? join(opts.workDir, "ch100");
  if (!existsSync(join(tree, "filedb-config.json"))) {
    tree = join(opts.workDir, "ch100");
    const args = ["generate", tree, "--cycles", "20", "--channels", "100", "--events", "200"];
    const made = spawnSync(process.execPath, [CLI, ...args], { stdio: "inherit" });
    if (made.status !== 0) throw new Error("generate failed");
  }
  const config = join(tree, "filedb-config.json");
  const firsts: { grid: number; ready: number }[] = [];
  const seconds: { grid: number; ready: number }[] = [];
  for (let i = 0; i < (opts.quick ? 1 : 3); i++) {
    const dataDir = mkdtempSync(join(opts.workDir, "open-data-"));
    firsts.push(await timeOpen(config, dataDir));
    seconds.push(await timeOpen(config, dataDir));
    rmSync(dataDir, { recursive: true, force: true });
    opts.log(
      `open 100 channels: grid ${firsts.at(-1)!.grid.toFixed(2)} s (store: ${seconds.at(-1)!.grid.toFixed(2)} s), ` +
        `ready ${firsts.at(-1)!.ready.toFixed(2)} s (store: ${seconds.at(-1)!.ready.toFixed(2)} s)`,
    );
  }
  const size = "20 cycles × 100 channels (2000 hit tables)";
  const note = (t: { grid: number; ready: number }[]) =>
    `web mode, headless Chromium; from page.goto (serve CONFIG opens it on load); app ready (channels listed, first entry count shown) ${median(t.map((x) => x.ready)).toFixed(2)} s`;
  return [
    {
      name: "open → grid with rows, first open (no inventory store)",
      size,
      unit: "s",
      median: median(firsts.map((t) => t.grid)),
      runs: firsts.length,
      note: note(firsts),
    },
    {
      name: "open → grid with rows, next process (inventory store present)",
      size,
      unit: "s",
      median: median(seconds.map((t) => t.grid)),
      runs: seconds.length,
      note: note(seconds),
    },
  ];
}
