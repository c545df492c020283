// Opening a dataset fetches the inventory's first block before any panel mounts, and the grid shows it
// without asking again: its rows never wait behind the channel list, column list or waveforms.
import { describe, expect, it } from "vitest";
import { act, screen, waitFor } from "@testing-library/react";
import type { InventoryPage } from "../../../../shared/api/types.ts";
import { App } from "../../../../renderer/app/App.tsx";
import { startUp } from "../../../../renderer/app/session.ts";
import { createMockApi } from "../../../../renderer/bridge/mock.ts";
import {
  firstPageFor,
  GRID_BLOCK_ROWS,
  type FirstPage,
} from "../../../../renderer/features/open-dataset/first-page.ts";
import { renderWithApp } from "../../render-app.tsx";

/** Requests that read the open dataset, in the order they were made. */
const DATA_METHODS = new Set([
  "queryInventory",
  "listChannels",
  "listColumns",
  "waveformPage",
  "countEntries",
]);

describe("the inventory's first block comes with the open", () => {
  it("is the first data request after the open, and the grid shows it without asking again", async () => {
    const { api, store } = renderWithApp(<App bridge={null} />, { cycles: 40 });
    await act(() => startUp(api, store));
    const grid = await screen.findByTestId("inventory-grid");
    await waitFor(() => expect(grid.querySelectorAll(".ag-row[row-index]").length).toBeGreaterThan(0));
    await waitFor(() => expect(screen.getByTestId("file-count").textContent).toBe("40 of 40 cycles"));
    const data = api.calls.map((c) => c.method).filter((m) => DATA_METHODS.has(m));
    expect(data[0]).toBe("queryInventory");
    expect(data.filter((m) => m === "queryInventory")).toHaveLength(1);
    expect(store.getState().firstPage).toBeNull(); // taken by the grid
  });

  it("uses a restored session's query for that block", async () => {
    const api = createMockApi({ cycles: 40 });
    await api.saveSession({
      state: {
        dataset: { path: "/mock/filedb.json", kind: "filedb-config" },
        selection: { rows: [], focusedRow: null },
        query: "type == 'cal'",
        layout: {},
      },
    });
    const { store } = renderWithApp(<App bridge={null} />, { api });
    await act(() => startUp(api, store));
    const grid = await screen.findByTestId("inventory-grid");
    await waitFor(() => expect(grid.querySelectorAll(".ag-row[row-index]").length).toBeGreaterThan(0));
    const asked = api.calls.filter((c) => c.method === "queryInventory").map((c) => c.argument);
    expect(asked).toEqual([{ query: "type == 'cal'", offset: 0, limit: GRID_BLOCK_ROWS }]);
    expect(store.getState().appliedQuery).toBe("type == 'cal'");
  });
});

describe("firstPageFor", () => {
  const page = { datasetId: "ds1" } as InventoryPage;
  const first: FirstPage = { datasetId: "ds1", query: "", page };
  const plain = { query: "", offset: 0, limit: GRID_BLOCK_ROWS, filters: [], sort: [] };

  it("answers only the very request it was fetched for", () => {
    expect(firstPageFor(first, "ds1", plain)).toBe(page);
    expect(firstPageFor(first, "ds2", plain)).toBeNull();
    expect(firstPageFor(null, "ds1", plain)).toBeNull();
    expect(firstPageFor(first, "ds1", { ...plain, query: "run == 1" })).toBeNull();
    expect(firstPageFor(first, "ds1", { ...plain, offset: GRID_BLOCK_ROWS })).toBeNull();
    expect(firstPageFor(first, "ds1", { ...plain, sort: [{ column: "run", direction: "asc" }] })).toBeNull();
    expect(firstPageFor(first, "ds1", { ...plain, filters: [{ column: "run", op: "blank" }] })).toBeNull();
  });
});
