// A config's data folder opens up folders for reading and for exports: only inside the opened folders, or
// confirmed by the user, and never a too broad one (the file-system root, top-level and system folders,
// the home folder and its hidden folders).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { awaitJob } from "../../../../shared/api/jobs.ts";
import { AppService, type AppServiceOptions } from "../../../../electron/services/app/service.ts";
import { createRealBackend } from "../../../../electron/services/app/real-backend.ts";
import { broadRootReason } from "../../../../electron/services/app/roots.ts";
import { PROD_REF_DIR } from "../../../fixtures/testdata.ts";

describe("broadRootReason", () => {
  const home = "/home/alice";
  it("refuses the root, top-level folders, the home folder and what holds it", () => {
    for (const folder of ["/", "/home", "/usr", "/etc", "/data", "/tmp", "/home/alice", "/home/alice/"])
      expect(broadRootReason(folder, home), folder).not.toBeNull();
  });

  it("refuses hidden folders of the home folder and anything in system folders", () => {
    for (const folder of [
      "/home/alice/.ssh",
      "/home/alice/.config/x",
      "/etc/cron.d",
      "/usr/local/data",
      "/var/lib/x",
    ])
      expect(broadRootReason(folder, home), folder).not.toBeNull();
  });

  it("accepts a dataset's own folder", () => {
    for (const folder of [
      "/home/alice/legend/prod",
      "/data/legend",
      "/global/cfs/legend/tier",
      "/home/bob/data",
    ])
      expect(broadRootReason(folder, home), folder).toBeNull();
  });

  it("names the reason", () => {
    expect(broadRootReason("/", home)).toBe("the whole file system");
    expect(broadRootReason(homedir())).toMatch(/home folder/);
  });
});

describe("opening a config whose data folder is outside the opened folders", () => {
  const base = mkdtempSync(join(tmpdir(), "lh5-roots-"));
  const opened = join(base, "opened");
  const elsewhere = join(base, "elsewhere");
  const configFor = (dataDir: string, name: string, tierDirs: Record<string, string> = { raw: "/raw" }) => {
    const path = join(opened, name);
    writeFileSync(
      path,
      JSON.stringify({
        data_dir: dataDir,
        tier_dirs: tierDirs,
        file_format: { raw: "/{run}-{timestamp}.lh5" },
        table_format: { raw: "t" },
      }),
    );
    return path;
  };
  const services: AppService[] = [];
  const serviceWith = (extra: Partial<AppServiceOptions> = {}) => {
    const service = new AppService({
      mode: "web",
      version: "0.0.0",
      dataDir: join(base, "app"),
      backend: createRealBackend(),
      roots: [opened],
      ...extra,
    });
    services.push(service);
    return service;
  };
  const open = async (service: AppService, path: string, confirmedFolders?: string[]) =>
    awaitJob(service, await service.openDataset({ path, ...(confirmedFolders ? { confirmedFolders } : {}) }));

  beforeAll(() => {
    for (const dir of [join(opened, "data", "raw"), join(elsewhere, "raw")])
      mkdirSync(dir, { recursive: true });
  });
  afterAll(() => {
    for (const service of services) service.dispose();
    rmSync(base, { recursive: true, force: true });
  });

  it("never opens up '/', the home folder or system folders, confirmed or not", async () => {
    const service = serviceWith();
    for (const dataDir of ["/", homedir(), "/etc", "/usr/share"]) {
      const config = configFor(dataDir, "hostile.json");
      await expect(open(service, config, [dataDir]), dataDir).rejects.toMatchObject({
        name: "ForbiddenRoot",
        code: "forbidden-root",
      });
    }
    // nothing was added: /etc/passwd is still refused, and the roots hold no broad folder
    expect((await service.getAppInfo()).roots).not.toContain("/");
    await expect(service.inspectSource({ path: "/etc/passwd" })).rejects.toMatchObject({
      name: "ForbiddenPath",
    });
    await expect(service.loadEntryList({ path: "/etc/passwd" })).rejects.toMatchObject({
      name: "ForbiddenPath",
    });
  });

  it("refuses a tier folder that leads out of the data folder to '/'", async () => {
    const config = configFor("data", "escape.json", { raw: "/../../../../../../../../../../" });
    await expect(open(serviceWith(), config)).rejects.toMatchObject({ name: "ForbiddenRoot" });
  });

  it("opens a data folder inside the opened folders without asking", async () => {
    const info = await open(serviceWith(), configFor("$_/data", "inside.json"));
    expect(info.dataDir).toBe(join(opened, "data"));
  });

  it("answers NeedsConfirmation naming the folder, and opens once the user confirmed it", async () => {
    const service = serviceWith();
    const config = configFor(elsewhere, "outside.json");
    await expect(open(service, config)).rejects.toMatchObject({
      name: "NeedsConfirmation",
      code: "needs-confirmation",
      file: elsewhere,
    });
    await expect(service.inspectSource({ path: join(elsewhere, "raw") })).rejects.toMatchObject({
      name: "ForbiddenPath",
    });
    const info = await open(service, config, [elsewhere]);
    expect(info.dataDir).toBe(elsewhere);
    expect((await service.getAppInfo()).roots).toContain(elsewhere);
    // a later session reopens it from the recent list without asking again
    const later = serviceWith();
    expect((await open(later, config)).dataDir).toBe(elsewhere);
  });

  it("asks through confirmRoot when the shell provides it (Electron's dialog)", async () => {
    const asked: { folder: string; source: string }[] = [];
    const other = join(base, "other");
    mkdirSync(join(other, "raw"), { recursive: true });
    const config = configFor(other, "asked.json");
    const declining = serviceWith({
      dataDir: join(base, "app-declining"),
      confirmRoot: (request) => {
        asked.push(request);
        return Promise.resolve(false);
      },
    });
    await expect(open(declining, config)).rejects.toMatchObject({ name: "ForbiddenPath", file: other });
    expect(asked).toEqual([{ folder: other, source: config }]);
    const accepting = serviceWith({
      dataDir: join(base, "app-accepting"),
      confirmRoot: () => Promise.resolve(true),
    });
    expect((await open(accepting, config)).dataDir).toBe(other);
  });

  it("takes a config given on the command line as confirmed (its data folder may be elsewhere)", async () => {
    const other = join(base, "cli-data");
    mkdirSync(join(other, "raw"), { recursive: true });
    const config = configFor(other, "cli.json");
    const service = serviceWith({ dataDir: join(base, "app-cli"), startupPath: config });
    expect((await open(service, config)).dataDir).toBe(other);
  });

  it("keeps a production folder working: its data folder is inside it", async () => {
    const service = serviceWith({ dataDir: join(base, "app-prod"), roots: [PROD_REF_DIR] });
    const info = await awaitJob(
      service,
      await service.openDataset({ path: PROD_REF_DIR, scanTables: false }),
    );
    expect(info.dataDir).toBe(join(PROD_REF_DIR, "generated", "tier"));
  });
});
