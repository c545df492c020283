// The file browser against the mock bridge: the tree expands lazily (one request per group), the keys
// move through it and open views, the search reveals a path deep in the file, attributes are shown.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { createMockApi } from "../../../../renderer/bridge/mock.ts";
import { openTarget } from "../../../../renderer/features/open-dataset/open.ts";
import { createAppStore } from "../../../../renderer/stores/store.ts";
import { renderWithApp } from "../../render-app.tsx";

// Plotly needs a real browser (e2e covers it): the chart lists the traces it was given.
vi.mock("../../../../renderer/components/PlotlyChart.tsx", () => ({
  loadPlotly: () => Promise.reject(new Error("no Plotly in jsdom")),
  PlotlyChart: ({ data, testId }: { data: { name?: string; type: string }[]; testId?: string }) => (
    <div data-testid={testId}>{data.map((d) => `${d.type}:${d.name ?? ""}`).join(" ")}</div>
  ),
}));

const { FileBrowser } = await import("../../../../renderer/features/file-browser/FileBrowser.tsx");

const FILE = "/mock/raw.lh5";

async function setup() {
  const api = createMockApi();
  const store = createAppStore();
  store.getState().fileOpened(await api.openLh5File({ path: FILE }));
  const view = renderWithApp(<FileBrowser />, { api, store });
  const tree = screen.getByRole("tree");
  const focused = () =>
    within(tree)
      .getAllByRole("treeitem")
      .find((r) => r.getAttribute("aria-selected") === "true");
  const groupRequests = () =>
    api.calls.filter((c) => c.method === "listLh5Group").map((c) => (c.argument as { group: string }).group);
  return { ...view, api, store, tree, focused, groupRequests };
}

