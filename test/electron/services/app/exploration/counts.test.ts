// Per-channel counts of an entry list.
import { describe, expect, it } from "vitest";
import { countPerChannel } from "../../../../../electron/services/app/exploration/counts.ts";
import { EntryList } from "../../../../../electron/services/flow/loader/index.ts";

describe("countPerChannel", () => {
  it("counts entries per table id over several lists, ids ascending", () => {
    const entries = new EntryList({
      parentLevel: "hit",
      file: Int32Array.from([0, 0, 0, 1, 1]),
      tableCode: Int32Array.from([0, 1, 0, 0, 2]),
      tableIds: [1084804, 1084803, 1121600],
      idx: Int32Array.from([0, 1, 2, 0, 1]),
    });
    const count = countPerChannel([entries, entries.slice(0, 2)]);
    expect(count.total).toBe(7);
    expect([...count.channelIds]).toEqual([1084803, 1084804, 1121600]);
    expect([...count.channelCounts]).toEqual([2, 4, 1]);
  });

  it("gives NaN ids for non-numeric tables", () => {
    const entries = new EntryList({
      parentLevel: "evt",
      file: Int32Array.from([0]),
      tableCode: Int32Array.from([0]),
      tableIds: ["geds"],
      idx: Int32Array.from([0]),
    });
    expect([...countPerChannel([entries]).channelIds]).toEqual([Number.NaN]);
  });
});
