// The template panel: runs the service's job for the browser's selection and transforms, shows progress,
// draws band, median and mean (or the persistence heatmap), and drops a template that no longer matches.
import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import type { Lh5BrowserApi } from "../../../../shared/api/contract.ts";
import type {
  DataSelection,
  JobStatus,
  WaveformTemplate,
  WaveformTemplateRequest,
} from "../../../../shared/api/types.ts";
import { useState } from "react";
import { createMockApi } from "../../../../renderer/bridge/mock.ts";
import { formatCount } from "../../../../renderer/components/format.ts";
import { TemplatePanel } from "../../../../renderer/features/waveforms/TemplatePanel.tsx";
import { templateFigure } from "../../../../renderer/features/waveforms/template-figure.ts";
import { DEFAULT_WAVEFORM_SETTINGS } from "../../../../renderer/stores/waveforms-slice.ts";
import { renderWithApp } from "../../render-app.tsx";

const drawn: { data: unknown[] }[] = [];
vi.mock("../../../../renderer/components/PlotlyChart.tsx", () => ({
  PlotlyChart: (props: { data: unknown[]; testId?: string }) => {
    drawn.push({ data: props.data });
    return <div data-testid={props.testId} />;
  },
}));

const TEMPLATE: WaveformTemplate = {
  column: "waveform",
  traces: 1234,
  t0: 0,
  dt: 16,
  timeUnits: "ns",
  mean: Float64Array.from([1, 2, 3]),
  median: Float64Array.from([1, 2, 4]),
  low: Float64Array.from([0, 1, 2]),
  high: Float64Array.from([2, 3, 5]),
  resolution: 0.25,
  density: {
    amplitudeEdges: Float64Array.from([0, 2, 4, 6]),
    columns: 3,
    samplesPerColumn: 1,
    counts: Float64Array.from([100, 0, 0, 0, 10, 1, 0, 0, 1000]),
  },
};

function setup() {
  const requests: WaveformTemplateRequest[] = [];
  let finish: (() => void) | null = null;
  const base = createMockApi();
  const api: Lh5BrowserApi = {
    ...base,
    waveformTemplate: (req) => {
      requests.push(req);
      return Promise.resolve({ jobId: "t1", kind: "waveformTemplate" });
    },
    getJob: () =>
      new Promise<JobStatus>((resolve) => {
        const running: JobStatus = {
          jobId: "t1",
          kind: "waveformTemplate",
          state: "running",
          progress: { phase: "template", done: 256, total: 1234, unit: "waveforms" },
          startedAt: 0,
          finishedAt: null,
        };
        if (finish === null) finish = () => undefined;
        setTimeout(() => resolve(running), 5);
      }),
  };
  const selection: DataSelection = { rows: [0], channels: [1084803], cuts: { hit: "trapEmax > 100" } };
  const settings = { ...DEFAULT_WAVEFORM_SETTINGS, baselineSamples: 100 };
  /** The panel with a button that changes the selection, as the cut editor would. */
  function Harness() {
    const [current, setCurrent] = useState(selection);
    return (
      <>
        <button type="button" onClick={() => setCurrent({ rows: [1], channels: [], cuts: {} })}>
          other selection
        </button>
        <TemplatePanel selection={current} settings={settings} range={null} total={1234} />
      </>
    );
  }
  const view = renderWithApp(<Harness />, { api });
  const done = () => {
    api.getJob = () =>
      Promise.resolve({
        jobId: "t1",
        kind: "waveformTemplate",
        state: "done",
        progress: null,
        startedAt: 0,
        finishedAt: 1,
        result: TEMPLATE,
      });
  };
  return { ...view, requests, done, selection, settings };
}

describe("TemplatePanel", () => {
  it("asks for the template of the selection with the browser's transforms, shows progress, then draws it", async () => {
    drawn.length = 0;
    const { requests, done, selection } = setup();
    fireEvent.click(screen.getByTestId("waveform-template-run"));
    await waitFor(() => expect(screen.getByRole("progressbar", { name: "template progress" })).toBeTruthy());
    expect(requests).toEqual([
      { selection, column: "waveform", transforms: [{ kind: "baseline", samples: 100 }] },
    ]);
    act(() => done());
    await waitFor(() =>
      expect(screen.getByTestId("waveform-template-summary").textContent).toContain(
        `${formatCount(1234)} traces`,
      ),
    );
    expect(screen.getByTestId("waveform-template-summary").textContent).toContain("±0.25 ADC");
    expect(drawn.at(-1)!.data).toHaveLength(4); // band low, band high, median, mean

    fireEvent.click(screen.getByTestId("waveform-template-persistence"));
    await waitFor(() => expect((drawn.at(-1)!.data[0] as { type: string }).type).toBe("heatmap"));
  });

  it("drops a shown template when the selection changes", async () => {
    const { done } = setup();
    act(() => done());
    fireEvent.click(screen.getByTestId("waveform-template-run"));
    await waitFor(() => expect(screen.getByTestId("waveform-template-summary")).toBeTruthy());
    fireEvent.click(screen.getByText("other selection"));
    await waitFor(() => expect(screen.queryByTestId("waveform-template-summary")).toBeNull());
  });
});

describe("templateFigure", () => {
  it("fills the 16–84 % band between low and high and draws median and mean over time", () => {
    const figure = templateFigure(TEMPLATE, "us", false);
    const [low, high, median, mean] = figure.data as {
      x: number[];
      y: number[];
      fill?: string;
      name?: string;
    }[];
    expect(low!.y).toEqual([0, 1, 2]);
    expect(high!.fill).toBe("tonexty");
    expect(high!.y).toEqual([2, 3, 5]);
    expect(median!.name).toBe("median");
    expect(mean!.y).toEqual([1, 2, 3]);
    expect(mean!.x).toEqual([0, 0.016, 0.032]); // ns → µs
  });

  it("colours the persistence view by log10 of the traces per cell, empty cells blank", () => {
    const figure = templateFigure(TEMPLATE, "ns", true);
    const heatmap = figure.data[0] as { z: (number | null)[][]; x: number[]; y: number[] };
    expect(heatmap.y).toEqual([1, 3, 5]);
    expect(heatmap.x).toEqual([0, 16, 32]);
    expect(heatmap.z).toEqual([
      [2, null, null],
      [null, 1, 0],
      [null, null, 3],
    ]);
  });
});
