// @vitest-environment node
// nearestEntry: a click on a 2-D histogram picks the entry nearest to the point, on the real prod-ref-l200
// files, and names it by the position the waveform pages use (also inside a clicked bin's box). And the
// columns a 2-D histogram offers are typed even in a process that has not loaded h5wasm yet.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../../../../shared/api/jobs.ts";
import type { DataSelection, WaveformValueRange } from "../../../../../shared/api/types.ts";
import { createRealBackend } from "../../../../../electron/services/app/real-backend.ts";
import { nearestPoint } from "../../../../../electron/services/app/exploration/nearest-entry.ts";
import { AppService } from "../../../../../electron/services/app/service.ts";
import { discardH5AfterAbort, initH5 } from "../../../../../electron/services/lh5/h5.ts";
import { ACCEPTANCE_DIR, FILEDB_CONFIG, PROD_REF_DIR } from "../../../../fixtures/testdata.ts";

const selection: DataSelection = {
  rows: [],
  fileQuery: "timestamp == '20230318T012144Z'",
  channels: [],
  cuts: {},
};
const x = { column: "trapEmax" };
const y = { column: "A_max" };

describe("nearestPoint", () => {
  it("equals a brute-force search in scaled units, over all points and over candidates", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 100;
    const xs = Float64Array.from({ length: 500 }, random);
    const ys = Float64Array.from({ length: 500 }, () => random() / 100);
    xs[3] = Number.NaN; // never picked
    const candidates = Uint32Array.from({ length: 250 }, (_, i) => i * 2);
    for (let trial = 0; trial < 50; trial++) {
      const at: [number, number] = [random(), random() / 100];
      const distance = (i: number) => ((xs[i]! - at[0]) / 10) ** 2 + ((ys[i]! - at[1]) / 0.1) ** 2;
      const all = [...xs.keys()].filter((i) => !Number.isNaN(distance(i)));
      const best = all.reduce((a, b) => (distance(b) < distance(a) ? b : a));
      expect(nearestPoint(xs, ys, at, [10, 0.1])).toEqual({ rank: best, index: best });
      const evens = all.filter((i) => i % 2 === 0);
      const bestEven = evens.reduce((a, b) => (distance(b) < distance(a) ? b : a));
      expect(nearestPoint(xs, ys, at, [10, 0.1], candidates)).toEqual({
        rank: bestEven / 2,
        index: bestEven,
      });
    }
  });

  it("finds nothing among no finite points", () => {
    expect(nearestPoint([Number.NaN], [1], [0, 0], [1, 1]).index).toBe(-1);
    expect(nearestPoint([], [], [0, 0], [1, 1]).index).toBe(-1);
  });
});

describe("nearestEntry on prod-ref-l200", () => {
  let service: AppService;
  let dataDir: string;

  beforeAll(async () => {
    await initH5();
    dataDir = mkdtempSync(join(tmpdir(), "lh5near-data-"));
    service = new AppService({
      mode: "web",
      version: "test",
      dataDir,
      backend: createRealBackend(),
      roots: [ACCEPTANCE_DIR, PROD_REF_DIR],
    });
    await awaitJob(service, await service.openDataset({ path: FILEDB_CONFIG }));
  });

  afterAll(() => {
    service?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("names the entry at the clicked values by its waveform-page position, in the whole list and in a box", async () => {
    const page = await service.waveformPage({
      selection,
      columns: [],
      start: 0,
      count: 100,
      legendColumns: ["trapEmax", "A_max"],
    });
    const xs = page.legend.trapEmax!.values;
    const ys = page.legend.A_max!.values;
    expect(page.totalEntries).toBe(30);
    for (const position of [0, 11, 29]) {
      const found = await service.nearestEntry({
        selection,
        x,
        y,
        at: [xs[position]!, ys[position]!],
        scale: [1, 1],
      });
      expect(found).toEqual({ position, totalEntries: 30, x: xs[position], y: ys[position] });
    }
    // a box around entry 11 (as a clicked 2-D bin): the position counts in the box's list, as its pages do
    const range: WaveformValueRange = {
      column: "trapEmax",
      lo: xs[11]! - 3000,
      hi: xs[11]! + 3000,
      column2: "A_max",
      lo2: ys[11]! - 1000,
      hi2: ys[11]! + 1000,
    };
    const inBox = await service.waveformPage({
      selection,
      columns: [],
      start: 0,
      count: 100,
      legendColumns: ["trapEmax"],
      valueRange: range,
    });
    expect(inBox.totalEntries).toBeGreaterThan(1);
    expect(inBox.totalEntries).toBeLessThan(30);
    const found = await service.nearestEntry({
      selection,
      x,
      y,
      at: [xs[11]! + 0.01, ys[11]!],
      scale: [3000, 1000],
      valueRange: range,
    });
    expect(found?.totalEntries).toBe(inBox.totalEntries);
    expect(inBox.legend.trapEmax!.values[found!.position]).toBe(xs[11]);
  });

  it("lists typed columns also before this thread loaded h5wasm (a restart served from the inventory store)", async () => {
    discardH5AfterAbort("a fresh process: no file opened yet");
    const columns = await service.listColumns({ rows: [] });
    expect(columns.find((c) => c.tier === "dsp" && c.name === "trapEmax")).toMatchObject({
      lgdoType: "array<1>{real}",
      dtype: "float32",
    });
  });

  it("answers null for an empty box and refuses a point that is not finite", async () => {
    const empty: WaveformValueRange = { column: "trapEmax", lo: -2, hi: -1 };
    await expect(
      service.nearestEntry({ selection, x, y, at: [0, 0], scale: [1, 1], valueRange: empty }),
    ).resolves.toBeNull();
    await expect(
      service.nearestEntry({ selection, x, y, at: [Number.NaN, 0], scale: [1, 1] }),
    ).rejects.toThrow(/not finite/);
  });
});
