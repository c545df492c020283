// What a user meets before any data work: the `lh5-browser` command's whole-process time beside an h5py
// one-liner doing the same listing, and `npm start` to a usable window (the inventory grid with its rows)
// on the demo, on a first start (no build, no demo yet) and a second one.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";
import type { BenchOptions, BenchRow } from "./types.ts";
import { median } from "./stats.ts";
import { PROD_REF_TIER_DIR, P14_RAW_FILE, REPO_ROOT } from "../../test/fixtures/testdata.ts";
import { ensureBuilt } from "../../test/fixtures/built.ts";
import { benchColdLoad, benchOpenGrid } from "./startup-inventory.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Debian's Python with h5py (a pyenv shim first in PATH may lack it). */
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const CLI = join(REPO_ROOT, "out/main/cli.js");
const DSP_FILE = join(PROD_REF_TIER_DIR, "dsp/cal/p03/r000/l200-p03-r000-cal-20230311T235840Z-tier_dsp.lh5");

/** Wall seconds of one whole process (spawned, run to its exit). */
function wallSeconds(command: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string): number {
  const started = performance.now();
  const result = spawnSync(command, args, {
    encoding: "utf8",
    env: env ?? process.env,
    timeout: 120_000,
    ...(cwd === undefined ? {} : { cwd }),
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  return seconds;
}

/** Objects in a file, as h5py counts them (the size of an `ls`). */
function objectCount(file: string): number {
  const script = "import h5py,sys; n=[]; h5py.File(sys.argv[1]).visit(n.append); print(len(n))";
  return Number(spawnSync(PYTHON, ["-c", script, file], { encoding: "utf8" }).stdout.trim());
}

/** A bare Node that only loads h5wasm (compiles and instantiates its module): the floor of any `ls`. */
const BARE_H5WASM = "const h5 = (await import('h5wasm/node')).default; await h5.ready;";

function benchLs(opts: BenchOptions, runs: number): BenchRow[] {
  const rows: BenchRow[] = [];
  const h5py = "import h5py,sys; h5py.File(sys.argv[1]).visit(lambda name: None)";
  const bare = (flags: string[]) => ["--input-type=module", ...flags, "-e", BARE_H5WASM];
  const inRepo = (args: string[]) => wallSeconds(process.execPath, args, undefined, REPO_ROOT);
  for (const file of [DSP_FILE, P14_RAW_FILE]) {
    const objects = objectCount(file);
    // interleaved, so all meet the same machine load
    const ours: number[] = [];
    const theirs: number[] = [];
    const floor: number[] = [];
    const floorQuick: number[] = [];
    for (let i = 0; i < runs; i++) {
      ours.push(wallSeconds(process.execPath, [CLI, "ls", file, "--json"]));
      theirs.push(wallSeconds(PYTHON, ["-c", h5py, file]));
      if (file === DSP_FILE) {
        floor.push(inRepo(bare([])));
        floorQuick.push(inRepo(bare(["--liftoff-only"])));
      }
    }
    const [a, b] = [median(ours), median(theirs)];
    const load = `load average ${loadavg()[0]!.toFixed(1)} (2 cores shared)`;
    opts.log(`ls ${objects} objects: ${a.toFixed(3)} s, h5py visit ${b.toFixed(3)} s`);
    rows.push({
      name: "CLI `ls FILE --json`, whole process",
      size: `${objects} objects`,
      unit: "s",
      median: a,
      ratioTo: "python3 + h5py File(F).visit(), whole process",
      ratio: b / a,
      runs,
      note: `node out/main/cli.js (baseline-only wasm code: h5.ts preferQuickStart); includes Node start and h5wasm load; ${load}`,
    });
    if (file !== DSP_FILE) continue;
    for (const [label, times] of [
      ["", floor],
      [" with --liftoff-only (as `ls` runs)", floorQuick],
    ] as const) {
      rows.push({
        name: `bare \`node\` that only loads h5wasm${label}, whole process`,
        size: "0 objects",
        unit: "s",
        median: median(times),
        ratioTo: `python3 + h5py listing ${objects} objects, whole process`,
        ratio: b / median(times),
        runs,
        note: `the floor of any h5wasm CLI: no file opened, nothing listed; ${load}`,
      });
    }
  }
  const help: number[] = [];
  for (let i = 0; i < runs; i++) help.push(wallSeconds(process.execPath, [CLI, "help"]));
  rows.push({
    name: "CLI `help`, whole process (loads no HDF5)",
    size: "1 command",
    unit: "s",
    median: median(help),
    runs,
  });
  return rows;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Seconds from `npm start` to its URL printed, and to the inventory grid showing the demo's rows. */
async function timeStart(dataDir: string): Promise<{ url: number; grid: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(REPO_ROOT, "build/scripts/start.mjs"), "--no-open"], {
    cwd: REPO_ROOT,
    env: { ...process.env, LH5_BROWSER_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const profile = mkdtempSync(join(tmpdir(), "lh5-bench-start-chromium-"));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on("line", (line) => {
        if (line.startsWith("http://")) resolve(line.trim());
      });
      child.once("exit", (code) => reject(new Error(`npm start exited with ${code}`)));
    });
    const toUrl = (performance.now() - started) / 1000;
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
      viewport: { width: 1366, height: 768 },
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(url);
      await page.locator('[data-testid="inventory-grid"] .ag-row').first().waitFor({ timeout: 120_000 });
      return { url: toUrl, grid: (performance.now() - started) / 1000 };
    } finally {
      await context.close();
    }
  } finally {
    await stop(child);
    rmSync(profile, { recursive: true, force: true });
  }
}

async function benchStart(opts: BenchOptions, runs: number): Promise<BenchRow[]> {
  const firsts: { url: number; grid: number }[] = [];
  const seconds: { url: number; grid: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = mkdtempSync(join(opts.workDir, "start-data-"));
    rmSync(join(REPO_ROOT, "out"), { recursive: true, force: true }); // a fresh clone has no build
    firsts.push(await timeStart(dataDir));
    seconds.push(await timeStart(dataDir));
    opts.log(
      `npm start: first ${firsts.at(-1)!.grid.toFixed(2)} s, second ${seconds.at(-1)!.grid.toFixed(2)} s to the grid`,
    );
  }
  const note = (t: { url: number; grid: number }[]) =>
    `to the printed URL ${median(t.map((x) => x.url)).toFixed(2)} s; then Chromium (headless) loads the page, which opens the demo`;
  return [
    {
      name: "`npm start` to the grid with rows, first start (build and demo generation included)",
      size: "12 demo cycles",
      unit: "s",
      median: median(firsts.map((t) => t.grid)),
      runs,
      note: note(firsts),
    },
    {
      name: "`npm start` to the grid with rows, second start",
      size: "12 demo cycles",
      unit: "s",
      median: median(seconds.map((t) => t.grid)),
      runs,
      note: note(seconds),
    },
  ];
}

export async function benchStartup(options: Partial<BenchOptions> = {}): Promise<BenchRow[]> {
  const opts: BenchOptions = {
    quick: options.quick ?? false,
    workDir: options.workDir ?? mkdtempSync(join(tmpdir(), "lh5-bench-startup-")),
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  };
  ensureBuilt();
  const runs = opts.quick ? 3 : 7;
  const rows = benchLs(opts, runs);
  rows.push(...(await benchStart(opts, opts.quick ? 1 : 3)));
  // the inventory store's figures (startup-inventory.ts)
  rows.push(...benchColdLoad(opts), ...(await benchOpenGrid(opts)));
  ensureBuilt(); // leave a build behind
  return rows;
}
