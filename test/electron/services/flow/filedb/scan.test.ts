import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileDB, toDatetime, toUnixtime } from "../../../../../electron/services/flow/filedb/index.ts";
import { ExpressionError } from "../../../../../shared/query/index.ts";
import { FILEDB_CONFIG } from "../../../../fixtures/testdata.ts";
import { BASIC_COLUMNS, P03_DIRS, acceptanceFileDb, pick, pygamaRows, testConfig } from "./helpers.ts";

const TIMESTAMPS = ["20230318T012144Z", "20230318T012228Z", "20230322T160139Z", "20230322T170202Z"];

async function p03FileDb(): Promise<FileDB> {
  const db = await FileDB.create(testConfig(), { scan: false });
  await db.scanFiles(P03_DIRS);
  return db;
}

describe("FileDB.scanFiles on prod-ref-l200 (pygama test_filedb_basics)", () => {
  it("has pygama's column list", async () => {
    const db = await p03FileDb();
    expect(db.columnNames()).toEqual(BASIC_COLUMNS);
    expect(db.keyNames).toEqual(["exp", "period", "run", "timestamp", "type"]);
    expect(db.tiers).toEqual(["raw", "dsp", "hit", "tcm", "evt"]);
  });

  it("gives pygama's 4 rows with the same sizes and file_status 30", async () => {
    const db = await p03FileDb();
    expect(db.nRows).toBe(4);
    expect(db.column("timestamp")).toEqual(TIMESTAMPS);
    expect(db.column("type")).toEqual(["cal", "cal", "phy", "phy"]);
    expect([...(db.column("raw_size") as Float64Array)]).toEqual([874456, 874456, 1747968, 1747968]);
    expect([...(db.column("dsp_size") as Float64Array)]).toEqual([484864, 484864, 601440, 601440]);
    expect([...(db.column("hit_size") as Float64Array)]).toEqual([224776, 224776, 388368, 388368]);
    expect([...(db.column("tcm_size") as Float64Array)]).toEqual([28672, 28672, 28672, 28672]);
    expect([...(db.column("evt_size") as Float64Array)]).toEqual([0, 0, 0, 0]);
    expect([...(db.column("file_status") as Float64Array)]).toEqual([30, 30, 30, 30]);
    expect(db.column("evt_file")).toEqual(
      TIMESTAMPS.map((ts, i) => {
        const type = i < 2 ? "cal" : "phy";
        return `/${type}/p03/r001/l200-p03-r001-${type}-${ts}-tier_evt.lh5`;
      }),
    );
  });

  it("equals the first 16 columns of pygama's filedb in every acceptance query", async () => {
    const db = await p03FileDb();
    const ours = db.toJSON().rows.map((r) => pick(r, BASIC_COLUMNS));
    for (const q of ["q1-hit-cut.json", "q2-tcm-any.json", "q3-outputs-df.json", "q4-no-merge.json"]) {
      expect(ours).toEqual(pygamaRows(acceptanceFileDb(q), BASIC_COLUMNS));
    }
  });

  it("accepts one folder as a plain string (test_chain_filedbs) and merges a second scan instead of duplicating", async () => {
    const db = await FileDB.create(testConfig(), { scan: false });
    await db.scanFiles("cal/p03/r001");
    expect(db.nRows).toBe(2);
    await db.scanFiles("cal/p03/r001");
    expect(db.nRows).toBe(2); // pygama appends the same rows again (4)
    await db.scanFiles("phy/p03/r001");
    expect(db.column("timestamp")).toEqual(TIMESTAMPS);
  });

  it("re-stats with setFileStatus / setFileSizes without changing correct rows", async () => {
    const db = await p03FileDb();
    const before = db.toJSON().rows;
    db.setFileStatus();
    db.setFileSizes();
    expect(db.toJSON().rows).toEqual(before);
  });
});

