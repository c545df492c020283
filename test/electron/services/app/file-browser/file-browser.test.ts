// @vitest-environment node
// The file browser over every LH5 file of the test data: each opens, its tree (walked group by group,
// as the UI expands it) shows every object `ls --json` lists with the same datatype, shape, dtype and
// attributes; pages, histograms and waveforms of the p14 raw file equal `dump`.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../../../electron/cli/main.ts";
import { readTablePage } from "../../../../../electron/services/app/file-browser/table-page.ts";
import {
  listGroup,
  searchPaths,
  summarizeFile,
} from "../../../../../electron/services/app/file-browser/tree.ts";
import { columnHistogram, waveformPage } from "../../../../../electron/services/app/file-browser/views.ts";
import { inspectSource } from "../../../../../electron/services/app/sources.ts";
import { initH5 } from "../../../../../electron/services/lh5/h5.ts";
import { Lh5File } from "../../../../../electron/services/lh5/reader.ts";
import type { Lh5Node } from "../../../../../shared/api/file-browser.ts";
import { ACCEPTANCE_DIR, P14_RAW_FILE, TESTDATA_DIR } from "../../../../fixtures/testdata.ts";

function lh5Files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return lh5Files(path);
    return /\.(lh5|h5|hdf5)$/.test(name) ? [path] : [];
  });
}

const FILES = [...lh5Files(TESTDATA_DIR), join(ACCEPTANCE_DIR, "filedb-prod-ref-l200.lh5")];

async function cliJson(...argv: string[]): Promise<unknown> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, "--json"], { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  expect(err.join("")).toBe("");
  expect(code).toBe(0);
  return JSON.parse(out.join(""));
}

/** Every node of the file, expanding each group as a user would (one request per group). */
function walk(file: Lh5File): Map<string, Lh5Node> {
  const nodes = new Map<string, Lh5Node>();
  const pending = summarizeFile(file).children;
  while (pending.length > 0) {
    const node = pending.shift()!;
    nodes.set(node.path, node);
    expect(node.path.split("/").length).toBeLessThan(20); // no descent without end
    if (node.expandable) pending.push(...listGroup(file, node.path));
  }
  return nodes;
}

beforeAll(async () => {
  await initH5();
});

describe("file browser tree", () => {
  it("finds the test data's files (every tier, the p14 raw file, a saved FileDB)", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(19);
    expect(FILES).toContain(P14_RAW_FILE);
  });

  it.each(FILES.map((f) => [f.slice(TESTDATA_DIR.length - 8), f]))(
    "%s: every object of `ls --json` in the tree, with equal metadata",
    async (_name, path) => {
      const listed = (await cliJson("ls", path)) as Array<{
        path: string;
        datatype: string | null;
        shape: number[] | null;
        dtype: string | null;
        attrs: Record<string, unknown>;
        aliases?: string[];
      }>;
      const file = Lh5File.open(path);
      try {
        const nodes = walk(file);
        expect(listed.length).toBeGreaterThan(0);
        for (const entry of listed) {
          for (const at of [entry.path, ...(entry.aliases ?? [])]) {
            const node = nodes.get(at);
            expect(node, at).toBeDefined();
            expect(
              { datatype: node!.datatype, shape: node!.shape, dtype: node!.dtype, attrs: node!.attrs },
              at,
            ).toEqual({
              datatype: entry.datatype,
              shape: entry.shape,
              dtype: entry.dtype,
              attrs: entry.attrs,
            });
          }
        }
        // every table shows a first page without error, whatever its columns hold
        for (const node of nodes.values()) {
          if (node.views.table) {
            const page = readTablePage(file, node.path, 0, 5);
            expect(page.count).toBe(Math.min(5, node.nRows ?? 0));
            for (const column of page.columns)
              expect((column.numbers ?? column.text)!.length, `${node.path}/${column.name}`).toBe(page.count);
          }
        }
      } finally {
        file.close();
      }
    },
  );
});

describe("opening a single file", () => {
  it("a tier file is an lh5-file; a saved FileDB (pygama's, as LH5) still opens as a FileDB", async () => {
    expect(await inspectSource(P14_RAW_FILE)).toMatchObject({ kind: "lh5-file", path: P14_RAW_FILE });
    expect((await inspectSource(join(ACCEPTANCE_DIR, "filedb-prod-ref-l200.lh5"))).kind).toBe("filedb-file");
  });
});

