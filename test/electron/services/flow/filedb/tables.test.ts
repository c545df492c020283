import { describe, expect, it } from "vitest";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";
import { FILEDB_CONFIG } from "../../../../fixtures/testdata.ts";
import { P03_DIRS, acceptanceFileDb, pick, pygamaRows, testConfig } from "./helpers.ts";

async function fullP03(): Promise<FileDB> {
  const db = await FileDB.create(testConfig(), { scan: false });
  await db.scanFiles(P03_DIRS);
  await db.scanTablesColumns();
  return db;
}

describe("FileDB.scanTablesColumns on prod-ref-l200 (pygama test_scan_tables_columns)", () => {
  it("adds the 10 table columns (26 in all) in pygama's order", async () => {
    const db = await fullP03();
    expect(db.columnNames()).toEqual(acceptanceFileDb("q1-hit-cut.json").df_columns);
    expect(db.columnNames()).toHaveLength(26);
  });

  it("finds pygama's 6 column lists of 32, 59, 5, 27, 7 and 2 names", async () => {
    const db = await fullP03();
    expect(db.columns.map((c) => c.length)).toEqual([32, 59, 5, 27, 7, 2]);
    expect(db.columns[0]![0]).toBe("abs_delta_mu_usec");
    expect(db.columns[0]!.at(-1)).toBe("waveform");
    expect(db.columns[1]![0]).toBe("A_max");
    expect(db.columns[1]!.at(-1)).toBe("zacEmax");
    expect(db.columns[5]).toEqual(["row_in_table", "table_key"]);
    expect(db.columns).toEqual(acceptanceFileDb("q1-hit-cut.json").columns);
  });

  it("gives rows equal to pygama's filedb (all 26 columns) of every acceptance query", async () => {
    const db = await fullP03();
    const ours = db.toJSON().rows;
    for (const q of ["q1-hit-cut.json", "q2-tcm-any.json", "q3-outputs-df.json", "q4-no-merge.json"]) {
      const fdb = acceptanceFileDb(q);
      expect(ours).toEqual(pygamaRows(fdb));
      expect(db.columns).toEqual(fdb.columns);
    }
  });

  it("matches q5's full scan on the 4 p03/r001 rows; the extra r000 row (dsp only) is ours on purpose", async () => {
    const db = await FileDB.create(FILEDB_CONFIG);
    await db.scanTablesColumns();
    const q5 = acceptanceFileDb("q5-scan-only.json");
    const rows = db.toJSON().rows;
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ run: "r000", raw_tables: null, dsp_tables: [1104000], file_status: 8 });
    // Row 0 is new, so the tier-major numbering of the column lists shifts: compare the lists pointed at.
    const named = (row: Record<string, unknown>, lists: string[][]) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) =>
          k.endsWith("_col_idx") && Array.isArray(v) ? [k, (v as number[]).map((i) => lists[i])] : [k, v],
        ),
      );
    expect(rows.slice(1).map((r) => named(pick(r, q5.df_columns), db.columns))).toEqual(
      pygamaRows(q5).map((r) => named(r, q5.columns)),
    );
    expect(db.columns).toHaveLength(7); // pygama's 6 plus the r000 dsp table's list
  });

  it("get_table_name / get_table_columns (test_get_table_columns, flow-spec §1.10)", async () => {
    const db = await fullP03();
    expect(db.getTableName("raw", 1084803)).toBe("ch1084803/raw");
    expect(db.getTableName("raw", 5)).toBe("ch0000005/raw");
    expect(db.getTableName("tcm", 0)).toBe("hardware_tcm_1");
    expect(db.getTableName("evt", "all")).toBe("all/evt");
    expect(() => db.getTableName("raw", "x")).toThrow(/Unknown format code 'd'/);
    expect(db.getTableColumns(1084803, "dsp")).toEqual(db.columns[1]);
    expect(db.getTableColumns(1057600, "hit", 2)).toEqual(db.columns[4]);
    expect(db.getTableColumns(0, "evt")).toEqual([]);
    expect(() => db.getTableColumns(1084803, "blah")).toThrow(/no tier 'blah'/);
    expect(() => db.getTableColumns(9999, "raw")).toThrow(/table 9999 is not in tier 'raw'/);
  });

  it("does nothing a second time unless override, and reuses one file per folder with dirFilesConform", async () => {
    const db = await fullP03();
    const progress: number[] = [];
    await db.scanTablesColumns({ onProgress: (p) => progress.push(p.done) });
    expect(progress).toEqual([]);
    await db.scanTablesColumns({
      override: true,
      dirFilesConform: true,
      onProgress: (p) => progress.push(p.done),
    });
    // 4 tiers with files × 2 folders (cal, phy) = 8 files opened instead of 16
    expect(progress.at(-1)).toBe(8);
    expect(db.toJSON().rows).toEqual(pygamaRows(acceptanceFileDb("q1-hit-cut.json")));
  });

  it("reports progress per file and can be cancelled", async () => {
    const db = await FileDB.create(testConfig(), { scan: false });
    await db.scanFiles(P03_DIRS);
    const seen: string[] = [];
    await db.scanTablesColumns({ onProgress: (p) => seen.push(`${p.done}/${p.total}`) });
    expect(seen).toHaveLength(16);
    expect(seen.at(-1)).toBe("16/16");
    const controller = new AbortController();
    controller.abort();
    await expect(db.scanTablesColumns({ override: true, signal: controller.signal })).rejects.toThrow();
  });

  it("gives the same rows through the worker pool, with throttled progress and cancellation", async () => {
    const db = await FileDB.create(testConfig(), { scan: false });
    await db.scanFiles(P03_DIRS);
    const seen: Array<{ done: number; total: number | null }> = [];
    await db.scanTablesColumns({
      workers: 2,
      onProgress: (p) => seen.push({ done: p.done, total: p.total }),
    });
    expect(db.toJSON().rows).toEqual(pygamaRows(acceptanceFileDb("q1-hit-cut.json")));
    expect(db.columns).toEqual(acceptanceFileDb("q1-hit-cut.json").columns);
    // a worker reports at most every 40 ms and after its batch's last file: counts only grow, to 16/16
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.length).toBeLessThanOrEqual(16);
    expect(
      seen.every((p, i) => p.total === 16 && (i === 0 || p.done > (seen[i - 1] as { done: number }).done)),
    ).toBe(true);
    expect(seen.at(-1)).toEqual({ done: 16, total: 16 });
    const controller = new AbortController();
    const scan = db.scanTablesColumns({ override: true, workers: 2, signal: controller.signal });
    controller.abort();
    await expect(scan).rejects.toThrow(/cancel/i);
  });

  it("keeps tables and col_idx aligned when a table is missing (pygama gives [0] and [], §6 item 34)", async () => {
    const base = testConfig();
    const config = { ...base, table_format: { ...(base.table_format as object), tcm: "hardware_tcm_9" } };
    const db = await FileDB.create(config, { scan: false });
    await db.scanFiles("cal/p03/r001");
    await db.scanTablesColumns();
    expect(db.column("tcm_tables")).toEqual([[], []]);
    expect(db.column("tcm_col_idx")).toEqual([[], []]);
    expect(
      db.problems.filter((p) => p.tier === "tcm" && /no table 'hardware_tcm_9'/.test(p.reason)),
    ).toHaveLength(2);
    expect(db.column("raw_tables")).toEqual([
      [1084803, 1084804, 1121600],
      [1084803, 1084804, 1121600],
    ]);
  });

  it("fills tables and columns from the config when both are given, unchecked as in pygama", async () => {
    const config = {
      ...testConfig(),
      tables: { raw: [1084803], dsp: [1084803], hit: [1084803], tcm: [0], evt: ["all"] },
      columns: { raw: ["a"], dsp: ["b"], hit: ["c"], tcm: ["d"], evt: ["e"] },
    };
    const db = await FileDB.create(config);
    expect(db.columns).toEqual([["a"], ["b"], ["c"], ["d"], ["e"]]);
    expect(db.column("evt_col_idx")).toEqual(Array.from({ length: db.nRows }, () => [4]));
  });
});
