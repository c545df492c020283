// Web mode's confirm step: a config that reads a folder outside the opened ones opens only after the user
// allowed that folder; the open is then repeated with the folder in `confirmedFolders`.
import { describe, expect, it } from "vitest";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { ApiError } from "../../../../shared/api/errors.ts";
import type { OpenDatasetRequest } from "../../../../shared/api/types.ts";
import { App } from "../../../../renderer/app/App.tsx";
import { createMockApi } from "../../../../renderer/bridge/mock.ts";
import { openTarget } from "../../../../renderer/features/open-dataset/open.ts";
import { renderWithApp } from "../../render-app.tsx";

const CONFIG = "/mock/filedb.json";

/** The mock service, asking for each of `folders` in turn before it opens CONFIG. */
function askingApi(folders: string[]) {
  const api = createMockApi();
  const requests: OpenDatasetRequest[] = [];
  const openDataset = api.openDataset.bind(api);
  api.openDataset = (req) => {
    requests.push(req);
    const missing = folders.find((folder) => !(req.confirmedFolders ?? []).includes(folder));
    if (missing === undefined) return openDataset(req);
    return Promise.reject(
      new ApiError({
        name: "NeedsConfirmation",
        code: "needs-confirmation",
        file: missing,
        message: `'${req.path}' reads data from '${missing}', outside the folders opened in this session`,
      }),
    );
  };
  return { api, requests };
}

describe("ConfirmFolder", () => {
  it("asks before a dataset reads a folder outside the opened ones, then opens with it confirmed", async () => {
    const { api, requests } = askingApi(["/data/a", "/data/b"]);
    const { store } = renderWithApp(<App bridge={null} />, { api });
    await act(() => openTarget(api, store, { path: CONFIG }));
    expect(store.getState().dataset).toBeNull();
    expect(store.getState().openError).toBeNull();
    expect((await screen.findByTestId("confirm-folder-path")).textContent).toBe("/data/a");
    fireEvent.click(screen.getByTestId("confirm-folder-allow"));
    // a second folder is asked for in turn, keeping the first
    await waitFor(() => expect(screen.getByTestId("confirm-folder-path").textContent).toBe("/data/b"));
    fireEvent.click(screen.getByTestId("confirm-folder-allow"));
    await waitFor(() => expect(store.getState().dataset?.sourcePath).toBe(CONFIG));
    expect(screen.queryByTestId("confirm-folder")).toBeNull();
    expect(requests.map((r) => r.confirmedFolders ?? [])).toEqual([[], ["/data/a"], ["/data/a", "/data/b"]]);
  });

  it("opens nothing when the user cancels", async () => {
    const { api, requests } = askingApi(["/data/a"]);
    const { store } = renderWithApp(<App bridge={null} />, { api });
    await act(() => openTarget(api, store, { path: CONFIG }));
    fireEvent.click(await screen.findByTestId("confirm-folder-cancel"));
    expect(screen.queryByTestId("confirm-folder")).toBeNull();
    expect(store.getState().dataset).toBeNull();
    expect(requests).toHaveLength(1);
  });
});
