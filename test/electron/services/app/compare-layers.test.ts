// "Cut vs. not cut" comparison layers through the app service on prod-ref-l200: the two layers' histograms, filled
// as the compare view fills them (automatic ranges, then their union), add up bin by bin to the uncut selection's
// histogram over the same bins, and their counts to the uncut count.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../../../shared/api/jobs.ts";
import type { DataSelection, Histogram1d } from "../../../../shared/api/types.ts";
import { createRealBackend } from "../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../electron/services/app/service.ts";
import { cutVsNotCut, spans, unionRange } from "../../../../renderer/features/compare/layers.ts";
import { ACCEPTANCE_DIR, FILEDB_CONFIG, PROD_REF_DIR } from "../../../fixtures/testdata.ts";

let service: AppService;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "lh5cmp-data-"));
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

const histogram = async (selection: DataSelection, range?: [number, number]): Promise<Histogram1d> =>
  awaitJob(
    service,
    await service.histogram1d({ selection, column: "trapEmax", bins: 50, ...(range ? { range } : {}) }),
  );
const total = (h: Histogram1d) => {
  const s = h.series[0]!.stats;
  return s.entries + s.underflow + s.overflow + s.nan;
};
const count = async (selection: DataSelection) =>
  (await awaitJob(service, await service.countEntries({ selection }))).total;

describe("cut vs. not cut", () => {
  const channels = [1084803, 1084804, 1121600];
  const uncut: DataSelection = { rows: [], channels, cuts: {} };
  const selection: DataSelection = { ...uncut, cuts: { hit: "trapEmax > 5000" } };

  it("splits the selection into the cut and its negation", () => {
    const pair = cutVsNotCut(selection)!;
    expect(pair[0].selection.cuts).toEqual({ hit: "trapEmax > 5000" });
    expect(pair[1].selection.cuts).toEqual({ hit: "not (trapEmax > 5000)" });
    expect(pair[1].selection.channels).toEqual(channels);
    expect(cutVsNotCut(uncut)).toBeNull();
  });

  it("the two layers' counts and bins add up to the uncut selection's", async () => {
    const [cut, notCut] = cutVsNotCut(selection)!;
    // one at a time: a newer live count cancels the one before (as in the app)
    const cutCount = await count(cut.selection);
    const notCutCount = await count(notCut.selection);
    const uncutCount = await count(uncut);
    expect(cutCount).toBe(14); // pygama's q1 selection (acceptance/q1-hit-cut.json) has 14 entries
    expect(notCutCount).toBeGreaterThan(0);
    expect(cutCount + notCutCount).toBe(uncutCount);

    // as the compare view fills them: automatic ranges first, then every layer over their union
    let layers = [await histogram(cut.selection), await histogram(notCut.selection)];
    const union = unionRange(layers)!;
    expect(union[0]).toBeLessThan(5000);
    expect(union[1]).toBeGreaterThan(5000);
    layers = await Promise.all(
      layers.map(async (h, i) => (spans(h, union) ? h : histogram([cut, notCut][i]!.selection, union))),
    );
    const whole = await histogram(uncut, union);
    expect([...layers[0]!.edges]).toEqual([...whole.edges]);
    expect([...layers[1]!.edges]).toEqual([...whole.edges]);
    const summed = layers[0]!.series[0]!.counts.map((c, i) => c + layers[1]!.series[0]!.counts[i]!);
    expect([...summed]).toEqual([...whole.series[0]!.counts]);
    expect(total(layers[0]!) + total(layers[1]!)).toBe(total(whole));
    expect(total(whole)).toBe(uncutCount);
    // nothing falls outside the union: the last bin is closed, so the largest value is binned
    expect(whole.series[0]!.stats.overflow + whole.series[0]!.stats.underflow).toBe(0);
  });
});
