// @vitest-environment node
// A production tree whose raw files are archived (the FileDB config still names the raw tier) and whose
// newest cycle's dsp and hit files lack a channel the TCM still names: the standard levels (hit = raw, dsp,
// hit) must still count and histogram, in the DataLoader and in the exploration engine's workers alike,
// and the TCM hits of the table no tier has are dropped with one warning, as pygama drops them.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatasetInfo } from "../../../../../shared/api/types.ts";
import { ExplorationContext } from "../../../../../electron/services/app/exploration/context.ts";
import { SelectionEngine } from "../../../../../electron/services/app/exploration/engine.ts";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";
import { DataLoader } from "../../../../../electron/services/flow/loader/index.ts";
import { initH5 } from "../../../../../electron/services/lh5/h5.ts";
import { PROD_REF_TIER_DIR } from "../../../../fixtures/testdata.ts";
import { runH5py } from "../../../../fixtures/h5py.ts";

const tmp = mkdtempSync(join(tmpdir(), "loader-archived-raw-"));
const CYCLE = "20230322T170202Z";
const GONE = 1057600;

/** dsp, hit and tcm of p03/r001 as links (no raw); the CYCLE's dsp and hit as copies without ch GONE. */
function makeTree(): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  const edited: string[] = [];
  for (const file of walk(PROD_REF_TIER_DIR)) {
    const rel = relative(PROD_REF_TIER_DIR, file);
    if (!/\/p03\/r001\//.test(rel) || rel.startsWith("raw/")) continue;
    const target = join(tmp, rel);
    mkdirSync(dirname(target), { recursive: true });
    if ((rel.startsWith("dsp/") || rel.startsWith("hit/")) && rel.includes(CYCLE)) {
      copyFileSync(file, target);
      edited.push(target);
    } else symlinkSync(file, target);
  }
  runH5py(
    `import h5py, sys\nfor path in sys.argv[1:]:\n    with h5py.File(path, "r+") as f:\n        del f["ch${GONE}"]\n`,
    edited,
  );
}

const FILEDB = {
  data_dir: tmp,
  tier_dirs: { raw: "/raw", dsp: "/dsp", hit: "/hit", tcm: "/tcm" },
  file_format: Object.fromEntries(
    ["raw", "dsp", "hit", "tcm"].map((t) => [
      t,
      `/{type}/{period}/{run}/{exp}-{period}-{run}-{type}-{timestamp}-tier_${t}.lh5`,
    ]),
  ),
  table_format: {
    raw: "ch{ch:07d}/raw",
    dsp: "ch{ch:07d}/dsp",
    hit: "ch{ch:07d}/hit",
    tcm: "hardware_tcm_1",
  },
};

const CUT = "trapEmax > 1000";
let db: FileDB;
let standard: DataLoader;
/** The same files with a hit level that never names raw: what the standard levels must give. */
let withoutRaw: DataLoader;

beforeAll(async () => {
  makeTree();
  await initH5();
  db = await FileDB.create(FILEDB);
  await db.scanTablesColumns();
  standard = await DataLoader.create(null, db);
  withoutRaw = await DataLoader.create(
    {
      levels: {
        hit: { tiers: ["dsp", "hit"] },
        tcm: {
          tiers: ["tcm"],
          parent: "hit",
          child: "evt",
          tcm_cols: { child_idx: "coin_idx", parent_tb: "table_key", parent_idx: "row_in_table" },
        },
      },
    },
    db,
  );
});

afterAll(() => {
  standard?.close();
  withoutRaw?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function select(loader: DataLoader, cut: string | null): DataLoader {
  loader.reset();
  loader.setFiles("all");
  if (cut !== null) loader.setCuts({ hit: cut });
  return loader;
}

describe("raw files archived", () => {
  it("the standard levels list each cycle's tables from its dsp files: entries as without raw", async () => {
    expect(standard.levels[0]!.tiers).toEqual(["raw", "dsp", "hit"]);
    for (const cut of [null, CUT]) {
      const got = await select(standard, cut).buildEntryList({ parallel: false });
      const expected = await select(withoutRaw, cut).buildEntryList({ parallel: false });
      expect(got.length).toBeGreaterThan(0);
      expect([...got.file]).toEqual([...expected.file]);
      expect([...got.idx]).toEqual([...expected.idx]);
      expect(got.tableIds).toEqual(expected.tableIds);
    }
  });

  it("the exploration engine counts and histograms in the workers as the loader builds", async () => {
    const info = {
      id: "archived-raw",
      sourceKind: "filedb-config",
      sourcePath: tmp,
      dataDir: tmp,
      levels: [],
    } as unknown as DatasetInfo;
    const ctx = new ExplorationContext(info, { db } as unknown as ConstructorParameters<
      typeof ExplorationContext
    >[1]);
    const engine = new SelectionEngine(ctx);
    const selection = engine.select({ rows: [], channels: [], cuts: { hit: CUT } });
    expect(engine.workerPlan(selection, [])).not.toBeNull();
    const count = await engine.count(selection, {});
    const expected = await select(withoutRaw, CUT).buildEntryList({ parallel: false });
    expect(count.total).toBe(expected.length);
    const hist = await engine.histogram1d(
      selection,
      { selection: selection.request, column: "trapEmax", bins: 20 },
      {},
    );
    expect(hist.series[0]!.stats.entries).toBe(expected.length);
  });
});

describe("TCM hits of a table no tier has", () => {
  it("are dropped, once said, and the other cycles keep that table", async () => {
    const entries = await select(standard, null).buildEntryList({ tcmLevel: "tcm", parallel: false });
    const cycleRow = db.query(`timestamp == '${CYCLE}'`)[0]!;
    const otherRow = db.query(`type == 'phy' and timestamp != '${CYCLE}'`)[0]!;
    const tableAt = (i: number) => entries.tableIds[entries.tableCode[i]!];
    const rowsWith = (row: number) =>
      [...entries.file.keys()].filter((i) => entries.file[i] === row && tableAt(i) === GONE).length;
    expect(rowsWith(cycleRow)).toBe(0);
    expect(rowsWith(otherRow)).toBeGreaterThan(0);
    const said = standard.warnings.filter((w) =>
      /TCM hits of tables that no .* file has are dropped/.test(w),
    );
    expect(said).toHaveLength(1);
  });
});
