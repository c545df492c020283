// Plotly's bundle (evaluated on the page's thread) is preloaded only once the grid showed its rows, so a
// start-up never has the grid wait behind it.
import { describe, expect, it, vi } from "vitest";
import { act } from "@testing-library/react";
import { HistogramPanel } from "../../../../renderer/features/histogram/HistogramPanel.tsx";
import { renderWithApp } from "../../render-app.tsx";

const plotly = vi.hoisted(() => ({ loads: 0 }));
vi.mock("../../../../renderer/components/PlotlyChart.tsx", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../../renderer/components/PlotlyChart.tsx")>();
  return {
    ...real,
    loadPlotly: () => {
      plotly.loads += 1;
      return Promise.reject(new Error("no Plotly in jsdom"));
    },
  };
});

describe("Plotly preload at start-up", () => {
  it("waits for the grid's first rows", async () => {
    vi.useFakeTimers();
    try {
      const { store } = renderWithApp(<HistogramPanel />);
      await act(() => vi.advanceTimersByTimeAsync(10_000)); // idle for long: still nothing loaded
      expect(plotly.loads).toBe(0);
      act(() => store.getState().inventoryCounted(12, 12)); // the grid showed its first page
      await act(() => vi.advanceTimersByTimeAsync(10_000));
      expect(plotly.loads).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
