// The exploration methods through the app service on the real prod-ref-l200 files: numbers equal the
// DataLoader's (and pygama's acceptance q1), waveforms equal the reader's, exports read back equal.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../../../../shared/api/jobs.ts";
import type { DataSelection, DatasetInfo } from "../../../../../shared/api/types.ts";
import { createRealBackend } from "../../../../../electron/services/app/real-backend.ts";
import { dispatch } from "../../../../../electron/services/app/dispatch.ts";
import { AppService } from "../../../../../electron/services/app/service.ts";
import { DataLoader } from "../../../../../electron/services/flow/loader/index.ts";
import { FileDB } from "../../../../../electron/services/flow/filedb/index.ts";
import { Lh5File } from "../../../../../electron/services/lh5/reader.ts";
import { initH5 } from "../../../../../electron/services/lh5/h5.ts";
import { ACCEPTANCE_DIR, FILEDB_CONFIG, PROD_REF_DIR } from "../../../../fixtures/testdata.ts";

const Q1_CHANNELS = [1084803, 1084804, 1121600];
const q1: DataSelection = { rows: [], channels: Q1_CHANNELS, cuts: { hit: "trapEmax > 5000" } };

let service: AppService;
let info: DatasetInfo;
let dataDir: string;
let outDir: string;
/** The same FileDB through the DataLoader directly: the reference for every number. */
let loader: DataLoader;

beforeAll(async () => {
  await initH5();
  dataDir = mkdtempSync(join(tmpdir(), "lh5e-data-"));
  outDir = mkdtempSync(join(tmpdir(), "lh5e-out-"));
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir,
    backend: createRealBackend(),
    roots: [ACCEPTANCE_DIR, PROD_REF_DIR, outDir],
  });
  info = await awaitJob(service, await service.openDataset({ path: FILEDB_CONFIG }));
  const db = await FileDB.create(FILEDB_CONFIG);
  await db.scanTablesColumns();
  loader = await DataLoader.create(null, db);
});

