// A small synthetic LH5 file for the mock bridge: two channels, each `ch/raw` a table with an energy
// column and a waveform table, so renderer tests can expand, search and open views without a server.
import type { Lh5BrowserApi } from "../../shared/api/contract.ts";
import { ApiError } from "../../shared/api/errors.ts";
import type { Lh5Node } from "../../shared/api/file-browser.ts";

type FileMethods = Pick<
  Lh5BrowserApi,
  "openLh5File" | "listLh5Group" | "searchLh5Paths" | "lh5TablePage" | "lh5Histogram" | "lh5WaveformPage"
>;

const ROWS = 8;
const SAMPLES = 16;

function node(path: string, type: Lh5Node["type"], extra: Partial<Lh5Node> = {}): Lh5Node {
  const group = type === "struct" || type === "table" || type === "group";
  return {
    path,
    name: path.split("/").at(-1) ?? path,
    kind: group ? "group" : "dataset",
    type,
    datatype: group ? `${type}{…}` : "array<1>{real}",
    shape: group ? null : [ROWS],
    dtype: group ? null : "float64",
    filters: [],
    attrs: {},
    units: null,
    nRows: type === "struct" ? null : ROWS,
    expandable: group,
    views: { table: type === "table", histogram: !group, waveforms: false },
    aliases: [],
    ...extra,
  };
}

/** Children per group path of the mock file. */
function mockTree(): Map<string, Lh5Node[]> {
  const tree = new Map<string, Lh5Node[]>();
  const channels = ["ch1084803", "ch1084804"];
  tree.set(
    "",
    channels.map((ch) => node(ch, "struct", { datatype: "struct{raw}" })),
  );
  for (const ch of channels) {
    tree.set(ch, [node(`${ch}/raw`, "table", { datatype: "table{energy,waveform}" })]);
    tree.set(`${ch}/raw`, [
      node(`${ch}/raw/energy`, "array", { units: "keV", attrs: { units: "keV" } }),
      node(`${ch}/raw/waveform`, "table", {
        datatype: "table{t0,dt,values}",
        views: { table: true, histogram: false, waveforms: true },
      }),
    ]);
    tree.set(`${ch}/raw/waveform`, [
      node(`${ch}/raw/waveform/t0`, "array", { units: "ns", attrs: { units: "ns" } }),
      node(`${ch}/raw/waveform/dt`, "array", { units: "ns", attrs: { units: "ns" } }),
      node(`${ch}/raw/waveform/values`, "array", {
        datatype: "array_of_equalsized_arrays<1,1>{real}",
        shape: [ROWS, SAMPLES],
        dtype: "uint16",
        views: { table: false, histogram: false, waveforms: true },
      }),
    ]);
  }
  return tree;
}

export function mockLh5File(): FileMethods {
  const tree = mockTree();
  const children = (group: string): Lh5Node[] => {
    const found = tree.get(group);
    if (!found) throw new ApiError({ name: "FileBrowserError", message: `no group '/${group}'` });
    return found;
  };
  return {
    openLh5File: (req) =>
      Promise.resolve({
        path: req.path,
        name: req.path.split("/").at(-1) ?? "",
        bytes: 1234,
        children: children(""),
      }),
    listLh5Group: (req) => Promise.resolve().then(() => children(req.group)),
    searchLh5Paths: (req) => {
      const needle = req.query.toLowerCase();
      const all = [...tree.values()].flat();
      const matches = all.filter((n) => needle !== "" && n.path.toLowerCase().includes(needle));
      return Promise.resolve({
        matches: matches.slice(0, req.limit ?? 200),
        truncated: matches.length > (req.limit ?? 200),
      });
    },
    lh5TablePage: (req) => {
      const count = Math.max(0, Math.min(ROWS - req.offset, req.limit));
      return Promise.resolve({
        table: req.table,
        nRows: ROWS,
        offset: req.offset,
        count,
        columns: [
          {
            name: "energy",
            type: "array" as const,
            dtype: "float64",
            units: "keV",
            numbers: Float64Array.from({ length: count }, (_, i) => 100 * (req.offset + i + 1)),
          },
          {
            name: "waveform/values",
            type: "array" as const,
            dtype: "uint16",
            units: null,
            text: new Array<string>(count).fill("[16] 1, 2, 3, 4, …"),
          },
        ],
      });
    },
    lh5Histogram: (req) =>
      Promise.resolve({
        column: req.column,
        units: "keV",
        edges: Float64Array.from({ length: req.bins + 1 }, (_, i) => i * 100),
        series: [
          {
            label: req.column.split("/").at(-1) ?? req.column,
            counts: new Float64Array(req.bins).fill(1),
            stats: { entries: req.bins, mean: 50 * req.bins, std: 10, underflow: 0, overflow: 0, nan: 0 },
          },
        ],
      }),
    lh5WaveformPage: (req) => {
      const count = Math.max(0, Math.min(ROWS - req.start, req.count));
      return Promise.resolve({
        totalEntries: ROWS,
        entries: Float64Array.from({ length: count }, (_, i) => req.start + i),
        traces: [
          {
            column: "waveform",
            nSamples: SAMPLES,
            values: Float32Array.from({ length: count * SAMPLES }, (_, i) => (i % SAMPLES) * 10),
            t0: new Float64Array(count),
            dt: new Float64Array(count).fill(16),
            timeUnits: "ns",
          },
        ],
        legend: {},
      });
    },
  };
}
