// The app service on the real LEGEND test data: the inventory equals what FileDB computes, the
// details list tables and columns with LGDO types and units, and sessions and roots behave.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { awaitJob } from "../../../../shared/api/jobs.ts";
import type { DatasetInfo, JobProgress } from "../../../../shared/api/types.ts";
import { AppService } from "../../../../electron/services/app/service.ts";
import { createRealBackend } from "../../../../electron/services/app/real-backend.ts";
import { FileDB } from "../../../../electron/services/flow/filedb/index.ts";
import { DATALOADER_CONFIG, FILEDB_CONFIG, PROD_REF_DIR } from "../../../fixtures/testdata.ts";

describe("AppService on prod-ref-l200", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "lh5-service-"));
  let service: AppService;
  let info: DatasetInfo;
  let reference: FileDB;
  const progress: JobProgress[] = [];

  beforeAll(async () => {
    service = new AppService({
      mode: "web",
      version: "0.0.0",
      dataDir,
      backend: createRealBackend(),
      startupPath: FILEDB_CONFIG,
    });
    const handle = await service.openDataset({ path: FILEDB_CONFIG });
    info = await awaitJob(service, handle, { onProgress: (p) => progress.push(p) });
    reference = await FileDB.create(FILEDB_CONFIG);
    await reference.scanTablesColumns();
  });
  afterAll(() => {
    service.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("opens the FileDB config with the standard levels and reports scan problems", () => {
    expect(info.sourceKind).toBe("filedb-config");
    expect(info.tiers).toEqual(["raw", "dsp", "hit", "tcm", "evt"]);
    expect(info.levels.map((l) => l.name)).toEqual(["hit", "tcm", "evt"]);
    expect(info.tablesScanned).toBe(true);
    expect(info.problems.some((p) => p.file.includes("l200-p14-r004-cal"))).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
  });

  it("shows exactly the cycles and tier statuses FileDB computes", async () => {
    const page = await service.queryInventory({ offset: 0, limit: 1000 });
    expect(page.total).toBe(reference.nRows);
    expect(page.matched).toBe(reference.nRows);
    for (const key of reference.keyNames)
      expect(page.keys[key], key).toEqual(Array.from(reference.column(key) as ArrayLike<unknown>, String));
    const status = reference.column("file_status") as Float64Array;
    reference.tiers.forEach((tier, t) => {
      const bit = 2 ** (reference.tiers.length - 1 - t);
      expect(Array.from(page.tiers[tier]!.present), tier).toEqual(
        Array.from(status, (s) => Math.floor(s / bit) % 2),
      );
      expect(Array.from(page.tiers[tier]!.size), tier).toEqual(
        Array.from(reference.column(`${tier}_size`) as Float64Array),
      );
      const tables = reference.column(`${tier}_tables`) as (unknown[] | null)[];
      expect(Array.from(page.tiers[tier]!.channels), tier).toEqual(
        tables.map((list) => (list ? list.length : -1)),
      );
    });
    // pygama's four p03/r001 cycles are among them, with raw, dsp, hit and tcm present.
    const r001 = page.keys.run!.map((run, i) => (run === "r001" ? i : -1)).filter((i) => i >= 0);
    expect(r001).toHaveLength(4);
    for (const i of r001)
      expect(["raw", "dsp", "hit", "tcm"].map((t) => page.tiers[t]!.present[i])).toEqual([1, 1, 1, 1]);
  });

  it("filters with the shared query language and reports errors at their position", async () => {
    const cal = await service.queryInventory({
      query: "type == 'cal' and run == 'r001'",
      offset: 0,
      limit: 10,
    });
    expect(cal.matched).toBe(2);
    expect(cal.keys.type).toEqual(["cal", "cal"]);
    await expect(
      service.queryInventory({ query: "type == 'cal' and", offset: 0, limit: 10 }),
    ).rejects.toMatchObject({
      position: expect.any(Number) as number,
    });
    await expect(
      service.queryInventory({ query: "tpye == 'cal'", offset: 0, limit: 10 }),
    ).rejects.toMatchObject({
      position: 0,
    });
  });

  it("lists a cycle's files, tables, and columns with LGDO type and units", async () => {
    const page = await service.queryInventory({
      query: "type == 'cal' and run == 'r001'",
      offset: 0,
      limit: 1,
    });
    const details = await service.getCycleDetails({ row: page.rows[0]! });
    expect(details.keys.type).toBe("cal");
    const raw = details.files.find((f) => f.tier === "raw")!;
    expect(raw.exists).toBe(true);
    expect(raw.tables.map((t) => t.name)).toEqual(["ch1084803/raw", "ch1084804/raw", "ch1121600/raw"]);
    const waveform = raw.tables[0]!.columns.find((c) => c.name === "waveform")!;
    expect(waveform.lgdoType).toMatch(/^table\{/);
    const dsp = details.files.find((f) => f.tier === "dsp")!;
    const columns = dsp.tables[0]!.columns;
    expect(columns.find((c) => c.name === "trapEmax")?.lgdoType).toMatch(/^array<1>\{real\}/);
    expect(columns.some((c) => c.units !== null)).toBe(true);
    expect(dsp.tables[0]!.nRows).toBeGreaterThan(0);
    const evt = details.files.find((f) => f.tier === "evt")!;
    expect(evt.exists).toBe(false);
    await expect(service.getCycleDetails({ row: 999 })).rejects.toThrow(/No cycle at row 999/);
  });

  it("opens the production folder with the proposed config (files only) and finds the same cycles", async () => {
    // The folder above the config's data_dir was not opened yet: refused until the user picks it.
    await expect(service.openDataset({ path: PROD_REF_DIR })).rejects.toMatchObject({
      name: "ForbiddenPath",
    });
    service.allowPath(PROD_REF_DIR);
    const handle = await service.openDataset({ path: PROD_REF_DIR, scanTables: false });
    const folder = await awaitJob(service, handle);
    expect(folder.sourceKind).toBe("production-folder");
    expect(folder.tiers).toEqual(["raw", "dsp", "hit", "tcm"]);
    const page = await service.queryInventory({ offset: 0, limit: 100 });
    expect(page.keys.timestamp).toEqual(
      Array.from(reference.column("timestamp") as ArrayLike<unknown>, String),
    );
    expect(Array.from(page.tiers.raw!.channels)).toEqual(page.keys.timestamp!.map(() => -1));
    expect((await service.listRecent()).map((r) => r.path)).toEqual([PROD_REF_DIR, FILEDB_CONFIG]);
  });

  it("tells recent-list listeners each dataset that enters the list, until they unsubscribe", async () => {
    const heard: string[] = [];
    const unsubscribe = service.onRecentChanged((path) => heard.push(path));
    service.allowPath(DATALOADER_CONFIG);
    // a DataLoader config without `filedb` only changes the levels of the open dataset: no scan
    await awaitJob(service, await service.openDataset({ path: DATALOADER_CONFIG }));
    expect(heard).toEqual([DATALOADER_CONFIG]);
    expect((await service.listRecent())[0]!.path).toBe(DATALOADER_CONFIG);
    unsubscribe();
    await awaitJob(service, await service.openDataset({ path: DATALOADER_CONFIG }));
    expect(heard).toEqual([DATALOADER_CONFIG]);
  });

  it("cancels an open job", async () => {
    const handle = await service.openDataset({ path: FILEDB_CONFIG });
    await service.cancelJob({ jobId: handle.jobId });
    await expect(awaitJob(service, handle)).rejects.toMatchObject({ name: "Cancelled" });
  });
});