describe("FileBrowser", () => {
  it("moves with the arrow keys, expands a group on the right arrow with one request, collapses on the left", async () => {
    const { tree, focused, groupRequests, store } = await setup();
    expect(
      within(tree)
        .getAllByRole("treeitem")
        .map((r) => r.dataset.path),
    ).toEqual(["ch1084803", "ch1084804"]);
    expect(focused()?.dataset.path).toBe("ch1084803");
    fireEvent.keyDown(tree, { key: "ArrowDown" });
    expect(focused()?.dataset.path).toBe("ch1084804");
    fireEvent.keyDown(tree, { key: "ArrowUp" });
    fireEvent.keyDown(tree, { key: "ArrowRight" });
    await waitFor(() => expect(within(tree).getAllByRole("treeitem")).toHaveLength(3));
    expect(groupRequests()).toEqual(["ch1084803"]);
    expect(focused()?.getAttribute("aria-expanded")).toBe("true");
    fireEvent.keyDown(tree, { key: "ArrowRight" }); // into the group
    expect(focused()?.dataset.path).toBe("ch1084803/raw");
    fireEvent.keyDown(tree, { key: "ArrowRight" });
    await waitFor(() => expect(within(tree).getAllByRole("treeitem")).toHaveLength(5));
    fireEvent.keyDown(tree, { key: "ArrowDown" });
    expect(focused()?.dataset.path).toBe("ch1084803/raw/energy");
    // the details show the focused object's metadata and attributes
    expect(within(screen.getByRole("table", { name: "Attributes" })).getByText("keV")).toBeTruthy();
    // Enter on a numeric column draws its histogram
    fireEvent.keyDown(tree, { key: "Enter" });
    expect(store.getState().fileView).toEqual({ kind: "histogram", path: "ch1084803/raw/energy" });
    expect(await screen.findByTestId("histogram-plot")).toBeTruthy();
    // left goes to the parent, left again closes it (no new request), right opens it from the store
    fireEvent.keyDown(tree, { key: "ArrowLeft" });
    expect(focused()?.dataset.path).toBe("ch1084803/raw");
    fireEvent.keyDown(tree, { key: "ArrowLeft" });
    expect(within(tree).getAllByRole("treeitem")).toHaveLength(3);
    fireEvent.keyDown(tree, { key: "ArrowRight" });
    await waitFor(() => expect(within(tree).getAllByRole("treeitem")).toHaveLength(5));
    expect(groupRequests()).toEqual(["ch1084803", "ch1084803/raw"]);
    fireEvent.keyDown(tree, { key: "End" });
    expect(focused()?.dataset.path).toBe("ch1084804");
    fireEvent.keyDown(tree, { key: "Home" });
    expect(focused()?.dataset.path).toBe("ch1084803");
  });

  it("searches every path of the file and reveals a hit inside closed groups", async () => {
    const { tree, focused, store, api } = await setup();
    const box = screen.getByRole("searchbox", { name: "Search paths" });
    fireEvent.change(box, { target: { value: "804/RAW/wave" } });
    const hits = await screen.findByRole("listbox", { name: "Matching paths" });
    expect(
      within(hits)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual([
      expect.stringContaining("ch1084804/raw/waveform"),
      expect.stringContaining("ch1084804/raw/waveform/t0"),
      expect.stringContaining("ch1084804/raw/waveform/dt"),
      expect.stringContaining("ch1084804/raw/waveform/values"),
    ]);
    expect(api.calls.filter((c) => c.method === "searchLh5Paths").at(-1)?.argument).toMatchObject({
      path: FILE,
      query: "804/RAW/wave",
    });
    fireEvent.keyDown(box, { key: "ArrowDown" });
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() => expect(focused()?.dataset.path).toBe("ch1084804/raw/waveform/t0"));
    expect(store.getState().expandedGroups).toEqual(["ch1084804", "ch1084804/raw", "ch1084804/raw/waveform"]);
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(within(tree).getByText("t0")).toBeTruthy();
    fireEvent.change(box, { target: { value: "nothing-like-this" } });
    expect(await screen.findByText(/No path contains/)).toBeTruthy();
  });

  it("opens the waveforms of a waveform table with one click on its button, and pages", async () => {
    const { store, tree } = await setup();
    act(() => store.getState().fileNodeFocused("ch1084803"));
    fireEvent.keyDown(tree, { key: "ArrowRight" });
    await waitFor(() => expect(within(tree).getAllByRole("treeitem")).toHaveLength(3));
    fireEvent.keyDown(tree, { key: "ArrowDown" });
    fireEvent.keyDown(tree, { key: "ArrowRight" });
    await waitFor(() => expect(within(tree).getAllByRole("treeitem")).toHaveLength(5));
    fireEvent.keyDown(tree, { key: "End" });
    fireEvent.keyDown(tree, { key: "ArrowUp" });
    act(() => store.getState().fileNodeFocused("ch1084803/raw/waveform"));
    fireEvent.click(screen.getByRole("button", { name: "Waveforms" }));
    expect(await screen.findByTestId("file-waveform-view")).toBeTruthy();
    expect((await screen.findByTestId("file-waveform-range")).textContent).toBe("1–8 of 8");
  });
});

describe("opening a path", () => {
  it("a single LH5 data file opens in the file browser, not as a dataset", async () => {
    const api = createMockApi();
    api.inspectSource = (req) =>
      Promise.resolve({ path: req.path, kind: "lh5-file", description: "LH5 data file" });
    const store = createAppStore();
    expect(await openTarget(api, store, { path: FILE })).toBeNull();
    expect(store.getState().browsedFile?.path).toBe(FILE);
    expect(api.calls.map((c) => c.method)).not.toContain("openDataset");
    // a dataset opened next closes the file
    expect((await openTarget(api, store, { path: "/mock/filedb.json" }))?.sourcePath).toBe(
      "/mock/filedb.json",
    );
    expect(store.getState().browsedFile).toBeNull();
  });

  it("a saved FileDB (.lh5) still opens as a dataset", async () => {
    const api = createMockApi();
    api.inspectSource = (req) =>
      Promise.resolve({ path: req.path, kind: "filedb-file", description: "Saved FileDB (LH5)" });
    const store = createAppStore();
    void openTarget(api, store, { path: "/mock/filedb.lh5" });
    await waitFor(() => expect(api.calls.map((c) => c.method)).toContain("openDataset"));
    expect(store.getState().browsedFile).toBeNull();
  });
});
