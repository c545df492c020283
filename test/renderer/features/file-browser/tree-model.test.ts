// Keyboard navigation of the file tree as pure functions: rows on screen and what each key does.
import { describe, expect, it } from "vitest";
import type { Lh5Node } from "../../../../shared/api/file-browser.ts";
import {
  ancestorsOf,
  defaultView,
  describeNode,
  keyAction,
  visibleRows,
} from "../../../../renderer/features/file-browser/tree-model.ts";

function node(path: string, expandable: boolean, views: Partial<Lh5Node["views"]> = {}): Lh5Node {
  return {
    path,
    name: path.split("/").at(-1)!,
    kind: expandable ? "group" : "dataset",
    type: expandable ? "table" : "array",
    datatype: null,
    shape: expandable ? null : [3],
    dtype: expandable ? null : "float32",
    filters: [{ id: 32015, name: "Zstandard" }],
    attrs: {},
    units: null,
    nRows: 3,
    expandable,
    views: { table: false, histogram: false, waveforms: false, ...views },
    aliases: [],
  };
}

const groups = {
  "": [node("a", true), node("b", true)],
  a: [node("a/x", false, { histogram: true }), node("a/wf", true, { table: true, waveforms: true })],
  "a/wf": [node("a/wf/values", false)],
};

describe("visibleRows", () => {
  it("shows the children of expanded, loaded groups only, with depth and parent", () => {
    expect(visibleRows(groups, []).map((r) => r.node.path)).toEqual(["a", "b"]);
    const rows = visibleRows(groups, ["a", "b"]);
    expect(rows.map((r) => [r.node.path, r.depth, r.parent, r.expanded])).toEqual([
      ["a", 0, "", true],
      ["a/x", 1, "a", false],
      ["a/wf", 1, "a", false],
      ["b", 0, "", true], // expanded, children not loaded yet
    ]);
    expect(visibleRows(groups, ["a/wf"]).map((r) => r.node.path)).toEqual(["a", "b"]); // parent closed
  });
});

describe("keyAction", () => {
  const rows = visibleRows(groups, ["a"]);
  it("moves up and down, to the first and last row, and stops at the ends", () => {
    expect(keyAction(rows, "a", "ArrowDown")).toEqual({ kind: "focus", path: "a/x" });
    expect(keyAction(rows, "a/x", "ArrowUp")).toEqual({ kind: "focus", path: "a" });
    expect(keyAction(rows, "a", "ArrowUp")).toEqual({ kind: "none" });
    expect(keyAction(rows, "b", "ArrowDown")).toEqual({ kind: "none" });
    expect(keyAction(rows, "a/x", "End")).toEqual({ kind: "focus", path: "b" });
    expect(keyAction(rows, "b", "Home")).toEqual({ kind: "focus", path: "a" });
    expect(keyAction(rows, null, "ArrowDown")).toEqual({ kind: "focus", path: "a" });
  });

  it("right opens a closed group, then enters it; left closes an open one, else goes to the parent", () => {
    expect(keyAction(rows, "b", "ArrowRight")).toEqual({ kind: "expand", path: "b" });
    expect(keyAction(rows, "a", "ArrowRight")).toEqual({ kind: "focus", path: "a/x" });
    expect(keyAction(rows, "a/x", "ArrowRight")).toEqual({ kind: "none" });
    expect(keyAction(rows, "a", "ArrowLeft")).toEqual({ kind: "collapse", path: "a" });
    expect(keyAction(rows, "a/wf", "ArrowLeft")).toEqual({ kind: "focus", path: "a" });
    expect(keyAction(rows, "b", "ArrowLeft")).toEqual({ kind: "none" });
  });

  it("Enter and Space open the object's view; other keys do nothing", () => {
    expect(keyAction(rows, "a/x", "Enter")).toEqual({ kind: "activate", path: "a/x" });
    expect(keyAction(rows, "a/x", " ")).toEqual({ kind: "activate", path: "a/x" });
    expect(keyAction(rows, "a/x", "q")).toEqual({ kind: "none" });
    expect(keyAction([], "a", "ArrowDown")).toEqual({ kind: "none" });
  });
});

describe("helpers", () => {
  it("ancestors, default views and descriptions", () => {
    expect(ancestorsOf("a/b/c")).toEqual(["a", "a/b"]);
    expect(ancestorsOf("a")).toEqual([]);
    expect(defaultView(node("t", true, { table: true, waveforms: true }))).toBe("waveforms");
    expect(defaultView(node("t", true, { table: true }))).toBe("table");
    expect(defaultView(node("c", false, { histogram: true }))).toBe("histogram");
    expect(defaultView(node("s", true))).toBeNull();
    expect(describeNode(node("c", false))).toBe("array · float32[3] · Zstandard");
  });
});
