import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { DatasetInfo } from "../../../../shared/api/types.ts";
import { createAppStore } from "../../../../renderer/stores/store.ts";
import { renderWithApp } from "../../render-app.tsx";
import { createExplorationApi } from "../exploration-api.ts";

// Plotly needs a real browser (e2e covers it); here the chart shows what it was given, and counts its mounts.
const charts = vi.hoisted(() => ({ mounted: 0 }));
vi.mock("../../../../renderer/components/PlotlyChart.tsx", async () => {
  const { useEffect } = await import("react");
  return {
    loadPlotly: () => Promise.reject(new Error("no Plotly in jsdom")),
    PlotlyChart: ({
      data,
      provisional,
      testId,
    }: {
      data: { name?: string; type: string }[];
      provisional?: boolean;
      testId?: string;
    }) => {
      useEffect(() => void charts.mounted++, []);
      return (
        <div className="chart" data-testid={testId} data-provisional={provisional ? "yes" : "no"}>
          {data.map((d) => `${d.type}:${d.name ?? ""}`).join(" ")}
        </div>
      );
    },
  };
});

const { HistogramPanel } = await import("../../../../renderer/features/histogram/HistogramPanel.tsx");
const { currentSelection, selectionKey } =
  await import("../../../../renderer/features/cut-editor/data-selection.ts");

function setup(polls = 1) {
  const api = createExplorationApi({ polls });
  const store = createAppStore();
  store.setState({
    dataset: { id: "mock-1", levels: [{ name: "hit", tiers: ["dsp"] }] } as unknown as DatasetInfo,
  });
  store.getState().columnsListed([
    {
      name: "trapEmax",
      tier: "dsp",
      level: "hit",
      lgdoType: "array<1>{real}",
      dtype: "float32",
      units: "ADC",
    },
    {
      name: "trapTmax",
      tier: "dsp",
      level: "hit",
      lgdoType: "array<1>{real}",
      dtype: "float32",
      units: "ns",
    },
  ]);
  return { ...renderWithApp(<HistogramPanel />, { api, store }), api, store };
}

