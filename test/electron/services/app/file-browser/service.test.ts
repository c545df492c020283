// @vitest-environment node
// The file browser through the service (as IPC and web mode call it): paths only inside the opened
// roots, the work done in the worker pool, errors as data naming the file and object, and a tier file
// given to openDataset told to be browsed instead.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRealBackend } from "../../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../../electron/services/app/service.ts";
import { awaitJob } from "../../../../../shared/api/jobs.ts";
import { P14_RAW_FILE } from "../../../../fixtures/testdata.ts";

describe("file browser in the service", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "lh5-file-browser-"));
  const service = new AppService({
    mode: "web",
    version: "0.0.0",
    dataDir,
    backend: createRealBackend(),
    roots: [P14_RAW_FILE],
  });
  afterAll(() => {
    service.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("opens the file given, lists one group per request, pages and draws through the workers", async () => {
    const summary = await service.openLh5File({ path: P14_RAW_FILE });
    expect(summary.name).toBe("l200-p14-r004-cal-20250606T010224Z-tier_raw.lh5");
    expect(summary.bytes).toBeGreaterThan(1_000_000);
    expect(summary.children.map((n) => n.path)).toContain("ch1105600");
    const raw = await service.listLh5Group({ path: P14_RAW_FILE, group: "/ch1105600/raw/" });
    expect(raw.find((n) => n.name === "waveform_windowed")?.views.waveforms).toBe(true);
    const page = await service.lh5TablePage({
      path: P14_RAW_FILE,
      table: "ch1105600/raw",
      offset: 0,
      limit: 10,
    });
    expect(page.columns.find((c) => c.name === "baseline")?.numbers).toBeInstanceOf(Uint16Array);
    const waveforms = await service.lh5WaveformPage({
      path: P14_RAW_FILE,
      waveform: "ch1105600/raw/waveform_presummed",
      start: 0,
      count: 5,
    });
    expect(waveforms.traces[0]!.values).toBeInstanceOf(Float32Array);
    const histogram = await service.lh5Histogram({
      path: P14_RAW_FILE,
      column: "ch1105600/raw/baseline",
      bins: 10,
    });
    expect(histogram.series[0]!.stats.entries).toBe(1);
  });

  it("refuses paths outside the opened roots, and names file and object in errors", async () => {
    await expect(
      service.openLh5File({ path: join(dirname(P14_RAW_FILE), "other.lh5") }),
    ).rejects.toMatchObject({
      name: "ForbiddenPath",
    });
    await expect(service.listLh5Group({ path: "/etc/passwd", group: "" })).rejects.toMatchObject({
      name: "ForbiddenPath",
    });
    await expect(
      service.lh5TablePage({ path: P14_RAW_FILE, table: "ch1105600/raw/baseline", offset: 0, limit: 10 }),
    ).rejects.toThrow(/tier_raw\.lh5: \/ch1105600\/raw\/baseline: not a table \(array\)/);
  });

  it("openDataset on a tier file says to browse it", async () => {
    await expect(awaitJob(service, await service.openDataset({ path: P14_RAW_FILE }))).rejects.toThrow(
      /is a single LH5 data file, not a dataset/,
    );
  });

  it("remembers a browsed file in the recent list, and a restarted service may open it again", async () => {
    await service.openLh5File({ path: P14_RAW_FILE });
    expect((await service.listRecent()).find((r) => r.path === P14_RAW_FILE)?.kind).toBe("lh5-file");
    // the next process: no root given, only what the user opened before (the recent list)
    const restarted = new AppService({
      mode: "web",
      version: "0.0.0",
      dataDir,
      backend: createRealBackend(),
    });
    try {
      expect((await restarted.openLh5File({ path: P14_RAW_FILE })).name).toMatch(/tier_raw\.lh5$/);
      await expect(
        restarted.openLh5File({ path: join(dirname(P14_RAW_FILE), "other.lh5") }),
      ).rejects.toMatchObject({ name: "ForbiddenPath" });
    } finally {
      restarted.dispose();
    }
  });
});
