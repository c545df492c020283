// A cold `lh5-browser load` lists only the tables of the files it reads (issue #19): the selected cycles, the
// tiers of the levels its selection touches. Its results equal those of a loader over a full table scan, and
// pygama's acceptance outputs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { selectionScope } from "../../../electron/cli/commands/load-scope.ts";
import { tableToJson } from "../../../electron/cli/commands/load.ts";
import { FileDB } from "../../../electron/services/flow/filedb/index.ts";
import { DataLoader, standardLevels } from "../../../electron/services/flow/loader/index.ts";
import { BUILT_CLI } from "../../fixtures/built.ts";
import { FILEDB_CONFIG } from "../../fixtures/testdata.ts";
import { pygamaOutput, pygamaValues } from "../services/flow/loader/acceptance-helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "cli-load-scope-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const LOAD_CUT = [
  "--channels",
  "1084803,1084804,1121600",
  "--cut",
  "hit:trapEmax > 5000",
  "--columns",
  "trapEmax,timestamp",
];
const TCM_ANY = [
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
];

/** The built CLI as a first process (a fresh data folder, so no inventory store): its JSON and what it listed. */
function coldLoad(args: string[]): { columns: Record<string, unknown[]>; listed: string[]; stderr: string } {
  const dataDir = mkdtempSync(join(tmp, "data-"));
  const run = spawnSync(process.execPath, [BUILT_CLI, "load", FILEDB_CONFIG, ...args, "--json"], {
    encoding: "utf8",
    env: { ...process.env, LH5_BROWSER_DATA_DIR: dataDir },
  });
  expect(run.status, run.stderr).toBe(0);
  // the store records exactly the files this process opened to list their tables
  const storeDir = join(dataDir, "inventory");
  const [name] = readdirSync(storeDir);
  const store = JSON.parse(readFileSync(join(storeDir, name!), "utf8")) as { files: [string][] };
  return {
    columns: JSON.parse(run.stdout) as Record<string, unknown[]>,
    listed: store.files.map(([path]) => basename(path)).sort(),
    stderr: run.stderr,
  };
}

/** The same selection through a loader whose FileDB listed every file's tables. */
async function fullScanLoad(
  files: string | string[],
  setup: (dl: DataLoader) => void,
  opts: Parameters<DataLoader["load"]>[0],
): Promise<{ columns: Record<string, unknown[]>; stderr: string }> {
  const db = await FileDB.create(FILEDB_CONFIG);
  await db.scanTablesColumns();
  expect(db.unlisted).toBeNull();
  const dl = await DataLoader.create(null, db);
  try {
    dl.setFiles(files);
    setup(dl);
    dl.setOutput({ mergeFiles: true });
    const result = await dl.load(opts);
    return {
      columns: JSON.parse(tableToJson(result.table!)) as Record<string, unknown[]>,
      stderr: result.warnings.map((w) => `warning: ${w}\n`).join(""),
    };
  } finally {
    dl.close();
  }
}

describe("cold load lists only what it reads", () => {
  it("one cycle: opens that cycle's raw, dsp and hit files only", async () => {
    const cycle = "20230318T012144Z";
    const args = ["--files", cycle, "--channels", "1084803", "--columns", "trapEmax"];
    const { columns, listed, stderr } = coldLoad(args);
    expect(listed).toEqual(
      ["raw", "dsp", "hit"].map((t) => `l200-p03-r001-cal-${cycle}-tier_${t}.lh5`).sort(),
    );
    const full = await fullScanLoad(
      [cycle],
      (dl) => {
        dl.setDatastreams([1084803]);
        dl.setOutput({ columns: ["trapEmax"], mergeFiles: true });
      },
      {},
    );
    expect(columns).toEqual(full.columns);
    expect(stderr).toBe(full.stderr); // the same warnings (a cycle without a raw file is skipped)
  });

  it("load-cut: no tcm file opened, results equal the full-scan loader's and pygama's q1", async () => {
    const { columns, listed, stderr } = coldLoad(LOAD_CUT);
    expect(listed.some((f) => f.endsWith("tier_tcm.lh5"))).toBe(false);
    expect(listed.filter((f) => f.endsWith("tier_hit.lh5"))).toHaveLength(4);
    const full = await fullScanLoad(
      "all",
      (dl) => {
        dl.setDatastreams([1084803, 1084804, 1121600]);
        dl.setCuts({ hit: "trapEmax > 5000" });
        dl.setOutput({ columns: ["trapEmax", "timestamp"], mergeFiles: true });
      },
      {},
    );
    expect(columns).toEqual(full.columns);
    expect(stderr).toBe(full.stderr); // the same warnings (a cycle without a raw file is skipped)
    const q1 = pygamaOutput("q1-hit-cut");
    const expected = (q1.data as { fields: Record<string, { data: unknown[] }> }).fields;
    for (const name of ["trapEmax", "timestamp", "hit_table", "hit_idx"])
      expect(columns[name], name).toEqual(pygamaValues(expected[name]!));
  });

  it("tcm-any: only the phy cycles' files, results equal the full-scan loader's and pygama's q2", async () => {
    const { columns, listed, stderr } = coldLoad(TCM_ANY);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((f) => f.includes("-phy-"))).toBe(true);
    expect(listed.filter((f) => f.endsWith("tier_tcm.lh5"))).toHaveLength(2);
    const full = await fullScanLoad(
      "type == 'phy'",
      (dl) => {
        dl.setCuts({ hit: "daqenergy == 10221" });
        dl.setOutput({ columns: ["daqenergy", "channel"], mergeFiles: true });
      },
      { tcmLevel: "tcm", mode: "any" },
    );
    expect(columns).toEqual(full.columns);
    expect(stderr).toBe(full.stderr); // the same warnings (a cycle without a raw file is skipped)
    const q2 = pygamaOutput("q2-tcm-any");
    const expected = (q2.data as { fields: Record<string, { data: unknown[] }> }).fields;
    for (const [name, field] of Object.entries(expected))
      if (name !== "file") expect(columns[name], name).toEqual(pygamaValues(field));
  });
});

