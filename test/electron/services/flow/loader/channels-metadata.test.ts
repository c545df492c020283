// Channel-map words in datastreams (LEGEND metadata), loadDetector, loadSettings and parameter files.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LgdoScalar, LgdoStruct, LgdoTable } from "../../../../../shared/lgdo/model.ts";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";
import { DataLoader } from "../../../../../electron/services/flow/loader/index.ts";
import {
  DATALOADER_CONFIG,
  METADATA_DIR,
  P14_RAW_FILE,
  PROD_REF_TIER_DIR,
} from "../../../../fixtures/testdata.ts";
import { plainValues, testFileDb } from "./acceptance-helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "loader-meta-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function withChannelMap(): Promise<DataLoader> {
  const config = {
    ...(JSON.parse(readFileSync(DATALOADER_CONFIG, "utf8")) as object),
    channel_map: METADATA_DIR,
  };
  return DataLoader.create(config, await testFileDb());
}

describe("datastreams through the LEGEND channel map", () => {
  it("detector names map to their rawids at each cycle's time", async () => {
    const dl = await withChannelMap();
    dl.setFiles("type == 'cal'");
    dl.setDatastreams(["V00048A", "V00048B"]);
    const entries = await dl.buildEntryList();
    expect([...new Set(Array.from(entries.tableColumn() as Float64Array))]).toEqual([1084803, 1121600]);
  });

  it("a system selects the channels of that system present in each cycle", async () => {
    const dl = await withChannelMap();
    dl.setFiles("all");
    dl.setDatastreams(["spms"]);
    const entries = await dl.buildEntryList();
    expect([...new Set(Array.from(entries.tableColumn() as Float64Array))].sort()).toEqual([
      1057600, 1059201, 1062405,
    ]);
    expect(new Set(entries.file)).toEqual(new Set([2, 3])); // cal cycles have no SiPM tables
    expect(dl.warnings).toEqual([]);
  });

  it("an unknown detector is an error listing near matches", async () => {
    const dl = await withChannelMap();
    dl.setFiles("all");
    expect(() => dl.setDatastreams(["V00048X"])).toThrow(/Unknown channel 'V00048X'.*did you mean 'V00048A'/);
    const noMap = await DataLoader.create(DATALOADER_CONFIG, await testFileDb());
    expect(() => noMap.setDatastreams(["V00048A"])).toThrow(/detector names need a channel map/);
  });

  it("loadDetector: all cycles, its table, every column but waveforms; the selection is kept", async () => {
    const dl = await withChannelMap();
    dl.setFiles("type == 'phy'");
    dl.setDatastreams([1057600]);
    const { table } = await dl.loadDetector("V00048A");
    expect(table!.nRows).toBe(20);
    expect(new Set(plainValues(table!.columns.hit_table!))).toEqual(new Set([1084803]));
    expect(table!.columnOrder).toContain("trapEmax");
    expect(table!.columnOrder).toContain("cuspEmax_ctc_cal");
    expect(table!.columnOrder).not.toContain("waveform");
    expect(dl.getFileList()).toEqual([2, 3]);
    expect(Array.from((await dl.buildEntryList()).tableColumn() as Float64Array)[0]).toBe(1057600);
  });
});

describe("loadSettings and parameter files", () => {
  it("reads the DAQ objects of a raw file (ORCA header, run control), none for files without", async () => {
    const root = join(tmp, "p14");
    mkdirSync(join(root, "raw", "cal", "p14", "r004"), { recursive: true });
    const name = "l200-p14-r004-cal-20250606T010224Z-tier_raw.lh5";
    symlinkSync(P14_RAW_FILE, join(root, "raw", "cal", "p14", "r004", name));
    const db = await FileDB.create({
      data_dir: root,
      tier_dirs: { raw: "/raw" },
      file_format: { raw: "/{type}/{period}/{run}/{exp}-{period}-{run}-{type}-{timestamp}-tier_raw.lh5" },
      table_format: { raw: "ch{ch:07d}/raw" },
    });
    const dl = await DataLoader.create(null, db);
    dl.setFiles("all");
    const settings = dl.loadSettings().get(0)!;
    expect(Object.keys(settings)).toEqual(["extra"]);
    const extra = settings.extra as LgdoStruct;
    const header = extra.fields.OrcaHeader as LgdoScalar;
    expect(typeof header.value).toBe("string");
    expect(JSON.parse(header.value as string)).toBeTypeOf("object");
    expect((extra.fields.RunControl as LgdoTable).kind).toBe("table");
    const p03 = await DataLoader.create(DATALOADER_CONFIG, await testFileDb());
    p03.setFiles("all");
    expect([...p03.loadSettings().values()]).toEqual([{}, {}, {}, {}]);
  });

  it("finds dsp/hit parameter files of the production layout, per cycle or per run", async () => {
    const root = join(tmp, "prod");
    const tierDir = join(root, "generated", "tier");
    mkdirSync(join(tierDir, "raw", "cal", "p03", "r001"), { recursive: true });
    const raw = "l200-p03-r001-cal-20230318T012144Z-tier_raw.lh5";
    symlinkSync(join(PROD_REF_TIER_DIR, "raw/cal/p03/r001", raw), join(tierDir, "raw/cal/p03/r001", raw));
    writeFileSync(
      join(root, "config.json"),
      JSON.stringify({
        setups: { l200: { paths: { par_dsp: "$_/generated/par/dsp", par_hit: "$_/generated/par/hit" } } },
      }),
    );
    mkdirSync(join(root, "generated/par/dsp/cal/p03/r001"), { recursive: true });
    mkdirSync(join(root, "generated/par/hit/cal/p03/r001"), { recursive: true });
    writeFileSync(
      join(root, "generated/par/dsp/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-par_dsp.json"),
      JSON.stringify({ ch1084803: { pz: { tau: 400 } } }),
    );
    writeFileSync(
      join(root, "generated/par/hit/cal/p03/r001/l200-p03-r001-cal-20230301T000000Z-par_hit.yaml"),
      "ch1084803:\n  ecal: {a: 0.5}\n",
    );
    const db = await FileDB.create({
      data_dir: tierDir,
      tier_dirs: { raw: "/raw" },
      file_format: { raw: "/{type}/{period}/{run}/{exp}-{period}-{run}-{type}-{timestamp}-tier_raw.lh5" },
      table_format: { raw: "ch{ch:07d}/raw" },
    });
    const dl = await DataLoader.create(null, db);
    dl.setFiles("all");
    expect(dl.loadDspPars().get(0)!.pars).toEqual({ ch1084803: { pz: { tau: 400 } } });
    const hit = dl.loadCalPars().get(0)!;
    expect(hit.file).toMatch(/20230301T000000Z-par_hit\.yaml$/); // the run-level file before the cycle
    expect(hit.pars).toEqual({ ch1084803: { ecal: { a: 0.5 } } });
    const testData = await DataLoader.create(DATALOADER_CONFIG, await testFileDb());
    testData.setFiles("all");
    expect([...testData.loadDspPars().values()]).toEqual([null, null, null, null]); // no par files in the test data
  });
});
