import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { DatasetInfo, WaveformPageRequest } from "../../../../shared/api/types.ts";
import { createMockApi } from "../../../../renderer/bridge/mock.ts";
import { WaveformPanel } from "../../../../renderer/features/waveforms/WaveformPanel.tsx";
import { clearWaveformPages } from "../../../../renderer/features/waveforms/use-waveform-page.ts";
import { currentSelection, selectionKey } from "../../../../renderer/features/cut-editor/data-selection.ts";
import { createAppStore } from "../../../../renderer/stores/store.ts";
import { renderWithApp } from "../../render-app.tsx";
import type { PlotLine } from "../../../../renderer/features/waveforms/waveform-figure.ts";
import type { WaveformPlotElement } from "../../../../renderer/features/waveforms/WaveformPlot.tsx";
import { LOCAL_ONLY_CONFIG } from "../../../../renderer/components/plotly-config.ts";
import { fakePage } from "./fake-pages.ts";

// Plotly needs a real browser; this stand-in draws nothing (Plotly only draws the axes; the lines go on
// a canvas), the lines painted are read from the plot element.
const reacts: unknown[][] = [];
const configs: unknown[] = [];
vi.mock("../../../../renderer/components/PlotlyChart.tsx", () => ({
  loadPlotly: () =>
    Promise.resolve({
      react: (div: HTMLElement & { on?: unknown }, data: unknown[], _layout: unknown, config: unknown) => {
        reacts.push(data);
        configs.push(config);
        (div as unknown as Record<string, unknown>).on = () => undefined;
        return Promise.resolve(div);
      },
    }),
}));

// jsdom has no 2D canvas (it would log "not implemented"): the plot then paints nothing, as it does there
vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);

/** The lines of the last finished draw. */
function drawnLines(): readonly PlotLine[] | undefined {
  return screen.queryByTestId<WaveformPlotElement>("waveform-plot")?.waveformLines;
}

const DATASET: DatasetInfo = {
  id: "ds-1",
  label: "test",
  sourcePath: "/data/filedb.json",
  sourceKind: "filedb-config",
  dataDir: "/data",
  tiers: ["raw", "dsp", "hit"],
  keyNames: ["timestamp"],
  levels: [{ name: "hit", tiers: ["raw", "dsp", "hit"] }],
  nCycles: 3,
  tablesScanned: true,
  problems: [],
  config: null,
};

function setup(total = 25, fail = false, dataset: DatasetInfo = DATASET) {
  clearWaveformPages();
  reacts.length = 0;
  configs.length = 0;
  const requests: WaveformPageRequest[] = [];
  const api = createMockApi();
  api.waveformPage = (req) => {
    requests.push(req);
    return fail
      ? Promise.reject(new Error("no waveform column 'wf' in table ch1"))
      : Promise.resolve(fakePage(req, total));
  };
  const columns = [
    {
      name: "waveform",
      tier: "raw",
      level: "hit",
      lgdoType: "struct{t0,dt,values}",
      dtype: null,
      units: null,
    },
    {
      name: "trapEmax",
      tier: "dsp",
      level: "hit",
      lgdoType: "array<1>{real}",
      dtype: "float32",
      units: "ADC",
    },
  ];
  // only the columns of the dataset's tiers
  api.listColumns = () => Promise.resolve(columns.filter((c) => dataset.tiers.includes(c.tier)));
  const store = createAppStore();
  store.getState().openSucceeded(dataset);
  store.getState().rowsSelected([0, 2]);
  const view = renderWithApp(<WaveformPanel />, { api, store });
  const last = () => requests.at(-1)!;
  return { ...view, requests, last };
}

