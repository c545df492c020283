// Issue #19's microbenchmark: one column read from each table of a 100-channel generated dsp file, the way
// a selection touches a cycle's tables, beside h5py reading the same datasets in the same run. Three cases:
// the first read of each table in a freshly opened file (no metadata known), the same after an earlier
// open of the unchanged file (the metadata cache of meta-cache.ts), and a second read in the same open.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { Lh5File } from "../../electron/services/lh5/reader.ts";
import { RACY_MS, fileMetaCache } from "../../electron/services/lh5/meta-cache.ts";
import { REPO_ROOT } from "../../test/fixtures/testdata.ts";
import type { BenchOptions, BenchRow } from "./types.ts";
import { median } from "./stats.ts";

const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const CLI = join(REPO_ROOT, "out/main/cli.js");
const CHANNELS = 100;
const COLUMN = "trapEmax";

/** h5py: per-table ms of the first read of COLUMN in a freshly opened file, and of a second read, medians. */
const H5PY_SCRIPT = `
import h5py, sys, time, json, statistics
path, column, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
first, again = [], []
for _ in range(runs):
    f = h5py.File(path, "r")
    tables = [k + "/dsp" for k in f.keys()]
    t0 = time.perf_counter()
    for t in tables: f[t + "/" + column][:]
    t1 = time.perf_counter()
    for t in tables: f[t + "/" + column][:]
    t2 = time.perf_counter()
    f.close()
    first.append((t1 - t0) * 1000 / len(tables)); again.append((t2 - t1) * 1000 / len(tables))
print(json.dumps({"first": statistics.median(first), "again": statistics.median(again)}))
`;

function findDspFile(dir: string): string {
  for (const entry of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (entry.endsWith("tier_dsp.lh5")) return join(dir, entry);
  }
  throw new Error(`no dsp file under ${dir}`);
}

/** Per-table ms of reading COLUMN from every table of `path`: first touch, and again in the same open. */
function readEveryTable(path: string): { first: number; again: number } {
  const file = Lh5File.open(path);
  try {
    const tables = file.keys().map((key) => `${key}/dsp`);
    const read = () => {
      const t0 = performance.now();
      for (const table of tables) file.readColumns(table, [COLUMN], { valuesOnly: [COLUMN] });
      return (performance.now() - t0) / tables.length;
    };
    const first = read();
    return { first, again: read() };
  } finally {
    file.close();
  }
}

export function benchTableColumns(opts: BenchOptions, runs: number): BenchRow[] {
  const dir = join(opts.workDir, "table-columns");
  opts.log(`lh5: generating a ${CHANNELS}-channel dsp file`);
  const generated = spawnSync(
    process.execPath,
    [CLI, "generate", dir, "--cycles", "1", "--channels", String(CHANNELS), "--events", "1000"].concat([
      "--tiers",
      "dsp",
      "--workers",
      "0",
    ]),
    { encoding: "utf8" },
  );
  if (generated.status !== 0) throw new Error(`generate failed: ${generated.stderr}`);
  const path = findDspFile(dir);
  // the metadata cache trusts a file left alone for RACY_MS before its entry was made
  const settleUntil = statSync(path).mtimeMs + RACY_MS + 200;
  const wait = new Int32Array(new SharedArrayBuffer(4));
  while (Date.now() < settleUntil) Atomics.wait(wait, 0, 0, 100);

  const cold: number[] = [];
  const cached: number[] = [];
  const again: number[] = [];
  const h5pyFirst: number[] = [];
  const h5pyAgain: number[] = [];
  for (let i = 0; i < runs; i++) {
    // interleaved with h5py, so both meet the same machine load
    fileMetaCache.clear();
    const fresh = readEveryTable(path);
    cold.push(fresh.first);
    again.push(fresh.again);
    cached.push(readEveryTable(path).first);
    const py = spawnSync(PYTHON, ["-c", H5PY_SCRIPT, path, COLUMN, "1"], { encoding: "utf8" });
    if (py.status !== 0) throw new Error(`h5py failed: ${py.stderr}`);
    const theirs = JSON.parse(py.stdout) as { first: number; again: number };
    h5pyFirst.push(theirs.first);
    h5pyAgain.push(theirs.again);
  }
  const size = `${CHANNELS} tables`;
  const [ours, theirs] = [median(cold), median(h5pyFirst)];
  opts.log(`lh5: column per table, first touch ${ours.toFixed(3)} ms, h5py ${theirs.toFixed(3)} ms`);
  const note = `'${COLUMN}' (float32, gzip, ~20 rows) of each ch*/dsp table of a generated file; load average ${loadavg()[0]!.toFixed(1)}`;
  return [
    {
      name: "column read per table, first touch in a fresh open (no metadata known)",
      size,
      unit: "ms/table",
      median: ours,
      ratioTo: "h5py: first f[table/column][:] after File(F)",
      ratio: theirs / ours,
      runs,
      note,
    },
    {
      name: "column read per table, first touch after an earlier open of the unchanged file",
      size,
      unit: "ms/table",
      median: median(cached),
      ratioTo: "h5py: first f[table/column][:] after File(F)",
      ratio: theirs / median(cached),
      runs,
      note: "metadata from the per-thread cache (meta-cache.ts): only the values are read",
    },
    {
      name: "column read per table, again in the same open",
      size,
      unit: "ms/table",
      median: median(again),
      ratioTo: "h5py: the same read again in the same File",
      ratio: median(h5pyAgain) / median(again),
      runs,
    },
  ];
}
