// `npm run bench [-- --quick] [--only lh5,filedb] [--print]`: runs the benchmark suites, each in a fresh
// Node process (isolated wasm heaps, a peak RSS of its own), and merges their tables into BENCHMARKS.md
// (`--print` writes the sections to stdout instead, for trial runs on a busy machine).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { machineInfo, mergeReport, renderSection, type SuiteResult } from "./report.ts";
import type { BenchOptions, BenchRow } from "./types.ts";

interface Suite {
  name: string;
  title: string;
  /** Its module in build/bench/ (bundled into out/bench/ by build-bench.mjs). */
  file: string;
  /** Imports the module (only in the suite's own process) and runs it with the runner's options. */
  run(opts: BenchOptions): Promise<BenchRow[]>;
}

/** Every suite of the project, in report order. */
export const SUITES: readonly Suite[] = [
  {
    name: "startup",
    title: "start-up as a user meets it: the CLI beside h5py, `npm start` to a usable window",
    file: "startup.ts",
    run: async (opts) => (await import("./startup.ts")).benchStartup(opts),
  },
  {
    name: "cold-cli",
    title: "whole `lh5-browser` processes on the 2000-cycle tree, first and next process (issue #19)",
    file: "startup-cold-cli.ts",
    run: async (opts) => (await import("./startup-cold-cli.ts")).benchColdCli(opts),
  },
  {
    name: "lh5",
    title: "LH5 column reads and waveform codecs",
    file: "lh5.ts",
    run: async (opts) => (await import("./lh5.ts")).benchLh5(opts),
  },
  {
    name: "query",
    title: "cut expressions over typed arrays",
    file: "query.ts",
    run: async (opts) => (await import("./query.ts")).benchQuery(opts),
  },
  {
    name: "filedb",
    title: "FileDB scans (files, tables and columns, no-change rescan)",
    file: "filedb.ts",
    run: async (opts) =>
      (await import("./filedb.ts")).benchFileDb({
        ...opts,
        sizes: opts.quick ? [100, 1000] : [200, 1000, 2000, 10000],
      }),
  },
  {
    name: "loader",
    title: "DataLoader entry lists, loads and exports",
    file: "loader.ts",
    run: async (opts) => (await import("./loader.ts")).benchLoader(opts),
  },
  {
    name: "export-memory",
    title: "peak memory of load -o waveform exports (N and 10×N rows, one process per run)",
    file: "export-memory.ts",
    run: async (opts) => (await import("./export-memory.ts")).benchExportMemory(opts),
  },
  {
    name: "analysis",
    title: "histograms and waveform transforms",
    file: "analysis.ts",
    run: async (opts) => (await import("./analysis.ts")).benchAnalysis(opts),
  },
  {
    name: "explore",
    title: "exploration service: histograms, live counts, waveform pages, exports",
    file: "explore.ts",
    run: async (opts) => (await import("./explore.ts")).benchExplore(opts),
  },
  {
    name: "ui",
    title: "exploration UI in Chromium: click to drawn histogram, live count",
    file: "ui.ts",
    run: async (opts) => (await import("./ui.ts")).benchUi(opts),
  },
  {
    name: "waveforms-ui",
    title: "waveform browser in Chromium: click to drawn page, export throughput",
    file: "waveforms-ui.ts",
    run: async () => (await import("./waveforms-ui.ts")).benchWaveformsUi(),
  },
  {
    name: "explore-100ch",
    title:
      "issue 19 on a realistic tree (100 channels, ~10^7 hits, cached): open, first histogram beside h5py + numpy, counts, waveforms",
    file: "explore-100ch.ts",
    run: async (opts) => (await import("./explore-100ch.ts")).benchExplore100ch(opts),
  },
  {
    name: "explore-100ch-ready",
    title:
      "issue 19's start-up alone on the realistic tree: open → grid, app ready (with server CPU), first waveform page",
    file: "explore-100ch-ready.ts",
    run: async (opts) => (await import("./explore-100ch-ready.ts")).benchExplore100chReady(opts),
  },
  {
    name: "generator",
    title: "the LEGEND-like data generator",
    file: "generator.ts",
    run: async (opts) => (await import("./generator.ts")).benchGenerator(opts),
  },
  {
    name: "scale",
    title:
      "issue 19, bounded memory: the first histogram over 10^7 to 10^8 hits and the service's peak RSS, default and small column cache",
    file: "scale.ts",
    run: async (opts) => (await import("./scale.ts")).benchScale(opts),
  },
];

const RUNNER = fileURLToPath(import.meta.url);
const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const REPORT_PATH = join(REPO_ROOT, "BENCHMARKS.md");

