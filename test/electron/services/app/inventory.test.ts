import { describe, expect, it } from "vitest";
import {
  Inventory,
  type InventorySource,
  timestampToMs,
} from "../../../../electron/services/app/inventory.ts";

/** A FileDB-shaped source of n cycles over raw/dsp/hit (hit missing on odd rows). */
function source(n: number): InventorySource & { queries: string[] } {
  const tiers = ["raw", "dsp", "hit"];
  const columns: Record<string, unknown> = {
    run: Array.from({ length: n }, (_, i) => `r${String(1 + (i % 12)).padStart(3, "0")}`),
    timestamp: Array.from({ length: n }, (_, i) => `2023031${i % 10}T0${i % 10}0000Z`),
    type: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? "cal" : "phy")),
    file_status: Float64Array.from({ length: n }, (_, i) => (i % 2 ? 0b110 : 0b111)),
    raw_size: Float64Array.from({ length: n }, (_, i) => 1000 + i),
    dsp_size: Float64Array.from({ length: n }, () => 500),
    hit_size: Float64Array.from({ length: n }, (_, i) => (i % 2 ? 0 : 100)),
    raw_tables: Array.from({ length: n }, () => [1, 2, 3]),
    dsp_tables: Array.from({ length: n }, () => [1, 2, 3, 4, 5, 6]),
    hit_tables: Array.from({ length: n }, (_, i) => (i % 2 ? null : [1])),
  };
  const queries: string[] = [];
  return {
    tiers,
    keyNames: ["run", "timestamp", "type"],
    nRows: n,
    column: (name) => columns[name],
    query: (q) => {
      queries.push(q);
      if (q === "type == 'cal'") return Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 === 0);
      throw Object.assign(new Error("Syntax error"), { name: "ExpressionError", position: 5, end: 6 });
    },
    queries,
  };
}

describe("Inventory", () => {
  it("derives status bits (first tier = most significant), sizes and channel counts", () => {
    const inventory = new Inventory(source(4), "ds");
    const page = inventory.page({ offset: 0, limit: 10 });
    expect(Array.from(page.rows)).toEqual([0, 1, 2, 3]);
    expect(Array.from(page.tiers.raw!.present)).toEqual([1, 1, 1, 1]);
    expect(Array.from(page.tiers.hit!.present)).toEqual([1, 0, 1, 0]);
    expect(Array.from(page.tiers.dsp!.channels)).toEqual([6, 6, 6, 6]);
    expect(Array.from(page.tiers.hit!.channels)).toEqual([1, -1, 1, -1]);
    expect(Array.from(page.tiers.raw!.size)).toEqual([1000, 1001, 1002, 1003]);
    expect(page.keys.run).toEqual(["r001", "r002", "r003", "r004"]);
    expect(page.timestamps[0]).toBe(Date.UTC(2023, 2, 10, 0, 0, 0));
  });

  it("pages through 100,000 rows as columns, quickly", () => {
    const inventory = new Inventory(source(100_000), "ds");
    const started = performance.now();
    const page = inventory.page({
      offset: 50_000,
      limit: 200,
      sort: [{ column: "raw_size", direction: "desc" }],
    });
    const sortedMs = performance.now() - started;
    expect(page.matched).toBe(100_000);
    expect(page.rows.length).toBe(200);
    expect(page.rows[0]).toBe(100_000 - 1 - 50_000);
    const again = performance.now();
    inventory.page({ offset: 50_200, limit: 200, sort: [{ column: "raw_size", direction: "desc" }] });
    expect(performance.now() - again).toBeLessThan(50); // the order is cached between windows
    expect(sortedMs).toBeLessThan(2000);
  });

  it("sorts text keys in natural order, stable on FileDB order", () => {
    const inventory = new Inventory(source(24), "ds");
    const page = inventory.page({ offset: 0, limit: 24, sort: [{ column: "run", direction: "asc" }] });
    expect(page.keys.run!.slice(0, 4)).toEqual(["r001", "r001", "r002", "r002"]);
    expect(Array.from(page.rows.slice(0, 2))).toEqual([0, 12]);
  });

  it("applies the query through the FileDB and column filters on top", () => {
    const src = source(30);
    const inventory = new Inventory(src, "ds");
    const cal = inventory.page({ query: "type == 'cal'", offset: 0, limit: 100 });
    expect(src.queries).toEqual(["type == 'cal'"]);
    expect(cal.matched).toBe(10);
    const filtered = inventory.page({
      query: "type == 'cal'",
      filters: [
        { column: "hit_status", op: "equals", value: "present" },
        { column: "raw_size", op: "greaterThan", value: 1010 },
      ],
      offset: 0,
      limit: 100,
    });
    expect(Array.from(filtered.rows)).toEqual([12, 18, 24]);
    const text = inventory.page({
      filters: [{ column: "run", op: "contains", value: "R01" }],
      offset: 0,
      limit: 100,
    });
    expect(new Set(text.keys.run)).toEqual(new Set(["r010", "r011", "r012"]));
  });

  it("passes query errors through with their position", () => {
    const inventory = new Inventory(source(3), "ds");
    expect(() => inventory.page({ query: "type == ", offset: 0, limit: 1 })).toThrow(
      expect.objectContaining({ name: "ExpressionError", position: 5 }),
    );
  });

  it("names unknown columns in filters and sorts", () => {
    const inventory = new Inventory(source(3), "ds");
    expect(() =>
      inventory.page({ sort: [{ column: "nope", direction: "asc" }], offset: 0, limit: 1 }),
    ).toThrow(/Unknown inventory column 'nope'/);
  });

  it("parses FileDB timestamps and rejects other text", () => {
    expect(timestampToMs("20230318T012144Z")).toBe(Date.UTC(2023, 2, 18, 1, 21, 44));
    expect(timestampToMs("2023-03-18")).toBeNaN();
  });
});