describe("FileDB full scan: every tier, not only the lowest (deliberate difference, flow-spec §6)", () => {
  it("finds the dsp-only r000 cycle that pygama misses, and keeps pygama's 4 rows", async () => {
    const db = await FileDB.create(FILEDB_CONFIG);
    expect(db.nRows).toBe(5);
    const rows = db.toJSON().rows;
    // sorted by time: the r000 cycle (2023-03-11) comes first
    expect(pick(rows[0]!, ["run", "timestamp", "type", "file_status", "raw_size", "dsp_size"])).toEqual({
      run: "r000",
      timestamp: "20230311T235840Z",
      type: "cal",
      file_status: 8, // only dsp: bit 3 of raw,dsp,hit,tcm,evt
      raw_size: 0,
      dsp_size: 2582399,
    });
    const q5 = pygamaRows(acceptanceFileDb("q5-scan-only.json"), BASIC_COLUMNS);
    expect(rows.slice(1).map((r) => pick(r, BASIC_COLUMNS))).toEqual(q5);
  });

  it("reports the p14 raw file whose folder says r005 and name r004, with the reason", async () => {
    const db = await FileDB.create(FILEDB_CONFIG);
    const p14 = db.problems.find((p) => p.file.endsWith("l200-p14-r004-cal-20250606T010224Z-tier_raw.lh5"));
    expect(p14).toMatchObject({ tier: "raw" });
    expect(p14?.reason).toMatch(/field 'run' is 'r005' in one place and 'r004' in another/);
    expect(db.column("period")).not.toContain("p14");
    // the evt tier has no folder at all: reported, not fatal
    expect(db.problems.some((p) => p.tier === "evt" && /tier folder does not exist/.test(p.reason))).toBe(
      true,
    );
  });

  it("resolves the config's relative data_dir against its folder ($_), not the CWD (§6 item 21)", async () => {
    const db = await FileDB.create(FILEDB_CONFIG, { scan: false });
    expect(db.config.dataDir).toMatch(/testdata\/prod-ref-l200\/generated\/tier$/);
    expect(db.filePath(0, "raw")).toBeNull(); // no rows yet
  });
});

describe("FileDB.query (shared/query)", () => {
  it("selects rows with pandas-style expressions", async () => {
    const db = await p03FileDb();
    expect(db.query("type == 'cal'")).toEqual([0, 1]);
    expect(db.query("type == 'cal' and run in ['r001', 'r002']")).toEqual([0, 1]);
    expect(db.query("timestamp > '20230318T020000Z'")).toEqual([2, 3]);
    expect(db.query("file_status == 30 and not (type == 'phy')")).toEqual([0, 1]);
    expect(db.query("file_status == 26")).toEqual([]);
    expect(db.query("raw_size > 1000000")).toEqual([2, 3]);
    expect(db.query("timestamp == '20230318T012144Z'")).toEqual([0]);
    expect(db.query("all")).toEqual([0, 1, 2, 3]);
  });

  it("gives errors with positions, and lists the columns for an unknown one", async () => {
    const db = await p03FileDb();
    expect(() => db.query("type == ")).toThrow(ExpressionError);
    let caught: unknown = null;
    try {
      db.query("type == 'cal' and (run");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect((caught as ExpressionError).position).toBeGreaterThan(10);
    expect(() => db.query("tpye == 'cal'")).toThrow(/Unknown column 'tpye'.*type/s);
  });
});

describe("FileDB.scanDaqFiles", () => {
  it("adds cycles from DAQ names, fills every tier from the keys, and reports stray files instead of crashing", async () => {
    const daq = mkdtempSync(join(tmpdir(), "filedb-daq-"));
    try {
      mkdirSync(join(daq, "cal"), { recursive: true });
      writeFileSync(join(daq, "cal", "l200-p03-r001-cal-20230318T012228Z.orca"), "");
      writeFileSync(join(daq, "cal", "README"), "");
      const db = await FileDB.create(testConfig(), { scan: false });
      db.scanDaqFiles(daq, "/{kind}/{exp}-{period}-{run}-{kind}-{timestamp}.orca");
      expect(db.nRows).toBe(0);
      expect(db.problems.some((p) => /gives no/.test(p.reason))).toBe(true);
      db.scanDaqFiles(daq, "/{type}/{exp}-{period}-{run}-{type}-{timestamp}.orca");
      expect(db.nRows).toBe(1);
      expect(db.toJSON().rows[0]).toMatchObject({
        timestamp: "20230318T012228Z",
        file_status: 30,
        raw_size: 874456,
      });
      expect(db.problems.some((p) => p.file.endsWith("README"))).toBe(true);
    } finally {
      rmSync(daq, { recursive: true, force: true });
    }
  });
});

describe("filePath", () => {
  it("joins data_dir, the tier dir and the file name (flow-spec §1.3)", async () => {
    const db = await p03FileDb();
    expect(db.filePath(0, "dsp")).toMatch(
      /prod-ref-l200\/generated\/tier\/dsp\/cal\/p03\/r001\/l200-p03-r001-cal-20230318T012144Z-tier_dsp\.lh5$/,
    );
  });
});

describe("to_datetime / to_unixtime (test_flow_utils)", () => {
  it("converts cycle keys", () => {
    expect(toDatetime("20220716T105236Z").toISOString()).toBe("2022-07-16T10:52:36.000Z");
    expect(toUnixtime("20220716T105236Z")).toBe(1657968756);
    expect(() => toDatetime("2022-07-16")).toThrow(/Could not parse '2022-07-16' as a datetime object/);
    expect(() => toDatetime("20230230T000000Z")).toThrow(/Could not parse/);
  });
});
