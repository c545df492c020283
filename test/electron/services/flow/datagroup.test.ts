import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataGroup, DataGroupError, parseCsv } from "../../../../electron/services/flow/datagroup.ts";

let root: string;
const DAQ_FILES = [
  "run0012-cal/20200110-105115-calib.fcio",
  "run0012-cal/20200110-115115-calib.fcio",
  "run0013-phy/20200111-000102-phy.fcio",
  "run0013-phy/notes.txt",
  "scratch/run0099-x/20200101-000000-test.fcio",
];

function config(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    experiment: "LPGTA",
    daq_dir: join(root, "daq"),
    daq_ignore: ["scratch"],
    lh5_dir: join(root, "lh5"),
    fileDB: join(root, "keys.csv"),
    tier_dirs: ["raw", "dsp"],
    subsystems: ["geds", "spms"],
    run_types: ["cal", "phy"],
    evt_dirs: ["evt", "tcm"],
    unique_key: "lpgta-run{run}-{YYYYmmdd}T{hhmmss}",
    daq_template: "/run{run:0>4d}-{label}/{YYYYmmdd}-{hhmmss}-{rtp}.fcio",
    lh5_template: "LPGTA_r{run:0>4d}_{YYYYmmdd}T{hhmmss}Z_{rtp}_{sysn}_{tier}.lh5",
    ...extra,
  };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "datagroup-"));
  for (const rel of DAQ_FILES) {
    mkdirSync(join(root, "daq", rel, ".."), { recursive: true });
    writeFileSync(join(root, "daq", rel), "");
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("DataGroup (flow-spec §7)", () => {
  it("scans DAQ files into keys: unique_key, template fields in order, daq_dir, daq_file", () => {
    const dg = DataGroup.load(config() as never);
    dg.scanDaqDir();
    expect(dg.columnOrder).toEqual([
      "unique_key",
      "run",
      "label",
      "YYYYmmdd",
      "hhmmss",
      "rtp",
      "daq_dir",
      "daq_file",
    ]);
    expect(dg.rows()).toEqual([
      {
        unique_key: "lpgta-run12-20200110T105115",
        run: 12,
        label: "cal",
        YYYYmmdd: "20200110",
        hhmmss: "105115",
        rtp: "calib",
        daq_dir: "run0012-cal",
        daq_file: "20200110-105115-calib.fcio",
      },
      expect.objectContaining({ unique_key: "lpgta-run12-20200110T115115" }),
      expect.objectContaining({ unique_key: "lpgta-run13-20200111T000102", label: "phy", rtp: "phy" }),
    ]);
    // the stray text file is a problem, the ignored folder is skipped silently
    expect(dg.problems.map((p) => p.file.split("/").pop())).toEqual(["notes.txt"]);
  });

  it("caps the scan with nfiles", () => {
    const dg = DataGroup.load(config() as never, { nfiles: 1 });
    dg.scanDaqDir();
    expect(dg.nRows).toBe(1);
  });

  it("saves keys as CSV and loads them back to the same keys", () => {
    const dg = DataGroup.load(config() as never);
    dg.scanDaqDir();
    const path = dg.saveKeys();
    expect(readFileSync(path, "utf8").split("\n").slice(0, 2)).toEqual([
      "unique_key,rel_daq_path",
      "lpgta-run12-20200110T105115,run0012-cal/20200110-105115-calib.fcio",
    ]);
    const back = DataGroup.load(config() as never);
    back.loadKeys();
    expect(back.rows()).toEqual(dg.rows());
    expect(parseCsv('a,"b,""c"""\r\nx,y\n')).toEqual([
      ["a", 'b,"c"'],
      ["x", "y"],
    ]);
  });

  it("derives LH5 names and folders per tier, with {sysn} left for later and the run type folder", () => {
    const dg = DataGroup.load(config() as never);
    dg.scanDaqDir();
    dg.setColumn("runtype", ["cal", "cal", "phy"]);
    dg.getLh5Cols();
    const row = dg.rows()[0]!;
    expect(row.raw_file).toBe("LPGTA_r0012_20200110T105115Z_calib_{sysn}_raw.lh5");
    expect(row.dsp_file).toBe("LPGTA_r0012_20200110T105115Z_calib_{sysn}_dsp.lh5");
    expect(row.raw_path).toBe("/raw/{sysn}/cal");
    expect(dg.rows()[2]!.dsp_path).toBe("/dsp/{sysn}/phy");
  });

  it("lists the LH5 folders and creates them only when asked (no prompt)", () => {
    const dg = DataGroup.load(config() as never);
    const dirs = dg.lh5DirSetup();
    expect(dirs).toHaveLength(2 * 2 * 2 + 2);
    expect(dirs[0]).toBe(join(root, "lh5", "raw", "geds", "cal"));
    expect(dirs.at(-1)).toBe(join(root, "lh5", "tcm"));
    expect(existsSync(join(root, "lh5"))).toBe(false);
    dg.lh5DirSetup({ create: true });
    expect(dirs.every((d) => existsSync(d))).toBe(true);
  });

  it("rejects a config without its required keys, naming the key", () => {
    expect(() => DataGroup.load({ ...config(), daq_template: "" } as never)).toThrow(DataGroupError);
    expect(() => DataGroup.load({ ...config(), daq_template: "" } as never)).toThrow(/'daq_template'/);
    expect(() => DataGroup.load({ ...config(), run_types: "cal" } as never)).toThrow(
      /'run_types': expected a list/,
    );
  });
});
