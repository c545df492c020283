// A histogram over many tables streams: each table's column is read, binned and either cached within the
// worker's byte budget or dropped, so the memory the walk leaves behind is the budget's, not the entries'.
// The walk here reads 40 columns of 0.8 MB (32 MB) with a 1 MB budget; a path that kept the values it
// binned (or an unbounded cache) leaves tens of MB more array buffers alive after a full collection.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LgdoTable } from "../../../../../shared/lgdo/model.ts";
import {
  clearCycleState,
  cycleCacheBytes,
  histogramCycles,
  setCycleCacheBudget,
  settleStagedColumns,
  stagedColumnBytes,
  type HistogramTaskArgs,
} from "../../../../../electron/services/app/exploration/cycle-work.ts";
import {
  COLUMN_CACHE_ENV,
  DEFAULT_COLUMN_CACHE_MB,
  columnCacheBytes,
  workerColumnCacheBytes,
} from "../../../../../electron/services/app/exploration/cache-budget.ts";
import type { CatalogData } from "../../../../../electron/services/flow/loader/sources.ts";
import { initH5 } from "../../../../../electron/services/lh5/h5.ts";
import { writeLh5 } from "../../../../../electron/services/lh5/writer.ts";

const CYCLES = 2;
const TABLES = 20;
const ROWS = 100_000;
const BUDGET = 1_000_000;
const COLUMN_BYTES = ROWS * 8;
const TOTAL_BYTES = CYCLES * TABLES * COLUMN_BYTES;

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

/** Array-buffer bytes alive after a full collection (typed arrays' backing stores, the wasm heap). */
function liveArrayBuffers(): number {
  collect();
  collect();
  return process.memoryUsage().arrayBuffers;
}

function hitTable(seed: number): LgdoTable {
  const energy = new Float64Array(ROWS);
  let x = seed;
  for (let i = 0; i < ROWS; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    energy[i] = (x / 2 ** 32) * 3000;
  }
  return {
    kind: "table",
    nRows: ROWS,
    columns: {
      energy: {
        kind: "array",
        form: "array",
        element: { kind: "real" },
        dtype: "float64",
        shape: [ROWS],
        data: energy,
        attrs: { units: "keV" },
      },
    },
    columnOrder: ["energy"],
    attrs: {},
  };
}

let dir: string;
let args: HistogramTaskArgs;

beforeAll(async () => {
  await initH5();
  dir = mkdtempSync(join(tmpdir(), "lh5e-hist-memory-"));
  const tables = Array.from({ length: TABLES }, (_, t) => t + 1);
  const rows: CatalogData["rows"] = {};
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const path = join(dir, `cycle${cycle}.lh5`);
    writeLh5(path, Object.fromEntries(tables.map((t) => [`ch${t}/hit`, hitTable(cycle * 1000 + t)])), {
      compression: "none",
    });
    rows[cycle] = { name: `cycle${cycle}`, tiers: { hit: { path, tables, colIdx: tables.map(() => 0) } } };
  }
  const catalog: CatalogData = {
    tiers: ["hit"],
    tableFormat: { hit: "ch{ch}/hit" },
    columns: [["energy"]],
    rows,
  };
  args = {
    scope: "histogram-memory",
    catalog,
    level: { name: "hit", tiers: ["hit"] },
    rows: Array.from({ length: CYCLES }, (_, i) => i),
    tables: null,
    cut: null,
    evt: null,
    column: "energy",
    splitBy: "none",
    bins: 300,
    range: [0, 3000],
  };
});

afterAll(() => {
  clearCycleState();
  setCycleCacheBudget(workerColumnCacheBytes());
  rmSync(dir, { recursive: true, force: true });
});

describe("histogram over many tables", () => {
  it("keeps only its cache budget of the columns it walked, and bins every entry", () => {
    const none = () => undefined;
    setCycleCacheBudget(BUDGET);
    // A first walk grows the wasm heap and reserves the staging arena: memory that stays, whatever the size.
    histogramCycles(args, none, none);
    settleStagedColumns();
    clearCycleState();
    const before = liveArrayBuffers();

    const result = histogramCycles(args, none, none);
    settleStagedColumns(); // what the worker does just after sending the result
    expect(stagedColumnBytes()).toBe(0);
    expect(cycleCacheBytes()).toBeLessThanOrEqual(BUDGET);
    const kept = liveArrayBuffers() - before;
    // one column may be in flight beyond the budget; the walk read 32 MB
    expect(kept).toBeLessThan(BUDGET + 2 * COLUMN_BYTES);
    expect(TOTAL_BYTES).toBeGreaterThan(10 * (BUDGET + 2 * COLUMN_BYTES));

    const counts = result.groups[0]!.state.counts;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(CYCLES * TABLES * ROWS);
    expect(result.cycles.map((c) => c.counts.length)).toEqual([TABLES, TABLES]);
  });
});

describe("column cache budget", () => {
  it("comes from LH5_BROWSER_COLUMN_CACHE_MB in whole megabytes, else the default", () => {
    expect(columnCacheBytes({})).toBe(DEFAULT_COLUMN_CACHE_MB * 1_000_000);
    expect(columnCacheBytes({ [COLUMN_CACHE_ENV]: " 64 " })).toBe(64_000_000);
    expect(columnCacheBytes({ [COLUMN_CACHE_ENV]: "0" })).toBe(0);
    expect(() => columnCacheBytes({ [COLUMN_CACHE_ENV]: "1.5GB" })).toThrow(
      /LH5_BROWSER_COLUMN_CACHE_MB must be a whole number of megabytes, got '1.5GB'/,
    );
    // a worker cannot ask the user: a typo there means the default (serve says it at start)
    expect(workerColumnCacheBytes({ [COLUMN_CACHE_ENV]: "-3" })).toBe(DEFAULT_COLUMN_CACHE_MB * 1_000_000);
  });
});
