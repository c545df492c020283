// A table scan limited to a scope (the cycles and tiers one process reads, issue #19): it opens only those
// files, marks the others as not listed (not as unreadable), and the inventory store keeps what it knew of the
// files left out, so a later full scan still opens only what it has never seen.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  FileDB,
  type TableScope,
  scanWithStore,
} from "../../../../../electron/services/flow/filedb/index.ts";
import type { TableJob } from "../../../../../electron/services/flow/filedb/tables.ts";
import { TableCatalog } from "../../../../../electron/services/flow/loader/sources.ts";
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
const tierFile = (tier: string, ts: string) =>
  `${tier}/cal/p03/r001/l200-p03-r001-cal-${ts}-tier_${tier}.lh5`;

let dataDir: string;
let storeDir: string;
const config = () => ({ ...testConfig(), data_dir: dataDir });

/** The scope of one cycle (by timestamp) and some tiers. */
const scopeOf =
  (timestamp: string, tiers: string[]) =>
  (db: FileDB): TableScope => ({
    rows: (db.column("timestamp") as unknown[]).flatMap((t, row) => (String(t) === timestamp ? [row] : [])),
    tiers,
  });

async function scan(scope?: (db: FileDB) => TableScope) {
  spy.opened.length = 0;
  const { db } = await scanWithStore(config(), { storeDir, ...(scope ? { scope } : {}) });
  return { db, opened: spy.opened.map((p) => p.slice(dataDir.length + 1)).sort() };
}

/** The files the store remembers, relative to the data folder. */
function storedFiles(): string[] {
  const [name] = readdirSync(storeDir);
  const store = JSON.parse(readFileSync(join(storeDir, name!), "utf8")) as { files: [string][] };
  return store.files.map(([path]) => path.slice(dataDir.length + 1)).sort();
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "inventory-scope-data-"));
  storeDir = mkdtempSync(join(tmpdir(), "inventory-scope-store-"));
  for (const ts of CYCLES)
    for (const tier of TIERS) {
      mkdirSync(dirname(join(dataDir, tierFile(tier, ts))), { recursive: true });
      copyFileSync(join(PROD_REF_TIER_DIR, tierFile(tier, ts)), join(dataDir, tierFile(tier, ts)));
    }
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(storeDir, { recursive: true, force: true });
});

describe("a table scan limited to a scope", () => {
  it("opens only the scope's files, with their tables equal to a full scan's", async () => {
    const { db, opened } = await scan(scopeOf(CYCLES[1]!, ["dsp", "hit"]));
    expect(opened).toEqual([tierFile("dsp", CYCLES[1]!), tierFile("hit", CYCLES[1]!)].sort());
    const full = await FileDB.create(config());
    await full.scanTablesColumns();
    const row = (db.column("timestamp") as unknown[]).findIndex((t) => String(t) === CYCLES[1]);
    for (const tier of ["dsp", "hit"]) {
      expect(db.isUnlisted(row, tier)).toBe(false);
      const tables = full.column(`${tier}_tables`)[row] as number[];
      expect(db.column(`${tier}_tables`)[row]).toEqual(tables);
      for (const tb of tables)
        expect(db.getTableColumns(tb, tier, row)).toEqual(full.getTableColumns(tb, tier, row));
    }
    // the files left out are not listed, which is not a failure to read them
    expect(db.isUnlisted(row, "raw")).toBe(true);
    expect(db.isUnlisted(1 - row, "hit")).toBe(true);
    expect(db.problems.filter((p) => p.tier !== "evt")).toEqual([]); // (this tree has no evt folder)
    const catalog = TableCatalog.fromFileDb(db);
    expect(catalog.tables(row, "hit")).toEqual(full.column("hit_tables")[row]);
    expect(() => catalog.tables(row, "raw")).toThrow(
      /not listed: this loader was made for other cycles or tiers/,
    );
  });

  it("lists every file without a scope, as before", async () => {
    const { db, opened } = await scan();
    expect(opened).toHaveLength(8);
    expect(db.unlisted).toBeNull();
    expect(db.isUnlisted(0, "raw")).toBe(false);
  });

  it("leaves the store knowing the scope's files, and a later full scan opens only the others", async () => {
    await scan(scopeOf(CYCLES[0]!, ["raw", "dsp", "hit"]));
    expect(storedFiles()).toEqual(["raw", "dsp", "hit"].map((t) => tierFile(t, CYCLES[0]!)).sort());
    const full = await scan();
    expect(full.opened).toEqual(
      [tierFile("tcm", CYCLES[0]!), ...TIERS.map((t) => tierFile(t, CYCLES[1]!))].sort(),
    );
    expect(storedFiles()).toHaveLength(8);
  });

  it("keeps the store's other files through a scoped scan, but drops one that changed", async () => {
    await scan();
    const changed = join(dataDir, tierFile("tcm", CYCLES[1]!));
    utimesSync(changed, new Date(2001, 0, 1), new Date(2001, 0, 1));
    const scoped = await scan(scopeOf(CYCLES[0]!, ["hit"]));
    expect(scoped.opened).toEqual([]); // answered from the store
    expect(storedFiles()).toEqual(
      TIERS.flatMap((t) => CYCLES.map((c) => tierFile(t, c)))
        .filter((f) => f !== tierFile("tcm", CYCLES[1]!))
        .sort(),
    );
    const full = await scan();
    expect(full.opened).toEqual([tierFile("tcm", CYCLES[1]!)]);
  });

  it("lists an unlisted file when a rescan finds it changed, and keeps an unchanged one unlisted", async () => {
    const { db } = await scan(scopeOf(CYCLES[0]!, ["hit"]));
    const row = (db.column("timestamp") as unknown[]).findIndex((t) => String(t) === CYCLES[1]);
    utimesSync(join(dataDir, tierFile("dsp", CYCLES[1]!)), new Date(2001, 0, 1), new Date(2001, 0, 1));
    spy.opened.length = 0;
    const { reopened } = await db.rescan();
    expect(reopened).toBe(1);
    expect(db.isUnlisted(row, "dsp")).toBe(false);
    expect((db.column("dsp_tables")[row] as number[]).length).toBeGreaterThan(0);
    expect(db.isUnlisted(row, "raw")).toBe(true);
  });
});
