// Exports and entry lists never replace the open dataset's files (any tier, its config) nor the app's own
// state (session, recent list, demo), even with overwrite; inside the app's data folder only its exports
// folder takes output. On a generated dataset, so a failure could not damage the shared test data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { awaitJob } from "../../../../shared/api/jobs.ts";
import type { DataSelection, ExportRequest } from "../../../../shared/api/types.ts";
import { createRealBackend } from "../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../electron/services/app/service.ts";
import { FileDB } from "../../../../electron/services/flow/filedb/index.ts";
import { generateDataset, type GeneratedDataset } from "../../../../electron/services/generator/index.ts";

let root: string;
let appData: string;
let dataset: GeneratedDataset;
let service: AppService;
/** Every file the FileDB lists, with its bytes before the tests. */
let listed: { path: string; size: number; tier: string }[];

const selection: DataSelection = { rows: [0], channels: [], cuts: {} };
const exportTo = async (outputPath: string, extra: Partial<ExportRequest> = {}) =>
  awaitJob(
    service,
    await service.exportSelection({
      selection,
      columns: ["cuspEmax_ctc_cal"],
      format: "csv",
      outputPath,
      overwrite: true,
      ...extra,
    }),
  );

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "lh5-targets-"));
  appData = join(root, "app");
  dataset = await generateDataset(join(root, "data"), { cycles: 2, channels: 2, events: 20, seed: 5 });
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir: appData,
    backend: createRealBackend(),
    roots: [dataset.root],
  });
  await awaitJob(service, await service.openDataset({ path: dataset.filedbConfigPath }));
  const db = await FileDB.create(dataset.filedbConfigPath);
  listed = db.tiers.flatMap((tier) =>
    Array.from({ length: db.nRows }, (_, row) => db.filePath(row, tier))
      .filter((path): path is string => path !== null)
      .map((path) => ({ path, size: statSync(path).size, tier })),
  );
});

afterAll(() => {
  service?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe("export targets", () => {
  it("refuses every file of the open dataset, in every tier, even with overwrite", async () => {
    expect(new Set(listed.map((file) => file.tier)).size).toBeGreaterThan(2);
    for (const file of listed) {
      await expect(exportTo(file.path), file.path).rejects.toMatchObject({
        name: "ProtectedTarget",
        code: "protected-target",
        file: file.path,
      });
      expect(statSync(file.path).size, file.path).toBe(file.size);
    }
    await expect(
      service.saveEntryList({ selection, outputPath: listed[0]!.path, overwrite: true }),
    ).rejects.toThrow(/file of the open dataset/);
  });

  it("refuses the dataset's config, and a dataset file reached through a link", async () => {
    const config = readFileSync(dataset.filedbConfigPath, "utf8");
    await expect(exportTo(dataset.filedbConfigPath)).rejects.toMatchObject({ name: "ProtectedTarget" });
    expect(readFileSync(dataset.filedbConfigPath, "utf8")).toBe(config);
    const hit = listed.find((file) => file.tier === "hit")!;
    const linkDir = join(dataset.root, "link-to-hit");
    symlinkSync(dirname(hit.path), linkDir);
    await expect(exportTo(join(linkDir, basename(hit.path)))).rejects.toMatchObject({
      name: "ProtectedTarget",
    });
    expect(statSync(hit.path).size).toBe(hit.size);
  });

  it("refuses the app's state in its data folder, naming the exports folder instead", async () => {
    const recent = join(appData, "recent.json");
    const before = readFileSync(recent, "utf8");
    expect(JSON.parse(before)).not.toEqual([]);
    await expect(exportTo(recent)).rejects.toMatchObject({ name: "ProtectedTarget" });
    await expect(exportTo(recent)).rejects.toThrow(`save into ${join(appData, "exports")}`);
    expect(readFileSync(recent, "utf8")).toBe(before);
    await expect(service.getAppInfo()).resolves.toMatchObject({ exportDir: join(appData, "exports") });
    for (const target of [
      join(appData, "session.json"),
      join(appData, "selection.csv"),
      join(appData, "demo", "x.csv"),
    ])
      await expect(exportTo(target), target).rejects.toMatchObject({ name: "ProtectedTarget" });
    await expect(
      service.saveEntryList({ selection, outputPath: join(appData, "entries.lh5") }),
    ).rejects.toMatchObject({ name: "ProtectedTarget" });
  });

  it("writes into the app's exports folder and into the opened folders", async () => {
    const info = await service.getAppInfo();
    const inExports = join(info.exportDir, "selection.csv");
    expect((await exportTo(inExports)).rows).toBeGreaterThan(0);
    expect(readFileSync(inExports, "utf8").split("\n")[0]).toContain("cuspEmax_ctc_cal");
    const mine = join(dataset.root, "mine");
    mkdirSync(mine);
    writeFileSync(join(mine, "old.csv"), "old");
    expect((await exportTo(join(mine, "old.csv"))).rows).toBeGreaterThan(0);
    expect(readFileSync(join(mine, "old.csv"), "utf8")).not.toBe("old");
  });
});
