import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { App } from "../../../renderer/app/App.tsx";
import { persistSession, sessionFromState, startUp } from "../../../renderer/app/session.ts";
import { createMockApi } from "../../../renderer/bridge/mock.ts";
import { createAppStore } from "../../../renderer/stores/store.ts";
import { renderWithApp } from "../render-app.tsx";

describe("App on the mock service", () => {
  it("opens the demo on a first start, then shows the rows in the grid", async () => {
    const { api, store } = renderWithApp(<App bridge={null} />, { cycles: 40 });
    await act(() => startUp(api, store));
    expect(api.calls.map((c) => c.method)).toContain("openDemo");
    expect(store.getState().dataset?.nCycles).toBe(40);
    const grid = await screen.findByTestId("inventory-grid");
    await waitFor(() => expect(grid.querySelectorAll(".ag-row[row-index]").length).toBeGreaterThan(0));
    expect(screen.getByTestId("file-count").textContent).toBe("40 of 40 cycles");
    expect(within(grid).getAllByText("present").length).toBeGreaterThan(0);
  });

  it("shows scan progress with Cancel, which cancels the job", async () => {
    const api = createMockApi({ jobPolls: 1000 });
    const { store } = renderWithApp(<App bridge={null} />, { api });
    const opening = startUp(api, store);
    const progress = await screen.findByTestId("scan-progress");
    await waitFor(() => expect(progress.textContent).toMatch(/Scanning files/));
    fireEvent.click(within(progress).getByRole("button", { name: "Cancel" }));
    await act(() => opening);
    expect(api.calls.some((c) => c.method === "cancelJob")).toBe(true);
    expect(screen.queryByTestId("scan-progress")).toBeNull();
    expect(store.getState().openError).toBeNull();
  });

  it("restores the saved session: dataset, query, selection and layout", async () => {
    const api = createMockApi();
    await api.saveSession({
      state: {
        dataset: { path: "/mock/filedb.json", kind: "filedb-config" },
        selection: { rows: [3, 5, 999], focusedRow: 5 },
        query: "type == 'cal'",
        layout: { detailsWidth: 600, detailsOpen: true },
      },
    });
    const store = createAppStore();
    await startUp(api, store);
    const state = store.getState();
    expect(api.calls.find((c) => c.method === "openDataset")?.argument).toEqual({
      path: "/mock/filedb.json",
    });
    expect(state.appliedQuery).toBe("type == 'cal'");
    expect(state.selectedRows).toEqual([3, 5]);
    expect(state.focusedRow).toBe(5);
    expect(state.detailsWidth).toBe(600);
  });

  it("saves the session when the selection changes", async () => {
    const api = createMockApi();
    const store = createAppStore();
    await startUp(api, store);
    const stop = persistSession(api, store, 0);
    store.getState().rowsSelected([7, 2]);
    await waitFor(async () => expect((await api.getSession())?.selection.rows).toEqual([2, 7]));
    stop();
    expect(sessionFromState(store.getState()).dataset).toEqual({
      path: "/mock/filedb.json",
      kind: "filedb-config",
    });
  });
});
