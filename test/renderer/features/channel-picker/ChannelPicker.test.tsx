import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ChannelPicker } from "../../../../renderer/features/channel-picker/ChannelPicker.tsx";
import type { DatasetInfo } from "../../../../shared/api/types.ts";
import { createAppStore } from "../../../../renderer/stores/store.ts";
import { renderWithApp } from "../../render-app.tsx";
import { createExplorationApi } from "../exploration-api.ts";

function setup(withMetadata = true) {
  const api = createExplorationApi({ withMetadata });
  const store = createAppStore();
  store.setState({ dataset: { id: "mock-1", levels: [] } as unknown as DatasetInfo });
  const view = renderWithApp(<ChannelPicker />, { api, store });
  return { ...view, api, store };
}

const rows = () => [...document.querySelectorAll("[data-testid=channel-picker] tbody tr")];

describe("channel picker", () => {
  it("lists the channels of the selected cycles with the channel map and entries", async () => {
    const { api, store } = setup();
    await screen.findByText("V02160A");
    expect(rows().map((r) => r.getAttribute("data-table"))).toEqual([
      "ch1084803",
      "ch1084804",
      "ch1121600",
      "ch1027201",
    ]);
    expect(rows()[1]?.textContent).toContain("geds");
    expect(rows()[1]?.textContent).toContain("200");
    expect(screen.getByTestId("channel-summary").textContent).toContain("all 4 channels");
    store.getState().rowsSelected([2, 5]);
    await waitFor(() => expect(api.listedRows.at(-1)).toEqual([2, 5]));
  });

  it("searches by name or number and selects the shown ones", async () => {
    const { store } = setup();
    await screen.findByText("V02160A");
    fireEvent.change(screen.getByTestId("channel-search"), { target: { value: "V02160" } });
    expect(rows()).toHaveLength(2);
    fireEvent.click(screen.getByTestId("channel-select-shown"));
    expect(store.getState().selectedChannels).toEqual(["ch1084803", "ch1084804"]);
    fireEvent.change(screen.getByTestId("channel-search"), { target: { value: "1121600" } });
    expect(rows().map((r) => r.getAttribute("data-table"))).toEqual(["ch1121600"]);
    fireEvent.click(screen.getByTestId("channel-clear"));
    expect(store.getState().selectedChannels).toEqual([]);
  });

  it("selects by system and by string", async () => {
    const { store } = setup();
    await screen.findByText("V02160A");
    fireEvent.change(screen.getByTestId("channel-group-string"), { target: { value: "1" } });
    expect(store.getState().selectedChannels).toEqual(["ch1084803", "ch1084804"]);
    fireEvent.change(screen.getByTestId("channel-group-system"), { target: { value: "puls" } });
    expect(store.getState().selectedChannels).toEqual(["ch1084803", "ch1084804", "ch1027201"]);
    expect(screen.getByTestId("channel-summary").textContent).toContain("3 of 4 selected");
  });

  it("works without metadata, on table names and numbers", async () => {
    const { store } = setup(false);
    await screen.findByText("ch1084803");
    expect(screen.getByTestId("channel-summary").textContent).toContain("no channel map found");
    expect(screen.queryByTestId("channel-group-system")).toBeNull();
    fireEvent.change(screen.getByTestId("channel-search"), { target: { value: "1084804" } });
    fireEvent.click(screen.getByText("ch1084804"));
    expect(store.getState().selectedChannels).toEqual(["ch1084804"]);
  });
});
