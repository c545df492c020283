// The byte-bounded LRU behind the column caches: a new budget evicts the least recently used first.
import { describe, expect, it } from "vitest";
import { ByteLru } from "../../../../../electron/services/app/exploration/byte-lru.ts";

describe("ByteLru", () => {
  it("keeps at most its budget, drops the least recently used first, and refuses a value larger than it", () => {
    const lru = new ByteLru<string>(30);
    lru.set("a", "A", 10);
    lru.set("b", "B", 10);
    lru.set("c", "C", 10);
    expect(lru.get("a")).toBe("A"); // a is now the most recently used
    lru.set("d", "D", 10);
    expect(lru.has("b")).toBe(false);
    expect(lru.bytes).toBe(30);
    lru.set("huge", "H", 31);
    expect(lru.has("huge")).toBe(false);
    expect(lru.bytes).toBe(30);
  });

  it("shrinks to a lowered budget, least recently used first", () => {
    const lru = new ByteLru<string>(30);
    for (const key of ["a", "b", "c"]) lru.set(key, key, 10);
    lru.get("a");
    lru.setBudget(15);
    expect(lru.budget).toBe(15);
    expect([lru.has("a"), lru.has("b"), lru.has("c")]).toEqual([true, false, false]);
    expect(lru.bytes).toBe(10);
    lru.setBudget(0);
    expect(lru.size).toBe(0);
  });
});