afterAll(() => {
  service?.dispose();
  loader?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe("countEntries", () => {
  it("counts acceptance q1 (trapEmax > 5000 on three channels) as 14, per channel as the loader's entry list", async () => {
    const count = await awaitJob(service, await service.countEntries({ selection: q1 }));
    expect(count.total).toBe(14);
    const pygama = JSON.parse(readFileSync(join(ACCEPTANCE_DIR, "q1-hit-cut.json"), "utf8")) as {
      entry_list: { fields: { hit_table: { data: number[] } } };
    };
    const expected = new Map<number, number>();
    for (const id of pygama.entry_list.fields.hit_table.data) expected.set(id, (expected.get(id) ?? 0) + 1);
    expect([...count.channelIds]).toEqual(Q1_CHANNELS);
    expect([...count.channelCounts]).toEqual(Q1_CHANNELS.map((id) => expected.get(id)));
  });

  it("equals build_entry_list for a cut over all channels and a file query", async () => {
    const selection: DataSelection = {
      rows: [],
      fileQuery: "type == 'phy'",
      channels: [],
      cuts: { hit: "trapEmax > 1000" },
    };
    const count = await awaitJob(service, await service.countEntries({ selection }));
    loader.reset();
    loader.setFiles("type == 'phy'");
    loader.setCuts({ hit: "trapEmax > 1000" });
    const entries = await loader.buildEntryList();
    expect(entries.length).toBeGreaterThan(0);
    expect(count.total).toBe(entries.length);
    expect(count.channelCounts.reduce((a, b) => a + b, 0)).toBe(entries.length);
  });

  it("rejects a cut with a typo, naming the column", async () => {
    const selection: DataSelection = { rows: [], channels: [], cuts: { hit: "trapEmx > 5000" } };
    const handle = await service.countEntries({ selection });
    await expect(awaitJob(service, handle)).rejects.toThrow(/trapEmx/);
  });

  it("a cancelled count ends as cancelled", async () => {
    const selection: DataSelection = { rows: [], channels: [], cuts: { hit: "trapEmax > 2" } };
    const handle = await service.countEntries({ selection });
    await service.cancelJob({ jobId: handle.jobId });
    const status = await service.getJob({ jobId: handle.jobId });
    expect(status.state).toBe("cancelled");
  });
});

describe("histograms", () => {
  it("1D entries equal the rows load returns, values binned as the loader's", async () => {
    const hist = await awaitJob(
      service,
      await service.histogram1d({ selection: q1, column: "trapEmax", bins: 50, range: [0, 20000] }),
    );
    loader.reset();
    loader.setFiles("all");
    loader.setDatastreams(Q1_CHANNELS, "ch");
    loader.setCuts({ hit: "trapEmax > 5000" });
    loader.setOutput({ columns: ["trapEmax"] });
    const loaded = await loader.load();
    const values = loaded.table!.columns.trapEmax!;
    if (values.kind !== "array") throw new Error("trapEmax is not an array");
    const series = hist.series[0]!;
    expect(series.stats.entries).toBe(loaded.table!.nRows);
    expect(series.counts.reduce((a, b) => a + b, 0)).toBe(14);
    const data = [...(values.data as Float32Array)];
    expect(series.stats.mean).toBeCloseTo(data.reduce((a, b) => a + b, 0) / data.length, 6);
    expect(hist.edges.length).toBe(51);
    // each value falls in the bin the edges say
    for (const x of data) {
      const k = Math.floor(x / 400);
      expect(series.counts[k]).toBeGreaterThan(0);
    }
  });

  it("splits by channel with one series per channel summing to the total, auto range covering the data", async () => {
    const hist = await awaitJob(
      service,
      await service.histogram1d({ selection: q1, column: "trapEmax", bins: 20, splitBy: "channel" }),
    );
    expect(hist.series.map((s) => s.label).sort()).toEqual(["ch1084803", "ch1084804", "ch1121600"]);
    expect(hist.series.reduce((n, s) => n + s.stats.entries, 0)).toBe(14);
    expect(hist.edges[0]).toBeLessThanOrEqual(7149.38818359375);
    expect(hist.edges.at(-1)).toBeGreaterThanOrEqual(16741.484375);
  });

  it("2D counts are yBins × xBins and hold every entry", async () => {
    const hist = await awaitJob(
      service,
      await service.histogram2d({
        selection: q1,
        x: { column: "trapEmax", bins: 4, range: [5000, 20000] },
        y: { column: "timestamp", bins: 3 },
      }),
    );
    expect(hist.counts.length).toBe(12);
    expect(hist.counts.reduce((a, b) => a + b, 0)).toBe(14);
    expect(hist.stats.x.entries).toBe(14);
    // the columns' units attributes, for the axis titles
    expect(hist.units).toEqual({ x: "ADC", y: "s" });
    // row-major yBins × xBins: the x marginal from the rows equals a 1D histogram of x
    const xMarginal = [0, 1, 2, 3].map((ix) => [0, 1, 2].reduce((n, iy) => n + hist.counts[iy * 4 + ix]!, 0));
    const h1 = await awaitJob(
      service,
      await service.histogram1d({ selection: q1, column: "trapEmax", bins: 4, range: [5000, 20000] }),
    );
    expect(xMarginal).toEqual([...h1.series[0]!.counts]);
  });

  it("an unknown column fails with its name", async () => {
    const handle = await service.histogram1d({ selection: q1, column: "nosuchcolumn", bins: 10 });
    await expect(awaitJob(service, handle)).rejects.toThrow(/nosuchcolumn/);
  });
});

describe("waveformPage", () => {
  it("returns the samples Lh5File.read decodes for the same entries, with legend values and units", async () => {
    const page = await service.waveformPage({
      selection: q1,
      columns: ["waveform"],
      start: 2,
      count: 5,
      legendColumns: ["trapEmax"],
    });
    expect(page.totalEntries).toBe(14);
    expect([...page.entries]).toEqual([2, 3, 4, 5, 6]);
    const trace = page.traces[0]!;
    expect(trace.values.length).toBe(5 * trace.nSamples);
    loader.reset();
    loader.setFiles("all");
    loader.setDatastreams(Q1_CHANNELS, "ch");
    loader.setCuts({ hit: "trapEmax > 5000" });
    const entries = await loader.buildEntryList();
    // The service's entry order is the loader's (file by file).
    const db = loader.db;
    for (let k = 0; k < 5; k++) {
      const e = 2 + k;
      const path = db.filePath(entries.file[e]!, "raw")!;
      const table = db.getTableName("raw", entries.tableIdAt(e));
      const file = Lh5File.open(path);
      const wf = file.read(`${table}/waveform`, { indices: [entries.idx[e]!], decode: true });
      file.close();
      if (wf.kind !== "table") throw new Error("waveform is not a table");
      const values = wf.columns.values!;
      if (values.kind !== "array") throw new Error("values is not an array");
      expect([...trace.values.subarray(k * trace.nSamples, (k + 1) * trace.nSamples)]).toEqual([
        ...(values.data as Uint16Array),
      ]);
      const t0 = wf.columns.t0!;
      if (t0.kind === "array") expect(trace.t0[k]).toBe((t0.data as Float32Array)[0]);
    }
    expect(trace.timeUnits).toBe("ns");
    expect(page.legend.trapEmax!.values.length).toBe(5);
    expect(page.legend.trapEmax!.values.every((v) => v > 5000)).toBe(true);
  });

  it("pages through exactly the entries of a histogram bin (the linked view)", async () => {
    const hist = await awaitJob(
      service,
      await service.histogram1d({ selection: q1, column: "trapEmax", bins: 3, range: [5000, 20000] }),
    );
    const page = await service.waveformPage({
      selection: q1,
      columns: ["waveform"],
      start: 0,
      count: 100,
      legendColumns: ["trapEmax"],
      valueRange: { column: "trapEmax", lo: 5000, hi: 10000 },
    });
    expect(page.totalEntries).toBe(hist.series[0]!.counts[0]);
    expect([...page.legend.trapEmax!.values].every((v) => v >= 5000 && v < 10000)).toBe(true);
  });

  it("applies transforms: baseline subtraction brings the early samples to zero mean", async () => {
    const page = await service.waveformPage({
      selection: q1,
      columns: ["waveform"],
      start: 0,
      count: 1,
      transforms: [{ kind: "baseline", samples: 100 }],
    });
    const trace = page.traces[0]!;
    let sum = 0;
    for (let i = 0; i < 100; i++) sum += trace.values[i]!;
    expect(Math.abs(sum / 100)).toBeLessThan(1e-3);
  });

  it("normalizes by a column and aligns at one, per entry", async () => {
    const base = { selection: q1, columns: ["waveform"], start: 0, count: 3, legendColumns: ["trapEmax"] };
    const raw = await service.waveformPage(base);
    const scaled = await service.waveformPage({
      ...base,
      transforms: [{ kind: "normalize", column: "trapEmax" }],
    });
    const shifted = await service.waveformPage({
      ...base,
      transforms: [{ kind: "align", column: "trapEmax" }],
    });
    const n = raw.traces[0]!.nSamples;
    for (let k = 0; k < 3; k++) {
      const energy = raw.legend.trapEmax!.values[k]!;
      expect(scaled.traces[0]!.values[k * n + 50]).toBeCloseTo(
        raw.traces[0]!.values[k * n + 50]! / energy,
        5,
      );
      expect(shifted.traces[0]!.t0[k]).toBeCloseTo(raw.traces[0]!.t0[k]! - energy, 6);
    }
  });

  it("accepts a value range through the contract's guards (IPC/HTTP dispatch)", async () => {
    const result = await dispatch(service, "waveformPage", {
      selection: q1,
      columns: ["waveform"],
      start: 0,
      count: 2,
      valueRange: { column: "trapEmax", lo: 5000, hi: 20000, closedHigh: true },
    });
    expect(result.ok).toBe(true);
    const bad = await dispatch(service, "waveformPage", {
      selection: q1,
      columns: ["waveform"],
      start: 0,
      count: 2,
      valueRange: { column: "trapEmax", lo: "low", hi: 20000 },
    });
    expect(bad.ok).toBe(false);
  });

  it("a seeded random sample is reproducible and within the selection", async () => {
    const req = { selection: q1, columns: ["waveform"], start: 0, count: 4, randomSeed: 7 };
    const a = await service.waveformPage(req);
    const b = await service.waveformPage(req);
    expect([...a.entries]).toEqual([...b.entries]);
    expect(new Set(a.entries).size).toBe(4);
    expect([...a.entries].every((e) => e >= 0 && e < 14)).toBe(true);
  });
});

describe("listColumns and listChannels", () => {
  it("lists columns of the selected tiers with type, dtype and units", async () => {
    const columns = await service.listColumns({ rows: [], tiers: ["dsp"] });
    const trapEmax = columns.find((c) => c.name === "trapEmax");
    expect(trapEmax).toMatchObject({
      tier: "dsp",
      level: "hit",
      lgdoType: "array<1>{real}",
      dtype: "float32",
    });
    expect(columns.every((c) => c.tier === "dsp")).toBe(true);
    const raw = await service.listColumns({ rows: [1], tiers: ["raw"] });
    expect(raw.find((c) => c.name === "waveform")?.lgdoType).toMatch(/^table\{/);
  });

  it("joins the channels with the LEGEND channel map found beside the data", async () => {
    const list = await service.listChannels({ rows: [] });
    expect(list.metadataFound).toBe(true);
    const ch = list.channels.find((c) => c.rawid === 1084803);
    expect(ch).toMatchObject({
      table: "ch1084803",
      name: "V00048A",
      system: "geds",
      string: 10,
      position: 9,
    });
  });

  it("selects channels by detector name as by rawid", async () => {
    const byName: DataSelection = { ...q1, channels: ["V00048A", "V01240A", "V00048B"] };
    const count = await awaitJob(service, await service.countEntries({ selection: byName }));
    expect(count.total).toBe(14);
  });

  it("lists the channels of the selected cycles with their entries", async () => {
    const list = await service.listChannels({ rows: [] });
    expect(list.datasetId).toBe(info.id);
    const tables = list.channels.map((c) => c.table);
    expect(tables).toContain("ch1084803");
    const k = tables.indexOf("ch1084803");
    loader.reset();
    loader.setFiles("all");
    loader.setDatastreams([1084803], "ch");
    expect(list.entries[k]).toBe((await loader.buildEntryList()).length);
  });
});

describe("exportSelection", () => {
  it("writes CSV, Arrow and LH5 (with waveforms) that read back equal to the loader's rows, and refuses to overwrite", async () => {
    loader.reset();
    loader.setFiles("all");
    loader.setDatastreams(Q1_CHANNELS, "ch");
    loader.setCuts({ hit: "trapEmax > 5000" });
    loader.setOutput({ columns: ["trapEmax", "timestamp"] });
    const expected = (await loader.load()).table!;
    const trapEmax = [...(expected.columns.trapEmax as { data: Float32Array }).data];

    const csvPath = join(outDir, "q1.csv");
    const csv = await awaitJob(
      service,
      await service.exportSelection({
        selection: q1,
        columns: ["trapEmax", "timestamp"],
        format: "csv",
        outputPath: csvPath,
      }),
    );
    expect(csv.rows).toBe(14);
    const lines = readFileSync(csvPath, "utf8").trim().split("\n");
    const header = lines[0]!.split(",");
    expect(header).toContain("trapEmax");
    const col = header.indexOf("trapEmax");
    expect(lines.slice(1).map((l) => Math.fround(Number(l.split(",")[col])))).toEqual(trapEmax);
    // provenance: each row names its cycle (not only the FileDB index), table and row
    expect(header).toEqual(expect.arrayContaining(["hit_table", "hit_idx", "file", "cycle"]));
    const at = (name: string) => lines.slice(1).map((l) => l.split(",")[header.indexOf(name)]);
    const entries = await loader.buildEntryList();
    expect(at("cycle")).toEqual(
      Array.from(entries.file, (row) => {
        const stem = basename(loader.db.filePath(row, "raw")!);
        return stem.slice(0, stem.indexOf("-tier_raw"));
      }),
    );
    expect(at("hit_idx").map(Number)).toEqual([...entries.idx]);
    expect(at("hit_table").map(Number)).toEqual(Array.from(entries.tableCode, (c) => entries.tableIds[c]));

    const arrowPath = join(outDir, "q1.arrow");
    await awaitJob(
      service,
      await service.exportSelection({
        selection: q1,
        columns: ["trapEmax"],
        format: "arrow",
        outputPath: arrowPath,
      }),
    );
    const table = tableFromIPC(readFileSync(arrowPath));
    expect(table.numRows).toBe(14);
    expect([...(table.getChild("trapEmax")!.toArray() as Float32Array)]).toEqual(trapEmax);

    const lh5Path = join(outDir, "q1.lh5");
    const lh5 = await awaitJob(
      service,
      await service.exportSelection({
        selection: q1,
        columns: ["trapEmax", "timestamp", "waveform"],
        includeWaveforms: true,
        format: "lh5",
        outputPath: lh5Path,
      }),
    );
    expect(lh5.rows).toBe(14);
    const file = Lh5File.open(lh5Path);
    try {
      const [name] = file.keys();
      const back = file.read(name!, { decode: true });
      if (back.kind !== "table") throw new Error("export is not a table");
      expect(back.nRows).toBe(14);
      expect([...(back.columns.trapEmax as { data: Float32Array }).data]).toEqual(trapEmax);
      expect(back.columns.waveform?.kind).toBe("table");
      loader.setOutput({ columns: ["waveform"] });
      const wf = (await loader.load()).table!.columns.waveform!;
      // same t0, dt and samples (the writer lists table fields sorted, as legend-pydataobj does)
      if (wf.kind !== "table" || back.columns.waveform?.kind !== "table") throw new Error("not tables");
      expect(back.columns.waveform.columns).toEqual(wf.columns);
    } finally {
      file.close();
    }

    await expect(
      service.exportSelection({ selection: q1, columns: ["trapEmax"], format: "csv", outputPath: csvPath }),
    ).rejects.toMatchObject({ code: "exists" });
    const replaced = await awaitJob(
      service,
      await service.exportSelection({
        selection: q1,
        columns: ["trapEmax"],
        format: "csv",
        outputPath: csvPath,
        overwrite: true,
      }),
    );
    expect(replaced.rows).toBe(14);
    expect(readFileSync(csvPath, "utf8").split("\n")[0]).toBe("hit_table,hit_idx,file,trapEmax,cycle");
  });

  it("refuses output paths outside the opened folders and the data folder", async () => {
    await expect(
      service.exportSelection({
        selection: q1,
        columns: ["trapEmax"],
        format: "csv",
        outputPath: "/etc/q1.csv",
      }),
    ).rejects.toThrow(/outside/);
  });

  it("leaves no file behind when cancelled", async () => {
    const path = join(outDir, "cancelled.csv");
    writeFileSync(join(outDir, "keep.txt"), "x");
    const handle = await service.exportSelection({
      selection: { rows: [], channels: [], cuts: {} },
      columns: ["trapEmax"],
      format: "csv",
      outputPath: path,
    });
    await service.cancelJob({ jobId: handle.jobId });
    await new Promise((r) => setTimeout(r, 200));
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(outDir).filter((f) => f.includes("cancelled"))).toEqual([]);
  });
});
