import { describe, expect, it } from "vitest";
import { benchQuery } from "../../../build/bench/query.ts";
import { growthByRow } from "../../../build/bench/report.ts";

describe("benchQuery", () => {
  it("returns each figure at two sizes (÷10 and full), with finite medians, and checks each cut against its hand loop", async () => {
    const rows = await benchQuery({ rows: 20_000, fileRows: 200, repeats: 1 });
    const cuts = [
      "cut: chained range on float32",
      "cut: three columns (uint16, float32, bool)",
      "cut: membership on uint16",
      "derived column (evaluateNumeric)",
    ];
    const fileQueries = ["file query: generated key list", "file query: text comparisons"];
    expect(rows.map((row) => row.name)).toEqual([
      ...cuts,
      ...cuts,
      ...fileQueries,
      ...fileQueries,
      "parse a typical cut",
      "parse a typical cut",
    ]);
    for (const row of rows) {
      expect(Number.isFinite(row.median), row.name).toBe(true);
      expect(row.median).toBeGreaterThan(0);
      if (row.ratio !== undefined) expect(row.ratio).toBeGreaterThan(0);
    }
    expect(rows[0]!.size).toBe("2000 rows");
    expect(rows[4]!.size).toBe("20000 rows");
    expect(rows[8]!.size).toBe("20 files");
    expect(rows[10]!.size).toBe("200 files");
    expect(rows[12]!.size).toBe("89 chars");
    expect(rows[13]!.size).toBe("946 chars");
    // Every figure gets a growth entry on its larger size.
    const growth = growthByRow(rows);
    expect(rows.filter((row) => growth.has(row)).map((row) => row.size)).toEqual([
      ...cuts.map(() => "20000 rows"),
      ...fileQueries.map(() => "200 files"),
      "946 chars",
    ]);
  });
});
