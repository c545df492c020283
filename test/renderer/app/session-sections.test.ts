// Everything a user set comes back from the session: channels, cuts, saved cuts, histogram and
// waveform settings, pane sizes; damaged sections restore what is valid; unknown sections survive.
import { describe, expect, it } from "vitest";
import { waitFor } from "@testing-library/react";
import { applySession, persistSession, sessionFromState, startUp } from "../../../renderer/app/session.ts";
import { createMockApi } from "../../../renderer/bridge/mock.ts";
import { SAVED_CUTS_KEY } from "../../../renderer/features/cut-editor/saved-cuts.ts";
import { createAppStore } from "../../../renderer/stores/store.ts";
import type { SessionState } from "../../../shared/api/types.ts";

async function userWork() {
  const api = createMockApi();
  const store = createAppStore();
  await startUp(api, store);
  const actions = store.getState();
  actions.channelsSelected(["ch1084803", "ch1084804"]);
  actions.cutApplied("hit", "trapEmax > 100");
  actions.cutTyped("evt", "multiplicity == 1");
  actions.cutSaved({ name: "high", level: "hit", text: "trapEmax > 1000" });
  actions.histogramAxisChanged("x", {
    column: "trapEmax",
    tier: "dsp",
    bins: 400,
    lo: 0,
    hi: 3000,
    log: true,
  });
  actions.histogramChanged({ splitBy: "channel", logCounts: true });
  actions.histogramRequested();
  actions.waveformsChanged({
    perPage: 25,
    baselineSamples: 100,
    derived: { kind: "trapezoid", rise: 4, flat: 1 },
    timeMarkers: ["tp_0"],
    yLimits: [-10, 200],
  });
  actions.paneResized("histogram-height", 420);
  actions.detailsResized(555);
  actions.rowsSelected([1, 4]);
  return { api, store, session: sessionFromState(store.getState()) };
}

