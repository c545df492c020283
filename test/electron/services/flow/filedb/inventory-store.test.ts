// The inventory store: a second process opens no file that did not change, and whatever the store holds
// (stale, corrupt, for another config), the FileDB equals a fresh scan.
import { spawn } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FileDB, scanWithStore } from "../../../../../electron/services/flow/filedb/index.ts";
import type { TableJob } from "../../../../../electron/services/flow/filedb/tables.ts";
import { BUILT_CLI } from "../../../../fixtures/built.ts";
import { PROD_REF_TIER_DIR } from "../../../../fixtures/testdata.ts";
import { testConfig } from "./helpers.ts";

// Every file the table scan opens passes through runTableJobs: the spy records them.
const spy = vi.hoisted(() => ({ opened: [] as string[] }));
vi.mock("../../../../../electron/services/flow/filedb/table-jobs.ts", async (importOriginal) => {
  const real =
    await importOriginal<typeof import("../../../../../electron/services/flow/filedb/table-jobs.ts")>();
  return {
    ...real,
    runTableJobs: (jobs: readonly TableJob[], opts: Parameters<typeof real.runTableJobs>[1]) => {
      spy.opened.push(...jobs.map((job) => job.path));
      return real.runTableJobs(jobs, opts);
    },
  };
});

const TIERS = ["raw", "dsp", "hit", "tcm"];
const CYCLES = ["20230318T012144Z", "20230318T012228Z"];
const tierFile = (tier: string, ts: string, type = "cal") =>
  `${tier}/${type}/p03/r001/l200-p03-r001-${type}-${ts}-tier_${tier}.lh5`;

let dataDir: string;
let storeDir: string;
const config = () => ({ ...testConfig(), data_dir: dataDir });

function copyInto(rel: string, as = rel): void {
  mkdirSync(dirname(join(dataDir, as)), { recursive: true });
  copyFileSync(join(PROD_REF_TIER_DIR, rel), join(dataDir, as));
}

/** A scan through the store: the FileDB as JSON, the files opened, and the store. */
async function storedScan() {
  spy.opened.length = 0;
  const { db, store } = await scanWithStore(config(), { storeDir });
  return { json: db.toJSON(), opened: [...spy.opened].sort(), store: store! };
}

/** The same FileDB built without a store (every file opened). */
async function freshScan() {
  const db = await FileDB.create(config());
  await db.scanTablesColumns();
  return db.toJSON();
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "inventory-store-data-"));
  storeDir = mkdtempSync(join(tmpdir(), "inventory-store-"));
  for (const ts of CYCLES) for (const tier of TIERS) copyInto(tierFile(tier, ts));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(storeDir, { recursive: true, force: true });
});

describe("inventory store", () => {
  it("lets the next scan open no file when nothing changed, with the same FileDB", async () => {
    const first = await storedScan();
    expect(first.opened).toHaveLength(8);
    expect(first.store.listed).toBe(8);
    const second = await storedScan();
    expect(second.opened).toEqual([]);
    expect(second.store.reused).toBe(8);
    expect(second.json).toEqual(first.json);
    expect(second.json).toEqual(await freshScan());
  });

  it("opens again exactly the files whose size or mtime changed, and new files", async () => {
    await storedScan();
    const touched = join(dataDir, tierFile("dsp", CYCLES[1]!));
    const later = new Date(Date.now() + 60_000);
    utimesSync(touched, later, later);
    // same name, other content (a phy hit file): a different size
    const replaced = join(dataDir, tierFile("hit", CYCLES[0]!));
    copyFileSync(join(PROD_REF_TIER_DIR, tierFile("hit", "20230322T160139Z", "phy")), replaced);
    // a new cycle (raw and tcm only)
    const added = ["raw", "tcm"].map((tier) => tierFile(tier, "20230319T000000Z"));
    for (const [i, tier] of ["raw", "tcm"].entries()) copyInto(tierFile(tier, CYCLES[0]!), added[i]);

    const after = await storedScan();
    expect(after.opened).toEqual([touched, replaced, ...added.map((rel) => join(dataDir, rel))].sort());
    expect(after.json).toEqual(await freshScan());
    // and the store now knows them: a third scan opens nothing
    expect((await storedScan()).opened).toEqual([]);
  });

  it("drops a removed file from the FileDB and from the store", async () => {
    const { store } = await storedScan();
    const removed = join(dataDir, tierFile("tcm", CYCLES[1]!));
    rmSync(removed);
    const after = await storedScan();
    expect(after.opened).toEqual([]);
    expect(after.json).toEqual(await freshScan());
    expect(after.json.rows[1]!.tcm_tables).toBeNull();
    const saved = JSON.parse(readFileSync(store.path, "utf8")) as { files: [string][] };
    expect(saved.files.map(([path]) => path)).not.toContain(removed);
    expect(saved.files).toHaveLength(7);
  });

  it("ignores a corrupt, cut-short, old or foreign store and rescans everything", async () => {
    const { store } = await storedScan();
    const good = readFileSync(store.path, "utf8");
    const parsed = JSON.parse(good) as { format: number; identity: string; files: unknown[][] };
    const lying = structuredClone(parsed);
    lying.files[0]![4] = [999]; // a column list that does not exist
    const variants = {
      garbage: "\u0000\u0001not json",
      "cut short": good.slice(0, good.length / 2),
      "old format": JSON.stringify({ ...parsed, format: 0 }),
      "another config": JSON.stringify({ ...parsed, identity: '[1,null,"x"]' }),
      "bad column index": JSON.stringify(lying),
      "not an object": "[]",
    };
    const fresh = await freshScan();
    for (const [name, text] of Object.entries(variants)) {
      writeFileSync(store.path, text);
      const after = await storedScan();
      expect(after.opened, name).toHaveLength(8);
      expect(after.json, name).toEqual(fresh);
    }
  });

  it("keeps one whole store when several processes save it at once (write, then rename)", async () => {
    const configPath = join(dataDir, "filedb.json");
    writeFileSync(configPath, JSON.stringify(config()));
    const appData = mkdtempSync(join(tmpdir(), "inventory-store-app-"));
    const scanOnce = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [BUILT_CLI, "filedb", "scan", configPath, "--tables", "--json"],
          {
            env: { ...process.env, LH5_BROWSER_DATA_DIR: appData },
            stdio: ["ignore", "pipe", "inherit"],
          },
        );
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.on("exit", (code) => resolve({ code, out }));
      });
    try {
      const runs = await Promise.all([scanOnce(), scanOnce(), scanOnce()]);
      for (const run of runs) expect(run.code).toBe(0);
      expect(new Set(runs.map((run) => run.out)).size).toBe(1);
      const files = readdirSync(join(appData, "inventory"));
      expect(files).toHaveLength(1); // no temporary file left behind
      const saved = JSON.parse(readFileSync(join(appData, "inventory", files[0]!), "utf8")) as {
        files: unknown[];
      };
      expect(saved.files).toHaveLength(8);
      // a later process answers from that store, with the same output
      expect((await scanOnce()).out).toBe(runs[0]?.out);
    } finally {
      rmSync(appData, { recursive: true, force: true });
    }
  });
});
