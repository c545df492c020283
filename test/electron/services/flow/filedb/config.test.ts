import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  FileDbConfigError,
  expandVars,
  loadFileDbConfig,
} from "../../../../../electron/services/flow/filedb/index.ts";
import { FILEDB_CONFIG, PROD_REF_TIER_DIR } from "../../../../fixtures/testdata.ts";
import { testConfig } from "./helpers.ts";

const tmp = mkdtempSync(join(tmpdir(), "filedb-config-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function errorOf(fn: () => unknown): FileDbConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FileDbConfigError) return error;
    throw error;
  }
  throw new Error("expected a FileDbConfigError");
}

describe("loadFileDbConfig", () => {
  it("reads the acceptance config: tiers in order, sorted key names, $_ relative to the file", () => {
    const config = loadFileDbConfig(FILEDB_CONFIG);
    expect(config.tiers).toEqual(["raw", "dsp", "hit", "tcm", "evt"]);
    expect(config.keyNames).toEqual(["exp", "period", "run", "timestamp", "type"]);
    expect(config.dataDir).toBe(PROD_REF_TIER_DIR);
    expect(config.sortby).toBe("timestamp");
    expect(config.source.data_dir).toBe("$_/../../testdata/prod-ref-l200/generated/tier");
  });

  it("reads YAML and a [a/b] sub-selection, and config.json in a folder", () => {
    const nested = join(tmp, "nested");
    mkdirSync(nested, { recursive: true });
    writeFileSync(
      join(nested, "fdb.yaml"),
      [
        "nest1:",
        "  nest2:",
        `    data_dir: ${PROD_REF_TIER_DIR}`,
        "    tier_dirs: {raw: /raw, dsp: /dsp}",
        "    file_format: {raw: '/{type}/{run}-{timestamp}-raw.lh5', dsp: '/{type}/{run}-{timestamp}-dsp.lh5'}",
        "    table_format: {raw: 'ch{ch:07d}/raw', dsp: 'ch{ch:07d}/dsp'}",
      ].join("\n"),
    );
    const config = loadFileDbConfig(`${join(nested, "fdb.yaml")}[nest1/nest2]`);
    expect(config.tiers).toEqual(["raw", "dsp"]);
    expect(config.keyNames).toEqual(["run", "timestamp", "type"]);
    writeFileSync(join(nested, "config.json"), JSON.stringify({ a: { ...testConfig() } }));
    expect(loadFileDbConfig(`${nested}[a]`).dataDir).toBe(PROD_REF_TIER_DIR);
    expect(errorOf(() => loadFileDbConfig(`${join(nested, "fdb.yaml")}[nest1/nope]`)).key).toBe("nest1/nope");
  });

  it("resolves a relative data_dir against the config's folder, expands env vars and ~", () => {
    writeFileSync(join(tmp, "rel.json"), JSON.stringify({ ...testConfig(), data_dir: "data/tier" }));
    expect(loadFileDbConfig(join(tmp, "rel.json")).dataDir).toBe(join(tmp, "data/tier"));
    process.env.LH5_TEST_ROOT = "/some/where";
    expect(loadFileDbConfig({ ...testConfig(), data_dir: "$LH5_TEST_ROOT/tier" }).dataDir).toBe(
      "/some/where/tier",
    );
    expect(loadFileDbConfig({ ...testConfig(), data_dir: "${LH5_TEST_ROOT}/x" }).dataDir).toBe(
      "/some/where/x",
    );
    expect(loadFileDbConfig({ ...testConfig(), data_dir: "~/lh5" }).dataDir).toBe(join(homedir(), "lh5"));
    expect(loadFileDbConfig({ ...testConfig(), data_dir: "rel" }, "/base").dataDir).toBe("/base/rel");
    expect(expandVars("$UNKNOWN_LH5_VAR/$_", { _: "/cfg" })).toBe("$UNKNOWN_LH5_VAR//cfg");
  });

  it("does not mutate the given object (pygama mutates tier_dirs, §6 item 24)", () => {
    const given = { ...testConfig(), tier_dirs: { raw: "$LH5_TEST_ROOT/raw" } };
    process.env.LH5_TEST_ROOT = "/r";
    const config = loadFileDbConfig({
      ...given,
      file_format: { raw: "{x}" },
      table_format: { raw: "t" },
      sortby: "x",
    });
    expect(config.tierDirs.raw).toBe("/r/raw");
    expect(given.tier_dirs.raw).toBe("$LH5_TEST_ROOT/raw");
  });

  it("names the key and what was expected for a bad config", () => {
    const base = testConfig();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ ...base, data_dir: 3 }, "data_dir", /non-empty string/],
      [{ ...base, tier_dirs: [] }, "tier_dirs", /object mapping tier names/],
      [{ ...base, tier_dirs: {} }, "tier_dirs", /at least one tier/],
      [{ ...base, file_format: { raw: "x" } }, "file_format.dsp", /missing/],
      [
        { ...base, table_format: { ...(base.table_format as object), raw: 7 } },
        "table_format.raw",
        /expected a string, got number 7/,
      ],
      [
        { ...base, table_format: { ...(base.table_format as object), raw: "{a}/{b}" } },
        "table_format.raw",
        /only have one identifier/,
      ],
      [
        { ...base, file_format: { ...(base.file_format as object), dsp: "/{type}/{det}.lh5" } },
        "file_format.dsp",
        /field\(s\) 'det'/,
      ],
      [
        { ...base, file_format: { ...(base.file_format as object), raw: "/{type" } },
        "file_format.raw",
        /unclosed/,
      ],
      [{ ...base, sortby: "nope" }, "sortby", /no column 'nope'/],
      [{ ...base, tables: { raw: "x" } }, "tables.raw", /list of table ids/],
      [{ ...base, columns: { raw: [1] } }, "columns.raw", /list of column names/],
    ];
    for (const [config, key, message] of cases) {
      const error = errorOf(() => loadFileDbConfig(config));
      expect(error.key).toBe(key);
      expect(error.message).toMatch(message);
    }
    expect(errorOf(() => loadFileDbConfig(join(tmp, "missing.json"))).message).toMatch(
      /cannot read config file/,
    );
    writeFileSync(join(tmp, "broken.json"), "{ nope");
    expect(errorOf(() => loadFileDbConfig(join(tmp, "broken.json"))).message).toMatch(/not valid JSON/);
    expect(errorOf(() => loadFileDbConfig(42 as unknown as object)).message).toMatch(
      /Bad FileDB configuration value/,
    );
  });
});