describe("the p14 raw file's views equal `dump`", () => {
  const table = "ch1105600/raw";

  it("nodes carry LGDO type, filters, units, rows and views", () => {
    const file = Lh5File.open(P14_RAW_FILE);
    try {
      const children = listGroup(file, table);
      const byName = new Map(children.map((n) => [n.name, n]));
      expect(byName.get("baseline")).toMatchObject({
        type: "array",
        dtype: "uint16",
        nRows: 1,
        views: { table: false, histogram: true, waveforms: false },
      });
      expect(
        byName
          .get("baseline")!
          .filters.map((f) => f.name)
          .join("+"),
      ).toMatch(/shuffle.*Zstandard/i);
      expect(byName.get("waveform_windowed")).toMatchObject({
        type: "table",
        expandable: true,
        views: { table: true, waveforms: true },
      });
      const values = listGroup(file, `${table}/waveform_windowed`).find((n) => n.name === "values")!;
      expect(values.type).toBe("encoded");
      expect(values.views.waveforms).toBe(true);
      const dt = listGroup(file, `${table}/waveform_windowed`).find((n) => n.name === "dt")!;
      expect(dt.units).toBe(dt.attrs.units);
    } finally {
      file.close();
    }
  });

  it("a table page: numbers as typed arrays equal to dump, waveforms decoded into text", async () => {
    const dumped = (await cliJson("dump", P14_RAW_FILE, table)) as Record<string, unknown>;
    const file = Lh5File.open(P14_RAW_FILE);
    try {
      const page = readTablePage(file, table, 0, 100);
      const byName = new Map(page.columns.map((c) => [c.name, c]));
      expect(Array.from(byName.get("baseline")!.numbers!)).toEqual(dumped.baseline);
      expect(Array.from(byName.get("timestamp")!.numbers!)).toEqual(dumped.timestamp);
      const windowed = dumped.waveform_windowed as { values: number[][]; t0: number[] };
      expect(Array.from(byName.get("waveform_windowed/t0")!.numbers!)).toEqual(windowed.t0);
      const first = windowed.values[0]!;
      expect(byName.get("waveform_windowed/values")!.text![0]).toBe(
        `[${first.length}] ${first.slice(0, 4).join(", ")}, …`,
      );
    } finally {
      file.close();
    }
  });

  it("a waveform page holds the decoded samples, t0 and dt of dump", async () => {
    for (const name of ["waveform_windowed", "waveform_presummed"]) {
      const dumped = (await cliJson("dump", P14_RAW_FILE, `${table}/${name}`)) as {
        values: number[][];
        t0: number[];
        dt: number[];
      };
      const file = Lh5File.open(P14_RAW_FILE);
      try {
        const page = waveformPage(file, { waveform: `${table}/${name}`, start: 0, count: 10 });
        expect(page.totalEntries).toBe(dumped.values.length);
        const trace = page.traces[0]!;
        expect(trace.nSamples).toBe(dumped.values[0]!.length);
        expect(Array.from(trace.values.subarray(0, trace.nSamples))).toEqual(dumped.values[0]);
        expect(Array.from(trace.t0)).toEqual(dumped.t0);
        expect(Array.from(trace.dt)).toEqual(dumped.dt);
        expect(trace.timeUnits).toBe("ns");
      } finally {
        file.close();
      }
    }
  });

  it("a column's histogram counts every value of dump", async () => {
    const path = join(
      TESTDATA_DIR,
      "prod-ref-l200/generated/tier/dsp/cal/p03/r000/l200-p03-r000-cal-20230311T235840Z-tier_dsp.lh5",
    );
    const file = Lh5File.open(path);
    try {
      const column = listGroup(file, "")
        .flatMap((ch) => listGroup(file, ch.path))
        .flatMap((t) => listGroup(file, t.path))
        .find((n) => n.name === "trapEmax")!;
      const dumped = (await cliJson("dump", path, column.path)) as number[];
      const histogram = columnHistogram(file, { column: column.path, bins: 50 });
      const counts = histogram.series[0]!.counts.reduce((a, b) => a + b, 0);
      const finite = dumped.filter((v) => Number.isFinite(v));
      const stats = histogram.series[0]!.stats;
      expect(counts + stats.underflow + stats.overflow).toBe(finite.length);
      expect(stats.entries + stats.nan + stats.underflow + stats.overflow).toBe(dumped.length);
      expect(stats.mean).toBeCloseTo(finite.reduce((a, b) => a + b, 0) / finite.length, 6);
      expect(histogram.units).toBe(column.units);
      expect(() => columnHistogram(file, { column: column.path.replace(/\/[^/]+$/, ""), bins: 10 })).toThrow(
        /a histogram needs a numeric 1-D array/,
      );
    } finally {
      file.close();
    }
  });
});

describe("search over paths", () => {
  it("finds objects anywhere in the file by a part of their path, hard-linked paths too", () => {
    const file = Lh5File.open(P14_RAW_FILE);
    try {
      const found = searchPaths(file, "WAVEFORM_windowed/VAL", 1000);
      expect(found.truncated).toBe(false);
      expect(found.matches.length).toBeGreaterThan(1);
      for (const node of found.matches)
        expect(node.path.toLowerCase()).toMatch(/waveform_windowed\/values(\/|$)/);
      expect(found.matches[0]!.type).toBe("encoded");
      // the p14 tables are also linked as raw/<detector name>: a search for that name finds the table
      const byAlias = searchPaths(file, "V07302A", 10);
      expect(byAlias.matches.map((n) => [n.path, ...n.aliases].join(" "))).toContainEqual(
        expect.stringMatching(/raw\/V07302A/),
      );
      const limited = searchPaths(file, "raw", 3);
      expect(limited.matches).toHaveLength(3);
      expect(limited.truncated).toBe(true);
      expect(searchPaths(file, "  ", 10).matches).toEqual([]);
    } finally {
      file.close();
    }
  });
});
