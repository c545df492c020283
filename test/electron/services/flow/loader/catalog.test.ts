// The loader's table catalog as a worker rebuilds it from plain data: tier names the user did not
// configure (even Object members) are unknown, and a file that could not be read is an error, not missing.
import { describe, expect, it } from "vitest";
import {
  type CatalogData,
  TableCatalog,
  UnreadableTierFileError,
} from "../../../../../electron/services/flow/loader/sources.ts";

/** Plain data as structured clone delivers it to a worker: objects with a prototype again. */
function catalogData(): CatalogData {
  return JSON.parse(
    JSON.stringify({
      tiers: ["raw", "dsp"],
      tableFormat: { raw: "ch{ch:07d}/raw", dsp: "ch{ch:07d}/dsp" },
      columns: [["energy"]],
      rows: {
        0: {
          name: "cycle 0 (20230318T012144Z)",
          tiers: {
            raw: { path: "/d/raw/a.lh5", tables: [1084803], colIdx: [0] },
            dsp: { path: "/d/dsp/a.lh5", tables: null, colIdx: null, unreadable: "file signature not found" },
          },
        },
      },
    }),
  ) as CatalogData;
}

describe("TableCatalog from worker data", () => {
  it("knows only the configured tiers, whatever their names", () => {
    const catalog = TableCatalog.fromData(catalogData());
    expect(catalog.tableName("raw", 1084803)).toBe("ch1084803/raw");
    for (const tier of ["constructor", "toString", "__proto__"]) {
      expect(() => catalog.tableName(tier, 1), tier).toThrow(`no tier '${tier}'`);
      expect(catalog.tables(0, tier), tier).toBeNull();
      expect(catalog.filePath(0, tier), tier).toBeNull();
    }
  });

  it("throws for a tier file that exists but could not be read, naming it and why", () => {
    const catalog = TableCatalog.fromData(catalogData());
    expect(catalog.tables(0, "raw")).toEqual([1084803]);
    expect(() => catalog.tables(0, "dsp")).toThrow(UnreadableTierFileError);
    expect(() => catalog.tables(0, "dsp")).toThrow(
      "cycle 0 (20230318T012144Z): its dsp file /d/dsp/a.lh5 cannot be read: file signature not found",
    );
  });
});
