import { describe, expect, it } from "vitest";
import { MetadataError, ValidityCatalog } from "../../../../../electron/services/flow/metadata/validity.ts";
import { mergeProps } from "../../../../../electron/services/flow/metadata/props.ts";

const files = (
  catalog: ValidityCatalog,
  timestamp: string,
  category?: string,
): readonly string[] | undefined => catalog.validFor(timestamp, category)?.files;

describe("ValidityCatalog", () => {
  it("appends by default, resets, removes and replaces", () => {
    const catalog = ValidityCatalog.fromItems(
      [
        { valid_from: "20220101T000000Z", apply: ["a"] },
        { valid_from: "20220102T000000Z", apply: "b" },
        { valid_from: "20220103T000000Z", mode: "remove", apply: ["a"] },
        { valid_from: "20220104T000000Z", mode: "replace", apply: ["b", "c"] },
        { valid_from: "20220105T000000Z", mode: "reset", apply: ["d", "e"] },
      ],
      "test",
    );
    expect(files(catalog, "20220101T000000Z")).toEqual(["a"]);
    expect(files(catalog, "20220102T120000Z")).toEqual(["a", "b"]);
    expect(files(catalog, "20220103T000000Z")).toEqual(["b"]);
    expect(files(catalog, "20220104T000000Z")).toEqual(["c"]);
    expect(files(catalog, "20300101T000000Z")).toEqual(["d", "e"]);
    expect(catalog.validFor("20211231T235959Z")).toBeUndefined();
  });

  it("keeps categories apart and falls back to all", () => {
    const catalog = ValidityCatalog.fromItems(
      [
        { valid_from: "20220101T000000Z", apply: ["a"] },
        { valid_from: "20220103T000000Z", category: "cal", apply: ["c"] },
        { valid_from: "20220105T000000Z", category: ["all", "cal"], mode: "reset", apply: ["x"] },
      ],
      "test",
    );
    expect(catalog.validFor("20220102T000000Z", "cal")).toEqual({
      validFrom: "20220101T000000Z",
      files: ["a"],
      category: "all",
    });
    expect(catalog.validFor("20220104T000000Z", "cal")).toEqual({
      validFrom: "20220103T000000Z",
      files: ["c"],
      category: "cal",
    });
    expect(files(catalog, "20220104T000000Z", "phy")).toEqual(["a"]);
    expect(files(catalog, "20220106T000000Z", "cal")).toEqual(["x"]);
    expect(catalog.categories()).toEqual(["all", "cal"]);
  });

  it("lets the later of two same-time entries win", () => {
    const catalog = ValidityCatalog.fromItems(
      [
        { valid_from: "20220101T000000Z", apply: ["a"] },
        { valid_from: "20220101T000000Z", mode: "reset", apply: ["b"] },
      ],
      "test",
    );
    expect(files(catalog, "20220101T000000Z")).toEqual(["b"]);
  });

  it.each([
    [{}, "a validity file is a list of entries"],
    [[42], "entry 1: not a mapping"],
    [[{ valid_from: "2022-01-01", apply: ["a"] }], "entry 1, valid_from: '2022-01-01' is not a timestamp"],
    [[{ valid_from: 20220101, apply: ["a"] }], "'20220101' is not a timestamp"],
    [[{ valid_from: "20220101T000000Z", apply: [1] }], "'apply' must be a string or a list of strings"],
    [
      [
        { valid_from: "20220101T000000Z", apply: ["a"] },
        { valid_from: "20220102T000000Z", mode: "merge", apply: ["b"] },
      ],
      "unknown mode 'merge'",
    ],
    [
      [
        { valid_from: "20220101T000000Z", apply: ["a"] },
        { valid_from: "20220102T000000Z", mode: "replace", apply: ["a"] },
      ],
      "'replace' needs [old, new]",
    ],
    [
      [
        { valid_from: "20220101T000000Z", apply: ["a"] },
        { valid_from: "20220102T000000Z", mode: "replace", apply: ["z", "b"] },
      ],
      "cannot replace z",
    ],
    [
      [
        { valid_from: "20220101T000000Z", apply: ["a"] },
        { valid_from: "20220102T000000Z", mode: "remove", apply: ["z"] },
      ],
      "cannot remove z",
    ],
  ])("rejects %j", (items, message) => {
    expect(() => ValidityCatalog.fromItems(items, "v.yaml")).toThrow(MetadataError);
    expect(() => ValidityCatalog.fromItems(items, "v.yaml")).toThrow(message);
  });
});

describe("mergeProps", () => {
  it("merges mappings key by key and replaces everything else", () => {
    const base = { a: { b: 1, c: { d: 2 } }, list: [1, 2], keep: "x" };
    const overlay = { a: { c: { e: 3 }, b: null }, list: [3] };
    expect(mergeProps(base, overlay)).toEqual({ a: { b: null, c: { d: 2, e: 3 } }, list: [3], keep: "x" });
    // the overlay is copied, not shared
    overlay.list.push(4);
    expect(base.list).toEqual([3]);
  });
});
