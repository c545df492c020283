import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";
import { initH5 } from "../../../../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../../../../electron/services/lh5/reader.ts";
import { ACCEPTANCE_DIR, PROD_REF_TIER_DIR } from "../../../../fixtures/testdata.ts";
import { P03_DIRS, acceptanceFileDb, pygamaRows, testConfig } from "./helpers.ts";

const PYGAMA_FILEDB = resolve(ACCEPTANCE_DIR, "filedb-prod-ref-l200.lh5");
const tmp = mkdtempSync(join(tmpdir(), "filedb-persist-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface PygamaDump {
  rows: Record<string, unknown>[];
  columns: string[][];
  df_columns: string[];
}
const dump = JSON.parse(
  readFileSync(resolve(ACCEPTANCE_DIR, "filedb-prod-ref-l200.json"), "utf8"),
) as PygamaDump;

async function scanned(dirs: string | string[] = P03_DIRS): Promise<FileDB> {
  const db = await FileDB.create(testConfig(), { scan: false });
  await db.scanFiles(dirs);
  await db.scanTablesColumns();
  return db;
}

describe("FileDB.fromDisk of pygama's file (LH5 + pickled PyTables block)", () => {
  it("reads to the rows pygama read back (filedb-prod-ref-l200.json)", async () => {
    const db = await FileDB.fromDisk(PYGAMA_FILEDB);
    expect(db.columnNames()).toEqual(dump.df_columns);
    expect(db.toJSON().rows).toEqual(dump.rows);
    expect(db.columns).toEqual(dump.columns);
  });

  it("resolves the stored relative data_dir against the file's folder, so paths work from any CWD (§6 item 22)", async () => {
    const db = await FileDB.fromDisk(PYGAMA_FILEDB);
    expect(db.config.dataDir).toBe(PROD_REF_TIER_DIR);
    expect(db.filePath(2, "raw")).toBe(
      resolve(PROD_REF_TIER_DIR, "raw/phy/p03/r001/l200-p03-r001-phy-20230322T160139Z-tier_raw.lh5"),
    );
  });

  it("is what FileDB.create gives for a saved FileDB path, as pygama's FileDB(str)", async () => {
    const db = await FileDB.create(PYGAMA_FILEDB);
    expect(db.toJSON().rows).toEqual(dump.rows);
  });

  it("equals q5's filedb, and answers queries", async () => {
    const db = await FileDB.fromDisk(PYGAMA_FILEDB);
    const q5 = acceptanceFileDb("q5-scan-only.json");
    expect(db.toJSON().rows).toEqual(pygamaRows(q5));
    expect(db.query("type == 'phy'")).toEqual([2, 3]);
  });
});

describe("FileDB.toDisk (pure LH5) and back", () => {
  it("re-reads our own file to identical rows, columns and problems", async () => {
    const db = await scanned();
    const path = join(tmp, "ours.lh5");
    await db.toDisk(path);
    const back = await FileDB.fromDisk(path);
    expect(back.toJSON()).toEqual(db.toJSON());
    expect(back.toJSON().rows).toEqual(dump.rows);
  });

  it("writes LGDO objects any LH5 reader can list: config, data_dir, columns, rows table", async () => {
    const db = await scanned();
    const path = join(tmp, "layout.lh5");
    await db.toDisk(path);
    await initH5();
    const file = Lh5File.open(path);
    try {
      expect(file.keys().sort()).toEqual(["columns", "config", "data_dir", "rows"]);
      const rows = file.read("rows");
      expect(rows.kind).toBe("table");
      expect(file.tableColumns("rows")).toEqual(
        expect.arrayContaining(["timestamp", "raw_file", "raw_tables", "file_status"]),
      );
      const config = file.read("config");
      expect(config.kind === "scalar" && JSON.parse(config.value as string)).toEqual(testConfig());
    } finally {
      file.close();
    }
  });

  it("refuses to overwrite without overwrite: true (pygama's write_safe, test_serialization)", async () => {
    const db = await scanned();
    const path = join(tmp, "twice.lh5");
    await db.toDisk(path);
    await expect(db.toDisk(path)).rejects.toThrow(/exists/);
    await db.toDisk(path, { overwrite: true });
  });

  it("writes and re-reads a FileDB without a table scan (pygama cannot, §6 item 22)", async () => {
    const db = await FileDB.create(testConfig(), { scan: false });
    await db.scanFiles(P03_DIRS);
    const path = join(tmp, "notables.lh5");
    await db.toDisk(path);
    const back = await FileDB.fromDisk(path);
    expect(back.tablesScanned).toBe(false);
    expect(back.toJSON()).toEqual(db.toJSON());
  });

  it("keeps mtimes so a rescan after reading opens no file", async () => {
    const db = await scanned();
    const path = join(tmp, "rescan.lh5");
    await db.toDisk(path);
    const back = await FileDB.fromDisk(path);
    expect(await back.rescan({ dirs: P03_DIRS })).toEqual({ reopened: 0 });
    expect(back.toJSON().rows).toEqual(dump.rows);
  });
});

describe("chaining FileDB files (test_chain_filedbs)", () => {
  it("merges cal and phy FileDBs in either order with the same column lists", async () => {
    const fdb1 = await scanned("cal/p03/r001");
    const fdb2 = await scanned("phy/p03/r001");
    expect(fdb1.columns).toHaveLength(4);
    expect(fdb2.columns).toHaveLength(6);
    expect(fdb1.columns).not.toEqual(fdb2.columns);
    const p1 = join(tmp, "fdb1.lh5");
    const p2 = join(tmp, "fdb2.lh5");
    await fdb1.toDisk(p1);
    await fdb2.toDisk(p2);
    const byFirst = (lists: string[][]) => [...lists].sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    const union = byFirst(
      [...fdb1.columns, ...fdb2.columns].filter(
        (c, i, all) => all.findIndex((d) => d.join() === c.join()) === i,
      ),
    );
    for (const order of [
      [p1, p2],
      [p2, p1],
    ]) {
      const db = await FileDB.fromDisk(order);
      expect(db.nRows).toBe(4);
      expect(byFirst(db.columns)).toEqual(union);
      expect(db.getTableColumns(1084804, "raw", 0)).toEqual(fdb1.getTableColumns(1084804, "raw", 0));
      expect(db.getTableColumns(1084804, "dsp", 0)).toEqual(fdb1.getTableColumns(1084804, "dsp", 0));
      expect(db.getTableColumns(1084804, "dsp", 2)).toEqual(fdb2.getTableColumns(1084804, "dsp", 0));
      expect(db.getTableColumns(1057600, "raw", 2)).toEqual(fdb2.getTableColumns(1057600, "raw", 0));
      expect(db.getTableColumns(1057600, "hit", 2)).toEqual(fdb2.getTableColumns(1057600, "hit", 0));
    }
  });

  it("expands wildcards, and refuses FileDBs of different configs", async () => {
    const db = await FileDB.fromDisk(join(tmp, "fdb?.lh5"));
    expect(db.nRows).toBe(4);
    const other = await FileDB.create({ ...testConfig(), sortby: "run" }, { scan: false });
    await other.scanFiles("cal/p03/r001");
    const p3 = join(tmp, "other.lh5");
    await other.toDisk(p3);
    await expect(FileDB.fromDisk([join(tmp, "fdb1.lh5"), p3])).rejects.toThrow(
      /different configuration files/,
    );
    await expect(FileDB.fromDisk(join(tmp, "nothing-*.lh5"))).rejects.toThrow(/no FileDB file matches/);
  });

  it("chains pygama's file with a copy of itself, dropping the duplicate cycles with a problem", async () => {
    const copy = join(tmp, "copy.lh5");
    copyFileSync(PYGAMA_FILEDB, copy);
    const db = await FileDB.fromDisk([PYGAMA_FILEDB, copy]);
    expect(db.nRows).toBe(4);
    expect(db.problems.filter((p) => /more than one FileDB file/.test(p.reason))).toHaveLength(4);
  });
});
