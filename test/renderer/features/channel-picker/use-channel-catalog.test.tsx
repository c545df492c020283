// The catalog of channels and columns comes back after a failure (the session restored while the service
// was still opening showed a histogram column without its tier for a minute), and is not asked mid-open.
import { waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useChannelCatalog } from "../../../../renderer/features/channel-picker/use-channel-catalog.ts";
import type { DatasetInfo } from "../../../../shared/api/types.ts";
import { createAppStore } from "../../../../renderer/stores/store.ts";
import { renderWithApp } from "../../render-app.tsx";
import { COLUMNS, createExplorationApi } from "../exploration-api.ts";

function Catalog() {
  useChannelCatalog();
  return null;
}

function setup(failures: number) {
  const api = createExplorationApi();
  let columnCalls = 0;
  let channelCalls = 0;
  const listColumns = api.listColumns.bind(api);
  const listChannels = api.listChannels.bind(api);
  api.listColumns = (req) =>
    ++columnCalls <= failures ? Promise.reject(new Error("no dataset is open")) : listColumns(req);
  api.listChannels = (req) =>
    ++channelCalls <= failures ? Promise.reject(new Error("no dataset is open")) : listChannels(req);
  const store = createAppStore();
  return { api, store, calls: () => ({ columnCalls, channelCalls }) };
}

describe("useChannelCatalog", () => {
  it("asks again after a failed listColumns / listChannels until they answer", async () => {
    const { api, store, calls } = setup(2);
    store.setState({ dataset: { id: "mock-1", levels: [] } as unknown as DatasetInfo });
    renderWithApp(<Catalog />, { api, store });
    await waitFor(() => expect(store.getState().columnList).toEqual(COLUMNS), { timeout: 5000 });
    await waitFor(() => expect(store.getState().channelList?.channels.length).toBe(4));
    expect(calls()).toEqual({ columnCalls: 3, channelCalls: 3 });
  });

  it("waits while a dataset is opening and asks once it opened", async () => {
    const { api, store, calls } = setup(0);
    store.setState({
      dataset: { id: "mock-1", levels: [] } as unknown as DatasetInfo,
      openJob: { jobId: "open-1", label: "opening", progress: null },
    });
    renderWithApp(<Catalog />, { api, store });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(calls().columnCalls).toBe(0);
    store.getState().openCancelled();
    await waitFor(() => expect(store.getState().columnList).toEqual(COLUMNS));
  });
});