describe("histogram viewer", () => {
  it("draws a 1D histogram of the chosen column with the cuts and shows its statistics", async () => {
    const { api, store } = setup();
    store.getState().cutApplied("hit", "trapEmax > 5000");
    fireEvent.change(screen.getByTestId("histogram-column-x"), { target: { value: "dsp:trapEmax" } });
    fireEvent.change(screen.getByTestId("histogram-bins-x"), { target: { value: "4" } });
    fireEvent.click(screen.getByTestId("histogram-draw"));
    await screen.findByTestId("histogram-plot");
    expect(api.histogramRequests[0]).toEqual({
      selection: { rows: [], channels: [], cuts: { hit: "trapEmax > 5000" } },
      column: "trapEmax",
      tier: "dsp",
      bins: 4,
      splitBy: "none",
    });
    expect(screen.getByTestId("histogram-stats").textContent).toContain("10");
    expect(screen.getByTestId("histogram-plot").textContent).toBe("scatter:all");
  });

  it("sends the range and split, and draws a 2D heatmap", async () => {
    const { api, store } = setup();
    act(() => {
      store.getState().histogramAxisChanged("x", { column: "trapEmax", tier: "dsp", lo: 0, hi: 100 });
      store.getState().histogramChanged({ splitBy: "channel" });
    });
    fireEvent.click(screen.getByTestId("histogram-draw"));
    await screen.findByTestId("histogram-plot");
    expect(api.histogramRequests[0]).toMatchObject({ range: [0, 100], splitBy: "channel" });
    fireEvent.click(screen.getByTestId("histogram-mode-2d"));
    fireEvent.change(screen.getByTestId("histogram-column-y"), { target: { value: "dsp:trapTmax" } });
    fireEvent.click(screen.getByTestId("histogram-draw"));
    await waitFor(() => expect(screen.getByTestId("histogram-plot").textContent).toBe("heatmap:"));
  });

  it("draws the column double-clicked in the details panel", async () => {
    const { api, store } = setup();
    store.getState().histogramOfColumn("trapTmax", "dsp");
    await screen.findByTestId("histogram-plot");
    expect(api.histogramRequests[0]).toMatchObject({ column: "trapTmax", tier: "dsp" });
  });

  it("shows progress and cancels with the button or Esc", async () => {
    const { api, store } = setup(1000);
    store.getState().histogramOfColumn("trapEmax", "dsp");
    await screen.findByTestId("histogram-progress");
    fireEvent.click(screen.getByTestId("histogram-cancel"));
    await screen.findByText("Histogram cancelled.");
    expect(api.cancelled).toEqual(["x-1"]);
    store.getState().histogramRequested();
    await screen.findByTestId("histogram-progress");
    fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => expect(api.cancelled).toEqual(["x-1", "x-2"]));
  });

  it("refills with a new cut at once when no live count runs", async () => {
    const { api, store } = setup();
    fireEvent.change(screen.getByTestId("histogram-column-x"), { target: { value: "dsp:trapEmax" } });
    fireEvent.click(screen.getByTestId("histogram-draw"));
    await screen.findByTestId("histogram-plot");
    act(() => store.getState().cutApplied("hit", "trapEmax > 100"));
    await waitFor(() => expect(api.histogramRequests.length).toBe(2));
    expect(api.histogramRequests[1]!.selection.cuts).toEqual({ hit: "trapEmax > 100" });
  });

  it("refills once the live count of the new cut is asked for, not after a delay (the count goes first)", async () => {
    const { api, store } = setup();
    // the live count shown (its hook lives in the cuts panel): it was asked for the first selection
    act(() => store.getState().countStarted("count-1", selectionKey(currentSelection(store.getState()))));
    fireEvent.change(screen.getByTestId("histogram-column-x"), { target: { value: "dsp:trapEmax" } });
    fireEvent.click(screen.getByTestId("histogram-draw")); // a Draw asks at once
    await screen.findByTestId("histogram-plot");
    act(() => store.getState().cutApplied("hit", "trapEmax > 100"));
    // longer than any delay the hook once had (120 ms): no timer sends the refill
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(api.histogramRequests.length).toBe(1);
    act(() => store.getState().countStarted("count-2", selectionKey(currentSelection(store.getState()))));
    await waitFor(() => expect(api.histogramRequests.length).toBe(2));
    expect(api.histogramRequests[1]!.selection.cuts).toEqual({ hit: "trapEmax > 100" });
    // the count asked for again (same selection) starts no second fill
    act(() => store.getState().countStarted("count-3", selectionKey(currentSelection(store.getState()))));
    await screen.findByTestId("histogram-plot");
    expect(api.histogramRequests.length).toBe(2);
  });

  it("makes the first plot, hidden, while its bins fill, and keeps it for the bins", async () => {
    const { store } = setup(4);
    charts.mounted = 0;
    store.getState().histogramOfColumn("trapEmax", "dsp");
    await screen.findByTestId("histogram-progress");
    const pending = await waitFor(() => document.querySelector<HTMLElement>(".histogram-body .chart")!);
    expect(pending.dataset.provisional).toBe("yes");
    // the plot's test id marks a plot with bins
    expect(screen.queryByTestId("histogram-plot")).toBeNull();
    expect(pending.textContent).toBe("scatter:trapEmax");
    const body = pending.closest<HTMLElement>(".histogram-body")!;
    expect(body.style.visibility).toBe("hidden");
    expect(body.getAttribute("aria-hidden")).toBe("true");
    expect(screen.getByTestId("histogram-progress")).toBeTruthy();
    expect(await screen.findByTestId("histogram-plot")).toBe(pending);
    expect(pending.dataset.provisional).toBe("no");
    expect(pending.textContent).toBe("scatter:all");
    expect(body.style.visibility).toBe("");
    expect(body.hasAttribute("aria-hidden")).toBe(false);
    expect(charts.mounted).toBe(1);
  });

  it("makes no stand-in plot for a split or 2D histogram (its plots are other ones)", async () => {
    const { store } = setup(4);
    act(() => store.getState().histogramChanged({ splitBy: "channel" }));
    store.getState().histogramOfColumn("trapEmax", "dsp");
    await screen.findByTestId("histogram-progress");
    expect(document.querySelector(".histogram-body")).toBeNull();
    await screen.findByTestId("histogram-plot");
    expect(screen.getByTestId("histogram-plot").dataset.provisional).toBe("no");
  });

  it("exports the bins as CSV", async () => {
    const { store } = setup();
    const clicks: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicks.push(this.download);
    });
    store.getState().histogramOfColumn("trapEmax", "dsp");
    await screen.findByTestId("histogram-plot");
    fireEvent.click(screen.getByTestId("histogram-export-csv"));
    expect(clicks).toEqual(["histogram-trapEmax.csv"]);
    click.mockRestore();
  });
});
