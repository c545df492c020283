// The fit control and results table in the histogram panel, against the mock bridge: the bins are a
// fixture's (test/fixtures/fits), so the table shows iminuit's numbers.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { DatasetInfo, Histogram1d, Histogram1dRequest } from "../../../../shared/api/types.ts";
import { createAppStore } from "../../../../renderer/stores/store.ts";
import { fitFixture } from "../../../fixtures/fits/fixtures.ts";
import { renderWithApp } from "../../render-app.tsx";
import { COLUMNS, createExplorationApi } from "../exploration-api.ts";

// Plotly needs a real browser (e2e covers it): the chart lists the traces it was given.
vi.mock("../../../../renderer/components/PlotlyChart.tsx", () => ({
  loadPlotly: () => Promise.reject(new Error("no Plotly in jsdom")),
  PlotlyChart: ({ data, testId }: { data: { name?: string; type: string }[]; testId?: string }) => (
    <div className="chart" data-testid={testId}>
      {data.map((d) => `${d.type}:${d.name ?? ""}`).join(" ")}
    </div>
  ),
}));

const { HistogramPanel } = await import("../../../../renderer/features/histogram/HistogramPanel.tsx");

const gauss = fitFixture("clean-gauss");

function setup() {
  const api = createExplorationApi();
  const mockHistogram = api.histogram1d.bind(api);
  // the mock's job machinery, with a fixture's bins as the result
  api.histogram1d = async (req: Histogram1dRequest) => {
    const handle = await mockHistogram(req);
    const job = api.getJob.bind(api);
    api.getJob = async (query) => {
      const status = await job(query);
      if (query.jobId !== handle.jobId || status.state !== "done") return status;
      const histogram: Histogram1d = {
        column: req.column,
        units: "keV",
        edges: Float64Array.from(gauss.edges),
        series: [
          {
            label: "all",
            counts: Float64Array.from(gauss.counts),
            stats: { entries: 5100, mean: 100.3, std: 1.7, underflow: 0, overflow: 0, nan: 0 },
          },
        ],
      };
      return { ...status, result: histogram };
    };
    return handle;
  };
  const store = createAppStore();
  store.setState({
    dataset: { id: "mock-1", levels: [{ name: "hit", tiers: ["dsp"] }] } as unknown as DatasetInfo,
  });
  store.getState().columnsListed(COLUMNS);
  return { ...renderWithApp(<HistogramPanel />, { api, store }), api, store };
}

async function drawn(store: ReturnType<typeof setup>["store"]) {
  store.getState().histogramOfColumn("trapEmax", "dsp");
  await waitFor(() => expect(screen.getByTestId("histogram-plot").textContent).toBe("scatter:all"));
}

function tableValue(row: string, column: 1 | 2): string {
  const tr = within(screen.getByTestId("fit-table")).getByText(row).closest("tr")!;
  return tr.querySelectorAll("td")[column - 1]!.textContent;
}