describe("session sections", () => {
  it("bring back channels, cuts, saved cuts, plot settings and pane sizes after a restart", async () => {
    const { session } = await userWork();
    expect(session.version).toBe(2);
    const api = createMockApi();
    await api.saveSession({ state: JSON.parse(JSON.stringify(session)) as SessionState });
    const store = createAppStore();
    await startUp(api, store);
    const state = store.getState();
    expect(state.selectedChannels).toEqual(["ch1084803", "ch1084804"]);
    expect(state.appliedCuts).toEqual({ hit: "trapEmax > 100", evt: "" });
    expect(state.cutDrafts).toEqual({ hit: "trapEmax > 100", evt: "multiplicity == 1" });
    expect(state.savedCuts).toEqual([{ name: "high", level: "hit", text: "trapEmax > 1000" }]);
    expect(state.histogram.x).toEqual({
      column: "trapEmax",
      tier: "dsp",
      bins: 400,
      lo: 0,
      hi: 3000,
      log: true,
    });
    expect(state.histogram.splitBy).toBe("channel");
    expect(state.histogram.logCounts).toBe(true);
    expect(state.histogramDrawRequest).toBeGreaterThan(0); // it was drawn: it is drawn again
    expect(state.waveforms.perPage).toBe(25);
    expect(state.waveforms.derived).toEqual({ kind: "trapezoid", rise: 4, flat: 1 });
    expect(state.waveforms.timeMarkers).toEqual(["tp_0"]);
    expect(state.waveforms.yLimits).toEqual([-10, 200]);
    expect(state.paneSizes).toEqual({ "histogram-height": 420 });
    expect(state.detailsWidth).toBe(555);
    expect(state.selectedRows).toEqual([1, 4]);
  });

  it("restore what is valid of damaged sections and keep sections they do not know", async () => {
    const api = createMockApi();
    const store = createAppStore();
    await api.getAppInfo();
    const opened = await applySession(api, store, {
      dataset: { path: "/mock/filedb.json", kind: "filedb-config" },
      selection: { rows: [], focusedRow: null },
      query: "",
      layout: {},
      sections: {
        channels: ["ch1", 7, null, "ch2"],
        cuts: { applied: { hit: 5, evt: "multiplicity == 1" } },
        histogram: { settings: { mode: "3d", x: { column: "AoE", bins: "many", lo: null } }, drawn: "yes" },
        waveforms: { perPage: "ten", timeUnit: "s", derived: { kind: "eval", code: "x" }, xLimits: [1, "a"] },
        currentEntry: { row: 3, entry: 17 },
        aNewerBuildsView: { row: 3, entry: 17 },
      },
    });
    expect(opened).toBe(true);
    const state = store.getState();
    expect(state.selectedChannels).toEqual(["ch1", "ch2"]);
    expect(state.appliedCuts).toEqual({ hit: "", evt: "multiplicity == 1" });
    expect(state.histogram.mode).toBe("1d");
    expect(state.histogram.x.column).toBe("AoE");
    expect(state.histogram.x.bins).toBe(200);
    expect(state.histogramDrawRequest).toBe(0);
    expect(state.waveforms.perPage).toBe(10);
    expect(state.waveforms.timeUnit).toBe("ns");
    expect(state.waveforms.derived).toEqual({ kind: "none" });
    expect(state.waveforms.xLimits).toEqual([1, null]);
    expect(state.restoredEntry).toBeNull(); // no selection key, no start: nothing to come back to
    const stop = persistSession(api, store, 0);
    store.getState().rowsSelected([2]);
    await waitFor(async () =>
      expect((await api.getSession())?.sections?.aNewerBuildsView).toEqual({ row: 3, entry: 17 }),
    );
    stop();
  });

  it("bring back the current entry (its page, position and linked view) once its selection is shown again", async () => {
    const { store: before } = await userWork();
    const range = { column: "trapEmax", tier: "dsp", lo: 10, hi: 20, column2: "AoE", lo2: 0, hi2: 1 };
    before.getState().entrySelectionSeen("the selection");
    before.getState().currentEntryPicked(range, 57);
    const session = sessionFromState(before.getState());
    expect(session.sections?.currentEntry).toEqual({
      selection: "the selection",
      start: 50,
      position: 57,
      range,
    });
    const api = createMockApi();
    await api.saveSession({ state: JSON.parse(JSON.stringify(session)) as SessionState });
    const store = createAppStore();
    await startUp(api, store);
    // waiting: the restored selection is not shown yet (its channels resolve later); the session keeps it
    expect(store.getState().selectedEntry).toBeNull();
    store.getState().entrySelectionSeen("the selection before the channels listed");
    expect(store.getState().selectedEntry).toBeNull();
    expect(sessionFromState(store.getState()).sections?.currentEntry).toEqual(session.sections?.currentEntry);
    store.getState().entrySelectionSeen("the selection");
    const state = store.getState();
    expect([state.selectedEntry, state.waveformStart, state.selectedRange]).toEqual([57, 50, range]);
    expect(state.restoredEntry).toBeNull();
  });

  it("bring back a single LH5 file browsed on its own (not a dataset, not the demo)", async () => {
    const api = createMockApi();
    api.inspectSource = (req) =>
      Promise.resolve({ path: req.path, kind: "lh5-file", description: "LH5 data file" });
    const before = createAppStore();
    await startUp(api, before);
    before.getState().fileOpened(await api.openLh5File({ path: "/data/raw.lh5" }));
    const session = sessionFromState(before.getState());
    expect(session.dataset).toEqual({ path: "/data/raw.lh5", kind: "lh5-file" });
    await api.saveSession({ state: JSON.parse(JSON.stringify(session)) as SessionState });
    const store = createAppStore();
    await startUp(api, store);
    expect(store.getState().browsedFile?.path).toBe("/data/raw.lh5");
    expect(store.getState().dataset).toBeNull(); // the demo did not open instead
  });

  it("carries saved cuts over from the browser's old storage once", async () => {
    const { session } = await userWork();
    window.localStorage.setItem(
      SAVED_CUTS_KEY,
      JSON.stringify([{ name: "old", level: "evt", text: "x > 1" }]),
    );
    try {
      const store = createAppStore();
      await startUp(createMockApi(), store);
      expect(store.getState().savedCuts).toEqual([{ name: "old", level: "evt", text: "x > 1" }]);
      // a session that has its own saved cuts wins over the old copy
      const api = createMockApi();
      await api.saveSession({ state: session });
      const next = createAppStore();
      await startUp(api, next);
      expect(next.getState().savedCuts.map((cut) => cut.name)).toEqual(["high"]);
    } finally {
      window.localStorage.removeItem(SAVED_CUTS_KEY);
    }
  });
});
