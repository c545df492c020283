import { describe, expect, it } from "vitest";
import { createAppStore } from "../../../../renderer/stores/store.ts";

describe("waveform page position when the selection changes (issue #18, defect 2)", () => {
  it("goes to the last page when the entry list shrinks under the position", () => {
    const store = createAppStore();
    store.getState().waveformTotalKnown(117_920);
    store.getState().waveformPaged(117_910);
    expect(store.getState().waveformStart).toBe(117_910);
    store.getState().waveformTotalKnown(290);
    expect(store.getState().waveformStart).toBe(280);
    expect(store.getState().waveformTotal).toBe(290);
  });

  it("keeps a position that is still inside the list", () => {
    const store = createAppStore();
    store.getState().waveformTotalKnown(1000);
    store.getState().waveformPaged(500);
    store.getState().waveformTotalKnown(600);
    expect(store.getState().waveformStart).toBe(500);
  });

  it("starts a new selection at its first entry", () => {
    const store = createAppStore();
    store.getState().waveformTotalKnown(1000);
    store.getState().waveformPaged(500);
    store.getState().waveformEntrySelected(503);
    store.getState().waveformSelectionChanged();
    expect(store.getState()).toMatchObject({ waveformStart: 0, waveformTotal: null, selectedEntry: null });
  });
});
