import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  inspectSource,
  levelsFromLoaderConfig,
  loaderFileDbPath,
  standardLevels,
} from "../../../../electron/services/app/sources.ts";
import { RootSet } from "../../../../electron/services/app/roots.ts";
import { SessionStore } from "../../../../electron/services/app/session-store.ts";
import { userDataDir } from "../../../../electron/services/app/data-dir.ts";
import { getH5, initH5 } from "../../../../electron/services/lh5/h5.ts";
import {
  DATALOADER_CONFIG,
  FILEDB_CONFIG,
  PROD_REF_DIR,
  PROD_REF_TIER_DIR,
} from "../../../fixtures/testdata.ts";

const temp = mkdtempSync(join(tmpdir(), "lh5-sources-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("inspectSource", () => {
  it("recognises the real LEGEND production folder by its dataflow config.json and proposes pygama's FileDB config", async () => {
    const info = await inspectSource(PROD_REF_DIR);
    expect(info.kind).toBe("production-folder");
    const acceptance = JSON.parse(readFileSync(FILEDB_CONFIG, "utf8")) as Record<
      string,
      Record<string, string>
    >;
    const proposed = info.proposedConfig!;
    expect(resolve(proposed.data_dir)).toBe(resolve(PROD_REF_TIER_DIR));
    // evt has no folder in this tree; every tier that exists gets pygama's layout.
    expect(proposed.tier_dirs).toEqual({ raw: "/raw", dsp: "/dsp", hit: "/hit", tcm: "/tcm" });
    for (const tier of ["raw", "dsp", "hit", "tcm"]) {
      expect(proposed.file_format[tier]).toBe(acceptance.file_format![tier]);
      expect(proposed.table_format[tier]).toBe(acceptance.table_format![tier]);
    }
  });

  it("recognises the production config.json itself and a bare tier folder", async () => {
    expect((await inspectSource(join(PROD_REF_DIR, "config.json"))).kind).toBe("production-folder");
    const tierOnly = await inspectSource(PROD_REF_TIER_DIR);
    expect(tierOnly.kind).toBe("production-folder");
    expect(resolve(tierOnly.proposedConfig!.data_dir)).toBe(resolve(PROD_REF_TIER_DIR));
  });

  it("tells FileDB configs, DataLoader configs (JSON and YAML) and FileDB files apart", async () => {
    expect((await inspectSource(FILEDB_CONFIG)).kind).toBe("filedb-config");
    expect((await inspectSource(DATALOADER_CONFIG)).kind).toBe("dataloader-config");
    const yamlPath = join(temp, "loader.yaml");
    writeFileSync(yamlPath, "levels:\n  hit:\n    tiers: [raw, dsp, hit]\nfiledb: $_/filedb.json\n");
    expect((await inspectSource(yamlPath)).kind).toBe("dataloader-config");
    await initH5();
    for (const [name, table] of [
      ["filedb.lh5", "rows"],
      ["pygama-filedb.h5", "dataframe"],
    ] as const) {
      const path = join(temp, name);
      const file = new (getH5().h5.File)(path, "w");
      file.create_dataset({ name: "config", data: "{}" });
      file.create_group(table);
      file.close();
      expect(await inspectSource(path)).toMatchObject({
        kind: "filedb-file",
        description: "Saved FileDB (LH5)",
      });
    }
  });

  it("calls a plain LH5 data file what it is (a single file to browse), not a saved FileDB", async () => {
    const tcm = join(PROD_REF_TIER_DIR, "tcm/cal/p03/r001/l200-p03-r001-cal-20230318T012144Z-tier_tcm.lh5");
    expect(await inspectSource(tcm)).toEqual({ path: tcm, kind: "lh5-file", description: "LH5 data file" });
    const empty = join(temp, "empty.lh5");
    writeFileSync(empty, "");
    await expect(inspectSource(empty)).rejects.toThrow(
      /empty\.lh5' is not an HDF5 file, so not a saved FileDB/,
    );
    const truncated = join(temp, "truncated.lh5");
    writeFileSync(truncated, readFileSync(tcm).subarray(0, 2000));
    await expect(inspectSource(truncated)).rejects.toThrow(
      /truncated\.lh5' cannot be read: .*truncated\.lh5/,
    );
  });

  it("explains what is wrong with other paths, naming them", async () => {
    await expect(inspectSource(join(temp, "missing.json"))).rejects.toThrow(/missing\.json' does not exist/);
    const bad = join(temp, "bad.json");
    writeFileSync(bad, "{ not json");
    await expect(inspectSource(bad)).rejects.toThrow(/bad\.json' is not valid JSON/);
    const other = join(temp, "other.json");
    writeFileSync(other, JSON.stringify({ hello: 1 }));
    await expect(inspectSource(other)).rejects.toThrow(/neither a FileDB config/);
    const empty = join(temp, "empty-dir");
    mkdirSync(empty);
    await expect(inspectSource(empty)).rejects.toThrow(/not a dataset folder/);
  });
});

describe("levels", () => {
  it("uses pygama's standard levels without a DataLoader config", () => {
    expect(standardLevels(["raw", "dsp", "hit", "tcm", "evt"])).toEqual([
      { name: "hit", tiers: ["raw", "dsp", "hit"] },
      { name: "tcm", tiers: ["tcm"], parent: "hit", child: "evt" },
      { name: "evt", tiers: ["evt"] },
    ]);
    expect(standardLevels(["raw", "hit"])).toEqual([{ name: "hit", tiers: ["raw", "hit"] }]);
  });

  it("reads levels and the FileDB path ($_ = the config's folder) from a DataLoader config", () => {
    const config = JSON.parse(readFileSync(DATALOADER_CONFIG, "utf8")) as Record<string, unknown>;
    expect(levelsFromLoaderConfig(config, DATALOADER_CONFIG).map((l) => l.name)).toEqual([
      "hit",
      "tcm",
      "evt",
    ]);
    expect(loaderFileDbPath(config, DATALOADER_CONFIG)).toBeNull();
    expect(loaderFileDbPath({ filedb: "$_/db.json" }, "/a/b/loader.json")).toBe("/a/b/db.json");
    expect(() => levelsFromLoaderConfig({ levels: { hit: { tiers: "raw" } } }, "x.json")).toThrow(
      /levels\.hit\.tiers/,
    );
  });
});

describe("RootSet", () => {
  it("allows paths inside roots only, after resolving .. and symlinks", () => {
    const inside = join(temp, "root");
    const outside = join(temp, "elsewhere");
    mkdirSync(inside);
    mkdirSync(outside);
    writeFileSync(join(outside, "secret.json"), "{}");
    symlinkSync(outside, join(inside, "link"));
    const roots = new RootSet([inside]);
    expect(roots.contains(join(inside, "a", "b.json"))).toBe(true);
    expect(roots.contains(inside)).toBe(true);
    expect(roots.contains(join(inside, "..", "elsewhere", "secret.json"))).toBe(false);
    expect(roots.contains(join(inside, "link", "secret.json"))).toBe(false);
    expect(roots.contains(`${inside}-sibling/x`)).toBe(false);
    expect(roots.contains("relative/path")).toBe(false);
    expect(() => roots.assert(join(outside, "secret.json"))).toThrow(/outside the folders opened/);
  });
});

describe("SessionStore and the data folder", () => {
  it("keeps the session and the recent list across instances, newest first", () => {
    const dir = join(temp, "data");
    const store = new SessionStore(dir);
    expect(store.loadSession()).toBeNull();
    const state = {
      dataset: { path: "/d/filedb.json", kind: "filedb-config" as const },
      selection: { rows: [2, 3], focusedRow: 3 },
      query: "type == 'cal'",
      layout: { detailsWidth: 500 },
    };
    store.saveSession(state);
    store.addRecent("/a.json", "filedb-config");
    store.addRecent("/b", "production-folder");
    store.addRecent("/a.json", "filedb-config");
    const again = new SessionStore(dir);
    // saved in the current format (version 2), with the same content
    expect(again.loadSession()).toEqual({ ...state, version: 2 });
    expect(again.listRecent().map((e) => e.path)).toEqual(["/a.json", "/b"]);
  });

  it("ignores a damaged session file", () => {
    const dir = join(temp, "damaged");
    mkdirSync(dir);
    writeFileSync(join(dir, "session.json"), "{{{");
    expect(new SessionStore(dir).loadSession()).toBeNull();
  });

  it("puts user data under LH5_BROWSER_DATA_DIR, else XDG_DATA_HOME, else ~/.local/share", () => {
    expect(userDataDir({ LH5_BROWSER_DATA_DIR: "/x/y" })).toBe("/x/y");
    expect(userDataDir({ XDG_DATA_HOME: "/xdg" })).toBe("/xdg/lh5-browser");
    expect(userDataDir({})).toMatch(/\.local\/share\/lh5-browser$/);
  });

  it("puts user data in the desktop shell's folder unless LH5_BROWSER_DATA_DIR names one", () => {
    const electronUserData = "/home/u/.config/LH5 Browser";
    expect(userDataDir({ XDG_DATA_HOME: "/xdg" }, electronUserData)).toBe(electronUserData);
    expect(userDataDir({ LH5_BROWSER_DATA_DIR: "/x/y" }, electronUserData)).toBe("/x/y");
  });
});
