import { describe, expect, it } from "vitest";
import { act, screen, waitFor } from "@testing-library/react";
import { DetailsPanel } from "../../../renderer/features/details/DetailsPanel.tsx";
import { renderWithApp } from "../render-app.tsx";

describe("DetailsPanel", () => {
  it("invites a click, then lists the focused cycle's files, tables and columns with type and units", async () => {
    const { api, store } = renderWithApp(<DetailsPanel />);
    const panel = screen.getByTestId("details-panel");
    expect(panel.textContent).toMatch(/Click a cycle/);
    const handle = await api.openDemo();
    const status = await api.getJob({ jobId: handle.jobId });
    act(() => {
      store.getState().openSucceeded(status.result as never);
      store.getState().rowFocused(6);
    });
    await waitFor(() => expect(panel.textContent).toMatch(/ch1084803\/raw/));
    expect(panel.textContent).toMatch(/array<1>\{real\}/);
    expect(panel.textContent).toMatch(/keV/);
    // Row 6 has only its raw file in the mock: the other tiers show as missing.
    expect(panel.querySelectorAll(".chip-missing").length).toBeGreaterThan(0);
  });
});
