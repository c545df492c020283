import { describe, expect, it } from "vitest";
import type { ColumnInfo, CycleDetails, DatasetInfo } from "../../../../shared/api/types.ts";
import {
  defaultColumns,
  pythonSelection,
  tableSources,
} from "../../../../renderer/features/copy-python/python-selection.ts";

const DEMO: DatasetInfo = {
  id: "d",
  label: "Demo dataset",
  sourcePath: "/home/u/.local/share/lh5-browser/demo",
  sourceKind: "demo",
  dataDir: "/home/u/.local/share/lh5-browser/demo/generated",
  tiers: ["raw", "dsp", "hit"],
  keyNames: ["timestamp"],
  levels: [{ name: "hit", tiers: ["raw", "dsp", "hit"] }],
  nCycles: 1,
  tablesScanned: true,
  problems: [],
  config: null,
};

const column = (name: string, tier: string, lgdoType = "array<1>{real}"): ColumnInfo => ({
  name,
  tier,
  level: "hit",
  lgdoType,
  dtype: "float64",
  units: null,
});

const table = (name: string) => ({ name, nRows: 10, columns: [] });
const CYCLE: CycleDetails = {
  datasetId: "d",
  row: 0,
  keys: { timestamp: "20230401T000000Z" },
  files: ["raw", "dsp", "hit"].map((tier) => ({
    tier,
    path: `/g/${tier}/c0.lh5`,
    exists: true,
    size: 1,
    tables: [table(`ch1104000/${tier}`), table(`ch1104001/${tier}`)],
  })),
};

describe("Copy as Python on the demo (issue #18, defect 6)", () => {
  it("uses the demo folder's FileDB and DataLoader configs", () => {
    const out = pythonSelection({
      dataset: DEMO,
      selection: { rows: [], channels: [], cuts: {} },
      rowKeys: [],
      columns: ["cuspEmax_ctc_cal"],
      histogram: null,
    });
    expect(out).toMatchObject({
      filedbConfigPath: "/home/u/.local/share/lh5-browser/demo/filedb-config.json",
      dataLoaderConfigPath: "/home/u/.local/share/lh5-browser/demo/dataloader-config.json",
    });
  });

  it("picks the calibrated energy when no column was asked for", () => {
    const columns = [
      column("waveform", "raw", "table{t0,dt,values}"),
      column("trapEmax", "dsp"),
      column("cuspEmax_ctc_cal", "hit"),
    ];
    expect(defaultColumns(DEMO, columns)).toEqual(["cuspEmax_ctc_cal"]);
    expect(defaultColumns(DEMO, columns.slice(0, 2))).toEqual(["trapEmax"]);
  });

  it("lists each selected channel's files of the lowest level side by side", () => {
    expect(tableSources(DEMO, [CYCLE], [1104001])).toEqual([
      {
        reads: [
          { path: "/g/raw/c0.lh5", group: "ch1104001/raw" },
          { path: "/g/dsp/c0.lh5", group: "ch1104001/dsp" },
          { path: "/g/hit/c0.lh5", group: "ch1104001/hit" },
        ],
      },
    ]);
    expect(tableSources(DEMO, [CYCLE], [])).toHaveLength(2);
  });
});
