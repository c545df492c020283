import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  LoaderConfigError,
  expandConfigPath,
  loadLoaderConfig,
  standardLevels,
} from "../../../../../electron/services/flow/loader/config.ts";
import { ACCEPTANCE_DIR, DATALOADER_CONFIG } from "../../../../fixtures/testdata.ts";

const tmp = mkdtempSync(join(tmpdir(), "loader-config-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("loadLoaderConfig", () => {
  it("reads pygama's data-loader config: levels in order, TCM columns", () => {
    const config = loadLoaderConfig(DATALOADER_CONFIG);
    expect(config.levels.map((l) => l.name)).toEqual(["hit", "tcm", "evt"]);
    expect(config.levels[0]!.tiers).toEqual(["raw", "dsp", "hit"]);
    expect(config.levels[1]).toMatchObject({
      parent: "hit",
      child: "evt",
      tcmCols: { childIdx: "coin_idx", parentTb: "table_key", parentIdx: "row_in_table" },
    });
    expect(config.configDir).toBe(join(ACCEPTANCE_DIR, "configs"));
    expect(config.metadataDir).toBeUndefined(); // channel_map: {} means none
    expect(config.filedb).toBeUndefined();
  });

  it("expands $_ in filedb and channel_map to the config's folder", () => {
    const dir = join(tmp, "a");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "dl.json"),
      JSON.stringify({
        filedb: "$_/filedb.json",
        channel_map: { metadata: "${_}/meta" },
        levels: { hit: { tiers: ["raw"] } },
      }),
    );
    const config = loadLoaderConfig(join(dir, "dl.json"));
    expect(config.filedb).toBe(join(dir, "filedb.json"));
    expect(config.metadataDir).toBe(join(dir, "meta"));
  });

  it("selects a nested part with file.json[a/b], and a folder means its config.json", () => {
    const dir = join(tmp, "nested");
    mkdirSync(dir, { recursive: true });
    const inner = { levels: { hit: { tiers: ["raw", "dsp"] } } };
    writeFileSync(join(dir, "config.json"), JSON.stringify({ nest1: { nest2: inner } }));
    writeFileSync(join(dir, "n.yaml"), "nest1:\n  nest2:\n    levels:\n      hit:\n        tiers: [raw]\n");
    expect(loadLoaderConfig(`${join(dir, "config.json")}[nest1/nest2]`).levels[0]!.tiers).toEqual([
      "raw",
      "dsp",
    ]);
    expect(loadLoaderConfig(`${dir}[nest1/nest2]`).levels[0]!.tiers).toEqual(["raw", "dsp"]);
    expect(loadLoaderConfig(`${join(dir, "n.yaml")}[nest1/nest2]`).levels[0]!.tiers).toEqual(["raw"]);
    expect(() => loadLoaderConfig(`${dir}[nest1/nope]`)).toThrow(/no key 'nest1\/nope' \(missing 'nope'\)/);
    // a key the file lacks is missing even when Object has a member of that name
    expect(() => loadLoaderConfig(`${dir}[nest1/constructor]`)).toThrow(/missing 'constructor'/);
    expect(() => loadLoaderConfig(`${dir}[toString]`)).toThrow(/missing 'toString'/);
  });

  it("rejects bad configs with the key named", () => {
    expect(() => loadLoaderConfig({})).toThrow(LoaderConfigError);
    expect(() => loadLoaderConfig({ levels: { hit: { tiers: [] } } })).toThrow(/level 'hit': 'tiers'/);
    expect(() =>
      loadLoaderConfig({
        levels: { tcm: { tiers: ["tcm"], parent: "hit", child: "evt" }, hit: { tiers: ["raw"] } },
      }),
    ).toThrow(/parent level 'hit' must come before it/);
    expect(() =>
      loadLoaderConfig({
        levels: {
          hit: { tiers: ["raw"] },
          tcm: { tiers: ["tcm"], parent: "hit", child: "evt", tcm_cols: {} },
        },
      }),
    ).toThrow(/tcm_cols needs 'parent_tb' and 'parent_idx'/);
    expect(() => loadLoaderConfig(join(tmp, "missing.json"))).toThrow(/cannot read DataLoader config/);
  });
});

describe("standardLevels", () => {
  it("builds hit/tcm/evt from the tiers that exist", () => {
    const levels = standardLevels(["raw", "dsp", "hit", "tcm", "evt"]);
    expect(levels.map((l) => [l.name, l.tiers])).toEqual([
      ["hit", ["raw", "dsp", "hit"]],
      ["tcm", ["tcm"]],
      ["evt", ["evt"]],
    ]);
    expect(levels[1]!.tcmCols).toMatchObject({ parentTb: "table_key", parentIdx: "row_in_table" });
    expect(standardLevels(["raw", "dsp"]).map((l) => l.name)).toEqual(["hit"]);
  });
});

describe("expandConfigPath", () => {
  it("expands $_, environment variables and ~, leaving unknown names alone", () => {
    process.env.LOADER_TEST_VAR = "/x";
    expect(expandConfigPath("$_/a/${LOADER_TEST_VAR}/$NOPE_NOT_SET", "/cfg")).toBe("/cfg/a//x/$NOPE_NOT_SET");
    expect(expandConfigPath("~/data", "/cfg")).not.toContain("~");
  });
});
