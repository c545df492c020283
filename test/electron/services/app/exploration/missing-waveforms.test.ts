// Waveforms of entries whose cycle has no raw file (prod-ref-l200's p03 r000 cycle has dsp only, as when raw
// files are archived): the waveform page draws them as nothing and counts them with the cycle's name, the
// other entries' samples are untouched, and a template averages only the entries that have the waveform.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitJob } from "../../../../../shared/api/jobs.ts";
import type { DataSelection, WaveformPage } from "../../../../../shared/api/types.ts";
import { createRealBackend } from "../../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../../electron/services/app/service.ts";
import { ACCEPTANCE_DIR, FILEDB_CONFIG, PROD_REF_DIR } from "../../../../fixtures/testdata.ts";

const ARCHIVED = "l200-p03-r000-cal-20230311T235840Z";
let service: AppService;
let dataDir: string;
/** 14 entries of the cycle without raw (its only channel, 1104000, has 38343 rows) and the low ones of the others. */
const selection: DataSelection = {
  rows: [],
  channels: [],
  cuts: { hit: "trapEmax > 18000 or trapEmax < 1000" },
};
let all: WaveformPage;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "lh5e-missing-wf-"));
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir,
    backend: createRealBackend(),
    roots: [ACCEPTANCE_DIR, PROD_REF_DIR],
  });
  await awaitJob(service, await service.openDataset({ path: FILEDB_CONFIG }));
  all = await service.waveformPage({ selection, columns: ["waveform"], start: 0, count: 10_000 });
});

afterAll(() => {
  service?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Positions in `page` of entries of the cycle without a raw file. */
function archivedPositions(page: WaveformPage): number[] {
  const identity = page.identity!;
  return [...identity.cycle.keys()].filter((i) => identity.cycles[identity.cycle[i]!]!.key === ARCHIVED);
}

describe("entries of a cycle without its raw file", () => {
  it("are in the page without samples, counted once with the cycle named; the rest have waveforms", () => {
    expect(all.entries.length).toBe(all.totalEntries);
    const archived = archivedPositions(all);
    expect(archived.length).toBeGreaterThan(0);
    expect(archived.length).toBeLessThan(all.entries.length);
    const trace = all.traces[0]!;
    expect(trace.missing).toEqual({ entries: archived.length, reasons: [`${ARCHIVED} has no raw/hit file`] });
    const isArchived = new Set(archived);
    for (let i = 0; i < all.entries.length; i++) {
      const row = trace.values.subarray(i * trace.nSamples, (i + 1) * trace.nSamples);
      if (isArchived.has(i)) {
        expect(trace.dt[i]).toBeNaN();
        expect(row.every(Number.isNaN)).toBe(true);
      } else {
        expect(trace.dt[i]).toBe(16);
        expect(row.some(Number.isNaN)).toBe(false);
      }
    }
  });

  it("a page of only such entries is no error: every entry counted, none drawn", async () => {
    const first = archivedPositions(all)[0]!;
    const page = await service.waveformPage({ selection, columns: ["waveform"], start: first, count: 1 });
    expect(page.traces[0]!.missing?.entries).toBe(1);
    expect(page.traces[0]!.nSamples).toBe(0);
  });

  it("a template averages the entries with waveforms and reports the others", async () => {
    const template = await awaitJob(
      service,
      await service.waveformTemplate({ selection, column: "waveform" }),
    );
    const archived = archivedPositions(all).length;
    expect(template.traces).toBe(all.entries.length - archived);
    expect(template.missing).toEqual({ entries: archived, reasons: [`${ARCHIVED} has no raw/hit file`] });
  });
});
