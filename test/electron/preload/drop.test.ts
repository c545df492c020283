// @vitest-environment node
// The preload's drop listener: the first dropped item's path goes to main on its own channel; a drop with
// no path (dragged from another page) sends nothing; dragover is taken so Chromium does not navigate.
import { describe, expect, it } from "vitest";
import { DROP_PATH_CHANNEL, isDroppedPath } from "../../../shared/api/bridge.ts";
import { listenForDrops } from "../../../electron/preload/drop.ts";

function target() {
  const listeners = new Map<string, (event: never) => void>();
  return {
    addEventListener: (type: string, listener: (event: never) => void) => listeners.set(type, listener),
    fire(type: string, files: unknown[] | null) {
      let prevented = false;
      const event = { preventDefault: () => (prevented = true), dataTransfer: files && { files } };
      listeners.get(type)!(event as never);
      return prevented;
    },
  };
}

describe("listenForDrops", () => {
  it("sends the first dropped file's path to main, and nothing for a drop without one", () => {
    const window = target();
    const sent: [string, string][] = [];
    const paths = new Map<unknown, string>([
      ["a", "/data/run1/config.json"],
      ["b", "/data/other"],
      ["web", ""],
    ]);
    listenForDrops(
      window,
      (file) => paths.get(file)!,
      (channel, path) => sent.push([channel, path]),
    );
    expect(window.fire("dragover", null)).toBe(true);
    expect(window.fire("drop", ["a", "b"])).toBe(true);
    expect(window.fire("drop", ["web"])).toBe(true);
    expect(window.fire("drop", [])).toBe(true);
    expect(sent).toEqual([[DROP_PATH_CHANNEL, "/data/run1/config.json"]]);
  });

  it("main accepts absolute paths only", () => {
    expect(isDroppedPath("/data/raw.lh5")).toBe(true);
    expect(isDroppedPath("C:\\\\data\\\\raw.lh5")).toBe(true);
    for (const bad of ["raw.lh5", "", "/", 42, null, "/a\u0000b"]) expect(isDroppedPath(bad)).toBe(false);
  });
});
