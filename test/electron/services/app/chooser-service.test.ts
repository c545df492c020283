// Web mode's "chosen by the user": a path outside the opened folders opens or takes an export only with
// the permission the file chooser got for it; naming the path is not enough, and the permission does not
// lift the rules on protected targets. On a generated dataset in a folder the service never opened.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { awaitJob } from "../../../../shared/api/jobs.ts";
import type { DataSelection, SessionState } from "../../../../shared/api/types.ts";
import { createRealBackend } from "../../../../electron/services/app/real-backend.ts";
import { AppService } from "../../../../electron/services/app/service.ts";
import { generateDataset, type GeneratedDataset } from "../../../../electron/services/generator/index.ts";

let root: string;
let dataset: GeneratedDataset;
let service: AppService;
const selection: DataSelection = { rows: [0], channels: [], cuts: {} };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "lh5-chooser-service-"));
  dataset = await generateDataset(join(root, "data"), { cycles: 2, channels: 2, events: 20, seed: 7 });
  service = new AppService({
    mode: "web",
    version: "test",
    dataDir: join(root, "app"),
    backend: createRealBackend(),
  });
});
afterAll(() => {
  service?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe("the file chooser's permissions in the service", () => {
  it("lists a folder that was never opened, names and kinds only", async () => {
    const listing = await service.listFolder({ path: dataset.root, purpose: "open" });
    expect(listing.path).toBe(dataset.root);
    expect(listing.entries.some((entry) => entry.kind === "file" && entry.matches)).toBe(true);
    expect(listing.places.map((place) => place.label)).toContain("Exports");
  });

  it("opens a path outside the opened folders only with the chooser's permission, once", async () => {
    const path = dataset.filedbConfigPath;
    await expect(service.openDataset({ path })).rejects.toMatchObject({ name: "ForbiddenPath" });
    const { grant } = await service.choosePath({ path, purpose: "open" });
    await expect(service.openDataset({ path, grant: "f".repeat(32) })).rejects.toMatchObject({
      name: "ForbiddenPath",
    });
    // the chosen config reads a data folder outside the opened ones: that still needs its own confirmation
    await expect(awaitJob(service, await service.openDataset({ path, grant }))).rejects.toMatchObject({
      name: "NeedsConfirmation",
    });
    // the permission is used up, but the config now counts as opened by the user (like a dialog's pick)
    expect(service.roots.contains(path)).toBe(true);
    await expect(service.openDataset({ path: dataset.root, grant })).rejects.toMatchObject({
      name: "ForbiddenPath",
    });
    const tierFolder = join(dataset.root, "generated", "tier");
    const info = await awaitJob(service, await service.openDataset({ path, confirmedFolders: [tierFolder] }));
    expect(info.nCycles).toBe(2);
  });

  it("exports into a new folder only with a save permission, and never onto the dataset's config", async () => {
    const folder = mkdtempSync(join(tmpdir(), "lh5-chooser-out-"));
    try {
      const outputPath = join(folder, "sel.csv");
      const request = { selection, columns: ["cuspEmax_ctc_cal"], format: "csv" as const, outputPath };
      await expect(service.exportSelection(request)).rejects.toMatchObject({ name: "ForbiddenPath" });
      const openGrant = await service.choosePath({ path: folder, purpose: "open" });
      await expect(service.exportSelection({ ...request, grant: openGrant.grant })).rejects.toMatchObject({
        name: "ForbiddenPath",
      });
      const { grant } = await service.choosePath({ path: outputPath, purpose: "save" });
      const result = await awaitJob(service, await service.exportSelection({ ...request, grant }));
      expect(result.rows).toBeGreaterThan(0);
      expect(readFileSync(outputPath, "utf8")).toContain("cuspEmax_ctc_cal");
      const config = await service.choosePath({ path: dataset.filedbConfigPath, purpose: "save" });
      await expect(
        service.exportSelection({
          ...request,
          outputPath: dataset.filedbConfigPath,
          overwrite: true,
          grant: config.grant,
        }),
      ).rejects.toMatchObject({ name: "ProtectedTarget" });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("saves a view through the chooser and reads it back, and refuses the app's own state", async () => {
    mkdirSync(join(root, "views"), { recursive: true });
    const path = join(root, "views", "cal.json");
    const state: SessionState = {
      dataset: { path: dataset.filedbConfigPath, kind: "filedb-config" },
      selection: { rows: [1], focusedRow: 1 },
      query: "",
      layout: {},
      sections: { channels: ["ch0"] },
    };
    await expect(service.saveView({ path, state })).rejects.toMatchObject({ name: "ForbiddenPath" });
    const save = await service.choosePath({ path, purpose: "save" });
    await service.saveView({ path, state, grant: save.grant });
    expect(existsSync(path)).toBe(true);
    const open = await service.choosePath({ path, purpose: "open" });
    const loaded = await service.loadView({ path, grant: open.grant });
    expect(loaded.dataset).toEqual(state.dataset);
    expect(loaded.sections).toEqual({ channels: ["ch0"] });
    const session = join(root, "app", "session.json");
    const own = await service.choosePath({ path: session, purpose: "save" });
    await expect(service.saveView({ path: session, state, grant: own.grant })).rejects.toMatchObject({
      name: "ProtectedTarget",
    });
  });
});