describe("peak fit in the histogram panel", () => {
  it("fits all bins with the chosen model, draws the curve and shows iminuit's values", async () => {
    const { store } = setup();
    await drawn(store);
    fireEvent.change(screen.getByTestId("fit-model"), { target: { value: "gauss" } });
    fireEvent.click(screen.getByTestId("fit-run"));
    await screen.findByTestId("fit-table");
    expect(screen.getByTestId("histogram-plot").textContent).toBe("scatter:all scatter:fit");
    expect(screen.getByTestId("fit-range").textContent).toContain("all bins, 80 bins");
    const mu = gauss.parameters.mu!;
    // to the error's second significant digit, as the table rounds
    expect(Number(tableValue("mu", 1))).toBeCloseTo(mu.value, 3);
    expect(Number(tableValue("mu", 2))).toBeCloseTo(mu.error, 3);
    expect(Number(tableValue("fwhm", 1))).toBeCloseTo(gauss.fwhm.value, 3);
    expect(Number(tableValue("chi2/ndf", 1))).toBeCloseTo(gauss.chi2 / gauss.ndf, 4);
    expect(Number(tableValue("p", 1))).toBeCloseTo(gauss.pValue, 4);
  });

  it("fits the dragged range, and says why it cannot fit too few bins", async () => {
    const { store } = setup();
    await drawn(store);
    act(() => store.getState().showEntriesInRange({ column: "trapEmax", tier: "dsp", lo: 95, hi: 105 }));
    fireEvent.click(screen.getByTestId("fit-run"));
    await waitFor(() =>
      expect(screen.getByTestId("fit-range").textContent).toContain("95–105 (the selected range, 40 bins)"),
    );
    act(() => store.getState().showEntriesInRange({ column: "trapEmax", tier: "dsp", lo: 99, hi: 100.5 }));
    fireEvent.change(screen.getByTestId("fit-model"), { target: { value: "hpge" } });
    fireEvent.click(screen.getByTestId("fit-run"));
    expect((await screen.findByRole("alert")).textContent).toContain("needs more than 7 bins");
    expect(screen.queryByTestId("fit-table")).toBeNull();
    expect(screen.getByTestId("histogram-plot").textContent).toBe("scatter:all");
  });

  it("copies the table tab-separated and exports CSV and JSON", async () => {
    const { store } = setup();
    await drawn(store);
    fireEvent.click(screen.getByTestId("fit-run"));
    await screen.findByTestId("fit-table");
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    fireEvent.click(screen.getByTestId("fit-copy"));
    await screen.findByText("copied (tab-separated)");
    const copied = (writeText.mock.calls[0] as unknown as [string])[0].split("\n");
    expect(copied[0]).toBe("parameter\tvalue\terror");
    const [name, value, error] = copied[2]!.split("\t");
    expect(name).toBe("mu");
    expect(Math.abs(Number(value) / gauss.parameters.mu!.value - 1)).toBeLessThan(1e-4);
    expect(Math.abs(Number(error) / gauss.parameters.mu!.error - 1)).toBeLessThan(1e-4);

    const downloads: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push(this.download);
    });
    fireEvent.click(screen.getByTestId("fit-export-csv"));
    fireEvent.click(screen.getByTestId("fit-export-json"));
    expect(downloads).toEqual(["fit-trapEmax.csv", "fit-trapEmax.json"]);
    click.mockRestore();
  });

  it("drops the fit when the histogram is drawn again", async () => {
    const { store } = setup();
    await drawn(store);
    fireEvent.click(screen.getByTestId("fit-run"));
    await screen.findByTestId("fit-table");
    act(() => store.getState().histogramRequested());
    await waitFor(() => expect(screen.queryByTestId("fit-table")).toBeNull());
    expect(screen.getByTestId("histogram-plot").textContent).toBe("scatter:all");
  });

  it("shows the stats box with errors, skewness and the integral", async () => {
    const { store } = setup();
    await drawn(store);
    const stats = screen.getByTestId("histogram-stats");
    expect(stats.querySelector('[data-stat="mean"]')!.textContent).toBe(
      `100.300 ± ${(1.7 / Math.sqrt(5100)).toPrecision(2)}`,
    );
    expect(stats.querySelector('[data-stat="integral"]')!.textContent).toBe(
      gauss.counts
        .reduce((a, b) => a + b, 0)
        .toLocaleString("en-US")
        .replace(/,/g, "\u202f"),
    );
    expect(stats.querySelector('[data-stat="skewness"]')!.textContent).toMatch(/^-?0\.\d+ ± 0\.034$/);
  });
});

describe("the fit panel of a histogram split by channel", () => {
  it("names the series to fit, and the fitted one, as the legend does (detector names)", async () => {
    const { FitPanel } = await import("../../../../renderer/features/histogram/FitPanel.tsx");
    type PanelFit = import("../../../../renderer/features/histogram/FitPanel.tsx").PanelFit;
    const { render } = await import("@testing-library/react");
    const stats = { entries: 5100, mean: 100.3, std: 1.7, underflow: 0, overflow: 0, nan: 0 };
    const histogram: Histogram1d = {
      column: "trapEmax",
      units: "keV",
      edges: Float64Array.from(gauss.edges),
      series: ["ch1084803", "ch1084804"].map((label) => ({
        label,
        counts: Float64Array.from(gauss.counts),
        stats,
      })),
    };
    const names: Record<string, string> = { ch1084803: "V00048A", ch1084804: "V01240A" };
    const onFit = vi.fn();
    const view = render(
      <FitPanel
        histogram={histogram}
        selected={null}
        visibleRange={() => null}
        fit={null}
        onFit={onFit}
        seriesName={(label) => names[label] ?? label}
      />,
    );
    const options = within(view.getByTestId("fit-series")).getAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual(["V00048A", "V01240A"]);
    fireEvent.change(view.getByTestId("fit-series"), { target: { value: "ch1084804" } });
    fireEvent.click(view.getByTestId("fit-run"));
    await waitFor(() => expect(onFit).toHaveBeenCalled());
    const fit = onFit.mock.calls[0]![0] as PanelFit;
    expect(fit.series).toBe("ch1084804");
    view.rerender(
      <FitPanel
        histogram={histogram}
        selected={null}
        visibleRange={() => null}
        fit={fit}
        onFit={onFit}
        seriesName={(label) => names[label] ?? label}
      />,
    );
    expect(view.getByTestId("fit-range").textContent).toContain("on V01240A,");
  });
});
