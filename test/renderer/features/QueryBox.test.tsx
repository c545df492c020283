import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { QueryBox } from "../../../renderer/features/file-grid/QueryBox.tsx";
import { renderWithApp } from "../render-app.tsx";

async function openMock(
  api: ReturnType<typeof renderWithApp>["api"],
  store: ReturnType<typeof renderWithApp>["store"],
) {
  const handle = await api.openDemo();
  const status = await api.getJob({ jobId: handle.jobId });
  store.getState().openSucceeded(status.result as never);
}

describe("QueryBox", () => {
  it("applies a valid query on Enter", async () => {
    const { api, store } = renderWithApp(<QueryBox />);
    await openMock(api, store);
    const input = screen.getByTestId("file-query");
    fireEvent.change(input, { target: { value: "type == 'cal'" } });
    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() => expect(store.getState().appliedQuery).toBe("type == 'cal'"));
    expect(screen.queryByTestId("file-query-error")).toBeNull();
  });

  it("shows an error with the offending text marked, and keeps the applied query", async () => {
    const { api, store } = renderWithApp(<QueryBox />);
    await openMock(api, store);
    store.getState().queryApplied("type == 'phy'");
    const input = screen.getByTestId("file-query");
    fireEvent.change(input, { target: { value: "type == 'cal' and tpye == 'x'" } });
    fireEvent.keyDown(input, { key: "Enter" });
    const error = await screen.findByTestId("file-query-error");
    expect(error.querySelector("mark")?.textContent).toBe("tpye");
    expect(error.textContent).toMatch(/tpye/);
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(store.getState().appliedQuery).toBe("type == 'phy'");
  });

  it("validates as you type after a pause, and Escape clears", async () => {
    const { api, store } = renderWithApp(<QueryBox />);
    await openMock(api, store);
    const input = screen.getByTestId("file-query");
    fireEvent.change(input, { target: { value: "run == 'r001'" } });
    await waitFor(() => expect(store.getState().appliedQuery).toBe("run == 'r001'"), { timeout: 2000 });
    fireEvent.keyDown(input, { key: "Escape" });
    await waitFor(() => expect(store.getState().appliedQuery).toBe(""));
  });
});
