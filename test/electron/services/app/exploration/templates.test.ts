// Waveform templates, derivative and spectrum through the app service on the real prod-ref-l200 files:
// the streamed template equals the mean and numpy-style quantiles of the same waveforms fetched as one
// page, whatever the page size; the transforms equal the analysis functions on the reader's samples.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../../../../shared/api/jobs.ts";
import type { DataSelection } from "../../../../../shared/api/types.ts";
import { derivative, powerSpectrum } from "../../../../../electron/services/analysis/spectrum.ts";
import { waveformTemplate } from "../../../../../electron/services/app/exploration/templates.ts";
import { createRealBackend } from "../../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../../electron/services/app/service.ts";
import { ACCEPTANCE_DIR, FILEDB_CONFIG, PROD_REF_DIR } from "../../../../fixtures/testdata.ts";

let service: AppService;
let dataDir: string;
/** Every entry of every channel of the cycles with raw files (r000 has none; see missing-waveforms.test.ts). */
const selection: DataSelection = { rows: [], fileQuery: "run != 'r000'", channels: [], cuts: {} };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "lh5e-templates-"));
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

/** numpy.quantile's default (linear) of a sorted list. */
function quantile(sorted: number[], q: number): number {
  const position = q * (sorted.length - 1);
  const k = Math.floor(position);
  const f = position - k;
  return f > 0 ? sorted[k]! + f * (sorted[k + 1]! - sorted[k]!) : sorted[k]!;
}

describe("waveformTemplate", () => {
  it("streams every waveform of the selection into the mean, median and band of the same waveforms", async () => {
    const all = await service.waveformPage({ selection, columns: ["waveform"], start: 0, count: 10_000 });
    expect(all.entries.length).toBe(all.totalEntries);
    const { nSamples, values: pageValues, dt: pageDt } = all.traces[0]!;
    // entries of a cycle without its raw file have no waveform (missing-waveforms.test.ts): not averaged
    const drawn = [...pageDt.keys()].filter((i) => !Number.isNaN(pageDt[i]!));
    const n = drawn.length;
    expect(n).toBeGreaterThan(100);
    const values = new Float32Array(n * nSamples);
    drawn.forEach((p, i) => values.set(pageValues.subarray(p * nSamples, (p + 1) * nSamples), i * nSamples));
    // the reference is on one time grid only if every trace starts at the same time
    expect(new Set(drawn.map((p) => all.traces[0]!.t0[p])).size).toBe(1);

    const template = await awaitJob(
      service,
      await service.waveformTemplate({ selection, column: "waveform" }),
    );
    expect(template.traces).toBe(n);
    expect(template.mean.length).toBe(nSamples);
    expect(template.dt).toBe(pageDt[drawn[0]!]);
    expect(template.timeUnits).toBe(all.traces[0]!.timeUnits);
    for (const s of [0, 1, Math.floor(nSamples / 2), nSamples - 1]) {
      const column = Array.from({ length: n }, (_, i) => values[i * nSamples + s]!);
      const mean = column.reduce((a, b) => a + b, 0) / n;
      expect(template.mean[s]).toBeCloseTo(mean, 6);
      column.sort((a, b) => a - b);
      for (const [q, got] of [
        [0.16, template.low[s]!],
        [0.5, template.median[s]!],
        [0.84, template.high[s]!],
      ] as const) {
        expect(Math.abs(got - quantile(column, q)), `q ${q} of sample ${s}`).toBeLessThanOrEqual(
          template.resolution,
        );
      }
    }
    // the persistence view counts every finite sample of every trace once
    const counted = template.density.counts.reduce((a, b) => a + b, 0);
    expect(counted).toBe(n * nSamples);
  });

  it("gives the same template in small pages, and reports progress per page", async () => {
    const whole = await awaitJob(service, await service.waveformTemplate({ selection, column: "waveform" }));
    const progress: number[] = [];
    const job = {
      signal: new AbortController().signal,
      progress: (p: { done: number }) => progress.push(p.done),
    };
    const paged = await waveformTemplate(
      { selection, column: "waveform" },
      (p) => service.waveformPage(p),
      job,
      37,
    );
    expect(progress.length).toBe(Math.ceil(whole.traces / 37));
    expect(progress.at(-1)).toBe(whole.traces);
    expect([...paged.mean]).toEqual([...whole.mean]);
    expect([...paged.median]).toEqual([...whole.median]);
    expect([...paged.density.counts]).toEqual([...whole.density.counts]);
  });

  it("stops when cancelled", async () => {
    const controller = new AbortController();
    controller.abort(new Error("cancelled by the test"));
    const job = { signal: controller.signal, progress: () => undefined };
    await expect(
      waveformTemplate({ selection, column: "waveform" }, (p) => service.waveformPage(p), job, 37),
    ).rejects.toThrow(/cancelled by the test/);
  });

  it("refuses an empty selection with a message", async () => {
    const none: DataSelection = { ...selection, cuts: { hit: "trapEmax < -1" } };
    await expect(
      awaitJob(service, await service.waveformTemplate({ selection: none, column: "waveform" })),
    ).rejects.toThrow(/nothing to average/);
  });
});

describe("derivative and spectrum transforms", () => {
  it("draw dv/dt and the power spectrum (in MHz) of the reader's samples", async () => {
    // an entry with a waveform (the first cycle has no raw file)
    const head = (await service.waveformPage({ selection, columns: ["waveform"], start: 0, count: 10_000 }))
      .traces[0]!.dt;
    const start = head.findIndex((dt) => !Number.isNaN(dt)) + 3;
    const request = { selection, columns: ["waveform"], start, count: 1 };
    const raw = (await service.waveformPage(request)).traces[0]!;
    const wf = { t0: raw.t0[0]!, dt: raw.dt[0]!, values: raw.values };
    expect(raw.timeUnits).toBe("ns");

    const slope = (await service.waveformPage({ ...request, transforms: [{ kind: "derivative" }] }))
      .traces[0]!;
    expect([...slope.values]).toEqual([...Float32Array.from(derivative(wf).values)]);

    const spectrum = (await service.waveformPage({ ...request, transforms: [{ kind: "spectrum" }] }))
      .traces[0]!;
    const expected = powerSpectrum(wf);
    expect(spectrum.timeUnits).toBe("MHz");
    expect(spectrum.t0[0]).toBe(0);
    expect(spectrum.dt[0]).toBeCloseTo(expected.frequency[1]! * 1000, 12);
    // the density per MHz: per GHz (1/ns) divided by 1000
    expect([...spectrum.values]).toEqual([...Float32Array.from(expected.density, (v) => v / 1000)]);
  });

  it("refuses a spectrum that is not the last transform", async () => {
    await expect(
      service.waveformPage({
        selection,
        columns: ["waveform"],
        start: 0,
        count: 1,
        transforms: [{ kind: "spectrum" }, { kind: "derivative" }],
      }),
    ).rejects.toThrow(/spectrum must be the last/);
  });
});
