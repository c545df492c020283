// Page and sample positions of the waveform browser.
import { describe, expect, it } from "vitest";
import { pagePositions } from "../../../../../electron/services/app/exploration/waveforms.ts";

describe("pagePositions", () => {
  it("pages within the list and clips at its end", () => {
    expect([...pagePositions(10, 3, 4)]).toEqual([3, 4, 5, 6]);
    expect([...pagePositions(10, 8, 4)]).toEqual([8, 9]);
    expect([...pagePositions(10, 12, 4)]).toEqual([]);
  });

  it("samples distinct sorted positions, the same for the same seed", () => {
    const a = pagePositions(1000, 0, 50, 42);
    expect(a.length).toBe(50);
    expect(new Set(a).size).toBe(50);
    expect([...a]).toEqual([...a].sort((x, y) => x - y));
    expect([...a].every((p) => p >= 0 && p < 1000)).toBe(true);
    expect([...pagePositions(1000, 0, 50, 42)]).toEqual([...a]);
    expect([...pagePositions(1000, 0, 50, 43)]).not.toEqual([...a]);
  });

  it("a sample as large as the list is the whole list", () => {
    expect([...pagePositions(5, 0, 9, 1)]).toEqual([0, 1, 2, 3, 4]);
  });
});
