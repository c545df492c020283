// The byte-bounded cache of column values.
import { describe, expect, it } from "vitest";
import { ColumnValueCache } from "../../../../../electron/services/app/exploration/column-cache.ts";

function column(bytes: number) {
  const values = new Uint8Array(bytes);
  return { units: null, perFile: new Map([[0, values]]), bytes };
}

describe("ColumnValueCache", () => {
  it("keeps columns until the byte budget, dropping the least recently used", () => {
    const cache = new ColumnValueCache();
    cache.set("a", column(150_000_000));
    cache.set("b", column(150_000_000));
    expect(cache.get("a")).toBeDefined(); // a is now the most recent
    cache.set("c", column(150_000_000));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("c")).toBeDefined();
  });

  it("does not keep a column larger than the whole budget", () => {
    const cache = new ColumnValueCache();
    cache.set("huge", column(500_000_000));
    expect(cache.get("huge")).toBeUndefined();
  });
});
