import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { CutsPanel } from "../../../../renderer/features/cut-editor/CutsPanel.tsx";
import { ChannelPicker } from "../../../../renderer/features/channel-picker/ChannelPicker.tsx";
import type { ChannelList, DatasetInfo } from "../../../../shared/api/types.ts";
import { createAppStore } from "../../../../renderer/stores/store.ts";
import { renderWithApp } from "../../render-app.tsx";
import { createExplorationApi, failingCount } from "../exploration-api.ts";

const DATASET = {
  id: "mock-1",
  levels: [
    { name: "hit", tiers: ["raw", "dsp", "hit"] },
    { name: "tcm", tiers: ["tcm"], parent: "hit", child: "evt" },
    { name: "evt", tiers: ["evt"] },
  ],
} as DatasetInfo;

function setup(api = createExplorationApi({ countOf: (s) => (s.cuts.hit ? 14 : 1000 + s.channels.length) })) {
  const store = createAppStore();
  store.setState({ dataset: DATASET });
  const view = renderWithApp(
    <>
      <ChannelPicker />
      <CutsPanel />
    </>,
    { api, store },
  );
  return { ...view, api, store };
}

const liveCount = () => screen.getByTestId("live-count");

describe("cut editors and the live count", () => {
  it("counts all files and channels by default, then the picked channels", async () => {
    const { api, store } = setup();
    await waitFor(() => expect(liveCount().textContent).toBe("1000"));
    expect(api.counted[0]).toEqual({ rows: [], channels: [], cuts: {} });
    fireEvent.click(await screen.findByText("V02160B"));
    fireEvent.click(screen.getByText("B00089D"), { ctrlKey: true });
    expect(store.getState().selectedChannels).toEqual(["ch1084804", "ch1121600"]);
    await waitFor(() => expect(liveCount().textContent).toBe("1002"));
    expect(api.counted.at(-1)?.channels).toEqual([1084804, 1121600]);
    // per-channel passing counts show in the picker
    expect(screen.getByText("V02160B").closest("tr")?.textContent).toContain("1");
  });

  it("counts at once on open, beside the channel listing; with channels picked (a session), once they are listed", async () => {
    const api = createExplorationApi({ countOf: () => 1000 });
    let listChannels!: () => void;
    const listed = api.listChannels.bind(api);
    api.listChannels = (req) =>
      new Promise<ChannelList>((resolve) => (listChannels = () => resolve(listed(req))));
    const { store } = setup(api);
    // the channel listing has not answered: the count of all channels does not wait for it
    await waitFor(() => expect(liveCount().textContent).toBe("1000"));
    expect(store.getState().channelList).toBeNull();
    act(() => listChannels());
    await screen.findByText("V02160B");
    expect(api.counted).toHaveLength(1); // the listing changed nothing in the selection: no second count

    const picked = createExplorationApi({ countOf: (s) => 1000 + s.channels.length });
    let listPicked!: () => void;
    const listedPicked = picked.listChannels.bind(picked);
    picked.listChannels = (req) =>
      new Promise<ChannelList>((resolve) => (listPicked = () => resolve(listedPicked(req))));
    const store2 = createAppStore();
    store2.setState({ dataset: DATASET, selectedChannels: ["ch1084804"] });
    renderWithApp(<CutsPanel />, { api: picked, store: store2 });
    renderWithApp(<ChannelPicker />, { api: picked, store: store2 });
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(picked.counted).toEqual([]); // a picked channel is sent by rawid, which the listing gives
    act(() => listPicked());
    await waitFor(() => expect(picked.counted).toEqual([{ rows: [], channels: [1084804], cuts: {} }]));
  });

  it("shows a typo's error at its position, and counts once it is fixed (Enter applies)", async () => {
    const { api, store } = setup();
    await waitFor(() => expect(liveCount().textContent).toBe("1000"));
    const editor = screen.getByTestId("cut-editor-hit");
    fireEvent.change(editor, { target: { value: "trapEmx > 5000", selectionStart: 14 } });
    fireEvent.keyDown(editor, { key: "Enter" });
    const error = await screen.findByTestId("cut-error");
    expect(error.textContent).toMatch(/Unknown column 'trapEmx'.*did you mean 'trapEmax'/);
    expect(error.getAttribute("data-position")).toBe("0");
    expect(error.querySelector("pre")?.textContent).toBe("trapEmx > 5000\n^^^^^^^");
    expect(store.getState().appliedCuts.hit).toBe("");
    const counts = api.counted.length;
    fireEvent.change(editor, { target: { value: "trapEmax > 5000", selectionStart: 15 } });
    fireEvent.keyDown(editor, { key: "Enter" });
    await waitFor(() => expect(screen.queryByTestId("cut-error")).toBeNull());
    await waitFor(() => expect(liveCount().textContent).toBe("14"));
    expect(api.counted.slice(counts).map((s) => s.cuts)).toEqual([{ hit: "trapEmax > 5000" }]);
  });

  it("debounces typing into one count and cancels a running count when the cut changes", async () => {
    const api = createExplorationApi({ polls: 150, countOf: (s) => (s.cuts.hit ?? "").length });
    const { store } = setup(api);
    await waitFor(() => expect(api.counted).toHaveLength(1));
    const editor = screen.getByTestId("cut-editor-hit");
    for (const text of ["t", "tr", "trapEmax > 1"])
      fireEvent.change(editor, { target: { value: text, selectionStart: text.length } });
    // only the last text is applied (an unknown 'tr' never reaches the service)
    await waitFor(() => expect(api.counted).toHaveLength(2));
    expect(api.counted[1]?.cuts).toEqual({ hit: "trapEmax > 1" });
    expect(api.cancelled).toContain("x-1");
    await waitFor(() => expect(store.getState().liveCount.state).toBe("done"), { timeout: 5000 });
    expect(liveCount().textContent).toBe("12");
  });

  it("cancels the running count with Esc", async () => {
    const api = createExplorationApi({ polls: 1000 });
    const { store } = setup(api);
    await waitFor(() => expect(store.getState().liveCount.state).toBe("counting"));
    act(() => void window.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" })));
    await waitFor(() => expect(store.getState().liveCount.state).toBe("cancelled"));
    expect(api.cancelled).toEqual(["x-1"]);
  });

  it("shows the service's error when the count fails", async () => {
    setup(failingCount(createExplorationApi(), "Unknown column 'foo' in dsp"));
    await waitFor(() =>
      expect(screen.getByTestId("live-count-error").textContent).toMatch(/Unknown column 'foo'/),
    );
    expect(liveCount().textContent).toBe("–");
  });

  it("completes column names with type and units (Tab accepts)", async () => {
    setup();
    await screen.findByText("V02160A");
    const editor = screen.getByTestId<HTMLInputElement>("cut-editor-hit");
    fireEvent.change(editor, { target: { value: "cusp", selectionStart: 4 } });
    const list = await screen.findByTestId("cut-completions-hit");
    expect(list.textContent).toContain("cuspEmax_ctc_cal");
    expect(list.textContent).toContain("keV");
    fireEvent.keyDown(editor, { key: "Tab" });
    expect(editor.value).toBe("cuspEmax_ctc_cal");
    // the evt editor completes evt columns only
    const evt = screen.getByTestId("cut-editor-evt");
    fireEvent.change(evt, { target: { value: "mult", selectionStart: 4 } });
    expect((await screen.findByTestId("cut-completions-evt")).textContent).toContain("multiplicity");
    fireEvent.change(evt, { target: { value: "trap", selectionStart: 4 } });
    expect(screen.queryByTestId("cut-completions-evt")).toBeNull();
  });

  it("saves a named cut (kept in the store, so in the session) and applies it again", async () => {
    const { store } = setup();
    await screen.findByText("V02160A");
    const editor = screen.getByTestId("cut-editor-hit");
    fireEvent.change(editor, { target: { value: "trapEmax > 5000", selectionStart: 15 } });
    fireEvent.click(screen.getByTestId("cut-save-hit"));
    const name = screen.getByTestId("cut-save-name-hit");
    fireEvent.change(name, { target: { value: "high energy" } });
    fireEvent.keyDown(name, { key: "Enter" });
    await waitFor(() =>
      expect(store.getState().savedCuts).toEqual([
        { name: "high energy", level: "hit", text: "trapEmax > 5000" },
      ]),
    );
    fireEvent.change(editor, { target: { value: "", selectionStart: 0 } });
    fireEvent.keyDown(editor, { key: "Enter" });
    expect(store.getState().appliedCuts.hit).toBe("");
    fireEvent.change(screen.getByTestId("cut-saved-hit"), { target: { value: "high energy" } });
    expect(store.getState().appliedCuts.hit).toBe("trapEmax > 5000");
  });
});
