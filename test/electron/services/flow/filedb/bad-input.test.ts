import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";
import { PROD_REF_TIER_DIR } from "../../../../fixtures/testdata.ts";
import { testConfig } from "./helpers.ts";

const CAL = "cal/p03/r001";
const GOOD_TS = ["20230318T012144Z", "20230318T012228Z"];
const tierFile = (tier: string, ts: string, run = "r001") =>
  `${tier}/cal/p03/${run}/l200-p03-${run}-cal-${ts}-tier_${tier}.lh5`;

let root: string;

function copyInto(dest: string, rel: string, as = rel): void {
  mkdirSync(dirname(join(dest, as)), { recursive: true });
  copyFileSync(join(PROD_REF_TIER_DIR, rel), join(dest, as));
}

/** Two good cal cycles, plus a corrupt dsp file, a truncated hit file, a stray README and a bad name. */
function buildTree(dest: string): void {
  for (const ts of GOOD_TS)
    for (const tier of ["raw", "dsp", "hit", "tcm"]) copyInto(dest, tierFile(tier, ts));
  // a third cycle whose raw is fine but whose dsp is garbage and whose hit is cut short
  copyInto(dest, tierFile("raw", GOOD_TS[0]!), tierFile("raw", "20230318T020000Z"));
  writeFileSync(join(dest, tierFile("dsp", "20230318T020000Z")), "this is not HDF5\n".repeat(100));
  const hit = readFileSync(join(PROD_REF_TIER_DIR, tierFile("hit", GOOD_TS[0]!)));
  writeFileSync(join(dest, tierFile("hit", "20230318T020000Z")), hit.subarray(0, 5000));
  writeFileSync(join(dest, "raw", CAL, "README.txt"), "notes\n");
  writeFileSync(join(dest, "raw", CAL, "l200-p03-r001-cal-20230318T020000Z-tier_raw.lh5.bak"), "x");
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "filedb-bad-"));
  buildTree(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("FileDB on bad input: the scan finishes, lists every problem, loses no good row", () => {
  it("reports files that match no template and keeps the good cycles", async () => {
    const db = await FileDB.create({ ...testConfig(), data_dir: root });
    expect(db.column("timestamp")).toEqual(["20230318T012144Z", "20230318T012228Z", "20230318T020000Z"]);
    expect([...(db.column("file_status") as Float64Array)]).toEqual([30, 30, 28]);
    const reasons = db.problems.map((p) => `${p.file.split("/").pop() ?? ""}: ${p.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^README\.txt: does not match template/),
        expect.stringMatching(/tier_raw\.lh5\.bak: does not match template/),
        expect.stringMatching(/^evt: tier folder does not exist/),
      ]),
    );
  });

  it("lists the corrupt and the truncated file with HDF5's reason and keeps every good table", async () => {
    const db = await FileDB.create({ ...testConfig(), data_dir: root });
    await db.scanTablesColumns();
    const rows = db.toJSON().rows;
    expect(rows[0]!.dsp_tables).toEqual([1084803, 1084804, 1121600]);
    expect(rows[1]!.hit_tables).toEqual([1084803, 1084804, 1121600]);
    expect(rows[2]!.raw_tables).toEqual([1084803, 1084804, 1121600]);
    expect(rows[2]!.dsp_tables).toBeNull();
    expect(rows[2]!.hit_tables).toBeNull();
    const dsp = db.problems.find((p) => p.tier === "dsp" && p.file.includes("20230318T020000Z"));
    const hit = db.problems.find((p) => p.tier === "hit" && p.file.includes("20230318T020000Z"));
    expect(dsp?.reason).toMatch(/signature|not HDF5|open/i);
    expect(hit?.reason).toMatch(/truncated|eof|open/i);
    expect(db.columns.map((c) => c.length)).toEqual([32, 59, 27, 2]);
  });

  it("reports a missing sub-folder and a missing data_dir without throwing", async () => {
    const db = await FileDB.create({ ...testConfig(), data_dir: root }, { scan: false });
    await db.scanFiles(["cal/p03/r001", "cal/p99/nowhere"]);
    expect(db.nRows).toBe(3);
    const nowhere = db.problems.find((p) => p.file === "cal/p99/nowhere");
    expect(nowhere?.reason).toMatch(/folder not found/);
    await db.scanFiles(["cal/p03/r001"]);
    expect(db.problems.filter((p) => p.file.endsWith("README.txt"))).toHaveLength(1);
    const missing = await FileDB.create({ ...testConfig(), data_dir: join(root, "no-such-dir") });
    expect(missing.nRows).toBe(0);
    expect(missing.problems.filter((p) => /tier folder does not exist/.test(p.reason))).toHaveLength(5);
    expect(missing.problems.some((p) => /no file in any tier matched/.test(p.reason))).toBe(true);
  });

  it("reports a name that matches only loosely (case, padding) instead of pointing at a missing file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "filedb-case-"));
    try {
      copyInto(
        dir,
        tierFile("raw", GOOD_TS[0]!),
        "raw/cal/p03/r001/L200-p03-r001-cal-20230318T012144Z-tier_RAW.lh5",
      );
      const db = await FileDB.create({ ...testConfig(), data_dir: dir });
      expect(db.nRows).toBe(0);
      expect(db.problems[0]?.reason).toMatch(/only loosely/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("FileDB.rescan re-opens only changed files", () => {
  it("opens nothing when nothing changed, one file after a touch, and the new files of a new cycle", async () => {
    const dir = mkdtempSync(join(tmpdir(), "filedb-rescan-"));
    try {
      for (const ts of GOOD_TS)
        for (const tier of ["raw", "dsp", "hit", "tcm"]) copyInto(dir, tierFile(tier, ts));
      const db = await FileDB.create({ ...testConfig(), data_dir: dir });
      await db.scanTablesColumns();
      const before = db.toJSON().rows;
      expect(await db.rescan()).toEqual({ reopened: 0 });
      expect(db.toJSON().rows).toEqual(before);

      const later = new Date(Date.now() + 60_000);
      utimesSync(join(dir, tierFile("dsp", GOOD_TS[1]!)), later, later);
      expect(await db.rescan()).toEqual({ reopened: 1 });
      expect(db.toJSON().rows).toEqual(before);

      for (const tier of ["raw", "tcm"])
        copyInto(dir, tierFile(tier, GOOD_TS[0]!), tierFile(tier, "20230319T000000Z"));
      rmSync(join(dir, tierFile("hit", GOOD_TS[0]!)));
      expect(await db.rescan()).toEqual({ reopened: 2 });
      const rows = db.toJSON().rows;
      expect(rows).toHaveLength(3);
      expect(rows[0]!.hit_tables).toBeNull();
      expect(rows[0]!.file_status).toBe(26); // raw + dsp + tcm: the seed's example value
      expect(rows[2]).toMatchObject({ timestamp: "20230319T000000Z", file_status: 18, tcm_tables: [0] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