/** Child mode: run one suite in this process and write its rows and peak RSS as JSON to `outPath`. */
async function runChild(suiteName: string, outPath: string, quick: boolean): Promise<void> {
  const suite = SUITES.find((s) => s.name === suiteName);
  if (!suite) throw new Error(`unknown suite '${suiteName}'`);
  const workDir = mkdtempSync(join(tmpdir(), `lh5-bench-${suite.name}-`));
  const started = performance.now();
  try {
    const rows = await suite.run({
      quick,
      workDir,
      log: (line) => process.stderr.write(`[${suite.name}] ${line}\n`),
    });
    const seconds = (performance.now() - started) / 1000;
    writeFileSync(
      outPath,
      JSON.stringify({ rows, seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 }),
    );
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Runs one suite in a child process; never throws (a failure becomes the section's error). */
function runSuite(suite: Suite, quick: boolean): SuiteResult {
  const outDir = mkdtempSync(join(tmpdir(), "lh5-bench-result-"));
  const outPath = join(outDir, "result.json");
  const started = performance.now();
  const base = { suite: suite.name, title: suite.title, quick };
  try {
    const child = spawnSync(
      process.execPath,
      // the child runs as this process does: the built out/bench/run.js (no TypeScript loader)
      [...process.execArgv, RUNNER, "--child", suite.name, "--out", outPath, ...(quick ? ["--quick"] : [])],
      { cwd: REPO_ROOT, stdio: ["ignore", "inherit", "inherit"] },
    );
    const seconds = (performance.now() - started) / 1000;
    const finishedAt = new Date().toISOString();
    const machine = machineInfo();
    if (child.status === 0 && existsSync(outPath)) {
      const parsed = JSON.parse(readFileSync(outPath, "utf8")) as {
        rows: BenchRow[];
        seconds: number;
        peakRssBytes: number;
      };
      return {
        ...base,
        machine,
        rows: parsed.rows,
        seconds: parsed.seconds,
        peakRssBytes: parsed.peakRssBytes,
        finishedAt,
      };
    }
    const reason =
      child.error?.message ?? (child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`);
    return {
      ...base,
      machine,
      rows: [],
      seconds,
      peakRssBytes: 0,
      finishedAt,
      error: `suite process failed (${reason}); see its stderr`,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export interface RunnerArgs {
  quick: boolean;
  only: string[] | null;
  /** Print the sections instead of merging them into BENCHMARKS.md. */
  print: boolean;
}

export function parseRunnerArgs(argv: string[]): RunnerArgs & { child?: string; out?: string } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: "boolean" },
      only: { type: "string" },
      child: { type: "string" },
      out: { type: "string" },
      print: { type: "boolean" },
    },
  });
  const only =
    values.only === undefined
      ? null
      : values.only
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
  for (const name of only ?? []) {
    if (!SUITES.some((s) => s.name === name)) {
      throw new Error(`unknown suite '${name}': expected some of ${SUITES.map((s) => s.name).join(", ")}`);
    }
  }
  return {
    quick: values.quick ?? false,
    only,
    print: values.print ?? false,
    child: values.child,
    out: values.out,
  };
}

async function main(argv: string[]): Promise<number> {
  const args = parseRunnerArgs(argv);
  if (args.child !== undefined) {
    if (args.out === undefined) throw new Error("--child needs --out");
    await runChild(args.child, args.out, args.quick);
    return 0;
  }
  const chosen = SUITES.filter((s) => args.only === null || args.only.includes(s.name));
  const results: SuiteResult[] = [];
  for (const suite of chosen) {
    process.stderr.write(`bench: running ${suite.name}${args.quick ? " (quick)" : ""}…\n`);
    const result = runSuite(suite, args.quick);
    process.stderr.write(
      `bench: ${suite.name} ${result.error === undefined ? "done" : "FAILED"} in ${result.seconds.toFixed(1)} s, ${result.rows.length} rows\n`,
    );
    results.push(result);
  }
  if (args.print) {
    process.stdout.write(results.map(renderSection).join("\n"));
    return results.some((r) => r.error !== undefined) ? 1 : 0;
  }
  const existing = existsSync(REPORT_PATH) ? readFileSync(REPORT_PATH, "utf8") : null;
  writeFileSync(
    REPORT_PATH,
    mergeReport(
      existing,
      results,
      SUITES.map((suite) => suite.name),
    ),
  );
  process.stderr.write(`bench: wrote ${REPORT_PATH}\n`);
  return results.some((r) => r.error !== undefined) ? 1 : 0;
}

if (process.argv[1] === RUNNER) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