describe("WaveformPanel", () => {
  it("says calmly that a dataset without a raw tier has no waveforms, and asks for none", async () => {
    const noRaw: DatasetInfo = {
      ...DATASET,
      tiers: ["dsp", "hit", "tcm", "evt"],
      levels: [{ name: "hit", tiers: ["dsp", "hit"] }],
    };
    const { requests } = setup(25, false, noRaw);
    expect(await screen.findByTestId("waveform-none")).toHaveProperty(
      "textContent",
      "This dataset has no waveforms (no raw tier).",
    );
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(requests).toEqual([]);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("pages forward and back with the buttons, the keys and jump-to, and draws each page", async () => {
    const { last, requests, store } = setup();
    await waitFor(() => expect(screen.getByTestId("waveform-position").textContent).toBe("1–10 of 25"));
    expect(requests[0]).toMatchObject({
      start: 0,
      count: 10,
      columns: ["waveform"],
      selection: { rows: [0, 2] },
    });
    await waitFor(() => expect(drawnLines()).toHaveLength(10));
    expect(screen.getByTestId("waveform-prev")).toHaveProperty("disabled", true);
    // once a page is shown the next one is fetched in the background, so Next finds it ready
    await waitFor(() => expect(last().start).toBe(10));

    fireEvent.click(screen.getByTestId("waveform-next"));
    await waitFor(() => expect(screen.getByTestId("waveform-position").textContent).toBe("11–20 of 25"));
    expect(requests.filter((r) => r.start === 10)).toHaveLength(1);
    fireEvent.keyDown(screen.getByTestId("waveform-view"), { key: "End" });
    await waitFor(() => expect(screen.getByTestId("waveform-position").textContent).toBe("21–25 of 25"));
    expect(screen.getByTestId("waveform-next")).toHaveProperty("disabled", true);
    await waitFor(() => expect(drawnLines()).toHaveLength(5));
    fireEvent.keyDown(screen.getByTestId("waveform-view"), { key: "ArrowLeft" });
    await waitFor(() => expect(store.getState().waveformStart).toBe(10));
    fireEvent.click(screen.getByTestId("waveform-prev"));
    await waitFor(() => expect(screen.getByTestId("waveform-position").textContent).toBe("1–10 of 25"));
    fireEvent.change(screen.getByTestId("waveform-jump"), { target: { value: "17" } });
    fireEvent.keyDown(screen.getByTestId("waveform-jump"), { key: "Enter" });
    await waitFor(() => expect(last().start).toBe(17));
  });

  it("asks for transforms, a random sample and the mean, and names entries in the legend", async () => {
    const { last } = setup();
    await waitFor(() => expect(last()).toBeDefined());
    fireEvent.change(screen.getByTestId("waveform-baseline"), { target: { value: "50" } });
    fireEvent.change(screen.getByTestId("waveform-derived"), { target: { value: "trapezoid" } });
    await waitFor(() => expect(screen.getByTestId("waveform-derived-rise")).toBeTruthy());
    fireEvent.change(screen.getByTestId("waveform-derived-rise"), { target: { value: "640" } });
    fireEvent.change(screen.getByTestId("waveform-normalize"), { target: { value: "trapEmax" } });
    fireEvent.blur(screen.getByTestId("waveform-normalize"));
    fireEvent.change(screen.getByTestId("waveform-legend"), { target: { value: "trapEmax" } });
    fireEvent.blur(screen.getByTestId("waveform-legend"));
    await waitFor(() =>
      expect(last().transforms).toEqual([
        { kind: "baseline", samples: 50 },
        { kind: "trapezoid", rise: 640, flat: 500 },
        { kind: "normalize", column: "trapEmax" },
      ]),
    );
    await waitFor(() => expect(drawnLines()?.[0]?.name).toBe("#0 · trapEmax = 100 keV"));
    fireEvent.click(screen.getByTestId("waveform-mean"));
    await waitFor(() => expect(drawnLines()?.at(-1)?.name).toBe("mean of 10 (waveform)"));
    fireEvent.click(screen.getByTestId("waveform-random"));
    await waitFor(() => expect(last().randomSeed).toEqual(expect.any(Number)));
    expect(last().start).toBe(0);
    expect(screen.getByTestId("waveform-position").textContent).toMatch(/^random 10 of 25$|^…$/);
  });

  it("pages through a histogram's range, and shows a clicked waveform's values", async () => {
    const { last, store } = setup(3);
    await waitFor(() => expect(last()).toBeDefined());
    act(() => store.getState().showEntriesInRange({ column: "trapEmax", lo: 100, hi: 200 }));
    await waitFor(() => expect(last().valueRange).toEqual({ column: "trapEmax", lo: 100, hi: 200 }));
    expect(screen.getByTestId("waveform-range").textContent).toContain("100 ≤ trapEmax < 200");
    await waitFor(() => expect(drawnLines()).toHaveLength(3));
    // Plotly drew axes only: no traces handed to it
    expect(reacts.every((data) => data.length === 0)).toBe(true);
    // nothing of the figure may go to Plotly's cloud
    expect(configs.length).toBeGreaterThan(0);
    for (const config of configs) expect(config).toMatchObject(LOCAL_ONLY_CONFIG);
    fireEvent.click(within(screen.getByTestId("waveform-legend-list")).getAllByRole("button")[2]!);
    await waitFor(() => expect(screen.getByTestId("values-table").textContent).toContain("Entry #2"));
    await waitFor(() => expect(screen.getByTestId("value-trapEmax").textContent).toBe("102 keV"));
    expect(last()).toMatchObject({ start: 2, count: 1, columns: [], legendColumns: ["trapEmax"] });
    fireEvent.click(screen.getByText("Show all entries"));
    await waitFor(() => expect(store.getState().selectedRange).toBeNull());
  });

  it("asks for a new selection's page once its live count is asked for, not after a delay; pages at once", async () => {
    const { last, requests, store } = setup();
    await waitFor(() => expect(last().start).toBe(10)); // first page, then the prefetched next one
    expect(requests.map((r) => r.prefetch ?? false)).toEqual([false, true]);
    // from here a live count is shown (its hook lives in the cuts panel), so a new selection's page waits for it
    act(() => store.getState().countStarted("count-1", selectionKey(currentSelection(store.getState()))));
    const before = requests.length;
    act(() => store.getState().cutApplied("hit", "trapEmax > 100"));
    // longer than any delay the hook once had (250 ms): no timer sends the page
    await act(() => new Promise((resolve) => setTimeout(resolve, 400)));
    expect(requests.length).toBe(before);
    act(() => store.getState().countStarted("count-2", selectionKey(currentSelection(store.getState()))));
    await waitFor(() => expect(last().selection.cuts.hit).toBe("trapEmax > 100"));
    expect(requests.length).toBe(before + 1);
    expect(last().prefetch).toBeUndefined();
    await waitFor(() => expect(screen.getByTestId("waveform-position").textContent).toBe("1–10 of 25"));
    // the next page was prefetched (a prefetch job, built by the service after anything more urgent)
    await waitFor(() => expect(last()).toMatchObject({ start: 10, prefetch: true }));
    const shown = requests.length;
    fireEvent.click(screen.getByTestId("waveform-next"));
    await waitFor(() => expect(screen.getByTestId("waveform-position").textContent).toBe("11–20 of 25"));
    expect(requests.length).toBeGreaterThanOrEqual(shown);
  });

  it("shows the service's error and keeps working", async () => {
    setup(10, true);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("no waveform column 'wf'"));
  });
});
