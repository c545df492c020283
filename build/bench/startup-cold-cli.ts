// Issue #19: the whole `lh5-browser` process from a cold start on the 2000-cycle tree (copies, cached across
// runs), as a user runs it: the inventory (`filedb scan --tables`), load-cut and tcm-any (pygama-baseline.md's
// selections), each as a first process (no inventory store) and a next process (the store the first one left),
// beside pygama's recorded whole-pipeline figures. Wall and CPU (user + sys of the process and its worker
// threads, from /usr/bin/time) per run: the machine is shared, so CPU is the steadier figure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import type { BenchOptions, BenchRow } from "./types.ts";
import { median } from "./stats.ts";
import { copyTree } from "./trees.ts";
import { TREE_CACHE_DIR } from "./tree-cache.ts";
import { REPO_ROOT } from "../../test/fixtures/testdata.ts";

/** LH5_BENCH_CLI names another build's cli.js (e.g. a copy of out/ before a change, for a before/after pair). */
const CLI = process.env.LH5_BENCH_CLI ?? join(REPO_ROOT, "out/main/cli.js");
const TIME = "/usr/bin/time";
/** pygama-baseline.md at 2000 cycles, plus its 2.0 s of process start and import. */
const PYGAMA_2000 = { inventory: 2.0 + 7.6, loadCut: 2.0 + 33, tcmAny: 2.0 + 43 };

interface Timing {
  wall: number;
  cpu: number;
}

/** One whole process: wall seconds, and its CPU seconds (user + sys) when /usr/bin/time is there. */
function runProcess(args: string[], dataDir: string): Timing {
  const withTime = existsSync(TIME);
  const command = withTime ? TIME : process.execPath;
  const argv = withTime ? ["-f", "cpu %U %S", process.execPath, ...args] : args;
  const started = performance.now();
  const result = spawnSync(command, argv, {
    encoding: "utf8",
    env: { ...process.env, LH5_BROWSER_DATA_DIR: dataDir },
    timeout: 900_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
  const times = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
  return { wall, cpu: times ? Number(times[1]) + Number(times[2]) : Number.NaN };
}

/** The 2000-cycle tree of copies, made once under the bench cache and reused (copyTree keeps files there). */
export function cachedCopyTree(cycles: number, workDir: string): string {
  const root = join(TREE_CACHE_DIR, `prod-copies-${cycles}`);
  const config = join(workDir, `filedb-copies-${cycles}.json`);
  writeFileSync(config, JSON.stringify(copyTree(root, cycles)));
  return config;
}

/** The three commands of the issue, with pygama's whole-process figure for each. */
function commands(config: string, cycles: number) {
  const scale = cycles / 2000;
  return [
    {
      label: "inventory (`filedb scan CONFIG --tables --json`)",
      args: [CLI, "filedb", "scan", config, "--tables", "--json"],
      pygama: PYGAMA_2000.inventory * scale,
      pygamaName: "pygama FileDB(config) + scan_tables_columns()",
    },
    {
      label: "load-cut (`load CONFIG --channels 3 --cut 'hit:trapEmax > 5000' --columns trapEmax,timestamp`)",
      args: [
        CLI,
        "load",
        config,
        "--channels",
        "1084803,1084804,1121600",
        "--cut",
        "hit:trapEmax > 5000",
        "--columns",
        "trapEmax,timestamp",
        "--json",
      ],
      pygama: PYGAMA_2000.loadCut * scale,
      pygamaName: "pygama scan + load-cut",
    },
    {
      label:
        "tcm-any (`load CONFIG --files \"type == 'phy'\" --cut 'hit:daqenergy == 10221' --tcm-level tcm --mode any`)",
      args: [
        CLI,
        "load",
        config,
        "--files",
        "type == 'phy'",
        "--cut",
        "hit:daqenergy == 10221",
        "--tcm-level",
        "tcm",
        "--mode",
        "any",
        "--columns",
        "daqenergy,channel",
        "--json",
      ],
      pygama: PYGAMA_2000.tcmAny * scale,
      pygamaName: "pygama scan + tcm-any",
    },
  ];
}

export function benchColdCli(opts: BenchOptions): BenchRow[] {
  const cycles = opts.quick ? 200 : 2000;
  const runs = opts.quick ? 1 : 3;
  const config = cachedCopyTree(cycles, opts.workDir);
  const rows: BenchRow[] = [];
  const loadBefore = loadavg()[0]!;
  for (const command of commands(config, cycles)) {
    const firsts: Timing[] = [];
    const nexts: Timing[] = [];
    for (let i = 0; i < runs; i++) {
      const dataDir = mkdtempSync(join(opts.workDir, "cold-cli-data-"));
      firsts.push(runProcess(command.args, dataDir)); // no store: what a first process on the tree costs
      nexts.push(runProcess(command.args, dataDir)); // the store of the first process present
      rmSync(dataDir, { recursive: true, force: true });
      const [f, n] = [firsts.at(-1)!, nexts.at(-1)!];
      opts.log(
        `${command.label.split(" ")[0]} ${cycles} cycles: first ${f.wall.toFixed(2)} s (CPU ${f.cpu.toFixed(2)} s), ` +
          `next ${n.wall.toFixed(2)} s (CPU ${n.cpu.toFixed(2)} s), load ${loadavg()[0]!.toFixed(1)}`,
      );
    }
    for (const [which, times] of [
      ["first process (no inventory store)", firsts],
      ["next process (inventory store present)", nexts],
    ] as const) {
      const wall = median(times.map((t) => t.wall));
      rows.push({
        name: `CLI ${command.label}, whole process, ${which}`,
        size: `${cycles} cycles`,
        unit: "s",
        median: wall,
        runs,
        ratioTo: `${command.pygamaName}, whole process (pygama-baseline.md, ${command.pygama.toFixed(1)} s)`,
        ratio: command.pygama / wall,
        note:
          `CPU (user + sys, worker threads included) ${median(times.map((t) => t.cpu)).toFixed(2)} s; ` +
          `tree of copies cached in ${TREE_CACHE_DIR}; load average ${loadBefore.toFixed(1)} at start, ` +
          `${loadavg()[0]!.toFixed(1)} at end (2 cores shared)`,
      });
    }
  }
  return rows;
}
