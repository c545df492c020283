// A valid argument for every contract method (type-checked to cover them all), shared by the
// contract tests.
import type { ApiArgument, ApiMethod } from "../../shared/api/contract.ts";
import type { DataSelection } from "../../shared/api/types.ts";

const selection: DataSelection = {
  rows: [0, 1],
  channels: [1084803, "V01234A"],
  cuts: { hit: "trapEmax > 100" },
};

export const SAMPLE_ARGUMENTS: { [M in ApiMethod]: ApiArgument<M> } = {
  getAppInfo: undefined,
  getSession: undefined,
  saveSession: {
    state: {
      dataset: { path: "/data/filedb.json", kind: "filedb-config" },
      selection: { rows: [1], focusedRow: 1 },
      query: "",
      layout: {},
    },
  },
  listFolder: { path: "/data", purpose: "open" },
  choosePath: { path: "/data/filedb.json", purpose: "open" },
  saveView: {
    path: "/data/view.json",
    state: { dataset: null, selection: { rows: [], focusedRow: null }, query: "", layout: {} },
  },
  loadView: { path: "/data/view.json", grant: "0123456789abcdef0123456789abcdef" },
  listRecent: undefined,
  inspectSource: { path: "/data/filedb.json" },
  openDataset: { path: "/data/filedb.json" },
  openDemo: undefined,
  getDataset: undefined,
  closeDataset: undefined,
  queryInventory: {
    query: "type == 'cal'",
    offset: 0,
    limit: 100,
    sort: [{ column: "run", direction: "asc" }],
  },
  getCycleDetails: { row: 3 },
  listChannels: { rows: [0] },
  listColumns: { rows: [0], tiers: ["dsp"] },
  countEntries: { selection },
  histogram1d: { selection, column: "trapEmax", bins: 100, range: [0, 3000] },
  histogram2d: { selection, x: { column: "trapEmax", bins: 10 }, y: { column: "AoE", bins: 10 } },
  waveformPage: { selection, columns: ["waveform"], start: 0, count: 10 },
  waveformTemplate: { selection, column: "waveform" },
  eventView: { selection, position: 0, columns: ["waveform"], valueColumns: ["trapEmax"] },
  nearestEntry: {
    selection,
    x: { column: "trapEmax" },
    y: { column: "AoE" },
    at: [1000, 1],
    scale: [10, 0.1],
  },
  exportSelection: { selection, columns: ["trapEmax"], format: "csv", outputPath: "/tmp/out.csv" },
  saveEntryList: { selection, outputPath: "/tmp/entries.lh5" },
  saveTaggedEntries: {
    entries: [{ cycle: 0, table: 1084803, row: 5 }],
    level: "hit",
    outputPath: "/tmp/tags.lh5",
  },
  loadEntryList: { path: "/tmp/entries.lh5" },
  openLh5File: { path: "/data/raw.lh5" },
  listLh5Group: { path: "/data/raw.lh5", group: "ch1084803/raw" },
  searchLh5Paths: { path: "/data/raw.lh5", query: "waveform", limit: 50 },
  lh5TablePage: { path: "/data/raw.lh5", table: "ch1084803/raw", offset: 0, limit: 100 },
  lh5Histogram: { path: "/data/raw.lh5", column: "ch1084803/raw/energy", bins: 100 },
  lh5WaveformPage: { path: "/data/raw.lh5", waveform: "ch1084803/raw/waveform", start: 0, count: 10 },
  getJob: { jobId: "job-1", waitMs: 0 },
  cancelJob: { jobId: "job-1" },
};
