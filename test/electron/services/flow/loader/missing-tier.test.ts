// A cycle whose file of one tier is missing: clear warnings, NaN where its columns would be, never a crash
// and never another cycle's values.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";
import { DataLoader } from "../../../../../electron/services/flow/loader/index.ts";
import { initH5 } from "../../../../../electron/services/lh5/h5.ts";
import { DATALOADER_CONFIG, PROD_REF_TIER_DIR } from "../../../../fixtures/testdata.ts";
import { plainValues, testFileDb } from "./acceptance-helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "loader-missing-"));
const MISSING = "20230322T170202Z";

/** Links of the p03/r001 files, without the dsp file of one phy cycle. */
function linkTree(): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  for (const file of walk(PROD_REF_TIER_DIR)) {
    const rel = relative(PROD_REF_TIER_DIR, file);
    if (!/\/p03\/r001\//.test(rel) || (rel.startsWith("dsp/") && rel.includes(MISSING))) continue;
    mkdirSync(dirname(join(tmp, rel)), { recursive: true });
    symlinkSync(file, join(tmp, rel));
  }
}

let dl: DataLoader;
beforeAll(async () => {
  linkTree();
  await initH5();
  const db = await FileDB.create({
    data_dir: tmp,
    tier_dirs: { raw: "/raw", dsp: "/dsp", hit: "/hit", tcm: "/tcm", evt: "/evt" },
    file_format: Object.fromEntries(
      ["raw", "dsp", "hit", "tcm", "evt"].map((t) => [
        t,
        `/{type}/{period}/{run}/{exp}-{period}-{run}-{type}-{timestamp}-tier_${t}.lh5`,
      ]),
    ),
    table_format: {
      raw: "ch{ch:07d}/raw",
      dsp: "ch{ch:07d}/dsp",
      hit: "ch{ch:07d}/hit",
      evt: "{grp}/evt",
      tcm: "hardware_tcm_1",
    },
  });
  dl = await DataLoader.create(DATALOADER_CONFIG, db);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("a cycle without its dsp file", () => {
  it("a dsp cut drops that cycle's entries and says why", async () => {
    dl.setFiles("type == 'phy'");
    dl.setDatastreams([1084803, 1084804, 1121600], "ch");
    dl.setCuts({ hit: "trapEmax > 5000" });
    const entries = await dl.buildEntryList();
    expect(new Set(entries.file)).toEqual(
      new Set(dl.db.query("type == 'phy' and timestamp != '20230322T170202Z'")),
    );
    expect(dl.warnings.join("\n")).toMatch(
      new RegExp(`${MISSING}\\) has no dsp file, so table 1084803 has no column 'trapEmax'`),
    );
  });

  it("loading a dsp column gives NaN for that cycle with a warning; other tiers still load", async () => {
    dl.setFiles("type == 'phy'");
    dl.setDatastreams([1084803], "ch");
    dl.setCuts({});
    dl.setOutput({ columns: ["trapEmax", "cuspEmax_ctc_cal", "daqenergy"] });
    const { table, warnings } = await dl.load();
    const files = plainValues(table!.columns.file!) as number[];
    const trap = plainValues(table!.columns.trapEmax!) as number[];
    const missingRow = Math.max(...files);
    expect(trap.filter((_, i) => files[i] === missingRow).every(Number.isNaN)).toBe(true);
    expect(trap.filter((_, i) => files[i] !== missingRow).some(Number.isNaN)).toBe(false);
    // hit-tier columns are unaffected: equal to a load from the complete tree
    const full = await DataLoader.create(DATALOADER_CONFIG, await testFileDb());
    full.setFiles("type == 'phy'");
    full.setDatastreams([1084803], "ch");
    full.setOutput({ columns: ["cuspEmax_ctc_cal", "daqenergy"] });
    const complete = (await full.load()).table!;
    expect(plainValues(table!.columns.cuspEmax_ctc_cal!)).toEqual(
      plainValues(complete.columns.cuspEmax_ctc_cal!),
    );
    expect(plainValues(table!.columns.daqenergy!)).toEqual(plainValues(complete.columns.daqenergy!));
    expect(warnings.join("\n")).toMatch(/has no dsp file; its columns are NaN there/);
  });
});
