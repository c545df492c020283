import { describe, expect, it } from "vitest";
import {
  clickSelection,
  groupValues,
  searchChannels,
  selectionChannelIds,
  tablesInGroup,
} from "../../../../renderer/features/channel-picker/channel-filter.ts";
import { CHANNELS } from "../exploration-api.ts";

describe("channel search and groups", () => {
  it("matches names, table names, rawids and systems; several terms are alternatives", () => {
    expect(searchChannels(CHANNELS, "")).toEqual([0, 1, 2, 3]);
    expect(searchChannels(CHANNELS, "v02160")).toEqual([0, 1]);
    expect(searchChannels(CHANNELS, "1121600")).toEqual([2]);
    expect(searchChannels(CHANNELS, "ch1084804")).toEqual([1]);
    expect(searchChannels(CHANNELS, "puls")).toEqual([3]);
    expect(searchChannels(CHANNELS, "V02160A, B00089D")).toEqual([0, 2]);
    expect(searchChannels(CHANNELS, "nothing")).toEqual([]);
  });

  it("works without metadata on table names and numbers", () => {
    const bare = CHANNELS.map((c) => ({ ...c, name: null, system: null, string: null }));
    expect(searchChannels(bare, "1084803")).toEqual([0]);
    expect(groupValues(bare, "system")).toEqual([]);
  });

  it("lists systems and strings and the tables in one", () => {
    expect(groupValues(CHANNELS, "system")).toEqual(["geds", "puls"]);
    expect(groupValues(CHANNELS, "string")).toEqual(["1", "2"]);
    expect(tablesInGroup(CHANNELS, "string", "1")).toEqual(["ch1084803", "ch1084804"]);
    expect(tablesInGroup(CHANNELS, "system", "puls")).toEqual(["ch1027201"]);
  });

  it("sends rawids where known, else table names", () => {
    expect(selectionChannelIds(CHANNELS, ["ch1121600", "ch9"])).toEqual([1121600, "ch9"]);
  });

  it("selects one, toggles with Ctrl, extends with Shift, and unselects a lone click", () => {
    const tables = CHANNELS.map((c) => c.table);
    const plain = { toggle: false, range: false, anchor: null };
    expect(clickSelection(tables, [], "ch1084804", plain)).toEqual(["ch1084804"]);
    expect(clickSelection(tables, ["ch1084804"], "ch1084804", plain)).toEqual([]);
    expect(clickSelection(tables, ["ch1084803"], "ch1121600", { ...plain, toggle: true })).toEqual([
      "ch1084803",
      "ch1121600",
    ]);
    expect(
      clickSelection(tables, ["ch1084803", "ch1121600"], "ch1084803", { ...plain, toggle: true }),
    ).toEqual(["ch1121600"]);
    expect(
      clickSelection(tables, ["ch1084803"], "ch1121600", { toggle: false, range: true, anchor: "ch1084803" }),
    ).toEqual(["ch1084803", "ch1084804", "ch1121600"]);
  });
});