describe("selectionScope", () => {
  const base = { cuts: [] as string[], orientation: "hit" as const };
  async function walked(): Promise<FileDB> {
    return FileDB.create(FILEDB_CONFIG); // walked, no table listed
  }

  it("takes the rows of timestamps, a query or 'all', and the first level's tiers", async () => {
    const db = await walked();
    const levels = standardLevels(db.tiers);
    const timestamps = db.column("timestamp") as unknown[];
    const one = selectionScope({ ...base, files: ["20230322T160139Z"] }, db, levels)!;
    expect(one.rows.map((r) => timestamps[r])).toEqual(["20230322T160139Z"]);
    expect(one.tiers).toEqual(["raw", "dsp", "hit"]);
    expect(selectionScope({ ...base, files: "type == 'phy'" }, db, levels)!.rows).toEqual(
      db.query("type == 'phy'"),
    );
    expect(selectionScope({ ...base, files: "all" }, db, levels)!.rows).toHaveLength(db.nRows);
  });

  it("adds every level's tiers with a TCM level, evt orientation or a cut without a level", async () => {
    const db = await walked();
    const levels = standardLevels(db.tiers);
    const every = levels.flatMap((l) => l.tiers).filter((t) => db.tiers.includes(t));
    expect(selectionScope({ ...base, files: "all", tcmLevel: "tcm" }, db, levels)!.tiers.toSorted()).toEqual(
      [...new Set(every)].sort(),
    );
    expect(selectionScope({ ...base, files: "all", orientation: "evt" }, db, levels)!.tiers).toContain("tcm");
    expect(selectionScope({ ...base, files: "all", cuts: ["trapEmax > 5"] }, db, levels)!.tiers).toContain(
      "tcm",
    );
    expect(selectionScope({ ...base, files: "all", cuts: ["hit: trapEmax > 5"] }, db, levels)!.tiers).toEqual(
      ["raw", "dsp", "hit"],
    );
  });

  it("adds a cycle with a file of each tier when the selection has none (its columns stay known)", async () => {
    const db = await walked();
    const levels = standardLevels(db.tiers);
    const timestamps = db.column("timestamp") as unknown[];
    const empty = selectionScope({ ...base, files: "type == 'nothing'" }, db, levels)!;
    expect(empty.rows.length).toBeGreaterThan(0);
    // the dsp-only cycle: the first cycle with raw and hit files joins it
    const dspOnly = selectionScope({ ...base, files: ["20230311T235840Z"] }, db, levels)!;
    expect(dspOnly.rows.map((r) => timestamps[r])).toEqual(["20230311T235840Z", "20230318T012144Z"]);
  });

  it("an empty selection fails or passes as after a full scan (a known column is not unknown)", () => {
    const dataDir = mkdtempSync(join(tmp, "data-"));
    const args = ["load", FILEDB_CONFIG, "--files", "type == 'nothing'", "--cut", "hit:cuspEmax_ctc_cal > 5"];
    const run = spawnSync(process.execPath, [BUILT_CLI, ...args, "--columns", "trapEmax", "--json"], {
      encoding: "utf8",
      env: { ...process.env, LH5_BROWSER_DATA_DIR: dataDir },
    });
    expect(run.stderr).not.toMatch(/unknown column/i);
    expect(run.status, run.stderr).toBe(0);
  });

  it("lists every file when the selection cannot be known before listing", async () => {
    const db = await walked();
    const levels = standardLevels(db.tiers);
    expect(selectionScope({ ...base, files: ["20990101T000000Z"] }, db, levels)).toBeUndefined();
    expect(selectionScope({ ...base, files: "hit_tables == 3" }, db, levels)).toBeUndefined();
  });
});
