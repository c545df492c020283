import { describe, expect, it } from "vitest";
import { benchQuery } from "../../../build/bench/query.ts";

describe("benchQuery", () => {
  it("returns one row per figure, with finite medians, and checks each cut against its hand loop", async () => {
    const rows = await benchQuery({ rows: 20_000, fileRows: 200, repeats: 1 });
    expect(rows.map((row) => row.name)).toEqual([
      "cut: chained range on float32",
      "cut: three columns (uint16, float32, bool)",
      "cut: membership on uint16",
      "derived column (evaluateNumeric)",
      "file query: generated key list",
      "file query: text comparisons",
      "parse a typical cut",
    ]);
    for (const row of rows) {
      expect(Number.isFinite(row.median), row.name).toBe(true);
      expect(row.median).toBeGreaterThan(0);
      if (row.ratio !== undefined) expect(row.ratio).toBeGreaterThan(0);
    }
    expect(rows[0]!.size).toBe("20000 rows");
    expect(rows[4]!.size).toBe("200 files");
  });
});
