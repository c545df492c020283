import { describe, expect, it } from "vitest";
import { filtersFromModel, sortFromModel } from "../../../renderer/features/file-grid/inventory-rows.ts";
import { formatBytes, formatUtc } from "../../../renderer/components/format.ts";

describe("grid models to contract requests", () => {
  it("turns ag-grid filter models into column filters", () => {
    expect(
      filtersFromModel({
        run: { filterType: "text", type: "contains", filter: "r00" },
        raw_size: { filterType: "number", type: "inRange", filter: 10, filterTo: 20 },
        hit_status: { filterType: "text", type: "blank" },
        type: { filterType: "text", type: "equals", filter: null },
        tcm_size: { filterType: "number", operator: "AND", conditions: [{ type: "greaterThan", filter: 1 }] },
      }),
    ).toEqual([
      { column: "run", op: "contains", value: "r00" },
      { column: "raw_size", op: "inRange", value: 10, valueTo: 20 },
      { column: "hit_status", op: "blank" },
      { column: "tcm_size", op: "greaterThan", value: 1 },
    ]);
  });

  it("turns sort models into sort keys", () => {
    expect(sortFromModel([{ colId: "timestamp", sort: "desc" }])).toEqual([
      { column: "timestamp", direction: "desc" },
    ]);
  });

  it("formats sizes and UTC dates", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(874_321)).toBe("874 kB");
    expect(formatBytes(1_750_000)).toBe("1.75 MB");
    expect(formatUtc(Date.UTC(2023, 2, 18, 1, 21, 44))).toBe("2023-03-18 01:21:44 UTC");
    expect(formatUtc(Number.NaN)).toBe("");
  });
});
